"""Normalised views of the caller's text whose offsets map back exactly.

Extractors read a normalised copy (NFC Hangul, ASCII digits for full-width ones,
ordinary spaces) so that one pattern covers every spelling; every span they report is
mapped back to offsets into the string the caller passed, so ``text[start:end]`` is
always exactly what was read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

# Full-width ASCII (U+FF01-FF5E) -> ASCII, and the odd spaces of Korean web pages -> " ".
# One character for one character, so offsets do not move.
_ONE_TO_ONE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_ONE_TO_ONE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2007: 0x20, 0x202F: 0x20, 0xFEFF: 0x20})
_GRAPHEME = regex.compile(r"\X")
# str.translate runs at ~20 MB/s whatever the text; replacing only the characters that need
# folding (rare in real pages) runs at the speed of one scan (the stdlib re is ~5x faster
# than regex on this class).
_FOLDED = {chr(code): chr(folded) for code, folded in _ONE_TO_ONE.items()}
_NEEDS_FOLDING = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_ONE_TO_ONE)) + "]")


@dataclass(frozen=True)
class NormalizedText:
    """A normalised copy of ``original`` and the way back to its offsets.

    ``starts[i]`` is the original offset of normalised character ``i``; ``starts`` has one
    more entry than the text, for the end. ``None`` means the offsets are the same.
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` range of the normalised text back to the original."""
        if self.starts is None:
            return start, end
        return self.starts[start], self.starts[end]

    def original_slice(self, start: int, end: int) -> tuple[int, int, str]:
        """Original offsets and the original text for a normalised range."""
        a, b = self.to_original(start, end)
        return a, b, self.original[a:b]


def _clean(text: str) -> str:
    """Fold full-width ASCII and odd spaces, one character for one, so offsets stay put."""
    return _NEEDS_FOLDING.sub(lambda match: _FOLDED[match.group()], text)


# The extractors of one document each normalise the same text: the last few results are
# kept, found by identity (no hashing of a long text), so it is done once per text.
_RECENT: list[NormalizedText] = []
_RECENT_SIZE = 4
_WORTH_KEEPING = 256  # characters: shorter texts (numerals, test strings) are cheap to redo


def normalize(text: str) -> NormalizedText:
    """NFC + full-width ASCII folded + odd spaces folded, with an exact offset map.

    >>> n = normalize("２０２３년")
    >>> n.text, n.to_original(0, 4)
    ('2023년', (0, 4))
    """
    if len(text) < _WORTH_KEEPING:
        return _normalize(text)
    for recent in _RECENT:
        if recent.original is text:
            return recent
    normalized = _normalize(text)
    _RECENT.insert(0, normalized)
    del _RECENT[_RECENT_SIZE:]
    return normalized


def normalize_start(text: str, length: int) -> NormalizedText:
    """A normalised start of ``text``: its first ``length`` characters (offsets included) are
    those of ``normalize(text)``, with less read when the text is long.

    Normalising changes a character alone or within its grapheme cluster, and a line break
    ends every cluster but ``\\r\\n`` (whose ``\\r`` nothing changes), so the text up to a
    line break normalises to the start of the whole. A page's header is read this way
    without normalising the page a second time (the extractors read it with its end blanked).
    """
    cut = text.find("\n", length)
    if cut == -1:
        return normalize(text)
    start = _normalize(text[:cut])
    # NFC composes a few characters into one: the start may have come out short.
    return start if len(start.text) >= length else normalize(text)


# Only characters outside ASCII and the precomposed Hangul syllables can change under NFC
# (a run of those is NFC, one cluster per character), and a space followed by an ASCII
# character or a syllable always ends a grapheme cluster. So a text that is not NFC is
# composed only in the stretches between such spaces that hold an unusual character.
_UNUSUAL = re.compile("[^\\x00-\\x7f가-힣]")
_CLUSTER_CUT = re.compile(" (?=[!-~가-힣])")


def _normalize(text: str) -> NormalizedText:
    folded = _clean(text)
    if unicodedata.is_normalized("NFC", folded):
        return NormalizedText(text, folded)
    pieces: list[str] = []
    starts: list[int] = []
    done = 0  # everything before it is in pieces
    for unusual in _UNUSUAL.finditer(folded):
        at = unusual.start()
        if at < done:
            continue
        stretch_start = max(done, folded.rfind(" ", done, at) + 1)
        while stretch_start > done and not _CLUSTER_CUT.match(folded, stretch_start - 1):
            stretch_start = max(done, folded.rfind(" ", done, stretch_start - 1) + 1)
        cut = _CLUSTER_CUT.search(folded, at)
        stretch_end = cut.end() if cut else len(folded)
        pieces.append(folded[done:stretch_start])
        starts.extend(range(done, stretch_start))
        stretch = folded[stretch_start:stretch_end]
        if unicodedata.is_normalized("NFC", stretch):
            pieces.append(stretch)
            starts.extend(range(stretch_start, stretch_end))
        else:
            _compose(folded, stretch_start, stretch_end, pieces, starts)
        done = stretch_end
    pieces.append(folded[done:])
    starts.extend(range(done, len(folded)))
    starts.append(len(text))
    return NormalizedText(text, "".join(pieces), tuple(starts))


def _compose(folded: str, start: int, end: int, pieces: list[str], starts: list[int]) -> None:
    """NFC of each grapheme cluster of ``folded[start:end]``, with the original offset of each character."""
    for match in _GRAPHEME.finditer(folded, start, end):
        cluster = match.group()
        composed = unicodedata.normalize("NFC", cluster) if len(cluster) > 1 or ord(cluster) > 0x7F else cluster
        pieces.append(composed)
        if len(composed) == len(cluster):
            starts.extend(range(match.start(), match.end()))
        else:
            # Every composed character points at the cluster's start; the next cluster
            # starts where this one ended, so a span never cuts a cluster in half.
            starts.extend([match.start()] * len(composed))
