"""The article in a noisy page: what is body, what is furniture, and the page's own metadata.

Real pages carry more than the article: a PHP warning before it, menus and article tools
around the headline, post-information lines, photo captions, the same block printed
twice, a machine translation appended, and ranking lists full of other stories' numbers
after it. ``read_page`` labels every line, keeps the body, and reports every part it set
aside with the reason, so a user can check what was not read.

The patterns live in ``data/furniture.tsv``; the rules here decide how they combine.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from policydocs.data import read_tsv
from policydocs.models import Notice, SetAside, Span

TERMINAL = regex.compile(r"[.!?。…”\"’')\]]\s*$|(?:다|요|음|함|임|됨)\.?\s*$")
HANGUL = regex.compile(r"\p{Hangul}")
LINE_BREAK = regex.compile(r"\r\n|\r|\n")
LATIN = regex.compile(r"[A-Za-z]")
ISSUE = regex.compile(r"^\s*(?P<title>\S.{0,40}?\d{4}\s*년\s*(?:제\s*)?\d{1,3}\s*호)")
BYLINE = regex.compile(
    r"(?:^|[\s|])(?P<byline>\p{Hangul}{2,4}\s?(?:선임기자|대기자|객원기자|기자|특파원|논설위원|편집위원))(?=$|[\s|,(])"
)
OUTLET_BEFORE_BYLINE = regex.compile(r"^(?P<outlet>[^\s|]{2,20})\s+\p{Hangul}{2,4}\s?(?:선임기자|대기자|기자|특파원)\s*$")
OUTLET_WITH_SITE = regex.compile(r"(?P<outlet>[^\s(),]{2,20})\s*\(\s*(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+\s*\)")

# A repeated block is a duplicate when it is this large; shorter repeats (a line a
# newsletter's summary shares with its article) are content.
DUPLICATE_MIN_LINES = 3
DUPLICATE_MIN_CHARS = 150
DUPLICATE_MIN_KEY = 8
TRANSLATION_MIN_CHARS = 1500
CAPTION_TITLE_MAX = 14


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page: offsets of its text (line break excluded)."""

    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return " ".join(self.text.split())


