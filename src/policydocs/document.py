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
import operator
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, repeat

import regex

from policydocs.data import read_tsv
from policydocs.models import Notice, SetAside, Span
from policydocs.models.trusted import trusted

TERMINAL = regex.compile(r"[.!?。…”\"’')\]]\s*$|(?:다|요|음|함|임|됨)\.?\s*$")
HANGUL = regex.compile(r"\p{Hangul}")
LINE_BREAK = re.compile("(\r\n|\r|\n)")  # the group keeps the line breaks in split()
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
    """A page read: the body, what was set aside, and the metadata the page states.

    The body lines are kept as two lists (where each starts, its text as written): a page
    can have thousands of lines, and a ``Line`` for each costs more than reading them.
    """

    text: str
    set_aside: list[SetAside] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    language: str = "ko"
    warnings: list[Notice] = field(default_factory=list)
    body_starts: list[int] = field(default_factory=list)
    body_texts: list[str] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> list[Line]:
        """Every line of the page, empty ones included."""
        return split_lines(self.text)

    @property
    def body_lines(self) -> list[Line]:
        """The non-empty lines not set aside."""
        return [Line(start, start + len(text), text) for start, text in zip(self.body_starts, self.body_texts)]

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


def _split(text: str) -> tuple[list[int], list[str]]:
    """Start offsets and texts of the lines (``\r\n``, ``\r`` and ``\n`` end a line)."""
    if "\r" in text:
        pieces = LINE_BREAK.split(text)
        texts, breaks = pieces[0::2], pieces[1::2]
        steps = map(operator.add, map(len, texts), map(len, breaks))
    else:
        texts = text.split("\n")
        steps = map(operator.add, map(len, texts[:-1]), repeat(1))
    return list(accumulate(steps, initial=0)), texts


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets; ``\r\n``, ``\r`` and ``\n`` end a line."""
    starts, texts = _split(text)
    return [Line(start, start + len(line), line) for start, line in zip(starts, texts)]


# Counting letters is a scan of the whole body: the stdlib re counts Hangul syllables and
# ASCII letters several times faster than regex, which is asked only about the few
# characters that are neither (Hangul jamo, compatibility letters).
_SYLLABLES = re.compile("[가-힣]+")
_LATIN_RUNS = re.compile("[A-Za-z]+")
_NEITHER = re.compile("[^\x00-\x7f가-힣]+")
_NOT_LATIN = bytes(set(range(128)) - set(string.ascii_letters.encode()))


_LANGUAGE_FIRST_STEP = 64


def _removed(pattern: re.Pattern[str] | regex.Pattern[str], text: str) -> int:
    return len(text) - len(pattern.sub("", text))


def letter_counts(text: str) -> tuple[int, int]:
    """(Hangul characters, ASCII letters) of ``text``: ``len(HANGUL.findall(text)), len(LATIN.findall(text))``."""
    latin = latin_letters(text)
    if text.isascii():
        return 0, latin  # a translated line: no Hangul to count
    rest = "".join(_NEITHER.findall(text))
    return _removed(_SYLLABLES, text) + _removed(HANGUL, rest), latin


def latin_letters(text: str) -> int:
    """``len(LATIN.findall(text))``: the ASCII letters, counted among the ASCII characters alone."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))


def _latin_share(text: str) -> float:
    hangul, latin = letter_counts(text)
    return latin / (hangul + latin) if hangul + latin else 0.0


Label = tuple[str, str]  # (reason, note) of a set-aside line

