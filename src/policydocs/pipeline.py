"""One document in, one ExtractionResult out.

The body finder, metadata reader and record builders grow here issue by issue; what
stays fixed is the contract: a valid result for any str, with warnings for what was
not understood, never an exception.
"""

from __future__ import annotations

import datetime as dt

from policydocs.extract.dates import find_dates
from policydocs.extract.money import find_money
from policydocs.extract.organizations import find_organizations
from policydocs.models import DocumentMeta, ExtractionResult, Mentions, Notice, text_sha256


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A date from a date, a datetime or an ISO ``YYYY-MM-DD`` string (ValueError otherwise)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
) -> ExtractionResult:
    """Read one document: its metadata, every mention, and the records it states.

    Args:
        text: the document as a str (decode bytes first; see the CLI for encodings).
        published: the publication date, used as the reference for relative dates;
            wins over the date the page states.
        doc_id: the id to put in the result (default: the first 16 hex digits of its SHA-256).
        source: where the text came from (a path or URL), carried into the result.
    """
    digest = text_sha256(text)
    reference = as_date(published)
    warnings: list[Notice] = []
    if reference is None:
        warnings.append(
            Notice(
                code="no_publication_date",
                message="no publication date given or found: relative dates stay unresolved",
            )
        )
    document = DocumentMeta(
        id=doc_id or digest[:16],
        published=reference,
        source=source,
        char_count=len(text),
        sha256=digest,
    )
    mentions = Mentions(
        money=find_money(text),
        dates=find_dates(text, reference=reference),
        organizations=find_organizations(text),
    )
    return ExtractionResult(document=document, mentions=mentions, warnings=warnings)
