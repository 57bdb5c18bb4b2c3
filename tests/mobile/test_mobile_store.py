"""The detection store: the plate's bucket is the same for one plate and for a column, a
look-up reads one plate's rows only, and files are read in either encoding or as Excel."""

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


def test_a_look_up_returns_the_plates_rows_only_latest_first(tmp_path: Path) -> None:
    n = 20_000
    plates = pa.array([f"苏E{i % 5000:05d}" for i in range(n)])
    table = pa.table(
        {
            "plate": plates,
            "plate_colour": pa.array(["yellow"] * n),
            "time": pa.array([datetime(2026, 1, 1 + i % 28, i % 24) for i in range(n)]),
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
    store.write(tmp_path, table)
    store.write(tmp_path, table.slice(0, 10))
    found = store.history(tmp_path, "苏E00007")
    assert set(found["plate"].to_pylist()) == {"苏E00007"}
    assert found.num_rows == 4 + 1  # every 5,000th row, and once more from the second file
    times = found["time"].to_pylist()
    assert times == sorted(times, reverse=True)
    assert store.history(tmp_path, "苏E99999").num_rows == 0


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
