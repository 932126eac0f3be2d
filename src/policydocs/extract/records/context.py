"""What every record builder reads: a unit of the body with the mentions inside it, the
record lexicons, and small helpers for Korean clause structure (subjects, particles).

Also what keeps the builders fast: which units hold money, dates or organisations, word
indexes of the document, the word groups searched by the stdlib engine, and records built
without re-validation. Every such shortcut is exact, and ``exhaustive()`` turns them all
off so that ``tests/test_shortcuts.py`` can compare the two ways.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar, get_args

import regex
from pydantic import BaseModel

from policydocs.data import read_tsv
from policydocs.models import (
    DateExpression,
    DateMention,
    Mentions,
    Money,
    MoneyMention,
    Organization,
    OrganizationMention,
    Span,
)
from policydocs.models.records import Confidence, DialogueKind, ForecastCue, InitiativeKind, Instrument
from policydocs.models.trusted import trusted
from policydocs.models.values import Qualifier
from policydocs.structure import Unit

M = TypeVar("M", MoneyMention, DateMention, OrganizationMention)
B = TypeVar("B", bound=BaseModel)

# Both are matched at a position of the unit's text (``pattern.match(text, end)``), not on a slice.
SUBJECT_PARTICLE = regex.compile(r"(?:\s*측)?(?:은|는|이|가|에서는|에서|측은|측에서는)(?=\s|$)")
POSSESSIVE = regex.compile(r"의(?=\s)")
SUBJECT_FIRST = frozenset("측은는이가에")  # or a space (``\s`` is a space to ``str.isspace`` too)

SHORTCUTS = True
"""Whether the builders skip what cannot hold a record and build models without re-validation.

