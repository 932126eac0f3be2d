"""The command line: ``policydocs extract | validate | schema``.

This is the only module that prints or exits. User errors (a missing file, a bad
option) are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import codecs
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from policydocs.corpus import STDIN, ReadOptions, iter_tasks, total_bytes
from policydocs.document import as_date
from policydocs.export.docs import render_data_model
from policydocs.export.jsonl import AtomicFile, JsonFiles, JsonLines
from policydocs.export.parquet import MissingDependency, ParquetTables
from policydocs.export.schema import SCHEMA_MODELS, write_schemas
from policydocs.runner import (
    Outcome,
    Render,
    RenderJson,
    RenderTables,
    Summary,
    run_corpus,
)
from policydocs.validate import check_file
from policydocs.workers import PoolOptions, WorkerStartError, default_jobs


class UserError(Exception):
    """A problem with what the user asked for: reported in one line, exit 2."""


def _cmd_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(path)
    if args.docs:
        Path(args.docs).write_text(render_data_model(), encoding="utf-8")
        print(args.docs)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    if args.text and len(args.files) > 1:
        raise UserError("--text names the document of one file; give one FILE, or put DOC.txt beside each DOC.json")
    total_records = total_valid = total_errors = 0
    for name in args.files:
        report = check_file(name, text_path=args.text, model=args.type)
        total_records += report.records
        total_valid += report.valid
        total_errors += len(report.errors)
        for error in report.errors:
            print(error)
        if not args.quiet:
            for note in report.notes:
                print(f"{name}: note: {note}", file=sys.stderr)
            status = "ok" if not report.errors else f"{len(report.errors)} error(s)"
            print(f"{name}: {report.valid}/{report.records} record(s) valid, {status}", file=sys.stderr)
    files = len(args.files)
    print(
        f"{files} file(s), {total_records} record(s): {total_valid} valid, {total_errors} error(s)",
        file=sys.stderr,
    )
    return 1 if total_errors else 0


def _inputs(names: list[str]) -> list[str]:
    if names.count(STDIN) > 1:
        raise UserError("'-' (stdin) may be given once")
    for name in names:
        if name != STDIN and not Path(name).exists():
            raise UserError(f"{name}: no such file or folder")
    return names


def _encoding(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UserError(f"--encoding {name!r} is not a known encoding (utf-8, cp949, euc-kr, ...)") from None


class _Output:
    """Where outcomes go (stdout, an atomic file, a folder of JSON files or of Parquet tables)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.target: AtomicFile | JsonFiles | ParquetTables | None = None
        self.lines: JsonLines | None = None
        out = Path(args.out) if args.out else None
        if args.format == "jsonl":
            if out is not None:
                if out.is_dir():
                    raise UserError(f"--out {out} is a folder; --format jsonl writes one file")
                if not out.parent.is_dir():
                    raise UserError(f"--out {out}: folder {out.parent} does not exist")
                self.target = AtomicFile(out)
                self.lines = JsonLines(self.target.stream)
            else:
                sys.stdout.flush()
                self.lines = JsonLines(sys.stdout.buffer)
            self.render: Render = RenderJson(indent=2 if args.pretty else None)
            return
        if out is None:
            raise UserError(f"--format {args.format} writes a folder: give --out DIR")
        if out.exists() and not out.is_dir():
            raise UserError(f"--out {out} is a file; --format {args.format} writes a folder")
        if args.format == "json":
            self.target = JsonFiles(out)
            self.render = RenderJson(indent=2)
        else:
            try:
                self.target = ParquetTables(out)
            except MissingDependency as exc:
                raise UserError(str(exc)) from None
            self.render = RenderTables()

    def write(self, outcome: Outcome) -> None:
        if self.lines is not None:
            self.lines.write(outcome.payload)
        elif isinstance(self.target, JsonFiles):
            self.target.write(outcome.doc_id, outcome.payload)
        elif isinstance(self.target, ParquetTables):
            self.target.write_rows(outcome.payload)

    def commit(self) -> None:
        if isinstance(self.target, (AtomicFile, ParquetTables)):
            self.target.commit()
        elif self.lines is not None:
            self.lines.stream.flush()

    def abort(self) -> None:
        if isinstance(self.target, (AtomicFile, ParquetTables)):
            self.target.abort()


def _progress(args: argparse.Namespace) -> tuple[Callable[[Outcome, Summary], None] | None, Any]:
    """A tqdm bar on stderr (documents, MB, MB/s, ETA) when stderr is a terminal and not --quiet."""
    if args.quiet or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(
        total=total_bytes(args.inputs, pattern=args.glob), unit="B", unit_scale=True, unit_divisor=1000,
        desc="extract", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
    )

    def update(outcome: Outcome, summary: Summary) -> None:
        bar.update(outcome.size)
        bar.set_postfix_str(f"{summary.documents} docs, {summary.failed} failed", refresh=False)

    return update, bar


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: no partial output


