"""Value formats of HJ 212-2017 6.3.3: numbers, whole numbers and timestamps.

Values stay strings in a message (exactly as sent); these helpers check them and
turn them into ``Decimal`` and ``datetime`` on request. Times are naive: the
standard writes local time (China Standard Time by convention) without a zone.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from deltacap.domain.hj212 import errors as e

# 6.3.3, data type N<m>.<n>: optional minus, digits, optional fraction. No exponent, no '+'.
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
WHOLE_NUMBER = re.compile(r"[0-9]+")


def to_decimal(value: str, *, field: str = "value") -> Decimal:
    """``value`` as a Decimal. Raises Hj212ValueError unless it is a plain decimal number."""
    if NUMBER.fullmatch(value) is None:
        raise e.Hj212ValueError(e.NOT_A_NUMBER, field=field, got=value)
    return Decimal(value)


def check_number(value: str, field: str) -> None:
    """Raise Hj212ValueError unless ``value`` is a decimal number such as ``-12.5``."""
    if NUMBER.fullmatch(value) is None:
        raise e.Hj212ValueError(e.NOT_A_NUMBER, field=field, got=value)


def check_whole_number(value: str, field: str) -> None:
    """Raise Hj212ValueError unless ``value`` is a whole number such as ``30``."""
    if WHOLE_NUMBER.fullmatch(value) is None:
        raise e.Hj212ValueError(e.NOT_AN_INTEGER, field=field, got=value)


def parse_timestamp(value: str, field: str, digits: tuple[int, ...] = (14, 17)) -> datetime:
    """``YYYYMMDDhhmmss`` (14 digits) or ``YYYYMMDDhhmmsszzz`` (17, milliseconds) as a datetime.

    ``digits`` lists the widths accepted for this field. Raises Hj212TimeError
    naming ``field`` when the width is wrong or the date does not exist.
    """
    if len(value) not in digits or not (value.isascii() and value.isdigit()):
        expected = " or ".join(str(d) for d in digits)
        raise e.Hj212TimeError(e.TIME_SHAPE, field=field, expected=expected, got=value)
    millisecond = int(value[14:17]) if len(value) == 17 else 0
    try:
        return datetime(
            int(value[0:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[8:10]),
            int(value[10:12]),
            int(value[12:14]),
            millisecond * 1000,
        )
    except ValueError:
        raise e.Hj212TimeError(e.TIME_INVALID, field=field, got=value) from None
