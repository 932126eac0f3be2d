"""Korean dates: every date, period, deadline and duration, resolved against a reference date.

``find_dates(text, reference=...)`` reads running text in three steps:

1. Named rules (``RULES``) find *atoms*: what the text states, unit by unit
   (``2023년 11월 1일``, ``’21.1.``, ``(2.23)``, ``지난 4월``, ``10년간``, ``올해``).
2. Atoms are combined: ``A ~ B`` / ``A부터 B까지`` become intervals, ``…까지`` a
   deadline, ``…부터`` / ``이후`` / ``들어`` a start (``since``), ``경`` / ``무렵`` make a date
   approximate, and ``2023년부터 5년간`` anchors a duration.
3. Each expression is resolved against the reference date (the document's own date).

Two-digit years (``’30년``, ``74/10/31``, ``92년``)
    The century puts the year within a window around the reference year: from 69
    years before it to 30 after (reference 2023: 1954-2053, so ``’50년`` is 2050 and
    ``’74`` 1974). Without a reference the fixed RFC 5280 window 1950-2049 is used and
    the mention carries a warning. Decades (``80년대``) take the latest decade that has
    begun by the reference year. A four-digit year with 년 must lie in 1000-2999; a bare
    four-digit number is read as a year only in 1900-2100 and only where it stands alone
    (``(2013)``, a line of its own, ``2017시즌``).

Tense (which ``9일``, ``4월``, ``월요일``, ``상반기`` is meant)
    A year-less date is placed by, in order: a prefix (``지난`` / ``저번`` → the latest
    occurrence before the reference; ``오는`` / ``다가오는`` / ``다음`` → the next one);
    else the first tense cue after it in its sentence (a past-tense verb ending such as
    ``했다`` / ``밝혔다`` / ``열렸고`` → past, i.e. the latest occurrence that has begun by
    the reference date; ``예정`` / ``계획`` / ``전망`` / ``겠`` / ``할 것`` / a present
    ``한다`` of a scheduled event → future, the earliest that has not ended); else the
    occurrence in the reference's own unit (the same year for a month or a holiday, the
    same month for a day, the same Monday-Sunday week for a weekday). ``다음 화요일`` and
    ``지난 일요일`` mean next week's and the latest strictly earlier one.

Reference dates
    ``reference`` is a ``datetime.date`` (or ``datetime``, or ISO ``YYYY-MM-DD`` string),
    or a ``DateExpression`` such as ``find_publication_date``'s answer: a newsletter that
    gives only its year (grain ``year``) resolves ``11.6`` and ``올해`` but leaves ``9일``
    unresolved. Without one, relative dates keep what the text states (``9일`` → partial
    ``{day: 9}``, ``resolved: false``, and a warning); those that state nothing absolute
    (``올해``, ``3년 전``) are not emitted but reported.

Warnings
    ``scan_dates`` returns ``(mentions, warnings)``; each warning is a ``DateWarning``
    named tuple ``(message, start, end)`` with offsets into the caller's text, for what
    was seen but not emitted: impossible dates (``2월 30일``, ``13월``) and relative dates
    that need a reference. ``find_dates`` returns only mentions and copies each such
    warning onto the nearest mention, when there is one.

>>> [m.span.text for m in find_dates("’23.8~9 수립, 2030년까지 투자")]
['’23.8~9', '2030년까지']
>>> m = find_dates("오는 9일 개최", reference="2023-11-07")[0]
>>> m.kind, m.start.isoformat(), m.resolved
('point', '2023-11-09', True)
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from policydocs.data import read_tsv
from policydocs.extract import calendar as cal
from policydocs.extract.numbers import parse_number
from policydocs.extract.rules import CLOCK_EVERY, RULE_TIMEOUT_SECONDS, Candidate, Rule, longest_first, start_scanner
from policydocs.extract.text import normalize
from policydocs.models import DateExpression, DateMention, PartialDate, Span
from policydocs.models.trusted import trusted

# ---------------------------------------------------------------- words (data/date_words.tsv)


@dataclass(frozen=True)
class DateWords:
    """The date lexicon, by category (see data/README.md)."""

    by_category: dict[str, dict[str, str]]

    def words(self, category: str) -> dict[str, str]:
        return self.by_category.get(category, {})

    def alternation(self, *categories: str) -> str:
        """A regex alternation of the words of some categories, longest first, spaces optional."""
        words = {word for category in categories for word in self.words(category)}
        return "(?:" + "|".join(map(spaced, sorted(words, key=lambda w: (-len(w), w)))) + ")"

    def first_chars(self, *categories: str) -> str:
        """The characters that words of these categories start with (a cheap guard for a pattern)."""
        return "".join(sorted({word[0] for category in categories for word in self.words(category)}))

    def first_pairs(self, *categories: str) -> list[str]:
        """The first two characters of the words of these categories (spaces dropped)."""
        return sorted({word.replace(" ", "")[:2] for category in categories for word in self.words(category)})

    def value(self, category: str, word: str) -> str:
        table = self.words(category)
        if word in table:
            return table[word]
        squeezed = word.replace(" ", "")
        for key, value in table.items():
            if key.replace(" ", "") == squeezed:
                return value
        raise KeyError(word)


def spaced(word: str) -> str:
    """A word as a pattern (for regex and re alike) in which each of its spaces is optional."""
    return regex.escape(word).replace(r"\ ", " ?")


@lru_cache(maxsize=None)
def date_words() -> DateWords:
    table: dict[str, dict[str, str]] = {}
    for row in read_tsv("date_words.tsv"):
        table.setdefault(row["category"], {})[row["word"]] = row["value"]
    return DateWords(table)


# ---------------------------------------------------------------- what the text states


@dataclass(frozen=True)
class Spec:
    """One calendar point as stated: absolute parts, parts relative to the reference, or both."""

    year: int | None = None
    two_digit: int | None = None  # ’30 / 92년: century from the window
    year_shift: int | None = None  # 올해 0, 내년 1
    decade: bool = False
    month: int | None = None
    month_shift: int | None = None  # 이달 0, 지난달 -1
    day: int | None = None
    day_shift: int | None = None  # 오늘 0, 어제 -1
    week_shift: int | None = None  # 이번 주 0
    weekday: int | None = None
    quarter: int | None = None
    quarter_shift: int | None = None
    half: int | None = None
    season: tuple[int, int, int, int] | None = None
    ordinal: int | None = None  # 첫째 주 / 마지막 월요일 / 마지막 날
    ordinal_of: str | None = None  # "week", "weekday", "day"
    part: str | None = None  # early / mid / late / first / middle / last
    tense: str | None = None  # from a prefix: past / future
    strict: bool = False  # 지난 일요일 / 다음 화요일: strictly before / after
    approximate: bool = False
    stated_weekday: int | None = None  # 11월 1일(수): checked, not used
    own_unit: bool = False  # (2.23): the reference's own year, whatever the sentence's tense
    anaphor: int | None = None  # 이날 0, 전날 -1: the day of the previous date mention (or the reference)

    def has_calendar_unit(self) -> bool:
        return any(
            value is not None for value in (self.month, self.quarter, self.half, self.season, self.month_shift)
        )


_SPEC_FIELDS = frozenset(Spec.__dataclass_fields__)


def _changed(spec: Spec, **changes: Any) -> Spec:
    """``dataclasses.replace`` for a Spec, without re-running ``__init__`` (a hot path: a few per date)."""
    if not changes.keys() <= _SPEC_FIELDS:
        raise TypeError(f"not fields of Spec: {sorted(changes.keys() - _SPEC_FIELDS)}")
    copy = object.__new__(Spec)
    copy.__dict__.update(spec.__dict__)
    copy.__dict__.update(changes)
    return copy


@dataclass(frozen=True)
class Atom:
    """What one rule read: a point, an interval inside one expression, a duration or an offset."""

    kind: str  # point, interval, duration, relative, within
    first: Spec | None = None
    last: Spec | None = None
    amount: int | None = None  # durations and offsets: 5 (년)
    amount_max: int | None = None  # 5~10년
    unit: str | None = None  # year, month, week, day
    direction: int = 0  # relative: -1 ago, +1 later
    anchor: str | None = None  # durations: past (지난 N년), future (향후 N년)
    approximate: bool = False
    problem: str | None = None  # an impossible date: reported, never emitted


class Expression(NamedTuple):
    """An atom after combination, with its span in the normalised text."""

    start: int
    end: int
    atom: Atom
    kind: str
    duration_start: Spec | None = None  # 2023년부터 5년간
    approximate: bool = False


class DateWarning(NamedTuple):
    """Something seen but not emitted as a date: message and span in the caller's text."""

    message: str
    start: int
    end: int


# ---------------------------------------------------------------- reference date


@dataclass(frozen=True)
class Reference:
    """The reference date and how much of it is known (a newsletter may give only its year)."""

    anchor: dt.date | None
    grain: str = "day"

    @property
    def year(self) -> int | None:
        return self.anchor.year if self.anchor else None

    @property
    def knows_month(self) -> bool:
        return self.anchor is not None and self.grain in ("day", "week", "month")

    @property
    def knows_day(self) -> bool:
        return self.anchor is not None and self.grain in ("day", "week")


def as_reference(reference: Any) -> Reference:
    """A Reference from a date, datetime, ISO string, DateExpression or None."""
    if reference is None or reference == "":
        return _NO_REFERENCE
    if isinstance(reference, Reference):
        return reference
    if isinstance(reference, dt.datetime):
        return Reference(reference.date())
    if isinstance(reference, dt.date):
        return Reference(reference)
    if isinstance(reference, DateExpression):
        day = reference.start or reference.end
        if day is None:
            return Reference(None)
        grain = reference.grain if reference.grain in ("day", "week", "month") else "year"
        return Reference(day, grain)
    return Reference(dt.date.fromisoformat(str(reference).strip()[:10]))


_NO_REFERENCE = Reference(None)  # frozen: one serves every call without a reference


# ---------------------------------------------------------------- numbers


def _int(text: str | None) -> int | None:
    """Digits or a Hangul numeral (via policydocs.parse_number) as an int."""
    if not text:
        return None
    text = text.strip()
    if text.isdigit():
        return int(text)
    number = parse_number(text)
    if isinstance(number, Decimal) and number == number.to_integral_value() and 0 <= number < 10000:
        return int(number)
    return None


# ---------------------------------------------------------------- patterns
#
# Written for the ``regex`` module, and run by the stdlib ``re`` as well (see ``rules``):
# every lookbehind has a fixed width (``(?<!\d박)(?<!\d박 )``, not ``(?<!\d박 ?)``), except
# in the bare-year rule, which only regex runs.

APOSTROPHE = "[’‘'`´′]"
RANGE = r" ?[~∼\-–] ?"
SEP = " {0,2}"
HANGUL_DIGITS = "[영공일이삼사오육륙칠팔구십백천]"
# After 일 these start another word (일본, 일부, 일자리), so the digits are no day.
DAY_NOT_AFTER = "간|째|본|반|부(?!터)|자리|환|류|치|련|괄|대(?:로|비|책|학)"
# Particles and suffixes that may follow a date word (초, 말, 봄) without making it another word.
# What makes "N일" a count of days rather than a date: 12일 만에, 1일 1회, 20일 치.
DAY_NOT_BEFORE = r"(?! ?(?:만[에이의인]|[1-9]\d*회|치|분량))"
WORD_END = r"(?=$|[^가-힣]|까지|부터|에|경|께|쯤|의|은|는|을|를|이|가|로|으로|도|들어|엔|께)"
WEEKDAY_CHARS = "월화수목금토일"


def _year_fragment() -> str:
    words = date_words()
    not_year = words.alternation("not_a_year_after")
    return (
        "(?:"
        r"(?<![\d.,])(?P<y4>\d{4})(?:" + RANGE + r"(?P<y4e>\d{4}))?"
        "|(?P<ap>" + APOSTROPHE + r")(?P<y2>\d{2})(?:" + RANGE + APOSTROPHE + r"?(?P<y2e>\d{2}))?"
        r"|(?<![\d.,’‘'`´′~∼\-–])(?<![~∼\-–] )(?P<yb>[1-9]\d)(?:" + RANGE + r"(?P<ybe>\d{2}))?"
        "|(?P<yh>" + HANGUL_DIGITS + "{2,6})"
        ")"
        r" ?(?:(?P<decade>년대)|(?:년도|년|年)(?(yb)(?!\s?" + not_year + ")))"
    )


# What must follow 올 for the calendar rule to read it as this year (올 3월, 올 상반기, 올 들어).
BOUND_FOLLOWS = r"\s?(?:\d|상반기|하반기|들어|봄|여름|가을|겨울|연말|연초|초|말|" + HANGUL_DIGITS + ")"
CALENDAR_WORDS = ("past_prefix", "future_prefix", "this_prefix", "year_offset", "year_offset_bound", "month_offset")
RELATIVE_WORDS = (
    "anaphor_day", "day_offset", "week_offset", "quarter_offset", "past_prefix", "future_prefix",
    "this_prefix", "year_offset", "year_offset_bound", "half", "holiday",
)


