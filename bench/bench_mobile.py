"""High-emission vehicles: detections imported and one plate's history looked up.

Times, in a fresh data folder (or the one DELTACAP_DATA_DIR names):
- an import of ``--rows`` detections (default 1,000,000) from one CSV file through the
  import service (every cell checked column by column, duplicates within the file and
  against the store, written as one Parquet part per hash bucket of the plate);
- the store then grown to ``--total`` detections (default 10,000,000) by writing further
  batches of generated rows straight to the store (``mobile.store.write``, the import's
  own writer, without the checks: the look-up only needs the rows);
- with ``--compact``, the store's buckets compacted (``mobile.store.compact``, what
  ``deltacap mobile detections compact`` runs: each bucket's part files merged into one);
- ``--lookups`` look-ups of one random plate's history (``mobile.selectors.history``, what
  the plate page, the API and ``deltacap mobile vehicle`` call): median, 95th percentile
  and slowest, and how many of the store's files one look-up reads.

Synthetic plates of the four members, 200,000 vehicles, times over the last year.

    .venv/bin/python bench/bench_mobile.py [--rows 1000000] [--total 10000000] [--lookups 200]
        [--compact] [--reuse]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta


def setup_django() -> None:
    if "DELTACAP_DATA_DIR" not in os.environ:
        os.environ["DELTACAP_DATA_DIR"] = tempfile.mkdtemp(prefix="deltacap-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from deltacap.reference.services import load_reference_data

    load_reference_data()


VEHICLES = 200_000
PREFIXES = ["沪A", "沪B", "苏A", "苏E", "苏F", "浙A", "浙B", "浙F", "皖A", "皖B"]
CITIES = ["310000", "320100", "320500", "320600", "330100", "330200", "330400", "340100"]
METHODS = ["遥感监测", "路检", "停放地检查", "年检", "低排放区号牌识别"]


def plates() -> object:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = np.arange(VEHICLES)
    prefix = pa.array(PREFIXES).take(pa.array(n % len(PREFIXES)))
    serial = pc.utf8_lpad(pa.array((n * 7919 % 100_000).astype(str)), 5, "0")
    return pc.binary_join_element_wise(prefix, serial, "")


def rows(count: int, seed: int, end: datetime) -> object:
    """``count`` detections as text columns (the import file's)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng(seed)
    which = pa.array(rng.integers(0, VEHICLES, count))
    seconds = rng.integers(0, 365 * 86400, count)
    when = pa.array(np.datetime64(end, "s") - seconds.astype("timedelta64[s]"))
    return pa.table(
        {
            "号牌号码": pc.take(plates(), which),
            "号牌颜色": pa.array(np.full(count, "黄")),
            "检测时间": pc.strftime(when, format="%Y-%m-%d %H:%M:%S"),
            "城市": pa.array(CITIES).take(pa.array(rng.integers(0, len(CITIES), count))),
            "地点": pa.array(np.full(count, "示例路口")),
            "检测方式": pa.array(METHODS).take(pa.array(rng.integers(0, len(METHODS), count))),
            "检测结果": pa.array(np.where(rng.random(count) < 0.1, "不合格", "合格")),
            "NO(ppm)": pc.cast(pa.array(rng.integers(50, 2000, count)), pa.string()),
        }
    )


def csv_bytes(table: object) -> bytes:
    import pyarrow.csv as pacsv

    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer)  # type: ignore[arg-type]
    return buffer.getvalue()


