"""Korean dates (placeholder until the dates issue lands)."""

from __future__ import annotations

import datetime as dt

from policydocs.models import DateMention


def find_dates(text: str, *, reference: dt.date | None = None) -> list[DateMention]:
    """Every date expression in running text, in text order."""
    return []
