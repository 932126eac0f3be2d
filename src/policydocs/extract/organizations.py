"""Korean and foreign organisation names (placeholder until the organisations issue lands)."""

from __future__ import annotations

from policydocs.models import OrganizationMention


def find_organizations(text: str) -> list[OrganizationMention]:
    """Every organisation named in running text, in text order."""
    return []
