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


def _terminal(text: str) -> bool:
    """``TERMINAL.search(text)`` for a text without trailing whitespace.

    Such a match ends at the end of the text and is at most two characters long, so
    the last two characters decide (a unit or line can be long).
    """
    return TERMINAL.search(text[-2:]) is not None


def _may_be_item(stripped: str) -> bool:
    """False when ITEM_MARKER cannot match a text that starts as ``stripped`` does.

    Most lines start with a Hangul syllable, and of those only ``가.`` to ``하)`` are
    markers; an ASCII letter starts none. Anything else is left to ITEM_MARKER.
    """
    first = stripped[:1]
    if "가" <= first <= "힣":
        return first <= "하" and stripped[1:2] in (".", ")")
    return not (first.isascii() and first.isalpha())


def _is_item(text: str, stripped: str) -> bool:
    """``ITEM_MARKER.match(text)``; ``stripped`` is ``text.strip()``.

    ITEM_MARKER reads the text as written: str.strip() removes a few characters (such
    as ``\x1c``) that ITEM_MARKER does not take for space.
    """
    return _may_be_item(stripped) and ITEM_MARKER.match(text) is not None


def _is_wrapped(texts: list[str]) -> bool:
    long_lines = [line for line in texts if len(line.strip()) >= WRAP_MIN_LENGTH]
    if len(long_lines) < 5:
        return False
    open_ended = sum(1 for line in long_lines if not _terminal(line.rstrip()))
    return open_ended / len(long_lines) >= WRAPPED_SHARE


def _blocks(page: Page, wrapped: bool) -> list[tuple[int, int, str]]:
    """Groups of lines that form one unit before sentence splitting: (start, end, kind)."""
    blocks: list[tuple[int, int, str]] = []
    last = ""  # the stripped last line of the last block
    for line_start, line in zip(page.body_starts, page.body_texts):
        stripped = line.strip()
        start = line_start + len(line) - len(line.lstrip())
        end = start + len(stripped)
        item = _is_item(line, stripped)
        if (
            not blocks
            or not wrapped
            or item
            or _terminal(last)
            or len(last) < 20
            or not page.in_body(blocks[-1][1], start)
        ):
            blocks.append((start, end, "item" if item else "line"))
        else:
            blocks[-1] = (blocks[-1][0], end, blocks[-1][2])
        last = stripped
    return blocks


def _split(text: str, start: int, end: int, kind: str) -> list[tuple[int, int, str]]:
    """Cut a block at sentence ends and inline ``▲`` / ``①`` markers."""
    chunk = text[start:end]
    cuts = [start]
    cuts.extend(start + match.end() for match in SENTENCE_END.finditer(chunk))
    if INLINE_MARK.search(chunk):
        cuts.extend(start + match.end() for match in INLINE_ITEM.finditer(chunk))
        cuts = sorted(set(cuts))
    cuts.append(end)
    pieces = []
    for index in range(len(cuts) - 1):
        a, b = cuts[index], cuts[index + 1]
        raw = text[a:b]
        piece = raw.strip()
        if piece:
            a += len(raw) - len(raw.lstrip())
            b = a + len(piece)
            piece_kind = kind if index == 0 else ("item" if _is_item(piece, piece) else "sentence")
            pieces.append((a, b, "sentence" if piece_kind == "line" and _terminal(piece) else piece_kind))
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
    text = page.text
    wrapped = _is_wrapped(page.body_texts)
    units: list[Unit] = []
    for start, end, kind in _blocks(page, wrapped):
        for a, b, piece_kind in _split(text, start, end, kind):
            if b - a <= MAX_UNIT_CHARS:  # a piece of _split is already stripped
                units.append(Unit(a, b, text[a:b], piece_kind, len(units), start, end))
                continue
            for c, d in _bounded(text, a, b):
                piece = text[c:d]
                c, d = c + len(piece) - len(piece.lstrip()), d - (len(piece) - len(piece.rstrip()))
                if d > c:
                    units.append(Unit(c, d, text[c:d], piece_kind, len(units), start, end))
    return units