# Text without which no pattern of the kinds line, contains, caption, end and translation
# in furniture.tsv can match a line: only lines holding such a cue are read against those
# kinds. One search of the page finds the cues, where a search of every line would pay a
# call per line. Written from furniture.tsv (a new row needs its cue here;
# tests/test_shortcuts.py checks every row on generated matches). Cues may match more
# than their patterns, never less: within a line (which holds no line break) _SPACE takes
# all that regex's \s does, and a regex \d is none of space, Hangul syllable or ASCII
# letter. No cue but a line start reads past a line break, so each cue lies in one line.
# Every alternative starts with a fixed character: the search then skips from one such
# character to the next instead of trying every alternative at every position.
_DIGIT = r"[^\s가-힣A-Za-z]"
_SPACE = r"[^\S\n]"
POST_WORDS = ("작성일", "입력", "승인", "신문게재", "조회수?", "수정", "등록")
# The words of the article tools or page chrome a furniture line starts with (line, end),
# and ▲ (caption); and what a separator line is made of (line).
LINE_START_WORDS = (
    "기사", "스크랩", "공유", "댓글", "클린뷰", "프린트", "인쇄", "글자", "URL", "페이스북", "트위터", "카카오톡", "밴드",
    "목록", "이전글", "다음글", "구독", "좋아요", "페이지", "본문", "광고", "AD", "랭킹뉴스", "많이", "헤드라인", "실시간",
    "주요", "포토", "지난", "관련", "기자의", "등록된", "전체", "검색", "로그인", "회원가입", "Top", "TOP", "▲",
)
SEPARATOR = "-–—=_*·•|/"  # "-" first: a literal in a character class
# Every line starts after a line break, where the look-ahead turns away most lines at one
# test instead of one test per word.
_LINE_START_FIRST = SEPARATOR + "".join(sorted({word[0] for word in LINE_START_WORDS}))
# What every match of the translation patterns holds: 번역, and what their (?i:translat)
# matches, spelled out. The translation patterns cannot skip text quickly (several µs a
# line); a line is read against them only when it holds one of these.
TRANSLATION_CUES = ["번역", "T[Rr][Aa][Nn][Ssſ][Ll][Aa][Tt]|t[Rr][Aa][Nn][Ssſ][Ll][Aa][Tt]"]
TRANSLATION_CUE = re.compile("|".join(TRANSLATION_CUES))
FURNITURE_CUES = [
    # a line that starts with one of LINE_START_WORDS, or is a separator
    rf"\n(?=[{_LINE_START_FIRST}])(?:{'|'.join(LINE_START_WORDS)}|[{SEPARATOR}]+(?=\n))",
    r"\.(?:jpe?g|png|gif|webp|bmp)(?=\n)",  # a line that ends in an image file name (line)
    "❚",  # newsletter page marker (line)
    *[rf"{word}{_SPACE}*+[:：]?{_SPACE}*+{_DIGIT}" for word in POST_WORDS],  # post information (contains)
    rf"사진제공|사진{_SPACE}*+=|/{_SPACE}*+사진|사진{_SPACE}*+출처|ⓒ|©",  # captions
    rf"무단{_SPACE}*+전재|재배포{_SPACE}*+금지|Copyright|All rights reserved|댓글목록|랭킹뉴스",  # end of the article
    *TRANSLATION_CUES,
]
# What every match of BYLINE (a job title) and OUTLET_WITH_SITE (parentheses around a word
# with a dot, ``(www.example.com)``) holds. These take no text a furniture cue starts in
# (the site is looked for ahead of its parenthesis), and no furniture cue starts with
# their first characters, which tell them apart.
BYLINE_CUES = ["기자", "특파원", "논설위원", "편집위원", rf"\((?={_SPACE}*+[^\s().]*+\.[^\s()]*+{_SPACE}*+\))"]
BYLINE_FIRST = frozenset(cue[0] for cue in BYLINE_CUES[:-1]) | {"("}
CUES = re.compile("|".join(FURNITURE_CUES + BYLINE_CUES))
# ISSUE reads the words 년 and 호.
ISSUE_WORDS = ("년", "호")


@dataclass
class _Lines:
    """The page's lines as written and stripped, and the lines holding a cue."""

    starts: list[int]
    texts: list[str]
    stripped: list[str]
    content: list[int]  # indexes of the non-empty lines
    cued: list[int]  # indexes of the lines holding any cue, in order
    furniture: list[int]  # indexes of the lines holding a furniture cue, in order

    @classmethod
    def of(cls, text: str) -> _Lines:
        starts, texts = _split(text)
        stripped = list(map(str.strip, texts))
        content = list(compress(range(len(stripped)), stripped))
        return cls(starts, texts, stripped, content, *_cued(stripped))


def _cued(stripped: list[str]) -> tuple[list[int], list[int]]:
    """The lines holding any cue, and those holding a furniture cue.

    The stripped lines are searched as one string, each with a line break on both sides;
    the number of line breaks before a cue tells its line (no cue lies in an empty line).
    """
    joined = "\n" + "\n".join(stripped) + "\n"
    cued: list[int] = []
    furniture: list[int] = []
    index = -1
    counted = 0  # line breaks are counted up to here
    for match in CUES.finditer(joined):
        last = match.end() - 1  # a cue's last character is in its line
        index += joined.count("\n", counted, last)
        counted = last
        byline = joined[match.start()] in BYLINE_FIRST
        if not cued or cued[-1] != index:
            cued.append(index)
        if not byline and (not furniture or furniture[-1] != index):
            furniture.append(index)
    return cued, furniture


