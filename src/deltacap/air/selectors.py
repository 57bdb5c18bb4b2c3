"""Reads of air quality: stations, the latest real-time AQI of each station, the daily AQI
of each city (the mean of its stations' daily values). Ratings by HJ 633 of the version in
force on the date of the data (``deltacap.domain.air.aqi_columns``, over whole columns).

Daily values of a station (GB 3095-2012 表4 and HJ 663's validity rules as far as needed
here): the 24-hour means of SO2, NO2, CO, PM10 and PM2.5 from at least 20 hourly values of
the day; O3 1 h the day's highest hourly value; O3 8 h the day's highest 8-hour moving mean
(periods ending 07:00 to 23:00 of the day, the hour as the start of its hour, each from at
least 6 hourly values), or the highest published 8-hour value where no hourly O3 is given.
A city's daily value is the mean of its stations' daily values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from django.db.models import QuerySet

from deltacap.air import store
from deltacap.air.labels import COLOURS, NO_DATA_COLOUR
from deltacap.air.models import Station
from deltacap.domain.air import ITEMS, aqi_columns, over_standard
from deltacap.domain.air.tables import LEVELS
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.reference.models import Division


def local_now() -> datetime:
    return datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)


def stations(
    *, member: str = "", city: str = "", kind: str = "", active: bool | None = None
) -> QuerySet[Station]:
    """The stations (every reader sees all: air quality is shared), filtered."""
    rows = Station.objects.select_related("city")
    if member:
        rows = rows.filter(member_code=member)
    if city:
        rows = rows.filter(city_id=city)
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(active=active)
    return rows.order_by("city_id", "code")


@dataclass
class Rating:
    """One rated record: IAQI per item, AQI, primary pollutants, level, category, colour."""

    standard: str
    aqi: int | None
    level: int | None
    iaqi: dict[str, int | None]
    primary: list[str]
    values: dict[str, float | None] = field(default_factory=dict)

    @property
    def category_cn(self) -> str:
        return LEVELS[self.level - 1][1] if self.level else ""

    @property
    def colour(self) -> str:
        return COLOURS[self.level] if self.level else NO_DATA_COLOUR

    @property
    def over_standard(self) -> list[str]:
        """The items over the standard (超标污染物; HJ 633-2012 only)."""
        return list(over_standard(self.standard, self.iaqi)) if self.aqi is not None else []

    def to_json(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "aqi": self.aqi,
            "level": self.level,
            "category_cn": self.category_cn,
            "colour": self.colour,
            "primary_pollutants": self.primary,
            "over_standard_pollutants": self.over_standard,
            "iaqi": self.iaqi,
            "values": self.values,
        }


def rate(days: np.ndarray, realtime: bool, inputs: dict[str, np.ndarray]) -> list[Rating]:
    """Rate n records given as columns (one pass of ``aqi_columns``)."""
    n = len(days)
    if n == 0:
        return []
    rated = aqi_columns(days.astype("datetime64[D]"), np.full(n, realtime), inputs)
    standards = rated.standards()
    aqi = rated.aqi
    items = [item for item in ITEMS if item in inputs]
    iaqi = {item: rated.iaqi[item] for item in items}
    ratings = []
    for row in range(n):  # shaping the rated columns as records for the pages
        level = int(rated.level[row])
        ratings.append(
            Rating(
                standard=standards[row],
                aqi=None if np.isnan(aqi[row]) else int(aqi[row]),
                level=level or None,
                iaqi={
                    item: None if np.isnan(iaqi[item][row]) else int(iaqi[item][row])
                    for item in items
                    if not np.isnan(iaqi[item][row])
                },
                primary=[ITEMS[c] for c in np.flatnonzero(rated.primary[row])],
                values={
                    item: None if np.isnan(inputs[item][row]) else float(inputs[item][row])
                    for item in items
                },
            )
        )
    return ratings


def latest_date(root: Path) -> date | None:
    """The newest date of the store's air observations (from its folders' names)."""
    folder = root / store.TABLE
    if not folder.is_dir():
        return None
    days = [name[5:] for name in os.listdir(folder) if name.startswith("date=")]
    return date.fromisoformat(max(days)) if days else None


_REALTIME_COLUMNS = [item for item in ITEMS]


def _columns(table: pa.Table, items: list[str]) -> dict[str, np.ndarray]:
    return {
        item: table[store.COLUMNS[item]].to_numpy(zero_copy_only=False).astype(float)
        for item in items
    }


def latest_station_aqi(root: Path | None = None) -> list[dict[str, Any]]:
    """Each station's latest hour (within the newest two dates of the store), rated as an
    HJ 633 real-time report of the version in force on its date."""
    root = root or store.root()
    newest = latest_date(root)
    if newest is None:
        return []
    connection = store.connect(root)
    try:
        table = connection.sql(
            "SELECT * FROM air_hourly WHERE date >= ? "
            "QUALIFY row_number() OVER (PARTITION BY station ORDER BY time DESC) = 1 "
            "ORDER BY station",
            params=[newest - timedelta(days=1)],
        ).to_arrow_table()
    finally:
        connection.close()
    times = table["time"].to_numpy(zero_copy_only=False)
    ratings = rate(times, True, _columns(table, list(ITEMS)))
    known = {s.code: s for s in Station.objects.select_related("city")}
    rows = []
    for code, moment, rating in zip(
        table["station"].to_pylist(), times.tolist(), ratings, strict=True
    ):
        station = known.get(code)
        if station is None:
            continue
        rows.append({"station": station, "time": _moment(moment), "rating": rating})
    return rows


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(1970, 1, 1) + timedelta(microseconds=int(value) // 1000)


DAILY_SQL = """
WITH h AS (
  SELECT station, time, date, so2_1h, no2_1h, co_1h, o3_1h, o3_8h, pm10_1h, pm25_1h,
    CASE WHEN count(o3_1h) OVER w >= 6 THEN avg(o3_1h) OVER w END AS o3_8h_moving
  FROM air_hourly WHERE date BETWEEN ? AND ?
  WINDOW w AS (PARTITION BY station ORDER BY time
               RANGE BETWEEN INTERVAL 7 HOURS PRECEDING AND CURRENT ROW)
), s AS (
  SELECT station, date,
    CASE WHEN count(so2_1h) >= 20 THEN avg(so2_1h) END AS so2,
    CASE WHEN count(no2_1h) >= 20 THEN avg(no2_1h) END AS no2,
    CASE WHEN count(co_1h) >= 20 THEN avg(co_1h) END AS co,
    max(o3_1h) AS o3_1h,
    coalesce(max(o3_8h_moving) FILTER (WHERE hour(time) >= 7), max(o3_8h)) AS o3_8h,
    CASE WHEN count(pm10_1h) >= 20 THEN avg(pm10_1h) END AS pm10,
    CASE WHEN count(pm25_1h) >= 20 THEN avg(pm25_1h) END AS pm25
  FROM h GROUP BY station, date
)
SELECT c.city, s.date, count(*) AS stations,
  avg(so2) AS so2, avg(no2) AS no2, avg(co) AS co, avg(o3_1h) AS o3_1h,
  avg(o3_8h) AS o3_8h, avg(pm10) AS pm10, avg(pm25) AS pm25
