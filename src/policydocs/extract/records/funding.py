"""FundingCommitment: an amount of money together with a word that commits it.

``25억 달러 융자``, ``지원금이 총 4억 2,700만 캐나다 달러``, ``8조 7,417억원 투자``: the
instrument word (data: ``record_words.tsv``, group ``instrument``) must stand next to the
amount in the same sentence or item. Amounts next to market words (매출, 시장 규모,
클럽, 경제효과 …) are sizes, not commitments, and are skipped.
"""

from __future__ import annotations

import re

import regex

from policydocs.extract.records import context
from policydocs.extract.records.context import (
    INSTRUMENTS,
    SPACE,
    DocumentView,
    UnitView,
    build,
    date_value,
    find_all,
    find_first,
    money_value,
    organization,
    possessor,
    squash,
    subject,
)
from policydocs.models import FundingCommitment, MoneyMention, OrganizationMention

CUE_AFTER = 22  # characters after the amount in which its instrument word may stand
CUE_BEFORE = 40  # characters before it
NOT_FUNDING_BEFORE = 12
NOT_FUNDING_AFTER = 16
# PURPOSE_LINK and CLAUSE_START for the stdlib engine, faster: SPACE is ``regex``'s ``\s``.
PURPOSE_LINK = re.compile(rf"(?:에게|에|을 위해|를 위해|을 위한|를 위한|에 대한)(?={SPACE})")
PURPOSE_GAP = 14  # at most this many characters between the purpose phrase and the amount
CLAUSE_START = re.compile(rf"[,，;:∙•▲※*\-]|\)|(?:은|는|이|가){SPACE}")
LONGEST_LINK = 4  # characters of the longest PURPOSE_LINK (을 위해)
CLAUSE_REACH = 40  # characters before a purpose link where its clause start is looked for first
RECIPIENT_LABEL = regex.compile(r"^[^\w\s]{0,3}\s*\($")  # ``▲(`` before a name that labels the item


def instrument_cue(view: UnitView, start: int, end: int, block: str = "") -> tuple[str, bool] | None:
    """(instrument, near) for the amount at local ``[start, end)``; near = next to it.

    Failing a word in the unit, a word in its ▲ siblings (``block``) counts, not near.
    """
    text = view.text
    after = find_first("instrument", text[end : end + CUE_AFTER])
    if after is not None:
        return after[2], True
    before = find_all("instrument", text[max(0, start - CUE_BEFORE) : start])
    if before:
        return before[-1][2], True
    anywhere = find_all("instrument", text[:start]) or find_all("instrument", block)
    if anywhere:
        return anywhere[-1][2], False
    return None


def _is_market_figure(view: UnitView, start: int, end: int) -> bool:
    window = view.text[max(0, start - NOT_FUNDING_BEFORE) : end + NOT_FUNDING_AFTER]
    return find_first("not_funding", window) is not None


def _purpose(view: UnitView, start: int) -> str | None:
    """The phrase the money is for: ``LIB 셀 제조공장에 3건 25억 달러`` -> ``LIB 셀 제조공장``."""
    before = view.text[:start]
    # No alternative of PURPOSE_LINK or CLAUSE_START begins inside a match of its pattern
    # (none begins with 게, 위, 해, 한, 대 or a space): a scan finds every place where one
    # matches, from wherever it starts. So the links near the amount are searched near it,
    # and the last clause start first near the link.
    reach = max(0, start - PURPOSE_GAP - LONGEST_LINK) if context.SHORTCUTS else 0
    links = [m for m in PURPOSE_LINK.finditer(before, reach) if start - m.end() <= PURPOSE_GAP]
    if not links:
        return None
    link = links[-1]
    head = before[: link.start()]
    boundaries = _clause_starts(head)
    phrase = squash(head[boundaries[-1].end() :] if boundaries else head)
    phrase = phrase.strip(" ‘’'\"「」")
    return phrase[-60:] if len(phrase) >= 2 else None


def _clause_starts(head: str) -> list[re.Match[str]]:
    """The matches of CLAUSE_START in ``head``; with shortcuts, only the last ones (those near its end) when there are some."""
    if context.SHORTCUTS and len(head) > CLAUSE_REACH:
        near = list(CLAUSE_START.finditer(head, len(head) - CLAUSE_REACH))
        if near:
            return near
    return list(CLAUSE_START.finditer(head))


def _recipient(view: UnitView, start: int) -> OrganizationMention | None:
    """An organisation labelled at the head of the item (``▲(Ultium Cells) …``) or ``X에게``."""
    for mention in view.orgs:
        local = view.local(mention.span.start)
        if local >= start:
            break
        if view.text[local - 1 : local] == "(" and RECIPIENT_LABEL.match(view.text[:local]):  # it ends in ``(``
            return mention
        if view.text.startswith("에게", view.local(mention.span.end)):
            return mention
    return None


def funding_commitments(doc: DocumentView) -> list[FundingCommitment]:
    """Every commitment stated in the body, one per amount (repeats merged by the caller).

    Amounts in items under a forecast heading (``’24년 전망``) are forecasts, not commitments.
    """
    out = []
    for index in doc.having(doc.with_money):
        if index in doc.under_forecast:
            continue
        view = doc.views[index]
        for money in view.money:
            record = _commitment(view, money, doc.block_text(view))
            if record is not None:
                out.append(record)
    return out


def _commitment(view: UnitView, money: MoneyMention, block: str) -> FundingCommitment | None:
    start, end = view.local(money.span.start), view.local(money.span.end)
    if _is_market_figure(view, start, end):
        return None
    cue = instrument_cue(view, start, end, block)
    if cue is None:
        return None
    instrument, near = cue
    window = view.text[max(0, start - CUE_BEFORE) : end + CUE_AFTER]
    funder = subject(view, before=money.span.start) or possessor(view, money.span.start)
    recipient = _recipient(view, start)
    if recipient is not None and funder is not None and recipient.span == funder.span:
        funder = None
    period = next((d for d in view.dates if d.span.end <= money.span.start or d.span.start >= money.span.end), None)
    confidence = "high" if near and funder is not None else ("medium" if near else "low")
    values = {
        "evidence": [view.evidence()],
        "confidence": confidence,
        "amount": money_value(money),
        "funder": organization(funder) if funder else None,
        "recipient": organization(recipient) if recipient else None,
        "purpose": _purpose(view, start),
        "instrument": instrument,
        "conditional": "조건부" in window,
        "period": date_value(period) if period else None,
    }
    return build(FundingCommitment, values, instrument in INSTRUMENTS)
