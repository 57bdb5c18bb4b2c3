"""Vehicle detections in the measurement store, read with DuckDB.

Under ``<data folder>/measurements/vehicle_detections/bucket=NN/part-*.parquet``: the
detections are many (a million a year for the region) and are looked up by plate, so they
are partitioned by a hash bucket of the plate (FNV-1a of its UTF-8 bytes, modulo
``BUCKETS``) and each part file is sorted by plate and time, in row groups whose plate
ranges a reader skips (``history``). One plate's history reads the part files of one bucket only.
Part files written under a dot-name, synced and renamed (``monitoring.store.write_part``);
each import adds one per bucket. ``compact`` merges a bucket's files into one (so a look-up
reads one file, not one per import since the last compaction), as the monitoring store's
compaction does: under the bucket's lock, the merged file renamed in, then the merged
files deleted. ``history`` reads a plate's rows once even in the moment both are listed,
and lists again if a file it listed was deleted. One row per detection:

| column | type | |
|---|---|---|
| ``plate`` | string | as ``domain.mobile.check_plate`` stores it |
| ``plate_colour`` | string | ``PlateColour`` |
| ``time`` | timestamp (µs, no zone) | China Standard Time |
| ``member`` | string | the detecting member (GB/T 2260 code) |
| ``city`` | string | the city where it was detected |
| ``place`` | string | the site (a road, a car park, an inspection station) |
| ``method`` | string | ``DetectionMethod`` |
| ``result`` | string | ``DetectionResult`` |
| ``co_percent``, ``hc_ppm``, ``no_ppm``, ``opacity_percent`` | double | null = not measured |
| ``imported_at`` | timestamp (µs, UTC) | when the file was imported |
| ``batch`` | string | the import's file digest (SHA-256, 16 hex digits) |

A detection (plate, time, method) is stored once: an import that holds one stored already
is refused with its rows named (``mobile/importing.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from deltacap.monitoring import store as measurement_store
from deltacap.monitoring.compaction import locked_folder

TABLE = "vehicle_detections"
BUCKETS = 64
ROW_GROUP = 4096
MEASURES = ("co_percent", "hc_ppm", "no_ppm", "opacity_percent")
SCHEMA = pa.schema(
    [
        ("plate", pa.string()),
        ("plate_colour", pa.string()),
        ("time", pa.timestamp("us")),
        ("member", pa.string()),
        ("city", pa.string()),
        ("place", pa.string()),
        ("method", pa.string()),
        ("result", pa.string()),
        *[(name, pa.float64()) for name in MEASURES],
        ("imported_at", pa.timestamp("us", tz="UTC")),
        ("batch", pa.string()),
    ]
)
_FNV_OFFSET, _FNV_PRIME = 2166136261, 16777619


def root(data_dir: Path | None = None) -> Path:
    return measurement_store.store_root(data_dir)


def bucket_of(plate: str) -> int:
    """The bucket of one plate (the same as :func:`buckets` gives a column)."""
    value = _FNV_OFFSET
    for byte in plate.encode("utf-8"):
        value = ((value ^ byte) * _FNV_PRIME) & 0xFFFFFFFF
    return value % BUCKETS


def buckets(plates: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The bucket of every plate of a column: FNV-1a over the bytes, one step per byte
    position for all plates at once."""
    array = pc.cast(plates, pa.binary())
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    n = len(array)
    offsets = np.frombuffer(array.buffers()[1], np.int32)[array.offset : array.offset + n + 1]
    data = np.frombuffer(array.buffers()[2], np.uint8)
    lengths = np.diff(offsets)
    starts = offsets[:-1]
    value = np.full(n, _FNV_OFFSET, np.uint32)
    for position in range(int(lengths.max()) if n else 0):
        live = lengths > position
        byte = data[starts[live] + position].astype(np.uint32)
        value[live] = (value[live] ^ byte) * np.uint32(_FNV_PRIME)
    return (value % BUCKETS).astype(np.int32)


