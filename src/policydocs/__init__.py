"""policydocs: typed, validated, source-grounded records from Korean policy documents.

>>> import policydocs
>>> result = policydocs.extract("충청북도는 2030년까지 8조 7,417억원을 투자한다.", published="2021-07-22")
>>> result.document.published
datetime.date(2021, 7, 22)
"""

from policydocs.extract.dates import find_dates
from policydocs.extract.money import find_money
from policydocs.extract.numbers import parse_number
from policydocs.extract.organizations import find_organizations
from policydocs.models import (
    DateExpression,
    DateMention,
    Dialogue,
    DocumentMeta,
    ExtractionResult,
    FundingCommitment,
    Initiative,
    Mentions,
    Money,
    MoneyMention,
    Notice,
    Organization,
    OrganizationMention,
    Participant,
    SetAside,
    Span,
    TechForecast,
)
from policydocs.pipeline import extract
from policydocs.validate import LocatedError, validate_file

__version__ = "0.1.0"

__all__ = [
    "DateExpression",
    "DateMention",
    "Dialogue",
    "DocumentMeta",
    "ExtractionResult",
    "FundingCommitment",
    "Initiative",
    "LocatedError",
    "Mentions",
    "Money",
    "MoneyMention",
    "Notice",
    "Organization",
    "OrganizationMention",
    "Participant",
    "SetAside",
    "Span",
    "TechForecast",
    "extract",
    "find_dates",
    "find_money",
    "find_organizations",
    "parse_number",
    "validate_file",
]
