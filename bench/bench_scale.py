"""The region at full size, simulated: the measurement store of ≈ 20,000 outlets that report
minute data every 60 s, rolled up and totalled as the platform does it.

Figures in docs/PERFORMANCE.md ("The region at full size"). Run from the repository root:

    .venv/bin/python bench/bench_scale.py --outlets 20000 --days 365

Steps, each timed:
1. **A day of minute data** for ``--outlets`` outlets (40 % wastewater: flow, COD, NH3-N;
   60 % flue gas: flow, SO2, NOx, PM), CN 2051 every minute, written to the store's
   ``values`` table as the receiver writes it (one part file per 1,000 outlets; synthetic
   values, no database needed).
2. **The hourly roll-up of that day**, with the platform's own code
   (``monitoring.rollup.roll_up``: one DuckDB thread, 1 GB), hour by hour as the receiver
   does it during the day, then the whole day at once as ``deltacap hj212 rollup`` does.
3. **A year of hourly roll-ups**: the day's roll-up written again for each of ``--days``
   dates (hours moved to that date), then the annual totals of every outlet
   (``monitoring.figures.totals``, the query behind the totals page and API) and per
   enterprise (``figures.annual_by_enterprise``, what reconciliation reads).

The receiver's throughput with ``--workers 2`` is bench/bench_hj212_e2e.py's figure; the
air stations' year and its HJ 663 evaluation bench/bench_air_evaluation.py's; the pages
under load bench/bench_web.py's: this bench reports the parts only the full size shows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

if "DELTACAP_DATA_DIR" not in os.environ:  # settings keep their key there; nothing else
    os.environ["DELTACAP_DATA_DIR"] = tempfile.mkdtemp(prefix="deltacap-scale-settings-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
import django  # noqa: E402

django.setup()
from deltacap.monitoring import figures, rollup, store  # noqa: E402
from deltacap.monitoring.registry import OutletConfig  # noqa: E402

WATER = ("w00000", "w01018", "w21003")
GAS = ("a00000", "a21026", "a21002", "a34013")
CHUNK = 1000  # outlets per part file
MINUTES = 1440


def configs_of(outlets: int) -> dict[int, OutletConfig]:
    """Outlets 1..n, ten per enterprise, the first 40 % wastewater, minute data every 60 s."""
    water = int(outlets * 0.4)
    return {
        n: OutletConfig(n, 1 + (n - 1) // 10, "water" if n <= water else "air", 1)
        for n in range(1, outlets + 1)
    }


def _chunk(ids: np.ndarray, factors: tuple[str, ...], day: datetime, seed: int) -> pa.Table:
    """A day of minute records of the outlets ``ids``, each with ``factors`` (flow first)."""
    rng = np.random.default_rng(seed)
    n_out, n_fac = len(ids), len(factors)
    rows = n_out * MINUTES * n_fac
    outlet = np.repeat(ids, MINUTES * n_fac)
    minute = np.tile(np.repeat(np.arange(MINUTES), n_fac), n_out)
    factor = np.tile(np.arange(n_fac), n_out * MINUTES)
    time_us = np.datetime64(day, "us") + minute.astype("timedelta64[m]").astype("timedelta64[us]")
    level = rng.uniform(5, 80, rows)
    flow = factor == 0
    avg = np.where(flow, rng.uniform(0.01, 2.0, rows), level)
    cou = np.where(flow, avg * 60, np.nan)
    factor_codes = pa.DictionaryArray.from_arrays(
        pa.array(factor, pa.int32()), pa.array(list(factors))
    ).cast(pa.string())
    received = np.datetime64(day - timedelta(hours=8), "us") + (
        (minute + 1).astype("timedelta64[m]").astype("timedelta64[us]")
    )
    columns = {
        "mn": pa.array(np.char.add("SC", outlet.astype(str))),
        "outlet_id": pa.array(outlet, pa.int64()),
        "enterprise_id": pa.array(1 + (outlet - 1) // 10, pa.int64()),
        "cn": pa.array(np.full(rows, "2051")),
        "data_time": pa.array(time_us, pa.timestamp("us")),
        "factor": factor_codes,
        "rtd": pa.nulls(rows, pa.float64()),
        "min": pa.array(avg * 0.9),
        "avg": pa.array(avg),
        "max": pa.array(avg * 1.1),
        "cou": pa.array(cou, from_pandas=True),
        "flag": pa.array(np.full(rows, "N")),
        "packet_id": pa.array(outlet * MINUTES + minute, pa.int64()),
        "received_at": pa.array(received, pa.timestamp("us")).cast(pa.timestamp("us", tz="UTC")),
        "suspect": pa.nulls(rows, pa.string()),
    }
    return pa.table(columns).cast(store.VALUES_SCHEMA)


def write_day(root: Path, configs: dict[int, OutletConfig], day: datetime) -> int:
    """The day's minute data of every outlet in the store; the rows written."""
    written = 0
    ids = np.array(sorted(configs), dtype=np.int64)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        kinds = np.array([configs[int(i)].medium == "water" for i in part])
        for mask, factors in ((kinds, WATER), (~kinds, GAS)):
            if mask.any():
                table = _chunk(part[mask], factors, day, seed=int(start) + len(factors))
                store.write_part(root, "values", day.date().isoformat(), table)
                written += table.num_rows
    return written


