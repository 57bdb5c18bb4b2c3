"""GB 3838-2002 single-factor classes over columns (``domain/water/classify.py``) and the
lake trophic index (``domain/water/tli.py``) on a million samples.

Figures in docs/PERFORMANCE.md ("Water quality classes"). Run from the repository root:

    .venv/bin/python bench/bench_water.py [--samples 1000000] [--check 100000]

Workload: ``--samples`` deterministic river samples (seeded NumPy, log-normal values around
the YRD's class II–IV levels; DO, CODMn, COD, BOD5, NH3-N, TP, TN, pH; 5 % of each item
missing) and as many lake samples (TP, TN, CODMn, Chla, SD). Timed (best of 3):
``classify`` of all river samples (classes per item, overall class, multiples over class
III) with the grades and attainment, and ``tli`` of all lake samples. Checked: a scalar
implementation written here from Table 1 (a Python loop over the limits) gives the same
class per item and overall class on the first ``--check`` samples; its time per sample is
given for comparison.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np

from deltacap.domain.water.classify import attains, classify, grades
from deltacap.domain.water.gb3838 import Direction, Row, WaterType
from deltacap.domain.water.tli import tli
from deltacap.water.config import gb3838_table

RIVER_ITEMS = {
    "pH": 7.5,
    "DO": 7.0,
    "CODMn": 4.0,
    "COD": 16.0,
    "BOD5": 3.0,
    "NH3-N": 0.5,
    "TP": 0.15,
    "TN": 1.8,
}
LAKE_ITEMS = {"Chla": 15.0, "TP": 0.07, "TN": 1.5, "SD": 0.5, "CODMn": 4.5}


def columns(n: int, items: dict[str, float], seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for item, median in items.items():
        spread = rng.normal(0, 0.6, n) + median if item == "pH" else None
        values = spread if spread is not None else median * rng.lognormal(0, 0.5, n)
        values[rng.random(n) < 0.05] = np.nan
        out[item] = np.round(values, 3)
    return out


def scalar_class(row: Row, value: float) -> int:
    """One value's class, written from Table 1 as a loop (the oracle)."""
    if math.isnan(value):
        return 0
    limits = row.limits
    if row.direction is Direction.RANGE:
        return 1 if limits[0] <= value <= limits[1] else 6
    higher_is_better = row.direction is Direction.MIN
    for k, limit in enumerate(limits):
        if (value >= limit) if higher_is_better else (value <= limit):
            return k + 1
    return 6


def best_of(runs: int, func: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--check", type=int, default=100_000)
    args = parser.parse_args()
    table = gb3838_table()
    river = columns(args.samples, RIVER_ITEMS, 1)
    lake = columns(args.samples, LAKE_ITEMS, 2)

    def run_river() -> None:
        result = classify(table, WaterType.RIVER, river)
        grades(result.overall)
        attains(result.overall, 3)

    seconds = best_of(3, run_river)
    print(f"classify {args.samples:,} river samples x {len(river)} items: {seconds:.3f} s")
    seconds_tli = best_of(3, lambda: tli(lake))
    print(f"tli {args.samples:,} lake samples x {len(lake)} items: {seconds_tli:.3f} s")

    result = classify(table, WaterType.RIVER, river)
    rows = {item: row for item in river if (row := table.row(item, WaterType.RIVER))}
    start = time.perf_counter()
    for i in range(args.check):
        overall = 0
        for item, row in rows.items():
            c = scalar_class(row, float(river[item][i]))
            assert c == result.classes[item][i], (item, i)
            if table.counted(item):
                overall = max(overall, c)
        assert overall == result.overall[i], i
    scalar = (time.perf_counter() - start) / args.check
    print(f"scalar loop: {scalar * 1e6:.1f} µs per sample, same classes on {args.check:,}")
    print(f"columns: {seconds / args.samples * 1e6:.2f} µs per sample")


if __name__ == "__main__":
    main()
