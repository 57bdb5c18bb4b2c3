"""AQI by HJ 633 of the version in force on the date of the data, over NumPy columns.

``aqi_columns`` rates whole columns at once (no Python loop per record); ``rate`` is the
per-record API over the same code. Concentrations in µg/m³ (CO mg/m³), NaN = missing.

Per record: the version in force on its date (``standard_on``); HJ 633-2026 §4.2.2 rounds
each concentration by GB/T 8170 first; each item the report rates gets its IAQI by 式(1),
rounded up (HJ 633-2012 §6.2, HJ 633-2026 §4.2.6); the >800 rules of each version; AQI =
max IAQI (式(2)), at least 1 under 2026 (§4.1.1); a missing item under 2026 leaves the AQI
unpublished ("NA") unless it is above 100 (§5.3.1); primary pollutants above 50, ties
listed; level, category and colour (表2 / 表1).

How: a column written to the places the network uses (µg/m³ to 0.1, CO mg/m³ to 0.01) is
rated by one table look-up per value, from a table of every such value's IAQI under each
version computed once in whole numbers; any other column by ``np.interp`` on floats. The
two give the same IAQI on every value of the grid (tested).
"""

from __future__ import annotations

import datetime as dt
import functools
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

    Away from a half this is rounding to the nearest (``np.rint``); only the values whose
    dropped part is within the tolerance of one half go through the half rule.
    """
    scale = 10.0**decimals
    scaled = values * scale if decimals else np.asarray(values, dtype=float)
    nearest = np.rint(scaled)
    # A superset of the half cases: one tolerance for all, that of the largest value.
    largest = 0.0
    if scaled.size:
        largest = max(abs(float(np.fmax.reduce(scaled))), abs(float(np.fmin.reduce(scaled))))
    tolerance = _HALF * max(1.0, largest)
    dropped = np.subtract(scaled, nearest)
    np.abs(dropped, out=dropped)
    near_half = dropped >= 0.5 - 2.0 * tolerance
    if near_half.any():
        nearest[near_half] = _round_half(scaled[near_half])
    nearest += 0.0  # −0.0 (np.rint of a small negative value) to 0.0, as floor + 1 gives
    if decimals:
        nearest /= scale
    return nearest


def _round_half(scaled: FloatArray) -> FloatArray:
    """GB/T 8170 on scaled values, a dropped part of one half (within tolerance) to even."""
    floor = np.floor(scaled)
    fraction = scaled - floor
    half = np.abs(fraction - 0.5) <= _HALF * np.maximum(1.0, np.abs(scaled))
    up = np.where(half, np.fmod(floor, 2.0) == 1.0, fraction > 0.5)
    result: FloatArray = floor + up
    return result


# Per item: the (standard, report) pairs that rate it, and its row of each version's table.
_RATED_BY: dict[str, tuple[tuple[bool, bool], ...]] = {
    item: tuple(
        (standard is Standard.HJ633_2026, report is Report.REALTIME)
        for (standard, report), items in t.RATED.items()
        if item in items
    )
    for item in ITEMS
}
_STEPS = np.array(t.IAQI_STEPS, dtype=float)
_TABLES: dict[str, tuple[FloatArray, FloatArray]] = {
    item: (
        np.array(t.BREAKPOINTS_2012[t.TABLE_ROW[item]], dtype=float),
        np.array(t.BREAKPOINTS_2026[t.TABLE_ROW[item]], dtype=float),
    )
    for item in ITEMS
}
_LEVEL_EDGES = np.array([level[0] for level in t.LEVELS[:-1]], dtype=float)
# The level of each AQI 0..IAQI_CAP, at index AQI + 1; index 0 (no AQI) is level 0.
_LEVEL_OF = np.concatenate(
    ([0], np.searchsorted(_LEVEL_EDGES, np.arange(t.IAQI_CAP + 1, dtype=float)) + 1)
).astype(np.int64)


def aqi_columns(
    dates: npt.NDArray[np.datetime64],
    realtime: BoolArray,
    inputs: Mapping[str, FloatArray],
    practice: Practice = Practice.STANDARD,
) -> AqiColumns:
    """Rate n records given as columns: ``dates`` (datetime64[D]), ``realtime`` (False =
    daily report) and one float column per item of ``ITEMS`` (absent = all missing).

    Only the items some record rates are computed; an item no record rates, or given by no
    column, has no IAQI (NaN) on every record.
    """
    n = len(dates)
    is_2026 = np.asarray(dates, dtype="datetime64[D]") >= np.datetime64(t.HJ633_2026_IN_FORCE)
    realtime = np.asarray(realtime, dtype=bool)
    raw = {
        item: np.asarray(inputs[item], dtype=float)
        for item in ITEMS
        if inputs.get(item) is not None
    }
    rated = _rated(is_2026, realtime, raw, practice)
    versions = _Versions(is_2026)
    nothing = np.full(n, np.nan)
    iaqi: dict[str, FloatArray] = {}
    missing: BoolArray | None = None
    aqi: FloatArray | None = None
    for item in ITEMS:
        rows = rated[item]
        if rows is None:
            iaqi[item] = nothing
            continue
        if item not in raw:
            iaqi[item] = nothing
            missing = rows.copy() if missing is None else missing | rows
            continue
        values = raw[item]
        iaqi[item] = _iaqi(item, values, versions, rows)
        if np.isnan(np.add.reduce(values)):  # NaN, or infinities: look record by record
            absent = rows & np.isnan(values)
            missing = absent if missing is None else missing | absent
        if aqi is None:
            aqi = iaqi[item].copy()
        else:
            np.fmax(aqi, iaqi[item], out=aqi)
    if aqi is None:
        aqi = nothing.copy()
    return _summed(versions, iaqi, aqi, missing, nothing)


def _summed(
    versions: _Versions,
    iaqi: dict[str, FloatArray],
    aqi: FloatArray,
    missing: BoolArray | None,
    nothing: FloatArray,
) -> AqiColumns:
    """From the highest IAQI of each record: the AQI's floor and publication rule, the
    primary pollutants and the level."""
    is_2026 = versions.is_2026
    if versions.any_2026:
        np.maximum(aqi, t.AQI_FLOOR[Standard.HJ633_2026], out=aqi, where=is_2026)
    if missing is not None and versions.any_2026:
        withheld = is_2026 & missing & ~(aqi > t.MISSING_PUBLISH_ABOVE)
        aqi[withheld] = np.nan
    above = aqi > t.PRIMARY_ABOVE
    primary = np.zeros((len(ITEMS), len(aqi)), dtype=bool)  # item-major: rows written whole
    for column, item in enumerate(ITEMS):
        if iaqi[item] is not nothing:
            np.equal(iaqi[item], aqi, out=primary[column])
            np.logical_and(primary[column], above, out=primary[column])
    index = np.fmax(aqi, -1.0)  # NaN (no AQI) to −1
    index += 1.0
    level = _LEVEL_OF.take(index.astype(np.intp))
    return AqiColumns(is_2026, iaqi, aqi, level, primary.T)


class _Versions:
    """The records' versions, with the tests every item would otherwise repeat."""

    def __init__(self, is_2026: BoolArray) -> None:
        self.is_2026 = is_2026
        count = int(np.count_nonzero(is_2026))
        self.any_2026 = count > 0
        self.all_2026 = count == len(is_2026)
        self._is_2012: BoolArray | None = None

    @property
    def is_2012(self) -> BoolArray:
        if self._is_2012 is None:
            self._is_2012 = ~self.is_2026
        return self._is_2012


