"""The air-quality store: a year of hourly data of the demo's stations written and read.

Times, in a fresh data folder (or the one DELTACAP_DATA_DIR names):
- the demo's year (``deltacap.demo.air.load_demo_air``: the stations, then every
  station-hour drawn as arrays and written as one Parquet part per date);
- an import of one day of every station through the import service (CSV checked column
  by column, duplicates against the store, written);
- the reads the pages make: each station's latest hour rated (real-time report), every
  city's daily AQI for one day, and for the whole year (HJ 633 daily reports).

    .venv/bin/python bench/bench_air_store.py [--days 365] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import timedelta


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


def best(runs: int, work: object) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django()
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.air import selectors, services
    from deltacap.air.models import Station
    from deltacap.demo.air import load_demo_air

    now = selectors.local_now()
    seconds, rows = best(args.runs, lambda: load_demo_air(now=now, days=args.days))
    stations = Station.objects.count()
    print(f"demo: {stations} stations, {rows:,} station-hours written in {seconds:.2f} s")

    day = now.date() + timedelta(days=2)
    lines = ["监测点编码,时间,SO2,NO2,CO,O3,PM10,PM2.5"]
    for code in Station.objects.values_list("code", flat=True):
        lines += [f"{code},{day} {h:02d}:00,8,30,0.6,90,60,35" for h in range(24)]
    data = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    report = services.import_observations(by=PLATFORM, channel="system", data=data, dry_run=False)
    seconds = time.perf_counter() - start
    print(f"import: {report.rows:,} station-hours (one day) checked and written in {seconds:.2f} s")

    seconds, latest = best(args.runs, selectors.latest_station_aqi)
    print(f"latest real-time AQI of {len(latest)} stations: {seconds:.3f} s")  # type: ignore[arg-type]
    today = now.date()
    seconds, daily = best(args.runs, lambda: selectors.city_daily(today, today))
    print(f"daily AQI of {len(daily)} cities, one day: {seconds:.3f} s")  # type: ignore[arg-type]
    first = today - timedelta(days=args.days)
    seconds, year = best(args.runs, lambda: selectors.city_daily(first, today))
    print(f"daily AQI of the cities over the year: {len(year):,} city-days in {seconds:.2f} s")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
