"""The AQI by HJ 633 over columns (``domain/air/aqi.py``): a million daily records against
python-aqi 0.6.1, and a year of hourly data of every station to daily AQI.

Figures in docs/PERFORMANCE.md ("Air quality index"). Run from the repository root, after
``.venv/bin/python -m pip install -e '.[bench]'`` (python-aqi 0.6.1):

    .venv/bin/python bench/bench_aqi.py [--records 1000000] [--sample 0] [--stations 400]

Workload 1: ``--records`` deterministic daily records (seeded NumPy, log-normal values in
the ranges of the Yangtze River Delta; µg/m³ to one decimal, CO mg/m³ to two), dated over
2025-03-01..2027-02-28 (about half before HJ 633-2026 came into force on 2026-03-01).
Timed: ``aqi_columns`` on all of them (best of 3), and python-aqi's ``aqi.to_aqi(...,
algo=aqi.ALGO_MEP)`` record by record on ``--sample`` of them (0 = all), its concentrations
given as the decimal strings the records are written as (building the strings is not
timed); the ratio compares the two per record. Checked: ``rate_records`` (the per-record
API) gives every record the column path's AQI, IAQIs and primary pollutants; a scalar
implementation written here from the tables, in exact fractions, gives the same on a random
``--oracle`` of them; python-aqi's AQI is compared with deltacap's rating of the same
records under HJ 633-2012 (the table python-aqi implements), item by item.

Workload 2: ``--stations`` stations × 8,760 hours of 2026 (SO2, NO2, CO, O3, PM10, PM2.5,
hourly values as monitors report them) to daily values per station (24 h means; O3 the
day's highest 8 h moving mean, windows ending at 08:00..24:00 of the day) and their daily
AQI, in NumPy, end to end (best of 3). Generating the hourly data is not timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import time
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from deltacap.domain.air import tables as t
from deltacap.domain.air.aqi import aqi_columns
from deltacap.domain.air.records import AqiRecord, rate_records
from deltacap.domain.air.tables import ITEMS, Report, Standard

# Daily items: (deltacap item, python-aqi pollutant, low, high, median, decimals written)
DAILY = (
    ("SO2_24h", "so2_24h", 2.0, 100.0, 10.0, 1),
    ("NO2_24h", "no2_24h", 5.0, 150.0, 35.0, 1),
    ("CO_24h", "co_24h", 0.2, 4.0, 0.8, 2),
    ("O3_8h", "o3_8h", 20.0, 350.0, 100.0, 1),
    ("PM10_24h", "pm10", 10.0, 500.0, 65.0, 1),
    ("PM2.5_24h", "pm25", 5.0, 300.0, 40.0, 1),
)
FIRST_DAY = np.datetime64("2025-03-01")
DAYS = 730  # 2025-03-01 .. 2027-02-28
STANDARD_2012_DAY = np.datetime64("2025-06-01")


def daily_records(n: int, seed: int = 20260301) -> tuple[Any, dict[str, Any]]:
    """``n`` dates and one column per daily item, rounded to the decimals they are written in."""
    rng = np.random.default_rng(seed)
    dates = FIRST_DAY + rng.integers(0, DAYS, n).astype("timedelta64[D]")
    columns = {}
    for item, _, low, high, median, decimals in DAILY:
        values = np.clip(rng.lognormal(math.log(median), 0.6, n), low, high)
        columns[item] = np.round(values, decimals)
    return dates, columns


def best_of(repeat: int, work: Callable[[], Any]) -> tuple[float, Any]:
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


# --- A scalar implementation from the standard's tables, in exact fractions -------------


def _gbt8170(text: str, decimals: int) -> Fraction:
    """GB/T 8170 on the value as written: a true half keeps an even last digit."""
    return Fraction(Decimal(text).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_EVEN))


def oracle_iaqi(item: str, text: str, standard: Standard) -> int:
    """式(1) against the item's row, rounded up, capped at 500 (daily items below 800)."""
    c = Fraction(text)
    if standard is Standard.HJ633_2026:
        c = _gbt8170(text, t.ROUNDING_DECIMALS_2026[item])
    row = [Fraction(b) for b in t.BREAKPOINTS[standard][t.TABLE_ROW[item]]]
    if c >= row[-1]:
        return min(t.IAQI_STEPS[len(row) - 1], t.IAQI_CAP)
    k = next(i for i in range(1, len(row)) if c <= row[i])
    lo, hi = t.IAQI_STEPS[k - 1], t.IAQI_STEPS[k]
    exact = lo + Fraction(hi - lo) / (row[k] - row[k - 1]) * (c - row[k - 1])
    return math.ceil(exact)


