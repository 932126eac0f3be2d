"""One document in, one ExtractionResult out.

The page is read first (body, furniture, metadata: ``document.read_page``), the page's
own publication date becomes the reference for relative dates (an explicit
``published=`` wins), the mention extractors run once over the text and only mentions
inside the body are kept, and the records are built from the body's sentences and items.
Whatever the input, the result is valid; what was not understood becomes a warning.
"""

from __future__ import annotations

import datetime as dt

from policydocs.document import Page, as_date, read_page
from policydocs.extract.dates import scan_dates
from policydocs.extract.money import find_money
from policydocs.extract.organizations import find_organizations
from policydocs.extract.published import find_publication_date
from policydocs.extract.records import build_records
from policydocs.models import DocumentMeta, ExtractionResult, Mentions, Notice, Span, text_sha256
from policydocs.structure import segment


def _reference(page: Page, published: dt.date | None) -> tuple[dt.date | None, dt.date | None, list[Notice]]:
    """(published date for the metadata, reference date for relative dates, notices)."""
    if published is not None:
        return published, published, []
    stated = find_publication_date(page.text)
    if stated is None or stated.start is None:
        notice = Notice(
            code="no_publication_date",
            message="no publication date given or found on the page: relative dates stay unresolved",
        )
        return None, None, [notice]
    if stated.grain == "day":
        return stated.start, stated.start, []
    # A newsletter issue states only a year (or month): not a publication date, but
    # enough to place month.day dates; the end of that period is the reference.
    notice = Notice(
        code="publication_period_only",
        message=f"the page states only a {stated.grain} ({stated.span.text!r}): "
        f"dates are resolved within it, document.published stays null",
        span=stated.span,
    )
    return None, stated.end, [notice]


def extract(
    text: str,
    *,
    published: dt.date | str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
) -> ExtractionResult:
    """Read one document: its metadata, every mention in its body, and the records it states.

    Args:
        text: the document as a str (decode bytes first; the CLI detects encodings).
        published: the publication date, used as the reference for relative dates;
            wins over the date the page states.
        doc_id: the id to put in the result (default: the first 16 hex digits of its SHA-256).
        source: where the text came from (a path or URL), carried into the result.
    """
    digest = text_sha256(text)
    page = read_page(text)
    published_date, reference, notices = _reference(page, as_date(published))
    warnings = [*page.warnings, *notices]

    dates, date_warnings = scan_dates(text, reference)
    mentions = Mentions(
        money=[m for m in find_money(text) if page.in_body(m.span.start, m.span.end)],
        dates=[m for m in dates if page.in_body(m.span.start, m.span.end)],
        organizations=[m for m in find_organizations(text) if page.in_body(m.span.start, m.span.end)],
    )
    for warning in date_warnings:
        if warning.end > warning.start and page.in_body(warning.start, warning.end):
            span = Span(start=warning.start, end=warning.end, text=text[warning.start : warning.end])
            warnings.append(Notice(code="date_not_placed", message=warning.message, span=span))
    records = build_records(text, segment(page), mentions, reference)
    document = DocumentMeta(
        id=doc_id or digest[:16],
        title=page.title,
        published=published_date,
        source=source,
        outlet=page.outlet,
        byline=page.byline,
        language=page.language,
        char_count=len(text),
        sha256=digest,
    )
    return ExtractionResult(
        document=document,
        mentions=mentions,
        initiatives=records.initiatives,
        funding_commitments=records.funding_commitments,
        tech_forecasts=records.tech_forecasts,
        dialogues=records.dialogues,
        warnings=warnings + records.warnings,
        set_aside=page.set_aside,
    )
