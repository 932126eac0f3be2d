"""Sentences and list items of an article body: the units records are read from.

A record is built from the sentence or list item that states it, so the body is cut into
units first: list items (``∙ - ※ ▲ ➊ ① *``), sentences (a Korean sentence ends in
``다.``; newsletter items often end without a period, at the next marker), and table
rows flattened into lines. Newsletters extracted from PDF wrap one sentence over several
lines; news pages put one paragraph on a line. Both are handled: the body is read as
*wrapped* when most of its long lines stop mid-sentence.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from policydocs.document import Page

ITEM_MARKER = regex.compile(
    r"^\s*(?P<marker>[∙•·◦○●■□◆◇▶►▷➢✓※▲△▸*\-–]|[➊-➓①-⑳➀-➉❶-❿]|\(\d{1,2}\)|\d{1,2}[.)](?!\d)|[가-하][.)])\s*"
)
# An inline item starts at a mark after spaces after a word (``※ ▲A … ▲B …``): read at
# each mark that INLINE_MARK finds, as the look-behind cannot be searched for quickly.
INLINE_ITEM = regex.compile(r"(?<=\S\s+)(?:▲|[➊-➓①-⑳➀-➉❶-❿](?!\d))")
INLINE_MARK = re.compile(r"[▲➊-➓①-⑳➀-➉❶-❿]")
# The spaces after a sentence's final punctuation (Hangul then . ! ?, or . ! ? then a
# quote); only where the spaces end matters. One pattern per mark, each starting with its
# mark: the engines find a fixed first character by a fast string search (about 0.3 ns a
# character), where a first character from a class is tested at every position (5 ns).
SENTENCE_ENDS = tuple(
    regex.compile(rf"{re.escape(mark)}(?:(?<=\p{{Hangul}}{re.escape(mark)})|[”’\"'])\s+(?=\S)") for mark in ".!?"
)
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


_new_object = object.__new__
_SET_START, _SET_END, _SET_TEXT, _SET_KIND, _SET_INDEX, _SET_BLOCK_START, _SET_BLOCK_END = (
    Unit.__dict__[field.name].__set__ for field in dataclasses.fields(Unit)
)


def _new_unit(start: int, end: int, text: str, kind: str, index: int, block_start: int, block_end: int) -> Unit:
    """``Unit(start, end, …)``, the fields set through their slots: a frozen dataclass's
    ``__init__`` sets each through ``object.__setattr__``, twice as slow, and a long page has
    thousands of units."""
    unit = _new_object(Unit)
    _SET_START(unit, start)
    _SET_END(unit, end)
    _SET_TEXT(unit, text)
    _SET_KIND(unit, kind)
    _SET_INDEX(unit, index)
    _SET_BLOCK_START(unit, block_start)
    _SET_BLOCK_END(unit, block_end)
    return unit


_TERMINAL_LAST = frozenset(".!?”’\"')]")  # every match of TERMINAL ends in one of these


def _terminal(text: str) -> bool:
    """``TERMINAL.search(text)`` for a text without trailing whitespace.

    Such a match ends at the end of the text and is at most two characters long, so
    the last two characters decide (a unit or line can be long).
    """
    return text[-1:] in _TERMINAL_LAST and TERMINAL.search(text[-2:]) is not None


def _is_item(text: str, stripped: str) -> bool:
    """``ITEM_MARKER.match(text)``; ``stripped`` is ``text.strip()``.

    The first character settles most lines: of the Hangul syllables only ``가.`` to
    ``하)`` are markers, and an ASCII letter starts none. ITEM_MARKER reads the text as
    written: str.strip() removes a few characters (such as ``\x1c``) that it does not
    take for space.
    """
    first = stripped[:1]
    if "가" <= first <= "힣":
        if first > "하" or stripped[1:2] not in (".", ")"):
            return False
    elif first.isascii() and first.isalpha():
        return False
    if text[:1] == first and _is_marker(first):
        return True  # no space before it: a one-character marker (∙ - ※ ▲ ①) makes an item
    return ITEM_MARKER.match(text) is not None


@lru_cache(maxsize=4096)
def _is_marker(character: str) -> bool:
    """Whether ``character`` is an ITEM_MARKER by itself (the markers of list items recur on every page)."""
    return ITEM_MARKER.match(character) is not None


def _is_wrapped(stripped_lines: list[str]) -> bool:
    long_lines = [line for line in stripped_lines if len(line) >= WRAP_MIN_LENGTH]
    if len(long_lines) < 5:
        return False
    open_ended = sum(1 for line in long_lines if not _terminal(line))
    return open_ended / len(long_lines) >= WRAPPED_SHARE


def _blocks(page: Page, stripped_lines: list[str], wrapped: bool) -> list[tuple[int, int, str]]:
    """Groups of lines that form one unit before sentence splitting: (start, end, kind)."""
    blocks: list[tuple[int, int, str]] = []
    last = ""  # the last line of the last block
    for line_start, line, stripped in zip(page.body_starts, page.body_texts, stripped_lines):
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


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where the spaces after each sentence end stop in ``text[start:end]``, in order.

    A match whose quote is at ``start`` begins with the mark before it, outside the
    span, and is missed: ``start`` is 0 or follows a space (a block starts so).
    """
    return sorted(match.end() for pattern in SENTENCE_ENDS for match in pattern.finditer(text, start, end))