def stored(table: object, end: datetime) -> object:
    """Generated rows as the store's columns (what an import writes)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from deltacap.mobile.store import MEASURES, SCHEMA

    n = table.num_rows  # type: ignore[attr-defined]
    member = pc.utf8_slice_codeunits(table["城市"], 0, 2)  # type: ignore[index]
    out = {
        "plate": table["号牌号码"],  # type: ignore[index]
        "plate_colour": pa.array(np.full(n, "yellow")),
        "time": pc.strptime(table["检测时间"], format="%Y-%m-%d %H:%M:%S", unit="us"),  # type: ignore[index]
        "member": pc.binary_join_element_wise(member, pa.array(np.full(n, "0000")), ""),
        "city": table["城市"],  # type: ignore[index]
        "place": table["地点"],  # type: ignore[index]
        "method": pa.array(np.full(n, "remote_sensing")),
        "result": pa.array(np.full(n, "pass")),
        **{m: pa.nulls(n, pa.float64()) for m in MEASURES},
        "imported_at": pa.array(np.full(n, end)).cast(pa.timestamp("us", tz="UTC")),
        "batch": pa.array(np.full(n, "bench")),
    }
    return pa.table(out).cast(SCHEMA)


def build(count: int, total: int) -> int:
    """The import timed, then the store grown to ``total``; the detections stored."""
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.mobile import services, store

    end = services.china_now().replace(microsecond=0) - timedelta(hours=2)
    data = csv_bytes(rows(count, 1, end))
    print(f"file: {count:,} detections, {len(data) / 1e6:.0f} MB of CSV")
    start = time.perf_counter()
    report = services.import_detections(by=PLATFORM, channel="system", data=data, dry_run=False)
    seconds = time.perf_counter() - start
    assert report.written, report.to_json()["errors"][:3]
    done = f"{report.rows:,} detections of {report.plates:,} plates"
    print(f"import: {done} checked and stored in {seconds:.1f} s")

    root = store.root()
    written, seed = count, 2
    start = time.perf_counter()
    while written < total:
        batch = min(1_000_000, total - written)
        store.write(root, stored(rows(batch, seed, end), datetime.now(UTC)))
        written, seed = written + batch, seed + 1
    print(f"store grown to {written:,} detections in {time.perf_counter() - start:.0f} s")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--total", type=int, default=10_000_000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument(
        "--reuse", action="store_true", help="look up in the store of DELTACAP_DATA_DIR as it is"
    )
    parser.add_argument(
        "--compact", action="store_true", help="compact the buckets before the look-ups (timed)"
    )
    args = parser.parse_args()
    setup_django()
    from deltacap.mobile import selectors, store

    root = store.root()
    written = build(args.rows, args.total) if not args.reuse else args.total
    if args.compact:
        start = time.perf_counter()
        done = store.compact(root)
        print(
            f"compaction: {sum(d.files for d in done):,} files of {len(done)} buckets merged "
            f"({sum(d.rows for d in done):,} detections) in {time.perf_counter() - start:.1f} s"
        )
    files = sum(1 for _ in (root / store.TABLE).rglob("*.parquet"))

    import numpy as np

    all_plates = plates().to_pylist()  # type: ignore[attr-defined]
    rng = np.random.default_rng(9)
    warm: list[float] = []
    cold: list[float] = []
    cpus: list[float] = []
    found, seen = 0, set()
    for index in rng.integers(0, VEHICLES, args.lookups).tolist():
        plate = all_plates[index]
        start, cpu = time.perf_counter(), time.process_time()
        history = selectors.history(plate)
        took = (time.perf_counter() - start) * 1000
        cpus.append((time.process_time() - cpu) * 1000)
        # The first look-up in a bucket reads its files' footers, which the process keeps.
        (warm if store.bucket_of(plate) in seen else cold).append(took)
        seen.add(store.bucket_of(plate))
        found += len(history)
    bucket = sum(1 for _ in store.folder(root, 0).glob("*.parquet"))
    print(
        f"look-up of one plate's history at {written:,} detections ({args.lookups} plates, "
        f"{found / args.lookups:.0f} detections each on average; {bucket} of {files} files "
        "read per look-up):"
    )
    for name, times in (
        ("bucket seen before", warm),
        ("first in its bucket", cold),
        ("CPU time of the process, all", cpus),
    ):
        times.sort()
        if times:
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            print(
                f"  {name}: {len(times)} look-ups, median {statistics.median(times):.1f} ms, "
                f"p95 {p95:.1f} ms, slowest {times[-1]:.1f} ms"
            )


if __name__ == "__main__":
    main()
