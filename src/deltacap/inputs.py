"""The API's input types: every schema, path and query parameter of /api/v1 takes its
values through these, so that one rule holds everywhere (``deltacap.domain.input_rules``
says what the rules are; page forms and the Excel import apply the same rules).

Ready-made types:

- ``Id``: a record's number, 1 to 2^63 - 1 (what the database stores); an int, or ASCII
  digits in a path or query. Never ``true``.
- ``Offset``: records to skip, 0 to 10^9. ``Year``: 1990 to 2100.
- ``Day``: a date from 1990 to 2100. ``Moment``: a date and time from 1970 to 2999 (a
  filter may reach far ahead; a moment without an offset is China time).
- ``Tonnes`` (at most 3 decimals: the kilogram), ``Yuan`` (2 decimals: the fen),
  ``Percent``: exact decimals in a declared range, never rounded, never -0.
- ``Code``: letters, digits and ``_ . -`` (codes of periods, divisions, pollutants ...).
- ``Longitude``, ``Latitude``: WGS-84 degrees inside the Yangtze River Delta's box (113 to
  124 east, 26.5 to 36 north), at most 6 decimals.

Built to measure, as ``Annotated`` metadata:

- ``Annotated[str, Text(n)]`` one line, ``Annotated[str, Note(n)]`` several lines: at
  most ``n`` characters, no control characters, not invisible only.
- ``Annotated[int, Whole(lower, upper)]``, ``Annotated[int, Limit(n)]`` (1 to ``n``).
- ``Annotated[Decimal, Measure(upper, places)]``: a decimal from 0 (or ``lower=``) to
  ``upper``.

Errors are pydantic errors whose type names the rule (``number_places``, ``text_control``
...); ``deltacap.web.errors`` words them in the request's language, with the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

import annotated_types
from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.input_rules import BadInput, decimal_of, text_fault, whole_number_of

MAX_ID = 2**63 - 1
MAX_OFFSET = 10**9
FIRST_YEAR, LAST_YEAR = 1990, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
FIRST_MOMENT = datetime(1970, 1, 1, tzinfo=UTC)
LAST_MOMENT = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
MAX_TONNES = Decimal(100_000_000)
MAX_YUAN = Decimal(10_000_000)
CODE_PATTERN = r"^[A-Za-z0-9_.\-]+$"

_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_MOMENT_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)


def _pydantic(error: BadInput) -> PydanticCustomError:
    fault = error.fault
    return PydanticCustomError(fault.code, fault.template, fault.params)


@dataclass(frozen=True)
class Whole(annotated_types.GroupedMetadata):
    """An int from ``lower`` to ``upper``: a JSON integer, or ASCII digits as text."""

    lower: int
    upper: int
    description: str = ""

    def parse(self, value: object) -> int:
        try:
            return whole_number_of(value, lower=self.lower, upper=self.upper)
        except BadInput as error:
            raise _pydantic(error) from None

    def __iter__(self) -> Iterator[Any]:
        schema: dict[str, Any] = {"type": "integer", "minimum": self.lower, "maximum": self.upper}
        if self.description:
            schema["description"] = self.description
        yield BeforeValidator(self.parse)
        yield WithJsonSchema(schema)


def Limit(upper: int) -> Whole:  # noqa: N802 - reads as a type at the use site
    """How many records to return: 1 to ``upper``."""
    return Whole(1, upper, f"how many records, 1 to {upper}")


@dataclass(frozen=True)
class Measure(annotated_types.GroupedMetadata):
    """An exact decimal from ``lower`` (0 unless told) to ``upper`` with at most ``places``
    decimals."""

    upper: Decimal | int
    places: int
    description: str = ""
    lower: Decimal | int = 0

    def parse(self, value: object) -> Decimal:
        try:
            return decimal_of(
                value, places=self.places, lower=Decimal(self.lower), upper=Decimal(self.upper)
            )
        except BadInput as error:
            raise _pydantic(error) from None

    def __iter__(self) -> Iterator[Any]:
        top, bottom = Decimal(self.upper), Decimal(self.lower)
        yield BeforeValidator(self.parse)
        yield WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "minimum": float(bottom), "maximum": float(top)},
                    {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
                ],
                "description": self.description
                or f"a number from {bottom} to {top}, at most {self.places} decimals",
            }
        )


def _text_check(multiline: bool) -> AfterValidator:
    def check(value: str) -> str:
        fault = text_fault(value, multiline=multiline)
        if fault is not None:
            raise PydanticCustomError(fault.code, fault.template, fault.params)
        return value

    return AfterValidator(check)


@dataclass(frozen=True)
class Text(annotated_types.GroupedMetadata):
    """One line of text, at most ``max_length`` characters (see the module's rules)."""

    max_length: int
    multiline: bool = False

    def __iter__(self) -> Iterator[Any]:
        yield annotated_types.MaxLen(self.max_length)
        yield _text_check(self.multiline)


def Note(max_length: int) -> Text:  # noqa: N802 - reads as a type at the use site
    """Text of several lines (tabs and line breaks allowed), at most ``max_length``."""
    return Text(max_length, multiline=True)


def _day(value: object) -> object:
    if isinstance(value, datetime) or not isinstance(value, date | str):
        raise PydanticCustomError("date_parsing", "Enter a date as YYYY-MM-DD.")
    if isinstance(value, str) and not _DAY_TEXT.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Enter a date as YYYY-MM-DD.")
    return value


def _day_in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_range",
            "Enter a date from {first} to {last}.",
            {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )
    return value


def _moment(value: object) -> object:
    if not isinstance(value, datetime | str) or (
        isinstance(value, str) and not _MOMENT_TEXT.fullmatch(value)
    ):
        raise PydanticCustomError("datetime_parsing", "Enter a date and time as YYYY-MM-DDThh:mm.")
    return value


def _moment_in_range(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=CHINA_STANDARD_TIME)
    if not FIRST_MOMENT <= value <= LAST_MOMENT:
        raise PydanticCustomError(
            "date_range",
            "Enter a date from {first} to {last}.",
            {"first": "1970-01-01", "last": "2999-12-31"},
        )
    return value


Id = Annotated[int, Whole(1, MAX_ID, "a record's number")]
Offset = Annotated[int, Whole(0, MAX_OFFSET, "how many records to skip")]
Year = Annotated[int, Whole(FIRST_YEAR, LAST_YEAR, "a calendar year, 1990 to 2100")]
Month = Annotated[int, Whole(1, 12, "a month of the year, 1 to 12")]
Tonnes = Annotated[
    Decimal, Measure(MAX_TONNES, 3, "tonnes: 0 to 100,000,000, at most 3 decimals (kilograms)")
]
Yuan = Annotated[Decimal, Measure(MAX_YUAN, 2, "yuan: 0 to 10,000,000, at most 2 decimals")]
Percent = Annotated[Decimal, Measure(100, 3, "a percentage: 0 to 100, at most 3 decimals")]
Day = Annotated[date, BeforeValidator(_day), AfterValidator(_day_in_range)]
Moment = Annotated[datetime, BeforeValidator(_moment), AfterValidator(_moment_in_range)]
# A position in the Yangtze River Delta (WGS-84 degrees east and north, to 1e-6°: about
# 0.1 m): the three provinces and Shanghai lie within this box with a margin.
LONGITUDE_RANGE = (Decimal(113), Decimal(124))
LATITUDE_RANGE = (Decimal("26.5"), Decimal(36))
Longitude = Annotated[
    Decimal,
    Measure(LONGITUDE_RANGE[1], 6, "degrees east (WGS-84), 113 to 124", lower=LONGITUDE_RANGE[0]),
]
Latitude = Annotated[
    Decimal,
    Measure(LATITUDE_RANGE[1], 6, "degrees north (WGS-84), 26.5 to 36", lower=LATITUDE_RANGE[0]),
]
Code = Annotated[str, StringConstraints(max_length=40, pattern=CODE_PATTERN)]
# A code, or empty for "none" (a region-wide price has no member).
BlankOrCode = Annotated[str, StringConstraints(max_length=40, pattern=r"^[A-Za-z0-9_.\-]*$")]