def _rated(
    is_2026: BoolArray, realtime: BoolArray, raw: Mapping[str, FloatArray], practice: Practice
) -> dict[str, BoolArray | None]:
    """Which item each record rates (None: no record): its report's items, the practice,
    the >800 rules."""
    groups = {
        (new, live): (is_2026 if new else ~is_2026) & (realtime if live else ~realtime)
        for new in (False, True)
        for live in (False, True)
    }
    by_practice = groups[(False, True)] if practice is Practice.CNEMC_2012_REALTIME else None
    rated: dict[str, BoolArray | None] = {}
    for item in ITEMS:
        rows: BoolArray | None = None
        for group in _RATED_BY[item]:
            if by_practice is not None and group == (False, True):
                continue  # the practice replaces the text on these rows
            if groups[group].any():
                rows = groups[group] if rows is None else rows | groups[group]
        if by_practice is not None and item in t.CNEMC_2012_REALTIME_RATED and by_practice.any():
            rows = by_practice if rows is None else rows | by_practice
        rated[item] = rows
    # HJ 633-2012 表1 note (2): SO2 1 h above 800 is reported by its 24 h IAQI.
    so2_1h, so2_24h = rated["SO2_1h"], rated["SO2_24h"]
    if so2_1h is not None and "SO2_1h" in raw:
        so2_over = groups[(False, True)] & (raw["SO2_1h"] > t.ABOVE_800_LIMIT)
        if so2_over.any():
            rated["SO2_1h"] = so2_1h & ~so2_over
            rated["SO2_24h"] = so2_over if so2_24h is None else so2_24h | so2_over
    # HJ 633-2012 表1 note (3): no O3 8 h IAQI above 800 (the 1 h IAQI is reported).
    o3_8h = rated["O3_8h"]
    if o3_8h is not None and "O3_8h" in raw:
        o3_over = ~is_2026 & (raw["O3_8h"] > t.ABOVE_800_LIMIT)
        if o3_over.any():
            rated["O3_8h"] = o3_8h & ~o3_over
    return rated