def roll_up_by_hour(root: Path, day: datetime, configs: dict[int, OutletConfig]) -> list[float]:
    """Each hour of the day rolled up on its own, as the receiver does while the day runs;
    the seconds of each."""
    seconds = []
    date_text = day.date().isoformat()
    for hour in range(24):
        started = time.perf_counter()
        fresh = rollup.hourly_of(root, date_text, configs, [day + timedelta(hours=hour)])
        assert fresh.num_rows > 0
        seconds.append(time.perf_counter() - started)
    return seconds


def write_year(root: Path, day: datetime, days: int) -> int:
    """The day's hourly roll-up written again for ``days`` dates from January 1 on."""
    source = pq.read_table(
        store.partition(root, "hourly", day.date().isoformat()) / "hourly.parquet"
    )
    first = datetime(day.year, 1, 1)
    rows = 0
    for n in range(days):
        target = first + timedelta(days=n)
        if target.date() == day.date():
            rows += source.num_rows
            continue
        shift = pa.scalar(np.timedelta64(target - day, "us"), pa.duration("us"))
        table = source.set_column(
            source.schema.get_field_index("hour"), "hour", pc.add(source["hour"], shift)
        ).set_column(
            source.schema.get_field_index("last_data_time"),
            "last_data_time",
            pc.add(source["last_data_time"], shift),
        )
        store.write_part(root, "hourly", target.date().isoformat(), table, name="hourly.parquet")
        rows += table.num_rows
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=20000)
    parser.add_argument("--days", type=int, default=365, help="dates of hourly roll-ups")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    if not 1 <= args.outlets <= 50000 or not 1 <= args.days <= 366:
        parser.error("--outlets 1..50000, --days 1..366")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="deltacap-scale-"))
    root = folder / "measurements"
    configs = configs_of(args.outlets)
    day = datetime(2026, 6, 15)
    result: dict[str, object] = {
        "outlets": args.outlets,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg(),
    }
    try:
        started = time.perf_counter()
        result["minute_rows"] = write_day(root, configs, day)
        result["write_day_s"] = round(time.perf_counter() - started, 1)

        hours = roll_up_by_hour(root, day, configs)
        result["rollup_hour_s"] = {
            "median": round(float(np.median(hours)), 2),
            "max": round(max(hours), 2),
            "day_total": round(sum(hours), 1),
        }
        started = time.perf_counter()
        result["hourly_rows"] = rollup.roll_up(root, [day.date().isoformat()], configs)
        result["rollup_whole_day_s"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        result["year_hourly_rows"] = write_year(root, day, args.days)
        result["write_year_s"] = round(time.perf_counter() - started, 1)
        first, last = date(day.year, 1, 1), date(day.year, 1, 1) + timedelta(days=args.days - 1)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            rows = figures.totals(root, list(configs), first, last)
            timings.append(time.perf_counter() - started)
        result["annual_totals_every_outlet_s"] = [round(t, 2) for t in timings]
        result["annual_totals_rows"] = len(rows)
        started = time.perf_counter()
        by_enterprise = figures.annual_by_enterprise(root, day.year, list(configs))
        result["annual_by_enterprise_s"] = round(time.perf_counter() - started, 2)
        result["annual_by_enterprise_rows"] = len(by_enterprise)
        result["store_gb"] = round(sum(p.stat().st_size for p in root.rglob("*.parquet")) / 1e9, 2)
        result["load_after"] = os.getloadavg()
    except Exception as failure:
        # What was measured before the failure is kept and printed with it.
        result["failed"] = f"{type(failure).__name__}: {str(failure)[:300]}"
        raise
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
        print(json.dumps(result, indent=2), flush=True)


if __name__ == "__main__":
    main()
