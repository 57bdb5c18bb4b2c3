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

import itertools
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from deltacap.domain import hj212
from deltacap.domain.hj212.pollutants import POLLUTANTS
from deltacap.domain.ingest import RegisteredDevice
from deltacap.domain.screening import Screen
from deltacap.monitoring.screening import suspect_column

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
        # Why the row's values count in no total ("type", "range"; domain.screening), or null.
        ("suspect", pa.string()),
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


# Columns of a value row that are the same for every factor of a packet: kept once per
# packet until written, then repeated (``arrow_table``).
PER_PACKET = {
    "values": ("mn", "outlet_id", "enterprise_id", "cn", "data_time", "packet_id", "received_at")
}
# Columns computed from the others when written (the screening of the values).
COMPUTED = {"values": ("suspect",)}
TYPE_ONLY = Screen()  # Annex B's data types, no configured ranges


@dataclass
class Columns:
    """Rows of one table and one date, kept as column lists until written. The columns in
    ``per_packet`` hold one entry per packet, and ``counts`` the rows of each packet."""

    names: tuple[str, ...]
    per_packet: tuple[str, ...] = ()
    data: dict[str, list[Any]] = field(init=False)
    counts: list[int] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.data = {name: [] for name in self.names}
        self._row_column = next(n for n in self.names if n not in self.per_packet)

    def __len__(self) -> int:
        return len(self.data[self._row_column])


@dataclass
class Batch:
    """What the receiver gathered since its last flush: per table, per date, column lists.

    ``data_time`` of values is kept as the 14 digits sent and ``received_at`` as
    epoch seconds; both are converted in bulk when written, and the values screened with
    ``screen`` (the deployment's plausible ranges, ``screening.load_screen``).
    """

    tables: dict[str, dict[str, Columns]] = field(default_factory=dict)
    rows: int = 0
    screen: Screen = TYPE_ONLY

    def columns(self, table: str, date: str) -> Columns:
        by_date = self.tables.setdefault(table, {})
        found = by_date.get(date)
        if found is None:
            found = by_date[date] = Columns(tuple(TABLES[table].names), PER_PACKET.get(table, ()))
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
    """Add one row per factor of an accepted upload (which has DataTime); the rows added.

    The rows are those of ``ingest.readings`` (2005 codes mapped to 2017 codes, values as
    floats), appended column by column without an object per row: this runs once per
    packet in the receiver's event loop.
    """
    stamp = (message.cp.get("DataTime") or "")[:14]
    table = batch.columns("values", f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}")
    columns = table.data
    values = message.values
    count = len(values)
    factor, rtd, low, avg, high, cou, flag = (
        columns["factor"],
        columns["rtd"],
        columns["min"],
        columns["avg"],
        columns["max"],
        columns["cou"],
        columns["flag"],
    )
    # Numbers stay text here and are converted in bulk when written (``NUMBERS``).
    for code, items in values.items():
        get = items.get
        factor.append(_factor_of(code))
        rtd.append(get("Rtd"))
        low.append(get("Min"))
        avg.append(get("Avg"))
        high.append(get("Max"))
        cou.append(get("Cou"))
        flag.append(get("Flag"))
    columns["mn"].append(device.mn)
    columns["outlet_id"].append(device.outlet_id)
    columns["enterprise_id"].append(device.enterprise_id)
    columns["cn"].append(str(message.cn))
    columns["data_time"].append(stamp)
    columns["packet_id"].append(packet_id)
    columns["received_at"].append(received)
    table.counts.append(count)
    batch.rows += count
    return count


# Factor code as stored, by code as sent: ``ingest.readings`` maps 2005 codes to 2017
# codes (Annex B). Only codes of the tables are kept, so a device inventing codes cannot
# make this grow.
_FACTORS: dict[str, str] = {}


def _factor_of(code: str) -> str:
    found = _FACTORS.get(code)
    if found is None:
        found = code if code in POLLUTANTS else hj212.code_2017(code)
        if found is None:
            return code
        _FACTORS[code] = found
    return found


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
    """Write every table and date of ``batch`` as new part files, durably (on disk when this
    returns: each file and its folder are synced); the dates of values written."""
    folders = set()
    for table, by_date in batch.tables.items():
        for date, columns in by_date.items():
            if len(columns):
                data = arrow_table(table, columns, batch.screen)
                written = write_part(root, table, date, data, sync=False)
                folders.add(written.parent)
    for folder in folders:
        sync_folder(folder)
    return batch.value_dates()


