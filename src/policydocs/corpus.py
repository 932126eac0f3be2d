"""A corpus as a stream of documents: files, folders, JSON Lines and stdin, decoded and read.

The parent process only *lists* the corpus (:func:`iter_tasks`: paths, and the raw bytes
of each JSON Lines record), so it stays light; each worker *reads* its tasks
(:func:`extract_task`: bytes → decoded text → :func:`policydocs.pipeline.extract`) and
turns every failure into a :class:`~policydocs.models.DocumentError`, so one bad
document never stops a run. The same :func:`extract_task` serves the CLI's process
pool, Dask and Spark (``policydocs.distributed``).

Encodings are detected by a documented heuristic (:func:`decode_bytes`), because Korean
government sites still serve CP949/EUC-KR:

1. a byte-order mark decides (UTF-8, UTF-16), bad bytes replaced and noted as ``encoding_replaced``;
2. a NUL byte means binary input (an error record, not a document);
3. strict UTF-8, else strict CP949 (a superset of EUC-KR; noted as ``legacy_encoding``);
4. else UTF-8 with U+FFFD for the bad bytes, noted as ``encoding_replaced``.

``--encoding`` replaces steps 2-4 by that codec (bad bytes replaced and noted), so UTF-16
without a mark can be read. Whatever the codec, text full of control characters is binary.
"""

from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import json
import os
import reprlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, NamedTuple

import regex

from policydocs.models import DocumentError, ExtractionResult, Notice
from policydocs.pipeline import extract

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
STDIN = "-"
InputFormat = Literal["auto", "text", "jsonl"]
_MESSAGE_LIMIT = 500
# Control characters other than tab, newlines and form feed: a decoded "text" made of
# many of these is a binary file that happened to decode.
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How every document of a run is read; the same for all, sent once to each worker."""

    published: dt.date | None = None
    encoding: str | None = None
    text_field: str = "text"
    id_field: str = "id"


class Task(NamedTuple):
    """One document to read: a file to open, or the raw bytes of a JSON Lines record or of stdin.

    A NamedTuple, not a dataclass: thousands are pickled to the workers every second.
    """

    kind: Literal["file", "record", "text", "failed"]
    source: str
    doc_id: str
    path: str | None = None
    raw: bytes | None = None
    size: int = 0
    error: str | None = None  # kind "failed": why the listing could not read it


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, the codec that was used, and what the reader should know about it."""

    text: str
    encoding: str
    notices: tuple[Notice, ...] = ()


