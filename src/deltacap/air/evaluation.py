"""The HJ 663 evaluation of the stored hourly observations: per city, member or the region,
for a year or a month, ranked (``deltacap.domain.air.evaluation``).

The hours of the period are read from the measurement store with one DuckDB query as
columns (the 1-hour values; ``time`` read as the start of the hour, as ``selectors``
reads it) and handed to the domain as ``HourlyObservations``: no Python loop per record.
A station is counted in the city the station list gives it; hours of a station not in
the list are left out. A year of the demo's 125 stations is evaluated in one to two
seconds (docs/PERFORMANCE.md), so the page and the API read it through ``kept``: kept
under the public figures' ``air`` topic (a new version at every import of hours and every
change of a station) and the store's newest date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from deltacap import public_cache
from deltacap.air import store
from deltacap.air.models import Station
from deltacap.domain.air import gb3095 as g
from deltacap.domain.air.aqi import Standard, standard_on
from deltacap.domain.air.daily import HourlyObservations, city_days, station_days
from deltacap.domain.air.evaluation import Period, Result, Unit, evaluate
from deltacap.reference.models import Division

# Pollutant of GB 3095 → its 1-hour column in the store.
HOURLY_COLUMNS: dict[str, str] = {
    "SO2": "so2_1h",
    "NO2": "no2_1h",
    "CO": "co_1h",
    "O3": "o3_1h",
    "PM10": "pm10_1h",
    "PM2.5": "pm25_1h",
}
HOURS_SQL = (
    "SELECT h.station, h.time, {columns} FROM air_hourly h "
    "JOIN station_city c ON c.station = h.station "
    "WHERE h.date BETWEEN ? AND ? ORDER BY h.station, h.time"
)


@dataclass(frozen=True)
class Evaluation:
    """The results of one period (ranked first, then the unranked, by code) and the codes
    of the units without any stored hour in it (cities only)."""

    year: int
    month: int | None
    unit: Unit
    start: dt.date
    end: dt.date
    results: list[Result]
    without_data: list[str]
    limits: g.Gb3095
    hj633: list[tuple[Standard, dt.date, dt.date]]  # the versions rating the days, by span
    min_days: int
    members: dict[str, str]  # each city's member


def period_of(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    """The first and last day of the year or of its month."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def members_of_cities() -> dict[str, str]:
    """Each city's member (Shanghai is its own member)."""
    cities = Division.objects.filter(prefecture=True).select_related("parent__parent")
    return {city.code: city.member_code or city.code for city in cities}


def hourly_observations(
    start: dt.date, end: dt.date, root: Path | None = None
) -> HourlyObservations | None:
    """The stored hours of the listed stations from ``start`` to ``end`` as columns (None:
    there are none)."""
    root = root or store.root()
    if not store.has_files(root):
        return None
    listed = list(Station.objects.values_list("code", "city_id"))
    if not listed:
        return None
    mapping = pa.table(
        {"station": [s for s, _ in listed], "city": [c for _, c in listed]},
        schema=pa.schema([("station", pa.string()), ("city", pa.string())]),
    )
    columns = ", ".join(f"h.{column}" for column in HOURLY_COLUMNS.values())
    connection = store.connect(root)
    try:
        connection.register("station_city", mapping)
        table = connection.sql(
            HOURS_SQL.format(columns=columns), params=[start, end]
        ).to_arrow_table()
    finally:
        connection.close()
    if table.num_rows == 0:
        return None
    encoded = pc.dictionary_encode(table["station"]).combine_chunks()
    stations = [str(code) for code in encoded.dictionary.to_pylist()]
    city_of = dict(listed)
    cities = sorted({city_of[code] for code in stations})
    city_index = {code: i for i, code in enumerate(cities)}
    station_city = np.array([city_index[city_of[code]] for code in stations], dtype=np.int64)
    station = encoded.indices.to_numpy().astype(np.int64)
    time = table["time"].to_numpy().astype("datetime64[h]")
    values = {
        pollutant: table[column].to_numpy(zero_copy_only=False).astype(float)
        for pollutant, column in HOURLY_COLUMNS.items()
    }
    return HourlyObservations.from_indices(
        station, stations, station_city[station], cities, time, values
    )


def _hj633_spans(start: dt.date, end: dt.date) -> list[tuple[Standard, dt.date, dt.date]]:
    first, last = standard_on(start), standard_on(end)
    if first is last:
        return [(first, start, end)]
    switch = next(
        start + dt.timedelta(days=d)
        for d in range((end - start).days + 1)
        if standard_on(start + dt.timedelta(days=d)) is last
    )
    return [(first, start, switch - dt.timedelta(days=1)), (last, switch, end)]


def evaluation(
    year: int,
    month: int | None = None,
    unit: Unit = Unit.CITY,
    *,
    root: Path | None = None,
    rules: g.EvaluationRules = g.RULES,
) -> Evaluation:
    """The evaluation of the year (or its ``month``) per ``unit``, ranked by ``rules``."""
    start, end = period_of(year, month)
    observations = hourly_observations(start, end, root)
    members = members_of_cities()
    results: list[Result] = []
    if observations is not None:
        cities = city_days(station_days(observations, rules))
        period = Period.YEAR if month is None else Period.MONTH
        results = evaluate(cities, period, unit=unit, members=members, rules=rules)
    without: list[str] = []
    if unit is Unit.CITY:
        seen = {r.code for r in results}
        without = [code for code in members if code not in seen]
    return Evaluation(
        year=year,
        month=month,
        unit=unit,
        start=start,
        end=end,
        results=results,
        without_data=without,
        limits=rules.limits_for(start, end),
        hj633=_hj633_spans(start, end),
        min_days=rules.min_days(month),
        members=members,
    )


def kept(year: int, month: int | None = None, unit: Unit = Unit.CITY) -> Evaluation:
    """``evaluation`` of the stored hours as the pages and the API read it: computed once
    for the air topic's version and the store's newest date."""
    from deltacap.air.selectors import latest_date

    newest = latest_date(store.root())
    key = ("hj663", year, month, unit.value, newest.isoformat() if newest else "")
    return public_cache.cached(public_cache.AIR, key, lambda: evaluation(year, month, unit))