Every shortcut is exact; ``exhaustive()`` turns them off so that tests can compare the two.
"""


@contextmanager
def exhaustive() -> Iterator[None]:
    """Within the block, every unit is read by every builder and every model is validated."""
    global SHORTCUTS
    saved, SHORTCUTS = SHORTCUTS, False
    try:
        yield
    finally:
        SHORTCUTS = saved


# The values of the records' closed fields: a value outside them leaves the record to validation.
CONFIDENCES = frozenset(get_args(Confidence))
INSTRUMENTS = frozenset(get_args(Instrument))
INITIATIVE_KINDS = frozenset(get_args(InitiativeKind))
FORECAST_CUES = frozenset(get_args(ForecastCue))
QUALIFIERS = frozenset(get_args(Qualifier))
DIALOGUE_KINDS = frozenset(get_args(DialogueKind))


def build(model: type[B], values: dict[str, Any], valid: bool = True) -> B:
    """``model(**values)``, without validation when the caller has checked that ``values`` are valid.

    ``values`` name every field of ``model`` in field order, each already of the type
    validation would give (models, lists, str, int, Decimal), so that only the constraints
    of the fields remain to check; ``valid`` is that check. Validation copies lists and keeps
    model instances, so a trusted model equals the validated one (``tests/test_shortcuts.py``).
    """
    return trusted(model, values) if valid and SHORTCUTS else model(**values)
PARTICLE_TAIL = regex.compile(
    r"(?:이라고|에서는|에서|에게|으로|로서|로써|까지|부터|에는|와의|과의|이|가|은|는|을|를|의|에|로|와|과|도|만)$"
)


@dataclass(slots=True, eq=False)
class UnitView:
    """A unit and the mentions that lie inside it (not changed once made).

    Not a frozen dataclass: one view is made per unit of every document, and a frozen
    dataclass sets each field through ``object.__setattr__``, four times slower. Views are
    equal when they are the same view: no two views of a document hold the same fields (a
    heading that is a whole unit is that unit's view), so comparing fields would say the same, slower.
    """

    unit: Unit
    money: tuple[MoneyMention, ...]
    dates: tuple[DateMention, ...]
    orgs: tuple[OrganizationMention, ...]
    text: str  # the unit's text, read far more often than anything else

    def local(self, absolute: int) -> int:
        """Offset inside the unit's text of an absolute offset."""
        return absolute - self.unit.start

    def evidence(self) -> Span:
        unit = self.unit
        values = {"start": unit.start, "end": unit.end, "text": unit.text}
        return build(Span, values, 0 <= unit.start < unit.end and len(unit.text) == unit.end - unit.start)


@dataclass(slots=True, eq=False)
class DocumentView:
    """The units of a document with the context builders share (not changed once made, but
    its word indexes, made when first asked).

    Not a frozen dataclass: one is made per document, and a frozen dataclass sets each of
    its nine fields through ``object.__setattr__``, three times slower (2 µs a document).
    """

    views: list[UnitView]
    text: str
    under_forecast: frozenset[int]  # indexes of units listed under a heading such as ``’24년 전망``
    heading_of: dict[int, UnitView]
    # Indexes of the units holding a money, date or organisation mention, in text order:
    # a builder that needs one of them reads only those units.
    with_money: list[int] = dataclasses.field(default_factory=list)
    with_dates: list[int] = dataclasses.field(default_factory=list)
    with_orgs: list[int] = dataclasses.field(default_factory=list)
    _word_indexes: dict[str, WordIndex] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    def block_text(self, view: UnitView) -> str:
        """The line group a unit was cut from (its ▲ siblings included), within reach of it."""
        return self.text[self.block_start(view) : min(view.unit.block_end, view.unit.end + BLOCK_REACH)]

    def block_start(self, view: UnitView) -> int:
        """Where ``block_text`` starts in the document."""
        return max(view.unit.block_start, view.unit.start - BLOCK_REACH)

    def block_end(self, view: UnitView) -> int:
        """Where ``block_text`` ends in the document: ``block_text(view) == text[block_start(view):block_end(view)]``."""
        end = min(view.unit.block_end, view.unit.end + BLOCK_REACH, len(self.text))
        return max(end, self.block_start(view))

    def word_index(self, group: str) -> WordIndex:
        """The document's ``WordIndex`` of a group, made when first asked (the groups of
        ``INDEXED_TOGETHER`` in one search)."""
        index = self._word_indexes.get(group)
        if index is None:
            together = INDEXED_TOGETHER if group in INDEXED_TOGETHER else (group,)
            self._word_indexes.update(WordIndex.of_groups(together, self.text))
            index = self._word_indexes[group]
        return index

    def having(self, indexes: list[int]) -> Sequence[int]:
        """``indexes`` (units known to hold something), or every unit when shortcuts are off."""
        return indexes if SHORTCUTS else range(len(self.views))


INDEXED_TOGETHER = ("forecast_cue", "event_noun")  # the word indexes that (nearly) every document needs
TITLE_NOISE = regex.compile(r"[\s「」『』‘’“”'\"·]")
HEADING_MAX = 14
BLOCK_REACH = 300  # characters around a unit in which its siblings still speak for it


def _heading_line(view: UnitView) -> UnitView | None:
    """The unit itself when it is a short dated forecast heading, or its last line when a
    wrapped table glued the heading (``’24년 전망``) to the item before it."""
    if not view.dates:
        return None
    if len(view.text.strip()) <= HEADING_MAX:
        tail, offset = view.text, 0
    else:
        offset = view.text.rfind("\n") + 1
        tail = view.text[offset:]
        if not offset or len(tail.strip()) > HEADING_MAX:
            return None
    start = view.unit.start + offset
    dates = tuple(d for d in view.dates if d.span.start >= start)
    if not dates or find_first("forecast_cue", tail) is None:
        return None
    if not offset and not view.money and not view.orgs:
        return view  # the whole unit is the heading: the same view, not a second one equal to it
    unit = dataclasses.replace(view.unit, start=start, text=tail)
    return UnitView(unit, (), dates, (), tail)


def forecast_headings(all_views: list[UnitView], dated: Sequence[int] | None = None) -> dict[int, UnitView]:
    """Items listed under a short heading that dates a forecast (``’24년 전망``): index -> heading.

    A heading holds a date, so only the ``dated`` units (default: all) are read for one;
    the items after it, up to the next heading or the first unit that is not an item, are under it.
    """
    lines = {}
    for index in range(len(all_views)) if dated is None else dated:
        line = _heading_line(all_views[index])
        if line is not None:
            lines[index] = line
    under: dict[int, UnitView] = {}
    for index, line in lines.items():
        for following in range(index + 1, len(all_views)):
            if following in lines or all_views[following].unit.kind != "item":
                break
            under[following] = line
    return under


def document_view(units: Sequence[Unit], text: str, mentions: Mentions) -> DocumentView:
    """Views of every unit, and which ones sit under a forecast heading."""
    starts = [unit.start for unit in units]
    ends = [unit.end for unit in units]
    money, with_money = _by_unit(mentions.money, starts, ends)
    dates, with_dates = _by_unit(mentions.dates, starts, ends)
    orgs, with_orgs = _by_unit(mentions.organizations, starts, ends)
    all_views = list(map(UnitView, units, money, dates, orgs, [unit.text for unit in units]))
    headings = forecast_headings(all_views, with_dates if SHORTCUTS else None)
    return DocumentView(all_views, text, frozenset(headings), headings, with_money, with_dates, with_orgs)


def _by_unit(mentions: Sequence[M], starts: list[int], ends: list[int]) -> tuple[list[tuple[M, ...]], list[int]]:
    """The mentions lying wholly inside each unit, and the indexes of the units holding one.

    Both are in text order and units do not overlap (``starts`` and ``ends`` are theirs),
    so each mention is placed by a binary search of the unit starts.
    """
    out: list[tuple[M, ...]] = [()] * len(starts)
    if not mentions:
        return out, []
    groups: dict[int, list[M]] = {}
    place = bisect.bisect_right
    for mention in mentions:
        span = mention.span
        start = span.start
        index = place(starts, start) - 1
        if index >= 0 and start < ends[index] and span.end <= ends[index]:
            groups.setdefault(index, []).append(mention)
    for index, group in groups.items():
        out[index] = tuple(group)
    return out, list(groups)


@lru_cache(maxsize=None)
def words(group: str) -> tuple[tuple[str, str], ...]:
    """(word pattern, value) pairs of one group of ``record_words.tsv``, longest first."""
    rows = [(row["word"], row["value"]) for row in read_tsv("record_words.tsv") if row["group"] == group]
    return tuple(sorted(rows, key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=None)
def pattern(group: str) -> regex.Pattern[str]:
    """One alternation over a word group; the matched alternative tells the value."""
    alternatives = "|".join(f"(?P<w{index}>{word})" for index, (word, _) in enumerate(words(group)))
    return regex.compile(alternatives)


def value_of(group: str, match: regex.Match[str]) -> str:
    """The value of the alternative that matched in ``pattern(group)``."""
    name = match.lastgroup or ""
    return words(group)[int(name[1:])][1]


@lru_cache(maxsize=None)
def literal_words(group: str) -> tuple[str, ...] | None:
    """The words of a group when every one is a plain string (no regex syntax), else None."""
    plain = tuple(word for word, _ in words(group))
    return plain if all(regex.escape(word, literal_spaces=True) == word for word in plain) else None


@lru_cache(maxsize=None)
def _shortest_first(group: str) -> re.Pattern[str] | None:
    """The words of a literal group as one stdlib pattern, shortest first (None for a regex group).

    Where several words start at one position it matches the shortest, the one that the
    most parts of a text can hold; the stdlib engine skips text without a word about twice
    as fast as ``regex``, and a literal word means the same to both.
    """
    plain = literal_words(group)
    if plain is None:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(plain, key=len)))


