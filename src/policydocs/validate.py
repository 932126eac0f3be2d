"""Validation of hand-curated records, with every error located by file, line and JSON path.

A curated record is only useful as an answer key if it is right, so this module reports
*every* problem at once (not the first), says where it is in terms a curator can act on
(``seeds/001.json:412: mentions.money[3].span.text: …``), and never raises on bad input:
a missing, empty, binary or non-UTF-8 file is one located error like any other.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from pydantic import BaseModel, ValidationError

from policydocs.export.schema import SCHEMA_MODELS
from policydocs.models import ExtractionResult

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64


@dataclass(frozen=True)
class LocatedError:
    """One problem in one file: where (file, line, JSON path) and what."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path or '(document)'}: {self.message}"


@dataclass
class FileReport:
    """What validating one file found: how many records, how many valid, and every error."""

    file: str
    records: int = 0
    valid: int = 0
    errors: list[LocatedError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def json_path(loc: Sequence[int | str]) -> str:
    """``('initiatives', 0, 'budget', 'amount')`` -> ``initiatives[0].budget.amount``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(error: dict[str, Any]) -> str:
    kind, message = error.get("type", ""), str(error.get("msg", ""))
    if kind == "extra_forbidden":
        return "unknown key: not a field of this model (a typo?)"
    if kind == "missing":
        return "required field is missing"
    return message.removeprefix("Value error, ")


def _clean_loc(loc: Sequence[int | str]) -> tuple[int | str, ...]:
    """Drop pydantic's internal union/function tags so the path is the JSON path."""
    return tuple(part for part in loc if isinstance(part, int) or not regex.search(r"[\[\]()-]", part))


def validate_record(
    data: Any, *, text: str | None = None, model: type[BaseModel] = ExtractionResult
) -> list[tuple[str, str]]:
    """Validate one parsed record; returns ``(json_path, message)`` pairs, empty when valid."""
    try:
        model.model_validate(data, context={"text": text} if text is not None else None)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            problems.append((json_path(_clean_loc(error["loc"])), _message(dict(error))))
        return problems
    except (RecursionError, ValueError, TypeError) as exc:  # defensive: never a traceback
        return [("", f"cannot be validated: {exc}")]
    return []


# ---------------------------------------------------------------- where each JSON value starts

_TOKEN = regex.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', regex.DOTALL)


def value_lines(text: str) -> dict[tuple[int | str, ...], int]:
    """The line (1-based) on which each JSON value starts, keyed by its path.

    Only called on text that ``json.loads`` accepted, so the grammar is trusted; a key's
    line is the line of the key itself, which is where a curator looks.
    """
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    lines: dict[tuple[int | str, ...], int] = {}
    # One entry per open container: ["{" or "[", its path, next index or current key]
    stack: list[list[Any]] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        line = bisect.bisect_right(newlines, match.start() - 1) + 1
        if token in ",:":
            if token == "," and stack and stack[-1][0] == "{":
                expecting_key = True
            continue
        if token in "}]":
            stack.pop()
            expecting_key = False
            continue
        if stack and stack[-1][0] == "{" and expecting_key:
            key = json.loads(token)
            stack[-1][2] = key
            lines[stack[-1][1] + (key,)] = line
            expecting_key = False
            continue
        if stack and stack[-1][0] == "[":
            here = stack[-1][1] + (stack[-1][2],)
            stack[-1][2] += 1
            lines.setdefault(here, line)
        elif stack:
            here = stack[-1][1] + (stack[-1][2],)
        else:
            here = ()
            lines.setdefault(here, line)
        if token in "{[":
            stack.append([token, here, 0 if token == "[" else None])
            expecting_key = token == "{"
    return lines


def _line_of(lines: dict[tuple[int | str, ...], int], loc: tuple[int | str, ...]) -> int | None:
    """Line of the deepest prefix of ``loc`` that the file spells out."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


# ---------------------------------------------------------------- reading files safely


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            todo.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            todo.extend((child, level + 1) for child in item)
    return deepest


def read_document_text(path: Path) -> tuple[str | None, str | None]:
    """The UTF-8 text of a document file, or ``(None, reason)``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read the document text {path}: {exc.strerror or exc}"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, f"document text {path} is not UTF-8 (byte {exc.start}): spans cannot be checked"


def _load_json(raw: bytes, name: str, max_depth: int) -> tuple[Any, str | None, list[LocatedError]]:
    if b"\x00" in raw[:8192]:
        return None, None, [LocatedError(name, None, "", "binary file (NUL bytes): not JSON")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, None, [LocatedError(name, line, "", f"not UTF-8 (byte {exc.start}): save the file as UTF-8")]
    if not text.strip():
        return None, text, [LocatedError(name, None, "", "empty file: expected a JSON result or a list of them")]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, text, [LocatedError(name, exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")]
    except RecursionError:
        return None, text, [LocatedError(name, None, "", f"JSON nested too deeply (limit {max_depth})")]
    if _depth(data) > max_depth:
        return None, text, [LocatedError(name, None, "", f"JSON nested deeper than {max_depth} levels: refused")]
    return data, text, []


def _records(data: Any) -> Iterator[tuple[Any, tuple[int | str, ...]]]:
    """Each record of a parsed file (one result, or a list of them) with its path prefix."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield item, (index,)
    else:
        yield data, ()


def check_file(
    path: str | Path,
    *,
    text_path: str | Path | None = None,
    model: type[BaseModel] | str = ExtractionResult,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> FileReport:
    """Validate every record in one ``.json`` (a result or a list) or ``.jsonl`` file.

    Spans are checked against the document text when ``text_path`` is given or a ``.txt``
    with the same stem lies beside the file.
    """
    path = Path(path)
    if isinstance(model, str):
        model = SCHEMA_MODELS[model]
    name = str(path)
    report = FileReport(name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            report.errors.append(LocatedError(name, None, "", f"{size} bytes is over the limit of {max_bytes}: refused"))
            return report
        raw = path.read_bytes()
    except FileNotFoundError:
        report.errors.append(LocatedError(name, None, "", "no such file"))
        return report
    except IsADirectoryError:
        report.errors.append(LocatedError(name, None, "", "is a directory, not a JSON file"))
        return report
    except OSError as exc:
        report.errors.append(LocatedError(name, None, "", f"cannot read: {exc.strerror or exc}"))
        return report

    document: str | None = None
    sibling = Path(text_path) if text_path is not None else path.with_suffix(".txt")
    if text_path is not None or sibling.exists():
        document, problem = read_document_text(sibling)
        if problem:
            report.errors.append(LocatedError(name, None, "", problem))
    else:
        report.notes.append(f"no {sibling.name} beside it: spans checked for shape only, not against a document")

    if path.suffix == ".jsonl":
        _check_jsonl(raw, report, document, model, max_depth)
        return report
    data, text, errors = _load_json(raw, name, max_depth)
    report.errors.extend(errors)
    if errors or text is None:
        return report
    lines = value_lines(text)
    for item, prefix in _records(data):
        report.records += 1
        problems = validate_record(item, text=document, model=model)
        if not problems:
            report.valid += 1
        for where, message in problems:
            loc = prefix + tuple(_split_path(where))
            report.errors.append(LocatedError(name, _line_of(lines, loc), json_path(loc), message))
    return report


def _split_path(path: str) -> Iterator[int | str]:
    for part in regex.finditer(r"\[(\d+)\]|([^.\[\]]+)", path):
        yield int(part.group(1)) if part.group(1) is not None else part.group(2)


def _check_jsonl(raw: bytes, report: FileReport, document: str | None, model: type[BaseModel], max_depth: int) -> None:
    name = report.file
    if not raw.strip():
        report.errors.append(LocatedError(name, None, "", "empty file: expected one JSON result per line"))
        return
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        data, text, errors = _load_json(line, name, max_depth)
        if errors:
            report.records += 1
            report.errors.extend(LocatedError(name, number, e.path, e.message) for e in errors)
            continue
        report.records += 1
        problems = validate_record(data, text=document, model=model)
        if not problems:
            report.valid += 1
        report.errors.extend(LocatedError(name, number, where, message) for where, message in problems)


def validate_file(
    path: str | Path,
    *,
    text_path: str | Path | None = None,
    model: type[BaseModel] | str = ExtractionResult,
) -> list[LocatedError]:
    """Every error in one curated-records file (empty list when all is valid).

    >>> validate_file("no/such/file.json")[0].message
    'no such file'
    """
    return check_file(path, text_path=text_path, model=model).errors
