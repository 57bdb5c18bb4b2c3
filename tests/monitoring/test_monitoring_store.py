"""The measurement store: value rows as the domain reads them, durable part files, and
compaction that merges a date's parts without losing or doubling a row."""

from __future__ import annotations

import fcntl
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from deltacap.domain import hj212
from deltacap.domain.ingest import readings
from deltacap.monitoring import compaction, store
from tests.monitoring.conftest import MN1, REGISTRY, make_packet


def _rows(root: Path, table: str) -> list[tuple[object, ...]]:
    with store.connect(root, [table]) as connection:
        return connection.execute(f'SELECT * EXCLUDE (date) FROM "{table}" ORDER BY ALL').fetchall()


def test_value_rows_are_the_domain_readings_with_2005_codes_mapped(store_dir: Path) -> None:
    message = hj212.parse(
        make_packet(
            values={
                "011": {"Avg": "40.5", "Cou": "0.7", "Flag": "N"},  # COD as HJ/T 212-2005 coded it
                "w21003": {"Rtd": "-1.25", "Min": "0", "Max": "3", "Flag": "T"},
                "w99999": {"Avg": "7"},  # a code outside the tables is kept as sent
            }
        )
    )
    batch = store.Batch()
    added = store.add_values(
        batch, device=REGISTRY[MN1], message=message, packet_id=7, received=1.5e9
    )
    store.write_batch(store_dir, batch)
    rows = _rows(store_dir, "values")
    expected = sorted(
        (r.factor, r.rtd, r.min, r.avg, r.max, r.cou, r.flag) for r in readings(message)
    )
    assert added == 3 and sorted(row[5:12] for row in rows) == expected
    assert {row[5] for row in rows} == {"w01018", "w21003", "w99999"}
    assert all(row[12] == 7 and row[13] == datetime.fromtimestamp(1.5e9, UTC) for row in rows)


def _write_parts(root: Path, count: int) -> None:
    for i in range(count):
        data = {name: [None] for name in store.PACKETS_SCHEMA.names}
        data["packet_id"] = [i]
        data["packet"] = [f"packet {i}"]
        table = pa.table(data, schema=store.PACKETS_SCHEMA)
        store.write_part(root, "packets", "2026-03-02", table)


def test_compaction_merges_the_parts_of_a_date_into_one_file(store_dir: Path) -> None:
    _write_parts(store_dir, 20)
    before = _rows(store_dir, "packets")
    done = compaction.compact(store_dir, min_files=2, min_age_seconds=0)
    folder = store.partition(store_dir, "packets", "2026-03-02")
    assert [(c.table, c.parts, c.rows) for c in done] == [("packets", 20, 20)]
    assert [p.name for p in folder.glob("*.parquet")] == [done[0].file.name]
    assert _rows(store_dir, "packets") == before
    assert not [p for p in folder.iterdir() if p.name.endswith((".tmp", ".compacting"))]


def test_compaction_leaves_young_parts_and_few_parts_alone(store_dir: Path) -> None:
    _write_parts(store_dir, 3)
    assert compaction.compact(store_dir, min_files=2, min_age_seconds=3600) == []
    assert compaction.compact(store_dir, min_files=4, min_age_seconds=0) == []
    assert len(list(store.partition(store_dir, "packets", "2026-03-02").glob("*.parquet"))) == 3


def test_a_partition_another_compactor_holds_is_skipped(store_dir: Path) -> None:
    _write_parts(store_dir, 4)
    folder = store.partition(store_dir, "packets", "2026-03-02")
    with (folder / ".compact.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert compaction.compact_partition(store_dir, "packets", "2026-03-02", min_files=2) is None
    assert len(list(folder.glob("*.parquet"))) == 4
    assert compaction.compact_partition(
        store_dir, "packets", "2026-03-02", min_files=2, min_age_seconds=0
    )


@pytest.mark.parametrize("table", ["values", "packets", "rejected"])
def test_compacted_tables_keep_their_schema(store_dir: Path, table: str) -> None:
    empty = pa.table({n: [] for n in store.TABLES[table].names}, schema=store.TABLES[table])
    for _ in range(2):
        store.write_part(store_dir, table, "2026-03-02", empty)
    (merged,) = compaction.compact(store_dir, tables=[table], min_files=2, min_age_seconds=0)
    assert pq.read_schema(merged.file).equals(store.TABLES[table])