def arrow_table(table: str, columns: Columns, screen: Screen = TYPE_ONLY) -> pa.Table:
    """The rows of ``columns`` as an Arrow table of ``table``'s schema; value rows are
    screened with ``screen`` (the ``suspect`` column)."""
    schema = TABLES[table]
    arrays: dict[str, pa.Array] = {}
    parents = None
    if columns.per_packet:  # row i belongs to packet parents[i]
        offsets = pa.array([0, *itertools.accumulate(columns.counts)], pa.int32())
        rows = pa.nulls(len(columns), pa.int8())
        parents = pc.list_parent_indices(pa.ListArray.from_arrays(offsets, rows))
    computed = COMPUTED.get(table, ())
    for column in schema:
        if column.name in computed:
            continue
        array = _array(table, column, columns.data[column.name])
        if parents is not None and column.name in columns.per_packet:
            array = array.take(parents)
        arrays[column.name] = array
    if table == "values":
        numbers = {name: arrays[name] for name in NUMBERS}
        arrays["suspect"] = suspect_column(arrays["factor"], numbers, screen)
    return pa.Table.from_arrays([arrays[column.name] for column in schema], schema=schema)


# Value columns kept as the text sent until written: the codec checked each is
# ``-?digits[.digits]``, which Arrow's cast reads as Python's ``float`` does.
NUMBERS = frozenset({"rtd", "min", "avg", "max", "cou"})


def _array(table: str, column: pa.Field, values: list[Any]) -> pa.Array:
    if table == "values" and column.name in NUMBERS:
        return pa.array(values, pa.string()).cast(pa.float64())
    if column.name == "data_time" and table == "values":
        raw = pa.array(values, pa.string())
        return pc.strptime(raw, format="%Y%m%d%H%M%S", unit="us")
    if column.name == "received_at":
        seconds = pa.array(values, pa.float64())
        micros = pc.round(pc.multiply(seconds, 1_000_000.0)).cast(pa.int64())
        return micros.cast(column.type)
    return pa.array(values, column.type)


def partition(root: Path, table: str, date: str) -> Path:
    return root / table / f"date={date}"


def write_part(
    root: Path,
    table: str,
    date: str,
    data: pa.Table,
    name: str | None = None,
    *,
    sync: bool = True,
) -> Path:
    """Write ``data`` as one file of the partition; atomically (dot-name, then rename).

    ``name`` replaces a file of that name (the hourly roll-up); by default a new
    unique part name is used, so nothing is overwritten. The file's bytes are synced
    before the rename, and the folder after it unless ``sync`` is off (the caller then
    syncs the folder once for several files).
    """
    folder = partition(root, table, date)
    folder.mkdir(parents=True, exist_ok=True)
    if name is None:
        name = part_name()
    temporary = folder / f".{name}.{uuid.uuid4().hex[:8]}.tmp"  # unique: workers may race
    with temporary.open("wb") as file:
        pq.write_table(data, file, compression="zstd")
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, folder / name)
    if sync:
        sync_folder(folder)
    return folder / name


def part_name(kind: str = "part") -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{kind}-{stamp}-{uuid.uuid4().hex[:8]}.parquet"


