"""AQI by HJ 633 of the version in force on the date of the data, over NumPy columns.

``aqi_columns`` rates whole columns at once (no Python loop per record); ``rate`` is the
per-record API over the same code. Concentrations in µg/m³ (CO mg/m³), NaN = missing.

Per record: the version in force on its date (``standard_on``); HJ 633-2026 §4.2.2 rounds
each concentration by GB/T 8170 first; each item the report rates gets its IAQI by 式(1),
rounded up (HJ 633-2012 §6.2, HJ 633-2026 §4.2.6); the >800 rules of each version; AQI =
max IAQI (式(2)), at least 1 under 2026 (§4.1.1); a missing item under 2026 leaves the AQI
unpublished ("NA") unless it is above 100 (§5.3.1); primary pollutants above 50, ties
listed; level, category and colour (表2 / 表1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from deltacap.domain.air import tables as t
from deltacap.domain.air.tables import ITEMS, Report, Standard

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_EPSILON = 1e-9  # float noise below this never lifts an exact IAQI to the next integer
_HALF = 1e-12  # relative: a scaled value this close to k + 0.5 is a half as written in decimal


class Practice(StrEnum):
    """How a record is rated: the standard's text (default) or a named published practice."""

    STANDARD = "standard"
    # The national centre's 2012-era real-time releases: hourly PM against the 24 h rows, no
    # O3 8 h. Applies to HJ 633-2012 real-time records only; other records follow the text.
    CNEMC_2012_REALTIME = "cnemc-2012-realtime"


def standard_on(day: dt.date) -> Standard:
    """The version of HJ 633 in force on ``day`` (HJ 633-2026 from 2026-03-01)."""
    return Standard.HJ633_2026 if day >= t.HJ633_2026_IN_FORCE else Standard.HJ633_2012


@dataclass(frozen=True)
class AqiColumns:
    """The ratings of n records: IAQI per item and AQI as floats (NaN = none)."""

    is_2026: BoolArray
    iaqi: dict[str, FloatArray]
    aqi: FloatArray  # NaN where not published
    level: npt.NDArray[np.int64]  # 1-6, 0 where not published
    primary: BoolArray  # (n, len(ITEMS)): the item is a primary pollutant of the record

    def standards(self) -> list[str]:
        return np.where(self.is_2026, Standard.HJ633_2026.value, Standard.HJ633_2012.value).tolist()


def round_gbt8170(values: FloatArray, decimals: int) -> FloatArray:
    """``values`` rounded to ``decimals`` places by GB/T 8170 (进舍规则).

    A dropped part of exactly one half (as the value is written in decimal) keeps an even
    last digit; more than a half rounds up. ``round()`` and ``np.round`` work on the binary
    value, where 0.15 is a little below one half: GB/T 8170 gives 0.2, ``round`` 0.1.
    """
    scaled = values * 10.0**decimals
    floor = np.floor(scaled)
    fraction = scaled - floor
    half = np.abs(fraction - 0.5) <= _HALF * np.maximum(1.0, np.abs(scaled))
    up = np.where(half, np.fmod(floor, 2.0) == 1.0, fraction > 0.5)
    result: FloatArray = (floor + up) / 10.0**decimals
    return result


def aqi_columns(
    dates: npt.NDArray[np.datetime64],
    realtime: BoolArray,
    inputs: Mapping[str, FloatArray],
    practice: Practice = Practice.STANDARD,
) -> AqiColumns:
    """Rate n records given as columns: ``dates`` (datetime64[D]), ``realtime`` (False =
    daily report) and one float column per item of ``ITEMS`` (absent = all missing)."""
    n = len(dates)
    is_2026 = np.asarray(dates, dtype="datetime64[D]") >= np.datetime64(t.HJ633_2026_IN_FORCE)
    realtime = np.asarray(realtime, dtype=bool)
    values = _concentrations(inputs, is_2026, n)
    rated = _rated(is_2026, realtime, values, practice)
    iaqi = {item: _iaqi(item, values[item], is_2026, rated[item]) for item in ITEMS}
    matrix = np.column_stack([iaqi[item] for item in ITEMS])
    missing = np.zeros(n, dtype=bool)
    for item in ITEMS:
        missing |= rated[item] & np.isnan(values[item])
    aqi: FloatArray = np.fmax.reduce(matrix, axis=1)
    aqi = np.where(is_2026, np.maximum(aqi, t.AQI_FLOOR[Standard.HJ633_2026]), aqi)
    withheld = is_2026 & missing & ~(aqi > t.MISSING_PUBLISH_ABOVE)
    aqi = np.where(withheld, np.nan, aqi)
    primary = (matrix == aqi[:, None]) & (aqi > t.PRIMARY_ABOVE)[:, None]
    edges = np.array([level[0] for level in t.LEVELS[:-1]], dtype=float)
    level = np.where(np.isnan(aqi), 0, np.searchsorted(edges, np.nan_to_num(aqi)) + 1)
    return AqiColumns(is_2026, iaqi, aqi, level.astype(np.int64), primary)


