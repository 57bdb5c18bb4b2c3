"""The hourly readings of the bay's fence-line VOCs stations in the measurement store.

Under ``<data folder>/measurements/petro_fence_hourly/date=YYYY-MM-DD/part-*.parquet``, by
the layout rules of monitoring's store (``monitoring/README.md``): Hive partitions by the
local date of the hour, append-only part files written under a dot-name, synced and
renamed (``monitoring.store.write_part``). One row per station, hour and factor (the
factors are configuration, so they are rows, not columns):

| column | type | |
|---|---|---|
| ``station`` | string | the station's code |
| ``time`` | timestamp (µs, no zone) | the hour's start, China Standard Time |
| ``factor`` | string | a factor of ``petrochem/data/fence_line.json`` (NMHC, benzene ...) |
| ``value`` | double | the hourly mean, mg/m³ |
| ``synthetic`` | bool | made up (the demo's) |
| ``imported_at`` | timestamp (µs, UTC) | when the file was imported |
| ``batch`` | string | the import's file digest (SHA-256, 16 hex digits) |

A station-hour is stored once: a file holding one stored already, or the same one twice,
is refused with each such row named (``petrochem/fence_import.py``), so nothing is ever
replaced silently (as the air and water stores).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from deltacap.monitoring import store as measurement_store

TABLE = "petro_fence_hourly"
SCHEMA = pa.schema(
    [
        ("station", pa.string()),
        ("time", pa.timestamp("us")),
        ("factor", pa.string()),
        ("value", pa.float64()),
        ("synthetic", pa.bool_()),
        ("imported_at", pa.timestamp("us", tz="UTC")),
        ("batch", pa.string()),
    ]
)


def root(data_dir: Path | None = None) -> Path:
    return measurement_store.store_root(data_dir)


def has_files(root_dir: Path) -> bool:
    return measurement_store.has_files(root_dir, TABLE)


def connect(root_dir: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (memory capped as the store's) with the view of the table."""
    return measurement_store.connect_dated(root_dir, TABLE, SCHEMA)


def write(root_dir: Path, data: pa.Table, *, name: str | None = None) -> int:
    """Write ``data`` (``SCHEMA``) as one part file per date, durably; the rows written.
    ``name`` replaces a file of that name in each partition (the demo's), else new part
    names are used."""
    return measurement_store.write_by_date(
        root_dir, TABLE, data, SCHEMA, ["station", "time", "factor"], name=name
    )


def stored_keys(
    root_dir: Path, keys: list[tuple[str, dt.datetime]]
) -> set[tuple[str, dt.datetime]]:
    """Which (station, hour) of ``keys`` are stored already (only their dates are read)."""
    return measurement_store.stored_pairs(root_dir, TABLE, SCHEMA, "station", keys)


def hours(
    root_dir: Path, stations: list[str], start: dt.date, end: dt.date
) -> list[tuple[str, dt.datetime, str, float, bool]]:
    """The stations' hourly values from ``start`` to ``end`` (dates, inclusive): ``(station,
    hour, factor, value, synthetic)`` by station, hour and factor."""
    if not stations or not has_files(root_dir):
        return []
    connection = connect(root_dir)
    try:
        found: list[Any] = connection.execute(
            f"SELECT station, time, factor, value, synthetic FROM {TABLE} "
            "WHERE date BETWEEN ? AND ? AND list_contains(?, station) "
            "ORDER BY station, time, factor",
            [start, end, stations],
        ).fetchall()
    finally:
        connection.close()
    return [(s, t, f, float(v), bool(y)) for s, t, f, v, y in found if v is not None]


def last_day(root_dir: Path, stations: list[str]) -> dt.date | None:
    """The newest date with a reading of any of ``stations``."""
    if not stations or not has_files(root_dir):
        return None
    connection = connect(root_dir)
    try:
        row = connection.execute(
            f"SELECT max(date) FROM {TABLE} WHERE list_contains(?, station)", [stations]
        ).fetchone()
    finally:
        connection.close()
    return None if row is None else row[0]
