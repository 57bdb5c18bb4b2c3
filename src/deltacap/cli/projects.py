"""``deltacap progress`` and ``deltacap projects ...``: key reduction projects."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes
from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import gettext_noop

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
    report = compute(_codes.period(period), year=year, as_of=day)
    rows = [f.to_json() for f in report.figures]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    _print_progress(rows)
    out = Console(highlight=False)
    for check in report.checks:
        if not check.ok:
            out.print(
                _("{pollutant} {quantity}: members {members} t, region {region} t").format(
                    pollutant=check.pollutant,
                    quantity=check.quantity,
                    members=_fmt(check.members_tonnes),
                    region=_fmt(check.region_tonnes),
                ),
                style="yellow",
                markup=False,
            )


# The words of the progress page for each status (the same catalogue entries).
_STATUS = {
    "on_track": gettext_noop("on track"),
    "behind": gettext_noop("behind"),
    "far_behind": gettext_noop("far behind"),
    "no_target": gettext_noop("no target"),
}


def _print_progress(rows: list[dict[str, Any]]) -> None:
    out = Console(highlight=False)
    if not rows:
        out.print(_("This period controls no pollutant yet."))
        return
    names = _codes.names()
    if out.width < 110:  # pollutants by their short names (COD, NOx) on a narrow terminal
        names |= {str(r["pollutant"]): str(r["pollutant"]) for r in rows}
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Member or region"), overflow="fold")
    table.add_column(_("Pollutant"), overflow="fold")
    for header in (_("Target (t)"), _("Verified (t)"), _("Completion"), _("Time progress")):
        table.add_column(header, justify="right", overflow="fold")
    table.add_column(_("Status"), overflow="fold")
    for r in rows:
        table.add_row(
            names.get(str(r["scope"]), str(r["scope"])),
            names.get(str(r["pollutant"]), str(r["pollutant"])),
            _fmt(r["target_tonnes"]),
            _fmt(r["verified_tonnes"]),
            _pct(r["completion_rate"]),
            _pct(r["time_progress"]),
            _(_STATUS.get(str(r["status"]), str(r["status"]))),
        )
    out.print(table)


def _fmt(value: Any) -> str:
    """Tonnes to the kilogram, thousands grouped, without trailing zeros (``—``: none)."""
    return (
        "—" if value is None else f"{Decimal(str(value)).quantize(Decimal('0.001')).normalize():,f}"
    )


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

    file.write_bytes(template(_codes.period(period).code))
    console.print(_("Wrote {file}.").format(file=file), markup=False)


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
    chosen = ProjectFilter(period=_codes.period(period).code)
    content, _name, _type = exchange.export(acting_as(as_user), chosen, fmt)
    file.write_bytes(content)
    console.print(_("Wrote {file}.").format(file=file), markup=False)


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
    chosen = _codes.period(period).code
    report = import_projects(
        by=user, channel="cli", data=file.read_bytes(), period=chosen, dry_run=dry_run
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
        console.print(f"{where}: {error['message']}", style="red", markup=False)
    if data["errors"]:
        console.print(_("Nothing was written."))
        return
    summary = (
        _("{created} to create, {updated} to update, {unchanged} unchanged (nothing written yet).")
        if data["dry_run"]
        else _("{created} created, {updated} updated, {unchanged} unchanged.")
    )
    console.print(summary.format(**{k: data[k] for k in ("created", "updated", "unchanged")}))


@app.command("investment")
@user_errors
def investment_command(
    period: str = typer.Option("14fyp", help="Planning period."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object with every sum."),
    as_user: str | None = typer.Option(
        None, "--as", help="Sum what this account may read (default: every project)."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Investment (10,000 yuan) by the plan's priority areas, by member, category and source."""
    setup(data_dir)
    from deltacap.projects.investment import area_config
    from deltacap.projects.investment import investment_report as report_of

    report = report_of(acting_as(as_user), _codes.period(period).code)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    config = area_config()
    out = Console(highlight=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Area"), overflow="fold")
    table.add_column(_("Projects"), justify="right")
    table.add_column(_("Investment (10,000 yuan)"), justify="right")
    language = "en" if (get_language() or "").startswith("en") else "zh"
    for area in report["areas"]:
        table.add_row(
            config.name(area["area"], language), str(area["projects"]), area["investment_wan"]
        )
    table.add_row(_("Total"), "", report["total_wan"])
    out.print(table)
