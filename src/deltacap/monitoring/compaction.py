"""Compaction of the measurement store: many small part files of a date become one.

The receiver writes a part file per table and date at every flush (several a
second under load). ``compact_partition`` merges a partition's small parts that
are older than ``min_age_seconds`` into one file and then deletes them:

1. take the partition's lock (``.compact.lock``; a second compactor skips the date,
   receivers writing new parts are not held up: their parts are not touched);
2. write the merged rows under a dot-name (Spark, Trino and the store's globs skip it),
   sync it, rename it to a new ``part-*.parquet`` name;
3. delete the merged parts and sync the folder.

What readers see: a query that lists the partition before step 2's rename reads the
parts, one that lists after step 3 reads the merged file; both give the same rows.
Between the rename and the last delete (a few milliseconds) a listing can see a
row twice; the hourly roll-up counts a record once (the last received) so its
figures do not change, but a raw ``count(*)`` could. A reader that listed the parts
and opens one after it was deleted gets a missing-file error and must run again
(Spark's ``spark.sql.files.ignoreMissingFiles`` would drop those rows silently instead).
Snapshot isolation would need a table format (Iceberg, Delta Lake).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from deltacap.monitoring import store

COMPACTED_TABLES = ("values", "packets", "rejected")  # hourly is one file per date already
MIN_FILES = 16
MAX_FILE_BYTES = 64 * 1024 * 1024  # parts at least this large are left as they are
MIN_AGE_SECONDS = 10.0
ROW_GROUP_ROWS = 256 * 1024


@dataclass(frozen=True)
class Compacted:
    """One partition compacted: how many parts became ``file``, with how many rows."""

    table: str
    date: str
    parts: int
    rows: int
    file: Path


def compact(
    root: Path,
    *,
    tables: Iterable[str] = COMPACTED_TABLES,
    dates: Iterable[str] | None = None,
    min_files: int = MIN_FILES,
    min_age_seconds: float = MIN_AGE_SECONDS,
) -> list[Compacted]:
    """Compact every partition of ``tables`` (of ``dates``, default all) that has at least
    ``min_files`` small parts; what was compacted."""
    wanted = None if dates is None else set(dates)
    done = []
    for table in tables:
        for folder in sorted((root / table).glob("date=*")):
            date = folder.name.removeprefix("date=")
            if wanted is not None and date not in wanted:
                continue
            result = compact_partition(
                root, table, date, min_files=min_files, min_age_seconds=min_age_seconds
            )
            if result is not None:
                done.append(result)
    return done


def compact_partition(
    root: Path,
    table: str,
    date: str,
    *,
    min_files: int = MIN_FILES,
    min_age_seconds: float = MIN_AGE_SECONDS,
) -> Compacted | None:
    """Merge the small parts of one partition into one file; None when there was too little
    to merge or another compactor holds the partition."""
    folder = store.partition(root, table, date)
    if not folder.is_dir():
        return None
    with locked_folder(folder) as locked:
        if not locked:
            return None
        parts = _small_parts(folder, store.TABLES[table], min_age_seconds)
        if len(parts) < max(min_files, 2):
            return None
        merged, rows = _merge(folder, store.TABLES[table], parts)
        for part in parts:
            part.unlink()
        store.sync_folder(folder)
    return Compacted(table, date, len(parts), rows, merged)


@contextmanager
def locked_folder(folder: Path) -> Iterator[bool]:
    """Hold the folder's compaction lock (``.compact.lock``): True, or False at once when
    another compactor holds it."""
    with (folder / ".compact.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _small_parts(folder: Path, schema: pa.Schema, min_age_seconds: float) -> list[Path]:
    """Finished parts (not dot-files) smaller than MAX_FILE_BYTES, older than the age, of
    the table's current schema (older layouts are left alone), oldest name first."""
    newest = time.time() - min_age_seconds
    found = []
    for path in sorted(folder.glob("part-*.parquet")):
        try:
            info = path.stat()
            if info.st_size >= MAX_FILE_BYTES or info.st_mtime > newest:
                continue
            if pq.read_schema(path).equals(schema):
                found.append(path)
        except (OSError, pa.ArrowInvalid):
            continue  # vanished or unreadable: not ours to judge here
    return found


def _merge(folder: Path, schema: pa.Schema, parts: list[Path]) -> tuple[Path, int]:
    """Write the rows of ``parts`` in order to one new, synced part file; it and its rows."""
    name = store.part_name()
    temporary = folder / f".{name}.compacting"
    rows = 0
    pending: list[pa.Table] = []
    try:
        with temporary.open("wb") as file:
            with pq.ParquetWriter(file, schema, compression="zstd") as writer:
                for part in parts:
                    data = pq.ParquetFile(part).read()
                    pending.append(data)
                    rows += data.num_rows
                    if sum(t.num_rows for t in pending) >= ROW_GROUP_ROWS:
                        writer.write_table(pa.concat_tables(pending))
                        pending = []
                if pending:
                    writer.write_table(pa.concat_tables(pending))
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, folder / name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return folder / name, rows