def _calendar_pattern() -> str:
    """``[지난|오는] <year>년 <month>월 <day>일 [요일] [(현지시간)]`` and its parts."""
    w = date_words()
    prefix = "(?:(?P<pre>" + w.alternation("past_prefix", "future_prefix", "this_prefix") + ") ?)?"
    year_word = "(?P<yw>" + w.alternation("year_offset") + "|" + w.alternation("year_offset_bound") + "(?=" + BOUND_FOLLOWS + "))"
    month = r"(?<![\d.])(?<!(?<!\d)\d년)(?<!(?<!\d)\d년 )(?P<mo>\d{1,2})(?:" + RANGE + r"(?P<moe>\d{1,2}))? ?(?:월|月)(?!요일|세|급|간)"
    month_hangul = "(?P<mh>" + HANGUL_DIGITS + "{1,3}) ?월(?!요일|세|급|간)"
    month_word = "(?P<mw>" + w.alternation("month_offset") + ")"
    day = (
        r"(?<![\d.])(?<!\d박)(?<!\d박 )(?<!개월)(?P<d>\d{1,2})(?:" + RANGE + r"(?P<de>\d{1,2}))? ?(?:일|日)(?!" + DAY_NOT_AFTER + ")"
        + DAY_NOT_BEFORE
    )
    day_hangul = "(?P<dh>" + HANGUL_DIGITS + "{1,3}) ?일(?!" + DAY_NOT_AFTER + ")"
    weekday = "(?: ?(?P<wd>[" + WEEKDAY_CHARS + "])요일)"
    weekday_paren = r"(?: ?\((?P<wdp>[" + WEEKDAY_CHARS + r"])(?:요일)?\))"
    ordinal = (
        "(?P<ord>"
        + w.alternation("ordinal")
        + ") ?(?:(?P<ordweek>주)(?!년|간|일|차|기|식|가)|(?P<ordwd>["
        + WEEKDAY_CHARS
        + "])요일|(?P<orddays>날))"
    )
    month_part = "(?P<mp>" + w.alternation("month_part") + ")" + WORD_END
    year_part = "(?P<yp>" + w.alternation("year_part") + ")" + WORD_END
    half = "(?P<half>" + w.alternation("half") + ")"
    quarter = r"(?:(?P<q>[1-4])(?:/4)?|(?P<qh>일|이|삼|사)) ?분기"
    season = "(?P<season>" + w.alternation("season") + ")" + WORD_END
    day_tail = "(?:" + day + "|" + ordinal + ")" + weekday + "?"
    month_tail = "(?:" + SEP + "(?:" + day_tail + "|" + month_part + "))?"
    local = r"(?: ?\((?P<local>" + w.alternation("local_time") + r")\))?"
    year_block = "(?:" + _year_fragment() + "|" + year_word + ")"
    month_any = "(?:" + month + "|" + month_hangul + ")"
    after_month = "(?:" + SEP + "(?:" + day + "|" + day_hangul + "|" + ordinal + ")" + weekday + "?|" + SEP + month_part + ")?"
    below_year = "(?:" + SEP + "(?:" + half + "|" + quarter + "|" + season + "|" + month_any + after_month + "|" + year_part + "))?"
    body = (
        "(?:"
        + year_block + below_year  # <year>년 [<month>월 [<day>일]] / <year>년 상반기 / 4분기 / 여름 / 말
        + "|(?:" + month_word + "|" + month + ")" + month_tail  # 지난달 30일 / 이달 말 / 3월 1일 / 3월 / 1~6월
        + "|" + day + weekday + "?"  # 9일 / 19∼22일
        + ")"
    )
    guard = _guard(
        w, CALENDAR_WORDS,
        "0-9" + APOSTROPHE[1:-1] + HANGUL_DIGITS[1:-1],
        "[0-9]", APOSTROPHE, HANGUL_DIGITS + "{1,6} ?[년월일]",
    )
    return guard + prefix + body + weekday_paren + "?" + local


def _guard(words: DateWords, categories: tuple[str, ...], *more: str) -> str:
    """A lookahead that a pattern's match can start here: checked at every position, so it must be cheap."""
    pairs = words.first_pairs(*categories)
    literal = [regex.escape(p[0]) + " ?" + regex.escape(p[1:]) if len(p) > 1 else regex.escape(p) for p in pairs]
    first = "".join(sorted({p[0] for p in pairs}))
    # A character class first: one set lookup rejects most positions before the alternation runs.
    return "(?=[" + regex.escape(first) + more[0] + "])(?=" + "|".join([*more[1:], *literal]) + ")"


def _whole_words(words: Iterable[str], then: str = "") -> list[Branch]:
    """Start branches for whole words (spaces optional, as the patterns have them), each before ``then``."""
    return [(word[0], "", spaced(word[1:]) + then) for word in sorted(set(words))]


# Where a number can start a date or an amount of time: its first ASCII digit, not after
# another digit, and a unit (년, 월, 일 / 개월, 주 …) right after its digits. The later
# digits are matched by regex's \d, which may know digits that re's does not.
@lru_cache(maxsize=None)
def _digit() -> str:
    """A stdlib class of every digit regex knows (any character beyond the BMP stands for one).

    Spelled out rather than as "no ASCII non-digit, no Hangul syllable": re compiles a
    class with the Hangul range a character at a time, and the start scanners hold this
    class some three hundred times.
    """
    return "[" + _regex_class("\\d") + "\\U00010000-\\U0010ffff]"


_RANGE_ANY = " ?[~∼\\-–] ?"


# A start branch is ``(characters, not_after, then)`` as for ``start_scanner``. A rule's
# branches come in two lists, those led by digits and apostrophes and those led by Hangul:
# ``rule_starts`` finds the first kind for all rules in one pass, the second by a scanner.
Branch = tuple[str, str, str]


def _calendar_branches() -> tuple[list[Branch], list[Branch]]:
    """The calendar rule's start branches, led by digits and apostrophes, and by Hangul.

    A digit leads a year of four or two digits (2023년, 2023~2028년, 92년) or a month or
    day of one or two (11월, 1~6월, 19∼22일); an apostrophe a two-digit year (’30년).
    """
    w = date_words()
    two, four = _digit() * 2, _digit() * 4
    digits = [
        (
            "0123456789",
            r"\d",
            "(?:" + _digit() * 3 + "(?:" + _RANGE_ANY + four + ")?|" + _digit() + "(?:" + _RANGE_ANY + two + ")?) ?[년年]"
            "|" + _digit() + "?(?:" + _RANGE_ANY + _digit() + "{1,2})? ?[월일月日]",
        ),
        (APOSTROPHE[1:-1], "", two + "(?:" + _RANGE_ANY + APOSTROPHE + "?" + two + ")? ?[년年]"),
    ]
    # After a prefix (지난, 이번 …) comes what a date begins with: a digit, an apostrophe, a
    # Hangul numeral or a year or month word. 올 alone is this year only before what
    # BOUND_FOLLOWS names (re's \s takes in regex's, _digit() every digit regex knows).
    starts = w.first_chars("year_offset", "year_offset_bound", "month_offset")
    after_prefix = " ?(?:" + _digit() + "|[" + re.escape(APOSTROPHE[1:-1] + starts) + HANGUL_DIGITS[1:-1] + "])"
    bound = BOUND_FOLLOWS.replace("\\d", _digit())
    hangul = [
        # a numeral year: two to six numerals, then 년 or 年 (이천이십삼년, 천일年)
        (HANGUL_DIGITS[1:-1], "", HANGUL_DIGITS + "{1,5} ?[년年]"),
        *_whole_words(w.words("past_prefix") | w.words("future_prefix") | w.words("this_prefix"), after_prefix),
        *_whole_words(w.words("year_offset") | w.words("month_offset")),
        *[(word[0], "", spaced(word[1:]) + "(?:" + bound + ")") for word in w.words("year_offset_bound")],
    ]
    return digits, hangul


def _calendar_starts() -> re.Pattern[str]:
    """Where the calendar rule can start (a narrower ``_guard``: a digit must lead to a unit)."""
    digits, hangul = _calendar_branches()
    return start_scanner(*digits, *hangul)


# The year words the relative rule reads before a season (올여름, 지난 겨울).
SEASON_YEAR_WORDS = ("올", "올해", "이번", "지난", "지난해", "작년", "내년", "다음")


def _relative_word_pattern() -> str:
    """오늘, 다음 주 화요일, 지난 일요일, 이번 분기, 상반기, 4분기, 광복절, 올여름, 연말, 11月."""
    w = date_words()
    prefix = "(?:(?P<pre>" + w.alternation("past_prefix", "future_prefix", "this_prefix") + ") ?)?"
    year_word = "(?P<yw>" + w.alternation("year_offset", "year_offset_bound") + ") ?"
    weekday = "(?P<wd>[" + WEEKDAY_CHARS + "])요일"
    local = r"(?: ?\((?P<local>" + w.alternation("local_time") + r")\))?"
    guard = _guard(
        w,
        RELATIVE_WORDS,
        WEEKDAY_CHARS + "1-4일이삼사연",
        "[" + WEEKDAY_CHARS + "]요", "[1-4일이삼사](?:/4)? ?분", "연[말초중]",
    )
    return (
        guard
        + "(?:"
        + "(?<![가-힣])(?P<ana>"
        + w.alternation("anaphor_day")
        + ")"
        + WORD_END
        + "|(?P<dw>"
        + w.alternation("day_offset")
        + ")(?!(?![은는의도부까에이로])[가-힣])"
        + "|(?P<ww>"
        + w.alternation("week_offset")
        + ")(?: ?"
        + weekday
        + ")?"
        + "|(?P<qw>"
        + w.alternation("quarter_offset")
        + ")"
        + "|"
        + prefix
        + weekday
        + "|(?P<yw2>" + "|".join(SEASON_YEAR_WORDS) + ") ?(?P<season>"
        + w.alternation("season")
        + ")"
        + WORD_END
        + "|(?:"
        + year_word
        + ")?(?:(?P<half>"
        + w.alternation("half")
        + ")|(?:(?P<q>[1-4])(?:/4)?|(?P<qh>일|이|삼|사)) ?분기)"
        + "|(?:(?P<yw3>"
        + w.alternation("year_offset", "year_offset_bound")
        + ") ?)?(?P<hol>"
        + w.alternation("holiday")
        + ")"
        + "|(?P<ypart>연말|연초|연중)"
        + ")"
        + local
    )


def _relative_word_branches() -> tuple[list[Branch], list[Branch]]:
    """The relative-word rule's start branches: 4분기 by a digit; the rest by Hangul.

    Each is what one alternative of ``_relative_word_pattern`` begins with, word for word:
    a prefix (지난, 이번 …) only where a weekday follows, a year word (올해, 내년 …) only
    where a season, a half, a quarter or a holiday does. (Word pairs alone, as the guard
    has them, stop at every 지난해 and 이번에, where the pattern then fails.)
    """
    w = date_words()

    def of(*categories: str) -> list[str]:
        return [word for category in categories for word in w.words(category)]

    seasons = w.alternation("season")
    after_year = " ?(?:" + w.alternation("half") + "|" + w.alternation("holiday") + "|(?:[1234](?:/4)?|[일이삼사]) ?분기)"
    digits = [("1234", "", "(?:/4)? ?분기")]
    hangul = [
        (WEEKDAY_CHARS, "", "요일"),
        ("일이삼사", "", "(?:/4)? ?분기"),
        ("연", "", "[말초중]"),
        *_whole_words(of("anaphor_day", "day_offset", "week_offset", "quarter_offset", "half", "holiday")),
        *_whole_words(of("past_prefix", "future_prefix", "this_prefix"), " ?[" + WEEKDAY_CHARS + "]요일"),
        *_whole_words(SEASON_YEAR_WORDS, " ?" + seasons),
        *_whole_words(of("year_offset", "year_offset_bound"), after_year),
    ]
    return digits, hangul


def _relative_word_starts() -> re.Pattern[str]:
    """Where the relative-word rule can start: the branches of its ``_guard``."""
    digits, hangul = _relative_word_branches()
    return start_scanner(*digits, *hangul)


NUMERIC_YEAR = r"(?:(?<![\d.,:/])(?P<y4>(?:19|20|21)\d{2})|(?P<ap>" + APOSTROPHE + r")(?P<y2>\d{2}))"
NUMERIC_PATTERN = (
    NUMERIC_YEAR
    + r"(?P<sep>[./\-])(?:(?<=\.) )?(?P<m>\d{1,2})(?!\d)(?:(?P=sep)(?:(?<=\.) )?(?P<d>\d{1,2})(?!\d))?(?P<dot>\.(?!\d))?"
    + r"(?:"
    + RANGE
    + r"(?:(?P<ry>(?:19|20|21)\d{2}|"
    + APOSTROPHE
    + r"\d{2})[./\-])?(?P<r1>\d{1,2})(?!\d)(?:[./\-](?P<r2>\d{1,2})(?!\d))?(?:[./\-](?P<r3>\d{1,2})(?!\d))?\.?(?!\d)"
    + r"(?: ?(?:월|年))?"
    + r")?"
    + r"(?![\d%])"
)
# 21-07-22, 74/10/31: two-digit years only in the strict YY-MM-DD shape.
SHORT_NUMERIC_PATTERN = r"(?<![\d.,:/\-])(?P<yb>\d{2})(?P<sep>[./\-])(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?![\d]|[./\-]\d)"
# (2.23), (日 MURC, 11.6): month.day inside parentheses.
PAREN_MONTH_DAY_PATTERN = r"(?:(?<=\()|(?<=\( )|(?<=[,;])|(?<=[,;] ))(?P<m>\d{1,2})\.(?P<d>\d{1,2})\.?(?= ?\))"
# 2023.1027 in a citation (", 2023.1027;"): a dropped dot.
RUN_TOGETHER_PATTERN = r"(?:(?<=,)|(?<=, ))(?P<y4>(?:19|20)\d{2})\.(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[;,)]|\s|$)"
# 2/15 (month/day) where no fraction can be meant.
SLASH_MONTH_DAY_PATTERN = r"(?<![\d/.,\-A-Za-z])(?P<m>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)(?![\d/.,%])(?! ?(?:분기|이상|이하|수준|가량|정도|배|로|만|씩))"


# Words before a count of time (지난 3년, 향후 5년): the amount rule's guard and start scanner.
AMOUNT_PREFIXES = ("지난", "최근", "향후", "앞으", "다음", "과거", "오는")
AMOUNT_PREFIX_WORDS = ("지난", "최근", "향후", "앞으로", "다음", "과거", "오는")  # as the amount rule reads them


def _amount_pattern() -> str:
    """Durations, offsets and deadlines counted from the reference: 5년간, 3년 전, 향후 5~10년, 2주 이내."""
    w = date_words()
    counters = w.alternation("counter")
    guard = (
        "(?=[0-9지최향앞다과오이" + HANGUL_DIGITS[1:-1] + regex.escape(w.first_chars("counter")) + "])"
        "(?=[0-9]|" + "|".join(AMOUNT_PREFIXES) + "|" + HANGUL_DIGITS + "{1,3} ?[년개달주일]|" + counters + " ?[해달])"
    )
    return (
        guard
        + r"(?:(?P<pre>" + "|".join(AMOUNT_PREFIX_WORDS) + r")\s{0,3})?"
        + r"(?:(?<![\d.,’‘'`´′])(?P<n>\d{1,3})(?:"
        + RANGE
        + r"(?P<n2>\d{1,3}))?|(?P<nh>"
        + HANGUL_DIGITS
        + "{1,3})|(?P<nc>"
        + counters
        + ") ?)"
        + r" ?(?P<unit>개년|년|해|개월|달|주일|주|일)"
        + r"(?:(?P<during>간|\s?동안)|\s?(?P<ago>전|이전|前)(?!(?![에의])[가-힣])"
        + r"|\s?(?P<later>후|뒤|後)(?!(?![에의])[가-힣])|\s?(?P<within>안에|이내에|이내|내에|안|내)(?!(?![에의])[가-힣]))?"
    )


