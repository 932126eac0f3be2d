"""The page's own date: the date a news site or newsletter prints beside its label.

The document pipeline uses it as the reference for relative dates (``9일``, ``지난 4월``).
Only labelled dates count (``기사입력 2023/11/01``, ``입력 : 2023/11/01``,
``작성일21-07-22 17:38``, ``승인 2026-01-11 16:35``, ``등록일 2023.11.06``): a date in the
body says when something happened, not when the page was written. A newsletter issue
(``산업기술 동향워치 2023년 22호``) states only its year, so it is returned with grain
``year``. A page that states neither gets None, never a guess.

>>> find_publication_date("김정환 기자 | 기사입력 2023/11/01 [13:40]").start
datetime.date(2023, 11, 1)
>>> find_publication_date("동향워치 2023년 22호 요약").grain
'year'
"""

from __future__ import annotations

import datetime as dt

import regex

from policydocs.extract import calendar as cal
from policydocs.extract.text import NormalizedText, normalize_start
from policydocs.models import DateMention, Span

# Labels that news sites and boards print before the date a page went up; 수정 (edited)
# and 신문게재 (print edition) come later than the publication and are not used.
LABELS = r"기사\s?입력|입력\s?일?|최초\s?입력|승인|작성\s?일|등록\s?일?|게재\s?일|발행\s?일|송고|Posted|Published"
_DATE = (
    r"(?:(?P<y4>(?:19|20)\d{2})\s?[./\-년]\s?(?P<m>\d{1,2})\s?[./\-월]\s?(?P<d>\d{1,2})(?!\d)(?:(?<=\d)(?<=월\s?\d{1,2})일)?"
    r"|(?P<y2>\d{2})[./\-](?P<m2>\d{2})[./\-](?P<d2>\d{2})(?!\d))"
)
LABELLED_DATE = regex.compile(r"(?:" + LABELS + r")\s?(?:일시)?\s?[:：|]?\s?" + _DATE, regex.IGNORECASE)
# 2023년 22호 / 2023-22호 / 제22호(2023년): an issue number dates the issue to its year only.
NEWSLETTER_ISSUE = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s?(?:년|-)\s?(?:제\s?)?(?P<issue>\d{1,3})\s?호")
# The page's own date sits in its header: do not search the whole body for a label.
HEADER_CHARS = 4000


def find_publication_date(text: str) -> DateMention | None:
    """The date the page states for itself, or None.

    Returns a ``DateMention`` (grain ``day`` for a labelled date, ``year`` for a
    newsletter issue) whose span covers the date as printed, without its label.
    """
    if not isinstance(text, str) or not text:
        return None
    # The header alone is normalised: a long page is normalised once, by the extractors.
    return _found_in(normalize_start(text, HEADER_CHARS))


def _found_in(normalized: NormalizedText) -> DateMention | None:
    """The labelled date or newsletter issue in the first HEADER_CHARS characters of ``normalized``."""
    head = normalized.text[:HEADER_CHARS]
    for match in LABELLED_DATE.finditer(head):
        mention = _labelled(match, normalized)
        if mention is not None:
            return mention
    issue = NEWSLETTER_ISSUE.search(head)
    if issue is not None:
        year = int(issue.group("year"))
        start, end, surface = normalized.original_slice(issue.start(), issue.end())
        return DateMention(
            span=Span(start=start, end=end, text=surface),
            kind="point",
            grain="year",
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
            warnings=[f"newsletter issue {issue.group('issue')}: only the year is stated"],
        )
    return None


def _labelled(match: regex.Match[str], normalized: NormalizedText) -> DateMention | None:
    if match.group("y4"):
        year, month, day = int(match.group("y4")), int(match.group("m")), int(match.group("d"))
        first = match.start("y4")
    else:
        year = cal.century_window(int(match.group("y2")), None)
        month, day = int(match.group("m2")), int(match.group("d2"))
        first = match.start("y2")
    if not cal.valid_day(year, month, day):
        return None
    start, end, surface = normalized.original_slice(first, match.end())
    date = dt.date(year, month, day)
    warnings = [] if match.group("y4") else [f"two-digit year read as {year} (window 1950-2049)"]
    return DateMention(span=Span(start=start, end=end, text=surface), kind="point", grain="day", start=date, end=date, warnings=warnings)
