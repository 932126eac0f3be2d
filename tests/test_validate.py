"""Validation of hand-curated records: every corruption a curator can make is caught at its path.

The mutation table takes every seed answer key, applies each kind of corruption to the
first value it fits, and checks that ``check_file`` reports an error at exactly the
JSON path of the corrupted field (and on the line where that field is written).
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from policydocs.validate import check_file, json_path, validate_file, value_lines

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_KEYS = sorted(SEEDS.glob("*.json"))

Path_ = tuple[int | str, ...]


def walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every (path, dict) in a JSON value, depth first, in document order."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            yield from walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, path + (index,))


def is_money(node: dict) -> bool:
    return "currency" in node and ("amount" in node or "min" in node)


def is_span(node: dict) -> bool:
    return set(node) == {"start", "end", "text"}


def is_date(node: dict) -> bool:
    return "kind" in node and "grain" in node


def is_org(node: dict) -> bool:
    return "canonical" in node


def is_record(node: dict) -> bool:
    return "evidence" in node


def is_document(node: dict) -> bool:
    return "sha256" in node


def is_result(node: dict) -> bool:
    return "document" in node


@dataclass(frozen=True)
class Corruption:
    """Break one field of the first node that ``fits``; the error must be at ``field``."""

    name: str
    fits: Callable[[dict], bool]
    field: str
    apply: Callable[[dict], None]


def _set(key: str, value: Any) -> Callable[[dict], None]:
    return lambda node: node.__setitem__(key, value)


def _range_inverted(node: dict) -> None:
    node.pop("amount", None)
    node.update(qualifier="range", min="10", max="5")


def _range_without_max(node: dict) -> None:
    node.pop("amount", None)
    node.pop("max", None)
    node.update(qualifier="range", min="10")


def _shift(node: dict) -> None:
    node["start"] += 1
    node["end"] += 1


def _swap(node: dict) -> None:
    node["start"], node["end"] = node["end"], node["start"]


def _month_not_first(node: dict) -> None:
    node.update(grain="month", start="2021-02-23", end=None)


def _start_after_end(node: dict) -> None:
    node.update(grain="day", start="2031-01-01", end="2030-12-31")


def _drop(key: str) -> Callable[[dict], None]:
    return lambda node: node.pop(key)


def _mentions_out_of_order(node: dict) -> None:
    for kind in ("organizations", "dates", "money"):
        items = node["mentions"].get(kind, [])
        if len(items) >= 2:
            items[0], items[1] = items[1], items[0]
            return
    raise AssertionError("no list of two mentions to swap")


def _has_two_mentions(node: dict) -> bool:
    return is_result(node) and any(len(node.get("mentions", {}).get(k, [])) >= 2 for k in ("organizations", "dates"))


CORRUPTIONS = [
    Corruption("unknown currency", is_money, "currency", _set("currency", "KRX")),
    Corruption("float amount", is_money, "amount", _set("amount", 8741700000000.5)),
    Corruption("negative amount", is_money, "amount", _set("amount", "-5")),
    Corruption("amount not a number", is_money, "amount", _set("amount", "8조")),
    Corruption("unknown qualifier", is_money, "qualifier", _set("qualifier", "roughly")),
    Corruption("range min above max", is_money, "max", _range_inverted),
    Corruption("range without max", is_money, "max", _range_without_max),
    Corruption("unknown key in money", is_money, "amonut", _set("amonut", "1")),
    Corruption("span start after end", is_span, "end", _swap),
    Corruption("span off by one", is_span, "text", _shift),
    Corruption("span text edited", is_span, "text", lambda n: n.update(text="X" + n["text"][1:])),
    Corruption("span negative start", is_span, "start", _set("start", -1)),
    Corruption("span end wrong type", is_span, "end", _set("end", "twelve")),
    Corruption("span text missing", is_span, "text", _drop("text")),
    Corruption("month grain not on the 1st", is_date, "start", _month_not_first),
    Corruption("date start after end", is_date, "end", _start_after_end),
    Corruption("unknown date kind", is_date, "kind", _set("kind", "sometime")),
    Corruption("duration not ISO 8601", is_date, "duration", _set("duration", "5 years")),
    Corruption("date not ISO", is_date, "end", _set("end", "2030/12/31")),
    Corruption("unknown organisation type", is_org, "type", _set("type", "ministryy")),
    Corruption("country not alpha-2", is_org, "country", _set("country", "KOR")),
    Corruption("canonical missing", is_org, "canonical", _drop("canonical")),
    Corruption("empty evidence", is_record, "evidence", _set("evidence", [])),
    Corruption("unknown confidence", is_record, "confidence", _set("confidence", "certain")),
    Corruption("unknown key in a record", is_record, "titel", _set("titel", "x")),
    Corruption("published not a date", is_document, "published", _set("published", "2021-13-01")),
    Corruption("sha256 of another text", is_document, "sha256", _set("sha256", "0" * 64)),
    Corruption("char_count off", is_document, "char_count", lambda n: n.update(char_count=n["char_count"] + 1)),
    Corruption("unknown top-level key", is_result, "mentionz", _set("mentionz", {})),
    Corruption("mentions out of text order", _has_two_mentions, "mentions", _mentions_out_of_order),
]


def corrupt(data: Any, corruption: Corruption) -> tuple[str, dict] | None:
    """Apply the corruption to the first node it fits: the expected JSON path and the node."""
    for path, node in walk(data):
        if corruption.fits(node):
            corruption.apply(node)
            return json_path(path + (corruption.field,)), node
    return None


def _write_case(tmp_path: Path, seed: Path, data: Any) -> Path:
    target = tmp_path / seed.name
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.copy(seed.with_suffix(".txt"), target.with_suffix(".txt"))
    return target


def test_every_seed_key_is_valid_against_its_document() -> None:
    assert SEED_KEYS, "no seeds/*.json"
    for seed in SEED_KEYS:
        report = check_file(seed)
        assert report.errors == [], [str(e) for e in report.errors]
        assert report.records == report.valid == 1
        assert not report.notes, report.notes  # every key has its .txt beside it


def test_every_corruption_applies_to_some_seed() -> None:
    for corruption in CORRUPTIONS:
        fits = [seed for seed in SEED_KEYS if corrupt(json.loads(seed.read_text("utf-8")), corruption)]
        assert fits, f"{corruption.name} fits no seed"


@pytest.mark.parametrize("seed", SEED_KEYS, ids=lambda p: p.stem[:3])
@pytest.mark.parametrize("corruption", CORRUPTIONS, ids=lambda c: c.name)
def test_corruption_is_caught_at_its_path(tmp_path: Path, seed: Path, corruption: Corruption) -> None:
    data = json.loads(seed.read_text("utf-8"))
    corrupted = corrupt(data, corruption)
    if corrupted is None:
        pytest.skip(f"{seed.stem} has nothing {corruption.name} fits")
    expected, node = corrupted
    target = _write_case(tmp_path, seed, data)
    errors = validate_file(target)
    paths = [error.path for error in errors]
    assert expected in paths, f"{corruption.name}: expected an error at {expected}, got {[str(e) for e in errors]}"
    error = errors[paths.index(expected)]
    lines = target.read_text("utf-8").splitlines()
    assert error.line is not None and 1 <= error.line <= len(lines)
    key = expected.rsplit(".", 1)[-1].split("[")[0]
    if corruption.field not in node:
        # a missing key is reported on the line where its object opens
        assert lines[error.line - 1].rstrip().endswith("{"), lines[error.line - 1]
    else:
        assert f'"{key}"' in lines[error.line - 1], (key, lines[error.line - 1])


def test_line_numbers_point_at_the_key(tmp_path: Path) -> None:
    seed = SEEDS / "002_ed9749e83b3cbb24.json"
    data = json.loads(seed.read_text("utf-8"))
    data["mentions"]["money"][1]["currency"] = "WON"
    target = _write_case(tmp_path, seed, data)
    (error,) = validate_file(target)
    lines = target.read_text("utf-8").splitlines()
    assert error.path == "mentions.money[1].currency"
    assert '"currency": "WON"' in lines[error.line - 1]
    assert "ISO 4217" in error.message


def test_value_lines_follow_nesting() -> None:
    text = '{\n "a": [\n  {"b": 1},\n  {\n   "b": [2,\n 3]}\n ],\n "c": "x"\n}'
    lines = value_lines(text)
    assert lines[("a",)] == 2
    assert lines[("a", 0, "b")] == 3
    assert lines[("a", 1, "b")] == 5
    assert lines[("a", 1, "b", 1)] == 6
    assert lines[("c",)] == 8


# ---------------------------------------------------------------- bad files


def _messages(path: Path, **kwargs: Any) -> list[str]:
    return [error.message for error in check_file(path, **kwargs).errors]


def test_missing_file() -> None:
    assert _messages(Path("no/such/file.json")) == ["no such file"]


def test_directory(tmp_path: Path) -> None:
    assert "directory" in _messages(tmp_path)[0]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("")
    assert "empty file" in _messages(path)[0]


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"document": {\n  "id": "x",\n  oops\n}')
    (error,) = check_file(path).errors
    assert error.line == 3 and "not valid JSON" in error.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in _messages(path)[0]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp949.json"
    path.write_bytes('{"document": {"id": "충북"}}'.encode("cp949"))
    assert "not UTF-8" in _messages(path)[0]


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text("[" + ",".join(["{}"] * 1000) + "]")
    assert "over the limit" in _messages(path, max_bytes=100)[0]


def test_too_deep(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100 + "]" * 100)
    assert "nested" in _messages(path)[0]
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested" in _messages(path)[0]


def test_one_broken_record_among_valid_ones(tmp_path: Path) -> None:
    seed = SEEDS / "002_ed9749e83b3cbb24.json"
    good = json.loads(seed.read_text("utf-8"))
    bad = copy.deepcopy(good)
    bad["mentions"]["money"][0]["amount"] = 1.5
    path = tmp_path / "three.json"
    path.write_text(json.dumps([good, bad, good], ensure_ascii=False, indent=1), encoding="utf-8")
    report = check_file(path, text_path=seed.with_suffix(".txt"))
    assert (report.records, report.valid) == (3, 2)
    assert [error.path for error in report.errors] == ["[1].mentions.money[0].amount"]


def test_jsonl_reports_line_of_each_record(tmp_path: Path) -> None:
    seed = SEEDS / "002_ed9749e83b3cbb24.json"
    good = json.loads(seed.read_text("utf-8"))
    bad = copy.deepcopy(good)
    bad["document"]["language"] = "Korean"
    lines = [json.dumps(good, ensure_ascii=False), "", json.dumps(bad, ensure_ascii=False), "{not json"]
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_file(path, text_path=seed.with_suffix(".txt"))
    assert (report.records, report.valid) == (3, 1)
    assert [(error.line, error.path) for error in report.errors] == [(3, "document.language"), (4, "")]


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    seed = SEEDS / "002_ed9749e83b3cbb24.json"
    path = tmp_path / seed.name
    shutil.copy(seed, path)
    path.with_suffix(".txt").write_bytes(b"\xff\xfe\x00broken")
    assert any("not UTF-8" in message for message in _messages(path))


def test_without_text_spans_are_checked_for_shape_only(tmp_path: Path) -> None:
    seed = SEEDS / "002_ed9749e83b3cbb24.json"
    data = json.loads(seed.read_text("utf-8"))
    data["mentions"]["money"][0]["span"]["start"] += 1
    data["mentions"]["money"][0]["span"]["end"] += 1
    path = tmp_path / seed.name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = check_file(path)
    assert report.errors == [] and "spans checked for shape only" in report.notes[0]
    report = check_file(path, text_path=seed.with_suffix(".txt"))
    assert [error.path for error in report.errors] == ["mentions.money[0].span.text"]
    assert "occurs at 365:375" in report.errors[0].message


def test_other_record_types(tmp_path: Path) -> None:
    seed = json.loads((SEEDS / "002_ed9749e83b3cbb24.json").read_text("utf-8"))
    path = tmp_path / "initiatives.json"
    broken = copy.deepcopy(seed["initiatives"])
    broken[1]["kind"] = "strategem"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    report = check_file(path, model="initiative")
    assert (report.records, report.valid) == (3, 2)
    assert [error.path for error in report.errors] == ["[1].kind"]
