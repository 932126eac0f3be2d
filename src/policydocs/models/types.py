"""Annotated scalar types shared by the models: exact decimals and closed code lists.

They validate what a curator types by hand (a float amount, an unknown currency) and
export the same rule to JSON Schema, so a non-Python validator enforces it too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import regex
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from policydocs.data import country_codes, currency_codes

UNSIGNED_DECIMAL_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
SIGNED_DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
ISO_DURATION = regex.compile(
    r"^P(?!$)(?:[0-9]+(?:\.[0-9]+)?Y)?(?:[0-9]+(?:\.[0-9]+)?M)?(?:[0-9]+(?:\.[0-9]+)?W)?"
    r"(?:[0-9]+(?:\.[0-9]+)?D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?$"
)


def _reject_float(value: Any) -> Any:
    """Floats are refused: ``8741700000000.0`` may already have lost digits on the way in."""
    if isinstance(value, bool):
        raise ValueError("must be a decimal string or an integer, not a boolean")
    if isinstance(value, float):
        raise ValueError(
            f"must be a decimal string or an integer, not a float ({value!r}): floats lose digits; "
            f'write "{value!r}" as a string'
        )
    if isinstance(value, str) and not regex.fullmatch(SIGNED_DECIMAL_PATTERN, value):
        raise ValueError(f"{value!r} is not a plain decimal (digits, optional sign and fraction)")
    return value


def format_decimal(value: Decimal) -> str:
    """Plain positional notation: ``Decimal('8.7417E+12')`` -> ``'8741700000000'``."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _decimal_schema(pattern: str, minimum: int | None) -> dict[str, Any]:
    integer: dict[str, Any] = {"type": "integer"}
    if minimum is not None:
        integer["minimum"] = minimum
    return {"anyOf": [{"type": "string", "pattern": pattern}, integer]}


_DECIMAL_SERIALIZER = PlainSerializer(format_decimal, return_type=str, when_used="json")

ExactDecimal = Annotated[
    Decimal,
    BeforeValidator(_reject_float),
    _DECIMAL_SERIALIZER,
    WithJsonSchema(_decimal_schema(SIGNED_DECIMAL_PATTERN, None)),
]
"""A decimal number, exact: JSON carries it as a string (or an integer), never a float."""


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"must not be negative, got {format_decimal(value)}")
    return value


NonNegativeDecimal = Annotated[
    Decimal,
    BeforeValidator(_reject_float),
    AfterValidator(_non_negative),
    _DECIMAL_SERIALIZER,
    WithJsonSchema(_decimal_schema(UNSIGNED_DECIMAL_PATTERN, 0)),
]
"""An exact decimal that is zero or more (amounts of money)."""


def _currency(value: str) -> str:
    if value not in currency_codes():
        raise ValueError(f"{value!r} is not an ISO 4217 currency code (KRW, USD, CAD, CNY, JPY, EUR, ...)")
    return value


CurrencyCode = Annotated[
    str,
    AfterValidator(_currency),
    WithJsonSchema({"type": "string", "enum": sorted(currency_codes()), "description": "ISO 4217 currency code"}),
]


def _country(value: str) -> str:
    if value not in country_codes():
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code (KR, US, CA, CN, JP, ...)")
    return value


CountryCode = Annotated[
    str,
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "enum": sorted(country_codes()), "description": "ISO 3166-1 alpha-2 code"}),
]


def _duration(value: str) -> str:
    if not ISO_DURATION.match(value):
        raise ValueError(f"{value!r} is not an ISO 8601 duration (P5Y, P18M, P2W, P10D, ...)")
    return value


IsoDuration = Annotated[
    str,
    AfterValidator(_duration),
    WithJsonSchema({"type": "string", "pattern": ISO_DURATION.pattern, "description": "ISO 8601 duration"}),
]


def _strict_date(value: Any) -> Any:
    """Only ISO calendar dates (``2030-12-31``) or date objects; no timestamps, no numbers."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and regex.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return value
    raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")


IsoDate = Annotated[dt.date, BeforeValidator(_strict_date)]