def _label_lines(lines: _Lines) -> list[Label | None]:
    """(reason, note) for each set-aside line, None for body lines."""
    p = _patterns()
    stripped_lines = lines.stripped
    cued = set(lines.furniture)  # only these lines can match the kinds the cues are written for
    labels: list[Label | None] = [None] * len(stripped_lines)
    started = False  # a content line has been seen: the article has begun
    in_header = True  # no sentence yet: menus and bylines are still page chrome
    index = 0
    while index < len(stripped_lines):
        if started and not in_header:
            # Neither flag changes any more, so a line without a cue is body text.
            position = bisect.bisect_left(lines.furniture, index)
            if position == len(lines.furniture):
                break
            index = lines.furniture[position]
        stripped = stripped_lines[index]
        if not stripped:
            index += 1
            continue
        cue = index in cued
        if not started and p.preamble.search(stripped):
            labels[index] = ("preamble", "server error printed before the page")
        elif cue and started and TRANSLATION_CUE.search(stripped) and p.translation.search(stripped):
            index = _label_translation(stripped_lines, labels, index)
            continue
        elif cue and started and p.end.search(stripped):
            for rest in range(index, len(stripped_lines)):
                if stripped_lines[rest] and labels[rest] is None:
                    labels[rest] = ("furniture", "after the end of the article (copyright, rankings, other stories)")
            break
        elif (cue and (p.line.search(stripped) or p.contains.search(stripped))) or (
            in_header and p.header.search(stripped)
        ):
            labels[index] = ("furniture", "page chrome, article tools or post information")
        elif cue and p.caption.search(stripped):
            labels[index] = ("furniture", "photo caption or credit")
            previous = _previous_content(stripped_lines, labels, index)
            if previous is not None and len(stripped_lines[previous]) <= CAPTION_TITLE_MAX and previous > 0:
                if not TERMINAL.search(lines.texts[previous]) and started:
                    labels[previous] = ("furniture", "photo caption or credit")
        elif len(stripped) >= 10:
            started = True
            in_header = in_header and len(stripped) < 40 and not TERMINAL.search(stripped)
        index += 1
    return labels


def _previous_content(stripped: list[str], labels: list[Label | None], index: int) -> int | None:
    for back in range(index - 1, -1, -1):
        if stripped[back]:
            return back if labels[back] is None else None
    return None


def _label_translation(stripped_lines: list[str], labels: list[Label | None], marker: int) -> int:
    """Mark the translation marker and the Latin-script run after it; the next line to read."""
    last = marker
    for index in range(marker + 1, len(stripped_lines)):
        stripped = stripped_lines[index]
        if not stripped:
            continue
        if _latin_share(stripped) >= 0.8:
            last = index
        elif HANGUL.search(stripped) and len(stripped) > 12:
            break
    for index in range(marker, last + 1):
        if stripped_lines[index]:
            labels[index] = ("translation", "machine translation of the article")
    return last + 1


def _squeezed(stripped: str) -> str:
    """``" ".join(stripped.split())`` of a stripped line, the key that finds it printed twice.

    Every whitespace character but the space is unprintable, so a printable stripped
    line without a double space is its own key (most lines are).
    """
    if stripped.isprintable() and "  " not in stripped:
        return stripped
    return " ".join(stripped.split())


def _label_duplicates(lines: _Lines, labels: list[Label | None], title: str | None) -> list[int]:
    """Set aside blocks printed a second time (the first copy is the body); the body lines left."""
    content = [index for index in lines.content if labels[index] is None]
    if len(content) < 2:
        return content  # a single line (a text of one paragraph) is not printed twice
    keys = [lines.stripped[index] for index in content]
    # The lines joined by spaces hold a double space or an unprintable character when
    # one of them does: most pages have no line to squeeze.
    joined = " ".join(keys)
    if not joined.isprintable() or "  " in joined:
        keys = list(map(_squeezed, keys))
    if len(set(keys)) == len(keys):
        return content  # nothing printed twice
    first = dict(zip(reversed(keys), reversed(range(len(keys)))))  # where each key is seen first
    runs: list[list[int]] = []
    for position, key in enumerate(keys):
        if first[key] != position and len(key) >= DUPLICATE_MIN_KEY:
            if runs and runs[-1][-1] == position - 1:
                runs[-1].append(position)
            else:
                runs.append([position])
    for run in runs:
        chars = sum(len(keys[position]) for position in run)
        is_title = title is not None and keys[run[0]] == " ".join(title.split())
        if len(run) >= DUPLICATE_MIN_LINES or chars >= DUPLICATE_MIN_CHARS or is_title:
            for position in run:
                labels[content[position]] = ("duplicate", "printed a second time")
    return [index for index in content if labels[index] is None]