@lru_cache(maxsize=None)
def overlap_free(group: str) -> bool:
    """Whether no two occurrences of the group's words can overlap in any text: the words are
    plain, none begins another, and no word's tail begins a word or is the beginning of one.

    Then ``find_all`` finds every occurrence of a word, and a ``WordIndex`` of the group
    knows all of them.
    """
    plain = literal_words(group)
    if plain is None or not all(plain) or len(set(plain)) != len(plain):
        return False
    for word in plain:
        if any(other != word and other.startswith(word) for other in plain):
            return False
        for cut in range(1, len(word)):
            tail = word[cut:]
            if any(other.startswith(tail) or tail.startswith(other) for other in plain):
                return False
    return True


@lru_cache(maxsize=None)
def _first_characters(groups: tuple[str, ...]) -> dict[str, str] | None:
    """The group of each first character of the groups' words (None if a group is not literal,
    or if two groups share a first character)."""
    owner: dict[str, str] = {}
    for group in groups:
        plain = literal_words(group)
        if plain is None or any(not word for word in plain):
            return None
        for word in plain:
            if owner.setdefault(word[0], group) != group:
                return None
    return owner


@lru_cache(maxsize=None)
def _shortest_first_of(groups: tuple[str, ...]) -> re.Pattern[str]:
    plain = [word for group in groups for word in literal_words(group) or ()]
    return re.compile("|".join(re.escape(word) for word in sorted(plain, key=len)))


