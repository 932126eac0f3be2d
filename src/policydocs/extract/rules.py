"""Named rules and the matcher that runs them.

An extractor is a tuple of small rules: a readable name (``"<number> 억 <number> 만 원"``),
a compiled pattern, and a function that builds the value from the match (or returns
``None`` to reject it). The matcher runs every rule over the text once, then keeps the
longest non-overlapping candidates, so that ``8조 7,417억원`` is one amount and not two.

A rule may carry a *start scanner*: a stdlib ``re`` pattern that finds every place where a
match of the rule can start (and some where it cannot). The matcher then tries the
rule's pattern only there, which reads the same matches as a scan of the whole text at
a fraction of the cost: ``regex`` tries a big pattern at every position, while ``re``
skips to the few characters that can begin one (see ``start_scanner``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Generic, TypeVar

import regex

T = TypeVar("T")

# Generous but finite: a rule's pattern that takes longer than this on one text is a bug
# (catastrophic backtracking); the matcher reports it instead of hanging.
RULE_TIMEOUT_SECONDS = 5.0
# How many start positions the matcher tries between two looks at the clock.
CLOCK_EVERY = 256


@dataclass(frozen=True)
class Rule(Generic[T]):
    """One way of reading a value: ``produce(match, context)`` builds it or returns None.

    ``starts``, when given, must match (``re``) at every position where ``pattern`` can
    match a non-empty string: it is a necessary condition, checked cheaply.
    """

    name: str
    pattern: regex.Pattern[str]  # or a stdlib re pattern, for a rule with a start scanner
    produce: Callable[[regex.Match[str], Any], T | None]
    priority: int = 0  # breaks ties between candidates of equal length: higher wins
    starts: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """A value some rule read at ``[start, end)`` of the text it was given."""

    start: int
    end: int
    value: T
    rule: str
    priority: int = 0
    notes: tuple[str, ...] = field(default=())

    def __init__(self, start: int, end: int, value: T, rule: str, priority: int = 0, notes: tuple[str, ...] = ()) -> None:
        """The fields go into the instance's dict at once: a frozen dataclass's own ``__init__``
        sets each through ``object.__setattr__`` (0.7 µs a candidate, 0.35 this way; the
        extractors make a hundred per document). ``tests/test_shortcuts.py`` checks the two agree."""
        self.__dict__.update(start=start, end=end, value=value, rule=rule, priority=priority, notes=notes)

    @property
    def length(self) -> int:
        return self.end - self.start


def start_scanner(*branches: tuple[str, str, str]) -> re.Pattern[str]:
    """A stdlib ``re`` pattern that matches one character wherever a rule may start.

    Each branch is ``(characters, not_after, then)``: the rule may start at one of
    ``characters`` that does not follow a character of the class ``not_after`` ("" for
    any) and is followed by ``then`` (a pattern, "" for anything). Every alternative
    begins with a literal character, so ``re`` skips everything else at the speed of a
    character-set search.
    """
    by_character: dict[str, list[str]] = {}
    for characters, not_after, then in branches:
        for character in characters:
            escaped = re.escape(character)
            test = f"(?<!{not_after}{escaped})" if not_after else ""
            test += f"(?={then})" if then else ""
            by_character.setdefault(character, []).append(test)
    alternatives = []
    for character in sorted(by_character):
        tests = by_character[character]
        if "" in tests:
            tests = [""]
        body = tests[0] if len(tests) == 1 else "(?:" + "|".join(tests) + ")"
        alternatives.append(re.escape(character) + body)
    return re.compile("|".join(alternatives))


@dataclass(frozen=True)
class SharedScanner:
    """One scan for the starts of several rules whose scanners all match at one literal character.

    ``re`` finds a literal character at well under a nanosecond per character of text, a set
    of characters at several (0.3-0.5 against 3.5-4.8 ns measured on the seeds), so one scan
    for the starts of every rule loses to a scan per rule. Rules whose scanners begin with the
    same character lose nothing by sharing one: the scan stops at that character only, and
    tries each rule's scanner there as a lookahead (a rule whose scanner is the character alone
    starts wherever the scan stops). ``starts`` gives what each rule's own scanner finds.
    """

    pattern: re.Pattern[str]
    everywhere: tuple[str, ...]  # rules whose scanner is the character alone
    tested: tuple[str, ...]  # the rule of each group of ``pattern``, in order

    @classmethod
    def of(cls, character: str, rules: Iterable[Rule[Any]]) -> SharedScanner:
        """Every match of each rule's scanner must begin with ``character``."""
        escaped = re.escape(character)
        everywhere, tested, tests = [], [], []
        for rule in rules:
            assert rule.starts is not None and rule.starts.pattern.startswith(escaped), rule.name
            if rule.starts.pattern == escaped:
                everywhere.append(rule.name)
            else:
                # Back over the character, then the rule's scanner there: an empty group if it matches.
                tests.append(f"(?:(?<=(?={rule.starts.pattern}).)())?")
                tested.append(rule.name)
        return cls(re.compile(escaped + "".join(tests)), tuple(everywhere), tuple(tested))

    def starts(self, text: str) -> dict[str, list[int]]:
        """The start positions of each rule, by name (the form ``run_rules`` takes)."""
        stops: list[int] = []
        found: dict[str, list[int]] = {name: [] for name in self.tested}
        tested = self.tested
        for match in self.pattern.finditer(text):
            at = match.start()
            stops.append(at)
            if match.lastindex is not None:
                for name, group in zip(tested, match.groups()):
                    if group is not None:
                        found[name].append(at)
        found.update(dict.fromkeys(self.everywhere, stops))
        return found


