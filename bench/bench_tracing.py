"""Tracing an exceedance upstream (deltacap.domain.water.tracing): the reaches upstream of
a section's reach and the outfalls there ranked by load, as `deltacap water trace`,
/api/v1/water/trace/{section_code} and /water/trace/ do once the network and the outfalls
are read.

    .venv/bin/python bench/bench_tracing.py [--reaches 10000] [--outfalls 50000]

The network is a seeded random river tree: junction i (i ≥ 1) drains by one reach into a
junction nearer the outlet (0), so every reach has one way down and the outlet's reach
sees them all. Wall clock and this process's CPU time are printed (on a shared machine the
CPU time is what the trace itself costs). Outfalls lie on random reaches with random
discharges and concentrations, one in ten without a concentration (an unknown load).
Traces start from random reaches and from the reach at the outlet (the worst case: every
reach and every outfall upstream).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from deltacap.domain.water import tracing


def network(reaches: int, rng: random.Random) -> tracing.Network:
    net = tracing.Network()
    for i in range(1, reaches + 1):
        down = rng.randrange(max(0, i - 200), i)
        x, y = 119.0 + (i % 100) * 0.02, 30.0 + (i // 100) * 0.02
        net.add(tracing.Reach(f"r{i}", f"j{i}", f"j{down}", ((x, y), (x + 0.01, y + 0.01))))
    return net


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reaches", type=int, default=10_000)
    parser.add_argument("--outfalls", type=int, default=50_000)
    parser.add_argument("--traces", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(14)
    t = time.perf_counter()
    net = network(args.reaches, rng)
    built = time.perf_counter() - t
    sources = [
        tracing.Source(
            n,
            f"r{rng.randint(1, args.reaches)}",
            tracing.load_kg_per_day(
                rng.uniform(10, 50_000), None if rng.random() < 0.1 else rng.uniform(0.05, 80)
            ),
        )
        for n in range(args.outfalls)
    ]
    t = time.perf_counter()
    by_reach = tracing.index_by_reach(sources)
    indexed = time.perf_counter() - t
    # The outlet's reach: the one draining into junction 0 with the most upstream.
    outlet = max((r for r in net.reaches.values() if r.target == "j0"),
                 key=lambda r: len(net.upstream(r.id)))  # fmt: skip
    times, sizes = [], []
    starts = [f"r{rng.randint(1, args.reaches)}" for _ in range(args.traces)]
    for start in starts:
        t = time.perf_counter()
        result = tracing.trace(net, start, by_reach)
        times.append(time.perf_counter() - t)
        sizes.append(len(result.ranked))
    worst, worst_cpu = [], []
    for _ in range(10):
        t, c = time.perf_counter(), time.process_time()
        full = tracing.trace(net, outlet.id, by_reach)
        worst.append(time.perf_counter() - t)
        worst_cpu.append(time.process_time() - c)
    print(f"network: {args.reaches} reaches built in {built * 1000:.0f} ms; "
          f"{args.outfalls} outfalls indexed by reach in {indexed * 1000:.0f} ms")  # fmt: skip
    print(
        f"trace from {args.traces} random reaches: "
        f"median {statistics.median(times) * 1000:.2f} ms, "
        f"max {max(times) * 1000:.2f} ms (median {statistics.median(sizes):.0f} outfalls upstream)"
    )
    print(
        f"trace from the outlet ({full.upstream_reaches} reaches, {len(full.ranked)} outfalls "
        f"ranked): median of 10 {statistics.median(worst) * 1000:.1f} ms, "
        f"max {max(worst) * 1000:.1f} ms wall clock; "
        f"CPU time of this process median {statistics.median(worst_cpu) * 1000:.1f} ms, "
        f"max {max(worst_cpu) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
