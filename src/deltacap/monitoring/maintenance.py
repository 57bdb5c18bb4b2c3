"""Roll-ups and compaction for a store written by several receiver processes.

``serve --workers N`` runs N receivers that do neither; their parent runs a
``Maintainer``, which finds the dates to work on by the folders' modification
times (a new part file renamed into a folder changes its time).

With ``separate`` the roll-ups and the compaction run in short-lived processes
(``deltacap hj212 rollup --since`` and ``compact``): DuckDB and Arrow keep the memory of
such work (up to ``rollup.ROLLUP_MEMORY`` for a roll-up) in the process that did it, so
the parent's memory would rise with them; a process that ends gives it all back.

When the receiver stops (:meth:`Maintainer.finish`) only the roll-up runs: the hourly
figures must include the last packets, but compacting minutes of small parts can take
minutes on a loaded machine, and merging is not needed for correct figures. The next
start compacts whatever an earlier run left (its first compaction looks at every date).
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
        self._rolled_since = now
        self._compacted_since = 0.0  # the first compaction also takes what earlier runs left
        self._rollups = RollUpClock()

    def run_due(self) -> None:
        """Do what is due; errors are logged, not raised (the receivers must keep running)."""
        now = time.time()
        try:
            if self.rollup_seconds > 0 and now - self._rolled_at >= self.rollup_seconds:
                self._roll_up(now)
            due = now - self._compacted_at >= self.compact_seconds
            if self.compact_seconds > 0 and due:
                self._compact(now)
        except Exception:  # the receivers must keep running
            log.exception("store maintenance failed")

    def finish(self) -> None:
        """Roll up what changed since the last roll-up (the receiver is stopping); the
        compaction that is due is left to the next start. Errors are logged."""
        try:
            if self.rollup_seconds > 0:
                self._roll_up(time.time())
        except Exception:
            log.exception("store maintenance failed")
        if self.compact_seconds > 0:
            log.info("compaction left for the next start (or `deltacap hj212 compact`)")

    def _roll_up(self, now: float) -> None:
        dates = changed_dates(self.root, "values", self._rolled_since)
        self._rolled_at = now
        if dates and self.separate:
            self._roll_up_apart(sorted(dates))
        elif dates:
            self._rollups.roll_up(self.root, dates)
        self._rolled_since = now - 1.0  # folder times have coarse resolution on some systems

    def _roll_up_apart(self, dates: list[str]) -> None:
        """``RollUpClock.roll_up`` in a process of its own."""
        started = time.time()
        since = self._rollups.since
        self._apart(
            ["rollup", *(["--since", repr(since)] if since is not None else [])], set(dates)
        )
        self._rollups.since = started - self._rollups.MARGIN_SECONDS

    def _compact(self, now: float) -> None:
        self._compacted_at = now
        if self.separate:
            dates: set[str] = set()
            for table in compaction.COMPACTED_TABLES:
                dates |= changed_dates(self.root, table, self._compacted_since)
            if dates:
                self._apart(["compact", "--min-age", repr(compaction.MIN_AGE_SECONDS)], dates)
        else:
            for table in compaction.COMPACTED_TABLES:
                dates = changed_dates(self.root, table, self._compacted_since)
                compaction.compact(self.root, tables=[table], dates=dates)
        self._compacted_since = now - compaction.MIN_AGE_SECONDS - 1.0

    def _apart(self, arguments: list[str], dates: set[str]) -> None:
        """``deltacap hj212 ARGUMENTS --date ...`` in a process of its own (same data folder
        and database); raises when it fails."""
        from django.conf import settings

        command = [sys.executable, "-c", "from deltacap.cli import main; main()", "hj212"]
        command += [*arguments, "--data-dir", str(settings.DATA_DIR)]
        for date in sorted(dates):
            command += ["--date", date]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
        if done.returncode != 0:
            raise RuntimeError(f"{arguments[0]} of {sorted(dates)} failed: {done.stderr[-2000:]}")
