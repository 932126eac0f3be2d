"""The command line: ``policydocs extract | validate | schema``.

This is the only module that prints or exits. User errors (a missing file, a bad
option) are one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from policydocs.export.docs import render_data_model
from policydocs.export.schema import SCHEMA_MODELS, write_schemas
from policydocs.document import as_date
from policydocs.pipeline import extract
from policydocs.validate import check_file


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


def _read_document(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8") from None


def _cmd_extract(args: argparse.Namespace) -> int:
    try:
        published = as_date(args.published)
    except ValueError:
        raise UserError(f"--published {args.published!r} is not a date (YYYY-MM-DD)") from None
    for name in args.files:
        path = Path(name)
        text = _read_document(path)
        result = extract(text, published=published, doc_id=path.stem, source=str(path))
        print(result.model_dump_json(indent=2 if args.pretty else None))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policydocs",
        description="Typed, validated, source-grounded records from Korean policy documents.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    ext = commands.add_parser("extract", help="read documents and print one ExtractionResult per document (JSON)")
    ext.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    ext.add_argument("--published", help="publication date YYYY-MM-DD (the reference for relative dates)")
    ext.add_argument("--pretty", action="store_true", help="indent the JSON")
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
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("policydocs: interrupted", file=sys.stderr)
        return 130