def _cuts(text: str, blocks: list[tuple[int, int, str]]) -> list[int]:
    """Where sentence ends and inline ``▲`` / ``①`` markers cut the blocks, in order.

    A search over the body's span does what a search of each block would: a block
    starts after a line break or a space, where the look-behinds find nothing, and no
    match reaches into a block from outside it (it would need a space at the block's first
    character). Cuts outside every block are left to the caller. An inline item is cut
    at its mark when the mark is inside a block, after its first character (the spaces
    before the mark then lie in the block too).
    """
    low, high = blocks[0][0], blocks[-1][1]
    cuts = _sentence_ends(text, low, high)
    starts = [start for start, _, _ in blocks]
    items = []
    for mark in INLINE_MARK.finditer(text, low, high):
        position = mark.start()
        start, end, _ = blocks[bisect.bisect_right(starts, position) - 1]
        if start < position < end and INLINE_ITEM.match(text, position, end):
            items.append(position)
    if items:
        cuts = sorted(set(cuts + items))
    return cuts


def _split(text: str, start: int, end: int, kind: str, cuts: list[int]) -> list[tuple[int, int, str, str]]:
    """A block cut at ``cuts`` (those inside it): (start, end, text, kind) of each piece."""
    first, last = bisect.bisect_right(cuts, start), bisect.bisect_left(cuts, end)
    if first == last:  # one piece: the block, stripped already
        piece = text[start:end]
        return [(start, end, piece, "sentence" if kind == "line" and _terminal(piece) else kind)]
    bounds = [start, *cuts[first:last], end]
    pieces = []
    for index in range(len(bounds) - 1):
        a = bounds[index]
        raw = text[a : bounds[index + 1]]
        piece = raw.strip()
        if piece:
            a += len(raw) - len(raw.lstrip())
            piece_kind = kind if index == 0 else ("item" if _is_item(piece, piece) else "sentence")
            pieces.append((a, a + len(piece), piece, "sentence" if piece_kind == "line" and _terminal(piece) else piece_kind))
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
    stripped_lines = [line.strip() for line in page.body_texts]
    blocks = _blocks(page, stripped_lines, _is_wrapped(stripped_lines))
    if not blocks:
        return []
    cuts = _cuts(text, blocks)
    units: list[Unit] = []
    for start, end, kind in blocks:
        for a, b, piece, piece_kind in _split(text, start, end, kind, cuts):
            if b - a <= MAX_UNIT_CHARS:
                units.append(_new_unit(a, b, piece, piece_kind, len(units), start, end))
                continue
            for c, d in _bounded(text, a, b):
                piece = text[c:d]
                c, d = c + len(piece) - len(piece.lstrip()), d - (len(piece) - len(piece.rstrip()))
                if d > c:
                    units.append(_new_unit(c, d, text[c:d], piece_kind, len(units), start, end))
    return units
