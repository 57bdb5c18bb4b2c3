"""Roll-ups and compaction for a store written by several receiver processes.

``serve --workers N`` runs N receivers that do neither; their parent runs a
``Maintainer``, which finds the dates to work on by the folders' modification
times (a new part file renamed into a folder changes its time).

With ``separate`` the roll-ups run in a short-lived process (``deltacap hj212 rollup
--since``): DuckDB keeps the memory of a roll-up (up to ``rollup.ROLLUP_MEMORY``) in the
process that ran it, so the parent's memory would rise with the roll-ups; a process that
ends gives it all back, and the parent stays flat.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from deltacap.monitoring import compaction
from deltacap.monitoring.rollup import RollUpClock

log = logging.getLogger("deltacap.monitoring.maintenance")


def changed_dates(root: Path, table: str, since: float) -> set[str]:
    """Dates of ``table`` whose folder changed after ``since`` (epoch seconds)."""
    found = set()
    for folder in (root / table).glob("date=*"):
        try:
            if folder.stat().st_mtime >= since:
                found.add(folder.name.removeprefix("date="))
        except OSError:
            continue
    return found


class Maintainer:
    """Rolls up changed dates every ``rollup_seconds`` and compacts changed partitions every
    ``compact_seconds`` (0: never)."""

    def __init__(
        self, root: Path, rollup_seconds: float, compact_seconds: float, *, separate: bool = False
    ) -> None:
        self.root = root
        self.separate = separate
        self.rollup_seconds = rollup_seconds
        self.compact_seconds = compact_seconds
        now = time.time()
        self._rolled_at = self._compacted_at = now
        self._rolled_since = self._compacted_since = now
        self._rollups = RollUpClock()

    def run_due(self, *, force: bool = False) -> None:
        """Do what is due (everything pending when ``force``); errors are logged, not raised."""
        now = time.time()
        try:
            if self.rollup_seconds > 0 and (force or now - self._rolled_at >= self.rollup_seconds):
                self._roll_up(now)
            due = now - self._compacted_at >= self.compact_seconds
            if self.compact_seconds > 0 and (force or due):
                self._compact(now)
        except Exception:  # the receivers must keep running
            log.exception("store maintenance failed")

    def _roll_up(self, now: float) -> None:
        dates = changed_dates(self.root, "values", self._rolled_since)
        self._rolled_at = now
        if dates and self.separate:
            self._roll_up_apart(sorted(dates))
        elif dates:
            self._rollups.roll_up(self.root, dates)
        self._rolled_since = now - 1.0  # folder times have coarse resolution on some systems

    def _roll_up_apart(self, dates: list[str]) -> None:
        """``RollUpClock.roll_up`` in a process of its own (same data folder, database)."""
        from django.conf import settings

        started = time.time()
        command = [sys.executable, "-c", "from deltacap.cli import main; main()", "hj212"]
        command += ["rollup", "--data-dir", str(settings.DATA_DIR)]
        for date in dates:
            command += ["--date", date]
        if self._rollups.since is not None:
            command += ["--since", repr(self._rollups.since)]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
        if done.returncode != 0:
            raise RuntimeError(f"roll-up of {dates} failed: {done.stderr.strip()[-2000:]}")
        self._rollups.since = started - self._rollups.MARGIN_SECONDS

    def _compact(self, now: float) -> None:
        self._compacted_at = now
        for table in compaction.COMPACTED_TABLES:
            dates = changed_dates(self.root, table, self._compacted_since)
            compaction.compact(self.root, tables=[table], dates=dates)
        self._compacted_since = now - compaction.MIN_AGE_SECONDS - 1.0
