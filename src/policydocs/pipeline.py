"""One document in, one ExtractionResult out.

The page is read first (body, furniture, metadata: ``document.read_page``), the page's
own publication date becomes the reference for relative dates (an explicit
``published=`` wins), the mention extractors run once over the text (with the furniture
that ends the page blanked, at the same offsets) and only mentions inside the body are
kept, and the records are built from the body's sentences and items. Whatever the input, the result is valid;
what was not understood becomes a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TypeVar

from policydocs.document import Page, as_date, read_page
from policydocs.extract.dates import scan_dates
from policydocs.extract.money import find_money
from policydocs.extract.organizations import find_organizations
from policydocs.extract.published import find_publication_date
from policydocs.extract.records import build_records
from policydocs.models import (
    DateMention,
    DocumentMeta,
    ExtractionResult,
    Mentions,
    MoneyMention,
    Notice,
    OrganizationMention,
    Span,
    text_sha256,
)
from policydocs.models.trusted import trusted

M = TypeVar("M", MoneyMention, DateMention, OrganizationMention)
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


# A document longer than this is read in windows (with overlap, stitched exactly) so that
# the extractors' working memory stays bounded whatever the document's size.
WINDOW_CHARS = 1_000_000
WINDOW_OVERLAP = 4_000


@dataclass
class _Found:
    money: list[MoneyMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    organizations: list[OrganizationMention] = field(default_factory=list)
    date_warnings: list[tuple[int, int, str]] = field(default_factory=list)


def windows(length: int, text: str, size: int, overlap: int) -> list[tuple[int, int, int, int]]:
    """(read_start, read_end, keep_start, keep_end) for each window, cut at line breaks.

    Every offset is kept by exactly one window; each window also reads ``overlap``
    characters on both sides, so a mention that starts in its kept part is read whole.
    """
    if length <= size:
        return [(0, length, 0, length)]
    out = []
    keep_start = 0
    while keep_start < length:
        keep_end = min(length, keep_start + size)
        if keep_end < length:
            line_break = text.rfind("\n", keep_start + size // 2, keep_end)
            keep_end = line_break + 1 if line_break >= 0 else keep_end
        out.append((max(0, keep_start - overlap), min(length, keep_end + overlap), keep_start, keep_end))
        keep_start = keep_end
    return out


def _shifted(mention: M, offset: int, text: str) -> M:
    start, end = mention.span.start + offset, mention.span.end + offset
    return mention.model_copy(update={"span": Span(start=start, end=end, text=text[start:end])})


_NOT_A_LINE_END = re.compile("[^\r\n]")


def without_trailing_furniture(text: str, page: Page) -> str:
    """``text`` with the set-aside parts that end the page blanked (line ends kept): same length
    and offsets, so the extractors skip the rankings, other headlines and translations after
    the article at the speed of a space.

    Only what follows the last body line is blanked. What comes before a body line can be the
    context it is read in (a caption's date for 이날, a caption's ``(이하 협의회)``), and a
    blanked line between two words would let a name join across it.
    """
    tail = len(text)
    for part in reversed(page.set_aside):
        if text[part.span.end : tail].strip():
            break
        tail = part.span.start
    if tail == len(text):
        return text
    return text[:tail] + _NOT_A_LINE_END.sub(" ", text[tail:])


def _mentions(text: str, reference: dt.date | None, page: Page) -> _Found:
    """Every mention of the body, read window by window when the text is long."""
    found = _Found()
    original, text = text, without_trailing_furniture(text, page)
    for read_start, read_end, keep_start, keep_end in windows(len(text), text, WINDOW_CHARS, WINDOW_OVERLAP):
        window = text if (read_start, read_end) == (0, len(text)) else text[read_start:read_end]

        def kept(mention: MoneyMention | DateMention | OrganizationMention) -> bool:
            start, end = mention.span.start + read_start, mention.span.end + read_start
            return keep_start <= start < keep_end and page.in_body(start, end)

        dates, warnings = scan_dates(window, reference)
        for target, mentions in ((found.money, find_money(window)), (found.dates, dates), (found.organizations, find_organizations(window))):
            target.extend(_shifted(m, read_start, original) if read_start else m for m in mentions if kept(m))
        found.date_warnings.extend(
            (w.start + read_start, w.end + read_start, w.message)
            for w in warnings
            if keep_start <= w.start + read_start < keep_end and page.in_body(w.start + read_start, w.end + read_start)
        )
    return found


def _date_not_placed(text: str, start: int, end: int, message: str) -> Notice:
    """The warning for a date the extractor read but could not place; ``0 <= start < end <= len(text)``.

    Offsets in the text and a fixed code are valid: only an empty message would leave the
    models to validation.
    """
    span = trusted(Span, {"start": start, "end": end, "text": text[start:end]})
    values = {"code": "date_not_placed", "message": message, "span": span}
    return trusted(Notice, values) if message else Notice(**values)


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

    found = _mentions(text, reference, page)
    mentions = Mentions(money=found.money, dates=found.dates, organizations=found.organizations)
    warnings.extend(_date_not_placed(text, start, end, message) for start, end, message in found.date_warnings if end > start)
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
    # Every value is a model instance validated when it was made (or a list of them), which
    # validation would keep as it is: the result is built without checking them again.
    values = {
        "document": document,
        "mentions": mentions,
        "initiatives": records.initiatives,
        "funding_commitments": records.funding_commitments,
        "tech_forecasts": records.tech_forecasts,
        "dialogues": records.dialogues,
        "warnings": warnings + records.warnings,
        "set_aside": page.set_aside,
    }
    return trusted(ExtractionResult, values)
