"""``deltacap hj212 rollup`` and ``compact``: upkeep of the measurement store.

Django and the heavy modules are imported inside the commands, so that
``deltacap --help`` stays fast and the data folder is set before Django starts.
"""

from __future__ import annotations

from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, setup, user_errors

console = Console()


@user_errors
def rollup(
    date: list[str] = typer.Option(  # noqa: B008
        [], "--date", help="YYYY-MM-DD (repeatable; default: every date in the store)."
    ),
    since: float | None = typer.Option(
        None,
        help="Recompute only the hours of values stored after this time (epoch seconds).",
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Recompute the hourly roll-ups of the given dates from the stored values."""
    setup(data_dir)
    from deltacap.monitoring.rollup import roll_up_with_registry
    from deltacap.monitoring.store import store_root

    root = store_root()
    dates = date or sorted(p.name.removeprefix("date=") for p in (root / "values").glob("date=*"))
    rows = roll_up_with_registry(root, dates, since)
    console.print(
        _("Rolled up {dates} days: {rows} hourly rows.").format(dates=len(dates), rows=rows)
    )


@user_errors
def compact(
    date: list[str] = typer.Option(  # noqa: B008
        [], "--date", help="YYYY-MM-DD (repeatable; default: every date in the store)."
    ),
    min_files: int = typer.Option(2, help="Merge a date's parts when it has at least this many."),
    min_age: float = typer.Option(10.0, help="Leave parts younger than this (s)."),
    data_dir: Path | None = DataDir,
) -> None:
    """Merge the small part files of each date into one (safe while the receiver runs)."""
    setup(data_dir)
    from deltacap.monitoring.compaction import compact as compact_store
    from deltacap.monitoring.store import store_root

    done = compact_store(
        store_root(), dates=date or None, min_files=min_files, min_age_seconds=min_age
    )
    for item in done:
        console.print(
            _("{table} {date}: {parts} parts, {rows} rows").format(
                table=item.table, date=item.date, parts=item.parts, rows=item.rows
            ),
            markup=False,
        )
    console.print(_("Compacted {n} partitions.").format(n=len(done)))
