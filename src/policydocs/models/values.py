"""Value types shared by every record: where a value was read, and money, dates, organisations.

Each value type has a *mention* form (the value plus the `Span` it was read from), which
is what the ``find_*`` functions return.

>>> from decimal import Decimal
>>> Money(amount=Decimal("8741700000000"), currency="KRW").model_dump(mode="json")["amount"]
'8741700000000'
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal
from typing import Literal

import json
from typing import Any

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticSerializationError

from policydocs.models.types import CountryCode, CurrencyCode, IsoDate, IsoDuration, NonNegativeDecimal


LONE_SURROGATE = regex.compile(r"[\ud800-\udfff]")


class StrictModel(BaseModel):
    """Base of every model: unknown keys are errors, so a typo in a curated record is caught."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)

    def model_dump_json(self, **kwargs: Any) -> str:
        """JSON, even when a span holds a lone surrogate (a str no UTF-8 text can contain).

        Such characters are written as JSON escapes (``\\ud800``), which read back to the
        same str, so ``text[start:end] == span.text`` holds after a round trip too.
        """
        try:
            return super().model_dump_json(**kwargs)
        except PydanticSerializationError:
            indent = kwargs.pop("indent", None)
            dumped = json.dumps(self.model_dump(mode="json", **kwargs), ensure_ascii=False, indent=indent)
            return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def document_text(info: ValidationInfo) -> str | None:
    """The document text passed as validation context (``context={"text": ...}``), if any."""
    context = info.context
    if isinstance(context, dict):
        text = context.get("text")
        if isinstance(text, str):
            return text
    return None


class Span(StrictModel):
    """Where a value was read: character offsets into the exact string the caller passed.

    >>> Span(start=0, end=2, text="충북").end
    2
    """

    start: int = Field(ge=0, description="Offset of the first character (0-based, in code points).")
    end: int = Field(ge=1, description="Offset one past the last character (exclusive).")
    text: str = Field(description="The source text between start and end, exactly as written.")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: int, info: ValidationInfo) -> int:
        start = info.data.get("start")
        if start is not None and start >= end:
            raise ValueError(f"end ({end}) must be greater than start ({start})")
        return end

    @field_validator("text")
    @classmethod
    def _text_is_the_slice(cls, text: str, info: ValidationInfo) -> str:
        start, end = info.data.get("start"), info.data.get("end")
        if start is None or end is None:
            return text
        if len(text) != end - start:
            raise ValueError(f"text {text!r} has {len(text)} characters but end - start = {end - start}")
        document = document_text(info)
        if document is not None and document[start:end] != text:
            found = document.find(text)
            hint = f"; {text!r} occurs at {found}:{found + len(text)}" if found >= 0 else ""
            raise ValueError(
                f"text {text!r} differs from the document at {start}:{end}, "
                f"which reads {document[start:end]!r}{hint}"
            )
        return text


Qualifier = Literal["exact", "approximate", "at_least", "at_most", "more_than", "less_than", "range"]


class Money(StrictModel):
    """An amount of money, exact to the unit.

    A range (``5~10억 원``) has ``min`` and ``max`` and no ``amount``; every other
    qualifier has an ``amount`` and no bounds.

    >>> Money(currency="KRW", qualifier="range", min="500000000", max="1000000000").max
    Decimal('1000000000')
    """

    amount: NonNegativeDecimal | None = Field(
        default=None, description="The amount in units of the currency (won, dollars); null for a range."
    )
    currency: CurrencyCode = Field(description="ISO 4217 code (KRW, USD, CAD, CNY, JPY, EUR, AUD, ...).")
    qualifier: Qualifier = Field(
        default="exact",
        description="exact; approximate (약/가량/여/쯤/정도); at_least (이상/넘는); at_most (이하/최대/까지); "
        "more_than (초과); less_than (미만); range (with min and max).",
    )
    min: NonNegativeDecimal | None = Field(default=None, validate_default=True, description="Lower bound of a range.")
    max: NonNegativeDecimal | None = Field(default=None, validate_default=True, description="Upper bound of a range.")
    currency_inferred: bool = Field(
        default=False, description="True when the currency was taken from context, not written beside the number."
    )

    @field_validator("min", "max")
    @classmethod
    def _bounds_only_for_ranges(cls, bound: Decimal | None, info: ValidationInfo) -> Decimal | None:
        qualifier = info.data.get("qualifier")
        if qualifier == "range" and bound is None:
            raise ValueError(f"a range needs both min and max; {info.field_name} is missing")
        if qualifier not in (None, "range") and bound is not None:
            raise ValueError(f"{info.field_name} belongs to qualifier 'range', not {qualifier!r}")
        low = info.data.get("min")
        if info.field_name == "max" and bound is not None and low is not None and low > bound:
            raise ValueError(f"max ({bound}) is less than min ({low})")
        return bound

    @model_validator(mode="after")
    def _amount_unless_range(self) -> Money:
        if self.qualifier == "range" and self.amount is not None:
            raise ValueError("amount: a range carries min and max, not amount")
        if self.qualifier != "range" and self.amount is None:
            raise ValueError(f"amount: qualifier {self.qualifier!r} needs an amount")
        return self


DateKind = Literal["point", "interval", "deadline", "since", "duration", "relative"]
Grain = Literal["day", "week", "month", "quarter", "half", "year"]