def plate_ranks(plates: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Each plate's rank among the column's distinct plates in sorted order: sorting by it
    sorts by plate (a sort of the few distinct plates, not of every row's text)."""
    if isinstance(plates, pa.ChunkedArray):
        plates = plates.combine_chunks()
    encoded = pc.dictionary_encode(plates)
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank[pc.fill_null(encoded.indices, 0).to_numpy()]


def _label(bucket: int) -> str:
    return f"{bucket:02d}"


def folder(root_dir: Path, bucket: int) -> Path:
    return root_dir / TABLE / f"bucket={_label(bucket)}"


def write(root_dir: Path, data: pa.Table) -> int:
    """Write ``data`` (``SCHEMA``) as one part file per bucket, sorted by plate and time,
    durably; the rows written."""
    if data.num_rows == 0:
        return 0
    data = data.select(SCHEMA.names).cast(SCHEMA)
    bucket = buckets(data["plate"])
    order = _sorted_order(data, bucket)
    data = data.take(pa.array(order))
    labels = bucket[order]
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    ends = np.r_[starts[1:], len(labels)]
    folders = set()
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        target = folder(root_dir, int(labels[start]))
        target.mkdir(parents=True, exist_ok=True)
        _write_part(target, data.slice(start, end - start))
        folders.add(target)
    for written in folders:
        measurement_store.sync_folder(written)
    return data.num_rows


def _sorted_order(data: pa.Table, bucket: np.ndarray | None = None) -> np.ndarray:
    """The order of ``data``'s rows by (bucket,) plate and time."""
    time = data["time"].to_numpy().astype(np.int64)
    keys = (time, plate_ranks(data["plate"]))
    return np.lexsort(keys if bucket is None else (*keys, bucket))


def _write_part(target: Path, rows: pa.Table) -> Path:
    """``rows`` as a new part file of the folder ``target``: written under a dot-name,
    synced, renamed (the folder itself is synced by the caller)."""
    name = measurement_store.part_name()
    temporary = target / f".{name}.tmp"
    try:
        with temporary.open("wb") as file:
            pq.write_table(rows, file, compression="zstd", row_group_size=ROW_GROUP)
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(target / name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target / name


@dataclass(frozen=True)
class Compacted:
    """One bucket compacted: ``files`` part files became one, of ``rows`` detections."""

    bucket: int
    files: int
    rows: int


def compact(
    root_dir: Path,
    *,
    min_files: int = 2,
    progress: Callable[[int], None] | None = None,
) -> list[Compacted]:
    """Merge the part files of every bucket that has at least ``min_files`` into one,
    sorted by plate and time; what was merged. A bucket whose lock another compactor holds
    is left alone. ``progress`` is told each bucket as it is done."""
    done = []
    for bucket in range(BUCKETS):
        result = compact_bucket(root_dir, bucket, min_files=min_files)
        if result is not None:
            done.append(result)
        if progress is not None:
            progress(bucket)
    return done


def compact_bucket(root_dir: Path, bucket: int, *, min_files: int = 2) -> Compacted | None:
    """One bucket's part files merged into one; None when it has fewer than ``min_files``
    (at least 2) or another compactor holds it."""
    target = folder(root_dir, bucket)
    if not target.is_dir():
        return None
    with locked_folder(target) as locked:
        if not locked:
            return None
        parts = _parts(target)
        if len(parts) < max(min_files, 2):
            return None
        data = pa.concat_tables(pq.read_table(part).cast(SCHEMA) for part in parts)
        _write_part(target, data.take(pa.array(_sorted_order(data))))
        for part in parts:
            part.unlink()
        measurement_store.sync_folder(target)
    return Compacted(bucket, len(parts), data.num_rows)


def _parts(target: Path) -> list[Path]:
    """The folder's finished part files (not the dot-names of files being written)."""
    return sorted(p for p in target.glob("*.parquet") if not p.name.startswith("."))


def _pattern(root_dir: Path, bucket: int | None) -> str:
    where = folder(root_dir, bucket) if bucket is not None else root_dir / TABLE / "bucket=*"
    return str(where / "*.parquet").replace("'", "''")


def has_files(root_dir: Path, bucket: int | None = None) -> bool:
    where = folder(root_dir, bucket) if bucket is not None else root_dir / TABLE
    return where.is_dir() and any(where.rglob("*.parquet"))


def view_sql(root_dir: Path, bucket: int | None = None, among: Iterable[int] | None = None) -> str:
    """Every file of the table, or of one bucket, or of the buckets ``among`` (empty, with
    its columns, when none)."""
    empty = measurement_store.no_rows_sql(SCHEMA, dated=False)
    chosen: list[int | None] = [bucket] if among is None else [*sorted(set(among))]
    patterns = [_pattern(root_dir, b) for b in chosen if has_files(root_dir, b)]
    if not patterns:
        return empty
    names, files = ", ".join(SCHEMA.names), ", ".join(f"'{p}'" for p in patterns)
    return (
        f"{empty} UNION ALL BY NAME SELECT {names} FROM read_parquet([{files}], "
        "hive_partitioning = false, union_by_name = true)"
    )


def connect(
    root_dir: Path, bucket: int | None = None, among: Iterable[int] | None = None
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (memory capped as the store's) with the view
    ``vehicle_detections`` (of one bucket only, or of the buckets ``among``, where given)."""
    connection = measurement_store.connect(root_dir, tables=())
    connection.execute(f"CREATE VIEW {TABLE} AS {view_sql(root_dir, bucket, among)}")
    return connection


# Footers of part files read by this process, by path: part files are written once and
# never changed (a new import writes new ones), so a footer read stays true.
_FOOTERS: dict[str, pq.FileMetaData] = {}
_FOOTERS_KEPT = 8192


def _footer(path: str) -> pq.FileMetaData:
    found = _FOOTERS.get(path)
    if found is None:
        if len(_FOOTERS) >= _FOOTERS_KEPT:
            _FOOTERS.clear()
        found = _FOOTERS[path] = pq.ParquetFile(path).metadata
    return found


def _holding(footer: pq.FileMetaData, plate: str) -> list[int]:
    """The row groups whose plate range (min/max statistics) holds ``plate``."""
    column = footer.schema.names.index("plate")
    groups = []
    for index in range(footer.num_row_groups):
        stats = footer.row_group(index).column(column).statistics
        if stats is None or not stats.has_min_max or stats.min <= plate <= stats.max:
            groups.append(index)
    return groups


def history(root_dir: Path, plate: str) -> pa.Table:
    """One plate's detections, the latest first. Reads the part files of the plate's bucket
    only, and in them only the row groups whose plate range holds it (Parquet statistics,
    with the footers kept by the process; pyarrow, without the cost of a DuckDB connection
    for one plate)."""
    for attempt in range(3):
        try:
            return _history(root_dir, plate)
        except FileNotFoundError:  # a compaction deleted a file this look-up had listed
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _history(root_dir: Path, plate: str) -> pa.Table:
    parts = []
    for path in _parts(folder(root_dir, bucket_of(plate))):
        footer = _footer(str(path))
        groups = _holding(footer, plate)
        if groups:
            rows = pq.ParquetFile(path, metadata=footer).read_row_groups(groups)
            parts.append(rows.filter(pc.equal(rows["plate"], plate)).cast(SCHEMA))
    if not parts:
        return SCHEMA.empty_table()
    table = pa.concat_tables(parts).sort_by([("time", "descending"), ("method", "ascending")])
    if len(parts) > 1:  # a compaction's merged file beside the files it merged: once each
        table = _once(table)
    return table


def _once(table: pa.Table) -> pa.Table:
    """The rows of ``table`` (sorted by time and method) with each detection (time,
    method) kept once."""
    time = table["time"].to_numpy().astype(np.int64)
    method = table["method"].to_numpy(zero_copy_only=False)
    repeated = np.r_[False, (time[1:] == time[:-1]) & (method[1:] == method[:-1])]
    return table.filter(pa.array(~repeated)) if repeated.any() else table


def stored_keys(root_dir: Path, keys: pa.Table) -> pa.Table:
    """Which (plate, time, method) of ``keys`` are stored already."""
    if not has_files(root_dir):
        return keys.slice(0, 0)
    connection = connect(root_dir)
    try:
        connection.register("incoming", keys)
        return connection.sql(
            f"SELECT DISTINCT i.plate, i.time, i.method FROM incoming i JOIN {TABLE} d "
            "ON d.plate = i.plate AND d.time = i.time AND d.method = i.method"
        ).to_arrow_table()
    finally:
        connection.close()