def _concentrations(
    inputs: Mapping[str, FloatArray], is_2026: BoolArray, n: int
) -> dict[str, FloatArray]:
    """Each item's column as floats; rounded by GB/T 8170 under 2026 (§4.2.2)."""
    values = {}
    for item in ITEMS:
        column = np.array(inputs.get(item, np.full(n, np.nan)), dtype=float)  # a copy
        column[is_2026] = round_gbt8170(column[is_2026], t.ROUNDING_DECIMALS_2026[item])
        values[item] = column
    return values


def _rated(
    is_2026: BoolArray, realtime: BoolArray, values: dict[str, FloatArray], practice: Practice
) -> dict[str, BoolArray]:
    """Which item each record rates: its report's items, the practice, the >800 rules."""
    by_practice = ~is_2026 & realtime & (practice is Practice.CNEMC_2012_REALTIME)
    rated = {item: np.zeros(len(is_2026), dtype=bool) for item in ITEMS}
    for (standard, report), items in t.RATED.items():
        rows = (is_2026 == (standard is Standard.HJ633_2026)) & (
            realtime == (report is Report.REALTIME)
        )
        for item in items:
            rated[item] |= rows & ~by_practice
    for item in t.CNEMC_2012_REALTIME_RATED:
        rated[item] |= by_practice
    # HJ 633-2012 表1 note (2): SO2 1 h above 800 is reported by its 24 h IAQI.
    so2_over = ~is_2026 & realtime & (values["SO2_1h"] > t.ABOVE_800_LIMIT)
    rated["SO2_1h"] &= ~so2_over
    rated["SO2_24h"] |= so2_over
    # HJ 633-2012 表1 note (3): no O3 8 h IAQI above 800 (the 1 h IAQI is reported).
    rated["O3_8h"] &= ~(~is_2026 & (values["O3_8h"] > t.ABOVE_800_LIMIT))
    return rated


def _iaqi(item: str, values: FloatArray, is_2026: BoolArray, rated: BoolArray) -> FloatArray:
    """式(1) against the item's row of the record's version, rounded up; NaN where not rated."""
    row = t.TABLE_ROW[item]
    exact = np.where(
        is_2026,
        _interpolate(values, t.BREAKPOINTS_2026[row]),
        _interpolate(values, t.BREAKPOINTS_2012[row]),
    )
    if item in t.ABOVE_800_IAQI_2026:  # HJ 633-2026 表1 notes: counts as 200 / 300
        over = is_2026 & (values > t.ABOVE_800_LIMIT)
        exact = np.where(over, t.ABOVE_800_IAQI_2026[item], exact)
    rounded = np.ceil(np.minimum(exact, t.IAQI_CAP) - _EPSILON)
    result: FloatArray = np.where(rated & ~np.isnan(values), np.maximum(rounded, 0.0), np.nan)
    return result


def _interpolate(values: FloatArray, breakpoints: tuple[float, ...]) -> FloatArray:
    """IAQI_Lo + (IAQI_Hi − IAQI_Lo)/(BP_Hi − BP_Lo) × (C − BP_Lo); the top IAQI above the row."""
    steps = t.IAQI_STEPS[: len(breakpoints)]
    result: FloatArray = np.interp(values, breakpoints, steps)
    return result
