"""Model behaviour beyond validation tables: exact decimals, grains, mention field order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from policydocs.models import DateExpression, Money, MoneyMention, Span


@given(st.decimals(min_value=0, max_value=Decimal("1e24"), allow_nan=False, allow_infinity=False, places=4))
def test_amounts_round_trip_exactly_through_json(amount: Decimal) -> None:
    money = Money(amount=amount, currency="KRW")
    dumped = money.model_dump_json()
    written = money.model_dump(mode="json")["amount"]
    assert written.replace(".", "").isdigit(), written  # positional notation, never 1E+12
    assert Money.model_validate_json(dumped).amount == amount


def test_large_amounts_are_written_in_full() -> None:
    money = Money(amount=Decimal("8.7417E+12"), currency="KRW")
    assert money.model_dump(mode="json")["amount"] == "8741700000000"


def test_floats_are_refused_even_when_whole() -> None:
    with pytest.raises(ValidationError, match="not a float"):
        Money(amount=8741700000000.0, currency="KRW")


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_month_grain_accepts_exactly_whole_months(day: dt.date) -> None:
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    last = nxt - dt.timedelta(days=1)
    DateExpression(kind="point", grain="month", start=first, end=last)
    if day != first:
        with pytest.raises(ValidationError):
            DateExpression(kind="point", grain="month", start=day, end=last)


def test_week_grain_runs_monday_to_sunday() -> None:
    DateExpression(kind="point", grain="week", start="2023-11-06", end="2023-11-12")
    with pytest.raises(ValidationError, match="does not begin a week"):
        DateExpression(kind="point", grain="week", start="2023-11-07", end="2023-11-13")


def test_unresolved_dates_keep_only_what_is_known() -> None:
    DateExpression(kind="point", grain="day", partial={"day": 9})
    DateExpression(kind="since", grain="year")  # 올 들어, no reference date: nothing known, not resolved
    with pytest.raises(ValidationError, match="resolved date needs"):
        DateExpression(kind="since", grain="year", resolved=True)


def test_mentions_list_value_fields_before_the_span() -> None:
    mention = MoneyMention(amount="1", currency="USD", span=Span(start=0, end=2, text="$1"))
    assert list(mention.model_dump())[:2] == ["amount", "currency"]
    assert list(mention.model_dump())[-2:] == ["span", "warnings"]