@dataclass
class Page:
    """A page read: the body, what was set aside, and the metadata the page states."""

    text: str
    set_aside: list[SetAside] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    language: str = "ko"
    warnings: list[Notice] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    body_lines: list[Line] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)

    def in_body(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps no set-aside part (parts are sorted and disjoint)."""
        if self._starts is None:
            self._starts = [part.span.start for part in self.set_aside]
        index = bisect.bisect_left(self._starts, end) - 1
        return index < 0 or self.set_aside[index].span.end <= start


@dataclass(frozen=True)
class _Patterns:
    line: regex.Pattern[str]
    header: regex.Pattern[str]
    contains: regex.Pattern[str]
    caption: regex.Pattern[str]
    end: regex.Pattern[str]
    preamble: regex.Pattern[str]
    translation: regex.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    by_kind: dict[str, list[str]] = {}
    for row in read_tsv("furniture.tsv"):
        by_kind.setdefault(row["kind"], []).append(row["pattern"])
    compiled = {kind: regex.compile("|".join(f"(?:{p})" for p in patterns)) for kind, patterns in by_kind.items()}
    return _Patterns(**compiled)


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets; ``\r\n``, ``\r`` and ``\n`` end a line."""
    lines, position = [], 0
    for match in LINE_BREAK.finditer(text):
        lines.append(Line(position, match.start(), text[position : match.start()]))
        position = match.end()
    lines.append(Line(position, len(text), text[position:]))
    return lines


# Counting letters is a scan of the whole body: the stdlib re counts Hangul syllables and
# ASCII letters several times faster than regex, which is asked only about the few
# characters that are neither (Hangul jamo, compatibility letters).
_SYLLABLES = re.compile("[가-힣]+")
_LATIN_RUNS = re.compile("[A-Za-z]+")
_NEITHER = re.compile("[^\x00-\x7f가-힣]+")


_LANGUAGE_STEP = 1024


def _removed(pattern: re.Pattern[str] | regex.Pattern[str], text: str) -> int:
    return len(text) - len(pattern.sub("", text))


def letter_counts(text: str) -> tuple[int, int]:
    """(Hangul characters, ASCII letters) of ``text``: ``len(HANGUL.findall(text)), len(LATIN.findall(text))``."""
    rest = "".join(_NEITHER.findall(text))
    return _removed(_SYLLABLES, text) + _removed(HANGUL, rest), _removed(_LATIN_RUNS, text)


def _latin_share(text: str) -> float:
    hangul, latin = letter_counts(text)
    return latin / (hangul + latin) if hangul + latin else 0.0


def _label_lines(lines: list[Line]) -> list[tuple[str, str] | None]:
    """(reason, note) for each set-aside line, None for body lines."""
    p = _patterns()
    labels: list[tuple[str, str] | None] = [None] * len(lines)
    started = False  # a content line has been seen: the article has begun
    in_header = True  # no sentence yet: menus and bylines are still page chrome
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.text.strip()
        if not stripped:
            index += 1
            continue
        if not started and p.preamble.search(stripped):
            labels[index] = ("preamble", "server error printed before the page")
        elif p.translation.search(stripped) and started:
            index = _label_translation(lines, labels, index)
            continue
        elif started and p.end.search(stripped):
            for rest in range(index, len(lines)):
                if lines[rest].text.strip() and labels[rest] is None:
                    labels[rest] = ("furniture", "after the end of the article (copyright, rankings, other stories)")
            break
        elif p.line.search(stripped) or p.contains.search(stripped) or (in_header and p.header.search(stripped)):
            labels[index] = ("furniture", "page chrome, article tools or post information")
        elif p.caption.search(stripped):
            labels[index] = ("furniture", "photo caption or credit")
            previous = _previous_content(lines, labels, index)
            if previous is not None and len(lines[previous].text.strip()) <= CAPTION_TITLE_MAX and previous > 0:
                if not TERMINAL.search(lines[previous].text) and started:
                    labels[previous] = ("furniture", "photo caption or credit")
        elif len(stripped) >= 10:
            started = True
            in_header = in_header and len(stripped) < 40 and not TERMINAL.search(stripped)
        index += 1
    return labels


def _previous_content(lines: list[Line], labels: list[tuple[str, str] | None], index: int) -> int | None:
    for back in range(index - 1, -1, -1):
        if lines[back].text.strip():
            return back if labels[back] is None else None
    return None


def _label_translation(lines: list[Line], labels: list[tuple[str, str] | None], marker: int) -> int:
    """Mark the translation marker and the Latin-script run after it; the next line to read."""
    last = marker
    for index in range(marker + 1, len(lines)):
        stripped = lines[index].text.strip()
        if not stripped:
            continue
        if _latin_share(stripped) >= 0.8:
            last = index
        elif HANGUL.search(stripped) and len(stripped) > 12:
            break
    for index in range(marker, last + 1):
        if lines[index].text.strip():
            labels[index] = ("translation", "machine translation of the article")
    return last + 1


def _label_duplicates(lines: list[Line], labels: list[tuple[str, str] | None], title: str | None) -> None:
    """Set aside blocks printed a second time (the first copy is the body)."""
    seen: dict[str, int] = {}
    content = [i for i, line in enumerate(lines) if labels[i] is None and line.text.strip()]
    runs: list[list[int]] = []
    last_repeat = -2
    for position, index in enumerate(content):
        key = lines[index].key
        if len(key) >= DUPLICATE_MIN_KEY and key in seen:
            if last_repeat == position - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
            last_repeat = position
        else:
            seen.setdefault(key, index)
    for run in runs:
        chars = sum(len(lines[i].key) for i in run)
        is_title = title is not None and lines[run[0]].key == " ".join(title.split())
        if len(run) >= DUPLICATE_MIN_LINES or chars >= DUPLICATE_MIN_CHARS or is_title:
            for i in run:
                labels[i] = ("duplicate", "printed a second time")


def _merge(lines: list[Line], labels: list[tuple[str, str] | None], text: str) -> list[SetAside]:
    """Consecutive lines with the same label become one set-aside span."""
    parts: list[SetAside] = []
    current: tuple[int, int, tuple[str, str]] | None = None
    for line, label in zip(lines, labels):
        if not line.text.strip():
            continue
        if label is not None and current is not None and current[2] == label:
            current = (current[0], line.end, label)
            continue
        if current is not None:
            parts.append(_set_aside(text, *current))
            current = None
        if label is not None:
            start = line.start + (len(line.text) - len(line.text.lstrip()))
            current = (start, line.start + len(line.text.rstrip()), label)
    if current is not None:
        parts.append(_set_aside(text, *current))
    return [part for part in parts if part is not None]


def _set_aside(text: str, start: int, end: int, label: tuple[str, str]) -> SetAside | None:
    if end <= start:
        return None
    return SetAside(span=Span(start=start, end=end, text=text[start:end]), reason=label[0], note=label[1])


def _title(lines: list[Line], labels: list[tuple[str, str] | None]) -> str | None:
    for line in lines[:40]:
        match = ISSUE.match(line.text)
        if match:
            return " ".join(match.group("title").split())
    for line, label in zip(lines, labels):
        if label is None and line.text.strip():
            return _squeezed_start(line.text, 300)
    return None


def _squeezed_start(text: str, length: int) -> str:
    """``" ".join(text.split())[:length]``, reading only as much of a long line as it needs.

    The squeezed form of a prefix of ``text`` is a prefix of the squeezed ``text``.
    """
    probe = 2 * length
    while probe < len(text):
        squeezed = " ".join(text[:probe].split())
        if len(squeezed) >= length:
            return squeezed[:length]
        probe *= 4
    return " ".join(text.split())[:length]


def _byline_and_outlet(lines: list[Line]) -> tuple[str | None, str | None]:
    byline = outlet = None
    for line in lines:
        stripped = line.text.strip()
        if not stripped or len(stripped) > 80:
            continue
        if outlet is None:
            site = OUTLET_WITH_SITE.search(stripped)
            if site and (_patterns().end.search(stripped) or stripped.startswith(site.group())):
                outlet = site.group("outlet")
        if byline is None:
            found = BYLINE.search(stripped)
            if found:
                byline = " ".join(found.group("byline").split())
                before = OUTLET_BEFORE_BYLINE.match(stripped)
                if before and outlet is None and not before.group("outlet").endswith(("|", ":")):
                    outlet = before.group("outlet")
    return byline, outlet


def _language(lines: list[Line], labels: list[tuple[str, str] | None]) -> str:
    body = " ".join(line.text for line, label in zip(lines, labels) if label is None)
    latin = _removed(_LATIN_RUNS, body)
    # Korean pages settle it early: once the Hangul syllables counted so far pass the bar,
    # the rest of the body (which only adds Hangul) cannot change the answer.
    syllables = 0
    for start in range(0, len(body), _LANGUAGE_STEP):
        syllables += _removed(_SYLLABLES, body[start : start + _LANGUAGE_STEP])
        if syllables and syllables >= 0.2 * (syllables + latin):
            return "ko"
    hangul = syllables + _removed(HANGUL, "".join(_NEITHER.findall(body)))
    if hangul + latin == 0:
        return "und"
    if hangul >= 0.2 * (hangul + latin):
        return "ko"
    return "en"


def read_page(text: str) -> Page:
    """Label every line of a page: body, or set aside with a reason; read title, byline, outlet."""
    lines = split_lines(text)
    labels = _label_lines(lines)
    title = _title(lines, labels)
    _label_duplicates(lines, labels, title)
    byline, outlet = _byline_and_outlet(lines)
    page = Page(
        text=text,
        set_aside=_merge(lines, labels, text),
        title=title,
        outlet=outlet,
        byline=byline,
        language=_language(lines, labels),
        lines=lines,
        body_lines=[line for line, label in zip(lines, labels) if label is None and line.text.strip()],
    )
    if not page.body_lines:
        page.warnings.append(Notice(code="no_body", message="no article body found: the page is empty or only furniture"))
    if page.language not in ("ko", "und"):
        page.warnings.append(
            Notice(code="not_korean", message=f"the body looks {page.language!r}, not Korean: extractors read Korean")
        )
    return page


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A date from a date, a datetime or an ISO ``YYYY-MM-DD`` string (ValueError otherwise)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])
