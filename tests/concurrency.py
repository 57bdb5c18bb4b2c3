"""Running calls at the same moment, for the PostgreSQL concurrency tests (tests marked
``postgres_only`` are skipped on SQLite by tests/conftest.py: SQLite serialises writers)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at once, each in a thread with its own connection; return each result
    or the exception it raised, in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
