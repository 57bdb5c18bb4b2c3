"""City evaluation by HJ 663 against GB 3095 of the version in force, per month or year, per
city, member and region, with the ranking of each period.

>>> from deltacap.domain.air import daily, evaluation
>>> cities = daily.city_days(daily.station_days(observations))
>>> rows = evaluation.evaluate(cities, Period.YEAR, members={"320100": "320000", ...})

Per city and period (HJ 663-2013 [V-2nd], standards.md §2.4): the mean of the daily means of
SO2, NO2, PM10 and PM2.5; the percentiles of the daily values (SO2, NO2 P98; PM10, PM2.5, CO
P95; O3 daily maximum 8 h P90) by HJ 663's formula (``percentile``); the valid days of each
pollutant against the days the period needs (GB 3095 表4); the attainment of each pollutant
(every statistic at or below its class-2 limit) and of all six, against the limits that
judge the period (``EvaluationRules.limits_for``: by default those in force on its last day);
the days by AQI category over the valid days, the share of good days (AQI ≤ 100), the
composite index (standards.md §2.4 [V-2nd]) and the rank (``EvaluationRules.rank_by``).
Members and the region aggregate their cities as ``EvaluationRules`` documents. Everything
runs over (cities, days) arrays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from deltacap.domain.air import gb3095 as g
from deltacap.domain.air.daily import CityDays, EvaluationInputError
from deltacap.domain.errors import gettext_noop

FloatArray = npt.NDArray[np.float64]
REGION = "region"
LEVELS = 6  # HJ 633 表2: 优, 良, 轻度, 中度, 重度, 严重污染
GOOD_LEVELS = 2  # 优 and 良: AQI ≤ 100


class Period(StrEnum):
    YEAR = "year"
    MONTH = "month"


class Unit(StrEnum):
    CITY = "city"
    MEMBER = "member"
    REGION = "region"


@dataclass(frozen=True)
class Result:
    """The evaluation of one city, member or the region over one period.

    Concentrations in µg/m³ (CO mg/m³); None where there was no valid day. ``valid`` says
    per pollutant whether the period had the valid days it needs; ``attains`` is None where
    it had not. ``attains_all``: True when all six attain, False when one does not, None
    otherwise. For a member or the region: the means and percentiles are the means of its
    cities' (None unless every city has one), ``valid`` needs every city valid,
    ``valid_days`` is that of its city with the fewest, and the days are summed."""

    unit: Unit
    code: str
    period: str  # "2026" or "2026-03"
    start: dt.date
    end: dt.date
    limits: g.Gb3095
    valid_days: dict[str, int]
    min_days: int  # the valid days the period needs (GB 3095 表4)
    valid: dict[str, bool]
    means: dict[str, float | None]
    percentiles: dict[str, float | None]
    attains: dict[str, bool | None]
    attains_all: bool | None
    days_by_level: tuple[int, ...]  # valid days of AQI level 1..6
    aqi_days: int  # valid days with a daily AQI (every pollutant valid)
    good_days: int
    good_share: float | None  # good days / aqi_days
    composite_index: float | None
    cities: int
    cities_attaining: int
    rank: int | None = None


def percentile(values: FloatArray, p: float) -> FloatArray:
    """The ``p``-th percentile of each row of ``values`` by HJ 663's formula, NaN ignored.

    Sort the n valid values, X(1) ≤ … ≤ X(n); k = 1 + (n − 1)·p/100; s = ⌊k⌋;
    P = X(s) + (X(s+1) − X(s))·(k − s), and X(n) when s = n (HJ 663-2013, as standards.md
    §2.4 gives it [M]; NumPy's "linear" method [V-2nd]). NaN for a row without a value."""
    ordered = np.sort(values, axis=1)  # NaN last
    n = (~np.isnan(values)).sum(axis=1)
    k = 1.0 + (np.maximum(n, 1) - 1) * (p / 100.0)
    s = np.floor(k).astype(np.int64)
    low = np.take_along_axis(ordered, (s - 1)[:, None], axis=1)[:, 0]
    high_index = np.minimum(s, np.maximum(n, 1) - 1)
    high = np.take_along_axis(ordered, high_index[:, None], axis=1)[:, 0]
    result: FloatArray = np.where(n > 0, low + (high - low) * (k - s), np.nan)
    return result


@dataclass(frozen=True)
class _Span:
    label: str
    start: dt.date
    end: dt.date
    first: int  # index of the first day of the data in it
    stop: int
    month: int | None


def _spans(days: npt.NDArray[np.datetime64], period: Period) -> list[_Span]:
    """The calendar periods the days fall in, each as a slice of the day axis."""
    unit = "datetime64[Y]" if period is Period.YEAR else "datetime64[M]"
    keys = days.astype(unit)
    edges = [0, *(np.flatnonzero(keys[1:] != keys[:-1]) + 1).tolist(), len(days)]
    spans = []
    for first, stop in zip(edges[:-1], edges[1:], strict=True):
        key = keys[first]
        start = key.astype("datetime64[D]").astype(dt.date)
        end = ((key + 1).astype("datetime64[D]") - 1).astype(dt.date)
        label = str(key)
        month = None if period is Period.YEAR else start.month
        spans.append(_Span(label, start, end, first, stop, month))
    return spans


@dataclass(frozen=True)
class _Stats:
    """Per city (rows) statistics of one period."""

    valid_days: dict[str, npt.NDArray[np.int64]]
    means: dict[str, FloatArray]
    percentiles: dict[str, FloatArray]
    levels: npt.NDArray[np.int64]  # (cities, LEVELS)


def _statistics(cities: CityDays, span: _Span, rules: g.EvaluationRules) -> _Stats:
    window = slice(span.first, span.stop)
    valid_days, means, percentiles = {}, {}, {}
    for pollutant in g.POLLUTANTS:
        values = cities.values[pollutant][:, window]
        valid = ~np.isnan(values)
        count = valid.sum(axis=1)
        valid_days[pollutant] = count
        if pollutant in g.MEANS:
            total = np.where(valid, values, 0.0).sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                means[pollutant] = np.where(count > 0, total / count, np.nan)
        percentiles[pollutant] = percentile(values, rules.percentiles[pollutant])
    level = cities.level[:, window]
    counted = cities.valid[:, window]
    levels = np.stack([((level == k) & counted).sum(axis=1) for k in range(1, LEVELS + 1)], 1)
    return _Stats(valid_days, means, percentiles, levels.astype(np.int64))


def evaluate(
    cities: CityDays,
    period: Period = Period.YEAR,
    *,
    unit: Unit = Unit.CITY,
    members: Mapping[str, str] | None = None,
    rules: g.EvaluationRules = g.RULES,
) -> list[Result]:
    """The evaluation of every city (or member, or the region) in every period of the
    data, ranked within each period; ordered by period, then rank (unranked last), then code.

    ``members`` maps a city code to its member's code (needed for ``Unit.MEMBER``). Raises
    EvaluationInputError for a city without a member."""
    groups = _groups(cities.cities, unit, members)
    results: list[Result] = []
    for span in _spans(cities.days, period):
        stats = _statistics(cities, span, rules)
        limits = rules.limits_for(span.start, span.end)
        rows = [
            _result(unit, code, rows, stats, span, limits, rules) for code, rows in groups.items()
        ]
        results.extend(_ranked(rows, rules.rank_by))
    return results


def _groups(
    codes: tuple[str, ...], unit: Unit, members: Mapping[str, str] | None
) -> dict[str, npt.NDArray[np.int64]]:
    """The city rows of each unit to report."""
    if unit is Unit.CITY:
        return {code: np.array([i]) for i, code in enumerate(codes)}
    if unit is Unit.REGION:
        return {REGION: np.arange(len(codes))}
    mapping = members or {}
    missing = [code for code in codes if code not in mapping]
    if missing:
        raise EvaluationInputError(
            gettext_noop("City {city} belongs to no member."), field="city", city=missing[0]
        )
    groups: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        groups.setdefault(mapping[code], []).append(i)
    return {member: np.array(rows) for member, rows in sorted(groups.items())}


def _result(
    unit: Unit,
    code: str,
    rows: npt.NDArray[np.int64],
    stats: _Stats,
    span: _Span,
    limits: g.Gb3095,
    rules: g.EvaluationRules,
) -> Result:
    """One unit's result: its cities' statistics averaged (one city: its own), days summed."""
    need = rules.min_days(span.month)
    city_valid = {p: stats.valid_days[p][rows] >= need for p in g.POLLUTANTS}
    valid = {p: bool(city_valid[p].all()) for p in g.POLLUTANTS}
    means = {p: _mean(stats.means[p][rows]) for p in g.MEANS}
    percentiles = {p: _mean(stats.percentiles[p][rows]) for p in g.POLLUTANTS}
    table = g.LIMITS_CLASS_2[limits]
    attains = {p: _attains(p, valid[p], means, percentiles, table) for p in g.POLLUTANTS}
    levels = stats.levels[rows].sum(axis=0)
    aqi_days = int(levels.sum())
    good = int(levels[:GOOD_LEVELS].sum())
    return Result(
        unit=unit,
        code=code,
        period=span.label,
        start=span.start,
        end=span.end,
        limits=limits,
        valid_days={p: int(stats.valid_days[p][rows].min()) for p in g.POLLUTANTS},
        min_days=need,
        valid=valid,
        means=means,
        percentiles=percentiles,
        attains=attains,
        attains_all=_all(list(attains.values())),
        days_by_level=tuple(int(v) for v in levels),
        aqi_days=aqi_days,
        good_days=good,
        good_share=good / aqi_days if aqi_days else None,
        composite_index=composite_index(means, percentiles, limits)
        if all(valid.values())
        else None,
        cities=len(rows),
        cities_attaining=_cities_attaining(rows, stats, need, table),
    )


def _mean(values: FloatArray) -> float | None:
    """The mean of the cities' values; None unless every city has one."""
    if np.isnan(values).any():
        return None
    return float(values.mean())


def _attains(
    pollutant: str,
    valid: bool,
    means: Mapping[str, float | None],
    percentiles: Mapping[str, float | None],
    table: Mapping[str, float],
) -> bool | None:
    """Every statistic of the pollutant at or below its limit (None: not enough days)."""
    if not valid:
        return None
    checks = [(percentiles[pollutant], table[g.PERCENTILE_LIMIT[pollutant]])]
    if pollutant in g.MEANS:
        checks.append((means[pollutant], table[g.MEAN_LIMIT[pollutant]]))
    if any(value is None for value, _ in checks):
        return None
    return all(value is not None and value <= limit for value, limit in checks)


def _all(flags: list[bool | None]) -> bool | None:
    if any(flag is False for flag in flags):
        return False
    return True if all(flag is True for flag in flags) else None


def _cities_attaining(
    rows: npt.NDArray[np.int64], stats: _Stats, need: int, table: Mapping[str, float]
) -> int:
    """How many of the cities attain for all six pollutants."""
    attaining = np.ones(len(rows), dtype=bool)
    for p in g.POLLUTANTS:
        ok = (stats.valid_days[p][rows] >= need) & (
            stats.percentiles[p][rows] <= table[g.PERCENTILE_LIMIT[p]]
        )
        if p in g.MEANS:
            ok &= stats.means[p][rows] <= table[g.MEAN_LIMIT[p]]
        attaining &= ok
    return int(attaining.sum())


def composite_index(
    means: Mapping[str, float | None],
    percentiles: Mapping[str, float | None],
    limits: g.Gb3095,
) -> float | None:
    """I_sum = Σ C_i / S_i (standards.md §2.4 [V-2nd]): the means of SO2, NO2, PM10 and
    PM2.5 over their annual limits, the CO P95 over the CO 24 h limit and the O3 P90 over the
    O3 8 h limit, class 2 of ``limits``. None when a statistic is missing."""
    table = g.LIMITS_CLASS_2[limits]
    parts = [(means.get(p), table[g.MEAN_LIMIT[p]]) for p in g.MEANS]
    parts += [(percentiles.get("CO"), table["CO_24h"]), (percentiles.get("O3"), table["O3_8h"])]
    if any(value is None for value, _ in parts):
        return None
    return float(sum(value / limit for value, limit in parts if value is not None))


def _rank_key(row: Result, by: g.RankBy) -> tuple[float, float] | None:
    """The row's place in the order (smaller first), or None: not ranked."""
    pm25 = row.means["PM2.5"]
    if row.composite_index is None or pm25 is None:
        return None
    if by is g.RankBy.GOOD_SHARE:
        if row.good_share is None:
            return None
        return (-round(row.good_share, 9), round(pm25, 9))
    return (round(row.composite_index, 9), round(pm25, 9))


def _ranked(rows: list[Result], by: g.RankBy) -> list[Result]:
    """Rows ranked by ``by`` (equal keys share a rank); rows that cannot be ranked come
    after the others, by code."""
    keyed = [(key, row) for row in rows if (key := _rank_key(row, by)) is not None]
    keyed.sort(key=lambda pair: (pair[0], pair[1].code))
    out: list[Result] = []
    previous: tuple[float, float] | None = None
    rank = 0
    for position, (key, row) in enumerate(keyed, 1):
        if key != previous:
            rank, previous = position, key
        out.append(replace(row, rank=rank))
    ranked = {row.code for row in out}
    return out + sorted((r for r in rows if r.code not in ranked), key=lambda r: r.code)
