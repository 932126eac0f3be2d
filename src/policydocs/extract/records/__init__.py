"""Mentions to records: Initiative, FundingCommitment, TechForecast, Dialogue.

Each builder reads the body's units (``structure.segment``) with the mentions inside
them; the words that decide (instrument words, forecast cues, initiative and meeting
words) are in ``data/record_words.tsv``. A fact repeated in a document (a headline and
its paragraph, a newsletter's summary and its article) is one record with the evidence
of every repetition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from policydocs.extract.records.context import document_view
from policydocs.extract.records.dialogues import dialogues
from policydocs.extract.records.forecasts import tech_forecasts
from policydocs.extract.records.funding import funding_commitments
from policydocs.extract.records.initiatives import initiatives
from policydocs.models import Dialogue, FundingCommitment, Initiative, Mentions, Notice, Span, TechForecast
from policydocs.structure import Unit


@dataclass
class Records:
    """The records of one document, and what the builders could not place."""

    initiatives: list[Initiative] = field(default_factory=list)
    funding_commitments: list[FundingCommitment] = field(default_factory=list)
    tech_forecasts: list[TechForecast] = field(default_factory=list)
    dialogues: list[Dialogue] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)


def _add_evidence(record: FundingCommitment | TechForecast, more: list[Span], seen: set[tuple[int, int]]) -> None:
    for span in more:
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            record.evidence.append(span)


def _merge_repeats(commitments: list[FundingCommitment]) -> list[FundingCommitment]:
    """One record per amount: a repeated amount adds evidence and fills missing fields."""
    merged: dict[tuple, FundingCommitment] = {}
    seen: dict[tuple, set[tuple[int, int]]] = {}
    for record in commitments:
        money = record.amount
        key = (money.currency, money.amount, money.min, money.max)
        first = merged.get(key)
        if first is None:
            merged[key] = record
            seen[key] = {(span.start, span.end) for span in record.evidence}
            continue
        _add_evidence(first, record.evidence, seen[key])
        for name in ("funder", "recipient", "purpose", "period"):
            if getattr(first, name) is None and getattr(record, name) is not None:
                setattr(first, name, getattr(record, name))
        if first.confidence == "high":
            first.confidence = "medium"
    return list(merged.values())


def _merge_forecasts(forecasts: list[TechForecast]) -> list[TechForecast]:
    merged: dict[tuple, TechForecast] = {}
    seen: dict[tuple, set[tuple[int, int]]] = {}
    for record in forecasts:
        key = (record.value, record.unit, record.target_year)
        if key in merged:
            _add_evidence(merged[key], record.evidence, seen[key])
        else:
            merged[key] = record
            seen[key] = {(span.start, span.end) for span in record.evidence}
    return list(merged.values())


def build_records(text: str, units: list[Unit], mentions: Mentions, reference: dt.date | None) -> Records:
    """All four record types from the body's units and the mentions found in it."""
    doc = document_view(units, text, mentions)
    return Records(
        initiatives=initiatives(doc),
        funding_commitments=_merge_repeats(funding_commitments(doc)),
        tech_forecasts=_merge_forecasts(tech_forecasts(doc, reference.year if reference else None)),
        dialogues=dialogues(doc),
    )
