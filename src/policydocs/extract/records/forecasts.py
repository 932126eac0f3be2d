"""TechForecast: a quantity, the future time it is expected at, and a forecast cue.

``’30년 전 세계 전기차 운행대수가 4,400만 대에 달할 것으로 예상``: a cue word
(전망/예상/기대/예측/목표/추정, data group ``forecast_cue``), a quantity with a unit
(``quantity_unit``, or an amount of money) and a date written *before* the quantity in
the same sentence or item. ``’20년 평균 51kWh → ’30년 69kWh`` gives a baseline. Items
under a heading such as ``’24년 전망`` inherit its date and cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from policydocs.extract.numbers import parse_number
from policydocs.extract.records.funding import instrument_cue
from policydocs.extract.records.context import (
    UnitView,
    date_value,
    find_all,
    organization,
    pattern,
    squash,
    strip_particle,
    subject,
    value_of,
    words,
    year_of,
)
from policydocs.models import DateMention, OrganizationMention, TechForecast

COUNTER_UNITS = {"대", "개", "건", "명"}
PARTICLE_NEXT = regex.compile(r"^(?:이상|이하|이|가|은|는|을|를|에|의|로|으로|와|과|까지|씩|도|만|규모|수준|가량|정도)")
COUNTER_OK_NEXT = regex.compile(r"^\s+(?:이상|이하|가량|정도|규모|수준|내외|안팎|이|가)")
BASELINE_LINK = regex.compile(r"→|->|⇒|에서\s")
QUALIFIERS = (("이상", "at_least"), ("돌파", "at_least"), ("넘", "at_least"), ("이하", "at_most"), ("최대", "at_most"))
APPROXIMATE = regex.compile(r"(?:약|대략|가량|정도|경|내외|안팎)")
HEADING_MAX = 14
LABEL = regex.compile(r"^[^\w(]*\((?P<label>[^()]{2,20})\)")
GENERIC_METRIC = {"평균", "약", "최대", "총", "연간", "다시", "전체", "규모"}
UNIT_METRIC = {"대": "대수", "%": "비율", "배": "증가 배수", "건": "건수", "개": "개수", "명": "인원"}


@lru_cache(maxsize=1)
def _quantity() -> regex.Pattern[str]:
    units = "|".join(f"(?:{word})" for word, _ in words("quantity_unit"))
    return regex.compile(
        r"(?<![\d.,])(?P<number>\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?[천백]?\s?[만억조])?)\s?"
        rf"(?P<unit>{units})(?![A-Za-z])"
    )


@dataclass(frozen=True)
class Quantity:
    start: int  # local offsets in the unit
    end: int
    value: Decimal
    unit: str
    qualifier: str


def _quantities(view: UnitView) -> list[Quantity]:
    found = []
    text = view.text
    for match in _quantity().finditer(text):
        rest = text[match.end() :]
        if regex.match(r"\p{Hangul}", rest) and not PARTICLE_NEXT.match(rest):
            continue  # ``3대 전략``-like words, not a unit
        unit = value_of("quantity_unit", pattern("quantity_unit").fullmatch(match.group("unit")))
        if regex.search(r"[A-Za-z]", match.group("unit")):
            unit = match.group("unit")
        if unit in COUNTER_UNITS and regex.match(r"^\s+\p{Hangul}", rest) and not COUNTER_OK_NEXT.match(rest):
            continue  # ``10대 제조업``, ``45개 세부사업``: a counter on a noun, not a quantity
        if any(d.span.start <= view.unit.start + match.start() < d.span.end for d in view.dates):
            continue
        number = parse_number(match.group("number").replace(" ", ""))
        if number is None:
            continue
        found.append(Quantity(match.start(), match.end(), number, unit, _qualifier(text, match.start(), match.end())))
    for money in view.money:
        start, end = view.local(money.span.start), view.local(money.span.end)
        committed = instrument_cue(view, start, end)
        if money.amount is None or (committed is not None and committed[1]):
            continue  # money next to 투자/예산/지원 is a commitment, not a forecast value
        found.append(Quantity(start, end, money.amount, money.currency, money.qualifier))
    return sorted(found, key=lambda q: q.start)


def _qualifier(text: str, start: int, end: int) -> str:
    after, before = text[end : end + 8], text[max(0, start - 4) : start]
    for word, qualifier in QUALIFIERS:
        if word in after or word in before:
            return qualifier
    return "approximate" if APPROXIMATE.search(before) or APPROXIMATE.match(after.strip()) else "exact"


def _metric_and_subject(view: UnitView, quantity: Quantity, after: int) -> tuple[str, str]:
    """The words naming what is measured, between the date and the quantity."""
    label = LABEL.match(view.text)
    span = squash(view.text[after : quantity.start])
    tokens = [strip_particle(token) for token in span.split() if not regex.match(r"^[\d’'‘.,~→]+", token)]
    tokens = [token for token in tokens if token]
    metric = next((t for t in reversed(tokens) if t not in GENERIC_METRIC), None)
    if metric is None:
        metric = UNIT_METRIC.get(quantity.unit, "규모" if len(quantity.unit) == 3 and quantity.unit.isupper() else "용량")
    subject_words = [t for t in tokens if t != metric][-4:]
    subject_text = label.group("label") if label else (" ".join(subject_words) or metric)
    return subject_text, metric


def _cue(text: str) -> str | None:
    cues = find_all("forecast_cue", text)
    return cues[-1][2] if cues else None


def _is_heading(view: UnitView) -> bool:
    return len(view.text.strip()) <= HEADING_MAX and bool(view.dates) and _cue(view.text) is not None


def tech_forecasts(all_views: list[UnitView], reference_year: int | None) -> list[TechForecast]:
    """Every quantified forecast stated in the body."""
    out: list[TechForecast] = []
    heading: UnitView | None = None
    forecaster: OrganizationMention | None = None
    for index, view in enumerate(all_views):
        stated = subject(view)
        if stated is not None:
            forecaster = stated
        if _is_heading(view):
            heading = view
            continue
        if heading is not None and view.unit.kind != "item":
            heading = None
        cue = _cue(view.text) or (_cue(heading.text) if heading else None)
        if cue is None and view.text.lstrip().startswith(("▲", "※")) and index + 1 < len(all_views):
            following = all_views[index + 1]
            if following.text.lstrip().startswith("▲"):
                cue = _cue(following.text)
        if cue is None:
            continue
        dates = list(view.dates) or (list(heading.dates) if heading else [])
        out.extend(_forecasts(view, cue, dates, stated or forecaster, stated is not None, reference_year))
    return out


def _forecasts(
    view: UnitView,
    cue: str,
    dates: list[DateMention],
    forecaster: OrganizationMention | None,
    stated_here: bool,
    reference_year: int | None,
) -> list[TechForecast]:
    records = []
    quantities = _quantities(view)
    previous: tuple[Quantity, DateMention | None] | None = None
    for quantity in quantities:
        absolute = view.unit.start + quantity.start
        before = [d for d in dates if d.span.end <= absolute and d.span.start >= view.unit.start]
        date = before[-1] if before else (dates[0] if dates and dates[0].span.start < view.unit.start else None)
        if date is None:
            previous = None
            continue
        year = year_of(date)
        if year is not None and reference_year is not None and year < reference_year:
            previous = (quantity, date)
            continue
        baseline = None
        if previous is not None and BASELINE_LINK.search(view.text[previous[0].end : quantity.start]):
            baseline = previous
            if records and records[-1].value == baseline[0].value:
                records.pop()
        after = view.local(date.span.end) if date.span.start >= view.unit.start else 0
        subject_text, metric = _metric_and_subject(view, quantity, max(0, after))
        interval = date.kind in ("interval", "duration") and date.start != date.end
        records.append(
            TechForecast(
                subject=subject_text,
                metric=metric,
                value=quantity.value,
                unit=quantity.unit,
                qualifier=quantity.qualifier,  # type: ignore[arg-type]
                baseline_value=baseline[0].value if baseline else None,
                baseline_year=year_of(baseline[1]) if baseline and baseline[1] is not None else None,
                target_year=year if not (interval and date.end is None) else None,
                target_period=date_value(date) if interval else None,
                forecaster=organization(forecaster) if forecaster else None,
                cue=cue,  # type: ignore[arg-type]
                confidence="high" if stated_here else ("medium" if forecaster else "low"),
                evidence=[view.evidence()],
            )
        )
        previous = (quantity, date)
    return records