def _amount_branches() -> tuple[list[Branch], list[Branch]]:
    """The amount rule's start branches: what each way of stating a number begins with.

    A prefix word (지난, 향후 …) only before a number, and a number only before a unit
    (개년, 개월, 년 …: ``개`` alone, as in 연구개발, is none).
    """
    w = date_words()
    digits = [("0123456789", r"[\d.,’‘'`´′]", _digit() + "{0,2}(?:" + _RANGE_ANY + _digit() + "{1,3})? ?(?:개[년월]|[년해달주일])")]
    number = "(?:" + _digit() + "|" + HANGUL_DIGITS + "|" + w.alternation("counter") + ")"
    hangul = [
        *_whole_words(AMOUNT_PREFIX_WORDS, "[" + _regex_class("\\s") + "]{0,3}" + number),
        (HANGUL_DIGITS[1:-1], "", HANGUL_DIGITS + "{0,2} ?(?:개[년월]|[년달주일])"),
        *[(word[0], "", re.escape(word[1:]) + " ?[해달]") for word in w.words("counter")],
    ]
    return digits, hangul


def _amount_starts() -> re.Pattern[str]:
    """Where the amount rule can start."""
    digits, hangul = _amount_branches()
    return start_scanner(*digits, *hangul)


def _bare_year_pattern() -> str:
    """A four-digit year standing alone: (2013), ``…, 2016)``, a line of its own, 2017시즌."""
    year = r"(?P<y4>(?:19|20)\d{2}|2100)"
    return (
        r"(?=[12])(?:"
        r"(?:(?<=\( ?)|(?<=, ?))" + year + r"(?= ?\))"
        r"|(?<=(?:^|\n)[ \t]*)" + year + r"(?=[ \t]*(?:\r?\n|$))"
        r"|(?<![\d.,])" + year + r"(?=시즌|학년도|회계연도|년도)"
        r")"
    )


def _cjk_pattern() -> str:
    """11月, 2023年 11月 1日 (read by the calendar rule); 11月 alone needs no 년."""
    return r"(?<![\d.])(?P<mo>1[0-2]|0?[1-9])月"


# Rule names (also the keys of ``rule_starts``).
CALENDAR = "[지난|오는] <year>년 <month>월 <day>일 [요일] [(현지시간)]"
NUMERIC = "<y>.<m>.<d> | ’<yy>.<m>[~<m>]"
SHORT_NUMERIC = "<yy>-<mm>-<dd>"
PAREN_MONTH_DAY = "(<m>.<d>)"
SLASH_MONTH_DAY = "<m>/<d>"
RUN_TOGETHER = ", <yyyy>.<mmdd>"
RELATIVE = "오늘 | 이번 주 <요일> | 상반기 | 4분기 | <holiday> | 올여름"
AMOUNT = "[지난|향후] <n> <unit> 간|전|후|이내"
BARE_YEAR = "(<yyyy>) | <yyyy>시즌"
CJK_MONTH = "<m>月"


# ---------------------------------------------------------------- where rules can start
#
# Every rule is tried only where it can start. Each rule has a start scanner (a necessary
# condition of its pattern, read from the pattern beside it). ``scan_dates`` does not run
# them all: one pass finds the digit runs, apostrophes and separators where any rule may
# start, the character after a run says which rules to ask (their scanner, at that one
# position), and only the three rules that may start at a Hangul letter scan the text.


class _Start(NamedTuple):
    """A rule may start at one of ``characters`` (a class body) where ``test`` holds after it."""

    characters: str
    test: str


# What regex's \d may be beyond 0-9: anything but ASCII and the Hangul syllables.
_NOT_ASCII_OR_HANGUL = "\\x80-\\uabff\\ud7a4-\\U0010ffff"


def _numeric_starts() -> list[_Start]:
    """NUMERIC_PATTERN: 19xx / 20xx / 21xx (not after a digit, dot, comma, colon, slash) or ’xx, then a separator."""
    return [
        _Start("1", "(?<![0-9.,:/].)(?=9" + _digit() * 2 + "[./\\-])"),
        _Start("2", "(?<![0-9.,:/].)(?=[01]" + _digit() * 2 + "[./\\-])"),
        _Start(re.escape(APOSTROPHE[1:-1]), "(?=" + _digit() * 2 + "[./\\-])"),
    ]


def _short_numeric_starts() -> list[_Start]:
    """SHORT_NUMERIC_PATTERN: two digits, a separator, two digits, the separator."""
    after = "(?=" + _digit() + "[./\\-]" + _digit() * 2 + "[./\\-])"
    return [_Start("0-9" + _NOT_ASCII_OR_HANGUL, "(?<![0-9.,:/\\-].)" + after)]


def _paren_month_day_starts() -> list[_Start]:
    """PAREN_MONTH_DAY_PATTERN: after ``(`` / ``,`` / ``;`` (and a space), one or two digits and a dot."""
    return [_Start("0-9" + _NOT_ASCII_OR_HANGUL, "(?:(?<=[(,;].)|(?<=[(,;] .))(?=" + _digit() + "?\\.)")]


def _slash_month_day_starts() -> list[_Start]:
    """SLASH_MONTH_DAY_PATTERN: one or two ASCII digits, then ``/``."""
    return [_Start("0-9", "(?<![0-9/.,\\-A-Za-z].)(?=[0-9]?/)")]


def _run_together_starts() -> list[_Start]:
    """RUN_TOGETHER_PATTERN: after ``,`` (and a space), 19xx or 20xx, then a dot."""
    return [_Start("12", "(?:(?<=,.)|(?<=, .))(?=[90]" + _digit() * 2 + "\\.)")]


def _bare_year_starts() -> list[_Start]:
    """_bare_year_pattern: 19xx, 20xx or 2100, not after a digit or a dot, then what may follow it."""
    follows = "(?: ?\\)|[ \\t]*(?:\\r?\\n|$)|시즌|학년도|회계연도|년도)"  # (2013) / a line of its own / 2017시즌
    return [
        _Start("1", "(?<![0-9.].)(?=9" + _digit() * 2 + follows + ")"),
        _Start("2", "(?<![0-9.].)(?=(?:0" + _digit() * 2 + "|100)" + follows + ")"),
    ]


def _cjk_starts() -> list[_Start]:
    """_cjk_pattern: one or two ASCII digits (not after a digit or a dot), then 月."""
    return [_Start("0-9", "(?<![0-9.].)(?=[0-9]?月)")]


def _class_scanner(starts: list[_Start]) -> re.Pattern[str]:
    """A start scanner from tests: one character class, then the tests (re skips to the class)."""
    characters = "".join(start.characters for start in starts)
    return re.compile(f"[{characters}](?:" + "|".join(f"(?<=[{s.characters}]){s.test}" for s in starts) + ")")


# What may follow a run of ASCII digits where a rule can start at the run: the rule, the
# numbers of digits the run may have, what to ask of the rule's scanner there (all of it:
# ASK; nothing, the run and what follows say enough, a unit right after it: NOTHING; or
# whether the amount rule can read more than a bare count there: BEFORE_AN_AMOUNT,
# ``_amount_after_digits``), and what must come after the character
# (None for anything: before "55.4%" the scan does not stop, as (2.23) wants a day and ")"
# after the dot). Each key must list every rule whose pattern can go on with it. After a
# character not in the table, no rule can, unless regex reads it as a digit (of another
# script: the number goes on), and then every rule that starts at a digit may (and is asked).
# Asking less only adds starts, where a rule's pattern then fails: it never loses one.
ASK, NOTHING, BEFORE_AN_AMOUNT = "ask", "nothing", "before an amount"


def _after_digits() -> dict[str, tuple[tuple[str, tuple[int, ...], str, str | None], ...]]:
    table: dict[str, list[tuple[str, tuple[int, ...], str, str | None]]] = {}
    for characters, rule, counts, ask, then in (
        ("년年", CALENDAR, (2, 4), NOTHING, None),  # <year>년, 2023年, 92년 (y4, yb)
        ("월일月日", CALENDAR, (1, 2), NOTHING, None),  # 3월, 9일 (month, day)
        (" ", CALENDAR, (1, 2, 4), ASK, "[년年월일月日~∼\\-–]"),  # 2023 년, 2023 ~ 2028년
        ("~∼-–", CALENDAR, (1, 2, 4), ASK, " ?" + _digit()),  # 2023~2028년, 1~6월, 19∼22일
        ("月", CJK_MONTH, (1, 2), ASK, None),  # 11月 (mo)
        ("개년해달주일", AMOUNT, (1, 2, 3), BEFORE_AN_AMOUNT, None),  # 5년간, 3개월, 2주 (n)
        (" ", AMOUNT, (1, 2, 3), ASK, "개[년월]|[년해달주일~∼\\-–]"),  # 2 주, 5 ~ 10년
        ("~∼-–", AMOUNT, (1, 2, 3), ASK, " ?" + _digit()),  # 5~10년
        ("./-", NUMERIC, (4,), ASK, None),  # 2023.11.06 (y4)
        ("./-", SHORT_NUMERIC, (2,), ASK, _digit() * 2 + "[./\\-]"),  # 23-11-06 (yb, then m and the separator)
        (".", PAREN_MONTH_DAY, (1, 2), ASK, _digit() + "{1,2}\\.? ?\\)"),  # (2.23) (m, then d and ")")
        ("/", SLASH_MONTH_DAY, (1, 2), ASK, _digit()),  # 2/15 (m, then d)
        (".", RUN_TOGETHER, (4,), ASK, None),  # , 2023.1027 (y4)
        (["년도", "시즌", "학년도", "회계연도", *")\t\r\n"], BARE_YEAR, (4,), ASK, None),  # 2017년도, 2017시즌, (2013), a line of its own
        (" ", BARE_YEAR, (4,), ASK, "\\)|[ \\t]*(?:\\r?\\n|$)"),  # (2013 ), a line of its own
        ([""], BARE_YEAR, (4,), ASK, None),  # the end of the text
    ):
        for character in characters:
            table.setdefault(character, []).append((rule, counts, ask, then))
    # A word that follows (년도) is also its first letter (년), for the rules that read that.
    for word in [key for key in table if len(key) > 1]:
        table[word] = table.get(word[0], []) + table[word]
    return {character: tuple(rules) for character, rules in table.items()}


DIGIT_RULES = (CALENDAR, AMOUNT, NUMERIC, SHORT_NUMERIC, PAREN_MONTH_DAY, SLASH_MONTH_DAY, RUN_TOGETHER, BARE_YEAR, CJK_MONTH)
_POSITION_RULES = (*DIGIT_RULES, RELATIVE)


@dataclass(frozen=True)
class _StartIndex:
    """The scan that finds where each date rule can start (see ``rule_starts``)."""

    scan: re.Pattern[str]  # digits, apostrophes, digits of other scripts: see rule_starts
    scan_beyond: re.Pattern[str]  # the same for text beyond the BMP (any character there may be a digit)
    pairs: re.Pattern[str]  # where Hangul branches start (_pair_scanner), and of which rules: calendar, relative, amount
    after_digits: tuple[dict[str, tuple[tuple[str, Callable[..., Any] | None], ...]], ...]  # [digits][next]: (rule, what to ask)
    everything: tuple[tuple[str, Callable[..., Any]], ...]  # after a digit of another script: every rule
    scanners: dict[str, re.Pattern[str]]  # each rule's own start scanner: the final word at a position
    by_first: dict[str, tuple[tuple[str, Callable[..., Any]], ...]]  # first character: (rule, its Hangul scanner)
    alone: tuple[tuple[str, re.Pattern[str]], ...]  # characters that are a Hangul branch on their own (올), and their scans
    quarter: re.Pattern[str]  # 분 after a digit or /4 (and a space): 1-4 may start 4분기 up to four before

    def positions(self, text: str, within_bmp: bool | None = None) -> dict[str, list[int]]:
        """Ascending positions where each rule may start (a superset of where it matches).

        ``within_bmp``: whether ``text`` has no character beyond the BMP (found if not given).
        """
        if within_bmp is None:
            within_bmp = _within_bmp(text)
        found: dict[str, list[int]] = {rule: [] for rule in _POSITION_RULES}
        scanners, after_digits, everything, by_first = self.scanners, self.after_digits, self.everything, self.by_first
        relative = scanners[RELATIVE].match
        for match in (self.scan if within_bmp else self.scan_beyond).finditer(text):
            at = match.start()
            count = match.lastindex  # a run of 1-4 digits: its length; an apostrophe: 5
            if count is not None and count < 5:
                # after a digit of another script (the number goes on) every rule may start
                for rule, matches in after_digits[count].get(match.group(count), everything):
                    if matches is None or matches(text, at):
                        found[rule].append(at)
            elif count is not None:
                for rule in (CALENDAR, NUMERIC):
                    if scanners[rule].match(text, at):
                        found[rule].append(at)
            else:  # a digit of another script (or a character beyond the BMP): 23-11-06 and (2.23) may start there
                for rule in (SHORT_NUMERIC, PAREN_MONTH_DAY):
                    if scanners[rule].match(text, at):
                        found[rule].append(at)
        # 4분기, 14분기, 1/4 분기: a digit before 분 (a literal scan, the fastest there is, and
        # only where 분 is: ``in`` answers sooner than setting up a scan).
        quarters = (
            [
                at
                for match in self.quarter.finditer(text)
                for at in range(max(0, match.start() - 4), match.start())
                if text[at] in "1234" and relative(text, at)
            ]
            if "분" in text
            else ()
        )
        if quarters:
            found[RELATIVE].extend(quarters)
        # The Hangul branches of three rules (and 3 of 3.1절): one scan that says which rules'
        # branches start where it stops; 올 (a branch on its own) from a literal scan.
        calendar, relative_, amount = lists = (found[CALENDAR], found[RELATIVE], found[AMOUNT])
        hangul = False
        for match in self.pairs.finditer(text):
            at = match.start()
            in_calendar, in_relative, in_amount = match.groups()
            if in_calendar is not None:
                calendar.append(at)
            if in_relative is not None:
                relative_.append(at)
            if in_amount is not None:
                amount.append(at)
            hangul = True
        for character, alone in self.alone:
            if character not in text:
                continue
            for match in alone.finditer(text):
                at = match.start()
                for rule, matches in by_first[text[at]]:
                    if matches(text, at):
                        found[rule].append(at)
                hangul = True
        if hangul:
            for starts in lists:
                starts.sort()
        elif quarters:
            found[RELATIVE].sort()
        return found


