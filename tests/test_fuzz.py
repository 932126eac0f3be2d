"""Property-based fuzzing of every public entry point: no exception, exact spans, valid JSON.

Inputs: arbitrary unicode (lone surrogates and control characters included), very long
lines, and Korean-looking garbage assembled from the words the extractors know. Every
result is checked with a real JSON Schema validator against the checked-in ``schemas/``,
not only by pydantic. About 10,000 generated inputs run in all (see ``EXAMPLES``).
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import policydocs

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
EXAMPLES = {"extract": 3000, "find": 3000, "parse_number": 3000, "validate_file": 1000}  # 10,000 inputs


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")))


VALIDATORS = {
    name: _validator(name) for name in ("extraction_result", "money_mention", "date_mention", "organization_mention")
}

KOREAN_PIECES = [
    "0", "1", "7", "9", "12", "2023", "’30", "'21", "‘22", "`19", ",", ".", "~", "-", "·", "/", " ", "\n", "\r\n",
    "조", "억", "만", "천", "백", "십", "원", "달러", "캐나다 달러", "위안", "엔", "유로", "$", "₩", "€", "USD", "KRW",
    "약", "최대", "이상", "이하", "가량", "미만", "초과", "여", "년", "월", "일", "분기", "상반기", "하반기",
    "까지", "부터", "간", "경", "올해", "내년", "지난", "오는", "현지시간", "(", ")", "「", "」", "‘", "’", "“", "”",
    "부", "청", "처", "위원회", "연구원", "재단", "협의회", "센터", "대학교", "㈜", "(주)", "日", "美", "中", "加",
    "충북", "충청북도", "대전시", "산업통상자원부", "과기정통부", "NSF", "OSTP", "LG에너지솔루션", "이", "가", "은", "는",
    "제1차", "대화", "개최", "방문", "투자", "융자", "조건부", "보조금", "세액 공제", "전망", "예상", "기대", "%", "kWh",
    "GWh", "대", "배", "▲", "∙", "※", "➊", "①", "기사입력", "작성일", "무단전재", "광고", "번역", "Google",
    # spellings that normalisation changes: full-width digits, decomposed Hangul, odd spaces
    "２０２３", "１２", "３억", "\u3000", "\xa0", unicodedata.normalize("NFD", "년 월 일 억원 충북도"),
]

arbitrary_text = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()), max_size=200
)
korean_garbage = st.lists(st.sampled_from(KOREAN_PIECES), max_size=60).map("".join)
long_line = st.tuples(st.sampled_from(["9", "억", "’", "(", "「", "가", "1,"]), st.integers(200, 3000)).map(
    lambda pair: pair[0] * pair[1]
)
texts = st.one_of(arbitrary_text, korean_garbage, korean_garbage, long_line)


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )


def spans_in(value: Any) -> list[dict[str, Any]]:
    """Every span-shaped dict in a JSON dump."""
    found = []
    if isinstance(value, dict):
        if set(value) == {"start", "end", "text"}:
            found.append(value)
        for item in value.values():
            found.extend(spans_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(spans_in(item))
    return found


def check_mentions(text: str, mentions: list[Any], schema: str) -> None:
    assert isinstance(mentions, list)
    starts = []
    for mention in mentions:
        dumped = json.loads(mention.model_dump_json())
        errors = [e.message for e in VALIDATORS[schema].iter_errors(dumped)]
        assert not errors, errors
        span = dumped["span"]
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
        starts.append(span["start"])
    assert starts == sorted(starts), "mentions out of text order"


@fuzz(EXAMPLES["extract"])
@given(texts)
def test_extract_never_fails_and_stays_exact(text: str) -> None:
    result = policydocs.extract(text)
    dumped = json.loads(result.model_dump_json())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATORS["extraction_result"].iter_errors(dumped)]
    assert not errors, errors[:3]
    for span in spans_in(dumped):
        assert text[span["start"] : span["end"]] == span["text"]
    assert dumped["document"]["char_count"] == len(text)


@fuzz(EXAMPLES["find"])
@given(texts)
def test_finders_never_fail_and_stay_exact(text: str) -> None:
    check_mentions(text, policydocs.find_money(text), "money_mention")
    check_mentions(text, policydocs.find_dates(text), "date_mention")
    check_mentions(text, policydocs.find_organizations(text), "organization_mention")


@fuzz(EXAMPLES["parse_number"])
@given(st.one_of(arbitrary_text, korean_garbage, st.text(alphabet="0123456789,.조억만천백십일이삼사오육칠팔구영 ", max_size=80)))
def test_parse_number_returns_a_decimal_or_none(text: str) -> None:
    value = policydocs.parse_number(text)
    assert value is None or isinstance(value, Decimal)


@fuzz(EXAMPLES["validate_file"])
@given(st.one_of(st.binary(max_size=400), korean_garbage.map(str.encode), arbitrary_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_validate_file_reports_instead_of_raising(tmp_path_factory: Any, payload: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "record.json"
    path.write_bytes(payload)
    errors = policydocs.validate_file(path)
    assert isinstance(errors, list)
    for error in errors:
        assert str(error)
