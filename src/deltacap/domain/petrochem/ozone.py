"""Ozone cooperation around the bay (臭氧协同): per day of the ozone season, the bay cities'
O3 (the daily maximum 8-hour mean the air-quality evaluation computes, µg/m³) beside the
bay's VOCs (NMHC of the enterprises' outlets and of the fence-line stations).

The season is configuration (``petrochem/data/fence_line.json``, May to September by
default: the months in which ozone is the primary pollutant of the region's summer, as
commonly taken; the plan names no months). The bay's O3 of a day is the mean of its
cities' values of that day; the correlation is Pearson's over the days with both.
"""

from __future__ import annotations

import calendar
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta


def season(year: int, months: tuple[int, int], today: date | None = None) -> tuple[date, date]:
    """The first and last day of the year's ozone season: up to ``today`` when it falls
    inside the season, none (the last day before the first) when the season is still to
    come, the whole season once past."""
    first, last = months
    start = date(year, first, 1)
    end = date(year, last, calendar.monthrange(year, last)[1])
    if today is not None and today < start:
        return start, start - timedelta(days=1)
    if today is not None and today < end:
        end = today
    return start, end


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@dataclass(frozen=True)
class VocsDay:
    """The bay's VOCs of one day: the outlets' NMHC emission (kg) and mean concentration
    (mg/m³), the fence-line stations' mean and highest hourly NMHC (mg/m³) and their hours
    above the limit. None: no data."""

    outlet_kg: float | None = None
    outlet_mean: float | None = None
    fence_mean: float | None = None
    fence_highest: float | None = None
    fence_hours_above: int = 0


@dataclass(frozen=True)
class OzoneDay:
    day: date
    o3_8h: dict[str, float | None]  # per bay city (µg/m³)
    bay_o3_8h: float | None  # the mean of the cities' values
    vocs: VocsDay = field(default_factory=VocsDay)


def pair(
    span: list[date], o3: Mapping[date, Mapping[str, float | None]], cities: list[str],
    vocs: Mapping[date, VocsDay],
) -> list[OzoneDay]:  # fmt: skip
    """One row per day of ``span``: each city's O3 (None where it has none), their mean,
    and the day's VOCs."""
    rows = []
    for day in span:
        values = {city: o3.get(day, {}).get(city) for city in cities}
        known = [v for v in values.values() if v is not None]
        mean = statistics.fmean(known) if known else None
        rows.append(OzoneDay(day, values, mean, vocs.get(day, VocsDay())))
    return rows


def correlation(rows: list[OzoneDay], which: str = "fence_mean") -> float | None:
    """Pearson's r between the bay's O3 and one VOCs figure of ``VocsDay`` over the days
    with both (None with fewer than three such days or no variation)."""
    pairs = [
        (r.bay_o3_8h, getattr(r.vocs, which))
        for r in rows
        if r.bay_o3_8h is not None and getattr(r.vocs, which) is not None
    ]
    if len(pairs) < 3:
        return None
    try:
        return statistics.correlation([p[0] for p in pairs], [p[1] for p in pairs])
    except statistics.StatisticsError:
        return None
