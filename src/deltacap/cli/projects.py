"""``deltacap progress`` and ``deltacap projects ...``: key reduction projects."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, user_errors

app = typer.Typer(help="Key reduction projects (重点减排工程).", no_args_is_help=True)
console = Console()


@user_errors
def progress(
    period: str = typer.Option("14fyp", help="Planning period."),
    year: int | None = typer.Option(None, help="Figures at the end of this year."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Figures on this day (YYYY-MM-DD; default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per row."),
    data_dir: Path | None = DataDir,
) -> None:
    """Progress against targets: verified reduction, target, completion, time progress, status."""
    setup(data_dir)
    from deltacap.domain.errors import InvalidInput, gettext_noop
    from deltacap.projects.progress import progress as compute
    from deltacap.projects.services import get_period

    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise InvalidInput(
                gettext_noop("Expected a date such as 2023-05-01; got {got}."),
                field="as-of",
                got=as_of,
            ) from None
    report = compute(get_period(period), year=year, as_of=day)
    rows = [f.to_json() for f in report.figures]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("scope", "pollutant", "target t", "verified t", "completion", "time", "status")
    for r in rows:
        table.add_row(
            str(r["scope"]),
            str(r["pollutant"]),
            _fmt(r["target_tonnes"]),
            _fmt(r["verified_tonnes"]),
            _pct(r["completion_rate"]),
            _pct(r["time_progress"]),
            str(r["status"]),
        )
    console.print(table)
    for check in report.checks:
        if not check.ok:
            console.print(
                f"[yellow]{check.pollutant} {check.quantity}: members {check.members_tonnes} t, "
                f"region {check.region_tonnes} t[/yellow]"
            )


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{value:,.3f}"


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


@app.command("template")
@user_errors
def template_command(
    file: Path,
    period: str = typer.Option("14fyp", help="Planning period."),
    data_dir: Path | None = DataDir,
) -> None:
    """Write the empty import template (Chinese headers, drop-down lists)."""
    setup(data_dir)
    from deltacap.projects.exchange import template

    file.write_bytes(template(period))
    console.print(f"wrote {file}")


@app.command("export")
@user_errors
def export_command(
    file: Path,
    period: str = typer.Option("14fyp", help="Planning period."),
    as_user: str | None = typer.Option(
        None, "--as", help="Export what this account may read (default: every project)."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Write every project of the period in the import template's format (or as CSV)."""
    setup(data_dir)
    from deltacap.projects import exchange
    from deltacap.projects.selectors import ProjectFilter

    fmt = "csv" if file.suffix.lower() == ".csv" else "xlsx"
    content, _, _ = exchange.export(acting_as(as_user), ProjectFilter(period=period), fmt)
    file.write_bytes(content)
    console.print(f"wrote {file}")


@app.command("import")
@user_errors
def import_command(
    file: Path,
    period: str = typer.Option("14fyp", help="Planning period."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Import as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Import projects; every error by sheet, row and column; nothing written on any error.

    Exits 1 when the file has errors. Without --as the operator imports for every member
    (audited as a command-line write); the office's decisions (verified, rejected) are not
    available to it.
    """
    setup(data_dir)
    from deltacap.projects.importing import import_projects

    user = acting_as(as_user)
    report = import_projects(
        by=user, channel="cli", data=file.read_bytes(), period=period, dry_run=dry_run
    )
    data = report.to_json()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        _print_report(data)
    if report.errors:
        raise typer.Exit(1)


def _print_report(data: dict[str, Any]) -> None:
    for error in data["errors"]:
        where = " ".join(str(error[k]) for k in ("sheet", "row", "column") if error[k])
        console.print(f"[red]{where}: {error['message']}[/red]")
    verb = "would be" if data["dry_run"] else "were"
    console.print(
        f"{data['created']} created, {data['updated']} updated, {data['unchanged']} unchanged "
        f"({verb} written)"
        if not data["errors"]
        else "nothing was written"
    )
