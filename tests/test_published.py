"""The page's own date: labelled dates and newsletter issues, never a body date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policydocs.extract.published import find_publication_date

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.mark.parametrize(
    ("text", "surface", "day"),
    [
        ("김정환 기자 | 기사입력 2023/11/01 [13:40]", "2023/11/01", dt.date(2023, 11, 1)),
        ("김정환 기자 | 입력 : 2023/11/01 [13:40]", "2023/11/01", dt.date(2023, 11, 1)),
        ("편집국 작성일21-07-22 17:38 조회762회", "21-07-22", dt.date(2021, 7, 22)),
        ("  • 승인 2026-01-11 16:35\n  • 신문게재 2026-01-12 2면", "2026-01-11", dt.date(2026, 1, 11)),
        ("등록일 2023.11.06", "2023.11.06", dt.date(2023, 11, 6)),
        ("입력 2023년 11월 6일 09:00", "2023년 11월 6일", dt.date(2023, 11, 6)),
        ("기사입력 ２０２３/１１/０１", "２０２３/１１/０１", dt.date(2023, 11, 1)),
    ],
)
def test_labelled_dates(text: str, surface: str, day: dt.date) -> None:
    found = find_publication_date(text)
    assert found is not None
    assert (found.span.text, found.start, found.end, found.grain) == (surface, day, day, "day")
    assert text[found.span.start : found.span.end] == found.span.text


def test_a_newsletter_issue_gives_its_year_only() -> None:
    found = find_publication_date("i ❚\n\n산업기술 동향워치 2023년 22호 요약\n")
    assert found is not None
    assert (found.grain, found.start, found.end) == ("year", dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert found.span.text == "2023년 22호"


@pytest.mark.parametrize(
    "text",
    ["", "대통령실은 오는 9일 서울에서 대화를 개최한다고 7일 발표했다.", "2030년까지 투자", "입력 2023/02/30", "\ud800"],
)
def test_no_label_no_date(text: str) -> None:
    assert find_publication_date(text) is None


@pytest.mark.parametrize(
    ("seed", "expected", "grain"),
    [
        ("000_d790785901d5e89e.txt", None, None),
        ("001_22f200b066f92bdc.txt", dt.date(2023, 1, 1), "year"),
        ("002_ed9749e83b3cbb24.txt", dt.date(2021, 7, 22), "day"),
        ("003_b58148236b9982db.txt", dt.date(2023, 11, 1), "day"),
        ("004_ed643645e269c679.txt", dt.date(2026, 1, 11), "day"),
    ],
)
def test_seeds(seed: str, expected: dt.date | None, grain: str | None) -> None:
    path = SEEDS / seed
    if not path.exists():
        pytest.skip("seed not present")
    found = find_publication_date(path.read_text(encoding="utf-8"))
    if expected is None:
        assert found is None
    else:
        assert found is not None and (found.start, found.grain) == (expected, grain)
