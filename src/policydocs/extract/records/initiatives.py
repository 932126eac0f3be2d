"""Initiative: a named strategy, plan, programme, law, cluster, council, alliance or fund.

Names come from brackets (「…」, 『…』), from quotes (‘…’, “…”) whose last word is an
initiative word (전략, 계획, 프로그램, 법, 클러스터, 협의회, 얼라이언스 … data group
``initiative_head``), from ``…법(IRA)`` with an acronym, from a quoted name announced by
its kind (``클러스터인 ‘NGen’``), from organisations that are councils or alliances, and
from unquoted compound names ending in a programme word (``대출·채무 보증 프로그램``).
Counts such as ``3대 전략, 9대 핵심과제, 45개 세부사업`` in the same or the next two units
become its structure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

import regex

from policydocs.extract.records import context
from policydocs.extract.records.context import (
    ANY_DIGIT,
    INITIATIVE_KINDS,
    DocumentView,
    UnitView,
    build,
    date_value,
    find_first,
    find_values,
    literal_words,
    money_value,
    organization,
    possessor,
    similar_titles,
    squash,
    subject,
    units_holding,
    words,
)
from policydocs.models import Initiative, OrganizationMention

# BRACKETED and QUOTED use no class or property the two engines read differently (no \s, \w,
# \d, \p): the stdlib engine, faster, finds the same matches.
BRACKETED = re.compile(r"[「『](?P<title>[^「」『』]{2,80}?)\*?[」』]")
EXECUTIVE_ORDER = regex.compile(r"(?P<title>[A-Z][\w’'&\-]*(?:\s+[\w’'&\-]+){1,15}?)\s*\(\s*(?:EO|E\.O\.|Executive Order)\s*\d+")
ORDER_NUMBER = regex.compile(r"\(\s*(?:EO|E\.O\.|Executive Order)\s*\d")  # within every match of EXECUTIVE_ORDER
SHORT_LINE_BEFORE = 12
MAY_NAME = regex.compile(r"[「『‘“'\"]|법|프로그램|실행계획|특화단지|\(\s*(?:EO|E\.O\.|Executive)")
# What every name ``_named`` can find holds: a bracket or quote, 법 (of a law, or of
# 감축법 …), an order number's EO, or a programme word.
NAME_MARKS = ("「", "『", "‘", "“", "'", '"', "법", "실행계획", "프로그램", "특화단지", "EO", "E.O.", "Executive Order")
OWNED = regex.compile(r"\S의\s?[「『‘“'\"]?$")
LETTER = regex.compile(r"\p{L}")
ONE_WORD = regex.compile(r"[\p{Hangul}·]+")  # a table cell wrapped over lines: ``인플레이션`` / ``감축법(IRA)``
QUOTED = re.compile(r"[‘“'\"](?P<title>[^‘’“”'\"\n(]{2,60})(?:\(이하[^)]*\))?[’”'\"]")
LAW_WITH_ACRONYM = regex.compile(r"(?P<title>(?:[\p{Hangul}·]+\s*){1,4}법)\s*\((?P<acronym>[A-Z]{2,8})\)")
LAW_TAIL = regex.compile(r"법\s*\([A-Z]{2,8}\)")  # what every match of LAW_WITH_ACRONYM ends with
KIND_HEADS = "클러스터|프로그램|이니셔티브|얼라이언스|협의회"
KIND_THEN_NAME = regex.compile(rf"(?P<head>{KIND_HEADS})(?:인|로|으로)?\s*[‘“'\"](?P<title>[^‘’“”'\"\n]{{2,40}})[’”'\"]")
KIND_WORD = re.compile(KIND_HEADS)  # what KIND_THEN_NAME needs, for a quick test
UNQUOTED_HEAD = re.compile("실행계획|프로그램|특화단지|감축법|고용법|생산법|특별법")  # plain words: the stdlib engine is faster
STOP_WORDS = {"이번", "새로운", "해당", "관련", "이", "그", "각", "본", "동", "새", "기존", "이러한", "다양한", "현재", "추진", "주요", "여러", "전략", "등"}
ADNOMINAL = regex.compile(r"(?:인|한|는|된|은|을|를|의|에|과|와|및|로|으로|며|고|서|형|별|적)$")  # not part of a name
STRUCTURE = regex.compile(r"(?P<count>\d{1,3})\s*(?:대|개)\s*(?P<word>추진\s*전략|전략|핵심\s*과제|중점\s*과제|세부\s*사업|과제|사업|분야)")
STRUCTURE_KEY = regex.compile(r"[a-z][a-z0-9_]*")  # what Initiative.structure accepts as a key
ONLY_MARKS = re.compile(r"[ ∙•▲※*\-\n]*")  # a stretch that str.strip(" ∙•▲※*-\n") empties
STRUCTURE_HINT = re.compile(rf"[{ANY_DIGIT}]\s*[대개]")  # where STRUCTURE matches, so does this (stdlib ``\s`` takes more)
BUDGET_CUE = re.compile(r"사업비|예산|총사업비|투입|투자|재원")  # plain words: the stdlib engine is faster
LOOKAHEAD_UNITS = 2


@dataclass
class _Draft:
    title: str
    kind: str
    views: list[UnitView]
    lead: OrganizationMention | None
    acronym: str | None = None
    rank: int = 0  # how the name was found: 0 bracketed or quoted, 1 law/order, 2 organisation, 3 unquoted


@lru_cache(maxsize=None)
def _head_pattern(word: str | None = None) -> regex.Pattern[str]:
    """A title ending in an initiative word (any word, or the one given)."""
    heads = word or "|".join(w for w, _ in words("initiative_head"))
    return regex.compile(rf"(?:{heads})(?:\s*\d{{4}})?\s*$")


@lru_cache(maxsize=None)
def _head_ends() -> frozenset[str] | None:
    """The last characters of the initiative words (None when some word is a pattern)."""
    plain = literal_words("initiative_head")
    return None if plain is None else frozenset(word[-1] for word in plain)


def _may_name_kind(raw: str) -> bool:
    """False when ``_kind(squash(raw))`` is surely None, without squashing ``raw``.

    ``_kind`` needs the title to end in an initiative word, maybe followed by a year: its
    last character ends such a word or is a digit (no letter). ``squash`` keeps the last
    character that is not space, and ``_head_pattern``'s ``\\s`` is space to ``str.split`` too.
    """
    ends = _head_ends()
    last = raw.rstrip()[-1:]
    return ends is None or last in ends or not last.isalpha() or not context.SHORTCUTS


@lru_cache(maxsize=None)
def _title_end() -> re.Pattern[str] | None:
    """How a quoted title with a kind closes: the last character of an initiative word or a
    digit (of a year), spaces, maybe ``(이하 …)``, the closing quote (None when some word is a pattern)."""
    ends = _head_ends()
    if ends is None:
        return None
    return re.compile(rf"[{re.escape(''.join(sorted(ends)))}{ANY_DIGIT}]\s*(?:\(이하[^)]*\))?[’”'\"]")


def _may_close_a_title(text: str) -> bool:
    """False when no title QUOTED finds in ``text`` can have a kind: ``_kind`` needs it to end
    in an initiative word, maybe with a year after it."""
    ending = _title_end()
    return ending is None or not context.SHORTCUTS or ending.search(text) is not None


@lru_cache(maxsize=None)
def _structure_key(word: str) -> str | None:
    return next((v for w, v in words("structure") if regex.fullmatch(w, word)), None)


@lru_cache(maxsize=4096)
def _kind(title: str) -> str | None:
    match = _head_pattern().search(title)
    if not match:
        return None
    for word, kind in words("initiative_head"):
        if _head_pattern(word).search(title):
            return kind
    return None


def _unquoted(view: UnitView, wrapped: Callable[[], list[str]]) -> list[tuple[int, str, str]]:
    """Compound names ending in a programme word: (local start, title, kind).

    ``wrapped()`` gives the short lines a table cell was wrapped from (``대출·채무`` /
    ``보증`` / ``프로그램``): they begin the name when the name begins the unit.
    """
    found = []
    lines: list[list[str]] = []  # wrapped(), read once and only when needed

    def wrapped_from() -> list[str]:
        if not lines:
            lines.append(wrapped())
        return lines[0]

    for match in UNQUOTED_HEAD.finditer(view.text):
        head, before_text = match.group(), view.text[max(0, match.start() - 80) : match.start()]
        glued = before_text[-1:].strip() != ""
        before = squash(before_text).split(" ") if before_text.strip() else []
        tokens: list[str] = []
        if glued and before:
            tokens.append(before.pop())  # ``국방물자생산법``: the head is glued to its modifier
        while before and len(tokens) < 4 and _may_begin_name(before[-1]):
            tokens.append(before.pop())
        tokens.reverse()
        words_before = [t.strip("∙•▲※*-‘’“”'\"「」『』") for t in tokens if t]
        start = view.text.rfind(tokens[0], 0, match.start()) if tokens else match.start()
        if ONLY_MARKS.fullmatch(view.text, 0, start):  # not view.text[:start].strip(" ∙•▲※*-\n")
            words_before = wrapped_from() + words_before
        if not words_before or (len(words_before) < 2 and not glued and not wrapped_from()):
            continue
        title = squash(" ".join(words_before) + ("" if glued else " ") + head)
        kind = _kind(title)
        if kind:
            found.append((start, title, kind))
    return found


@lru_cache(maxsize=16384)
def _may_begin_name(word: str) -> bool:
    """Whether a word before a programme word still belongs to its name (words recur: remembered)."""
    if word.endswith((",", "，", "·")):
        return False  # the previous name of an enumeration ends here
    token = word.strip("∙•▲※*-()‘’“”'\"「」『』")
    return not (not token or token in STOP_WORDS or ADNOMINAL.search(token) or not LETTER.search(token))


def _lead(view: UnitView, at: int) -> OrganizationMention | None:
    """``X의 「…」`` names its owner; otherwise the organisation the sentence is about, unless
    another owner is written (``정부의 「K-배터리 발전 전략」``: not the subject's)."""
    owner = possessor(view, view.unit.start + at)
    if owner is not None or OWNED.search(view.text, max(0, at - 12), at):
        return owner
    return subject(view)


def _continued(title: str, view: UnitView, at: int, wrapped: Callable[[], list[str]]) -> str:
    """Prefix the short lines a name was wrapped from: ``인플레이션`` + ``감축법(IRA)``."""
    if view.text[:at].strip(" ∙•▲※*-"):
        return title
    wrapped_from = wrapped()
    if not wrapped_from:
        return title
    return squash(" ".join(wrapped_from) + " " + title)


def wrapped_lines(all_views: list[UnitView], index: int) -> list[str]:
    """The short one-word lines right before a unit, which a wrapped table cell left behind
    (``대출·채무`` / ``보증`` / ``프로그램``); the first may end the unit before it."""
    lines: list[str] = []
    following = all_views[index]
    for view in reversed(all_views[max(0, index - 3) : index]):
        if following.unit.start - view.unit.end > 6:
            break
        word = view.text.strip()
        if _short_word(word):
            lines.insert(0, word)
            following = view
            continue
        tail = view.text.rsplit("\n", 1)[-1].strip() if "\n" in view.text else ""
        if _short_word(tail):
            lines.insert(0, tail)  # glued to the unit before by the line wrapper
        break
    return lines


def _short_word(text: str) -> bool:
    return 0 < len(text) <= SHORT_LINE_BEFORE and ONE_WORD.fullmatch(text) is not None


def _candidates(view: UnitView, wrapped: Callable[[], list[str]] = list, may_name: bool = True) -> list[_Draft]:
    """The names a unit states; ``wrapped`` gives the short lines before it (read only when needed).

    ``may_name`` False says that the unit holds none of ``NAME_MARKS``. Each pattern of ``_named``
    needs a ``MAY_NAME`` cue and is tried only after a quick test of its own, so ``MAY_NAME``
    itself is a shortcut only when shortcuts are off.
    """
    drafts = _named(view, wrapped) if may_name and (context.SHORTCUTS or MAY_NAME.search(view.text)) else []
    for mention in view.orgs:
        kind = _kind(mention.canonical) or _kind(mention.name)
        if kind in BODIES:
            drafts.append(_Draft(mention.canonical, kind, [view], subject(view), rank=2))
    return drafts


BODIES = ("council", "alliance", "cluster")  # the kinds an organisation's name can give an initiative


@lru_cache(maxsize=4096)
def _is_body(canonical: str, name: str) -> bool:
    return (_kind(canonical) or _kind(name)) in BODIES


def _named(view: UnitView, wrapped: Callable[[], list[str]]) -> list[_Draft]:
    """Names in brackets or quotes, laws, orders and compound names (all need a ``MAY_NAME`` cue)."""
    drafts: list[_Draft] = []
    text = view.text
    # Each pattern below needs a character or word a cheap test can see first.
    brackets = "「" in text or "『" in text
    quotes = "‘" in text or "“" in text or "'" in text or '"' in text  # what QUOTED and KIND_THEN_NAME open with
    bracketed = BRACKETED.finditer(text) if brackets else ()
    quoted = QUOTED.finditer(text) if quotes and _may_close_a_title(text) else ()
    for match in (*bracketed, *quoted):
        if not _may_name_kind(match.group("title")):
            continue
        title = squash(match.group("title"))
        kind = _kind(title)
        if kind:
            drafts.append(_Draft(title, kind, [view], _lead(view, match.start())))
    for match in KIND_THEN_NAME.finditer(text) if quotes and KIND_WORD.search(text) else ():
        kind = dict(words("initiative_head")).get(match.group("head"), "other")
        drafts.append(_Draft(squash(match.group("title")), kind, [view], _lead(view, match.start())))
    laws = LAW_WITH_ACRONYM.finditer(text) if "법" in text and LAW_TAIL.search(text) else ()  # a slow pattern
    for match in laws:
        title = _continued(squash(match.group("title")).strip("∙•▲※*- "), view, match.start(), wrapped)
        drafts.append(_Draft(title, "law", [view], None, match.group("acronym"), rank=1))
    for match in EXECUTIVE_ORDER.finditer(text) if "(" in text and ORDER_NUMBER.search(text) else ():
        drafts.append(_Draft(squash(match.group("title")), "law", [view], None, rank=1))
    heads = "법" in text or "프로그램" in text or "실행계획" in text or "특화단지" in text  # in every UNQUOTED_HEAD
    for at, title, kind in _unquoted(view, wrapped) if heads and UNQUOTED_HEAD.search(text) else ():
        drafts.append(_Draft(title, kind, [view], _lead(view, at), rank=3))
    return drafts


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    merged: list[_Draft] = []
    for draft in drafts:
        same = next((m for m in merged if m.kind == draft.kind and similar_titles(m.title, draft.title)), None)
        if same is None:
            merged.append(draft)
            continue
        if (draft.rank, -len(draft.title)) < (same.rank, -len(same.title)):
            same.title, same.rank = draft.title, draft.rank
        same.views.extend(v for v in draft.views if v not in same.views)
        same.lead = same.lead or draft.lead
        same.acronym = same.acronym or draft.acronym
    return merged


def _sectors(text: str) -> list[str]:
    return list(dict.fromkeys(find_values("sector", text)))


def initiatives(doc: DocumentView) -> list[Initiative]:
    """Every named initiative of the body, one record per name."""
    all_views = doc.views
    if context.SHORTCUTS:  # a name needs one of NAME_MARKS or an organisation that is a council, alliance or cluster
        may_name = set(units_holding(NAME_MARKS, doc.text, [view.unit for view in all_views]))
        bodies = {i for i in doc.with_orgs for m in all_views[i].orgs if _is_body(m.canonical, m.name)}
        read: Sequence[int] = sorted(may_name.union(bodies))
    else:
        may_name, read = set(range(len(all_views))), range(len(all_views))
    found = [_candidates(all_views[i], partial(wrapped_lines, all_views, i), i in may_name) for i in read]
    drafts = [draft for unit_drafts in found for draft in unit_drafts]
    if not drafts:
        return []
    names = {id(all_views[index]) for index, unit_drafts in zip(read, found) if unit_drafts}
    position = _Positions(all_views)
    return [_record(draft, all_views, position, names) for draft in _merge(drafts)]


class _Positions:
    """The index of a view in ``all_views``: its unit's index (as ``segment`` numbers units),
    checked, else looked up."""

    def __init__(self, all_views: list[UnitView]) -> None:
        self._views = all_views
        self._looked_up: dict[int, int] | None = None

    def of(self, view: UnitView) -> int:
        index = view.unit.index
        if 0 <= index < len(self._views) and self._views[index] is view:
            return index
        if self._looked_up is None:
            self._looked_up = {id(v): i for i, v in enumerate(self._views)}
        return self._looked_up[id(view)]


def _count(digits: str) -> int | None:
    """The number ``digits`` write, or None for digits of a newer Unicode than ``int`` knows
    (regex's ``\\d`` takes Kawi or Garay digits the interpreter cannot read)."""
    try:
        return int(digits)
    except ValueError:
        return None


def _structure(
    draft: _Draft, all_views: list[UnitView], position: _Positions, names: set[int]
) -> tuple[dict[str, int], list[UnitView]]:
    """Counts (``3대 전략``) in a unit naming the initiative or in the next two without another name."""
    structure: dict[str, int] = {}
    found_in: list[UnitView] = []
    for named in draft.views:
        first = position.of(named)
        for view in all_views[first : first + LOOKAHEAD_UNITS + 1]:
            if view is not named and id(view) in names:
                break
            counted = not context.SHORTCUTS or (("대" in view.text or "개" in view.text) and STRUCTURE_HINT.search(view.text))
            for match in STRUCTURE.finditer(view.text) if counted else ():
                key = _structure_key(match.group("word"))
                count = _count(match.group("count"))
                if key and key not in structure and count is not None:
                    structure[key] = count
                    if view not in found_in:
                        found_in.append(view)
    return structure, found_in


def _record(draft: _Draft, all_views: list[UnitView], position: _Positions, names: set[int]) -> Initiative:
    structure, structure_views = _structure(draft, all_views, position, names)
    reading = draft.views + [v for v in structure_views if v not in draft.views]
    for named in draft.views[:1]:
        for view in all_views[position.of(named) + 1 : position.of(named) + 1 + LOOKAHEAD_UNITS]:
            if id(view) in names:
                break
            if (view.money or view.dates) and view not in reading and BUDGET_CUE.search(view.text):
                reading.append(view)  # ``… 사업비는 총 4조 원이다``: the next sentence states its budget
    period = next(
        (d for v in reading for d in v.dates if d.kind in ("deadline", "interval", "duration", "since")), None
    )
    budget = next((m for v in reading for m in v.money if BUDGET_CUE.search(v.text)), None)
    announced = next(
        (
            d
            for v in draft.views
            for d in v.dates
            if d.kind == "point" and d.grain == "day" and find_first("announce_verb", v.text) is not None
        ),
        None,
    )
    lead = draft.lead
    participants = []
    if draft.kind in ("council", "alliance"):
        lead_name = lead.canonical if lead else None
        seen = {lead_name, draft.title}
        for view in draft.views[:1]:
            for mention in view.orgs:
                if mention.canonical not in seen:
                    seen.add(mention.canonical)
                    participants.append(organization(mention))
    evidence = sorted({(v.unit.start, v.unit.end): v for v in reading}.values(), key=lambda v: v.unit.start)
    values = {
        "evidence": [v.evidence() for v in evidence],
        "confidence": "high" if len(reading) == 1 and lead is not None else "medium",
        "title": draft.title,
        "kind": draft.kind,
        "lead": organization(lead) if lead else None,
        "participants": participants,
        "sectors": _sectors(" ".join(v.text for v in reading)),
        "period": date_value(period) if period else None,
        "budget": money_value(budget) if budget else None,
        "structure": structure,
        "announced": date_value(announced) if announced else None,
    }
    valid = (
        len(draft.title) >= 1
        and draft.kind in INITIATIVE_KINDS
        and all(STRUCTURE_KEY.fullmatch(key) and count >= 0 for key, count in structure.items())
    )
    return build(Initiative, values, valid)