def sync_folder(folder: Path) -> None:
    """Make renames and unlinks in ``folder`` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def has_files(root: Path, table: str) -> bool:
    folder = root / table
    return folder.is_dir() and any(folder.glob("date=*/*.parquet"))


_DUCK_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.int32(): "INTEGER",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.binary(): "BLOB",
    pa.timestamp("us"): "TIMESTAMP",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
}


def no_rows_sql(schema: pa.Schema, *, dated: bool = True) -> str:
    """A SELECT of no rows with the columns of ``schema`` (and the partition's ``date``):
    what a table's view reads before any file exists, and what gives a column a file
    lacks (written before the column was added) its type."""
    columns = ", ".join(f"CAST(NULL AS {_DUCK_TYPES[f.type]}) AS {f.name}" for f in schema)
    return f"SELECT {columns}{', CAST(NULL AS DATE) AS date' if dated else ''} WHERE false"


def dated_view_sql(root: Path, table: str, schema: pa.Schema) -> str:
    """Every file of ``table`` (partitioned by ``date=``) with the columns of ``schema``;
    a column a file lacks reads as null, even when no file has it yet."""
    empty = no_rows_sql(schema)
    if not has_files(root, table):
        return empty
    pattern = str(root / table / "date=*" / "*.parquet").replace("'", "''")
    return (
        f"{empty} UNION ALL BY NAME SELECT * FROM read_parquet('{pattern}', "
        "hive_partitioning = true, hive_types = {'date': DATE}, union_by_name = true)"
    )


def _view_sql(root: Path, table: str) -> str:
    return dated_view_sql(root, table, TABLES[table])


def connect_dated(root: Path, table: str, schema: pa.Schema) -> duckdb.DuckDBPyConnection:
    """A connection (memory capped as the store's) with one view: ``table`` of another
    capability's store (air hours, water readings), partitioned by date like these."""
    connection = connect(root, tables=())
    connection.execute(f'CREATE VIEW "{table}" AS {dated_view_sql(root, table, schema)}')
    return connection


def write_by_date(
    root: Path,
    table: str,
    data: pa.Table,
    schema: pa.Schema,
    order: list[str],
    *,
    name: str | None = None,
) -> int:
    """Write ``data`` as one part file per date of its ``time`` column, sorted by date and
    then by the columns ``order``, durably (each folder synced once); the rows written.
    No loop per row: one sort, then a slice per date. ``name`` replaces a file of that
    name in each partition, else new part names are used."""
    if data.num_rows == 0:
        return 0
    data = data.select(schema.names).cast(schema)
    days = pc.cast(pc.cast(data["time"], pa.date32()), pa.string())
    keys = pa.table({"_date": days, **{c: data[c] for c in order}})
    indices = pc.sort_indices(keys, sort_keys=[(c, "ascending") for c in keys.column_names])
    data, days = data.take(indices), days.take(indices)
    labels = days.to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    ends = np.r_[starts[1:], len(labels)]
    folders = set()
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        part = data.slice(start, end - start)
        folders.add(write_part(root, table, str(labels[start]), part, name, sync=False).parent)
    for folder in folders:
        sync_folder(folder)
    return data.num_rows


def stored_pairs(
    root: Path, table: str, schema: pa.Schema, column: str, keys: list[tuple[str, datetime]]
) -> set[tuple[str, datetime]]:
    """Which (``column`` value, time) pairs of ``keys`` the date-partitioned ``table`` holds
    already (only the files of their dates are read): what an import refuses to store twice
    (a water section's reading, a fence-line station's hour)."""
    if not keys or not has_files(root, table):
        return set()
    days = sorted({t.date() for _, t in keys})
    incoming = pa.table(
        {
            column: pa.array([s for s, _ in keys], pa.string()),
            "time": pa.array([t for _, t in keys], pa.timestamp("us")),
        }
    )
    connection = connect_dated(root, table, schema)
    try:
        connection.register("incoming", incoming)
        placeholders = ", ".join("?" for _ in days)
        found = connection.execute(
            f'SELECT DISTINCT i."{column}", i.time FROM incoming i JOIN "{table}" s '
            f'ON s."{column}" = i."{column}" AND s.time = i.time '
            f"WHERE s.date IN ({placeholders})",
            days,
        ).fetchall()
    finally:
        connection.close()
    return {(s, t) for s, t in found}


QUERY_MEMORY = "1GB"  # per connection; beyond it DuckDB spills to <root>/_tmp


def connect(
    root: Path,
    tables: Iterable[str] = TABLES,
    *,
    memory: str = QUERY_MEMORY,
    threads: int = 2,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per store table (empty when no files).

    Memory is capped (``memory``, ``threads``) so that a roll-up of a large date
    inside the receiver, or a page, cannot take the machine's memory.
    """
    connection = duckdb.connect(
        config={
            "memory_limit": memory,
            "threads": threads,
            "temp_directory": str(root / "_tmp"),
        }
    )
    connection.execute("SET TimeZone = 'UTC'")
    for table in tables:
        connection.execute(f'CREATE VIEW "{table}" AS {_view_sql(root, table)}')
    return connection