def oracle(day: dt.date, texts: dict[str, str]) -> tuple[int, dict[str, int], set[str]]:
    """(AQI, IAQI per item, primary pollutants) of a complete daily record."""
    standard = Standard.HJ633_2026 if day >= t.HJ633_2026_IN_FORCE else Standard.HJ633_2012
    iaqi = {item: oracle_iaqi(item, text, standard) for item, text in texts.items()}
    aqi = max([*iaqi.values(), t.AQI_FLOOR[standard]])
    primary = {item for item, v in iaqi.items() if v == aqi and aqi > t.PRIMARY_ABOVE}
    return aqi, iaqi, primary


# --- Workload 1 ----------------------------------------------------------------------------


def texts_of(columns: dict[str, Any], rows: Any) -> list[list[str]]:
    """The records' concentrations as written, one list of strings per item."""
    return [
        [f"{v:.{decimals}f}" for v in columns[item][rows].tolist()]
        for item, _, _, _, _, decimals in DAILY
    ]


def check_records(dates: Any, columns: dict[str, Any], rated: Any) -> int:
    """Every record through ``rate_records`` equals the column path; returns the differences."""
    differing, chunk = 0, 100_000
    days = dates.astype(dt.date).tolist()
    for start in range(0, len(days), chunk):
        stop = min(start + chunk, len(days))
        values = {item: columns[item][start:stop].tolist() for item, *_ in DAILY}
        records = [
            AqiRecord(days[i], Report.DAILY, {item: values[item][i - start] for item in values})
            for i in range(start, stop)
        ]
        for row, result in enumerate(rate_records(records), start):
            primary = tuple(
                item for item, yes in zip(ITEMS, rated.primary[row], strict=True) if yes
            )
            same = (
                result.aqi == int(rated.aqi[row])
                and result.primary_pollutants == primary
                and all(result.iaqi[item] == int(rated.iaqi[item][row]) for item, *_ in DAILY)
            )
            differing += not same
    return differing


def check_oracle(dates: Any, columns: dict[str, Any], rated: Any, rows: Any) -> int:
    """Records among ``rows`` where the exact scalar implementation differs; 0 expected."""
    texts = texts_of(columns, rows)
    days = dates[rows].astype(dt.date).tolist()
    differing = 0
    for j, row in enumerate(rows.tolist()):
        aqi, iaqi, primary = oracle(days[j], {d[0]: texts[i][j] for i, d in enumerate(DAILY)})
        mine = {item for item, yes in zip(ITEMS, rated.primary[row], strict=True) if yes}
        same = aqi == int(rated.aqi[row]) and primary == mine
        same = same and all(iaqi[item] == int(rated.iaqi[item][row]) for item in iaqi)
        differing += not same
    return differing


def python_aqi(columns: dict[str, Any], rows: Any) -> dict[str, Any]:
    """python-aqi's AQI on ``rows`` (timed) and its IAQI per item (not timed)."""
    import aqi
    from aqi.algos import get_algo

    texts = texts_of(columns, rows)
    names = [pollutant for _, pollutant, *_ in DAILY]
    records = [list(zip(names, values, strict=True)) for values in zip(*texts, strict=True)]
    start = time.perf_counter()
    results = [aqi.to_aqi(ccs, algo=aqi.ALGO_MEP) for ccs in records]
    seconds = time.perf_counter() - start
    algo = get_algo(aqi.ALGO_MEP)
    iaqis = [algo.aqi(ccs, iaqis=True)[1] for ccs in records]
    return {
        "seconds": seconds,
        "aqi": np.array([int(v) for v in results], dtype=float),
        "iaqi": {
            item: np.array([int(i[pollutant]) for i in iaqis], dtype=float)
            for item, pollutant, *_ in DAILY
        },
    }


