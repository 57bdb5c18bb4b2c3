"""The measurement store: append-only Parquet files, partitioned by date, read with DuckDB.

Layout under ``<data folder>/measurements`` (Hive-style partitions, so Spark,
Trino or DuckDB read the folders as tables with a ``date`` column; see
``monitoring/README.md``)::

    values/date=YYYY-MM-DD/part-*.parquet    one row per factor per upload (date of DataTime)
    packets/date=YYYY-MM-DD/part-*.parquet   every accepted packet as received (date received)
    rejected/date=YYYY-MM-DD/part-*.parquet  every refused packet or skipped bytes, and why
    hourly/date=YYYY-MM-DD/hourly.parquet    hourly roll-up of one date (rewritten whole)

A part file is written under a dot-name and renamed into place, so a reader
never sees half a file (Spark and Trino skip dot-files; DuckDB globs ``*.parquet``).
Files are never changed after that: new data makes new parts. Times: ``data_time``
and ``hour`` are the devices' local time (China Standard Time, as HJ 212 sends it,
no zone); ``received_at`` is UTC.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from deltacap.domain import hj212
from deltacap.domain.ingest import RegisteredDevice, readings

VALUES_SCHEMA = pa.schema(
    [
        ("mn", pa.string()),
        ("outlet_id", pa.int64()),
        ("enterprise_id", pa.int64()),
        ("cn", pa.string()),
        ("data_time", pa.timestamp("us")),
        ("factor", pa.string()),
        ("rtd", pa.float64()),
        ("min", pa.float64()),
        ("avg", pa.float64()),
        ("max", pa.float64()),
        ("cou", pa.float64()),
        ("flag", pa.string()),
        ("packet_id", pa.int64()),
        ("received_at", pa.timestamp("us", tz="UTC")),
    ]
)
PACKETS_SCHEMA = pa.schema(
    [
        ("packet_id", pa.int64()),
        ("received_at", pa.timestamp("us", tz="UTC")),
        ("peer", pa.string()),
        ("mn", pa.string()),
        ("cn", pa.string()),
        ("qn", pa.string()),
        ("data_time", pa.string()),
        ("packet", pa.string()),
    ]
)
REJECTED_SCHEMA = pa.schema(
    [
        ("received_at", pa.timestamp("us", tz="UTC")),
        ("peer", pa.string()),
        ("mn", pa.string()),
        ("reason", pa.string()),
        ("field", pa.string()),
        ("detail", pa.string()),
        ("size", pa.int64()),
        ("packet", pa.binary()),
    ]
)
HOURLY_SCHEMA = pa.schema(
    [
        ("outlet_id", pa.int64()),
        ("enterprise_id", pa.int64()),
        ("factor", pa.string()),
        ("hour", pa.timestamp("us")),
        ("source_cn", pa.string()),
        ("valid", pa.int32()),
        ("invalid", pa.int32()),
        ("stopped", pa.int32()),
        ("expected", pa.int32()),
        ("emission_kg", pa.float64()),
        ("flow_m3", pa.float64()),
        ("mean_concentration", pa.float64()),
        ("max_concentration", pa.float64()),
        ("last_data_time", pa.timestamp("us")),
    ]
)
TABLES = {
    "values": VALUES_SCHEMA,
    "packets": PACKETS_SCHEMA,
    "rejected": REJECTED_SCHEMA,
    "hourly": HOURLY_SCHEMA,
}
MAX_ARCHIVED_BYTES = 4096  # of a refused packet (a 1 MB line is not worth keeping whole)


def store_root(data_dir: Path | None = None) -> Path:
    """``<data folder>/measurements`` (the Django setting DATA_DIR unless given)."""
    if data_dir is None:
        from django.conf import settings

        data_dir = Path(settings.DATA_DIR)
    return data_dir / "measurements"


@dataclass
class Columns:
    """Rows of one table and one date, kept as column lists until written."""

    names: tuple[str, ...]
    data: dict[str, list[Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.data = {name: [] for name in self.names}

    def __len__(self) -> int:
        return len(self.data[self.names[0]])


@dataclass
class Batch:
    """What the receiver gathered since its last flush: per table, per date, column lists.

    ``data_time`` of values is kept as the 14 digits sent and ``received_at`` as
    epoch seconds; both are converted in bulk when written.
    """

    tables: dict[str, dict[str, Columns]] = field(default_factory=dict)
    rows: int = 0

    def columns(self, table: str, date: str) -> Columns:
        by_date = self.tables.setdefault(table, {})
        found = by_date.get(date)
        if found is None:
            found = by_date[date] = Columns(tuple(TABLES[table].names))
        return found

    def value_dates(self) -> set[str]:
        return set(self.tables.get("values", {}))


def add_packet(
    batch: Batch,
    *,
    day: str,
    packet_id: int,
    received: float,
    peer: str,
    message: hj212.Message,
    packet: bytes,
) -> None:
    """Archive an accepted packet as received, under the local date ``day`` of receipt."""
    columns = batch.columns("packets", day).data
    columns["packet_id"].append(packet_id)
    columns["received_at"].append(received)
    columns["peer"].append(peer)
    columns["mn"].append(message.mn)
    columns["cn"].append(str(message.cn))
    columns["qn"].append(message.qn)
    columns["data_time"].append(message.cp.get("DataTime"))
    columns["packet"].append(packet.decode("ascii"))
    batch.rows += 1


def add_values(
    batch: Batch,
    *,
    device: RegisteredDevice,
    message: hj212.Message,
    packet_id: int,
    received: float,
) -> int:
    """Add one row per factor of an accepted upload (which has DataTime); the rows added."""
    stamp = (message.cp.get("DataTime") or "")[:14]
    columns = batch.columns("values", f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}").data
    rows = readings(message)
    count = len(rows)
    columns["mn"].extend([device.mn] * count)
    columns["outlet_id"].extend([device.outlet_id] * count)
    columns["enterprise_id"].extend([device.enterprise_id] * count)
    columns["cn"].extend([str(message.cn)] * count)
    columns["data_time"].extend([stamp] * count)
    columns["packet_id"].extend([packet_id] * count)
    columns["received_at"].extend([received] * count)
    for name in ("factor", "rtd", "min", "avg", "max", "cou", "flag"):
        columns[name].extend([getattr(reading, name) for reading in rows])
    batch.rows += count
    return count


def add_refusal(
    batch: Batch,
    *,
    day: str,
    received: float,
    peer: str,
    mn: str | None,
    reason: str,
    field_name: str | None,
    detail: str,
    packet: bytes,
    size: int | None = None,
) -> None:
    """Archive a refused packet (its first 4 KB) or skipped bytes, with the reason;
    ``size`` is the whole size when ``packet`` holds only the start of what was skipped."""
    columns = batch.columns("rejected", day).data
    columns["received_at"].append(received)
    columns["peer"].append(peer)
    columns["mn"].append(mn)
    columns["reason"].append(reason)
    columns["field"].append(field_name)
    columns["detail"].append(detail)
    columns["size"].append(len(packet) if size is None else size)
    columns["packet"].append(packet[:MAX_ARCHIVED_BYTES])
    batch.rows += 1


def write_batch(root: Path, batch: Batch) -> set[str]:
    """Write every table and date of ``batch`` as new part files; the dates of values written."""
    for table, by_date in batch.tables.items():
        for date, columns in by_date.items():
            if len(columns):
                write_part(root, table, date, arrow_table(table, columns))
    return batch.value_dates()


def arrow_table(table: str, columns: Columns) -> pa.Table:
    schema = TABLES[table]
    arrays = []
    for column in schema:
        values = columns.data[column.name]
        if column.name == "data_time" and table == "values":
            raw = pa.array(values, pa.string())
            arrays.append(pc.strptime(raw, format="%Y%m%d%H%M%S", unit="us"))
        elif column.name == "received_at":
            micros = pa.array([round(v * 1_000_000) for v in values], pa.int64())
            arrays.append(micros.cast(column.type))
        else:
            arrays.append(pa.array(values, column.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def partition(root: Path, table: str, date: str) -> Path:
    return root / table / f"date={date}"


def write_part(root: Path, table: str, date: str, data: pa.Table, name: str | None = None) -> Path:
    """Write ``data`` as one file of the partition; atomically (dot-name, then rename).

    ``name`` replaces a file of that name (the hourly roll-up); by default a new
    unique part name is used, so nothing is overwritten.
    """
    folder = partition(root, table, date)
    folder.mkdir(parents=True, exist_ok=True)
    if name is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"
    temporary = folder / f".{name}.{uuid.uuid4().hex[:8]}.tmp"  # unique: workers may race
    pq.write_table(data, temporary, compression="zstd")
    os.replace(temporary, folder / name)
    return folder / name


def has_files(root: Path, table: str) -> bool:
    folder = root / table
    return folder.is_dir() and any(folder.glob("date=*/*.parquet"))


_DUCK_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.binary(): "BLOB",
    pa.timestamp("us"): "TIMESTAMP",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
}


def _view_sql(root: Path, table: str) -> str:
    if has_files(root, table):
        pattern = str(root / table / "date=*" / "*.parquet").replace("'", "''")
        return (
            f"SELECT * FROM read_parquet('{pattern}', hive_partitioning = true, "
            "hive_types = {'date': DATE}, union_by_name = true)"
        )
    columns = ", ".join(f"CAST(NULL AS {_DUCK_TYPES[f.type]}) AS {f.name}" for f in TABLES[table])
    return f"SELECT {columns}, CAST(NULL AS DATE) AS date WHERE false"


QUERY_MEMORY = "1GB"  # per connection; beyond it DuckDB spills to <root>/_tmp


def connect(root: Path, tables: Iterable[str] = TABLES) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per store table (empty when no files).

    Memory is capped (``QUERY_MEMORY``, two threads) so that a roll-up of a large date
    inside the receiver, or a page, cannot take the machine's memory.
    """
    connection = duckdb.connect(
        config={
            "memory_limit": QUERY_MEMORY,
            "threads": 2,
            "temp_directory": str(root / "_tmp"),
        }
    )
    connection.execute("SET TimeZone = 'UTC'")
    for table in tables:
        connection.execute(f'CREATE VIEW "{table}" AS {_view_sql(root, table)}')
    return connection
