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
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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
    """Write ``data`` (``SCHEMA``) as one part file per date, durably; the rows written.

    The rows are grouped by date with one sort (no loop per row); ``name`` replaces a file
    of that name in each partition (the demo's), else new part names are used."""
    if data.num_rows == 0:
        return 0
    data = data.select(SCHEMA.names).cast(SCHEMA)
    days = pc.cast(pc.cast(data["time"], pa.date32()), pa.string())
    order = pc.sort_indices(days)
    data, days = data.take(order), days.take(order)
    labels = days.to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    ends = np.r_[starts[1:], len(labels)]
    folders = set()
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        part = data.slice(start, end - start)
        written = measurement_store.write_part(
            root_dir, TABLE, str(labels[start]), part, name, sync=False
        )
        folders.add(written.parent)
    for folder in folders:
        measurement_store.sync_folder(folder)
    return data.num_rows


def has_files(root_dir: Path) -> bool:
    return measurement_store.has_files(root_dir, TABLE)


_DUCK = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.timestamp("us"): "TIMESTAMP"}


def view_sql(root_dir: Path) -> str:
    """Every file of the table (empty, with its columns, when there is none)."""
    columns = ", ".join(
        f"CAST(NULL AS {_DUCK.get(f.type, 'TIMESTAMPTZ')}) AS {f.name}" for f in SCHEMA
    )
    empty = f"SELECT {columns}, CAST(NULL AS DATE) AS date WHERE false"
    if not has_files(root_dir):
        return empty
    pattern = str(root_dir / TABLE / "date=*" / "*.parquet").replace("'", "''")
    return (
        f"{empty} UNION ALL BY NAME SELECT * FROM read_parquet('{pattern}', "
        "hive_partitioning = true, hive_types = {'date': DATE}, union_by_name = true)"
    )


def connect(root_dir: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (memory capped as the store's) with the view ``air_hourly``."""
    connection = measurement_store.connect(root_dir, tables=())
    connection.execute(f"CREATE VIEW {TABLE} AS {view_sql(root_dir)}")
    return connection


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
