"""Tracing an exceedance upstream through its route: GET /api/v1/water/trace/{section}
(``water.outfalls.trace_section`` and its JSON), as a member's official asks it, on the
demo's network and on a region-sized synthetic one.

Times, in a fresh data folder (or the one DELTACAP_DATA_DIR names), with Django's test
client in process (a bearer token, as the API is called):
- demo: the demo's curated network (about twenty reaches) and its nine outfalls, traced
  from 金泽 (TP);
- region: a seeded random river tree of ``--reaches`` reaches and ``--outfalls`` outfalls
  on random reaches (one in ten without a concentration) added beside the demo, traced
  from a section on a reach in the middle of the tree (``--upstream`` outfalls or so above
  it).

Each is measured *cold* (the network, its spatial index and the outfalls' index built for
the request, as every request did before they were kept: the water network's version is
renewed before each request) and *warm* (kept, as every request after the first one
until a reach, an outfall or what a load is read from changes). p50 and p95 of ``--runs``
requests each (``--cold-runs`` for the region's cold requests, which take seconds), wall
clock and the CPU time of this process.

    .venv/bin/python bench/bench_water_tracing.py [--reaches 10000] [--outfalls 50000]

On code older than the kept network every request is cold: run it there too to compare.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any


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


def renew() -> None:
    """Forget the kept network and outfalls (nothing to forget on older code)."""
    from deltacap import public_cache

    topic = getattr(public_cache, "WATER_NETWORK", None)
    if topic is not None:
        public_cache.changed(topic)


def timed(
    runs: int, work: Callable[[], Any], before: Callable[[], None] | None
) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time of each run, each sorted (on a shared machine
    the CPU time is what the request itself costs)."""
    times, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return sorted(times), sorted(cpu)


def p95(times: list[float]) -> float:
    return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def region(reaches: int, outfalls: int, upstream: int) -> str:
    """A random river tree away from the demo's (junction i drains into one nearer the
    outlet 0), its outfalls and a section on a reach with about ``upstream`` outfalls
    above it; the section's code."""
    from deltacap.domain.water import tracing
    from deltacap.water.models import Section, WaterBody
    from deltacap.water.models_outfalls import Outfall, Reach

    rng = random.Random(14)
    rows, net = [], tracing.Network()
    for i in range(1, reaches + 1):
        down = rng.randrange(max(0, i - 200), i)
        x, y = 100.0 + (i % 100) * 0.02, 40.0 + (i // 100) * 0.02
        coords = ((x, y), (x + 0.01, y + 0.01))
        net.add(tracing.Reach(f"r{i}", f"j{i}", f"j{down}", coords))
        rows.append(Reach(code=f"r{i}", source_node=f"j{i}", target_node=f"j{down}",
                          coords=[list(c) for c in coords], approximate=True))  # fmt: skip
    Reach.objects.bulk_create(rows, batch_size=2000)
    members = ["310000", "320000", "330000", "340000"]
    on = [f"r{rng.randint(1, reaches)}" for _ in range(outfalls)]
    Outfall.objects.bulk_create(
        [
            Outfall(
                code=f"B-{n}",
                name=f"排口{n}",
                kind="industrial",
                lon=100.0,
                lat=40.0,
                receiving_water="合成",
                member_id=members[n % 4],
                reach=on[n],
                reach_given=True,
                approved_m3_per_day=rng.uniform(10, 50_000),
                synthetic=True,
                concentrations={} if rng.random() < 0.1 else {"TP": rng.uniform(0.05, 8)},
            )  # fmt: skip
            for n in range(outfalls)
        ],
        batch_size=2000,
    )
    per_reach: dict[str, int] = {}
    for r in on:
        per_reach[r] = per_reach.get(r, 0) + 1
    # The reach whose upstream holds the number of outfalls nearest ``upstream``.
    candidates = [f"r{rng.randint(1, reaches)}" for _ in range(400)]
    chosen = min(
        candidates,
        key=lambda r: abs(sum(per_reach.get(u, 0) for u in net.upstream(r)) - upstream),
    )
    x0, y0 = net.reaches[chosen].coords[0]
    body = WaterBody.objects.create(code="bench-river", kind="river", name_zh="合成河",
                                    name_en="Synthetic river", synthetic=True)  # fmt: skip
    Section.objects.create(code="bench-mid", kind="provincial", water_body=body,
                           lon=x0 + 0.005, lat=y0 + 0.005, target_class=3, synthetic=True,
                           name_zh="合成断面", name_en="Synthetic section")  # fmt: skip
    return "bench-mid"


def measure(label: str, get: Callable[[], Any], runs: int, cold_runs: int) -> None:
    first = get()
    assert first.status_code == 200, first.content[:300]
    found = len(first.json()["outfalls"])
    for how, n, before in (("cold", cold_runs, renew), ("warm", runs, None)):
        times, cpu = timed(n, get, before)
        print(
            f"{label} ({found} outfalls ranked), {how}: p50 {statistics.median(times) * 1000:.1f} "
            f"ms, p95 {p95(times) * 1000:.1f} ms wall clock; CPU p50 "
            f"{statistics.median(cpu) * 1000:.1f} ms, p95 {p95(cpu) * 1000:.1f} ms ({n} requests)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reaches", type=int, default=10_000)
    parser.add_argument("--outfalls", type=int, default=50_000)
    parser.add_argument("--upstream", type=int, default=500)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    from deltacap.accounts.models import User
    from deltacap.accounts.services import issue_token
    from deltacap.demo.load import ensure_accounts, load_enterprises
    from deltacap.water.demo import load_demo_water
    from deltacap.water.demo_outfalls import load_demo_outfalls

    load_enterprises()
    ensure_accounts("bench-demo-1")
    load_demo_water()
    load_demo_outfalls()
    token = issue_token(user=User.objects.get(username="js-viewer"))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def get(section: str) -> Callable[[], Any]:
        return lambda: client.get(f"/api/v1/water/trace/{section}", {"parameter": "TP"})

    measure("demo: GET /api/v1/water/trace/jinze", get("jinze"), args.runs, args.runs)
    start = time.perf_counter()
    section = region(args.reaches, args.outfalls, args.upstream)
    print(
        f"region: {args.reaches:,} reaches and {args.outfalls:,} outfalls written in "
        f"{time.perf_counter() - start:.1f} s"
    )
    renew()
    measure(f"region: GET /api/v1/water/trace/{section}", get(section), args.runs,
            args.cold_runs)  # fmt: skip


if __name__ == "__main__":
    main()
