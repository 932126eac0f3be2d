"""Named rules and the matcher that runs them.

An extractor is a tuple of small rules: a readable name (``"<number> 억 <number> 만 원"``),
a compiled pattern, and a function that builds the value from the match (or returns
``None`` to reject it). The matcher runs every rule over the text once, then keeps the
longest non-overlapping candidates, so that ``8조 7,417억원`` is one amount and not two.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import regex

T = TypeVar("T")

# Generous but finite: a rule's pattern that takes longer than this on one text is a bug
# (catastrophic backtracking); the matcher reports it instead of hanging.
RULE_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Rule(Generic[T]):
    """One way of reading a value: ``produce(match, context)`` builds it or returns None."""

    name: str
    pattern: regex.Pattern[str]
    produce: Callable[[regex.Match[str], Any], T | None]
    priority: int = 0  # breaks ties between candidates of equal length: higher wins


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """A value some rule read at ``[start, end)`` of the text it was given."""

    start: int
    end: int
    value: T
    rule: str
    priority: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def length(self) -> int:
        return self.end - self.start


def run_rules(text: str, rules: Sequence[Rule[T]], context: Any = None) -> tuple[list[Candidate[T]], list[str]]:
    """Every candidate of every rule, and the names of rules that timed out."""
    candidates: list[Candidate[T]] = []
    timed_out: list[str] = []
    for rule in rules:
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


def longest_first(candidates: Iterable[Candidate[T]]) -> list[Candidate[T]]:
    """Keep the longest candidates that do not overlap a longer one, in text order.

    Ties in length go to the higher priority, then to the leftmost.
    """
    ordered = sorted(candidates, key=lambda c: (-c.length, -c.priority, c.start))
    taken: list[Candidate[T]] = []
    occupied = _Intervals()
    for candidate in ordered:
        if occupied.free(candidate.start, candidate.end):
            occupied.add(candidate.start, candidate.end)
            taken.append(candidate)
    taken.sort(key=lambda c: c.start)
    return taken


class _Intervals:
    """A set of disjoint intervals with O(log n) overlap tests."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start)
        if index > 0 and self._ends[index - 1] > start:
            return False
        return not (index < len(self._starts) and self._starts[index] < end)

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