FROM s JOIN station_city c ON c.station = s.station
WHERE (? IS NULL OR c.city = ?)
GROUP BY c.city, s.date ORDER BY c.city, s.date
"""
# City daily column → item of the daily report.
DAILY_ITEMS = {
    "so2": "SO2_24h",
    "no2": "NO2_24h",
    "co": "CO_24h",
    "o3_1h": "O3_1h",
    "o3_8h": "O3_8h",
    "pm10": "PM10_24h",
    "pm25": "PM2.5_24h",
}


def city_daily(
    start: date, end: date, *, city: str | None = None, root: Path | None = None
) -> list[dict[str, Any]]:
    """The daily AQI of each city (or of ``city``) on each day from ``start`` to ``end``
    with data: ``{"city", "date", "stations", "rating"}``."""
    root = root or store.root()
    if not store.has_files(root):
        return []
    mapping = pa.table(
        {
            "station": [s[0] for s in _station_cities()],
            "city": [s[1] for s in _station_cities()],
        },
        schema=pa.schema([("station", pa.string()), ("city", pa.string())]),
    )
    connection = store.connect(root)
    try:
        connection.register("station_city", mapping)
        table = connection.sql(DAILY_SQL, params=[start, end, city, city]).to_arrow_table()
    finally:
        connection.close()
    days = table["date"].to_numpy(zero_copy_only=False).astype("datetime64[D]")
    inputs = {
        item: table[column].to_numpy(zero_copy_only=False).astype(float)
        for column, item in DAILY_ITEMS.items()
    }
    ratings = rate(days, False, inputs)
    return [
        {"city": code, "date": day, "stations": count, "rating": rating}
        for code, day, count, rating in zip(
            table["city"].to_pylist(),
            table["date"].to_pylist(),
            table["stations"].to_pylist(),
            ratings,
            strict=True,
        )
    ]


def _station_cities() -> list[tuple[str, str]]:
    return list(Station.objects.filter(active=True).values_list("code", "city_id"))


def cities() -> list[Division]:
    return list(Division.objects.filter(prefecture=True).select_related("parent").order_by("code"))
