"""``extract`` blanks the furniture that ends a page before reading mentions; that must give
what reading the whole page and keeping the mentions of the body gives, and the furniture
between body lines (captions, bylines) must still be read as the context it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policydocs
from policydocs.document import read_page
from policydocs.extract.dates import scan_dates
from policydocs.pipeline import without_trailing_furniture

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PUBLISHED = "2023-11-10"

# Headline, photo caption, body: the usual layout of a Korean news page.
CAPTION_BETWEEN = (
    "충북도 배터리 기업과 투자협약\n\n▲ 협약식 모습 (사진=충북도)\n\n"
    "산업부는 이날 충북도와 함께 배터리 기업 5곳과 투자협약을 맺었다고 밝혔다. 협약 규모는 1조 2천억원이다.\n"
)
CAPTION_DATE = (
    "충북도 배터리 기업과 투자협약\n\n▲ 지난 5일 충북도청에서 열린 협약식 모습 (사진=충북도)\n\n"
    "이날 협약식에는 산업부와 충북도 관계자 30여명이 참석했다. 충북도는 2030년까지 1조원을 투자한다.\n"
)
CAPTION_ALIAS = (
    "충북 이차전지 협의회 출범\n\n▲ 충북이차전지산업협의회(이하 협의회) 출범식 (사진=충북도)\n\n"
    "협의회는 이날 첫 회의를 열었다. 협의회는 매년 두 차례 모인다.\n"
)
RANKING_AT_THE_END = (
    "산업부는 10일 배터리 소재 공급망 대책을 발표했다. 정부는 2027년까지 3조원을 지원한다.\n\n"
    "많이 본 뉴스\n1. 삼성전자, 2분기 영업이익 10조원\n2. 현대차 노조 파업 예고\n3. 한국은행 기준금리 동결\n"
)


def _pages() -> list[str]:
    """The seeds, each seed with its first or last block cut off, and the made-up pages."""
    pages = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        blocks = text.split("\n\n")
        pages += [text, "\n\n".join(blocks[1:]), "\n\n".join(blocks[:-1])]
    return [*pages, CAPTION_BETWEEN, CAPTION_DATE, CAPTION_ALIAS, RANKING_AT_THE_END]


@pytest.mark.parametrize("published", [None, PUBLISHED])
@pytest.mark.parametrize("text", _pages())
def test_mentions_are_the_whole_page_mentions_in_the_body(text: str, published: str | None) -> None:
    page = read_page(text)
    result = policydocs.extract(text, published=published)

    def in_body(mentions: list) -> list[dict]:
        return [m.model_dump() for m in mentions if page.in_body(m.span.start, m.span.end)]

    assert [m.model_dump() for m in result.mentions.money] == in_body(policydocs.find_money(text))
    assert [m.model_dump() for m in result.mentions.organizations] == in_body(policydocs.find_organizations(text))
    if published is not None:
        reference = result.document.published
        assert [m.model_dump() for m in result.mentions.dates] == in_body(scan_dates(text, reference)[0])


def test_a_caption_between_headline_and_body_is_still_read_as_context() -> None:
    between = policydocs.extract(CAPTION_BETWEEN, published=PUBLISHED)
    assert [m.span.text for m in between.mentions.organizations] == ["산업부", "충북도"]
    dated = policydocs.extract(CAPTION_DATE, published=PUBLISHED)
    assert [(m.span.text, str(m.start)) for m in dated.mentions.dates][0] == ("이날", "2023-11-05")
    aliased = policydocs.extract(CAPTION_ALIAS, published=PUBLISHED)
    assert [m.span.text for m in aliased.mentions.organizations] == ["협의회", "협의회"]


def test_only_the_furniture_that_ends_the_page_is_blanked() -> None:
    for text in [*(path.read_text(encoding="utf-8") for path in SEEDS), CAPTION_BETWEEN, RANKING_AT_THE_END]:
        page = read_page(text)
        blanked = without_trailing_furniture(text, page)
        assert len(blanked) == len(text)
        kept = len(blanked.rstrip()) if blanked.strip() else 0
        assert blanked[:kept] == text[:kept]  # everything up to the last body character, as written
        assert [i for i, c in enumerate(blanked) if c in "\r\n"] == [i for i, c in enumerate(text) if c in "\r\n"]
        assert all(not page.in_body(i, i + 1) for i in range(kept, len(text)) if not text[i].isspace())
    ranking = without_trailing_furniture(RANKING_AT_THE_END, read_page(RANKING_AT_THE_END))
    assert "삼성전자" not in ranking and "3조원을 지원한다" in ranking


def test_a_page_that_ends_with_its_body_is_read_as_it_is() -> None:
    text = "충청북도는 2030년까지 8조 7,417억원을 투자한다."
    assert without_trailing_furniture(text, read_page(text)) is text
    assert without_trailing_furniture(CAPTION_BETWEEN, read_page(CAPTION_BETWEEN)) is CAPTION_BETWEEN