def run_rules(
    text: str,
    rules: Sequence[Rule[T]],
    context: Any = None,
    starts: Mapping[str, Sequence[int]] | None = None,
) -> tuple[list[Candidate[T]], list[str]]:
    """Every candidate of every rule, and the names of rules that timed out.

    ``starts`` may give, by rule name, the positions (ascending) where that rule is tried
    instead of its own start scanner: found by the caller for several rules in one pass.
    They must include every position where the rule's pattern matches (they may hold more).
    """
    candidates: list[Candidate[T]] = []
    timed_out: list[str] = []
    for rule in rules:
        given = starts.get(rule.name) if starts is not None else None
        if given is not None or rule.starts is not None:
            # Most rules find no start in a document: those cost one scan and nothing more.
            positions = given if given is not None else _starts_of(rule, text)
            if positions and not _run_at(text, rule, context, candidates, positions):
                timed_out.append(rule.name)
            continue
        try:
            for match in rule.pattern.finditer(text, timeout=RULE_TIMEOUT_SECONDS):
                if match.end() == match.start():
                    continue
                value = rule.produce(match, context)
                if value is not None:
                    candidates.append(Candidate(match.start(), match.end(), value, rule.name, rule.priority))
        except TimeoutError:
            timed_out.append(rule.name)
    return candidates, timed_out


def _starts_of(rule: Rule[T], text: str) -> list[int]:
    """Every position where the rule's start scanner matches.

    Most scanners find nothing in a document: one ``search`` says so for half the cost of an
    empty ``finditer`` and its list (1 µs a rule on a short text); the scan for the rest
    starts at the first match, where ``finditer`` from the start would find it too.
    """
    assert rule.starts is not None
    first = rule.starts.search(text)
    if first is None:
        return []
    return [found.start() for found in rule.starts.finditer(text, first.start())]


def _run_at(text: str, rule: Rule[T], context: Any, candidates: list[Candidate[T]], positions: Iterable[int]) -> bool:
    """The matches ``finditer`` would give, trying the pattern only at ``positions``.

    ``finditer`` tries each position from the end of its last match on; a position where
    no match can start gives nothing, so trying the possible starts in order, skipping
    those inside the last match, reads the same matches. False if the rule ran out of time.
    """
    match_at = rule.pattern.match
    deadline = time.perf_counter() + RULE_TIMEOUT_SECONDS
    end = 0
    for count, start in enumerate(positions):
        if start < end:
            continue
        if count % CLOCK_EVERY == 0 and time.perf_counter() > deadline:
            return False
        match = match_at(text, start)
        if match is None:
            continue
        if match.end() == start:
            # An empty match: finditer would go on looking for a longer one here.
            match = next((m for m in rule.pattern.finditer(text, start) if m.end() > m.start()), None)
            if match is None or match.start() != start:
                continue
        end = match.end()
        value = rule.produce(match, context)
        if value is not None:
            candidates.append(Candidate(start, end, value, rule.name, rule.priority))
    return True


def longest_first(candidates: Iterable[Candidate[T]]) -> list[Candidate[T]]:
    """Keep the longest candidates that do not overlap a longer one, in text order.

    Ties in length go to the higher priority, then to the leftmost. Candidates that
    overlap nothing are kept as they are; each group of overlapping ones is settled on
    its own (a choice in one group cannot touch another), in time linear in its extent.
    The sorts use C keys (``attrgetter``): the Python keys they replace cost most of the time.
    """
    # By start, the longest first at a start, ties in the order given: two stable sorts.
    ordered = sorted(candidates, key=_END, reverse=True)
    ordered.sort(key=_START)
    taken: list[Candidate[T]] = []
    group: list[Candidate[T]] = []
    reach = -1
    for candidate in ordered:
        if not group:
            group.append(candidate)
            reach = candidate.end
        elif candidate.start >= reach:
            if len(group) == 1:
                taken.append(group[0])
            else:
                taken.extend(settle_group(group, reach))
            group = [candidate]
            reach = candidate.end
        else:
            group.append(candidate)
            if candidate.end > reach:
                reach = candidate.end
    if len(group) == 1:
        taken.append(group[0])
    elif group:
        taken.extend(settle_group(group, reach))
    # Non-empty candidates that overlap nothing start at different places, each after the
    # last one's group: they are in text order already. Empty candidates at one position fall
    # in separate groups: order them as the greedy choice does.
    if any(candidate.start == candidate.end for candidate in taken):
        taken.sort(key=lambda c: (c.start, -c.length, -c.priority))
    return taken


_START = attrgetter("start")
_END = attrgetter("end")


def settle_group(group: list[Candidate[T]], reach: int) -> list[Candidate[T]]:
    """Longest first within one group of overlapping candidates, in text order."""
    origin = group[0].start
    occupied = bytearray(reach - origin)
    taken = []
    for candidate in sorted(group, key=lambda c: (-c.length, -c.priority, c.start)):
        start, end = candidate.start - origin, candidate.end - origin
        free = occupied.find(1, start, end) < 0 if end > start else not occupied[start]
        if free:
            occupied[start:end] = b"\x01" * (end - start)
            taken.append(candidate)
    taken.sort(key=lambda c: c.start)
    return taken
