"""Quantities of the registry: rights in whole kilograms per year, money in whole fen.

Rights are stored as ``int`` kilograms per year (accounting.md §6.7: "t/a, stored as
integer kg/a"); tonnes appear only at the edges (forms, API, reports) and convert
exactly. Money is ``int`` fen (1 yuan = 100 fen); prices are fen per tonne.

Times are passed in, never read: rules take timezone-aware datetimes and compare
validity dates in China Standard Time (UTC+8, no daylight saving), the calendar of
every member.
"""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from deltacap.domain.input_rules import is_number_text
from deltacap.domain.rights.errors import (
    AmountNotValid,
    NaiveDatetime,
    NotWholeKilograms,
    QuantityNotPositive,
)

KG_PER_TONNE = 1000
FEN_PER_YUAN = 100
CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def require_positive_kg(kg: object, field: str = "quantity_kg", unit: str = "kilograms") -> int:
    """``kg`` if it is an ``int`` above zero. Raises QuantityNotPositive otherwise."""
    if isinstance(kg, bool) or not isinstance(kg, int) or kg <= 0:
        raise QuantityNotPositive(field=field, unit=unit, got=kg)
    return kg


def require_fen(fen: object, field: str, *, positive: bool = True) -> int:
    """``fen`` if it is an ``int`` (above zero when ``positive``). Raises AmountNotValid."""
    floor = 1 if positive else 0
    if isinstance(fen, bool) or not isinstance(fen, int) or fen < floor:
        expected = "a whole number of fen above zero" if positive else "a whole number of fen"
        raise AmountNotValid(field=field, expected=expected, got=fen)
    return fen


def kg_from_tonnes(tonnes: Decimal | int | str, field: str = "tonnes") -> int:
    """Exact kilograms of ``tonnes`` (at most three decimals, above zero).

    Raises NotWholeKilograms for a fraction of a kilogram or a value that is not a
    number, QuantityNotPositive for zero or less. Nothing is rounded: a right is never
    created or lost at the edge.
    """
    if isinstance(tonnes, str) and not is_number_text(tonnes):
        raise NotWholeKilograms(field=field, got=tonnes)
    try:
        value = Decimal(tonnes) if not isinstance(tonnes, Decimal) else tonnes
        kg = value * KG_PER_TONNE
        whole = kg == kg.to_integral_value()
    except (InvalidOperation, ValueError, TypeError):
        raise NotWholeKilograms(field=field, got=tonnes) from None
    if not value.is_finite() or not whole:
        raise NotWholeKilograms(field=field, got=tonnes)
    return require_positive_kg(int(kg), field)


def tonnes_from_kg(kg: int) -> Decimal:
    """``kg`` in tonnes, exactly, with three decimals (for display and the API)."""
    return (Decimal(kg) / KG_PER_TONNE).quantize(Decimal("0.001"))


def value_fen(kg: int, fen_per_tonne: int, years: int = 1) -> int:
    """Money for ``kg`` at ``fen_per_tonne`` (per year, times ``years``), in whole fen.

    Rounded half up to the fen (commercial rounding): kg × price / 1000 is exact to
    a thousandth of a fen before rounding. Inputs are non-negative integers.
    """
    thousandths = kg * fen_per_tonne * years
    return (2 * thousandths + KG_PER_TONNE) // (2 * KG_PER_TONNE)


def fen_from_yuan(yuan: Decimal | int | str, field: str = "price_yuan") -> int:
    """Exact fen of ``yuan`` (at most two decimals, zero or more). Raises AmountNotValid."""
    if isinstance(yuan, str) and not is_number_text(yuan):
        raise AmountNotValid(field=field, expected="yuan to at most two decimals", got=yuan)
    try:
        fen = Decimal(yuan) * FEN_PER_YUAN
        whole = fen.is_finite() and fen == fen.to_integral_value() and fen >= 0
    except (InvalidOperation, ValueError, TypeError):
        whole = False
    if not whole:
        raise AmountNotValid(field=field, expected="yuan to at most two decimals", got=yuan)
    return int(fen)


def floor_kg(kg: Fraction) -> int:
    """Whole kilograms at or below ``kg``: never a kilogram that was not computed."""
    return kg.numerator // kg.denominator


def require_aware(at: datetime, field: str) -> datetime:
    """``at`` if it carries a time zone. Raises NaiveDatetime otherwise."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveDatetime(field=field, got=at.isoformat())
    return at


def local_day(at: datetime, field: str = "at") -> date:
    """The calendar day of ``at`` in China Standard Time (validity dates are local)."""
    return require_aware(at, field).astimezone(CHINA_STANDARD_TIME).date()
