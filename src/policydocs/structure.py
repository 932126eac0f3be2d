"""Sentences and list items of an article body: the units records are read from.

A record is built from the sentence or list item that states it, so the body is cut into
units first: list items (``∙ - ※ ▲ ➊ ① *``), sentences (a Korean sentence ends in
``다.``; newsletter items often end without a period, at the next marker), and table
rows flattened into lines. Newsletters extracted from PDF wrap one sentence over several
lines; news pages put one paragraph on a line. Both are handled: the body is read as
*wrapped* when most of its long lines stop mid-sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from policydocs.document import Line, Page

ITEM_MARKER = regex.compile(
    r"^\s*(?P<marker>[∙•·◦○●■□◆◇▶►▷➢✓※▲△▸*\-–]|[➊-➓①-⑳➀-➉❶-❿]|\(\d{1,2}\)|\d{1,2}[.)](?!\d)|[가-하][.)])\s*"
)
INLINE_ITEM = regex.compile(r"(?<=\S)\s+(?=▲|[➊-➓①-⑳➀-➉❶-❿](?!\d))")
INLINE_MARK = re.compile(r"[▲➊-➓①-⑳➀-➉❶-❿]")  # what INLINE_ITEM needs: a cheap test first
# The spaces after a sentence's final punctuation (Hangul then . ! ?, or . ! ? then a
# quote); only where the spaces end matters. Written to start at the punctuation, so the
# scan jumps from one punctuation mark to the next.
SENTENCE_END = regex.compile(r"(?:(?<=\p{Hangul})[.!?]|(?<=[.!?])[”’\"'])\s+(?=\S)")
TERMINAL = regex.compile(r"(?:\p{Hangul}[.!?]|[.!?][”’\"')\]]|[)\]])\s*$")
WRAP_MIN_LENGTH = 30
# No sentence runs this long; a longer "unit" is a page without punctuation (or hostile
# input), cut at clause boundaries so that the work per unit stays bounded.
MAX_UNIT_CHARS = 600
CLAUSE_BREAK = regex.compile(r"[,;:·]\s|\s")
WRAPPED_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, list item or heading: ``text == page_text[start:end]``."""

    start: int
    end: int
    text: str
    kind: str  # "item" (after a list marker), "sentence", or "line"
    index: int  # position in the body, for looking at neighbours
    block_start: int  # the line group it was cut from (``※ ▲A … ▲B …`` is one block, two units)
    block_end: int


def _is_wrapped(lines: list[Line]) -> bool:
    long_lines = [line for line in lines if len(line.text.strip()) >= WRAP_MIN_LENGTH]
    if len(long_lines) < 5:
        return False
    open_ended = sum(1 for line in long_lines if not TERMINAL.search(line.text.rstrip()))
    return open_ended / len(long_lines) >= WRAPPED_SHARE


def _blocks(page: Page, wrapped: bool) -> list[tuple[int, int, str]]:
    """Groups of lines that form one unit before sentence splitting: (start, end, kind)."""
    blocks: list[list[int | str]] = []
    for line in page.body_lines:
        stripped = line.text.strip()
        lead = len(line.text) - len(line.text.lstrip())
        start, end = line.start + lead, line.start + len(line.text.rstrip())
        marker = ITEM_MARKER.match(line.text)
        new_unit = (
            not blocks
            or not wrapped
            or marker is not None
            or TERMINAL.search(str(blocks[-1][3]))
            or len(str(blocks[-1][3]).strip()) < 20
            or not page.in_body(int(blocks[-1][1]), start)
        )
        if new_unit:
            blocks.append([start, end, "item" if marker else "line", stripped])
        else:
            blocks[-1][1] = end
            blocks[-1][3] = stripped
    return [(int(b[0]), int(b[1]), str(b[2])) for b in blocks]


def _split(text: str, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """Cut a block at sentence ends and inline ``▲`` / ``①`` markers."""
    cuts = [start]
    chunk = text[start:end]
    for match in SENTENCE_END.finditer(chunk):
        cuts.append(start + match.end())
    if INLINE_MARK.search(chunk):
        for match in INLINE_ITEM.finditer(chunk):
            cuts.append(start + match.end())
    cuts = sorted(set(cuts)) + [end]
    pieces = []
    for index, (a, b) in enumerate(zip(cuts, cuts[1:])):
        piece = text[a:b]
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        if b > a:
            piece_kind = kind if index == 0 else ("item" if ITEM_MARKER.match(text[a:b]) else "sentence")
            pieces.append((a, b, piece_kind if piece_kind != "line" or not TERMINAL.search(text[a:b]) else "sentence"))
    return pieces


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut into pieces of at most MAX_UNIT_CHARS, at the last clause break."""
    pieces = []
    while end - start > MAX_UNIT_CHARS:
        limit = start + MAX_UNIT_CHARS
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, start + MAX_UNIT_CHARS // 2, limit)]
        cut = breaks[-1] if breaks else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def segment(page: Page) -> list[Unit]:
    """The body's units in text order."""
    wrapped = _is_wrapped(page.body_lines)
    units: list[Unit] = []
    for start, end, kind in _blocks(page, wrapped):
        for a, b, piece_kind in _split(page.text, start, end, kind):
            for c, d in _bounded(page.text, a, b):
                piece = page.text[c:d]
                c, d = c + len(piece) - len(piece.lstrip()), d - (len(piece) - len(piece.rstrip()))
                if d > c:
                    units.append(Unit(c, d, page.text[c:d], piece_kind, len(units), start, end))
    return units
