"""find_money: round trips, spans on odd input, the data files' own examples, linear time.

The tabular cases live in tests/corpus/money.yaml (run by test_corpus.py).
"""

from __future__ import annotations

import time
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydocs import MoneyMention, find_money
from policydocs.data import read_tsv
from policydocs.extract.money import rules

from korean_render import STYLES, render
from timing import best_times_of

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def amounts(text: str) -> list[tuple[str, Decimal | None, str, str]]:
    return [(m.span.text, m.amount, m.currency, m.qualifier) for m in find_money(text)]


def assert_grounded(text: str, mentions: list[MoneyMention]) -> None:
    """Every span is the exact slice of the caller's string, and every mention validates."""
    for mention in mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
        MoneyMention.model_validate(mention.model_dump(mode="json"), context={"text": text})
    starts = [m.span.start for m in mentions]
    assert starts == sorted(starts)


# ---------------------------------------------------------------- round trips


@given(
    value=st.integers(min_value=10, max_value=10**19),
    style=st.sampled_from(STYLES),
    space=st.booleans(),
    currency=st.sampled_from([("원", "KRW"), (" 원", "KRW"), ("달러", "USD"), (" 캐나다 달러", "CAD"), (" 위안", "CNY")]),
)
@settings(max_examples=300, deadline=None)
def test_round_trip_in_running_text(value: int, style: str, space: bool, currency: tuple[str, str]) -> None:
    """A random amount written in each Korean style, in a sentence, reads back exactly."""
    word, code = currency
    amount = render(value, style, space) + word
    text = f"정부는 총 {amount}을 투자한다."
    found = find_money(text)
    assert [(m.span.text, m.amount, m.currency) for m in found] == [(amount, Decimal(value), code)]
    assert_grounded(text, found)


@given(value=st.integers(min_value=1, max_value=10**12), cents=st.integers(min_value=0, max_value=99))
def test_dollar_signs_and_decimals(value: int, cents: int) -> None:
    written = f"${value:,}.{cents:02d}"
    found = find_money(f"가격은 {written}이다")
    assert [(m.span.text, m.amount, m.currency) for m in found] == [(written, Decimal(f"{value}.{cents:02d}"), "USD")]


@given(
    low=st.integers(min_value=1, max_value=99),
    high=st.integers(min_value=100, max_value=999),
    unit=st.sampled_from([("만", 4), ("억", 8), ("조", 12)]),
)
def test_range_takes_the_unit_of_its_second_number(low: int, high: int, unit: tuple[str, int]) -> None:
    word, exponent = unit
    (mention,) = find_money(f"{low}~{high}{word} 원")
    assert (mention.qualifier, mention.min, mention.max) == ("range", low * 10**exponent, high * 10**exponent)


@given(text=st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_grounded_mentions(text: str) -> None:
    assert_grounded(text, find_money(text))


@given(
    before=st.text(alphabet="가나다라 .,()~-\n", max_size=12),
    after=st.text(alphabet="가나다라 .,()~-\n", max_size=12),
    value=st.integers(min_value=1, max_value=9999),
)
def test_spans_survive_nfd_full_width_and_crlf(before: str, after: str, value: int) -> None:
    for text in (
        unicodedata.normalize("NFD", f"{before} {value}억 원 {after}"),
        f"{before} {value}억 원 {after}".translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),
        f"{before}\r\n{value}억 원\r\n{after}",
    ):
        found = find_money(text)
        assert_grounded(text, found)
        assert Decimal(value * 10**8) in [m.amount for m in found], text


# ---------------------------------------------------------------- the seeds


def test_every_amount_of_seed_001_is_read_exactly() -> None:
    text = (SEEDS / "001_22f200b066f92bdc.txt").read_text(encoding="utf-8")
    found = [(m.span.text, m.amount, m.currency, m.qualifier, m.currency_inferred) for m in find_money(text)]
    cad, usd = "CAD", "USD"
    expected = [
        ("4억 2,700만 캐나다 달러", Decimal(427000000), cad, "exact", False),
        ("1조 달러", Decimal(10**12), usd, "exact", False),
        ("180억 달러", Decimal(18000000000), usd, "exact", False),
        ("10억 달러 이상", Decimal(10**9), usd, "at_least", False),
        ("$3,750", Decimal(3750), usd, "exact", False),
        ("200억 위안", Decimal(20000000000), "CNY", "exact", False),
        ("4억 2,700만 캐나다 달러", Decimal(427000000), cad, "exact", False),
        ("약 20억 캐나다 달러", Decimal(2 * 10**9), cad, "approximate", False),
        ("9억 5,000만 캐나다 달러", Decimal(950000000), cad, "exact", False),
        ("6,000만 달러", Decimal(60000000), cad, "exact", True),
        ("7억 5,000만 달러", Decimal(750000000), cad, "exact", True),
        ("최대 2억 9,800만 달러", Decimal(298000000), cad, "at_most", True),
        ("최대 3억 2,300만 달러", Decimal(323000000), cad, "at_most", True),
        ("최대 4억 2,700만 달러", Decimal(427000000), cad, "at_most", True),
        ("최대 2억 8,400만 달러", Decimal(284000000), cad, "at_most", True),
        ("최대 2억 7,800만 달러", Decimal(278000000), cad, "at_most", True),
        ("135억 캐나다 달러 이상", Decimal(13500000000), cad, "at_least", False),
        ("3,690억 달러", Decimal(369000000000), usd, "exact", False),
        ("5,500억 달러", Decimal(550000000000), usd, "exact", False),
        ("25억 달러", Decimal(2500000000), usd, "exact", False),
        ("최대 7억 달러", Decimal(700000000), usd, "at_most", False),
        ("20억 달러", Decimal(2 * 10**9), usd, "exact", False),
        ("2.5억 달러", Decimal(250000000), usd, "exact", False),
        ("7.5억 달러", Decimal(750000000), usd, "exact", False),
    ]
    assert found == expected