class WordIndex:
    """Where the words of a literal group occur in a document, to skip the parts without one.

    ``find_all(group, document[start:end])`` can find something only if a word lies wholly
    inside ``[start, end)``: one search of the document answers that for every part. A
    group with regex words is not indexed, and every part may hold one.
    """

    def __init__(self, group: str, text: str, found: tuple[list[int], list[int]] | None = None) -> None:
        """``found``: the (starts, ends) of the group's words, when one search found them for several groups."""
        scanner = _shortest_first(group)
        self.exact = scanner is not None
        self._starts: list[int] = []
        self._ends: list[int] = []  # the end of the shortest word starting there
        if scanner is None:
            return
        if found is not None:
            self._starts, self._ends = found
            return
        search = scanner.search
        match = search(text)
        while match is not None:  # every position where a word starts, overlaps included
            start = match.start()
            self._starts.append(start)
            self._ends.append(match.end())
            match = search(text, start + 1)

    @staticmethod
    def of_groups(groups: tuple[str, ...], text: str) -> dict[str, WordIndex]:
        """The indexes of several groups from one search of the text.

        Where no two groups have words with the same first character, at most one group
        has a word starting at any position, and one pattern over all their words,
        shortest first, finds the shortest word of that group there. Otherwise, one
        search per group.
        """
        first = _first_characters(groups)
        if first is None or not SHORTCUTS:
            return {group: WordIndex(group, text) for group in groups}
        found = {group: ([], []) for group in groups}
        search = _shortest_first_of(groups).search
        match = search(text)
        while match is not None:
            start = match.start()
            starts, ends = found[first[text[start]]]
            starts.append(start)
            ends.append(match.end())
            match = search(text, start + 1)
        return {group: WordIndex(group, text, found[group]) for group in groups}

    def last_within(self, start: int, end: int) -> tuple[int, int] | None:
        """(start, end) of the last word lying wholly inside ``[start, end)``; for a group
        whose words cannot overlap (``overlap_free``) that is the last match of ``find_all``
        in ``document[start:end]``."""
        index = bisect.bisect_left(self._starts, end) - 1
        while index >= 0 and self._starts[index] >= start:
            if self._ends[index] <= end:
                return self._starts[index], self._ends[index]
            index -= 1
        return None

    def any_within(self, start: int, end: int) -> bool:
        """Whether a word may lie wholly inside ``[start, end)`` of the document."""
        if not self.exact:
            return True
        index = bisect.bisect_left(self._starts, start)
        while index < len(self._starts) and self._starts[index] < end:
            if self._ends[index] <= end:
                return True
            index += 1
        return False

    def units_with(self, units: Sequence[Unit]) -> list[bool]:
        """For each unit (in text order, ``unit.text == document[unit.start:unit.end]``): may it hold a word?"""
        if not self.exact:
            return [True] * len(units)
        holds = [False] * len(units)
        unit_starts = [unit.start for unit in units]
        for start, end in zip(self._starts, self._ends):
            index = bisect.bisect_right(unit_starts, start) - 1
            if index >= 0 and end <= units[index].end:
                holds[index] = True
        return holds


