"""Calendar arithmetic for dates: grain bounds, two-digit years, and picking past or future.

Kept apart from the date rules so that the rules only say what the text states and
this module alone decides which day that is. Month and year steps clamp to the month's
last day, as python-dateutil's ``relativedelta`` does (the tests hold them to it).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Literal

Tense = Literal["past", "future"]
GRAIN_ORDER = ("day", "week", "month", "quarter", "half", "year")

# A two-digit year is put in the century that places it within this window around the
# reference year: up to 69 years back and 30 forward (reference 2023: 1954-2053, so
# ’50년 is 2050 and ’74 is 1974). Without a reference date the fixed window of
# RFC 5280 is used (1950-2049) and the mention says so.
TWO_DIGIT_PAST = 69
TWO_DIGIT_FUTURE = 30
DEFAULT_PIVOT_START = 1950

MIN_YEAR, MAX_YEAR = 1000, 2999


def finer(a: str, b: str) -> str:
    """The more precise of two grains."""
    return a if GRAIN_ORDER.index(a) <= GRAIN_ORDER.index(b) else b


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def bounds(grain: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the ``grain`` unit that contains ``day``."""
    if grain == "day":
        return day, day
    if grain == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if grain == "month":
        return day.replace(day=1), month_end(day.year, day.month)
    if grain == "quarter":
        first = 3 * ((day.month - 1) // 3) + 1
        return dt.date(day.year, first, 1), month_end(day.year, first + 2)
    if grain == "half":
        first = 1 if day.month <= 6 else 7
        return dt.date(day.year, first, 1), month_end(day.year, first + 5)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` units (day, week, month, quarter, half, year)."""
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit]
    return add_months(day, amount * months)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the last day of the month reached (1/31 + 1 -> 2/28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(calendar.monthrange(year, month)[1], day.day))


def century_window(two_digit: int, reference_year: int | None) -> int:
    """The four-digit year for ``’yy`` (see TWO_DIGIT_PAST / TWO_DIGIT_FUTURE)."""
    low = reference_year - TWO_DIGIT_PAST if reference_year is not None else DEFAULT_PIVOT_START
    year = low - low % 100 + two_digit
    return year + 100 if year < low else year


def decade_window(two_digit: int, reference_year: int | None) -> int:
    """``80년대``: the latest decade that has begun by the reference year (1930s for ``30년대`` in 2013)."""
    latest = reference_year if reference_year is not None else DEFAULT_PIVOT_START + 79
    year = latest - latest % 100 + two_digit
    return year - 100 if year > latest else year


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th (1..5, or -1 for the last) given weekday of a month, or None."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if dt.date(year, month, d).weekday() == weekday]
    if n == -1:
        return dt.date(year, month, days[-1])
    return dt.date(year, month, days[n - 1]) if 1 <= n <= len(days) else None


def nth_week(year: int, month: int, n: int) -> dt.date | None:
    """Monday of the n-th (or last, -1) Monday-Sunday week lying wholly inside the month."""
    last = calendar.monthrange(year, month)[1]
    mondays = [d for d in range(1, last - 5) if dt.date(year, month, d).weekday() == 0]
    if not mondays:
        return None
    if n == -1:
        return dt.date(year, month, mondays[-1])
    return dt.date(year, month, mondays[n - 1]) if 1 <= n <= len(mondays) else None


def choose(
    candidates: Iterable[tuple[dt.date, dt.date]],
    reference: dt.date,
    tense: Tense | None,
    home: tuple[dt.date, dt.date] | None,
    strict: bool = False,
) -> tuple[dt.date, dt.date] | None:
    """Pick one occurrence of a year-less date: the tense decides, else the reference's own unit.

    ``candidates`` are (start, end) occurrences in neighbouring cycles. Past: the latest
    that has begun by the reference date; future: the earliest that has not ended before
    it (``strict``: that lies wholly before / after it, for 지난 일요일 said on a Sunday);
    no tense: ``home`` (the occurrence in the reference's own year, month or week), else
    the nearest one.
    """
    ordered = sorted(candidates)
    if not ordered:
        return None
    if tense == "past":
        started = [c for c in ordered if (c[1] < reference if strict else c[0] <= reference)]
        return started[-1] if started else ordered[0]
    if tense == "future":
        pending = [c for c in ordered if (c[0] > reference if strict else c[1] >= reference)]
        return pending[0] if pending else ordered[-1]
    if home is not None and home in ordered:
        return home
    return min(ordered, key=lambda c: min(abs((c[0] - reference).days), abs((c[1] - reference).days)))
