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


_real_dates: dict[str, bool] = {}
_DATE_CACHE_LIMIT = 4096  # distinct YYYYMMDD remembered; a receiver sees a few a day


def check_timestamp(value: str, field: str, digits: tuple[int, ...] = (14, 17)) -> None:
    """Raise Hj212TimeError exactly when ``parse_timestamp`` would, without building a datetime.

    The time of day is checked by comparing digit pairs and the date by a cache of real
    dates; anything this does not plainly accept goes to ``parse_timestamp`` for its error.
    """
    size = len(value)
    if (
        (size == 14 or size == 17)
        and size in digits
        and value.isascii()
        and value.isdigit()
        and value[8:10] < "24"
        and value[10:12] < "60"
        and value[12:14] < "60"
    ):
        day = value[:8]
        real = _real_dates.get(day)
        if real is None:
            real = _is_real_date(day)
        if real:
            return
    parse_timestamp(value, field, digits)


def _is_real_date(day: str) -> bool:
    try:
        datetime(int(day[0:4]), int(day[4:6]), int(day[6:8]))
    except ValueError:
        real = False
    else:
        real = True
    if len(_real_dates) < _DATE_CACHE_LIMIT:
        _real_dates[day] = real
    return real


def parse_timestamp(value: str, field: str, digits: tuple[int, ...] = (14, 17)) -> datetime:
    """``YYYYMMDDhhmmss`` (14 digits) or ``YYYYMMDDhhmmsszzz`` (17, milliseconds) as a datetime.

    ``digits`` lists the widths accepted for this field. Raises Hj212TimeError
    naming ``field`` when the width is wrong or the date does not exist.
    """
    size = len(value)
    if size not in digits or not (value.isascii() and value.isdigit()):
        expected = " or ".join(str(d) for d in digits)
        raise e.Hj212TimeError(e.TIME_SHAPE, field=field, expected=expected, got=value)
    # ISO 8601 basic format, read in C: YYYYMMDDThhmmss[.fff]. Hour 24 is refused first
    # because newer Pythons read "24:00:00" as the next midnight.
    try:
        if size == 14 and value[8:10] < "24":
            return datetime.fromisoformat(f"{value[:8]}T{value[8:]}")
        if size == 17 and value[8:10] < "24":
            return datetime.fromisoformat(f"{value[:8]}T{value[8:14]}.{value[14:]}")
        return _by_fields(value)
    except ValueError:
        raise e.Hj212TimeError(e.TIME_INVALID, field=field, got=value) from None


def _by_fields(value: str) -> datetime:
    """The timestamp read field by field (hour 24 and widths other than 14 and 17)."""
    millisecond = int(value[14:17]) if len(value) == 17 else 0
    return datetime(
        int(value[0:4]),
        int(value[4:6]),
        int(value[6:8]),
        int(value[8:10]),
        int(value[10:12]),
        int(value[12:14]),
        millisecond * 1000,
    )