def _iaqi(item: str, values: FloatArray, versions: _Versions, rated: BoolArray) -> FloatArray:
    """式(1) against the item's row of the record's version, rounded up; NaN where not rated.

    Under HJ 633-2026 the concentration is first rounded by GB/T 8170 (§4.2.2); the >800
    rules of 2026 give their fixed IAQI; NaN (a missing value) stays NaN. Concentrations
    written to at most ``_GRID_DECIMALS`` places are rated by table look-up (``_Grid``);
    others by interpolation: the two agree on every value of the grid.
    """
    exact = _iaqi_on_grid(item, values, versions)
    if exact is None:
        exact = _iaqi_interpolated(item, values, versions)
    over_800 = item in t.ABOVE_800_IAQI_2026 and versions.any_2026  # HJ 633-2026 表1 notes
    if over_800 and np.fmax.reduce(values, initial=-np.inf) > t.ABOVE_800_LIMIT:
        rows = np.flatnonzero(versions.is_2026 & (values > t.ABOVE_800_LIMIT))
        rounded = round_gbt8170(values[rows], t.ROUNDING_DECIMALS_2026[item])
        exact[rows[rounded > t.ABOVE_800_LIMIT]] = t.ABOVE_800_IAQI_2026[item]
    if not rated.all():
        exact[~rated] = np.nan
    return exact


def _iaqi_interpolated(item: str, values: FloatArray, versions: _Versions) -> FloatArray:
    """The IAQI of any concentrations: GB/T 8170 on the 2026 rows, then 式(1) by
    ``np.interp`` against the row of the record's version, rounded up past float noise."""
    is_2026 = versions.is_2026
    if versions.any_2026:
        rounded = round_gbt8170(values, t.ROUNDING_DECIMALS_2026[item])
        np.copyto(rounded, values, where=versions.is_2012)
        values = rounded
    table_2012, table_2026 = _TABLES[item]
    if np.array_equal(table_2012, table_2026) or not versions.any_2026:
        exact = _interpolate(values, table_2012)
    elif versions.all_2026:
        exact = _interpolate(values, table_2026)
    else:
        exact = np.where(
            is_2026, _interpolate(values, table_2026), _interpolate(values, table_2012)
        )
    # In place: cap, rounded up past float noise, at least 0; NaN stays NaN (missing value).
    np.minimum(exact, t.IAQI_CAP, out=exact)
    np.subtract(exact, _EPSILON, out=exact)
    np.ceil(exact, out=exact)
    np.maximum(exact, 0.0, out=exact)
    return exact


def _interpolate(values: FloatArray, breakpoints: FloatArray) -> FloatArray:
    """IAQI_Lo + (IAQI_Hi − IAQI_Lo)/(BP_Hi − BP_Lo) × (C − BP_Lo); the top IAQI above the row."""
    result: FloatArray = np.interp(values, breakpoints, _STEPS[: len(breakpoints)])
    return result