class PartialDate(StrictModel):
    """The parts of a date that the text states when it cannot be resolved (``9일``: day 9 only)."""

    year: int | None = Field(default=None, ge=1, le=9999, description="Year, when known.")
    month: int | None = Field(default=None, ge=1, le=12, description="Month 1-12, when known.")
    day: int | None = Field(default=None, ge=1, le=31, description="Day of the month 1-31, when known.")

    @model_validator(mode="after")
    def _check(self) -> PartialDate:
        if self.year is None and self.month is None and self.day is None:
            raise ValueError("a partial date states at least one of year, month, day")
        return self


def _grain_start_ok(grain: str, day: dt.date) -> bool:
    if grain == "year":
        return (day.month, day.day) == (1, 1)
    if grain == "half":
        return (day.month, day.day) in ((1, 1), (7, 1))
    if grain == "quarter":
        return day.month in (1, 4, 7, 10) and day.day == 1
    if grain == "month":
        return day.day == 1
    if grain == "week":
        return day.weekday() == 0
    return True


def _grain_end_ok(grain: str, day: dt.date) -> bool:
    last = calendar.monthrange(day.year, day.month)[1]
    if grain == "year":
        return (day.month, day.day) == (12, 31)
    if grain == "half":
        return (day.month, day.day) in ((6, 30), (12, 31))
    if grain == "quarter":
        return day.month in (3, 6, 9, 12) and day.day == last
    if grain == "month":
        return day.day == last
    if grain == "week":
        return day.weekday() == 6
    return True


class DateExpression(StrictModel):
    """A date, period, deadline or duration, with inclusive ISO bounds.

    ``grain`` says how precise the bounds are: a ``month`` runs from its 1st to its last
    day, a ``week`` from Monday to Sunday.

    >>> DateExpression(kind="deadline", end="2030-12-31", grain="year").end
    datetime.date(2030, 12, 31)
    """

    kind: DateKind = Field(
        description="point; interval; deadline (…까지); since (…부터); duration (5년간); "
        "relative (counted from the reference date: 3년 전, 다음 주)."
    )
    grain: Grain = Field(description="Precision of the bounds: day, week, month, quarter, half or year.")
    start: IsoDate | None = Field(default=None, description="First day covered (inclusive), when known.")
    end: IsoDate | None = Field(default=None, description="Last day covered (inclusive), when known.")
    duration: IsoDuration | None = Field(default=None, description="ISO 8601 duration where one is stated (P5Y).")
    resolved: bool = Field(
        default=False,
        description="True when a reference date (the publication date) was needed and used to fill in the bounds.",
    )
    approximate: bool = Field(default=False, description="True for 경/무렵/즈음 (’30년경).")
    partial: PartialDate | None = Field(
        default=None, description="What the text states when the bounds could not be resolved (no reference date)."
    )

    @field_validator("start")
    @classmethod
    def _start_fits_grain(cls, start: dt.date | None, info: ValidationInfo) -> dt.date | None:
        grain = info.data.get("grain")
        if start is not None and grain is not None and not _grain_start_ok(grain, start):
            raise ValueError(f"{start} does not begin a {grain}")
        return start

    @field_validator("end")
    @classmethod
    def _end_fits_grain(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        grain, start = info.data.get("grain"), info.data.get("start")
        if end is not None and start is not None and start > end:
            raise ValueError(f"end ({end}) is before start ({start})")
        if end is not None and grain is not None and not _grain_end_ok(grain, end):
            raise ValueError(f"{end} does not close a {grain}")
        return end

    @model_validator(mode="after")
    def _something_known(self) -> DateExpression:
        if self.kind == "duration" and self.duration is None:
            raise ValueError("duration: a date of kind 'duration' needs an ISO 8601 duration (P5Y)")
        known = (self.start, self.end, self.partial, self.duration)
        if self.resolved and all(part is None for part in known):
            raise ValueError("a resolved date needs start, end, duration or the partial date it resolved")
        return self


OrganizationType = Literal[
    "ministry",
    "government",
    "local_government",
    "agency",
    "company",
    "research_institute",
    "university",
    "association",
    "international",
    "foreign_government",
    "other",
]


class Organization(StrictModel):
    """An organisation, with one canonical name for all its spellings.

    >>> Organization(name="충북도", canonical="충청북도", type="local_government", country="KR").canonical
    '충청북도'
    """

    name: str = Field(min_length=1, description="The name as written in the text.")
    canonical: str = Field(min_length=1, description="One stable name for all spellings (충북 / 충북도 → 충청북도).")
    acronym: str | None = Field(default=None, description="Acronym, when known (OSTP, NSF, ISED).")
    type: OrganizationType = Field(description="What kind of body it is.")
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2 country, when known.")


class MentionMixin(StrictModel):
    """What every mention adds to its value: the span, and what the extractor was unsure of."""

    span: Span = Field(description="Where the mention was read.")
    warnings: list[str] = Field(default_factory=list, description="What the extractor was unsure about here.")


class MoneyMention(MentionMixin, Money):
    """An amount of money found in running text, with its span."""


class DateMention(MentionMixin, DateExpression):
    """A date expression found in running text, with its span."""


class OrganizationMention(MentionMixin, Organization):
    """An organisation found in running text, with the span of the name itself (no particles)."""
