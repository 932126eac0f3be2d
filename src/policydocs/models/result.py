"""One document in, one result out: metadata, mentions, records, and what was set aside."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from policydocs.models.records import Dialogue, FundingCommitment, Initiative, TechForecast
from policydocs.models.types import IsoDate
from policydocs.models.values import (
    DateMention,
    MoneyMention,
    OrganizationMention,
    Span,
    StrictModel,
    document_text,
)


def text_sha256(text: str) -> str:
    """SHA-256 of the text as UTF-8 (lone surrogates kept, so any str has a digest)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class DocumentMeta(StrictModel):
    """What the document is: its id, title, date and the fingerprint of its text."""

    id: str = Field(min_length=1, description="The document id (file stem, or the id given by the caller).")
    title: str | None = Field(default=None, description="The headline or title the page states.")
    published: IsoDate | None = Field(
        default=None, description="Publication date the page states (기사입력, 작성일, 승인), or the caller's."
    )
    source: str | None = Field(default=None, description="Where the document came from (path or URL), when given.")
    outlet: str | None = Field(default=None, description="The publisher named on the page (중도일보).")
    byline: str | None = Field(default=None, description="The author(s) as the page names them (김정환 기자).")
    language: str = Field(default="ko", pattern=r"^[a-z]{2,3}$", description="ISO 639 language of the body.")
    char_count: int = Field(ge=0, description="Length of the text in characters (code points).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the text encoded as UTF-8.")

    @field_validator("char_count")
    @classmethod
    def _count_matches_text(cls, count: int, info: ValidationInfo) -> int:
        text = document_text(info)
        if text is not None and count != len(text):
            raise ValueError(f"is {count} but the document text has {len(text)} characters")
        return count

    @field_validator("sha256")
    @classmethod
    def _digest_matches_text(cls, digest: str, info: ValidationInfo) -> str:
        text = document_text(info)
        if text is not None and digest != text_sha256(text):
            raise ValueError("does not match the document text: the record was written for another version of it")
        return digest


class Mentions(StrictModel):
    """Every value found in the body, each with its span, in text order."""

    money: list[MoneyMention] = Field(default_factory=list, description="Amounts of money.")
    dates: list[DateMention] = Field(default_factory=list, description="Dates, periods, deadlines, durations.")
    organizations: list[OrganizationMention] = Field(default_factory=list, description="Organisations.")

    @model_validator(mode="after")
    def _in_text_order(self) -> Mentions:
        for name in ("money", "dates", "organizations"):
            starts = [mention.span.start for mention in getattr(self, name)]
            for index in range(1, len(starts)):
                if starts[index] < starts[index - 1]:
                    raise ValueError(
                        f"{name}[{index}] starts at {starts[index]}, before {name}[{index - 1}] "
                        f"at {starts[index - 1]}: mentions are listed in text order"
                    )
        return self


class Notice(StrictModel):
    """Something seen but not understood, or a doubt: never silently dropped."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Stable machine-readable code (unresolved_date).")
    message: str = Field(min_length=1, description="What happened, for a person.")
    span: Span | None = Field(default=None, description="Where, when it concerns a part of the text.")


SetAsideReason = Literal["furniture", "duplicate", "translation", "preamble", "other"]


class SetAside(StrictModel):
    """A part of the page that was not read for records, and why."""

    span: Span = Field(description="The part set aside.")
    reason: SetAsideReason = Field(
        description="furniture (menus, rankings, other headlines), duplicate (a block printed twice), "
        "translation (a machine translation of the body), preamble (errors, page chrome before the body), other."
    )
    note: str | None = Field(default=None, description="More detail, for a person.")


class ExtractionResult(StrictModel):
    """Everything policydocs read from one document."""

    document: DocumentMeta = Field(description="What the document is.")
    mentions: Mentions = Field(default_factory=Mentions, description="Every money, date and organisation mention.")
    initiatives: list[Initiative] = Field(default_factory=list, description="Strategies, plans, programmes, …")
    funding_commitments: list[FundingCommitment] = Field(default_factory=list, description="Money committed.")
    tech_forecasts: list[TechForecast] = Field(default_factory=list, description="Quantified expectations.")
    dialogues: list[Dialogue] = Field(default_factory=list, description="Meetings between parties.")
    warnings: list[Notice] = Field(default_factory=list, description="What was seen but not understood.")
    set_aside: list[SetAside] = Field(default_factory=list, description="Parts of the page not read, and why.")


ErrorStage = Literal["read", "decode", "extract"]


class DocumentError(StrictModel):
    """A document that could not be read or extracted, written in its place so a corpus run goes on.

    >>> DocumentError(id="a", stage="read", error_type="PermissionError", message="permission denied").stage
    'read'
    """

    id: str = Field(min_length=1, description="The id the document would have had (file stem, JSONL id or file:line).")
    source: str | None = Field(default=None, description="Where the document came from (path, or path:line for JSONL).")
    stage: ErrorStage = Field(
        description="read (the bytes could not be read), decode (binary, empty, or not a valid JSON Lines record), "
        "extract (extraction raised, timed out or its worker died)."
    )
    error_type: str = Field(
        pattern=r"^[A-Za-z_][A-Za-z0-9_.]*$",
        description="Stable name of the failure: an exception class (PermissionError, ValueError) or one of "
        "BinaryInput, EmptyDocument, InvalidRecord, Timeout, WorkerCrash.",
    )
    message: str = Field(min_length=1, description="What happened, for a person.")
