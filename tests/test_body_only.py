"""``extract`` reads mentions from the body alone; that must give what reading the whole
page and dropping what lies outside the body gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import policydocs
from policydocs.document import read_page
from policydocs.extract.dates import scan_dates
from policydocs.pipeline import body_only

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _pages() -> list[str]:
    """The seeds, and each seed with its first or last block cut off (other furniture edges)."""
    pages = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        blocks = text.split("\n\n")
        pages += [text, "\n\n".join(blocks[1:]), "\n\n".join(blocks[:-1])]
    return pages


@pytest.mark.parametrize("text", _pages())
def test_body_only_mentions_are_the_whole_page_mentions_in_the_body(text: str) -> None:
    page = read_page(text)
    result = policydocs.extract(text)
    reference = result.document.published

    def in_body(mentions: list) -> list[dict]:
        return [m.model_dump() for m in mentions if page.in_body(m.span.start, m.span.end)]

    assert [m.model_dump() for m in result.mentions.money] == in_body(policydocs.find_money(text))
    assert [m.model_dump() for m in result.mentions.organizations] == in_body(policydocs.find_organizations(text))
    if reference is not None:  # with no stated date the page's own reference is used; compare where it is plain
        assert [m.model_dump() for m in result.mentions.dates] == in_body(scan_dates(text, reference)[0])


def test_body_only_blanks_the_set_aside_parts_and_keeps_offsets() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        page = read_page(text)
        blanked = body_only(text, page)
        assert len(blanked) == len(text)
        assert [i for i, c in enumerate(blanked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
        for index, (before, after) in enumerate(zip(text, blanked)):
            if page.in_body(index, index + 1):
                assert before == after
            else:
                assert after in " \n"


def test_a_page_with_nothing_set_aside_is_read_as_it_is() -> None:
    text = "충청북도는 2030년까지 8조 7,417억원을 투자한다."
    assert body_only(text, read_page(text)) is text
