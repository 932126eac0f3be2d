"""Parquet output: one file per table of ``export.tables``, written in row groups as results stream in.

pyarrow is an optional extra (``pip install 'policydocs[parquet]'``); :func:`require_pyarrow`
says so in one sentence. Memory stays bounded: rows are buffered per table and flushed
as a row group every ``row_group_size`` rows (10,000: a few MB even for records that
carry their evidence). The tables are written into a hidden
folder beside the output folder and moved into place only when the run completes, so an
interrupted run leaves no half-written table behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from policydocs.export.tables import ColumnKind, TableSpec, flatten, table_specs
from policydocs.models import DocumentError, ExtractionResult

INSTALL_HINT = "pip install 'policydocs[parquet]' (or: pip install pyarrow)"


class MissingDependency(RuntimeError):
    """An optional extra is needed for what was asked."""


def require_pyarrow() -> Any:
    """The pyarrow module, or MissingDependency with the command that installs it."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependency(f"--format parquet needs pyarrow: {INSTALL_HINT}") from None
    return pyarrow


def arrow_schema(spec: TableSpec) -> Any:
    """The pyarrow schema of one table (decimals as strings: exact, as in the JSON)."""
    pa = require_pyarrow()
    kinds: dict[ColumnKind, Any] = {
        "string": pa.string(),
        "decimal": pa.string(),
        "json": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "strings": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(column.name, kinds[column.kind]) for column in spec.columns])


class ParquetTables:
    """Write results to ``<out_dir>/<table>.parquet``; :meth:`commit` moves the finished tables into place."""

    def __init__(self, out_dir: Path, *, row_group_size: int = 10_000) -> None:
        self.pa = require_pyarrow()
        import pyarrow.parquet as pq

        self.pq = pq
        self.out_dir = Path(out_dir)
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.", suffix=".tmp", dir=self.out_dir.parent))
        self.row_group_size = row_group_size
        self.specs = {spec.name: spec for spec in table_specs()}
        self.buffers: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.specs}
        self.writers: dict[str, Any] = {}

    def write_rows(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Add the rows of one document (``export.tables.flatten`` output)."""
        for name, table_rows in rows.items():
            buffer = self.buffers[name]
            buffer.extend(table_rows)
            if len(buffer) >= self.row_group_size:
                self._flush(name)

    def write(self, result: ExtractionResult | DocumentError) -> None:
        """Add one result or error record."""
        self.write_rows(flatten(result))

    def _flush(self, name: str) -> None:
        spec, rows = self.specs[name], self.buffers[name]
        schema = arrow_schema(spec)
        columns = list(zip(*rows)) if rows else [() for _ in spec.columns]
        table = self.pa.Table.from_arrays(
            [self.pa.array(list(values), type=field.type) for values, field in zip(columns, schema)], schema=schema
        )
        writer = self.writers.get(name)
        if writer is None:
            writer = self.writers[name] = self.pq.ParquetWriter(self.staging / f"{name}.parquet", schema)
        writer.write_table(table)
        rows.clear()

    def commit(self) -> list[Path]:
        """Flush, close and move every table (empty ones too, so readers find them) into ``out_dir``."""
        for name in self.specs:
            if self.buffers[name] or name not in self.writers:
                self._flush(name)
            self.writers.pop(name).close()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.specs:
            target = self.out_dir / f"{name}.parquet"
            os.replace(self.staging / f"{name}.parquet", target)
            written.append(target)
        shutil.rmtree(self.staging, ignore_errors=True)
        return written

    def abort(self) -> None:
        """Drop everything written so far."""
        for writer in self.writers.values():
            with contextlib.suppress(Exception):  # the staging folder goes anyway
                writer.close()
        self.writers.clear()
        shutil.rmtree(self.staging, ignore_errors=True)
