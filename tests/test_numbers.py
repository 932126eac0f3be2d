"""parse_number and the numeral pattern: round trips, edge cases, linear time.

The tabular cases live in tests/corpus/numbers.yaml (run by test_corpus.py); here a random
value is written out in each Korean style and must read back to the same Decimal.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policydocs import parse_number
from policydocs.extract.numbers import NUMERAL_START, numeral_pattern, read_numeral

from korean_render import STYLES, render
from timing import best_times_of


@given(value=st.integers(min_value=1, max_value=10**20 - 1), style=st.sampled_from(STYLES), space=st.booleans())
@settings(max_examples=400, deadline=None)
def test_round_trip(value: int, style: str, space: bool) -> None:
    text = render(value, style, space)
    assert parse_number(text) == Decimal(value), text


@given(
    whole=st.integers(min_value=1, max_value=999),
    tenths=st.integers(min_value=1, max_value=9),
    unit=st.sampled_from([(4, "만"), (8, "억"), (12, "조")]),
)
def test_decimal_before_a_unit(whole: int, tenths: int, unit: tuple[int, str]) -> None:
    exponent, word = unit
    assert parse_number(f"{whole}.{tenths}{word}") == Decimal(f"{whole}.{tenths}") * 10**exponent


@given(value=st.integers(min_value=1, max_value=99))
def test_native_round_trip(value: int) -> None:
    tens = ["", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]
    ones = ["", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉"]
    assert parse_number(tens[value // 10] + ones[value % 10]) == value


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=12), decimals=st.text(alphabet="0123456789", max_size=6))
def test_digit_strings(digits: str, decimals: str) -> None:
    text = digits + ("." + decimals if decimals else "")
    assert parse_number(text) == Decimal(text)


@given(value=st.integers(min_value=1, max_value=10**16 - 1), style=st.sampled_from(STYLES))
@settings(max_examples=200, deadline=None)
def test_pattern_finds_the_whole_numeral(value: int, style: str) -> None:
    """numeral_pattern matches exactly the rendered numeral inside running text."""
    text = render(value, style, space=True)
    match = regex.compile(NUMERAL_START + numeral_pattern()).search(f"총 {text} 규모")
    assert match is not None and match.group() == text


@given(text=st.text(max_size=40))
def test_any_text_is_a_number_or_none(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


# ---------------------------------------------------------------- edge cases


@pytest.mark.parametrize("text", ["", " ", "\t\n", "\ud800", "\udfff1", "𝟏𝟐", "①", "Ⅻ", "١٢", "1e5", "inf", "NaN"])
def test_odd_input_gives_none_or_a_value(text: str) -> None:
    result = parse_number(text)
    assert result is None or isinstance(result, Decimal)


@pytest.mark.parametrize("value", [None, 3, 2.5, b"1", ["1"]])
def test_non_strings_give_none(value: object) -> None:
    assert parse_number(value) is None  # type: ignore[arg-type]


def test_ten_thousand_digits_stay_exact() -> None:
    digits = "7" * 10_000
    assert parse_number(digits) == Decimal(digits)
    assert parse_number(digits[:5000] + "억") == Decimal(digits[:5000] + "0" * 8)


def test_read_numeral_reports_approximate_vague_and_unit() -> None:
    assert read_numeral("7억여") == (Decimal(700000000), True, 8, None, True)
    vague = read_numeral("수십억")
    assert vague is not None and (vague.value, vague.upper) == (Decimal(2 * 10**9), Decimal(9 * 10**9))
    assert read_numeral("1,500") == (Decimal(1500), False, None, None, False)


def test_exact_arithmetic_never_rounds() -> None:
    big = "123456789012345678901234567890123"
    assert parse_number(big + "조") == Decimal(big + "0" * 12)  # not Decimal(big) * 10**12: that rounds


# ---------------------------------------------------------------- linear time


def scan(text: str) -> int:
    return sum(1 for _ in regex.compile(NUMERAL_START + numeral_pattern()).finditer(text))


ADVERSARIAL = {
    "digits": "1" * 10_000,
    "units": "억" * 10_000,
    "man": "만" * 10_000,
    "spaced units": "1억 " * 3_000,
    "hangul digits": "이" * 10_000,
    "commas": "1," * 5_000,
    "points": "1." * 5_000,
    "mixed": "3천66억여 " * 2_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_pattern_time_is_linear(name: str) -> None:
    small = ADVERSARIAL[name]
    one, eight = best_times_of(scan, small, small * 8)
    assert eight <= 12 * max(one, 5e-3), f"{name}: 1x {one:.4f}s, 8x {eight:.4f}s"


@pytest.mark.parametrize("name", ["digits", "units", "spaced units", "commas"])
def test_parse_number_time_is_linear(name: str) -> None:
    small = ADVERSARIAL[name][:5_000]
    one, eight = best_times_of(parse_number, small, small * 8)
    assert eight <= 12 * max(one, 5e-3), f"{name}: 1x {one:.4f}s, 8x {eight:.4f}s"
