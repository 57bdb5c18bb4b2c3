"""The receiver's store maintenance: a stopping receiver rolls up but leaves compaction,
which the next start then does for the partitions left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyarrow as pa

from deltacap.monitoring import store
from deltacap.monitoring.maintenance import Maintainer

DATE = "2026-03-02"


def _old_parts(root: Path, count: int) -> Path:
    """``count`` small packet parts of DATE, written a minute ago."""
    for i in range(count):
        data = {name: [None] for name in store.PACKETS_SCHEMA.names}
        data["packet_id"] = [i]
        data["packet"] = [f"packet {i}"]
        store.write_part(root, "packets", DATE, pa.table(data, schema=store.PACKETS_SCHEMA))
    folder = store.partition(root, "packets", DATE)
    past = time.time() - 60
    for part in folder.glob("*.parquet"):
        os.utime(part, (past, past))
    return folder


def test_a_stopping_receiver_leaves_compaction_to_the_next_start(store_dir: Path) -> None:
    folder = _old_parts(store_dir, 20)
    stopping = Maintainer(store_dir, rollup_seconds=60, compact_seconds=1e-6)
    stopping.finish()
    assert len(list(folder.glob("*.parquet"))) == 20  # not merged while stopping

    # The parts were written before this start: its first compaction still takes them.
    started = Maintainer(store_dir, rollup_seconds=60, compact_seconds=1e-6)
    time.sleep(0.01)
    started.run_due()
    (merged,) = folder.glob("*.parquet")
    with store.connect(store_dir, ["packets"]) as connection:
        rows = connection.execute('SELECT packet_id FROM "packets" ORDER BY 1').fetchall()
    assert rows == [(i,) for i in range(20)] and merged.name.startswith("part-")