# Look-up grid: µg/m³ items to 0.1, CO (mg/m³) to 0.01: the places the national network and
# the members write; a column with finer values is rated by interpolation instead.
_GRID_DECIMALS: dict[str, int] = {item: 2 if item.startswith("CO") else 1 for item in ITEMS}
# A scaled value this close to a whole number is that grid value as written. Below the
# half-rule tolerance of ``_round_half`` (10⁻¹² of a unit of the rounding place, which is
# 10 grid units), so the grid reads a half exactly where the interpolation does.
_ON_GRID = 1e-11


@dataclass(frozen=True)
class _Grid:
    """The IAQI of every grid value 0..top of an item's row, under each version.

    ``iaqi[g]`` is the IAQI of the concentration g / 10^D under HJ 633-2012 and
    ``iaqi[g + offset]`` under HJ 633-2026 (GB/T 8170 to the item's places first), computed
    in whole numbers: 式(1) rounded up is I_lo + ⌈(I_hi − I_lo)(C − BP_lo) / (BP_hi − BP_lo)⌉.
    """

    scale: float
    top: float  # the top breakpoint in grid units
    offset: int
    iaqi: FloatArray


def _grid_iaqi(row: tuple[float, ...], units: npt.NDArray[np.int64], per_unit: int) -> FloatArray:
    """Exact 式(1) rounded up of the concentrations ``units`` / ``per_unit`` against ``row``."""
    limits = np.array([round(b * per_unit) for b in row], dtype=np.int64)
    assert np.array_equal(limits, np.array(row) * per_unit)  # whole breakpoints in the grid
    steps = np.array(t.IAQI_STEPS[: len(row)], dtype=np.int64)
    upper = np.clip(np.searchsorted(limits, units, side="left"), 1, len(row) - 1)
    lo, hi = limits[upper - 1], limits[upper]
    rise = (steps[upper] - steps[upper - 1]) * (np.minimum(units, hi) - lo)
    iaqi = steps[upper - 1] - (-rise // (hi - lo))  # ceiling division of whole numbers
    return np.minimum(iaqi, t.IAQI_CAP).astype(float)


@functools.cache
def _grid(item: str) -> _Grid:
    places = _GRID_DECIMALS[item]
    per_unit = 10**places
    row_2012 = t.BREAKPOINTS_2012[t.TABLE_ROW[item]]
    row_2026 = t.BREAKPOINTS_2026[t.TABLE_ROW[item]]
    assert row_2012[-1] == row_2026[-1]
    top = round(row_2012[-1] * per_unit)
    units = np.arange(top + 1, dtype=np.int64)
    # GB/T 8170 to the item's places (§4.2.2) on whole grid units: a half to the even digit.
    step = 10 ** (places - t.ROUNDING_DECIMALS_2026[item])
    quotient, remainder = np.divmod(units, step)
    up = (remainder * 2 > step) | ((remainder * 2 == step) & (quotient % 2 == 1))
    rounded = quotient + up
    iaqi = np.concatenate(
        (
            _grid_iaqi(row_2012, units, per_unit),
            _grid_iaqi(row_2026, rounded, per_unit // step),
        )
    )
    return _Grid(float(per_unit), float(top), top + 1, iaqi)


def _iaqi_on_grid(item: str, values: FloatArray, versions: _Versions) -> FloatArray | None:
    """The IAQI by look-up, or None when some value is not on the item's grid."""
    grid = _grid(item)
    units = values * grid.scale
    np.clip(units, 0.0, grid.top, out=units)  # below 0: IAQI 0; above the row: its top
    whole = np.rint(units)
    off = np.subtract(units, whole, out=units)
    np.abs(off, out=off)
    if not np.fmax.reduce(off, initial=0.0) <= _ON_GRID:  # NaN (missing) is skipped here
        return None
    missing = np.isnan(whole) if np.isnan(np.add.reduce(whole)) else None
    if missing is not None:
        whole[missing] = 0.0
    index = whole.astype(np.intp)
    if versions.any_2026:
        np.add(index, grid.offset, out=index, where=versions.is_2026)
    exact: FloatArray = grid.iaqi.take(index, mode="clip")  # in range: clipped above
    if missing is not None:
        exact[missing] = np.nan
    return exact
