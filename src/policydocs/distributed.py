"""Extraction on an existing engine: a ``dask.bag`` of documents, or Spark's ``mapInPandas``.

policydocs has no cluster code of its own. Extraction is a pure function of one document,
so any engine that maps a function over records can run it; this module gives that
function the two shapes those engines want, with the same reading rules and error
records as the command line (``policydocs.corpus``):

- :func:`extract_bag` — ``dask.bag.Bag`` of records (dicts like a JSON Lines line, or plain
  strings) → ``Bag`` of JSON-ready dicts, each an ``ExtractionResult`` or a ``DocumentError``
  (``pip install 'policydocs[dask]'``);
- :func:`extract_pandas` — an iterator of pandas DataFrames → an iterator of DataFrames
  with :data:`SPARK_SCHEMA`, exactly what ``DataFrame.mapInPandas`` calls (see
  ``docs/distributed.md``); testable with pandas alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from policydocs.corpus import (
    ReadOptions,
    UnreadableInput,
    document_from_record,
    extract_document,
)
from policydocs.models import DocumentError, ExtractionResult

if TYPE_CHECKING:  # optional extras: imported only by the functions that need them
    import dask.bag
    import pandas

SPARK_SCHEMA = "id string, source string, ok boolean, error_type string, error_message string, result string"
"""The output schema of :func:`extract_pandas` as a Spark DDL string (``mapInPandas(f, SPARK_SCHEMA)``).

``result`` is the ``ExtractionResult`` as JSON (``from_json`` or ``get_json_object`` read it);
for a failed document ``ok`` is false and ``error_type``/``error_message`` say why.
"""


def _default_id(text: object) -> str:
    """A record without an id gets the first 16 hex digits of its text's SHA-256, like ``extract``."""
    return hashlib.sha256(str(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]


DEFAULT_OPTIONS = ReadOptions()


def extract_record(
    record: Mapping[str, Any] | str, options: ReadOptions = DEFAULT_OPTIONS
) -> ExtractionResult | DocumentError:
    """Extract one record (a dict with ``text``, optional ``id``, ``published``, ``source``) or one plain string.

    Never raises for a bad record: it becomes a DocumentError, as in the command line.

    >>> extract_record({"id": "r1", "text": "총 3억 원을 지원한다."}).mentions.money[0].amount
    Decimal('300000000')
    >>> extract_record({"id": "r2"}).error_type
    'InvalidRecord'
    """
    if isinstance(record, str):
        record = {options.text_field: record}
    default_id = _default_id(record.get(options.text_field) if isinstance(record, Mapping) else record)
    try:
        document = document_from_record(dict(record) if isinstance(record, Mapping) else record, default_id, None,
                                        options)
    except UnreadableInput as exc:
        return DocumentError(id=exc.doc_id or default_id, stage="decode", error_type=exc.error_type, message=str(exc))
    if not document.text.strip():
        return DocumentError(id=document.doc_id, source=document.source, stage="decode", error_type="EmptyDocument",
                             message="the document is empty (no text, or only white space)")
    return extract_document(document)


def _as_json_dict(record: Mapping[str, Any] | str, options: ReadOptions) -> dict[str, Any]:
    return extract_record(record, options).model_dump(mode="json")


def extract_bag(
    bag: dask.bag.Bag,
    *,
    text_field: str = "text",
    id_field: str = "id",
    published: str | None = None,
) -> dask.bag.Bag:
    """Run extraction over a Dask bag; each element becomes ``model_dump(mode="json")`` of its result.

    Results keep the bag's order and partitioning; a DocumentError dict has ``error_type``,
    a result has ``document``. Write JSON Lines with
    ``extract_bag(bag).map(json.dumps, ensure_ascii=False).to_textfiles("out/*.jsonl")``.
    """
    from policydocs.document import as_date

    options = ReadOptions(published=as_date(published), text_field=text_field, id_field=id_field)
    return bag.map(_as_json_dict, options=options)


def extract_pandas(
    batches: Iterable[pandas.DataFrame],
    *,
    text_column: str = "text",
    id_column: str = "id",
    published: str | None = None,
) -> Iterator[pandas.DataFrame]:
    """Map batches of documents (one row each) to batches of results with :data:`SPARK_SCHEMA`.

    This is the function for ``df.mapInPandas(extract_pandas, SPARK_SCHEMA)``: Spark calls it
    once per partition with an iterator of Arrow-backed pandas batches. Columns other than
    ``text_column``, ``id_column``, ``published`` and ``source`` are ignored; null ids get the
    text's digest.
    """
    import pandas as pd

    from policydocs.document import as_date

    options = ReadOptions(published=as_date(published), text_field=text_column, id_field=id_column)
    wanted = [c for c in (text_column, id_column, "published", "source") if c]
    for batch in batches:
        rows = []
        columns = [c for c in wanted if c in batch.columns]
        for values in batch[columns].itertuples(index=False, name=None):
            record = {name: _plain(value) for name, value in zip(columns, values) if not _missing(pd, value)}
            result = extract_record(record, options)
            if isinstance(result, DocumentError):
                rows.append((result.id, result.source, False, result.error_type, result.message, None))
            else:
                document = result.document
                rows.append((document.id, document.source, True, None, None, result.model_dump_json()))
        yield pd.DataFrame(rows, columns=["id", "source", "ok", "error_type", "error_message", "result"])


def _missing(pd: Any, value: Any) -> bool:
    """pandas gives None, NaN, NaT or NA for a missing cell."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array in a cell is not "missing"
        return False


def _plain(value: Any) -> Any:
    """numpy scalars as Python values; a whole float as an int (an id column with nulls is float64 in pandas)."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
