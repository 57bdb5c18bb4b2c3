"""The bay's shared monitoring ("统一监测"): an outlet's hourly NMHC (or TVOC) means against
the strictest applicable limit, summed up per day: the daily mean of the valid hours, the
highest hourly mean, the hours above the limit and the gap of the daily mean to the limit.

HJ 212-2017 factor codes: a24088 非甲烷总烃 (NMHC, the
usual VOCs proxy); a99054 TVOC is seen in practice but not in the 2017 table as read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from deltacap.domain.petrochem.limits import Gap, gap

NMHC = "a24088"
TVOC = "a99054"
VOC_FACTORS = (NMHC, TVOC)
_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class DayFigure:
    day: date
    hours: int  # hours with a mean
    mean: Decimal  # mean of the hourly means (mg/m³)
    highest: Decimal  # highest hourly mean
    hours_above: int  # hours whose mean is above the limit
    gap: Gap | None  # the daily mean against the limit (None without a limit)


def days_of(
    hours: Iterable[tuple[datetime, float | Decimal | None]], limit: Decimal | None
) -> list[DayFigure]:
    """Per day (of the hour's start), from ``(hour, mean)`` pairs; hours without a mean are
    left out; days in order."""
    by_day: dict[date, list[Decimal]] = defaultdict(list)
    for hour, mean in hours:
        if mean is None:
            continue
        by_day[hour.date()].append(Decimal(repr(mean)) if isinstance(mean, float) else mean)
    out = []
    for day in sorted(by_day):
        values = by_day[day]
        mean = (sum(values, Decimal(0)) / len(values)).quantize(_PLACES)
        above = 0 if limit is None else sum(1 for v in values if v > limit)
        out.append(
            DayFigure(
                day=day,
                hours=len(values),
                mean=mean,
                highest=max(values).quantize(_PLACES),
                hours_above=above,
                gap=None if limit is None else gap(mean, limit),
            )
        )
    return out
