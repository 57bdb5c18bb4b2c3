"""Proof of execution of a key-period event's controlled-enterprise list
(``air/event_selectors.emission_rates`` and ``domain.air.events.judge_execution``): the
mean hourly emission of every listed enterprise during the event and over the same weekdays
of the four previous weeks, from the hourly roll-up of the measurement store, and the flags.

Figures in docs/PERFORMANCE.md ("Proof of execution of a key-period event"). Run from the
repository root:

    .venv/bin/python bench/bench_event_proof.py [--enterprises 500] [--outlets 2] [--runs 3]

The data (not timed): a temporary store with the hourly roll-up of ``--enterprises``
enterprises × ``--outlets`` outlets × 4 factors (SO2, NOx, PM, VOCs) × 24 hours over the 6
days of the event and its 24 baseline days (30 partitions, one part file each), drawn
deterministically with NumPy (a third of the enterprises stop during the event, a third
halve, a third go on as usual though the list promised them to halve: those are flagged).
Timed, best of ``--runs``: the DuckDB query (columns out)
and the judgement over NumPy columns.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

FACTORS = ("a21026", "a21002", "a34013", "a24088")


def write_store(
    root: Path, enterprises: int, outlets: int, during: list[date], before: list[date]
) -> int:
    from deltacap.monitoring import store

    rng = np.random.default_rng(2025)
    base = rng.uniform(0.5, 5.0, size=(enterprises, outlets, len(FACTORS)))
    factor_of_event = np.array([0.02, 0.5, 1.0])[np.arange(enterprises) % 3]
    rows = 0
    for day in [*before, *during]:
        scale = factor_of_event if day in during else np.ones(enterprises)
        hours = np.arange(24)
        e, o, f, h = np.meshgrid(
            np.arange(enterprises),
            np.arange(outlets),
            np.arange(len(FACTORS)),
            hours,
            indexing="ij",
        )
        e, o, f, h = e.ravel(), o.ravel(), f.ravel(), h.ravel()
        kg = base[e, o, f] * scale[e] * rng.uniform(0.8, 1.2, size=e.size)
        start = datetime.combine(day, datetime.min.time())
        stamps = np.array(
            [start + timedelta(hours=int(x)) for x in range(24)], dtype="datetime64[us]"
        )
        n = e.size
        table = pa.table(
            {
                "outlet_id": e * outlets + o + 1,
                "enterprise_id": e + 1,
                "factor": np.array(FACTORS)[f],
                "hour": stamps[h],
                "source_cn": ["2051"] * n,
                "valid": np.full(n, 6, dtype=np.int32),
                "invalid": np.zeros(n, dtype=np.int32),
                "stopped": np.zeros(n, dtype=np.int32),
                "expected": np.full(n, 6, dtype=np.int32),
                "emission_kg": kg,
                "flow_m3": np.ones(n),
                "mean_concentration": np.ones(n),
                "max_concentration": np.ones(n),
                "last_data_time": stamps[h],
            },
            schema=store.HOURLY_SCHEMA,
        )
        store.write_part(root, "hourly", day.isoformat(), table, "hourly.parquet", sync=False)
        rows += n
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=500)
    parser.add_argument("--outlets", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DELTACAP_DATA_DIR", tempfile.mkdtemp(prefix="deltacap-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    import django

    django.setup()
    from deltacap.air.event_selectors import emission_rates
    from deltacap.domain.air import events as rules

    during = rules.event_days(date(2025, 11, 5), date(2025, 11, 10))
    before = rules.baseline_days(during, 4)
    root = Path(tempfile.mkdtemp(prefix="deltacap-bench-proof-"))
    rows = write_store(root, args.enterprises, args.outlets, during, before)
    ids = list(range(1, args.enterprises + 1))
    stops = np.arange(args.enterprises) % 3 == 0
    remaining = np.full(args.enterprises, 0.5)  # every one not stopped promised to halve

    def run() -> tuple[int, int]:
        table = emission_rates(root, ids, during, before)
        index = table["enterprise_id"].astype(int) - 1
        judged = rules.judge_execution(
            table["enterprise_id"],
            np.array([rules.FACTORS[f] for f in table["factor"]]),
            np.asarray(table["event_rate"], dtype=float),
            np.asarray(table["baseline_rate"], dtype=float),
            remaining[index],
            stops[index],
            rules.EventConfig(),
        )
        return len(index), int((judged.flagged == 1).sum())

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        pairs, flagged = run()
        times.append(time.perf_counter() - start)
    print(
        f"{args.enterprises} enterprises × {args.outlets} outlets × 4 factors, "
        f"{rows:,} hourly rows over {len(during)} event days and {len(before)} baseline "
        f"days: {pairs} enterprise-pollutant pairs judged, {flagged} flagged, "
        f"best of {args.runs}: {min(times) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
