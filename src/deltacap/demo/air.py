"""Demo air-quality data: synthetic stations in every one of the region's 41 cities and a
year of synthetic hourly observations up to the current hour, marked as such (station
names carry 模拟, codes are 9xxxS, which no national station has).

The series are drawn at once as (station × hour) arrays from a fixed seed: PM2.5 high in
winter and low in summer, ozone high on summer afternoons, NO2 with its rush hours; the
24-hour and 8-hour moving means are cumulative sums over the hour axis. Nothing loops per
record, so a year of about 120 stations is written in a few seconds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
from django.db import transaction

from deltacap import public_cache
from deltacap.air import store
from deltacap.air.models import Station, StationKind
from deltacap.audit import services as audit
from deltacap.audit.models import AuditEvent
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.reference.models import Division

DEMO_SEED = 633
DEMO_DAYS = 365
DEMO_FILE = "demo.parquet"
# Offsets (degrees) of a city's stations from its representative point.
_OFFSETS = ((0.0, 0.0), (0.06, 0.04), (-0.05, 0.05), (0.04, -0.06))
STATION_FIELDS = ["code", "name", "kind", "lon", "lat", "city", "active"]


def demo_stations() -> list[Station]:
    """Create the demo stations not there yet (2-4 per city); all demo stations."""
    rng = np.random.default_rng(DEMO_SEED)
    cities = list(Division.objects.filter(prefecture=True).order_by("code"))
    existing = set(Station.objects.filter(synthetic=True).values_list("code", flat=True))
    new: list[Station] = []
    number = 0
    for city in cities:
        count = int(rng.integers(2, 5))
        for k in range(count):
            number += 1
            code = f"{9000 + number}S"
            if code in existing:
                continue
            dx, dy = _OFFSETS[k]
            new.append(
                Station(
                    code=code,
                    name=f"{city.name_zh.removesuffix('市')}模拟站{k + 1}",
                    kind=StationKind.NATIONAL if k < 2 else StationKind.PROVINCIAL,
                    lon=round((city.lon or 120.0) + dx, 4),
                    lat=round((city.lat or 31.0) + dy, 4),
                    city=city,
                    member_code=city.member_code or "",
                    synthetic=True,
                )
            )
    with transaction.atomic():
        Station.objects.bulk_create(new, batch_size=500)
        created = Station.objects.filter(code__in=[s.code for s in new])
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    channel="system",
                    action="air_station.create",
                    object_type="air_station",
                    object_id=str(s.pk),
                    member_code=s.member_code,
                    after=audit.snapshot(s, STATION_FIELDS) | {"synthetic": True},
                    origin="demo",
                )
                for s in created
            ],
            batch_size=500,
        )
    return list(Station.objects.filter(synthetic=True).order_by("code"))


def _moving(values: np.ndarray, window: int) -> np.ndarray:
    """Moving mean over the last ``window`` hours (fewer at the start), along axis 1."""
    total = np.cumsum(values, axis=1)
    shifted = np.zeros_like(total)
    shifted[:, window:] = total[:, :-window]
    count = np.minimum(np.arange(1, values.shape[1] + 1), window)
    return (total - shifted) / count


def observations(stations: list[Station], start: datetime, hours: int) -> pa.Table:
    """The synthetic hourly rows of ``stations`` from ``start`` (``store.SCHEMA``)."""
    rng = np.random.default_rng(DEMO_SEED)
    n = len(stations)
    times = np.datetime64(start, "h") + np.arange(hours).astype("timedelta64[h]")
    day_of_year = (times.astype("datetime64[D]") - times.astype("datetime64[Y]")).astype(float)
    hour = (times - times.astype("datetime64[D]")).astype(float)
    winter = np.cos(2 * np.pi * (day_of_year - 15) / 365.25)  # 1 in January, -1 in July
    summer_sun = np.clip(np.cos(2 * np.pi * (hour - 14) / 24), 0, None) * (1 - winter) / 2
    north = np.array([(s.lat - 29.0) / 5.0 for s in stations])[:, None]  # 0 south .. 1 north
    city_factor = rng.uniform(0.8, 1.2, (n, 1))

    def weather(scale: float, smooth: int) -> np.ndarray:
        noise = rng.normal(0, scale, (n, hours))
        return np.exp(_moving(noise, smooth) * np.sqrt(smooth))

    episodes = weather(0.35, 48)
    pm25 = (20 + 15 * winter + 9 * north * (1 + winter)) * city_factor * episodes
    pm25 *= 1 + 0.1 * np.cos(2 * np.pi * (hour - 8) / 24)
    pm10 = pm25 * rng.uniform(1.4, 1.8, (n, 1)) * weather(0.1, 6)
    rush = np.exp(-((hour - 8) ** 2) / 4) + np.exp(-((hour - 19) ** 2) / 4)
    no2 = (22 + 10 * winter + 14 * rush) * city_factor * weather(0.25, 12)
    o3 = (
        (30 + 115 * summer_sun + 10 * (1 - winter))
        * weather(0.2, 24)
        * rng.uniform(0.85, 1.15, (n, 1))
    )
    so2 = (6 + 3 * winter) * city_factor * weather(0.2, 24)
    co = (0.55 + 0.25 * winter) * city_factor * weather(0.15, 12)
    values = {
        "so2_1h": so2,
        "no2_1h": no2,
        "co_1h": co,
        "o3_1h": o3,
        "pm10_1h": pm10,
        "pm25_1h": pm25,
    }
    rounded = {k: np.round(v, 1 if k.startswith("co") else 0) for k, v in values.items()}
    rounded["so2_24h"] = np.round(_moving(rounded["so2_1h"], 24))
    rounded["no2_24h"] = np.round(_moving(rounded["no2_1h"], 24))
    rounded["co_24h"] = np.round(_moving(rounded["co_1h"], 24), 1)
    rounded["pm10_24h"] = np.round(_moving(rounded["pm10_1h"], 24))
    rounded["pm25_24h"] = np.round(_moving(rounded["pm25_1h"], 24))
    rounded["o3_8h"] = np.round(_moving(rounded["o3_1h"], 8))
    codes = np.array([s.code for s in stations], dtype=object)
    columns: dict[str, pa.Array] = {
        "station": pa.array(np.repeat(codes, hours), pa.string()),
        "time": pa.array(np.tile(times.astype("datetime64[us]"), n), pa.timestamp("us")),
    }
    for column in store.COLUMNS.values():
        columns[column] = pa.array(rounded[column].ravel(), pa.float64())
    now = datetime.now(CHINA_STANDARD_TIME)
    rows = n * hours
    columns["imported_at"] = pa.repeat(pa.scalar(now, pa.timestamp("us", tz="UTC")), rows)
    columns["batch"] = pa.repeat(pa.scalar("demo", pa.string()), rows)
    return pa.table(columns, schema=store.SCHEMA)


def load_demo_air(
    now: datetime | None = None, root: Path | None = None, days: int | None = None
) -> int:
    """Create the demo stations and write ``days`` (a year) of their hourly data up to the
    current hour, rewriting the demo's own file of each date; the rows written."""
    now = now or datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)
    root = root or store.root()
    days = DEMO_DAYS if days is None else days
    stations = demo_stations()
    end = now.replace(minute=0, second=0, microsecond=0)
    start = (end - timedelta(days=days)).replace(hour=0)
    hours = int((end - start).total_seconds() // 3600) + 1
    written = store.write(root, observations(stations, start, hours), name=DEMO_FILE)
    public_cache.changed(public_cache.AIR)
    return written
