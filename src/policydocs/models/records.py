"""The four record types: what users came for, each grounded in the evidence it was read from."""

from __future__ import annotations

from typing import Literal

import regex
from pydantic import Field, field_validator

from policydocs.models.types import CountryCode, ExactDecimal
from policydocs.models.values import DateExpression, Money, Organization, Qualifier, Span, StrictModel

Confidence = Literal["high", "medium", "low"]


class Record(StrictModel):
    """Fields every record has: its evidence and how sure the extractor is."""

    evidence: list[Span] = Field(
        min_length=1, description="The sentence(s) or list item(s) the record was read from."
    )
    confidence: Confidence = Field(
        default="high",
        description="high: every key field stated in one sentence; medium: fields joined across sentences; "
        "low: a field was inferred.",
    )


Instrument = Literal["investment", "grant", "subsidy", "loan", "guarantee", "tax_credit", "budget", "fund", "other"]


class FundingCommitment(Record):
    """Money that an actor commits, invests, lends, grants or budgets.

    >>> FundingCommitment(amount={"amount": "2500000000", "currency": "USD"}, instrument="loan",
    ...     evidence=[{"start": 0, "end": 3, "text": "25억"}]).amount.amount
    Decimal('2500000000')
    """

    amount: Money = Field(description="How much, with its qualifier.")
    funder: Organization | None = Field(default=None, description="Who provides the money.")
    recipient: Organization | None = Field(default=None, description="Who receives it.")
    purpose: str | None = Field(default=None, description="What it is for, in the document's words.")
    instrument: Instrument = Field(
        default="other",
        description="investment, grant, subsidy, loan, guarantee, tax_credit, budget, fund or other.",
    )
    conditional: bool = Field(default=False, description="True for a conditional commitment (조건부 융자).")
    period: DateExpression | None = Field(default=None, description="When the money flows or by when.")


InitiativeKind = Literal[
    "strategy", "plan", "program", "law", "cluster", "council", "alliance", "fund", "project", "other"
]


class Initiative(Record):
    """A named strategy, plan, programme, law, cluster, council, alliance or fund."""

    title: str = Field(min_length=1, description="The name as written (「충북 이차전지산업 육성 전략」 → its inner text).")
    kind: InitiativeKind = Field(description="What kind of initiative it is.")
    lead: Organization | None = Field(default=None, description="The organisation that leads or announced it.")
    participants: list[Organization] = Field(default_factory=list, description="Other organisations taking part.")
    sectors: list[str] = Field(default_factory=list, description="Sectors and technologies it covers.")
    period: DateExpression | None = Field(default=None, description="When it runs (2030년까지).")
    budget: Money | None = Field(default=None, description="Its total budget, when stated.")
    structure: dict[str, int] = Field(
        default_factory=dict,
        description='Counted parts, snake_case keys: {"strategies": 3, "core_tasks": 9, "projects": 45}.',
    )
    announced: DateExpression | None = Field(default=None, description="When it was announced or launched.")

    @field_validator("structure")
    @classmethod
    def _structure_keys(cls, value: dict[str, int]) -> dict[str, int]:
        for key, count in value.items():
            if not regex.fullmatch(r"[a-z][a-z0-9_]*", key):
                raise ValueError(f"structure key {key!r} must be snake_case (strategies, core_tasks)")
            if count < 0:
                raise ValueError(f"structure count {key}={count} must not be negative")
        return value


ForecastCue = Literal["전망", "예상", "기대", "예측", "목표", "추정"]


class TechForecast(Record):
    """A quantified expectation about a technology or market at a future time."""

    subject: str = Field(min_length=1, description="What is forecast (전 세계 전기차, 배터리팩 크기).")
    metric: str = Field(min_length=1, description="The measured quantity (운행대수, 용량, 매출액).")
    value: ExactDecimal = Field(description="The forecast value, exact.")
    unit: str = Field(min_length=1, description="Unit: 대, kWh, GWh, TWh, %, 배, 건, or an ISO 4217 code for money.")
    qualifier: Qualifier = Field(default="exact", description="As for money: approximate, at_least, …")
    baseline_value: ExactDecimal | None = Field(default=None, description="The value it grows from, when stated.")
    baseline_year: int | None = Field(default=None, ge=1900, le=2200, description="The year of the baseline value.")
    target_year: int | None = Field(default=None, ge=1900, le=2200, description="The year the value is expected.")
    target_period: DateExpression | None = Field(
        default=None, description="When the value is expected, if not one year (5~10년 내, ’22~’25년)."
    )
    forecaster: Organization | None = Field(default=None, description="Who makes the forecast.")
    cue: ForecastCue = Field(description="The word that marks it as a forecast (전망/예상/기대/예측/목표/추정).")


class Participant(StrictModel):
    """One party at a dialogue: a person with their title, or an organisation or country alone."""

    person: str | None = Field(default=None, description="The person's name as written.")
    title: str | None = Field(default=None, description="The person's title as written (국가안보실장).")
    organization: Organization | None = Field(default=None, description="The organisation they represent.")
    country: CountryCode | None = Field(default=None, description="The country they represent.")


DialogueKind = Literal["dialogue", "summit", "council", "meeting", "visit", "mou", "forum", "other"]


class Dialogue(Record):
    """A meeting between parties: dialogue, summit, council meeting, visit, MOU signing."""

    title: str = Field(min_length=1, description="The meeting's name, or a short description when it has none.")
    kind: DialogueKind = Field(description="dialogue, summit, council, meeting, visit, mou, forum or other.")
    ordinal: int | None = Field(default=None, ge=1, description="Its number in a series (제1차 → 1).")
    date: DateExpression | None = Field(default=None, description="When it takes place.")
    location: str | None = Field(default=None, description="Where, as written (서울, 대전시청).")
    participants: list[Participant] = Field(default_factory=list, description="Who takes part.")
    organizations: list[Organization] = Field(default_factory=list, description="Organisations taking part.")
    topics: list[str] = Field(default_factory=list, description="What is discussed (반도체, 양자기술, …).")
