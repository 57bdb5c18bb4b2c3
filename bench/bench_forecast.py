"""The joint forecast consultation's arithmetic (``domain/air/forecast.py``): the baseline
of every city from its recent daily AQI, and the verification of many forecasts.

Figures in docs/PERFORMANCE.md ("Forecast consultation"). Run from the repository root:

    .venv/bin/python bench/bench_forecast.py [--cities 41] [--forecasts 1000000]

Workload 1: ``--cities`` cities × a year of synthetic daily AQI (seeded NumPy, a seasonal
curve with autocorrelated noise); for each city and each of the 365 issue days, the
baseline (persistence and the least-squares regression on 3 lags over 30 days) for 7 days
ahead. Timed end to end (best of 3); the regression's mean absolute error on day 1 is
printed beside persistence's.

Workload 2: ``--forecasts`` forecasts (ranges, primary pollutants) verified against
observed AQI and primary pollutants with ``check`` and ``scores`` by 4 sources (best of 3).
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta

import numpy as np

from deltacap.domain.air.forecast import PERSISTENCE, REGRESSION, baseline, check, scores


def _series(rng: np.random.Generator, days: int) -> np.ndarray:
    season = 80 + 35 * np.cos(np.arange(days) / 365 * 2 * np.pi)
    noise = np.zeros(days)
    for t in range(1, days):
        noise[t] = 0.7 * noise[t - 1] + rng.normal(0, 14)
    return np.clip(season + noise, 15, 400).round()


def bench_baseline(cities: int) -> None:
    rng = np.random.default_rng(12)
    first = date(2025, 1, 1)
    history = 30 + 365 + 7
    days = [first + timedelta(days=n) for n in range(history)]
    series = [_series(rng, history) for _ in range(cities)]
    best = float("inf")
    errors: dict[str, list[float]] = {PERSISTENCE: [], REGRESSION: []}
    for attempt in range(3):
        start = time.perf_counter()
        for values in series:
            for n in range(30, 30 + 365):
                window = slice(n - 30, n)
                found = baseline(days[window], values[window].tolist(), ["PM2.5"] * 30, days[n], 7)
                if attempt == 0:
                    for b in found:
                        errors[b.method].append(abs(b.days[0].aqi - values[n]))
        best = min(best, time.perf_counter() - start)
    runs = cities * 365
    print(f"baseline: {cities} cities x 365 issue days = {runs:,} runs of 7 days in {best:.2f} s")
    print(f"  {best / runs * 1e3:.3f} ms per city and issue day")
    for method, values in errors.items():
        print(f"  {method}: day-1 mean absolute error {np.mean(values):.1f} AQI (n={len(values)})")


def bench_verify(n: int) -> None:
    rng = np.random.default_rng(633)
    observed = rng.lognormal(4.3, 0.45, n).round()
    centre = observed + rng.normal(0, 20, n)
    half = rng.integers(10, 25, n)
    low = np.clip(centre - half, 0, 500).round()
    high = np.clip(centre + half, 0, 500).round()
    pollutants = np.array(["PM2.5", "O3", "PM10"])
    primary = pollutants[rng.integers(0, 3, n)].tolist()
    items = np.array(["PM2.5_24h", "O3_8h", "PM10_24h"])
    observed_primary = [[i] for i in items[rng.integers(0, 3, n)].tolist()]
    sources = rng.integers(0, 4, n)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        checked = check(low, high, primary, observed, observed_primary)
        found = [scores(checked, sources == s) for s in range(4)]
        best = min(best, time.perf_counter() - start)
    print(f"verify: {n:,} forecasts, 4 sources, in {best:.2f} s")
    print(f"  level hit rate of source 0: {found[0].level_rate:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=41)
    parser.add_argument("--forecasts", type=int, default=1_000_000)
    args = parser.parse_args()
    bench_baseline(args.cities)
    bench_verify(args.forecasts)


if __name__ == "__main__":
    main()
