"""The detection store: the plate's bucket is the same for one plate and for a column, a
look-up reads one plate's rows only, compaction leaves every history as it was, and files
are read in either encoding or as Excel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from deltacap.mobile import services, store
from tests.mobile.conftest import ago
from tests.mobile.files import detection, detections_csv, workbook


def test_a_columns_buckets_are_each_plates_bucket() -> None:
    plates = ["苏E12345", "浙AD12345", "沪A9B8C7", "皖A12345F", "京AF31234", ""]
    column = store.buckets(pa.array(plates)).tolist()
    assert column == [store.bucket_of(p) for p in plates]
    assert len({store.bucket_of(f"苏E{n:05d}") for n in range(2000)}) == store.BUCKETS


def _detections(n: int, *, plates: int = 5000, minute: int = 0) -> pa.Table:
    """``n`` detections of ``plates`` plates, the i-th at day 1 + i % 28, hour i % 24."""
    return pa.table(
        {
            "plate": pa.array([f"苏E{i % plates:05d}" for i in range(n)]),
            "plate_colour": pa.array(["yellow"] * n),
            "time": pa.array([datetime(2026, 1, 1 + i % 28, i % 24, minute) for i in range(n)]),
            "member": pa.array(["330000"] * n),
            "city": pa.array(["330100"] * n),
            "place": pa.array(["示例"] * n),
            "method": pa.array(["remote_sensing"] * n),
            "result": pa.array(["pass"] * n),
            **{m: pa.nulls(n, pa.float64()) for m in store.MEASURES},
            "imported_at": pa.array([datetime(2026, 2, 1)] * n, pa.timestamp("us", tz="UTC")),
            "batch": pa.array(["t"] * n),
        }
    )


def test_a_look_up_returns_the_plates_rows_only_latest_first(tmp_path: Path) -> None:
    store.write(tmp_path, _detections(20_000))
    store.write(tmp_path, _detections(10, minute=30))
    found = store.history(tmp_path, "苏E00007")
    assert set(found["plate"].to_pylist()) == {"苏E00007"}
    assert found.num_rows == 4 + 1  # every 5,000th row, and one from the second file
    times = found["time"].to_pylist()
    assert times == sorted(times, reverse=True)
    assert store.history(tmp_path, "苏E99999").num_rows == 0


def _files(root: Path) -> int:
    return sum(1 for _ in (root / store.TABLE).rglob("*.parquet"))


def test_compaction_leaves_one_file_a_bucket_and_every_history_as_it_was(tmp_path: Path) -> None:
    for minute in (0, 10, 20):
        store.write(tmp_path, _detections(6000, plates=3000, minute=minute))
    plates = [f"苏E{i:05d}" for i in (0, 7, 1234, 2999)]
    before = {p: store.history(tmp_path, p).to_pylist() for p in plates}
    assert _files(tmp_path) == 3 * store.BUCKETS
    done = store.compact(tmp_path)
    assert len(done) == store.BUCKETS and {d.files for d in done} == {3}
    assert sum(d.rows for d in done) == 18_000
    assert _files(tmp_path) == store.BUCKETS
    assert {p: store.history(tmp_path, p).to_pylist() for p in plates} == before
    assert all(len(rows) == 6 for rows in before.values())
    assert store.compact(tmp_path) == []  # nothing left to merge


def test_a_look_up_while_a_compaction_swaps_files_reads_each_detection_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _detections(100, plates=10)
    store.write(tmp_path, table)
    store.write(tmp_path, table)  # the merged file beside the files it merged, for a moment
    found = store.history(tmp_path, "苏E00003")
    assert found.num_rows == 10 and len(set(found["time"].to_pylist())) == 10
    # A file listed and then deleted by the compaction: the look-up lists again.
    real = store._parts
    calls = []

    def listed_then_gone(target: Path) -> list[Path]:
        calls.append(target)
        return real(target) + ([target / "part-gone.parquet"] if len(calls) == 1 else [])

    monkeypatch.setattr(store, "_parts", listed_then_gone)
    assert store.history(tmp_path, "苏E00003").num_rows == 10 and len(calls) == 2


@pytest.mark.django_db
def test_gb18030_and_excel_files_are_read_alike(users: Any, data_dir: Path) -> None:
    text = detections_csv(
        detection("苏E12345", ago(2), "杭州"), detection("苏E12346", ago(3), "宁波")
    )
    for data in (text.decode().encode("gb18030"), workbook(text)):
        report = services.import_detections(by=users("zj-editor"), channel="api", data=data)
        assert (report.issues, report.rows, report.plates) == ([], 2, 2)
    bad = services.import_detections(by=users("zj-editor"), channel="api", data=b"\xff\xfe\x00")
    assert bad.issues and bad.issues[0].row is None
