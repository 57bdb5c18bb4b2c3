"""Importing a 20,000-row project workbook: export, dry run, import, import again.

Figure in docs/PERFORMANCE.md ("Key reduction projects: Excel import"). Run from the
repository root (SQLite in a fresh temporary folder, or PostgreSQL with DATABASE_URL set to
an empty database of its own):

    .venv/bin/python bench/bench_projects_import.py [--rows 20000]

Setup writes the demo's projects scaled to ``--rows`` and exports them (the template's
format: the project sheet plus about six accounting inputs per project on the inputs sheet);
then every project is deleted. Timed, once each: the export, the dry run of the file, the
import (all rows created, one transaction, an audit event per project) and the same import
again (every row unchanged, nothing written).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from bench_projects_progress import setup_django, world


def timed(run: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args(argv)
    setup_django()
    from django.conf import settings
    from django.db import transaction

    from deltacap.accounts.permissions import PLATFORM
    from deltacap.projects import exchange, services
    from deltacap.projects.coefficients import ensure_table
    from deltacap.projects.demo import demo_projects
    from deltacap.projects.demo_profiles import DEMO_COEFFICIENTS
    from deltacap.projects.importing import import_projects
    from deltacap.projects.intake import Intake
    from deltacap.projects.models import Project

    world()
    ensure_table(DEMO_COEFFICIENTS)
    rows = demo_projects(scale=args.rows / 3265)
    with transaction.atomic():
        drafts, issues = Intake(by=PLATFORM, period=services.get_period("14fyp")).prepare(
            [r.raw for r in rows]
        )
        assert not issues, issues[0].error
        services.apply(drafts, by=PLATFORM, channel="system")
    (content, _, _), exported = timed(
        lambda: exchange.export_queryset(exchange.all_projects("14fyp"), "14fyp", "xlsx")
    )
    count = Project.objects.count()
    Project.objects.all().delete()

    def run(dry_run: bool) -> dict[str, Any]:
        report = import_projects(
            by=PLATFORM, channel="cli", data=content, period="14fyp", dry_run=dry_run
        ).to_json()
        assert not report["errors"], report["errors"][:3]
        return report

    print(f"database: {settings.DATABASES['default']['ENGINE']}")
    size_mb = len(content) / 2**20
    print(f"workbook: {count:,} projects, {size_mb:.1f} MB; exported in {exported:.1f} s")
    for name, dry in (("dry run", True), ("import", False), ("import again", False)):
        report, seconds = timed(lambda dry=dry: run(dry))
        counts = ", ".join(f"{report[k]} {k}" for k in ("created", "updated", "unchanged"))
        print(f"{name:13s} {seconds:6.1f} s  {count / seconds:7,.0f} rows/s  ({counts})")


if __name__ == "__main__":
    main(sys.argv[1:])