def workload_records(args: argparse.Namespace, rng: Any) -> list[tuple[str, str]]:
    n = args.records
    dates, columns = daily_records(n)
    realtime = np.zeros(n, dtype=bool)
    col_seconds, rated = best_of(3, lambda: aqi_columns(dates, realtime, columns))
    n_2026 = int(rated.is_2026.sum())
    rows = np.arange(n) if args.sample in (0, n) else np.sort(rng.choice(n, args.sample, False))
    theirs = python_aqi(columns, rows)
    as_2012 = aqi_columns(np.full(n, STANDARD_2012_DAY), realtime, columns)
    differs = theirs["aqi"] != as_2012.aqi[rows]
    per_item = {
        item: int((theirs["iaqi"][item] != as_2012.iaqi[item][rows]).sum()) for item, *_ in DAILY
    }
    start = time.perf_counter()
    by_record = check_records(dates, columns, rated)
    record_seconds = time.perf_counter() - start
    oracle_rows = np.sort(rng.choice(n, min(args.oracle, n), False))
    by_oracle = check_oracle(dates, columns, rated, oracle_rows)
    ours_per_record = col_seconds / n
    theirs_per_record = theirs["seconds"] / len(rows)
    gap = np.abs(theirs["aqi"] - as_2012.aqi[rows])
    level_2012 = as_2012.level[rows]
    edges = np.array([level[0] for level in t.LEVELS[:-1]], dtype=float)
    their_level = np.searchsorted(edges, theirs["aqi"]) + 1
    return [
        ("daily records (HJ 633-2012 / HJ 633-2026)", f"{n:,} ({n - n_2026:,} / {n_2026:,})"),
        ("deltacap aqi_columns, best of 3", f"{col_seconds:.3f} s"),
        ("deltacap per record", f"{ours_per_record * 1e6:.2f} µs"),
        ("python-aqi to_aqi, records timed", f"{len(rows):,} in {theirs['seconds']:.1f} s"),
        ("python-aqi per record", f"{theirs_per_record * 1e6:.1f} µs"),
        ("speed ratio (per record)", f"{theirs_per_record / ours_per_record:,.0f}×"),
        ("rate_records = aqi_columns (AQI, IAQIs, primary)", f"{n - by_record:,} of {n:,}"),
        ("rate_records over all records", f"{record_seconds:.1f} s"),
        (
            "exact scalar oracle = aqi_columns",
            f"{len(oracle_rows) - by_oracle:,} of {len(oracle_rows):,}",
        ),
        ("python-aqi AQI ≠ deltacap HJ 633-2012", f"{int(differs.sum()):,} of {len(rows):,}"),
        ("  of them by 1 / by 2+", f"{int((gap == 1).sum()):,} / {int((gap >= 2).sum()):,}"),
        ("  level differs", f"{int((their_level != level_2012).sum()):,}"),
        *((f"  IAQI {item} differs", f"{count:,}") for item, count in per_item.items()),
    ]


# --- Workload 2 ----------------------------------------------------------------------------

HOURLY = (  # (item, median, decimals written): SO2, NO2, CO, O3, PM10, PM2.5 per hour
    ("SO2", 9.0, 0),
    ("NO2", 32.0, 0),
    ("CO", 0.7, 1),
    ("O3", 55.0, 0),
    ("PM10", 50.0, 0),
    ("PM2.5", 28.0, 0),
)


def hourly_year(stations: int, seed: int = 2026) -> dict[str, Any]:
    """(stations, 365, 24) hourly values of 2026 with a daily cycle and day-to-day weather."""
    rng = np.random.default_rng(seed)
    hours = np.arange(24)
    data = {}
    for name, median, decimals in HOURLY:
        weather = rng.lognormal(0.0, 0.5, (stations, 365, 1))
        phase = 15 if name == "O3" else 8
        cycle = 1.0 + 0.4 * np.cos((hours - phase) / 24 * 2 * np.pi)
        noise = rng.lognormal(0.0, 0.25, (stations, 365, 24))
        data[name] = np.round(median * weather * cycle * noise, decimals)
    return data


def daily_aqi(data: dict[str, Any]) -> Any:
    """Daily values per station and day, then their AQI in one call of ``aqi_columns``."""
    stations, days, _ = data["PM2.5"].shape
    inputs = {
        f"{name}_24h": data[name].mean(axis=2).ravel()
        for name in ("SO2", "NO2", "CO", "PM10", "PM2.5")
    }
    o3 = data["O3"]
    sums = np.concatenate([np.zeros((stations, days, 1)), np.cumsum(o3, axis=2)], axis=2)
    eight_hour = (sums[:, :, 8:] - sums[:, :, :-8]) / 8.0  # windows ending 08:00 .. 24:00
    inputs["O3_8h"] = eight_hour.max(axis=2).ravel()
    year = np.arange("2026-01-01", "2027-01-01", dtype="datetime64[D]")
    dates = np.tile(year, stations)
    return aqi_columns(dates, np.zeros(len(dates), dtype=bool), inputs)


def workload_hourly(args: argparse.Namespace) -> list[tuple[str, str]]:
    data = hourly_year(args.stations)
    seconds, rated = best_of(3, lambda: daily_aqi(data))
    n = len(rated.aqi)
    published = int((~np.isnan(rated.aqi)).sum())
    return [
        ("station-hours (stations × 8,760)", f"{args.stations * 8760:,}"),
        ("station-days rated", f"{n:,} ({published:,} published)"),
        ("hourly → daily means → daily AQI, best of 3", f"{seconds:.3f} s"),
        (
            "mean AQI / days above 100",
            f"{np.nanmean(rated.aqi):.1f} / {int((rated.aqi > 100).sum()):,}",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=0, help="records python-aqi rates (0: all)")
    parser.add_argument("--oracle", type=int, default=20_000, help="records the oracle rechecks")
    parser.add_argument("--stations", type=int, default=400)
    args = parser.parse_args()
    rng = np.random.default_rng(12)
    rows = workload_records(args, rng) + [("", "")] + workload_hourly(args)
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
