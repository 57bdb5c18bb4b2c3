"""``deltacap rounds ...``: the evaluation calendar of a year, the office's opening and
closing (freezing) of a round, and the yearly scheduling evaluation (年度调度评估) of a
closed round."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes
from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

app = typer.Typer(help="Annual evaluation rounds (年度调度评估).", no_args_is_help=True)

AsJson = typer.Option(False, "--json", help="Print JSON.")
YearOption = typer.Option(..., "--year", help="The evaluated year (e.g. 2025).")
PeriodOption = typer.Option("14fyp", "--period", help="Planning period.")
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise InvalidInput(
            gettext_noop("Expected a year such as 2024; got {got}."), field="year", got=year
        )
    return year


def _lateness(state: str) -> str:
    from deltacap.reference.labels import term

    return term(state, "lateness")


def _tonnes(value: float | None) -> str:
    return "—" if value is None else f"{value:,.3f}"


@app.command()
@user_errors
def calendar(
    year: int = YearOption, as_json: bool = AsJson, data_dir: Path | None = DataDir
) -> None:
    """The year's calendar: task-list window, due dates, the round and each member's lateness."""
    setup(data_dir)
    from django.utils import timezone

    from deltacap.projects.round_calendar import year_calendar
    from deltacap.projects.round_schemas import calendar_out
    from deltacap.reference.labels import term

    data = calendar_out(year_calendar(_year(year), timezone.localdate()))
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
        return
    out = Console(highlight=False)
    out.print(_("Evaluation calendar {year}").format(year=year), style="bold")
    for words, key in (
        (_("Task-list window opens"), "window_opens"),
        (_("Members' submissions due"), "submissions_due"),
        (_("Task-list window closes"), "window_closes"),
        (_("The region's report due"), "region_report_due"),
    ):
        out.print(f"  {data[key]}  {words}", markup=False)
    r = data["round"]
    if r is None:
        out.print(_("No evaluation round for {year} has been opened.").format(year=year))
        return
    out.print(f"{_('Round')}: {term(r['state'], 'round_state')}", markup=False)
    if r["override_reason"]:
        words = _("Opened outside its window; the office's reason:")
        out.print(f"{words} {r['override_reason']}", markup=False)
    _print_members(out, data["members"])


def _print_members(out: Console, rows: list[dict[str, Any]]) -> None:
    names = _codes.names()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("Member"), _("Projects due"), _("Submitted"), _("Lateness"), _("Days late")):
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(
            names.get(row["member"], row["member"]),
            str(row["due_projects"]),
            (row["submitted_at"] or "—")[:16].replace("T", " "),
            _lateness(row["lateness"]),
            str(row["days_late"] or "—"),
        )
    out.print(table)


@app.command()
@user_errors
def evaluation(
    year: int = YearOption,
    period: str = typer.Option("14fyp", help="Planning period."),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """The yearly scheduling evaluation of the closed round, per member."""
    setup(data_dir)
    from deltacap.projects import round_calendar, rounds
    from deltacap.projects.round_schemas import evaluation_out

    round_ = rounds.get_round(_codes.period(period).code, _year(year))
    rows = evaluation_out(round_calendar.scheduling(round_))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    names = _codes.names()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    headers = (
        _("Member"),
        _("Projects due"),
        _("Completed"),
        _("Pollutant"),
        _("Accounted by the projects completed (t)"),
        _("Verified to the end of the year (t)"),
        _("Target (t)"),
    )
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        first = True
        for line in row["pollutants"] or [{}]:
            table.add_row(
                names.get(row["member"], row["member"]) if first else "",
                str(row["due_projects"]) if first else "",
                str(row["completed"]) if first else "",
                names.get(line.get("pollutant", ""), line.get("pollutant", "")),
                _tonnes(line.get("accounted_tonnes")),
                _tonnes(line.get("verified_tonnes")),
                _tonnes(line.get("target_tonnes")),
            )
            first = False
    Console(highlight=False).print(table)


def _deadline(text: str) -> Any:
    from datetime import date

    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the deadline as YYYY-MM-DD."), field="deadline"
        ) from None


def _round_json(r: Any) -> dict[str, Any]:
    return {
        "period": r.period_id,
        "year": r.year,
        "state": r.state,
        "deadline": r.deadline.isoformat(),
        "window_opens": r.window_opens.isoformat() if r.window_opens else None,
        "window_closes": r.window_closes.isoformat() if r.window_closes else None,
        "override_reason": r.override_reason,
        "closed_at": r.closed_at.isoformat() if r.closed_at else None,
        "projects": len(r.snapshot["projects"]) if r.snapshot else None,
    }


@app.command("open")
@user_errors
def open_command(
    year: int = YearOption,
    period: str = PeriodOption,
    deadline: str = typer.Option(
        "", "--deadline", help="Submissions due, YYYY-MM-DD (default: the calendar's 31 March)."
    ),
    reason: str = typer.Option(
        "", "--override-reason", help="Why the round opens outside its task-list window."
    ),
    as_user: str | None = AsUser,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """Open the year's evaluation round (the region office only). Audited."""
    setup(data_dir)
    from deltacap.projects import rounds

    r = rounds.open_round(
        by=acting_as(as_user),
        channel="cli",
        period=_codes.period(period).code,
        year=_year(year),
        deadline=_deadline(deadline),
        override_reason=reason,
    )
    if as_json:
        typer.echo(json.dumps(_round_json(r), ensure_ascii=False))
        return
    typer.echo(
        _("Evaluation round {period} {year} opened; submissions due {deadline}.").format(
            period=r.period_id, year=r.year, deadline=r.deadline.isoformat()
        )
    )


@app.command("close")
@user_errors
def close_command(
    year: int = YearOption,
    period: str = PeriodOption,
    as_user: str | None = AsUser,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """Close the year's evaluation round and freeze its snapshot (the region office only).
    Audited."""
    setup(data_dir)
    from deltacap.projects import rounds

    r = rounds.close_round(
        by=acting_as(as_user), channel="cli", period=_codes.period(period).code, year=_year(year)
    )
    snapshot = r.snapshot or {"projects": []}
    if as_json:
        typer.echo(json.dumps(_round_json(r), ensure_ascii=False))
        return
    typer.echo(
        _("Evaluation round {period} {year} closed and frozen: {projects} projects in its "
          "snapshot.").format(period=r.period_id, year=r.year, projects=len(snapshot["projects"]))
    )  # fmt: skip