class UnreadableInput(Exception):
    """Bytes that are not a text document (binary, empty, or not a JSON Lines record)."""

    def __init__(self, error_type: str, message: str, doc_id: str | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.doc_id = doc_id  # the record's own id, when it was read before the problem


class ListingError(UnreadableInput):
    """A JSON Lines file that could not be opened while the corpus was listed."""


# -- listing --------------------------------------------------------------------------


def is_jsonl(path: str | Path, input_format: InputFormat) -> bool:
    """Whether a file holds JSON Lines records: by ``--input-format``, else by suffix."""
    if input_format != "auto":
        return input_format == "jsonl"
    return Path(path).suffix.lower() in JSONL_SUFFIXES


def walk_files(root: Path, pattern: str) -> Iterator[Path]:
    """Files under ``root`` matching ``pattern``, recursively, sorted by path (files and folders by name).

    The pattern matches the file name (``*.txt``), or the path relative to ``root`` when it
    contains a ``/`` (``2023/*.txt``). Hidden files and folders (``.git``) are skipped, and
    links to folders are not followed (no loops).
    """
    by_path = "/" in pattern

    def visit(folder: Path) -> Iterator[Path]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return  # an unreadable folder holds no documents we could read
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                yield from visit(path)
                continue
            target = path.relative_to(root).as_posix() if by_path else entry.name
            if fnmatch.fnmatchcase(target, pattern):
                yield path

    yield from visit(root)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _record_tasks(lines: Iterable[bytes], source: str, stem: str) -> Iterator[Task]:
    for line_number, line in enumerate(lines, start=1):
        if line.strip():
            yield Task("record", f"{source}:{line_number}", f"{stem}:{line_number}", raw=line, size=len(line))


def _file_tasks(path: Path, doc_id: str, input_format: InputFormat) -> Iterator[Task]:
    if not is_jsonl(path, input_format):
        yield Task("file", str(path), doc_id, path=str(path), size=_size(path))
        return
    try:
        with path.open("rb") as stream:
            yield from _record_tasks(stream, str(path), path.stem)
    except OSError as exc:
        # An unreadable JSON Lines file becomes one error record, like an unreadable text file.
        yield Task("failed", str(path), doc_id, path=str(path), error=f"{type(exc).__name__}: {_message(exc)}")


def _stdin_tasks(stdin: BinaryIO, input_format: InputFormat) -> Iterator[Task]:
    """stdin is JSON Lines with ``--input-format jsonl``, or in ``auto`` when it starts with ``{``."""
    first = stdin.readline()
    as_jsonl = input_format == "jsonl" or (
        input_format == "auto" and first.lstrip(codecs.BOM_UTF8 + b" \t\r\n").startswith(b"{")
    )
    if as_jsonl:
        yield from _record_tasks(_chain_first(first, stdin), "<stdin>", "stdin")
    else:
        raw = first + stdin.read()
        yield Task("text", "<stdin>", "stdin", raw=raw, size=len(raw))


def _chain_first(first: bytes, rest: Iterable[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def iter_tasks(
    inputs: Iterable[str],
    *,
    pattern: str = "*.txt",
    input_format: InputFormat = "auto",
    stdin: BinaryIO | None = None,
) -> Iterator[Task]:
    """Every document of the corpus, lazily, in input order (folders: sorted, recursive).

    A file named directly has its stem as id; a file found in a folder has its path
    relative to that folder, without suffix (``2023/press-01``); a JSON Lines record has
    its own id, else ``file-stem:line``.
    """
    for name in inputs:
        if name == STDIN:
            yield from _stdin_tasks(stdin if stdin is not None else sys.stdin.buffer, input_format)
            continue
        path = Path(name)
        if path.is_dir():
            for found in walk_files(path, pattern):
                doc_id = found.relative_to(path).with_suffix("").as_posix()
                yield from _file_tasks(found, doc_id, input_format)
        else:
            yield from _file_tasks(path, path.stem, input_format)


def total_bytes(inputs: Iterable[str], *, pattern: str = "*.txt") -> int | None:
    """Bytes the corpus holds, for the progress bar's ETA; None when stdin is among the inputs."""
    total = 0
    for name in inputs:
        if name == STDIN:
            return None
        path = Path(name)
        files = walk_files(path, pattern) if path.is_dir() else [path]
        total += sum(_size(found) for found in files)
    return total


# -- decoding -------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if _CONTROL.search(sample) is None:  # the usual case, in one C-level scan
        return False
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def _decoded_as(raw: bytes, codec: str) -> Decoded:
    """``raw`` in ``codec``; bad bytes become U+FFFD, and a notice says how many (strict first,
    so that a U+FFFD the text itself holds is not counted as a replacement)."""
    try:
        return Decoded(raw.decode(codec), codec)
    except UnicodeDecodeError:
        text = raw.decode(codec, errors="replace")
    bad = text.count("\ufffd") - raw.decode(codec, errors="ignore").count("\ufffd")
    notice = Notice(
        code="encoding_replaced",
        message=f"{bad} undecodable byte sequence(s) replaced by U+FFFD while decoding as {codec}",
    )
    return Decoded(text, codec, (notice,))


def decode_bytes(raw: bytes, encoding: str | None = None) -> Decoded:
    """Decode a document (see the module docstring for the heuristic); raises UnreadableInput for binary input.

    >>> decode_bytes("충청북도".encode("cp949")).encoding
    'cp949'
    >>> decode_bytes(b"\\xef\\xbb\\xbf2030").text
    '2030'
    """
    marked = next((codec for bom, codec in _BOMS if raw.startswith(bom)), None)
    if marked is not None or encoding is not None:
        # A mark, or the user, names the codec; UTF-16 and UTF-32 hold NUL bytes, so only
        # the decoded text can say whether it is binary.
        decoded = _decoded_as(raw, marked or encoding)
    elif b"\x00" in raw:
        raise UnreadableInput(
            "BinaryInput", "binary data (NUL bytes), not a text document (UTF-16 without a byte-order mark? pass --encoding)"
        )
    else:
        decoded = _detect(raw)
    if _looks_binary(decoded.text):
        raise UnreadableInput("BinaryInput", "binary data (control characters), not a text document")
    return decoded


def _detect(raw: bytes) -> Decoded:
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        return _decoded_as(raw, "utf-8")
    notice = Notice(code="legacy_encoding", message="not UTF-8; decoded as CP949 (EUC-KR)")
    return Decoded(text, "cp949", (notice,))


# -- reading --------------------------------------------------------------------------


class Document(NamedTuple):
    """A document ready for extraction."""

    text: str
    doc_id: str
    source: str | None
    published: dt.date | str | None
    notices: tuple[Notice, ...] = ()


def _without_surrogates(text: str) -> tuple[str, tuple[Notice, ...]]:
    """Lone surrogates (from ``\\ud800`` escapes in JSON) cannot be written as UTF-8: replace them, same length."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        repaired = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        if len(repaired) != len(text):
            repaired = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
        notice = Notice(code="encoding_replaced", message="lone surrogate code points replaced by U+FFFD")
        return repaired, (notice,)
    return text, ()


def document_from_record(record: object, default_id: str, default_source: str | None,
                         options: ReadOptions) -> Document:
    """A document from one JSON Lines record (or one row of a DataFrame, one element of a bag).

    ``record[options.text_field]`` is the text; ``record[options.id_field]``, ``published``
    and ``source`` are optional (the record's ``published`` wins over ``options.published``).
    Raises UnreadableInput("InvalidRecord") when a field has the wrong type.
    """
    if not isinstance(record, dict):
        raise UnreadableInput("InvalidRecord", f"a JSON Lines record is an object, not {type(record).__name__}")
    doc_id = record.get(options.id_field)
    if isinstance(doc_id, (int, str)) and not isinstance(doc_id, bool) and str(doc_id):
        doc_id = str(doc_id)
    elif doc_id is not None:
        raise UnreadableInput("InvalidRecord", f"field {options.id_field!r} must be a non-empty string or integer")
    text = record.get(options.text_field)
    if not isinstance(text, str):
        found = "missing" if options.text_field not in record else reprlib.repr(text)  # bounded, whatever it is
        message = f"field {options.text_field!r} must be a string, is {found}"
        raise UnreadableInput("InvalidRecord", message, doc_id)
    published = record.get("published") or options.published
    if isinstance(published, str):
        try:
            dt.date.fromisoformat(published.strip()[:10])
        except ValueError:
            raise UnreadableInput("InvalidRecord", f"field 'published' is not a date: {published!r}", doc_id) from None
    elif published is not None and not isinstance(published, dt.date):
        message = f"field 'published' must be a YYYY-MM-DD string, not {published!r}"
        raise UnreadableInput("InvalidRecord", message, doc_id)
    source = record.get("source")
    text, repaired = _without_surrogates(text)
    return Document(
        text=text,
        doc_id=doc_id or default_id,
        source=source if isinstance(source, str) and source else default_source,
        published=published,
        notices=repaired,
    )


def _record(task: Task, options: ReadOptions) -> Document:
    decoded = decode_bytes(task.raw or b"", options.encoding)
    try:
        record = json.loads(decoded.text)
    except ValueError as exc:
        raise UnreadableInput("InvalidRecord", f"not a JSON object: {exc}") from None
    except RecursionError:  # [[[[… nested past the interpreter's limit: a bad record, not a crash
        raise UnreadableInput("InvalidRecord", "not a JSON object: nested too deeply to read") from None
    document = document_from_record(record, task.doc_id, task.source, options)
    return document._replace(notices=decoded.notices + document.notices)


def read_document(task: Task, options: ReadOptions) -> Document:
    """The text of one task, decoded; raises OSError or UnreadableInput."""
    if task.kind == "record":
        document = _record(task, options)
    elif task.kind == "failed":
        error_type, _, message = (task.error or "OSError: unreadable").partition(": ")
        raise ListingError(error_type, message)
    else:
        if task.kind == "file":
            raw = Path(task.path or task.source).read_bytes()
        else:
            raw = task.raw or b""
        decoded = decode_bytes(raw, options.encoding)
        document = Document(decoded.text, task.doc_id, task.source, options.published, decoded.notices)
    if not document.text.strip():
        raise UnreadableInput("EmptyDocument", "the document is empty (no text, or only white space)")
    return document


def _message(exc: BaseException) -> str:
    text = str(exc) or repr(exc)
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror + (f": {exc.filename}" if exc.filename else "")
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 1] + "…"


def document_error(task: Task, stage: str, error_type: str, message: str, doc_id: str | None = None) -> DocumentError:
    """The error record that stands in for a task (used by the parent for timeouts and crashes too)."""
    return DocumentError(
        id=doc_id or task.doc_id, source=task.source, stage=stage, error_type=error_type, message=message
    )


def extract_document(document: Document) -> ExtractionResult | DocumentError:
    """Extract one decoded document; an exception in the extractors becomes a DocumentError."""
    try:
        result = extract(document.text, published=document.published, doc_id=document.doc_id, source=document.source)
    except Exception as exc:  # noqa: BLE001 - an extractor bug must not stop the corpus
        return DocumentError(
            id=document.doc_id, source=document.source, stage="extract",
            error_type=type(exc).__name__, message=_message(exc),
        )
    if document.notices:
        result.warnings[:0] = document.notices
    return result


def extract_task(task: Task, options: ReadOptions) -> ExtractionResult | DocumentError:
    """Read and extract one document; every failure becomes a DocumentError, never an exception."""
    try:
        document = read_document(task, options)
    except ListingError as exc:
        return document_error(task, "read", exc.error_type, _message(exc))
    except UnreadableInput as exc:
        return document_error(task, "decode", exc.error_type, _message(exc), exc.doc_id)
    except OSError as exc:
        return document_error(task, "read", type(exc).__name__, _message(exc))
    except Exception as exc:  # noqa: BLE001 - any reading bug is one failed document, not a failed run
        return document_error(task, "decode", type(exc).__name__, _message(exc))
    return extract_document(document)