def _cmd_extract(args: argparse.Namespace) -> int:
    try:
        published = as_date(args.published)
    except ValueError:
        raise UserError(f"--published {args.published!r} is not a date (YYYY-MM-DD)") from None
    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs must be 1 or more")
    if args.timeout < 0:
        raise UserError("--timeout must be 0 (none) or more seconds")
    options = ReadOptions(
        published=published, encoding=_encoding(args.encoding), text_field=args.text_field, id_field=args.id_field
    )
    pool = PoolOptions(jobs=args.jobs or default_jobs(), timeout=args.timeout or None)
    tasks = iter_tasks(_inputs(args.inputs), pattern=args.glob, input_format=args.input_format)
    output = _Output(args)
    previous = signal.signal(signal.SIGTERM, _terminate)
    on_outcome, bar = _progress(args)
    try:
        summary = run_corpus(
            tasks, options=options, render=output.render, write=output.write, pool=pool,
            fail_fast=args.fail_fast, on_outcome=on_outcome,
        )
        output.commit()
    except BaseException:
        output.abort()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
        if bar is not None:
            bar.close()
    if not args.quiet:
        for line in summary.lines():
            print(line, file=sys.stderr)
    return 1 if summary.failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policydocs",
        description="Typed, validated, source-grounded records from Korean policy documents.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    ext = commands.add_parser(
        "extract",
        help="read documents (files, folders, JSON Lines, stdin) and write one ExtractionResult per document",
        description="Read a corpus and write one ExtractionResult per document, in input order; a document that "
        "cannot be read or extracted becomes a DocumentError record (exit code 1 when any did).",
    )
    ext.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="a text file, a folder (read recursively, see --glob), a JSON Lines file (.jsonl, .ndjson) "
        "or - for stdin (JSON Lines when it starts with '{', else one document)",
    )
    reading = ext.add_argument_group("reading")
    reading.add_argument("--glob", default="*.txt", metavar="PATTERN",
                      help="files to read in folders (default: *.txt; with a / it matches the relative path)")
    reading.add_argument("--input-format", choices=["auto", "text", "jsonl"], default="auto",
                      help="auto: JSON Lines by suffix (.jsonl, .ndjson), else one document per file")
    reading.add_argument("--text-field", default="text", metavar="NAME", help="JSON Lines field with the text")
    reading.add_argument("--id-field", default="id", metavar="NAME", help="JSON Lines field with the document id")
    reading.add_argument("--encoding", metavar="CODEC",
                      help="decode every input with this codec (default: UTF-8 with or without BOM, else CP949)")
    reading.add_argument("--published", help="publication date YYYY-MM-DD (the reference for relative dates) for "
                      "documents that do not carry their own")
    writing = ext.add_argument_group("writing")
    writing.add_argument("--format", choices=["jsonl", "json", "parquet"], default="jsonl",
                       help="jsonl: one result per line (default); json: one file per document in --out DIR; "
                       "parquet: one table per record and mention type in --out DIR (needs pyarrow)")
    writing.add_argument("--out", metavar="PATH", help="output file (jsonl; default stdout) or folder (json, parquet); "
                       "written in full or not at all")
    writing.add_argument("--pretty", action="store_true", help="indent the JSON")
    running = ext.add_argument_group("running")
    running.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: the number of CPUs)")
    running.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                     help="stop a document after this long and record a Timeout error (default 60; 0: never)")
    running.add_argument("--fail-fast", action="store_true", help="stop at the first document that fails")
    running.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    ext.set_defaults(run=_cmd_extract)

    val = commands.add_parser("validate", help="check hand-curated records; report every error with its location")
    val.add_argument("files", nargs="+", metavar="FILE", help=".json (a result or a list) or .jsonl files")
    val.add_argument("--text", metavar="DOC.txt", help="check spans against this document (default: FILE's .txt)")
    val.add_argument(
        "--type", choices=sorted(SCHEMA_MODELS), default="extraction_result", help="what each record is"
    )
    val.add_argument("--quiet", action="store_true", help="print only the errors and the summary")
    val.set_defaults(run=_cmd_validate)

    sch = commands.add_parser("schema", help="write the JSON Schemas (Draft 2020-12) of every record type")
    sch.add_argument("--out", default="schemas", metavar="DIR", help="folder to write into (default: schemas)")
    sch.add_argument("--docs", metavar="FILE.md", help="also write the data-model page rendered from the schemas")
    sch.set_defaults(run=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UserError as exc:
        print(f"policydocs: {exc}", file=sys.stderr)
        return 2
    except WorkerStartError as exc:
        print(f"policydocs: {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        # The reader went away (| head): stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("policydocs: interrupted", file=sys.stderr)
        return 130
