"""Hourly air-quality observations in the measurement store, read with DuckDB.

Under ``<data folder>/measurements/air_hourly/date=YYYY-MM-DD/part-*.parquet``, with the
layout rules of monitoring's store (``monitoring/README.md``): Hive partitions by the local
date of the hour, append-only part files written under a dot-name, synced and renamed
(``monitoring.store.write_part``). One row per station and hour:

| column | type | |
|---|---|---|
| ``station`` | string | national station code (1141A) |
| ``time`` | timestamp (µs, no zone) | the hour as published, China Standard Time |
| ``so2_1h`` ... ``pm25_24h`` | double | µg/m³ (CO mg/m³), null = not measured |
| ``imported_at`` | timestamp (µs, UTC) | when the file was imported |
| ``batch`` | string | the import's file digest (SHA-256, 16 hex digits) |

A station-hour is stored once: an import that holds a station-hour already stored, or the
same station-hour twice, is refused with each such row named (``air/importing.py``), so
nothing is ever replaced silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from deltacap.monitoring import store as measurement_store

TABLE = "air_hourly"
# Item of HJ 633 (``deltacap.domain.air.ITEMS``) → its column in the store.
COLUMNS: dict[str, str] = {
    "SO2_1h": "so2_1h",
    "SO2_24h": "so2_24h",
    "NO2_1h": "no2_1h",
    "NO2_24h": "no2_24h",
    "CO_1h": "co_1h",
    "CO_24h": "co_24h",
    "O3_1h": "o3_1h",
    "O3_8h": "o3_8h",
    "PM10_1h": "pm10_1h",
    "PM10_24h": "pm10_24h",
    "PM2.5_1h": "pm25_1h",
    "PM2.5_24h": "pm25_24h",
}
SCHEMA = pa.schema(
    [
        ("station", pa.string()),
        ("time", pa.timestamp("us")),
        *[(column, pa.float64()) for column in COLUMNS.values()],
        ("imported_at", pa.timestamp("us", tz="UTC")),
        ("batch", pa.string()),
    ]
)


def root(data_dir: Path | None = None) -> Path:
    return measurement_store.store_root(data_dir)


def write(root_dir: Path, data: pa.Table, *, name: str | None = None) -> int:
    """Write ``data`` (``SCHEMA``) as one part file per date, durably; the rows written
    (``name`` replaces a file of that name in each partition: the demo's)."""
    return measurement_store.write_by_date(root_dir, TABLE, data, SCHEMA, [], name=name)


def has_files(root_dir: Path) -> bool:
    return measurement_store.has_files(root_dir, TABLE)


def connect(root_dir: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (memory capped as the store's) with the view ``air_hourly``."""
    return measurement_store.connect_dated(root_dir, TABLE, SCHEMA)


def stored_keys(root_dir: Path, days: Iterable[str], keys: pa.Table) -> pa.Table:
    """Which (station, time) of ``keys`` are stored already (only ``days`` are read)."""
    wanted = sorted(set(days))
    if not wanted or not has_files(root_dir):
        return keys.slice(0, 0)
    connection = connect(root_dir)
    try:
        connection.register("incoming", keys)
        placeholders = ", ".join("?" for _ in wanted)
        return connection.sql(
            "SELECT DISTINCT i.station, i.time FROM incoming i JOIN air_hourly h "
            "ON h.station = i.station AND h.time = i.time "
            f"WHERE h.date IN ({placeholders})",
            params=[date.fromisoformat(day) for day in wanted],
        ).to_arrow_table()
    finally:
        connection.close()
