"""One generic runner for every extractor corpus under tests/corpus/*.yaml.

A corpus file names the function it exercises and holds:

- ``examples``: groups of surface forms with one expected reading each. Every text must
  be read as exactly one mention covering the whole text, whose fields include ``expect``.
- ``running``: running text where ``[[...]]`` marks each expected mention, in order;
  ``expect`` lists the fields of each. The extractor must find exactly the marked spans.
- ``negatives``: texts in which nothing may be found.
- ``xfail``: known gaps, in any of the forms above plus a ``reason``; run as strict
  expected failures, so a fix is noticed.

For ``parse_number``, ``expect`` is the value (a string) and ``negatives`` must give None.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import policydocs

CORPUS_DIR = Path(__file__).parent / "corpus"
MARK_OPEN, MARK_CLOSE = "[[", "]]"


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """``"a [[b]] c"`` -> ``("a b c", [(2, 3)])``."""
    text, spans, position = "", [], 0
    while True:
        opening = marked.find(MARK_OPEN, position)
        if opening < 0:
            return text + marked[position:], spans
        closing = marked.find(MARK_CLOSE, opening)
        assert closing > opening, f"unbalanced [[ ]] in {marked!r}"
        text += marked[position:opening]
        start = len(text)
        text += marked[opening + len(MARK_OPEN) : closing]
        spans.append((start, len(text)))
        position = closing + len(MARK_CLOSE)


def _call(function: str, text: str, reference: dt.date | None) -> list[dict[str, Any]]:
    finder = getattr(policydocs, function)
    found = finder(text, reference=reference) if function == "find_dates" else finder(text)
    return [mention.model_dump(mode="json") for mention in found]


def _normalise(value: Any) -> Any:
    """YAML may give dates and numbers; the dumps give strings: compare as JSON would."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(Decimal(str(value)))
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    return value


def _differences(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    out = {}
    for key, want in _normalise(expected).items():
        have = got.get(key)
        if key in ("amount", "min", "max", "value") and want is not None and have is not None:
            if Decimal(str(have)) == Decimal(str(want)):
                continue
        elif have == want:
            continue
        out[key] = (want, have)
    return out


def _check_whole(function: str, text: str, expect: Any, reference: dt.date | None) -> None:
    if function == "parse_number":
        got = policydocs.parse_number(text)
        want = None if expect is None else Decimal(str(expect))
        assert got == want, f"parse_number({text!r}) = {got}, expected {want}"
        return
    found = _call(function, text, reference)
    stripped = text.strip()
    offset = text.index(stripped) if stripped else 0
    assert len(found) == 1, f"{function}({text!r}) found {len(found)} mentions: {[m['span']['text'] for m in found]}"
    span = found[0]["span"]
    assert (span["start"], span["end"]) == (offset, offset + len(stripped)), (
        f"{function}({text!r}) read only {span['text']!r}"
    )
    diff = _differences(expect, found[0])
    assert not diff, f"{function}({text!r}): field: (expected, got) {diff}"


def _check_running(function: str, marked: str, expect: list[dict[str, Any]], reference: dt.date | None) -> None:
    text, spans = unmark(marked)
    assert len(spans) == len(expect), f"{marked!r}: {len(spans)} marks but {len(expect)} expectations"
    found = _call(function, text, reference)
    got_spans = [(m["span"]["start"], m["span"]["end"]) for m in found]
    assert got_spans == spans, (
        f"{function} on {text!r}: found {[m['span']['text'] for m in found]}, "
        f"expected {[text[a:b] for a, b in spans]}"
    )
    for index, (want, have) in enumerate(zip(expect, found)):
        diff = _differences(want or {}, have)
        assert not diff, f"{text!r} mention {index} {have['span']['text']!r}: field: (expected, got) {diff}"


def _check_negative(function: str, text: str, reference: dt.date | None) -> None:
    if function == "parse_number":
        assert policydocs.parse_number(text) is None, f"parse_number({text!r}) should be None"
        return
    found = _call(function, text, reference)
    assert not found, f"{function}({text!r}) should find nothing, found {[m['span']['text'] for m in found]}"


def _cases() -> list[Any]:
    cases = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        corpus = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        function = corpus["function"]
        reference = corpus.get("reference_date")
        if isinstance(reference, str):
            reference = dt.date.fromisoformat(reference)

        def add(kind: str, payload: tuple, label: str, reason: str | None = None) -> None:
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(kind, function, reference, payload, id=f"{path.stem}:{label}", marks=marks))

        def add_entry(entry: dict[str, Any], reason: str | None) -> None:
            if "texts" in entry:
                for text in entry["texts"]:
                    add("whole", (text, entry.get("expect")), text, reason)
            elif "text" in entry and isinstance(entry.get("expect"), list):
                add("running", (entry["text"], entry["expect"]), entry["text"][:60], reason)
            elif "text" in entry and "expect" in entry:
                add("whole", (entry["text"], entry["expect"]), entry["text"], reason)
            else:
                add("negative", (entry["text"],), "NOT " + entry["text"][:60], reason)

        for entry in corpus.get("examples", []):
            add_entry(entry, None)
        for entry in corpus.get("running", []):
            add("running", (entry["text"], entry["expect"]), entry["text"][:60])
        for text in corpus.get("negatives", []):
            add("negative", (text,), "NOT " + text[:60])
        for entry in corpus.get("xfail", []):
            add_entry(entry, entry["reason"])
    return cases


@pytest.mark.parametrize("kind, function, reference, payload", _cases())
def test_corpus(kind: str, function: str, reference: dt.date | None, payload: tuple) -> None:
    if kind == "whole":
        _check_whole(function, payload[0], payload[1], reference)
    elif kind == "running":
        _check_running(function, payload[0], payload[1], reference)
    else:
        _check_negative(function, payload[0], reference)