def test_seeds_give_grounded_mentions() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert_grounded(text, find_money(text))


# ---------------------------------------------------------------- data files carry their own examples


@pytest.mark.parametrize("row", [r for r in read_tsv("currencies.tsv") if r["position"] not in ("context", "hint")], ids=lambda r: r["surface"])
def test_currency_examples(row: dict[str, str]) -> None:
    found = find_money(row["example"])
    assert [m.currency for m in found] == [row["code"]], (row["example"], found)


@pytest.mark.parametrize("row", read_tsv("money_qualifiers.tsv"), ids=lambda r: r["word"])
def test_qualifier_examples(row: dict[str, str]) -> None:
    found = find_money(row["example"])
    assert [m.qualifier for m in found] == [row["qualifier"]], (row["example"], found)
    assert row["word"] in found[0].span.text


def test_rules_have_readable_names() -> None:
    names = [rule.name for rule in rules()]
    assert len(names) == len(set(names)) and all("<" in name for name in names)


# ---------------------------------------------------------------- odd input


@pytest.mark.parametrize(
    "text",
    ["", " ", "\ud800", "\ud800원", "1\udfff억 원", "원" * 1000, "$" * 1000, "₩₩₩", "~~~1~~~", "1억~", "~1억 원", "약", "최대",
     "이상", "1억원이상이하초과미만", "𝟏억 원", "\x00\x01\x02", "٣ 원", "十億元"],
)
def test_odd_input_never_raises(text: str) -> None:
    assert_grounded(text, find_money(text))


@pytest.mark.parametrize("value", [None, 3, b"1 \xec\x96\xb5"])
def test_non_strings_give_an_empty_list(value: object) -> None:
    assert find_money(value) == []  # type: ignore[arg-type]


def test_overflowing_amount_comes_back_with_a_warning() -> None:
    digits = "9" * 10_000
    (mention,) = find_money(f"총 {digits}원")
    assert mention.amount == Decimal(digits) and any("10^20" in w for w in mention.warnings)
    (huge,) = find_money("1000000경 원")
    assert huge.amount == Decimal(10) ** 22 and huge.warnings


# ---------------------------------------------------------------- linear time


def best_times(small: str, large: str) -> tuple[float, float]:
    """Best of five alternating runs of each (see timing.best_times_of)."""
    return best_times_of(find_money, small, large)


FILLER = " 관련 기관과 협력하여 사업을 추진할 계획이다. "  # amounts in text, not one per five characters

# Each case is small; the test runs it at 1x and 8x. Cases dense in amounts carry filler:
# what is measured is how the scans and lookups grow, not the (linear) cost per mention.
ADVERSARIAL = {
    "ten thousand digits": "1" * 10_000 + "원",
    "units": "억" * 10_000,
    "man and won": "만원" * 5_000,
    "spaced units": "1억 " * 3_000 + "원",
    "spaced man": "만 " * 5_000,
    "unbalanced ranges": "1~" * 5_000 + "원",
    "dashes and signs": "$-" * 5_000,
    "commas": "1," * 5_000 + "원",
    "qualifiers": "약 최대 " * 2_000 + ("1억 원 이상 가량" + FILLER) * 100,
    "dollars with context": "캐나다 달러 " * 300 + ("1달러" + FILLER) * 300,
    "no spaces": ("가나다라마바사아자차카타파하" * 10 + "1억원" + "천안시조회762회") * 60,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_time_is_linear(name: str) -> None:
    small = ADVERSARIAL[name]
    one, eight = best_times(small, small * 8)
    assert eight <= 12 * max(one, 5e-3), f"{name}: 1x {one:.4f}s, 8x {eight:.4f}s"


def test_a_megabyte_without_spaces() -> None:
    text = ("충청북도는이차전지산업에8조7417억원을투자하고천안시복지재단은조회762회" * 20_000)[:1_000_000]
    started = time.perf_counter()
    found = find_money(text)
    assert time.perf_counter() - started < 30  # a generous ceiling: a hang would blow it
    assert found and all(m.amount == Decimal(8741700000000) for m in found[:-1])