@lru_cache(maxsize=None)
def rule_starts() -> _StartIndex:
    """One pass for digits and apostrophes; one for the Hangul branches of three rules.

    The first pass stops at each ASCII digit that begins a run of at most four followed by
    a character of ``_after_digits`` (or one that may be a digit elsewhere), and says
    which; at an apostrophe before two digits; and at a digit of another script (the short
    and parenthesised forms can start there). The second stops where a Hangul branch of
    the calendar, relative or amount rule may start, and says whose (``_pair_scanner``).
    A literal scan for 분 finds the digit of 4분기 (the relative rule reads 14분기 as
    4분기). Each candidate is then checked with the scanners of the rules that may start
    there, where what the scan saw does not already say enough.

    (One pass for both costs more: what tells a digit from a letter after the class that
    stops the scan, a lookbehind, costs more than a second scan.)
    """
    after = _after_digits()
    apostrophe = "(?<=" + APOSTROPHE + ")(?=" + _digit() * 2 + ")(?P<apostrophe>)"
    # Of the rules that start at a digit, only the short and parenthesised forms may start at
    # one of another script (the others' guards or first digits want 0-9).
    other = "".join(sorted({c for c in regex.findall(r"\d", _plane()) if not c.isascii()}))
    elsewhere = _character_class(other)[1:-1]
    by_first: dict[str, list[tuple[str, Callable[..., Any]]]] = {}
    every = []
    which = []
    for rule, group, branches in (
        (CALENDAR, "calendar", _calendar_branches()),
        (RELATIVE, "relative", _relative_word_branches()),
        (AMOUNT, "amount", _amount_branches()),
    ):
        scanner = start_scanner(*branches[1])
        for character in sorted({c for characters, _, _ in branches[1] for c in characters}):
            by_first.setdefault(character, []).append((rule, scanner.match))
        every.extend(branches[1])
        # Whether this rule's Hangul branches start at the letter just passed: its scanner,
        # in a lookahead one letter back (a lookbehind one letter wide).
        which.append("(?:(?<=(?=" + scanner.pattern + ").)(?P<" + group + ">))?")
    first, pairs, alone = _pair_scanner(every)

    def digit_scan(elsewhere: str) -> re.Pattern[str]:
        # A run of exactly n digits (the first is the one the scan stopped at) then what may
        # follow n digits in some rule (or a digit of another script): group n holds it.
        runs = "|".join(f"[0-9]{{{n - 1}}}(?P<after{n}>{_followers(after, n, elsewhere)})" for n in range(1, 5))
        # Not after two digits first: a digit inside a run (most digits) fails at once.
        return re.compile(
            "[0-9" + re.escape(APOSTROPHE[1:-1]) + elsewhere + "](?<![0-9][0-9])(?:(?<=[0-9])(?=" + runs + ")"
            "|" + apostrophe + "|(?<=[" + elsewhere + "]))"
        )

    scanners = {rule.name: rule.starts for rule in rules() if rule.starts is not None}
    # What to ask after a run of digits, by the character that follows and the run's length
    # (a character not in the table may be a digit of another script: every rule may go on).
    questions = {ASK: None, NOTHING: None, BEFORE_AN_AMOUNT: _amount_after_digits().match}
    asked = tuple(
        {
            character: tuple(
                (rule, scanners[rule].match if ask == ASK else questions[ask]) for rule, counts, ask, _ in rules_ if digits in counts
            )
            for character, rules_ in after.items()
        }
        for digits in range(5)
    )
    return _StartIndex(
        # Text beyond the BMP has its own scan: a range of astral characters in the class
        # makes re test it at every letter, a seventh of the scan.
        digit_scan(elsewhere),
        digit_scan(elsewhere + "\U00010000-\U0010ffff"),
        re.compile("[" + first + "]" + pairs + "".join(which) + "(?(calendar)|(?(relative)|(?(amount)|(?!))))"),
        asked,
        tuple((rule, scanners[rule].match) for rule in DIGIT_RULES),
        scanners,
        {character: tuple(asked_) for character, asked_ in by_first.items()},
        tuple((c, re.compile(re.escape(c))) for c in sorted(alone)),
        # 분 first: a literal, so re finds it at the speed of a character search.
        re.compile("분(?:(?<=[1-4]분)|(?<=[1-4] 분)|(?<=/4분)|(?<=/4 분))"),
    )


# The amount pattern's units, in its order (a test holds them to it).
_AMOUNT_UNITS = ("개년", "년", "해", "개월", "달", "주일", "주", "일")


def _one_unit() -> str:
    """The amount pattern's units, each refused where one before it matches: whatever comes
    after the unit, no other alternative can be taken (주 not before 일)."""
    return "(?:" + "|".join(
        re.escape(unit) + "".join(f"(?!{re.escape(longer[len(unit):])})" for longer in _AMOUNT_UNITS[:at] if longer.startswith(unit))
        for at, unit in enumerate(_AMOUNT_UNITS)
    ) + ")"


def _amount_after_digits() -> re.Pattern[str]:
    """Where the amount rule may read something at a run of digits right before a unit.

    Not after a digit or a mark its pattern refuses there; and not where all it can read
    is the count and the unit (13일, 5년: no 간, 전, 후, 이내 … after them), which it reads
    as nothing. Such a start is left out only when no other start of the rule lies within
    what it would have matched, whose end would have skipped it: of the units' letters
    only 일 begins an amount (일주일, 일곱 해), and only as a unit's last letter, which the
    rule's own test for 일 then looks at. So the rule finds the same everywhere else.
    """
    hangul = _amount_branches()[1]
    letters = {c for unit in _AMOUNT_UNITS for c in unit if "가" <= c <= "힣"}
    starting = {c for characters, _, _ in hangul for c in characters} & letters
    assert starting == {"일"} and all("일" not in unit[:-1] for unit in _AMOUNT_UNITS), starting
    il = "|".join(then for characters, not_after, then in hangul if "일" in characters and not not_after)
    assert all(not not_after for characters, not_after, _ in hangul if "일" in characters)
    space = "[" + _regex_class("\\s") + "]"
    marker = "간|" + space + "?[동전이前후뒤後안내]"  # what each of 간, 동안, 전, 이전, 후, 뒤, 이내, 안에 … begins with
    bare = "[0-9]{1,3}" + _one_unit() + "(?<!일(?=" + il + "))(?!" + marker + ")"
    return re.compile("(?<![0-9.,’‘'`´′])(?!" + bare + ")")


def _followers(after: dict[str, tuple[tuple[str, tuple[int, ...], str, str | None], ...]], count: int, elsewhere: str) -> str:
    """What may follow a run of ``count`` digits where some rule starts at the run (``_after_digits``).

    ``개`` only before 년 or 월 (개년, 개월: 5개, a count of things, is no length of time);
    the end of the text after four digits (a year on the last line); and any digit of
    ``elsewhere`` (another script: the number goes on).
    """
    def follows(key: str) -> bool:
        return any(count in counts for _, counts, _, _ in after.get(key, ()))

    def thens(key: str) -> list[str | None]:
        return [then for _, counts, _, then in after.get(key, ()) if count in counts]

    # Words first (re takes the first alternative that matches): 년도 before 년.
    alternatives = [re.escape(word) for word in sorted(after, key=len, reverse=True) if len(word) > 1 and follows(word)]
    characters = []
    for c in sorted(key for key in after if len(key) == 1 and key != "개" and follows(key)):
        conditions = thens(c)
        if None in conditions:
            characters.append(c)
        else:  # every rule wants something after it
            alternatives.append(re.escape(c) + "(?=" + "|".join(conditions) + ")")  # type: ignore[arg-type]
    alternatives.append("[" + "".join(re.escape(c) for c in characters) + elsewhere + "]")
    if follows("개"):
        alternatives.append("개(?=[년월])")
    if follows(""):
        alternatives.append("\\Z")
    return "|".join(alternatives)


