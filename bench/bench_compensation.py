"""Eco-compensation settlements: a year settled from the stored samples at the assessment
section, and the pages that show them.

Times, in a fresh data folder (or the one DELTACAP_DATA_DIR names), with the demo's
accounts and the Xin'anjiang agreement as configured:
- ``--years`` years of samples at 街口 (twice a month, as the joint sampling; seeded),
  written through the CSV import;
- each year's settlement computed from its samples (``water.settlements.compute_settlement``:
  the annual means, P, the record with its frozen inputs, the audit event), and approved
  by both parties and the office (three approvals);
- the agreement's page (P by year, money flows, the rounds) and a settlement's page, as
  the public and as the office (Django's test client, in process; best of ``--runs``).

    .venv/bin/python bench/bench_compensation.py [--years 12] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


def best(runs: int, work: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def samples_csv(years: list[int]) -> bytes:
    import numpy as np

    rng = np.random.default_rng(14)
    lines = ["section,date,CODMn,NH3-N,TP,TN"]
    for year in years:
        for month in range(1, 13):
            for day in (5, 20):
                c, n, p, t = (b * rng.lognormal(0, 0.15) for b in (1.7, 0.09, 0.03, 1.0))
                lines.append(f"jiekou,{year}-{month:02d}-{day:02d},{c:.2f},{n:.3f},{p:.3f},{t:.2f}")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    from deltacap.accounts.models import User
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.demo.load import ensure_accounts, load_enterprises
    from deltacap.water import services, settlements
    from deltacap.water.demo import _data
    from deltacap.water.models import Settlement, WaterBody

    load_enterprises()
    ensure_accounts("bench-demo-1")
    data = _data()
    body = WaterBody.objects.create(
        code="xinanjiang", name_zh="新安江", name_en="Xin'anjiang", kind="river"
    )
    jiekou = next(s for s in data["sections"] if s["code"] == "jiekou")
    services.save_section(
        by=PLATFORM, channel="system", code="jiekou", water_body=body,
        values={k: jiekou[k] for k in ("name_zh", "name_en", "kind", "lon", "lat", "target_class")},
        responsible=jiekou["responsible"], upstream="340000", downstream="330000",
    )  # fmt: skip
    # Years inside the configured rounds (2021–2022 are covered by none).
    years = [y for y in range(2012, dt.date.today().year) if y not in (2021, 2022)][-args.years :]
    report = services.import_samples(
        by=PLATFORM, channel="system", data=samples_csv(years), dry_run=False
    )
    print(f"samples: {report.rows:,} at 街口 over {len(years)} years")

    approvers = [User.objects.get(username=n) for n in ("ah-editor", "zj-editor", "office")]
    timings = []
    for year in years:
        start = time.perf_counter()
        s = settlements.compute_settlement(
            by=approvers[2], channel="system", agreement="xinanjiang", year=year
        )
        timings.append(time.perf_counter() - start)
        for user in approvers:
            settlements.approve_settlement(by=user, channel="system", settlement_id=s.pk)
    timings.sort()
    print(
        f"settle a year from its 24 samples: median {timings[len(timings) // 2] * 1000:.1f} ms, "
        f"max {timings[-1] * 1000:.1f} ms ({len(timings)} years)"
    )
    last = Settlement.objects.order_by("-year").first()
    assert last is not None and last.settled
    for who in (None, approvers[2]):
        client = Client()
        if who is not None:
            client.force_login(who)
        for url in (
            "/water/compensation/xinanjiang/",
            f"/water/compensation/settlements/{last.pk}/",
        ):
            assert client.get(url).status_code == 200
            seconds = best(args.runs, lambda: client.get(url))  # noqa: B023
            print(f"GET {url} as {who or 'the public'}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
