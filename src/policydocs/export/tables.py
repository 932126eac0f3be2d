"""Results as flat tables: one per mention type and per record type, plus documents, warnings and errors.

Analysts load these into pandas, polars or DuckDB and join on ``doc_id``. Columns are
derived from the models, so a new model field becomes a column without editing this file:
a nested model is flattened with its field name as prefix (``funder_canonical``,
``period_start``; ``amount`` of a Money stays ``amount``), a span becomes ``span_start``,
``span_end``, ``span_text``, a list of strings stays a list, a list of organisations
becomes the list of their canonical names, and anything deeper (evidence, dialogue
participants, structure) is a JSON string. Decimals are strings, exact as in the JSON.
A record's first evidence span gives its ``span_*`` columns.

This module is pure Python (rows of tuples); ``export.parquet`` writes them with pyarrow.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, Union

from pydantic import BaseModel

from policydocs.models import (
    DateMention,
    Dialogue,
    DocumentError,
    DocumentMeta,
    ExtractionResult,
    FundingCommitment,
    Initiative,
    MoneyMention,
    Notice,
    Organization,
    OrganizationMention,
    SetAside,
    TechForecast,
)
from policydocs.models.types import format_decimal

ColumnKind = Literal["string", "int", "bool", "date", "decimal", "strings", "json"]


@dataclass(frozen=True, slots=True)
class Column:
    """One flat column: its name, its kind, and the attribute path that reaches its value."""

    name: str
    kind: ColumnKind
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table: the list of the result it reads (``None`` for documents) and its columns."""

    name: str
    attribute: str | None
    model: type[BaseModel]
    columns: tuple[Column, ...]


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, ...] | None`` -> ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else str
        else:
            return annotation


def _scalar_kind(annotation: Any) -> ColumnKind | None:
    if typing.get_origin(annotation) is Literal:
        return "string"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is Decimal:
        return "decimal"
    if annotation is dt.date:
        return "date"
    if annotation is str:
        return "string"
    return None


def _columns(model: type[BaseModel], prefix: str = "", path: tuple[str, ...] = ()) -> list[Column]:
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        annotation = _unwrap(info.annotation)
        column = name if not prefix or name == prefix else f"{prefix}_{name}"
        here = (*path, name)
        kind = _scalar_kind(annotation)
        if kind is not None:
            columns.append(Column(column, kind, here))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            columns.extend(_columns(annotation, column, here))
        elif typing.get_origin(annotation) is list:
            (inner,) = typing.get_args(annotation)
            inner = _unwrap(inner)
            if inner is str:
                columns.append(Column(column, "strings", here))
            elif inner is Organization:
                columns.append(Column(column, "strings", (*here, "*canonical")))
            else:
                columns.append(Column(column, "json", here))
        else:
            columns.append(Column(column, "json", here))
    return columns


def _record_columns(model: type[BaseModel]) -> tuple[Column, ...]:
    span = [Column(f"span_{part}", kind, ("evidence", "0", part))
            for part, kind in (("start", "int"), ("end", "int"), ("text", "string"))]
    return tuple(span + _columns(model))


_KEYS = (Column("doc_id", "string", ("@doc_id",)), Column("index", "int", ("@index",)))
# documents.n_<name>: how many of each list the result holds.
_COUNTED = {
    "money": "mentions.money",
    "dates": "mentions.dates",
    "organizations": "mentions.organizations",
    "initiatives": "initiatives",
    "funding_commitments": "funding_commitments",
    "tech_forecasts": "tech_forecasts",
    "dialogues": "dialogues",
    "warnings": "warnings",
    "set_aside": "set_aside",
}


@lru_cache(maxsize=1)
def table_specs() -> tuple[TableSpec, ...]:
    """Every table, in the order they are written."""
    document_columns = [Column("doc_id", "string", ("document", "id"))]
    document_columns += [c for c in _columns(DocumentMeta, "", ("document",)) if c.name != "id"]
    document_columns += [Column(f"n_{name}", "int", ("#", name)) for name in _COUNTED]
    error_columns = [Column("doc_id", "string", ("id",))] + [c for c in _columns(DocumentError) if c.name != "id"]
    listed = (
        ("money_mentions", "mentions.money", MoneyMention, False),
        ("date_mentions", "mentions.dates", DateMention, False),
        ("organization_mentions", "mentions.organizations", OrganizationMention, False),
        ("initiatives", "initiatives", Initiative, True),
        ("funding_commitments", "funding_commitments", FundingCommitment, True),
        ("tech_forecasts", "tech_forecasts", TechForecast, True),
        ("dialogues", "dialogues", Dialogue, True),
        ("warnings", "warnings", Notice, False),
        ("set_aside", "set_aside", SetAside, False),
    )
    specs = [TableSpec("documents", None, DocumentMeta, tuple(document_columns))]
    for name, attribute, model, is_record in listed:
        columns = _record_columns(model) if is_record else tuple(_columns(model))
        spans = tuple(c for c in columns if c.name.startswith("span_"))  # where, first: the same in every table
        columns = spans + tuple(c for c in columns if c not in spans)
        specs.append(TableSpec(name, attribute, model, _KEYS + columns))
    specs.append(TableSpec("errors", None, DocumentError, tuple(error_columns)))
    return tuple(specs)


def _json(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [item.model_dump(mode="json") if isinstance(item, BaseModel) else item for item in value]
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _value(root: Any, column: Column, extra: dict[str, Any]) -> Any:
    value = root
    for step in column.path:
        if step.startswith("@"):
            return extra[step[1:]]
        if step == "#":
            return None  # counts are filled by the caller
        if value is None:
            return None
        if step.startswith("*"):
            return [getattr(item, step[1:]) for item in value]
        if step.isdigit():
            value = value[int(step)] if len(value) > int(step) else None
        else:
            value = getattr(value, step)
    if value is None:
        return None
    if column.kind == "decimal":
        return format_decimal(value)
    if column.kind == "json":
        return _json(value)
    if column.kind == "strings":
        return list(value)
    return value


def _items(result: ExtractionResult, attribute: str) -> list[Any]:
    value: Any = result
    for step in attribute.split("."):
        value = getattr(value, step)
    return value


def flatten(outcome: ExtractionResult | DocumentError) -> dict[str, list[tuple[Any, ...]]]:
    """The rows one result (or error record) adds to each table; tables it adds nothing to are absent.

    >>> from policydocs.pipeline import extract
    >>> rows = flatten(extract("충청북도는 8조 7,417억원을 투자한다.", doc_id="d1"))
    >>> columns = [c.name for c in table_specs()[1].columns]
    >>> row = dict(zip(columns, rows["money_mentions"][0]))
    >>> row["doc_id"], row["amount"], row["currency"], row["span_text"]
    ('d1', '8741700000000', 'KRW', '8조 7,417억원')
    """
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for spec in table_specs():
        if isinstance(outcome, DocumentError):
            if spec.name == "errors":
                tables["errors"] = [tuple(_value(outcome, c, {}) for c in spec.columns)]
            continue
        if spec.name == "errors":
            continue
        if spec.attribute is None:
            counts = {name: len(_items(outcome, path)) for name, path in _COUNTED.items()}
            row = tuple(
                counts[c.path[1]] if c.path[0] == "#" else _value(outcome, c, {}) for c in spec.columns
            )
            tables["documents"] = [row]
            continue
        items = _items(outcome, spec.attribute)
        if items:
            doc_id = outcome.document.id
            tables[spec.name] = [
                tuple(_value(item, c, {"doc_id": doc_id, "index": index}) for c in spec.columns)
                for index, item in enumerate(items)
            ]
    return tables

