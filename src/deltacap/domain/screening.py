"""Screening of HJ 212 values before they count: the field's data type, a plausible range. Pure.

The codec accepts any number a value field may hold as text (``-?digits[.digits]``), so
a device can send ``w21003-Avg=`` with 60 nines and be answered 9014 as the standard
requires. Such a value is stored as sent (the raw archive keeps every packet) but
flagged ``suspect``, and the roll-ups read a suspect value's record as invalid
(``domain.emissions.SUSPECT_FLAG``): it never reaches hourly, daily or annual totals,
exceedances or the year-end reconciliation.

A factor's values (``-Rtd``, ``-Min``, ``-Avg``, ``-Max`` and the amount ``-Cou``, the
items the store keeps) are screened twice, as numbers (doubles, as the store keeps them):

1. ``Suspect.TYPE``, beyond the data type of the field. HJ 212-2017 Annex B gives each
   factor a numeric type ``N<m>.<n>`` (at most ``m`` digits before the point and ``n``
   after, e.g. N4.2 for NH3-N w21003), so a measured value of magnitude ``10**m`` or more
   cannot be a value of the field. ``-Cou``, and factors without a type, have the type
   every value field had in HJ/T 212-2005, N14.2 ([V-2nd]: as xiaoyao9184/hj-t212-parser
   validates 2005 packets). More digits after the point than ``n`` are not flagged:
   devices commonly send them, and they change nothing that counts.
2. ``Suspect.RANGE``, outside the factor's plausible range: configuration data
   (``monitoring/data/plausible_ranges.json``, each entry with its source), passed in as
   :class:`PlausibleRange` values; a bound that is None is not checked.

The store applies the same limits to whole columns at once (``monitoring/screening.py``);
the tests compare it with :meth:`Screen.judge` value by value.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from deltacap.domain.hj212.pollutants import POLLUTANTS

MEASURED_ITEMS = ("Rtd", "Min", "Avg", "Max")  # in the factor's unit
AMOUNT_ITEM = "Cou"  # kg of a pollutant, m3 of a flow, over the record's interval
WIDEST_DIGITS = 14  # HJ/T 212-2005: every value field N14.2 ([V-2nd], see above)
_DATA_TYPE = re.compile(r"N([0-9]+)(?:\.([0-9]+))?")


class Suspect(enum.StrEnum):
    """Why a stored value was kept out of every total."""

    TYPE = "type"  # beyond the data type of its field (HJ 212-2017 Annex B)
    RANGE = "range"  # outside the factor's plausible range (configuration)


@dataclass(frozen=True, slots=True)
class PlausibleRange:
    """Bounds of one factor, inclusive; None leaves a side open.

    ``low``/``high`` bound the measured values (``-Rtd``, ``-Min``, ``-Avg``, ``-Max``) in
    the factor's Annex B unit; ``amount_low``/``amount_high`` bound ``-Cou``.
    """

    low: Decimal | None = None
    high: Decimal | None = None
    amount_low: Decimal | None = None
    amount_high: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FactorLimits:
    """One factor's limits as the store compares them (doubles; bounds inclusive).

    A measured value's magnitude must stay below ``measured_below`` (``10**m`` of its data
    type), the amount's below ``amount_below``; None bounds are not checked.
    """

    measured_below: float
    amount_below: float
    low: float | None = None
    high: float | None = None
    amount_low: float | None = None
    amount_high: float | None = None


def integer_digits(data_type: str | None) -> int:
    """Digits allowed before the point by an Annex B type such as ``N5.1`` (5); the widest
    type's 14 for None or an empty type."""
    found = _DATA_TYPE.fullmatch(data_type or "")
    return int(found.group(1)) if found else WIDEST_DIGITS


def _float(bound: Decimal | None) -> float | None:
    return None if bound is None else float(bound)


def _outside(value: float, low: float | None, high: float | None) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


class Screen:
    """The screening of one deployment: Annex B's data types and the configured ranges."""

    def __init__(self, ranges: Mapping[str, PlausibleRange] | None = None) -> None:
        self.ranges = dict(ranges or {})

    def limits(self, factor: str) -> FactorLimits:
        """The limits of ``factor`` (a 2017 code; an unknown code has the widest type)."""
        entry = POLLUTANTS.get(factor)
        bounds = self.ranges.get(factor, PlausibleRange())
        return FactorLimits(
            measured_below=10.0 ** integer_digits(entry.data_format if entry else None),
            amount_below=10.0**WIDEST_DIGITS,
            low=_float(bounds.low),
            high=_float(bounds.high),
            amount_low=_float(bounds.amount_low),
            amount_high=_float(bounds.amount_high),
        )

    def judge(self, factor: str, items: Mapping[str, str]) -> Suspect | None:
        """Why the values ``items`` (``{"Avg": "35.2", "Cou": "44.0", ...}`` as sent, numbers
        the codec checked) of ``factor`` may not count, or None when they may."""
        limits = self.limits(factor)
        measured = [float(text) for text in map(items.get, MEASURED_ITEMS) if text is not None]
        text = items.get(AMOUNT_ITEM)
        amount = None if text is None else float(text)
        if any(abs(v) >= limits.measured_below for v in measured) or (
            amount is not None and abs(amount) >= limits.amount_below
        ):
            return Suspect.TYPE
        if any(_outside(v, limits.low, limits.high) for v in measured) or (
            amount is not None and _outside(amount, limits.amount_low, limits.amount_high)
        ):
            return Suspect.RANGE
        return None