def units_holding(marks: Iterable[str], text: str, units: Sequence[Unit]) -> list[int]:
    """Indexes of the units (in text order, cut from ``text``) that hold one of ``marks`` (strings).

    One ``str.find`` per mark, which skips text far faster than a pattern of alternatives
    can; a unit found, the search for that mark goes on after it.
    """
    starts = [unit.start for unit in units]
    found: set[int] = set()
    find = text.find
    for mark in marks:
        position = find(mark)
        while position >= 0:
            index = bisect.bisect_right(starts, position) - 1
            if index >= 0 and position + len(mark) <= units[index].end:
                found.add(index)
                position = find(mark, units[index].end)
            else:
                position = find(mark, position + 1)
    return sorted(found)


# What the stdlib engine takes for a digit of ``regex``: its own digits, and every character
# beyond the BMP, where the newer Unicode data of ``regex`` adds digit blocks the stdlib does not know.
ANY_DIGIT = r"\d\U00010000-\U0010FFFF"
SPACE = r"[^\S\x1c-\x1f]"  # ``regex``'s ``\s`` for the stdlib engine, whose ``\s`` also takes \x1c-\x1f
SPACED_WORD = regex.compile(r"(?:\\s[*+?]?|[^\\\[\](){}.*+?^$|])+")  # plain characters and ``\s``, ``\s*`` …


@lru_cache(maxsize=None)
def _stdlib(group: str) -> tuple[re.Pattern[str], Callable[[str], str]] | None:
    """The group as one stdlib pattern that finds what ``pattern(group)`` finds, and the value
    of a matched text; None for a group with words that are more than plain characters and spaces.

    The alternatives keep their order, and both engines match them alike (the leftmost
    position, the first alternative that matches there; ``SPACE`` is ``\\s``). So the
    alternative that matched is the first word that matches the whole matched text: no
    capturing groups are needed, which would cost the stdlib engine its quick skipping of
    text without a word (about three times as fast as ``regex`` with it).
    """
    rows = words(group)
    if not all(SPACED_WORD.fullmatch(word) for word, _ in rows):
        return None
    spaced = [word.replace("\\s", SPACE) for word, _ in rows]
    wholes = [(re.compile(word), value) for word, (_, value) in zip(spaced, rows)]

    @lru_cache(maxsize=1024)
    def value(matched: str) -> str:
        return next(value for whole, value in wholes if whole.fullmatch(matched))

    return re.compile("|".join(spaced)), value


def find_all(group: str, text: str) -> list[tuple[int, int, str]]:
    """Every occurrence of a word of the group: (start, end, value)."""
    stdlib = _stdlib(group) if SHORTCUTS else None
    if stdlib is None:
        return [(m.start(), m.end(), value_of(group, m)) for m in pattern(group).finditer(text)]
    scanner, value = stdlib
    return [(m.start(), m.end(), value(m.group())) for m in scanner.finditer(text)]


def find_values(group: str, text: str) -> list[str]:
    """The values of ``find_all(group, text)``, without their offsets (no match objects made)."""
    stdlib = _stdlib(group) if SHORTCUTS else None
    if stdlib is None:
        return [value for _, _, value in find_all(group, text)]
    scanner, value = stdlib
    return list(map(value, scanner.findall(text)))


def find_first(group: str, text: str) -> tuple[int, int, str] | None:
    """``find_all(group, text)[0]``, or None when there is none: the search stops at the first word."""
    if not SHORTCUTS:
        found = find_all(group, text)
        return found[0] if found else None
    stdlib = _stdlib(group)
    if stdlib is None:
        match = pattern(group).search(text)
        return None if match is None else (match.start(), match.end(), value_of(group, match))
    scanner, value = stdlib
    match = scanner.search(text)
    return None if match is None else (match.start(), match.end(), value(match.group()))