def _pair_scanner(branches: list[Branch]) -> tuple[str, str, set[str]]:
    """A test for many start branches by their first two characters (a superset of theirs).

    A branch's scanner (``start_scanner``) tries, at each of its first characters, every
    test of that character in turn: in Korean text some first character (이, 다, 지 …)
    comes every few letters, and the tests of three rules add up. This test looks at the
    next character (or the one after a space) first: one class turns most first
    characters away, and the rest are told apart by their pair (``re`` checks the class
    that begins each alternative before trying it). Returns the first characters (a class
    body), the test (a lookahead, for the character after them) and the characters left
    to a literal scan of their own: those of a branch that may start with nothing after
    it, or with what this test cannot read (``올``, before a digit or a space of any kind).

    Which characters may follow is asked of each test with regex's partial matching, over
    the characters the tests name: a test is read up to its first pattern character
    (``_literal_head``), or whole when it names every character it matches.
    """
    universe = {" "}
    near: dict[str, set[str]] = {}
    spaced: dict[str, set[str]] = {}
    alone: set[str] = set()
    tests = []
    for characters, not_after, then in branches:
        assert not not_after, not_after
        head = _literal_head(then) or then
        if regex.search(r"\\[A-Za-z]|\[\^|(?<!\\)-", head):  # a class escape, a negated class or a range
            alone.update(characters)
            continue
        universe.update(head)
        tests.append((characters, regex.compile(head)))
    for characters, test in tests:
        if test.match(""):
            alone.update(characters)
    for characters, test in tests:
        characters = "".join(c for c in characters if c not in alone)  # the literal scan finds those
        if not characters:
            continue
        for second in universe:
            if second != " " and test.match(second, partial=True):
                near.setdefault(second, set()).update(characters)
        if not test.match(" ", partial=True):
            continue
        for third in universe:
            if third != " " and test.match(" " + third, partial=True):
                spaced.setdefault(third, set()).update(characters)
    first = set().union(*near.values(), *spaced.values())

    def by_second(table: dict[str, set[str]], space: str) -> str:
        # Two groups, each a class of second characters, then a lookbehind of the pairs.
        seconds = sorted(table)
        groups = [seconds[: len(seconds) // 2], seconds[len(seconds) // 2 :]]
        return "|".join(
            _character_class(group) + "(?<=" + "|".join(_character_class(table[c]) + space + re.escape(c) for c in group) + ")"
            for group in groups
            if group
        )

    body = "".join(re.escape(c) for c in sorted(first))
    return body, "(?=" + by_second(near, "") + "| (?:" + by_second(spaced, " ") + "))", alone


_METACHARACTERS = frozenset("\\[](){}?*+|.^$")


def _literal_head(then: str) -> str:
    """The literal letters a test begins with (a looser test, for ``_pair_scanner``; may be empty).

    Whatever matches the test begins with them, so what may follow the first character
    of a branch under its test may follow it under theirs.
    """
    head = []
    for at, character in enumerate(then):
        if character in _METACHARACTERS or then[at + 1 : at + 2] in ("?", "*", "+", "{"):
            break
        head.append(character)
    return "".join(head)


def _character_class(characters: set[str] | list[str]) -> str:
    """A stdlib class of some characters (one character as itself)."""
    ordered = sorted(characters)
    if len(ordered) == 1:
        return re.escape(ordered[0])
    return "[" + "".join(re.escape(c) for c in ordered) + "]"


# ---------------------------------------------------------------- productions


def _year_spec(m: regex.Match[str], context: _Context) -> tuple[Spec, Spec | None] | None:
    """The year part of a calendar match (first, and last for ’12~’22년), or None when absent."""
    w = date_words()
    if m.group("yw"):
        return Spec(year_shift=int(w.value("year_offset", m.group("yw")) if m.group("yw").replace(" ", "") != "올" else 0)), None
    decade = bool(m.group("decade"))
    if m.group("y4"):
        year = int(m.group("y4"))
        if decade and year % 10:
            return None
        if not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
            return None
        first = Spec(year=year, decade=decade)
        if m.group("y4e"):
            last_year = int(m.group("y4e"))
            if last_year < year or last_year > cal.MAX_YEAR:
                return None
            return first, Spec(year=last_year)
        return first, None
    two = m.group("y2") or m.group("yb")
    if two:
        if decade and int(two) % 10:
            return None
        first = Spec(two_digit=int(two), decade=decade)
        end = m.group("y2e") or m.group("ybe")
        return (first, Spec(two_digit=int(end))) if end else (first, None)
    if m.group("yh"):
        year = _int(m.group("yh"))
        if year is None or not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
            return None
        return Spec(year=year), None
    return None


def _prefix_tense(word: str | None) -> tuple[str | None, bool]:
    if not word:
        return None, False
    w = date_words()
    squeezed = word.replace(" ", "")
    if squeezed in {k.replace(" ", "") for k in w.words("past_prefix")}:
        return "past", True
    if squeezed in {k.replace(" ", "") for k in w.words("future_prefix")}:
        return "future", squeezed == "다음"
    return None, False


def _weekday_index(char: str | None) -> int | None:
    return WEEKDAY_CHARS.index(char) if char else None


def _read_calendar(m: regex.Match[str], context: _Context) -> Atom | None:
    w = date_words()
    g = m.groupdict()
    tense, strict = _prefix_tense(g.get("pre"))
    base = Spec(tense=tense, strict=False)
    last: Spec | None = None
    if g.get("yw") is not None or g.get("y4") or g.get("y2") or g.get("yb") or g.get("yh"):
        years = _year_spec(m, context)
        if years is None:
            return None
        first_year, last_year = years
        if g.get("yb") and tense == "future" and not (g.get("mo") or g.get("mh")):
            return None  # 다음 10년, 오는 30년: a count of years ahead, read by the amount rule
        base = _changed(first_year, tense=tense)
        if last_year is not None:
            last = _changed(last_year, tense=tense)
    if g.get("mw"):
        base = _changed(base, month_shift=int(w.value("month_offset", g["mw"])))
    # Parts below the year.
    if g.get("half"):
        base = _changed(base, half=int(w.value("half", g["half"])))
    if g.get("q") or g.get("qh"):
        quarter = int(g["q"]) if g.get("q") else _int(g["qh"])
        if quarter is None:
            return None
        base = _changed(base, quarter=quarter)
    if g.get("season"):
        base = _changed(base, season=_season(g["season"]))
    if g.get("yp"):
        base = _changed(base, part=w.value("year_part", g["yp"]), approximate=True)
    month_end = None
    if g.get("mo") or g.get("mh"):
        month = int(g["mo"]) if g.get("mo") else _int(g["mh"])
        if month is None:
            return None
        base = _changed(base, month=month)
        if g.get("moe"):
            month_end = int(g["moe"])
    day_end = None
    if g.get("d") or g.get("dh"):
        day = int(g["d"]) if g.get("d") else _int(g["dh"])
        if day is None:
            return None
        base = _changed(base, day=day)
        if g.get("de"):
            day_end = int(g["de"])
    if g.get("mp"):
        part = w.value("month_part", g["mp"])
        base = _changed(base, part=part, approximate=part in ("early", "late"))
    if g.get("ord"):
        ordinal = int(w.value("ordinal", g["ord"]))
        if g.get("ordweek"):
            base = _changed(base, ordinal=ordinal, ordinal_of="week")
        elif g.get("ordwd"):
            base = _changed(base, ordinal=ordinal, ordinal_of="weekday", weekday=_weekday_index(g["ordwd"]))
        elif ordinal == -1:
            base = _changed(base, ordinal=-1, ordinal_of="day")
        else:
            return None
    if g.get("wd"):
        base = _changed(base, weekday=_weekday_index(g["wd"]))
    if g.get("wdp"):
        base = _changed(base, stated_weekday=_weekday_index(g["wdp"]))
    if base.decade and (base.month or base.half or base.quarter or base.season):
        return None
    if g.get("pre") and base.year is None and base.two_digit is None and not base.has_calendar_unit() and base.day is None:
        # 지난/오는 before a year-less word that the relative rule reads (지난 일요일).
        if base.year_shift is None:
            return None
    # In-unit ranges: 2023~2028년, 1~6월, 19∼22일.
    if last is not None:
        if base.month or base.day or base.half or base.quarter or base.season:
            return None
        return Atom("interval", first=base, last=_changed(last, decade=base.decade))
    if base.decade:
        return Atom("interval", first=base, last=None)
    if month_end is not None:
        if base.day is not None:
            return None
        return Atom("interval", first=base, last=_changed(base, month=month_end))
    if day_end is not None:
        return Atom("interval", first=base, last=_changed(base, day=day_end))
    return Atom("point", first=base)


def _season(word: str) -> tuple[int, int, int, int]:
    first, last = date_words().value("season", word).split("/")
    (m1, d1), (m2, d2) = (map(int, first.split("-")), map(int, last.split("-")))
    return m1, d1, m2, d2


def _read_relative_word(m: regex.Match[str], context: _Context) -> Atom | None:
    w = date_words()
    g = m.groupdict()
    if g.get("ana"):
        return Atom("point", first=Spec(anaphor=int(w.value("anaphor_day", g["ana"]))))
    if g.get("dw"):
        return Atom("point", first=Spec(day_shift=int(w.value("day_offset", g["dw"]))))
    if g.get("ww"):
        return Atom("point", first=Spec(week_shift=int(w.value("week_offset", g["ww"])), weekday=_weekday_index(g.get("wd"))))
    if g.get("qw"):
        return Atom("point", first=Spec(quarter_shift=int(w.value("quarter_offset", g["qw"]))))
    if g.get("wd"):
        pre = (g.get("pre") or "").replace(" ", "")
        weekday = _weekday_index(g["wd"])
        if pre in ("이번",):
            return Atom("point", first=Spec(week_shift=0, weekday=weekday))
        if pre == "다음":
            return Atom("point", first=Spec(week_shift=1, weekday=weekday))
        tense, _ = _prefix_tense(pre or None)
        return Atom("point", first=Spec(weekday=weekday, tense=tense, strict=tense is not None))
    if g.get("season"):
        word = g["yw2"].replace(" ", "")
        season = _season(g["season"])
        if word in ("올", "올해", "이번"):
            return Atom("point", first=Spec(season=season, tense="this"))
        if word in ("지난",):
            return Atom("point", first=Spec(season=season, tense="past", strict=True))
        if word in ("다음",):
            return Atom("point", first=Spec(season=season, tense="future", strict=True))
        return Atom("point", first=Spec(season=season, year_shift=int(w.value("year_offset", word))))
    year_shift = None
    if g.get("yw") or g.get("yw3"):
        word = (g.get("yw") or g.get("yw3")).replace(" ", "")
        year_shift = 0 if word == "올" else int(w.value("year_offset", word))
    if g.get("half"):
        return Atom("point", first=Spec(half=int(w.value("half", g["half"])), year_shift=year_shift))
    if g.get("q") or g.get("qh"):
        quarter = int(g["q"]) if g.get("q") else _int(g["qh"])
        if quarter is None:
            return None
        return Atom("point", first=Spec(quarter=quarter, year_shift=year_shift))
    if g.get("hol"):
        month, day = map(int, w.value("holiday", g["hol"]).split("-"))
        return Atom("point", first=Spec(month=month, day=day, year_shift=year_shift))
    if g.get("ypart"):
        part = {"연말": "late", "연초": "early", "연중": None}[g["ypart"]]
        return Atom("point", first=Spec(year_shift=0, part=part, approximate=part is not None))
    return None


def _numeric_year(m: regex.Match[str]) -> Spec | None:
    if m.group("y4"):
        return Spec(year=int(m.group("y4")))
    return Spec(two_digit=int(m.group("y2")))


def _read_numeric(m: regex.Match[str], context: _Context) -> Atom | None:
    """2023.11.06. / 2023/11/01 / 2026-01-11 / ’21.1. / ’23.8~9 / 2023.1.1~12.31."""
    year = _numeric_year(m)
    if year is None:
        return None
    month, day = int(m.group("m")), m.group("d")
    sep = m.group("sep")
    if day is None and sep == "." and not m.group("dot") and not m.group("ap") and not m.group("r1"):
        return None  # 2023.11 may be a decimal number
    if day is None and sep == "-" and not m.group("ap") and not m.group("r1"):
        # 2023-24 is a season or a range of years, not a month
        if month > 12:
            return None
    first = _changed(year, month=month, day=int(day) if day else None)
    if m.group("r1") is None:
        return Atom("point", first=first)
    parts = [int(x) for x in (m.group("r1"), m.group("r2"), m.group("r3")) if x is not None]
    if m.group("ry"):
        token = m.group("ry")
        right = Spec(year=int(token)) if token[0].isdigit() else Spec(two_digit=int(token[1:]))
        if len(parts) == 1:
            right = _changed(right, month=parts[0])
        elif len(parts) == 2:
            right = _changed(right, month=parts[0], day=parts[1])
        else:
            return None
    elif first.day is None:
        if len(parts) != 1:
            return None
        right = _changed(first, month=parts[0])
    elif len(parts) == 1:
        right = _changed(first, day=parts[0])
    elif len(parts) == 2:
        right = _changed(first, month=parts[0], day=parts[1])
    else:
        return None
    return Atom("interval", first=first, last=right)


def _read_short_numeric(m: regex.Match[str], context: _Context) -> Atom | None:
    month, day = int(m.group("m")), int(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Atom("point", first=Spec(two_digit=int(m.group("yb")), month=month, day=day))


def _read_month_day(m: regex.Match[str], context: _Context) -> Atom | None:
    text, start = m.string, m.start()
    if text[start - 1 : start] != "(" and text[max(0, start - 2) : start] != "( ":
        opened, closed = text.rfind("(", max(0, start - 80), start), text.rfind(")", max(0, start - 80), start)
        if opened <= closed:
            return None
    return _month_day_of(m.group("m"), m.group("d"))


@lru_cache(maxsize=4096)
def _month_day_of(month_text: str, day_text: str) -> Atom | None:
    month, day = int(month_text), int(day_text)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _month_day_atom(month, day)


@lru_cache(maxsize=None)
def _month_day_atom(month: int, day: int) -> Atom:
    """One atom per (2.23): the resolution memo finds atoms by identity."""
    return Atom("point", first=Spec(month=month, day=day, own_unit=True))


def _read_run_together(m: regex.Match[str], context: _Context) -> Atom | None:
    month, day = int(m.group("m")), int(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Atom("point", first=Spec(year=int(m.group("y4")), month=month, day=day))


def _read_slash_month_day(m: regex.Match[str], context: _Context) -> Atom | None:
    month, day = int(m.group("m")), int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    return Atom("point", first=Spec(month=month, day=day))


UNITS = {"년": "year", "개년": "year", "해": "year", "개월": "month", "달": "month", "주": "week", "주일": "week", "일": "day"}


def _read_amount(m: regex.Match[str], context: _Context) -> Atom | None:
    g = m.groupdict()
    unit = UNITS[g["unit"]]
    if g["unit"] == "해" and not g.get("nc"):
        return None
    if g["unit"] == "달" and not (g.get("nc") or g.get("nh") or g.get("n")):
        return None
    if g.get("n"):
        amount = int(g["n"])
    elif g.get("nc"):
        amount = int(date_words().value("counter", g["nc"]))
    else:
        amount = _int(g.get("nh"))
    if amount is None or amount <= 0:
        return None
    amount_max = int(g["n2"]) if g.get("n2") else None
    if amount_max is not None and amount_max <= amount:
        return None
    pre = g.get("pre")
    if g.get("later"):
        # 28일 후, 2년 뒤: usually counted from an event in the text, not from the reference
        if pre or amount_max is not None:
            return None
        return Atom("duration", amount=amount, unit=unit)
    if g.get("ago"):
        if pre or amount_max is not None:
            return None
        return Atom("relative", amount=amount, unit=unit, direction=-1)
    if g.get("within"):
        if pre or amount_max is not None:
            return None
        return Atom("within", amount=amount, unit=unit)
    anchor = None
    if pre in ("지난", "최근", "과거"):
        anchor = "past"
    elif pre in ("향후", "앞으로", "다음", "오는"):
        anchor = "future"
    if g.get("during"):
        anchor = None  # 지난 10년간: a length; only a stated start anchors it
    elif anchor is None:
        if amount_max is None or unit == "day":
            return None
        anchor = "ahead"  # 5~10년이 소요될 전망: that many years from the reference
    if g["unit"] == "개년" and not g.get("during"):
        return None
    return Atom("duration", amount=amount, amount_max=amount_max, unit=unit, anchor=anchor)


def _read_bare_year(m: regex.Match[str], context: _Context) -> Atom | None:
    return Atom("point", first=Spec(year=int(m.group("y4"))))


def _read_cjk_month(m: regex.Match[str], context: _Context) -> Atom | None:
    return Atom("point", first=Spec(month=int(m.group("mo"))))


@dataclass(frozen=True)
class _Context:
    reference: Reference


_NO_CONTEXT = _Context(_NO_REFERENCE)
_MEMO_LIMIT = 20_000
_UNSEEN = object()


def _by_groups(produce: Callable[[regex.Match[str], _Context], Atom | None]) -> Callable[[regex.Match[str], _Context], Atom | None]:
    """Remember what a production made of each set of group values.

    For productions that read only the match's groups (not its position, text or the
    context): the same surface forms (올해, 2023년, 지난 3일) come back in every document,
    and the Atom they give is immutable.
    """
    memo: dict[tuple[str | None, ...], Atom | None] = {}

    def remembered(m: regex.Match[str], context: _Context) -> Atom | None:
        key = m.groups()
        atom = memo.get(key, _UNSEEN)  # one hash of the key (a tuple does not keep its hash)
        if atom is not _UNSEEN:
            return atom  # type: ignore[return-value]
        atom = produce(m, context)
        if len(memo) < _MEMO_LIMIT:
            memo[key] = atom
        return atom

    remembered.memo = memo  # type: ignore[attr-defined]
    return remembered


def _tolerant(produce: Callable[[regex.Match[str], _Context], Atom | None]) -> Callable[[regex.Match[str], _Context], Atom | None]:
    """A production that reads nothing where ``int`` cannot read a digit the ``regex`` module knows.

    regex's ``\\d`` follows a newer Unicode than the interpreter's ``int`` may (Kawi digits,
    U+11F50…): such a match is no date; a match of ASCII text still raises, so bugs show.
    """

    def read(m: regex.Match[str], context: _Context) -> Atom | None:
        try:
            return produce(m, context)
        except ValueError:
            if m.group().isascii():
                raise
            return None

    return read


@lru_cache(maxsize=None)
def rules() -> tuple[Rule[Atom], ...]:
    """The date rules as ``scan_dates`` runs them on text without astral characters.

    Their patterns are those of ``reference_rules`` compiled by the stdlib ``re``, which
    matches them 2-3x faster than ``regex`` (it keeps less per group): regex's ``\\d`` and
    ``\\s`` are spelled out as the classes regex means on the Basic Multilingual Plane (it may
    know a newer Unicode than re), and a group name that occurs twice is numbered (re
    refuses twins; ``_Twins`` reads the match back as regex would). Only the bare-year rule,
    with its unbounded lookbehind, stays with regex.
    """
    made = []
    for name, source, read, priority, starts, remember in _rule_specs():
        if name == BARE_YEAR:
            pattern: Any = regex.compile(source)
        else:
            pattern = re.compile(_for_re(source))
        made.append(Rule(name, pattern, _production(read, remember, _twins(pattern)), priority, starts))
    return tuple(made)


@lru_cache(maxsize=None)
def reference_rules() -> tuple[Rule[Atom], ...]:
    """The date rules with their patterns compiled by ``regex``, as written.

    ``scan_dates`` runs them on text with astral characters (where the classes of ``rules``
    stop); the tests check that ``rules`` reads what they read.
    """
    return tuple(
        Rule(name, regex.compile(source), _production(read, remember, None), priority, starts)
        for name, source, read, priority, starts, remember in _rule_specs()
    )


def _production(
    read: Callable[[Any, _Context], Atom | None], remember: bool, twins: tuple[str, ...] | None
) -> Callable[[Any, _Context], Atom | None]:
    """A rule's ``produce``: tolerant of digits int() does not know, remembered by groups, twins merged."""
    if twins is not None:
        plain = read

        def read(m: Any, context: _Context) -> Atom | None:
            return plain(_Twins(m, twins), context)

    produce = _tolerant(read)
    return _by_groups(produce) if remember else produce


def _rule_specs() -> tuple[tuple[str, str, Callable[[Any, _Context], Atom | None], int, re.Pattern[str], bool], ...]:
    """(name, pattern, production, priority, start scanner, whether to remember by groups) of each rule."""
    return (
        (CALENDAR, _calendar_pattern(), _read_calendar, 2, _calendar_starts(), True),
        (NUMERIC, NUMERIC_PATTERN, _read_numeric, 3, _class_scanner(_numeric_starts()), True),
        (SHORT_NUMERIC, SHORT_NUMERIC_PATTERN, _read_short_numeric, 1, _class_scanner(_short_numeric_starts()), True),
        (PAREN_MONTH_DAY, PAREN_MONTH_DAY_PATTERN, _read_month_day, 1, _class_scanner(_paren_month_day_starts()), False),
        (SLASH_MONTH_DAY, SLASH_MONTH_DAY_PATTERN, _read_slash_month_day, 0, _class_scanner(_slash_month_day_starts()), True),
        (RUN_TOGETHER, RUN_TOGETHER_PATTERN, _read_run_together, 0, _class_scanner(_run_together_starts()), True),
        (RELATIVE, _relative_word_pattern(), _read_relative_word, 1, _relative_word_starts(), True),
        (AMOUNT, _amount_pattern(), _read_amount, 1, _amount_starts(), True),
        (BARE_YEAR, _bare_year_pattern(), _read_bare_year, 0, _class_scanner(_bare_year_starts()), True),
        (CJK_MONTH, _cjk_pattern(), _read_cjk_month, 0, _class_scanner(_cjk_starts()), True),
    )


# ---------------------------------------------------------------- patterns for the stdlib re

_TWIN = "__"  # name__2: the second group of a name (no pattern here names a group with __)


@lru_cache(maxsize=None)
def _plane() -> str:
    """Every character of the Basic Multilingual Plane, in order (to ask regex which it reads how)."""
    return "".join(map(chr, range(0x10000)))


@lru_cache(maxsize=None)
def _regex_class(escape: str) -> str:
    """The body of a stdlib class of what regex's ``\\d`` or ``\\s`` matches on the Basic Multilingual Plane."""
    ranges = [(found.group()[0], found.group()[-1]) for found in regex.finditer(escape + "+", _plane())]
    # The characters as themselves (re parses an escape a good deal slower than a letter);
    # none of them is special in a class.
    assert not any(c in "\\]-^[" for c in "".join(low + high for low, high in ranges)), escape
    return "".join(low if low == high else low + "-" + high for low, high in ranges)


def _for_re(pattern: str) -> str:
    """A regex pattern (fixed-width lookbehinds) as the stdlib re reads it the same on BMP text."""
    spelled = {"\\d": _regex_class("\\d"), "\\s": _regex_class("\\s")}
    out: list[str] = []
    in_class = False
    at = 0
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            escape = pattern[at : at + 2]
            body = spelled.get(escape)
            out.append(escape if body is None else body if in_class else f"[{body}]")
            at += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        out.append(char)
        at += 1
    seen: dict[str, int] = {}

    def numbered(found: re.Match[str]) -> str:
        name = found.group(1)
        seen[name] = seen.get(name, 0) + 1
        return found.group() if seen[name] == 1 else f"(?P<{name}{_TWIN}{seen[name]}>"

    return re.sub(r"(?<!\\)\(\?P<(\w+)>", numbered, "".join(out))


def _twins(pattern: Any) -> tuple[str, ...] | None:
    """The name of each group of a stdlib pattern with numbered twins (None without twins)."""
    if not isinstance(pattern, re.Pattern) or not any(_TWIN in name for name in pattern.groupindex):
        return None
    names = [""] * pattern.groups
    for name, index in pattern.groupindex.items():
        names[index - 1] = name.split(_TWIN)[0]
    return tuple(names)


class _Twins:
    """A stdlib match of a pattern with numbered twins, read as regex reads the original.

    Regex gives a name that occurs twice one group: its value is that of the last twin
    that took part. Only what the productions use is here.
    """

    def __init__(self, match: re.Match[str], names: tuple[str, ...]) -> None:
        self._match = match
        self.string = match.string
        groups: dict[str, str | None] = {}
        for name, value in zip(names, match.groups()):
            if value is not None or name not in groups:
                groups[name] = value
        self._groups = groups

    def group(self, name: str | int = 0) -> str | None:
        return self._match.group(0) if name == 0 else self._groups[name]  # type: ignore[index]

    def groupdict(self) -> dict[str, str | None]:
        return dict(self._groups)

    def start(self) -> int:
        return self._match.start()


# ---------------------------------------------------------------- running the rules


class Found(NamedTuple):
    """What a rule read at ``[start, end)``: a ``Candidate`` as a tuple (cheaper to make)."""

    start: int
    end: int
    value: Atom
    rule: str
    priority: int

    @property
    def length(self) -> int:
        return self.end - self.start


def read_rules(
    text: str, rule_set: Sequence[Rule[Atom]], context: _Context, starts: Mapping[str, Sequence[int]]
) -> tuple[list[Found], list[str]]:
    """``run_rules(text, rule_set, context, starts)``, with ``Found`` tuples for candidates.

    Every rule is tried at its ``starts`` (ascending, a superset of where it matches),
    skipping those inside its last match, as ``rules._run_at`` does; a rule still running
    after ``RULE_TIMEOUT_SECONDS`` is stopped and named.
    """
    found: list[Found] = []
    timed_out: list[str] = []
    clock = time.perf_counter
    make = tuple.__new__  # Found(...) without the Python-level __new__ of a NamedTuple
    for rule in rule_set:
        positions = starts[rule.name]
        if not positions:
            continue
        match_at, produce, name, priority = rule.pattern.match, rule.produce, rule.name, rule.priority
        memo = getattr(produce, "memo", None)  # _by_groups: looked up here, without a call
        # The clock is read every CLOCK_EVERY tries: a rule with fewer never reads it.
        timed = len(positions) > CLOCK_EVERY
        deadline = clock() + RULE_TIMEOUT_SECONDS if timed else 0.0
        end = 0
        countdown = CLOCK_EVERY
        for start in positions:
            if start < end:
                continue
            if timed:
                countdown -= 1
                if not countdown:
                    countdown = CLOCK_EVERY
                    if clock() > deadline:
                        timed_out.append(name)
                        break
            match = match_at(text, start)
            if match is None:
                continue
            end = match.end()
            if end == start:
                # An empty match: finditer would go on looking for a longer one here.
                match = next((m for m in rule.pattern.finditer(text, start) if m.end() > m.start()), None)
                if match is None or match.start() != start:
                    continue
                end = match.end()
            value = _UNSEEN if memo is None else memo.get(match.groups(), _UNSEEN)
            if value is _UNSEEN:
                value = produce(match, context)
            if value is not None:
                found.append(make(Found, (start, end, value, name, priority)))
    return found, timed_out


# ---------------------------------------------------------------- combination

CONNECTOR = regex.compile(r" ?(?:~|∼|-|–|—|부터|에서|서) ?")
UNTIL = regex.compile(r"\s{0,2}까지")
SINCE = regex.compile(r"\s{0,2}(?:부터|이후|이래|以來|以来|들어서?)")
DURING = regex.compile(r"(?:간| ?동안)")
BARE_LEFT = regex.compile(r"(?:(?<![\d.,])(?P<n>\d{1,4})|(?P<ap>[’‘'`´′])(?P<yy>\d{2})) ?[~∼\-] ?$")


# The signs _after_a_range_sign looks for (within three characters of an atom's start).
_RANGE_SIGNS = frozenset("~∼-")
# The longest text CONNECTOR can match (" 부터 "): a wider gap joins nothing.
_CONNECTOR_LONGEST = 4


@lru_cache(maxsize=None)
def _suffix_starts() -> frozenset[str]:
    """Characters that begin what may follow an atom: 경 / 까지 / 부터 / 이후 / 들어 / 간 / 동안.

    Each suffix pattern below starts within two characters of the atom's end (after
    at most two spaces), so an atom with none of these among the next three characters
    takes no suffix, and the patterns need not run.
    """
    return frozenset(date_words().first_chars("approximate") + "까부이以들간동")


def _after_a_range_sign(text: str, start: int) -> bool:
    """Whether ``~`` / ``-`` (then a space, then a line end) comes just before ``start``.

    BARE_LEFT can only match a window ending so (``$`` also matches before a final newline).
    """
    at = start
    if at > 0 and text[at - 1] == "\n":
        at -= 1
    if at > 0 and text[at - 1] == " ":
        at -= 1
    return at > 0 and text[at - 1] in "~∼-"


@lru_cache(maxsize=None)
def _approximate_suffix() -> regex.Pattern[str]:
    return _compiled(" ?(?:" + date_words().alternation("approximate") + r")(?=$|[^가-힣]|에|까지|부터|으로|로|의|이|가|을|를|은|는)")


class _Suffixes(NamedTuple):
    """The patterns of combination as the stdlib re runs them (regex's ``\\s`` spelled out): what _combine uses."""

    connector: re.Pattern[str]
    approximate: re.Pattern[str]
    until: re.Pattern[str]
    since: re.Pattern[str]
    during: re.Pattern[str]


@lru_cache(maxsize=None)
def _suffix_patterns() -> _Suffixes:
    """CONNECTOR, _approximate_suffix(), UNTIL, SINCE and DURING for re, compiled on first use.

    They read no digit, so they read every text as regex does; re makes each call cheaper.
    """
    return _Suffixes(
        *(re.compile(_for_re(p.pattern)) for p in (CONNECTOR, _approximate_suffix(), UNTIL, SINCE, DURING))
    )


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern)


def _first_spec(atom: Atom) -> Spec:
    assert atom.first is not None
    return atom.first


def _combine(text: str, chosen: Sequence[Found | Candidate[Atom]]) -> list[Expression]:
    """Ranges, deadlines, starts, approximations and anchored durations over neighbouring atoms."""
    out: list[Expression] = []
    suffix_starts = _suffix_starts()
    suffixes = _suffix_patterns()
    make = tuple.__new__
    count = len(chosen)
    index = 0
    while index < count:
        candidate = chosen[index]
        start, end, atom = candidate.start, candidate.end, candidate.value
        kind = atom.kind if atom.kind != "within" else "deadline"
        duration_start: Spec | None = None
        approximate = False
        # 7월 13일 - 15일 / 2023년부터 2028년까지
        if atom.first is not None and atom.kind in ("point", "interval") and index + 1 < count:
            following = chosen[index + 1]
            right_start, right_end, right = following.start, following.end, following.value
            # An empty gap joins nothing (CONNECTOR needs a sign or a word), nor does a wide one.
            if 0 < right_start - end <= _CONNECTOR_LONGEST:
                if (
                    right.first is not None
                    and right.kind in ("point", "interval")
                    and suffixes.connector.fullmatch(text, end, right_start)
                    and _possible(atom)
                    and _possible(right)
                ):
                    merged = _merge_range(atom, right)
                    if merged is not None:
                        atom, end, kind = merged, right_end, "interval"
                        index += 1
        # 2023~2028년 written with a bare left number: 2023~ then 2028년 (_after_a_range_sign
        # wants a sign among the three characters before: most atoms have none)
        if (
            kind == "point"
            and atom.first is not None
            and not _RANGE_SIGNS.isdisjoint(text[start - 3 : start] if start > 2 else text[:start])
            and _after_a_range_sign(text, start)
        ):
            widened = _bare_left(text, Expression(start, end, atom, kind))
            if widened is not None:
                start, end, atom, kind = widened.start, widened.end, widened.atom, widened.kind
        if not suffix_starts.isdisjoint(text[end : end + 3]) and (
            atom.kind in ("point", "interval", "duration") and atom.problem is None
        ):
            approx = suffixes.approximate.match(text, end)
            if approx and atom.kind != "duration":
                approximate = True
                end = approx.end()
            until = suffixes.until.match(text, end)
            since = suffixes.since.match(text, end) if not until else None
            if until:
                if kind == "point":
                    kind = "deadline"
                end = until.end()
            elif since and kind in ("point", "interval") and since.group().strip() != "이후" or (
                since and since.group().strip() == "이후" and kind == "point"
            ):
                # 2023년부터 5년간: a duration anchored at its start
                nxt = chosen[index + 1] if index + 1 < count else None
                if (
                    nxt is not None
                    and nxt.value.kind == "duration"
                    and nxt.value.anchor is None
                    and text[since.end() : nxt.start].strip() == ""
                    and kind == "point"
                ):
                    duration_start, atom, kind, approximate = _first_spec(atom), nxt.value, "duration", False
                    index += 1
                    end = nxt.end
                else:
                    kind = "since" if kind == "point" else kind
                    end = since.end()
            elif kind == "interval" and atom.first is not None:
                during = suffixes.during.match(text, end)
                if during:
                    end = during.end()
        out.append(make(Expression, (start, end, atom, kind, duration_start, approximate)))
        index += 1
    return out


def _possible(atom: Atom) -> bool:
    """False for an atom that states a date no calendar has (it is reported on its own)."""
    try:
        for spec in (atom.first, atom.last):
            if spec is not None:
                _check(spec)
    except Impossible:
        return False
    return True


def _merge_range(left: Atom, right: Atom) -> Atom | None:
    """``A ~ B``: B inherits the units it leaves out from A (7월 13일 - 15일)."""
    if left.kind != "point" or right.kind != "point":
        return None
    a, b = _first_spec(left), _first_spec(right)
    if a.decade or b.decade or a.weekday is not None and a.day is None:
        return None
    if b.year is None and b.two_digit is None and b.year_shift is None:
        if a.year is None and a.two_digit is None and a.year_shift is None and not (b.month is None and a.month is not None):
            if not (a.month is not None and b.month is not None) and not (a.day is not None and b.day is not None):
                return None
        b = _changed(b, year=a.year, two_digit=a.two_digit, year_shift=a.year_shift)
        if b.month is None and b.month_shift is None and b.day is not None:
            if a.month is None and a.month_shift is None:
                if a.day is None:
                    return None
            b = _changed(b, month=a.month, month_shift=a.month_shift)
    if _grain_of(a) == "day" and _grain_of(b) not in ("day",):
        return None
    return Atom("interval", first=a, last=_changed(b, tense=b.tense or a.tense))


def _bare_left(text: str, expression: Expression) -> Expression | None:
    """``2023~2028년`` / ``’12~’22년`` / ``1~6월`` when the left number was not read as a date."""
    spec = _first_spec(expression.atom)
    window = text[max(0, expression.start - 8) : expression.start]
    found = BARE_LEFT.search(window)
    if not found:
        return None
    start = expression.start - (len(window) - found.start())
    grain = _grain_of(spec)
    if not found.group().isascii() and not all(c.isdecimal() for c in found.group("yy") or found.group("n")):
        return None  # a digit regex knows but int() does not (Kawi U+11F50): as _tolerant, no date
    if found.group("yy") is not None:
        if grain != "year" or spec.two_digit is None:
            return None
        left = Spec(two_digit=int(found.group("yy")))
    else:
        number = int(found.group("n"))
        if grain == "year" and spec.year is not None and len(found.group("n")) == 4 and number <= spec.year:
            left = Spec(year=number)
        elif grain == "year" and spec.two_digit is not None and len(found.group("n")) == 2:
            left = Spec(two_digit=number)
        elif grain == "month" and spec.day is None and spec.month is not None and 1 <= number <= spec.month:
            left = _changed(spec, month=number)
        elif grain == "day" and spec.day is not None and 1 <= number <= spec.day and spec.weekday is None:
            left = _changed(spec, day=number)
        else:
            return None
    return Expression(start, expression.end, Atom("interval", first=left, last=spec), "interval")


# ---------------------------------------------------------------- tense of the sentence


def _past_syllables() -> str:
    """Every Hangul syllable whose final consonant is ㅆ (the past tense 었/았/였/했/됐…), but 있 and 겠."""
    chars = [chr(0xAC00 + (lead * 21 + vowel) * 28 + 20) for lead in range(19) for vowel in range(21)]
    return "[" + "".join(c for c in chars if c not in "있겠") + "]"


@lru_cache(maxsize=None)
def _tense_cue() -> regex.Pattern[str]:
    future = date_words().alternation("future_cue")
    return regex.compile(
        "(?P<future>" + future + ")|(?P<past>" + _past_syllables() + "(?:다|고|으며|는데|지만|던|으나|음|습|어|을|기|지))"
        r"|(?P<stop>[.!?](?:\s|$)|\n)"
    )


def sentence_tense(text: str, position: int, limit: int = 160) -> str | None:
    """``past`` or ``future`` from the first tense cue after ``position`` in its sentence."""
    found = _tense_cue().search(text, position, min(len(text), position + limit))
    if not found or found.group("stop"):
        return None
    return "future" if found.group("future") else "past"


# ---------------------------------------------------------------- resolution


class Impossible(Exception):
    """A stated date that no calendar has (2월 30일, 13월)."""


class Unresolvable(Exception):
    """A relative date that states nothing absolute and has no reference to lean on."""


@dataclass
class Resolved:
    start: dt.date | None
    end: dt.date | None
    grain: str
    resolved: bool = False
    partial: PartialDate | None = None
    warnings: list[str] = field(default_factory=list)
    approximate: bool = False
    spans: bool = False  # covers several grain units (상순, 여름, 80년대)


def _grain_of(spec: Spec) -> str:
    if spec.day is not None or spec.day_shift is not None or spec.weekday is not None or spec.season is not None:
        return "day"
    if spec.ordinal_of in ("weekday", "day") or spec.part in ("first", "middle", "last"):
        return "day"
    if spec.week_shift is not None or spec.ordinal_of == "week":
        return "week"
    if spec.month is not None or spec.month_shift is not None:
        return "month"
    if spec.quarter is not None or spec.quarter_shift is not None:
        return "quarter"
    if spec.half is not None:
        return "half"
    return "year"


def _check(spec: Spec) -> None:
    if spec.month is not None and not 1 <= spec.month <= 12:
        raise Impossible(f"impossible month {spec.month}")
    if spec.quarter is not None and not 1 <= spec.quarter <= 4:
        raise Impossible(f"impossible quarter {spec.quarter}")
    if spec.day is not None:
        longest = 29 if spec.month == 2 else 30 if spec.month in (4, 6, 9, 11) else 31
        if not 1 <= spec.day <= longest:
            where = f"{spec.month}월 " if spec.month else ""
            raise Impossible(f"impossible date {where}{spec.day}일")


def _in_year(spec: Spec, year: int) -> tuple[dt.date, dt.date]:
    """The bounds of a spec whose year is known (raises Impossible)."""
    if spec.season is not None:
        m1, d1, m2, d2 = spec.season
        start = dt.date(year, m1, d1)
        end = dt.date(year + (1 if (m2, d2) < (m1, d1) else 0), m2, d2)
        return start, end
    if spec.quarter is not None:
        return cal.bounds("quarter", dt.date(year, 3 * spec.quarter - 2, 1))
    if spec.half is not None:
        return cal.bounds("half", dt.date(year, 6 * spec.half - 5, 1))
    if spec.month is None:
        if spec.decade:
            return dt.date(year, 1, 1), dt.date(year + 9, 12, 31)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return _in_month(spec, year, spec.month)


def _in_month(spec: Spec, year: int, month: int) -> tuple[dt.date, dt.date]:
    if spec.day is not None:
        if not cal.valid_day(year, month, spec.day):
            raise Impossible(f"impossible date {year}-{month:02d}-{spec.day:02d}")
        day = dt.date(year, month, spec.day)
        return day, day
    if spec.ordinal_of == "weekday" and spec.weekday is not None and spec.ordinal is not None:
        found = cal.nth_weekday(year, month, spec.weekday, spec.ordinal)
        if found is None:
            raise Impossible(f"{year}-{month:02d} has no weekday number {spec.ordinal}")
        return found, found
    if spec.ordinal_of == "week" and spec.ordinal is not None:
        monday = cal.nth_week(year, month, spec.ordinal)
        if monday is None:
            raise Impossible(f"{year}-{month:02d} has no week number {spec.ordinal}")
        return monday, monday + dt.timedelta(days=6)
    last = cal.month_end(year, month)
    if spec.ordinal_of == "day":
        return last, last
    if spec.part == "first":
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if spec.part == "middle":
        return dt.date(year, month, 11), dt.date(year, month, 20)
    if spec.part == "last":
        return dt.date(year, month, 21), last
    return dt.date(year, month, 1), last


def _resolve_spec(spec: Spec, reference: Reference, tense: str | None) -> Resolved:
    _check(spec)
    grain = _grain_of(spec)
    warnings: list[str] = []
    used = False
    anchor = reference.anchor
    if spec.tense in ("past", "future"):
        tense = spec.tense
    approximate = spec.approximate
    # The year, when the text fixes it.
    year: int | None = spec.year
    if spec.two_digit is not None:
        window = cal.decade_window if spec.decade else cal.century_window
        year = window(spec.two_digit, reference.year)
        if reference.year is None:
            warnings.append(f"two-digit year {spec.two_digit:02d} read as {year} (no reference date; window 1950-2049)")
        # The window only picks the century, which the press never leaves in doubt: a
        # two-digit year does not count as resolved against the reference (docs/curation.md).
    elif spec.year_shift is not None:
        if reference.year is None:
            if spec.month is not None or spec.day is not None:
                warnings.append("the year is relative to an unknown reference date")
                return _partial(_changed(spec, year_shift=None), grain, warnings, approximate)
            raise Unresolvable("a year relative to the reference date (올해, 내년 …)")
        year = reference.year + spec.year_shift
        used = True
    # Days, weeks, months and quarters counted from the reference.
    if spec.day_shift is not None:
        if not reference.knows_day or anchor is None:
            raise Unresolvable("a day relative to the reference date (오늘, 어제 …)")
        day = anchor + dt.timedelta(days=spec.day_shift)
        return Resolved(day, day, "day", True, None, warnings, approximate)
    if spec.week_shift is not None:
        if not reference.knows_day or anchor is None:
            raise Unresolvable("a week relative to the reference date (이번 주, 다음 주 …)")
        monday = cal.bounds("week", anchor)[0] + dt.timedelta(weeks=spec.week_shift)
        if spec.weekday is not None:
            day = monday + dt.timedelta(days=spec.weekday)
            return Resolved(day, day, "day", True, None, warnings, approximate)
        return Resolved(monday, monday + dt.timedelta(days=6), "week", True, None, warnings, approximate)
    if spec.month_shift is not None:
        if not reference.knows_month or anchor is None:
            if spec.day is not None:
                warnings.append("the month is relative to an unknown reference date")
                return _partial(_changed(spec, month_shift=None), grain, warnings, approximate)
            raise Unresolvable("a month relative to the reference date (이달, 지난달 …)")
        first = cal.shift(anchor.replace(day=1), spec.month_shift, "month")
        start, end = _in_month(spec, first.year, first.month)
        return Resolved(start, end, grain, True, None, warnings, approximate, spans=start != end and grain == "day")
    if spec.quarter_shift is not None:
        if not reference.knows_month or anchor is None:
            raise Unresolvable("a quarter relative to the reference date (이번 분기 …)")
        start, end = cal.bounds("quarter", cal.shift(anchor, spec.quarter_shift, "quarter"))
        return Resolved(start, end, "quarter", True, None, warnings, approximate)
    if year is not None:
        start, end = _in_year(spec, year)
        spans = start != end and grain == "day" or spec.decade
        return Resolved(start, end, grain, used, None, warnings, approximate, spans=spans)
    # Year-less: the tense, else the reference's own unit.
    if spec.has_calendar_unit() or spec.season is not None:
        if reference.year is None:
            return _partial(spec, grain, warnings, approximate)
        if not reference.knows_month:
            start, end = _in_year(spec, reference.year)
            return Resolved(start, end, grain, True, None, warnings, approximate, spans=start != end and grain == "day")
        assert anchor is not None
        candidates = {}
        for year_ in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                candidates[year_] = _in_year(spec, year_)
            except Impossible:
                continue
        if not candidates:
            raise Impossible(f"impossible date {spec.month}월 {spec.day}일")
        home = candidates.get(anchor.year)
        if spec.tense == "this" and spec.season is not None:
            containing = [c for c in candidates.values() if c[0] <= anchor <= c[1]]
            home = containing[0] if containing else home
            tense = None
        chosen = cal.choose(candidates.values(), anchor, tense if tense in ("past", "future") else None, home, spec.strict)
        assert chosen is not None
        spans = chosen[0] != chosen[1] and grain == "day"
        return Resolved(chosen[0], chosen[1], grain, True, None, warnings, approximate, spans=spans)
    if spec.day is not None:
        if not reference.knows_month or anchor is None:
            return _partial(spec, grain, warnings, approximate)
        candidates_ = []
        home_ = None
        for offset in (-1, 0, 1):
            first = cal.shift(anchor.replace(day=1), offset, "month")
            if cal.valid_day(first.year, first.month, spec.day):
                day = dt.date(first.year, first.month, spec.day)
                candidates_.append((day, day))
                if offset == 0:
                    home_ = (day, day)
        if not reference.knows_day:
            if home_ is None:
                raise Impossible(f"impossible date {anchor.month}월 {spec.day}일")
            return Resolved(home_[0], home_[1], "day", True, None, warnings, approximate)
        chosen = cal.choose(candidates_, anchor, tense if tense in ("past", "future") else None, home_, spec.strict)
        assert chosen is not None
        return Resolved(chosen[0], chosen[1], "day", True, None, warnings, approximate)
    if spec.weekday is not None:
        if not reference.knows_day or anchor is None:
            raise Unresolvable("a weekday needs a reference date")
        monday = cal.bounds("week", anchor)[0]
        options = [(d, d) for d in (monday + dt.timedelta(days=7 * k + spec.weekday) for k in (-1, 0, 1))]
        if tense not in ("past", "future"):
            # A weekday without any tense cue is a schedule: the coming one.
            tense, strict_ = "future", True
        else:
            strict_ = spec.strict
        chosen = cal.choose(options, anchor, tense, None, strict_)
        assert chosen is not None
        return Resolved(chosen[0], chosen[1], "day", True, None, warnings, approximate)
    if spec.part is not None and reference.year is None:
        raise Unresolvable("a part of the reference year (연말, 연초)")
    raise Unresolvable("nothing absolute is stated")


def _partial(spec: Spec, grain: str, warnings: list[str], approximate: bool) -> Resolved:
    if spec.month is None and spec.day is None:
        raise Unresolvable(f"a {grain} without year needs a reference date")
    partial = PartialDate(month=spec.month, day=spec.day)
    known = " ".join(f"{name} {value}" for name, value in (("month", spec.month), ("day", spec.day)) if value is not None)
    warnings.append(f"no reference date: {known} kept, year{' and month' if spec.month is None else ''} unknown")
    return Resolved(None, None, grain, False, partial, warnings, approximate)


def _duration_text(amount: int, unit: str) -> str:
    return f"P{amount}{ {'year': 'Y', 'month': 'M', 'week': 'W', 'day': 'D'}[unit] }"


def _tense(expression: Expression, reference: Reference, text: str) -> str | None:
    """The tense that places the expression: its prefix's, else its sentence's when it lacks a year."""
    first = expression.atom.first
    if first is None:
        return None
    if first.tense in ("past", "future"):
        return first.tense
    needs_tense = first.year is None and first.two_digit is None and not first.own_unit
    if needs_tense and reference.anchor is not None:
        return sentence_tense(text, expression.end)
    return None


def _resolve(expression: Expression, reference: Reference, tense: str | None) -> tuple[DateExpression, list[str]]:
    atom = expression.atom
    kind = expression.kind
    first = atom.first
    if atom.kind in ("duration", "relative", "within"):
        return _resolve_amount(expression, reference, tense)
    assert first is not None
    low = _resolve_spec(first, reference, tense)
    if kind == "point" and atom.last is None and _only_offsets(first):
        kind = "relative"
    if atom.last is None and not low.spans:
        return _expression(kind, low.grain, low.start, low.end, low, approximate=expression.approximate)
    if atom.last is None:
        return _expression("interval" if kind == "point" else kind, low.grain, low.start, low.end, low, approximate=expression.approximate)
    last = atom.last
    if low.start is not None and last.year is None and last.two_digit is None and last.year_shift is None:
        if last.day_shift is None and last.week_shift is None and last.month_shift is None:
            last = _changed(last, year=low.start.year, tense=None)
            if last.day is not None and last.month is None:
                last = _changed(last, month=low.start.month)
    high = _resolve_spec(last, reference, tense)
    if low.start is not None and high.end is not None and high.end < low.start and last.year is not None and atom.last.year is None:
        high = _resolve_spec(_changed(last, year=last.year + 1), reference, tense)
    grain = cal.finer(low.grain, high.grain)
    warnings = low.warnings + [w for w in high.warnings if w not in low.warnings]
    if low.start is None or high.end is None:
        if low.partial is not None and high.partial is not None:
            end_parts = ", ".join(f"{k} {v}" for k, v in high.partial.model_dump(exclude_none=True).items())
            warnings.append(f"range end ({end_parts}) not representable without a reference date")
        merged = Resolved(None, None, grain, False, low.partial, warnings)
        return _expression(kind, grain, None, None, merged, approximate=expression.approximate)
    if high.end < low.start:
        raise Impossible(f"range ends ({high.end}) before it starts ({low.start})")
    merged = Resolved(low.start, high.end, grain, low.resolved or high.resolved, None, warnings)
    return _expression(kind, grain, low.start, high.end, merged, approximate=expression.approximate)


def _only_offsets(spec: Spec) -> bool:
    """올해, 다음 주, 지난달: nothing but an offset from the reference (kind ``relative``)."""
    shifts = (spec.year_shift, spec.month_shift, spec.week_shift, spec.day_shift, spec.quarter_shift)
    parts = (spec.month, spec.day, spec.weekday, spec.half, spec.quarter, spec.season, spec.part, spec.ordinal)
    return any(x is not None for x in shifts) and all(x is None for x in parts)


def _expression(
    kind: str, grain: str, start: dt.date | None, end: dt.date | None, resolved: Resolved, *, approximate: bool
) -> tuple[DateExpression, list[str]]:
    if start is not None and end is not None and grain != "day":
        # Bounds of a finer part inside a coarser grain (3월 상순 is day grain, 80년대 is ten years).
        start, end = cal.bounds(grain, start)[0], cal.bounds(grain, end)[1]
    if kind == "deadline":
        start = None
    elif kind == "since":
        end = None
    return DateExpression(
        kind=kind,
        grain=grain,
        start=start,
        end=end,
        resolved=resolved.resolved,
        approximate=approximate or resolved.approximate,
        partial=resolved.partial,
    ), resolved.warnings


def _resolve_amount(expression: Expression, reference: Reference, tense: str | None) -> tuple[DateExpression, list[str]]:
    atom = expression.atom
    assert atom.amount is not None and atom.unit is not None
    duration = _duration_text(atom.amount, atom.unit)
    warnings: list[str] = []
    grain = {"year": "year", "month": "month", "week": "week", "day": "day"}[atom.unit]
    anchor = reference.anchor
    if atom.kind == "relative":
        if anchor is None or (atom.unit != "year" and not reference.knows_day):
            raise Unresolvable("an offset from the reference date (3년 전, 2주 후)")
        day = cal.shift(anchor, atom.direction * atom.amount, atom.unit)
        grain = "day" if atom.unit in ("day", "week") else grain
        start, end = cal.bounds(grain, day)
        result = DateExpression(kind="relative", grain=grain, start=start, end=end, duration=duration, resolved=True)
        return result, warnings
    if atom.kind == "within":
        if anchor is None or not reference.knows_day:
            warnings.append(f"within {duration} of an unknown reference date")
            return DateExpression(kind="deadline", grain="day", duration=duration), warnings
        end = cal.shift(anchor, atom.amount, atom.unit)
        return DateExpression(kind="deadline", grain="day", end=end, duration=duration, resolved=True), warnings
    if atom.amount_max is not None:
        warnings.append(f"a length of {atom.amount}~{atom.amount_max} {atom.unit}s: duration holds the lower bound")
    start = end = None
    resolved = False
    kind = "duration"
    knows = anchor is not None and (
        atom.unit == "year" or atom.unit == "month" and reference.knows_month or reference.knows_day
    )
    if expression.duration_start is not None:
        base = _resolve_spec(expression.duration_start, reference, tense)
        warnings.extend(base.warnings)
        if base.start is not None:
            grain = cal.finer(base.grain, grain)
            start = base.start
            end = cal.shift(start, atom.amount, atom.unit) - dt.timedelta(days=1)
            end = cal.bounds(grain, end)[1]
            resolved = base.resolved
    elif atom.anchor in ("future", "ahead") and atom.amount_max is not None:
        # 향후 5~10년 / 5~10년이 소요될 전망: somewhere between 5 and 10 years ahead
        if knows:
            assert anchor is not None
            start = cal.bounds(grain, cal.shift(anchor, atom.amount, atom.unit))[0]
            end = cal.bounds(grain, cal.shift(anchor, atom.amount_max, atom.unit))[1]
            kind, resolved = "relative", True
        else:
            warnings.append(f"{duration} ahead of an unknown reference date")
    elif atom.anchor in ("future", "past") and atom.amount_max is None:
        # 지난 2주 / 다음 3년 / 향후 10년: whole units before or after the reference's own
        if knows:
            assert anchor is not None
            step = 1 if atom.anchor == "future" else -1
            low, high = sorted((cal.shift(anchor, step, atom.unit), cal.shift(anchor, step * atom.amount, atom.unit)))
            start, end = cal.bounds(grain, low)[0], cal.bounds(grain, high)[1]
            resolved = True
        else:
            warnings.append(f"{duration} {'before' if atom.anchor == 'past' else 'after'} an unknown reference date")
    return DateExpression(kind=kind, grain=grain, start=start, end=end, duration=duration, resolved=resolved), warnings


def _resolve_anaphor(
    expression: Expression, offset: int, previous_day: dt.date | None, reference: Reference
) -> tuple[DateExpression, list[str]]:
    """이날 / 전날 / 다음날: the day of the previous dated mention, else the reference day."""
    if previous_day is None:
        if not reference.knows_day or reference.anchor is None:
            raise Unresolvable("a day that refers back to an earlier date (이날, 전날)")
        previous_day = reference.anchor
    day = previous_day + dt.timedelta(days=offset)
    kind = "deadline" if expression.kind == "deadline" else "since" if expression.kind == "since" else "point"
    return DateExpression(
        kind=kind, grain="day", start=None if kind == "deadline" else day, end=None if kind == "since" else day, resolved=True
    ), []


_MENTION_FIELDS = tuple(DateMention.model_fields)
# Every mention, span and partial date sets every field: its fields set is copied, not built.
_MENTION_FIELD_SET = frozenset(_MENTION_FIELDS)
_SPAN_FIELD_SET = frozenset(Span.model_fields)
_PARTIAL_FIELD_SET = frozenset(PartialDate.model_fields)


class Placed(NamedTuple):
    """What resolving one expression gave: the DateExpression's fields and notes, or why it is not emitted.

    ``fields`` is ``DateExpression.model_dump()`` of a validated value; ``problem`` is
    ``(kind, message)`` with kind ``impossible``, ``unresolvable`` or ``invalid``.
    """

    fields: dict[str, Any] | None
    notes: tuple[str, ...] = ()
    problem: tuple[str, str] | None = None
    template: dict[str, Any] | None = None  # every field of a DateMention, in order; span and warnings to fill
    day: dt.date | None = None  # the day, when the expression is one day (an anaphor after it counts from it)


def _place(resolve: Callable[[], tuple[DateExpression, list[str]]]) -> Placed:
    """Run a resolution; what it raises for a date that cannot be emitted becomes the problem."""
    try:
        value, notes = resolve()
    except Impossible as problem:
        return Placed(None, (), ("impossible", str(problem)))
    except Unresolvable as problem:
        return Placed(None, (), ("unresolvable", str(problem)))
    except ValueError as problem:  # a bound outside the calendar (year 1 - 1), or a value the model refuses
        return Placed(None, (), ("invalid", str(problem)))
    fields = value.model_dump()
    template = {name: fields.get(name) for name in _MENTION_FIELDS}
    one_day = fields["grain"] == "day" and fields["start"] is not None and fields["start"] == fields["end"]
    return Placed(fields, tuple(notes), None, template, fields["start"] if one_day else None)


# (atom, kind, start of a duration, approximate, reference, tense) -> Placed. Keyed by the
# identity of the atom and start: productions hand out the same atom for the same surface
# (올해, 2023년, 9일), and comparing atoms by value costs as much as resolving them. Each entry
# holds its atom and start, so their ids cannot be reused while the entry lives.
_PLACED: dict[tuple[Any, ...], tuple[Atom, Spec | None, Placed]] = {}


def _placed(expression: Expression, reference: Reference, text: str) -> Placed:
    """``_resolve`` of an expression, remembered across calls (it depends on nothing else)."""
    _, _, atom, kind, start, approximate = expression
    first = atom.first
    # _tense, inline: a tense is looked for only where a year-less date meets a reference
    tense = None if first is None or first.tense is None and reference.anchor is None else _tense(expression, reference, text)
    key = (id(atom), kind, id(start), approximate, reference.anchor, reference.grain, tense)
    entry = _PLACED.get(key)
    if entry is not None and entry[0] is atom and entry[1] is start:
        return entry[2]
    placed = _place(lambda: _resolve(expression, reference, tense))
    if len(_PLACED) >= _MEMO_LIMIT:
        _PLACED.clear()
    _PLACED[key] = (atom, start, placed)
    return placed


# (offset, kind, previous day, reference) -> Placed: all that places an anaphor (이날, 전날).
_ANAPHORS: dict[tuple[Any, ...], Placed] = {}


def _placed_anaphor(expression: Expression, offset: int, previous_day: dt.date | None, reference: Reference) -> Placed:
    """``_resolve_anaphor`` of an expression, remembered across calls (a validated DateExpression costs ~8 µs)."""
    key = (offset, expression.kind, previous_day, reference.anchor, reference.grain)
    placed = _ANAPHORS.get(key)
    if placed is None:
        placed = _place(lambda: _resolve_anaphor(expression, offset, previous_day, reference))
        if len(_ANAPHORS) >= _MEMO_LIMIT:
            _ANAPHORS.clear()
        _ANAPHORS[key] = placed
    return placed


def _mention(placed: Placed, start: int, end: int, surface: str, notes: list[str]) -> DateMention:
    """``DateMention(span=Span(...), warnings=notes, **placed.fields)`` (the fields of a validated DateExpression)."""
    if end <= start:
        span = Span(start=start, end=end, text=surface)  # refused as before
    else:
        span = trusted(Span, {"start": start, "end": end, "text": surface}, _SPAN_FIELD_SET)
    assert placed.template is not None
    values = placed.template.copy()
    values["span"] = span
    values["warnings"] = notes
    partial = values["partial"]
    if partial is not None:
        values["partial"] = trusted(PartialDate, dict(partial), _PARTIAL_FIELD_SET)
    return trusted(DateMention, values, _MENTION_FIELD_SET)  # type: ignore[no-any-return]


# ---------------------------------------------------------------- public surface


def _within_bmp(text: str) -> bool:
    """Whether no character of ``text`` lies beyond the Basic Multilingual Plane."""
    if text.isascii():
        return True
    if _FOUR_BYTE_BASE is not None:
        # CPython stores a text with a character beyond the BMP at four bytes a character,
        # any other in fewer: its size says which without reading it. (A string in an older
        # layout may look bigger: it takes the slower road, which reads the same dates.)
        return sys.getsizeof(text) < _FOUR_BYTE_BASE + 4 * len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


_FOUR_BYTE_BASE = sys.getsizeof("\U00010000") - 4 if sys.implementation.name == "cpython" else None


def _rules_for(text: str, within_bmp: bool | None = None) -> tuple[Rule[Atom], ...]:
    """``rules()``, or ``reference_rules()`` for a text with a character beyond the BMP (rare)."""
    return rules() if (_within_bmp(text) if within_bmp is None else within_bmp) else reference_rules()


def scan_dates(text: str, reference: Any = None) -> tuple[list[DateMention], list[DateWarning]]:
    """Every date mention in text order, and what was seen but not emitted.

    Args:
        text: running text (any str).
        reference: the document's date: a ``datetime.date``, an ISO string, or a
            ``DateExpression`` (``find_publication_date``'s answer); None if unknown.

    Returns:
        ``(mentions, warnings)``; each warning is a ``DateWarning(message, start, end)``
        with offsets into ``text`` (impossible dates, relative dates without a reference).
    """
    if not isinstance(text, str) or not text:
        return [], []
    ref = as_reference(reference)
    normalized = normalize(text)
    view = normalized.text
    context = _NO_CONTEXT if ref is _NO_REFERENCE else _Context(ref)
    within_bmp = _within_bmp(view)
    candidates, timed_out = read_rules(view, _rules_for(view, within_bmp), context, rule_starts().positions(view, within_bmp))
    chosen = longest_first(candidates)  # type: ignore[type-var]  # Found has Candidate's fields
    mentions: list[DateMention] = []
    warnings: list[DateWarning] = []
    for name in timed_out:
        warnings.append(DateWarning(f"date rule {name!r} timed out; dates may be missing", 0, len(text)))
    previous_day: dt.date | None = None
    original, offsets = normalized.original, normalized.starts
    for expression in _combine(view, chosen):
        start, end, atom = expression[:3]
        if offsets is not None:  # normalized.original_slice, inline
            start, end = offsets[start], offsets[end]
        surface = original[start:end]
        first = atom.first
        if first is not None and first.anaphor is not None:
            placed = _placed_anaphor(expression, first.anaphor, previous_day, ref)
        else:
            placed = _placed(expression, ref, view)
        if placed.problem is not None:
            kind, problem = placed.problem
            if kind == "impossible":
                warnings.append(DateWarning(f"{problem} in {surface!r}: not emitted", start, end))
            elif kind == "unresolvable":
                # Nothing absolute is stated and there is no reference to place it: reported,
                # not emitted (the pipeline carries the warning into the result).
                warnings.append(DateWarning(f"{surface!r} is {problem}: not emitted", start, end))
            else:
                warnings.append(DateWarning(f"{surface!r} could not be placed: {problem}", start, end))
            continue
        notes = list(placed.notes) if placed.notes else []
        if first is not None and first.stated_weekday is not None:
            fields = placed.fields
            assert fields is not None
            day = fields["start"] or fields["end"]
            if day is not None and day.weekday() != first.stated_weekday:
                notes.append(f"stated weekday ({WEEKDAY_CHARS[first.stated_weekday]}) does not match {day}")
        mentions.append(_mention(placed, start, end, surface, notes))
        if placed.day is not None:
            previous_day = placed.day
    return mentions, warnings


def find_dates(text: str, *, reference: Any = None) -> list[DateMention]:
    """Every date expression in running text, in text order.

    Warnings about what was seen but not emitted (``2월 30일``) are copied onto the
    nearest mention; use ``scan_dates`` to get them on their own.

    >>> [(m.span.text, m.kind, str(m.end)) for m in find_dates("2030년까지 8조 원")]
    [('2030년까지', 'deadline', '2030-12-31')]
    """
    mentions, warnings = scan_dates(text, reference)
    if not mentions:
        return mentions
    for warning in warnings:
        nearest = min(
            mentions,
            key=lambda m: max(m.span.start - warning.end, warning.start - m.span.end, 0),
        )
        nearest.warnings.append(f"{warning.message} (at {warning.start}:{warning.end})")
    return mentions


def parse_date(text: str, *, reference: Any = None) -> DateExpression | None:
    """One date expression that makes up the whole of ``text``, or None.

    >>> parse_date("2018년 4분기").start
    datetime.date(2018, 10, 1)
    """
    mentions, _ = scan_dates(text, reference)
    stripped = text.strip() if isinstance(text, str) else ""
    if len(mentions) != 1 or mentions[0].span.text != stripped:
        return None
    return DateExpression(**mentions[0].model_dump(exclude={"span", "warnings"}))
