"""Progress for 100,000 key reduction projects: the selector, the dashboard's data and the
API endpoint the dashboard calls.

Figure in docs/PERFORMANCE.md ("Key reduction projects: progress"). Run from the repository
root (SQLite in a fresh temporary folder, or PostgreSQL with DATABASE_URL set to an empty
database of its own):

    .venv/bin/python bench/bench_projects_progress.py [--projects 100000] [--repeat 7]

Setup (skipped when DELTACAP_DATA_DIR names a folder that has projects already) writes the
demo's projects scaled up to ``--projects`` through the same service as an
import (``Intake`` + ``apply``: checks, accounting, audit events), then the office verifies
the demo's share of them (``review_projects``). Timed: ``progress()`` (the figures of
``deltacap progress``), ``dashboard_data()`` (everything the progress page draws) and
``GET /api/v1/projects/progress`` and ``.../progress/dashboard`` through Django's test client
with a bearer token; each the median of ``--repeat`` runs after one warm-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
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


def world() -> Any:
    from deltacap.accounts.models import User
    from deltacap.demo.load import ensure_accounts, load_enterprises
    from deltacap.reference.services import load_reference_data
    from deltacap.targets.services import load_plan_targets

    load_reference_data()
    load_plan_targets()
    load_enterprises()
    ensure_accounts("bench-pass-2026")
    return User.objects.get(username="office")


def write_projects(target: int, office: Any) -> tuple[int, float, float]:
    """Write about ``target`` demo projects; returns (count, seconds writing, seconds verifying)."""
    from django.db import transaction

    from deltacap.accounts.permissions import PLATFORM
    from deltacap.projects import services, steps
    from deltacap.projects.coefficients import ensure_table
    from deltacap.projects.demo import demo_projects
    from deltacap.projects.demo_profiles import DEMO_COEFFICIENTS
    from deltacap.projects.intake import Intake

    ensure_table(DEMO_COEFFICIENTS)
    rows = demo_projects(scale=target / 3265)  # the demo has about 3,300 projects at scale 1
    period = services.get_period("14fyp")
    started = time.perf_counter()
    for start in range(0, len(rows), 10_000):
        with transaction.atomic():
            drafts, issues = Intake(by=PLATFORM, period=period).prepare(
                [r.raw for r in rows[start : start + 10_000]]
            )
            assert not issues, issues[0].error
            services.apply(drafts, by=PLATFORM, channel="system")
    written = time.perf_counter() - started
    _evidence([r.raw.values["code"] for r in rows if r.final_status == "verified"])
    started = time.perf_counter()
    verified = [r.raw.values["code"] for r in rows if r.final_status == "verified"]
    for start in range(0, len(verified), 5000):
        steps.review_projects(
            by=office, channel="system", codes=verified[start : start + 5000], to="verified"
        )
    return len(rows), written, time.perf_counter() - started


def _evidence(codes: list[str]) -> None:
    from deltacap.projects.demo import _evidence as demo_evidence

    for start in range(0, len(codes), 5000):
        demo_evidence(codes[start : start + 5000])


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.test import Client

    from deltacap.accounts.services import issue_token
    from deltacap.projects.models import Project, ProjectReduction
    from deltacap.projects.progress import dashboard_data, progress
    from deltacap.projects.services import get_period

    office = world()
    if Project.objects.exists():  # a data folder of an earlier run (DELTACAP_DATA_DIR): reuse it
        count, written, verified = Project.objects.count(), 0.0, 0.0
    else:
        count, written, verified = write_projects(args.projects, office)
    period = get_period("14fyp")
    client = Client()
    token = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=office)}"}

    def api(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path, {"period": "14fyp"}, **token)
            assert response.status_code == 200, response.content[:200]
            return response

        return call

    print(f"database: {settings.DATABASES['default']['ENGINE']}")
    print(f"projects: {Project.objects.count():,} ({count:,} generated), "
          f"reduction rows: {ProjectReduction.objects.count():,}, "
          f"verified: {Project.objects.filter(status='verified').count():,}")  # fmt: skip
    if written:
        print(f"setup: written in {written:.1f} s ({count / written:,.0f} projects/s), "
              f"verified in {verified:.1f} s")  # fmt: skip
    for name, run in (
        ("progress() selector", lambda: progress(period)),
        ("dashboard_data() (series, cities)", lambda: dashboard_data(period)),
        ("GET /api/v1/projects/progress", api("/api/v1/projects/progress")),
        ("GET /api/v1/projects/progress/dashboard", api("/api/v1/projects/progress/dashboard")),
    ):
        print(f"{name:42s} median {median_ms(run, args.repeat):8.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
