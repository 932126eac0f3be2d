"""Korean numerals shared by money and dates (placeholder until the money issue lands)."""

from __future__ import annotations

from decimal import Decimal


def parse_number(text: str) -> Decimal | None:
    """One Korean numeral as an exact Decimal, or None."""
    return None