# The value part of a mention is the mention without its span and warnings: its fields were
# validated (or built from checked data) with it, so it is built as ``model_construct`` would.
_ORGANIZATION_FIELDS = tuple(Organization.model_fields)
_MONEY_FIELDS = tuple(Money.model_fields)
_DATE_FIELDS = tuple(DateExpression.model_fields)


def organization(mention: OrganizationMention) -> Organization:
    """The value of an organisation mention, without its span."""
    values = mention.__dict__
    return trusted(Organization, {name: values[name] for name in _ORGANIZATION_FIELDS})


def money_value(mention: MoneyMention) -> Money:
    values = mention.__dict__
    return trusted(Money, {name: values[name] for name in _MONEY_FIELDS})


def date_value(mention: DateMention) -> DateExpression:
    values = mention.__dict__
    return trusted(DateExpression, {name: values[name] for name in _DATE_FIELDS})


def subject(view: UnitView, before: int | None = None) -> OrganizationMention | None:
    """The organisation the clause is about: a name followed by 은/는/이/가/에서 (before ``before``)."""
    text, offset = view.text, view.unit.start
    for mention in view.orgs:
        if before is not None and mention.span.start >= before:
            break
        end = mention.span.end - offset
        follows = text[end : end + 1]  # what SUBJECT_PARTICLE starts with: a particle, 측, or a space
        if follows and (follows in SUBJECT_FIRST or follows.isspace()) and SUBJECT_PARTICLE.match(text, end):
            return mention
    return None


def possessor(view: UnitView, before: int) -> OrganizationMention | None:
    """An organisation written as ``X의`` right before ``before`` (within a few words)."""
    for mention in reversed(view.orgs):
        if mention.span.end <= before and before - mention.span.end <= 12:
            if POSSESSIVE.match(view.text, mention.span.end - view.unit.start):
                return mention
    return None


def strip_particle(word: str) -> str:
    """``운행대수가`` -> ``운행대수``; leaves words without a particle alone."""
    stripped = PARTICLE_TAIL.sub("", word)
    return stripped if len(stripped) >= 1 else word


def squash(text: str) -> str:
    """Whitespace runs (line breaks of wrapped PDFs included) to one space."""
    return " ".join(text.split())


def year_of(date: DateMention | DateExpression) -> int | None:
    """The year a date points at: its end, else its start, else the partial year."""
    for bound in (date.end, date.start):
        if isinstance(bound, dt.date):
            return bound.year
    return date.partial.year if date.partial is not None else None


@lru_cache(maxsize=4096)
def merge_key(text: str) -> str:
    """A title without spaces and quotes, abbreviations spelled out (소부장 -> 소재부품장비)."""
    key = TITLE_NOISE.sub("", text)
    for short, full in words("abbreviation"):
        key = key.replace(short, full)
    return key


@lru_cache(maxsize=16384)
def similar_titles(a: str, b: str) -> bool:
    """Two titles name the same thing: equal, or one contains the other (spaces, quotes and
    middle dots aside), as ``이차전지산업 육성 전략`` within ``충북 이차전지산업 육성 전략``."""
    ka, kb = merge_key(a), merge_key(b)
    if not ka or not kb:
        return False
    if ka == kb or ((ka in kb or kb in ka) and min(len(ka), len(kb)) >= 4):
        return True
    shorter, longer = sorted((a.split(), b.split()), key=len)
    return len(shorter) >= 2 and _in_order(shorter, longer)


def _in_order(part: list[str], whole: list[str]) -> bool:
    """Every word of ``part`` appears in ``whole``, in order (반도체 문샷 in 호주 반도체 국가 문샷)."""
    position = iter(whole)
    return all(any(word == other for other in position) for word in part)
