"""City evaluation by HJ 663 (``domain/air/daily.py``, ``domain/air/evaluation.py``): one year of
hourly data of about 400 stations across the 41 cities of the region to station daily values
(validity rules of GB 3095 表4), city daily values and daily AQI (HJ 633 of each day's
version) and the HJ 663 evaluation of all 41 cities, per year and per month, with members,
the region and the ranking. The issue's target: under 5 s.

Figures in docs/PERFORMANCE.md ("City evaluation by HJ 663"). Run from the repository root:

    .venv/bin/python bench/bench_air_evaluation.py [--stations 400] [--year 2026]
        [--missing 0.03] [--parquet] [--timer wall|cpu]

With ``--parquet`` it also writes the data as the Parquet file ``deltacap air evaluate --in``
reads (station and city codes as text, not timed) and times reading it
(``cli/air_evaluate.read_observations``) plus the evaluation of the cities per year.
``--timer cpu`` times the process's CPU time (``time.process_time``) instead of the wall
clock, which leaves out waiting for a core on a shared machine.

The data (not timed): deterministic (seeded NumPy) hourly values with a daily cycle and
day-to-day weather, ``--missing`` of the hours missing at random, the stations spread over the
41 cities (GB/T 2260 codes, standards.md §11) in proportion to nothing in particular (every
city has at least 3). Timed, best of 3: ``station_days`` → ``city_days`` → ``evaluate`` for
the cities per year and per month, the members and the region per year.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from deltacap.domain.air.daily import HourlyObservations, city_days, station_days
from deltacap.domain.air.evaluation import Period, Unit, evaluate

# The 41 cities by member (GB/T 2260; standards.md §11).
CITIES: dict[str, tuple[str, ...]] = {
    "310000": ("310000",),
    "320000": tuple(f"32{n:02d}00" for n in range(1, 14)),
    "330000": tuple(f"33{n:02d}00" for n in range(1, 12)),
    "340000": tuple(
        f"34{n:02d}00" for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18)
    ),
}
MEMBER_OF = {city: member for member, cities in CITIES.items() for city in cities}
HOURLY = (
    ("SO2", 9.0, 0),
    ("NO2", 32.0, 0),
    ("CO", 0.7, 1),
    ("O3", 55.0, 0),
    ("PM10", 55.0, 0),
    ("PM2.5", 32.0, 0),
)


def observations(stations: int, year: int, missing: float, seed: int = 663) -> HourlyObservations:
    """``stations`` × every hour of ``year`` as columns, ``missing`` of the values NaN."""
    rng = np.random.default_rng(seed)
    cities = sorted(MEMBER_OF)
    station_city = tuple(cities[i % len(cities)] for i in range(stations))
    hours = np.arange(f"{year}-01-01T00", f"{year + 1}-01-01T00", dtype="datetime64[h]")
    n_days = len(hours) // 24
    station = np.repeat(np.arange(stations, dtype=np.int64), len(hours))
    time_column = np.tile(hours, stations)
    hour_of_day = np.arange(24)
    values = {}
    for name, median, decimals in HOURLY:
        weather = rng.lognormal(0.0, 0.5, (stations, n_days, 1))
        phase = 15 if name == "O3" else 8
        cycle = 1.0 + 0.4 * np.cos((hour_of_day - phase) / 24 * 2 * np.pi)
        noise = rng.lognormal(0.0, 0.25, (stations, n_days, 24))
        column = np.round(median * weather * cycle * noise, decimals).ravel()
        column[rng.random(column.size) < missing] = np.nan
        values[name] = column
    codes = tuple(f"{i + 1:04d}A" for i in range(stations))
    return HourlyObservations(station, time_column, values, codes, station_city)


CLOCK: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter  # set by --timer


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = clock()
        result = work()
        best = min(best, clock() - start)
    return best, result


def run(data: HourlyObservations) -> dict[str, Any]:
    times: dict[str, float] = {}
    start = clock()
    stations = station_days(data)
    times["station daily values"] = clock() - start
    cities = city_days(stations)
    times["city daily values and AQI"] = clock() - times["station daily values"] - start
    mark = clock()
    results = {
        "cities, year": evaluate(cities, Period.YEAR),
        "cities, month": evaluate(cities, Period.MONTH),
        "members, year": evaluate(cities, Period.YEAR, unit=Unit.MEMBER, members=MEMBER_OF),
        "region, year": evaluate(cities, Period.YEAR, unit=Unit.REGION),
    }
    times["HJ 663 evaluation (4 reports)"] = clock() - mark
    times["total"] = clock() - start
    return {"times": times, "results": results, "cities": cities}


def from_parquet(data: HourlyObservations) -> list[tuple[str, str]]:
    """Reading the file ``deltacap air evaluate --in`` takes, then the evaluation per year."""
    import tempfile
    from pathlib import Path

    import pyarrow as pa
    import pyarrow.parquet as pq

    from deltacap.cli.air_evaluate import read_observations

    table = pa.table(
        {
            "station": pa.array(np.array(data.stations)[data.station]),
            "city": pa.array(np.array(data.station_city)[data.station]),
            "time": pa.array(data.time.astype("datetime64[s]")),
            **{p: pa.array(v, from_pandas=True) for p, v in data.values.items()},
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hourly.parquet"
        pq.write_table(table, path)
        size = path.stat().st_size
        seconds, _ = best_of(
            3, lambda: evaluate(city_days(station_days(read_observations(path))), Period.YEAR)
        )
    return [
        ("Parquet file (station, city as text)", f"{size / 1e6:.1f} MB"),
        ("read file → evaluation of the cities per year, best of 3", f"{seconds:.3f} s"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=400)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--missing", type=float, default=0.03)
    parser.add_argument("--parquet", action="store_true", help="also time reading a file")
    parser.add_argument("--timer", choices=sorted(CLOCK), default="wall")
    args = parser.parse_args()
    global clock
    clock = CLOCK[args.timer]
    data = observations(args.stations, args.year, args.missing)
    best: dict[str, float] = {}
    outcome: dict[str, Any] = {}
    for _ in range(3):
        outcome = run(data)
        for label, seconds in outcome["times"].items():
            best[label] = min(best.get(label, math.inf), seconds)
    year = outcome["results"]["cities, year"]
    rows = [
        ("station-hours (stations × hours of the year)", f"{len(data.station):,}"),
        ("cities / city-days", f"{len(outcome['cities'].cities)} / {outcome['cities'].aqi.size:,}"),
        *((f"{label}, best of 3", f"{seconds:.3f} s") for label, seconds in best.items()),
        ("target (issue 12)", "under 5 s"),
        ("cities ranked in the year", f"{sum(r.rank is not None for r in year)} of {len(year)}"),
        ("cities attaining GB 3095 in the year", f"{sum(r.attains_all is True for r in year)}"),
        (
            "first in the year: city, composite index",
            f"{year[0].code}, {year[0].composite_index:.2f}",
        ),
    ]
    if args.parquet:
        rows += from_parquet(data)
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
