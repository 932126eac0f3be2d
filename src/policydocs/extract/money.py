"""Korean money amounts (placeholder until the money issue lands)."""

from __future__ import annotations

from policydocs.models import MoneyMention


def find_money(text: str) -> list[MoneyMention]:
    """Every amount of money in running text, in text order."""
    return []
