"""The shared changes and the evaluation calendar on a demo data folder: what the page, the
API and the digest compute (``sharing.selectors.changes_since``, ``digest``) for a member
viewer and for the office, and the calendar and the yearly scheduling evaluation of the
closed round (``projects.round_calendar``).

Figures in docs/PERFORMANCE.md ("Shared changes and the evaluation calendar"). Build a demo
first, then run from the repository root:

    .venv/bin/deltacap demo --no-serve --data-dir /tmp/bench-demo
    .venv/bin/python bench/bench_sharing.py --data-dir /tmp/bench-demo [--repeat 5]

Each figure is the best of ``--repeat`` runs (wall clock), with the number of events in the
trail and of changes returned.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any


def _best(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["DELTACAP_DATA_DIR"] = args.data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    import django

    django.setup()
    from django.utils import timezone

    from deltacap.accounts.models import User
    from deltacap.audit.models import AuditEvent
    from deltacap.projects import round_calendar, rounds
    from deltacap.sharing import selectors

    since = timezone.now() - timedelta(days=7)
    viewer = User.objects.get(username="js-viewer")
    office = User.objects.get(username="office")
    print(f"audit events in the trail: {AuditEvent.objects.count():,}")
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("page: 100 newest, member viewer", lambda: selectors.changes_since(
            viewer, since=since, limit=100)),
        ("API: 500 newest, member viewer", lambda: selectors.changes_since(
            viewer, since=since, limit=500)),
        ("API: 500 newest, the office", lambda: selectors.changes_since(
            office, since=since, limit=500)),
        ("digest: member viewer, every category", lambda: selectors.digest(
            viewer, since=since)),
        ("calendar of 2024 with lateness", lambda: round_calendar.year_calendar(
            2024, timezone.localdate()).rows),
        ("scheduling evaluation of 2024", lambda: round_calendar.scheduling(
            rounds.get_round("14fyp", 2024))),
    ]  # fmt: skip
    for name, run in cases:
        seconds, result = _best(run, args.repeat)
        size = getattr(result, "count", None)
        size = size if isinstance(size, int) else len(result)
        print(f"{name:48s} {seconds * 1000:8.1f} ms  ({size:,} rows)")


if __name__ == "__main__":
    main()