def _merge(lines: _Lines, labels: list[Label | None], text: str) -> list[SetAside]:
    """Consecutive lines with the same label become one set-aside span."""
    parts: list[SetAside] = []
    current: tuple[int, int, Label] | None = None
    for index in lines.content:  # an empty line neither ends nor extends a run
        label = labels[index]
        if label is None and current is None:
            continue  # a body line outside a run: the common case
        line, start = lines.texts[index], lines.starts[index]
        if label is not None and current is not None and current[2] == label:
            current = (current[0], start + len(line), label)
            continue
        if current is not None:
            parts.append(_set_aside(text, *current))
            current = None
        if label is not None:
            current = (start + len(line) - len(line.lstrip()), start + len(line.rstrip()), label)
    if current is not None:
        parts.append(_set_aside(text, *current))
    return [part for part in parts if part is not None]


def _set_aside(text: str, start: int, end: int, label: Label) -> SetAside | None:
    """The part ``[start, end)`` of ``text`` (None when empty), built without validation:
    the offsets are in order and the label is one of this module's."""
    if end <= start:
        return None
    span = trusted(Span, {"start": start, "end": end, "text": text[start:end]})
    return trusted(SetAside, {"span": span, "reason": label[0], "note": label[1]})


def _title(lines: _Lines, labels: list[Label | None]) -> str | None:
    head = lines.texts[:40]
    joined = "\n".join(head)
    if all(word in joined for word in ISSUE_WORDS):  # else no line holds them all (most heads)
        for line in head:
            if all(word in line for word in ISSUE_WORDS):
                match = ISSUE.match(line)
                if match:
                    return " ".join(match.group("title").split())
    for index, label in enumerate(labels):
        if label is None and lines.stripped[index]:
            return _squeezed_start(lines.texts[index], 300)
    return None


def _squeezed_start(text: str, length: int) -> str:
    """``" ".join(text.split())[:length]``, reading only as much of a long line as it needs.

    The squeezed form of a prefix of ``text`` is a prefix of the squeezed ``text``; a printable
    prefix (no whitespace but the space) without a double space or a space at either end is
    its own squeezed form, and the start of the squeezed ``text`` (most first lines are).
    """
    head = text[:length]
    if head.isprintable() and "  " not in head and not head.startswith(" ") and not head.endswith(" "):
        return head
    probe = 2 * length
    while probe < len(text):
        squeezed = " ".join(text[:probe].split())
        if len(squeezed) >= length:
            return squeezed[:length]
        probe *= 4
    return " ".join(text.split())[:length]


def _byline_and_outlet(lines: _Lines) -> tuple[str | None, str | None]:
    byline = outlet = None
    for index in lines.cued:  # a line without a cue has neither
        stripped = lines.stripped[index]
        if len(stripped) > 80:
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
        if byline is not None and outlet is not None:
            break
    return byline, outlet


def _language(body_texts: list[str]) -> str:
    body = " ".join(body_texts)
    latin = latin_letters(body)
    # Korean pages settle it early: once the Hangul syllables of a prefix of the body pass
    # the bar, the rest of the body (which only adds Hangul) cannot change the answer. The
    # prefix doubles, so a Korean page is decided on its first few dozen characters.
    syllables, start, step = 0, 0, _LANGUAGE_FIRST_STEP
    while start < len(body):
        syllables += _removed(_SYLLABLES, body[start : start + step])
        if syllables and syllables >= 0.2 * (syllables + latin):
            return "ko"
        start, step = start + step, 2 * step
    hangul = syllables + _removed(HANGUL, "".join(_NEITHER.findall(body)))
    if hangul + latin == 0:
        return "und"
    if hangul >= 0.2 * (hangul + latin):
        return "ko"
    return "en"


def read_page(text: str) -> Page:
    """Label every line of a page: body, or set aside with a reason; read title, byline, outlet."""
    lines = _Lines.of(text)
    labels = _label_lines(lines)
    title = _title(lines, labels)
    body = _label_duplicates(lines, labels, title)
    byline, outlet = _byline_and_outlet(lines)
    body_texts = [lines.texts[index] for index in body]
    page = Page(
        text=text,
        set_aside=_merge(lines, labels, text),
        title=title,
        outlet=outlet,
        byline=byline,
        language=_language(body_texts),
        body_starts=[lines.starts[index] for index in body],
        body_texts=body_texts,
    )
    if not page.body_texts:
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
