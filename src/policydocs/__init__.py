"""policydocs: typed, validated, source-grounded records from Korean policy documents.

>>> import policydocs
>>> result = policydocs.extract("충청북도는 2030년까지 8조 7,417억원을 투자한다.", published="2021-07-22")
>>> result.document.published
datetime.date(2021, 7, 22)
>>> [(m.span.text, str(m.amount), m.currency) for m in result.mentions.money]
[('8조 7,417억원', '8741700000000', 'KRW')]

The names below are imported on first use, so ``import policydocs`` stays fast for
command-line tools and worker processes that need only part of the library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "extract": "policydocs.pipeline",
    "find_dates": "policydocs.extract.dates",
    "find_money": "policydocs.extract.money",
    "find_organizations": "policydocs.extract.organizations",
    "parse_number": "policydocs.extract.numbers",
    "validate_file": "policydocs.validate",
    "LocatedError": "policydocs.validate",
    **{
        name: "policydocs.models"
        for name in (
            "DateExpression",
            "DateMention",
            "Dialogue",
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
            "Participant",
            "SetAside",
            "Span",
            "TechForecast",
        )
    },
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'policydocs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# The function ``extract`` shares its name with the subpackage ``policydocs.extract``;
# importing the pipeline last makes the name refer to the function.
from policydocs.pipeline import extract  # noqa: E402

if TYPE_CHECKING:
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
    from policydocs.validate import LocatedError, validate_file
