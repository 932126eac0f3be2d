"""The data model of policydocs: value types, records and the extraction result."""

from policydocs.models.records import (
    Dialogue,
    FundingCommitment,
    Initiative,
    Participant,
    Record,
    TechForecast,
)
from policydocs.models.result import (
    DocumentError,
    DocumentMeta,
    ExtractionResult,
    Mentions,
    Notice,
    SetAside,
    text_sha256,
)
from policydocs.models.values import (
    DateExpression,
    DateMention,
    Money,
    MoneyMention,
    Organization,
    OrganizationMention,
    PartialDate,
    Span,
)

__all__ = [
    "DateExpression",
    "DateMention",
    "Dialogue",
    "DocumentError",
    "DocumentMeta",
    "ExtractionResult",
    "FundingCommitment",
    "Initiative",
    "Mentions",
    "Money",
    "MoneyMention",
    "Notice",
    "Organization",
    "OrganizationMention",
    "PartialDate",
    "Participant",
    "Record",
    "SetAside",
    "Span",
    "TechForecast",
    "text_sha256",
]
