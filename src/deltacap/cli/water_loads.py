"""``deltacap water loads [LAKE] --year Y`` and ``deltacap water flows import FILE``: the N/P
loads into a lake by inflow river and month against its reduction targets (without a lake:
every lake's totals against its targets), and the import of monthly flows at the inflow
sections (checked whole, nothing written on an error)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import gettext_noop

flows_app = typer.Typer(help="Monthly flows at the lakes' inflow sections.", no_args_is_help=True)
console = Console(highlight=False)


@user_errors
def loads_command(
    lake: str | None = typer.Argument(
        None, help="The lake's code (as configured: taihu, chaohu ...); none: every lake."
    ),
    year: int | None = typer.Option(None, "--year", help="The year (default: the last full)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object (a list: every lake)."),
    data_dir: Path | None = DataDir,
) -> None:
    """The N/P loads into a lake per inflow river and month, the year's totals against the
    reduction target and the base year; months without flow or sample are gaps. Without a
    lake: every configured lake's totals against its targets."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import loads

    if lake is None:
        _overview(loads.lakes_overview(year or dt.date.today().year - 1), as_json)
        return
    result = loads.lake_loads(lake, year or dt.date.today().year - 1)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
        return
    console.print(f"{result['lake_name']} {result['year']}")
    console.print(_("Load (t) = flow (m³/s) × seconds in the month × concentration (mg/L) × 1e-6."))
    table = Table(_("Inflow section"), _("Parameter"), *[str(m) for m in range(1, 13)], _("Year"))
    gap = {"flow": _("no flow"), "concentration": _("no sample"), "both": "—"}
    for river in result["rivers"]:
        for p, got in river["parameters"].items():
            cells = [
                gap[m["gap"]] if m["load_t"] is None else f"{m['load_t']:.2f}"
                for m in got["months"]
            ]
            total = f"{got['total_t']:.1f}" + ("*" if got["gaps"] else "")
            table.add_row(river["name"], p, *cells, total)
    console.print(table)
    words = {**gap, "both": _("no flow and no sample")}
    for river in result["rivers"]:
        for month in range(1, 13):
            kinds = {got["months"][month - 1]["gap"] for got in river["parameters"].values()} - {
                None
            }
            if kinds:
                said = ", ".join(sorted(words[k] for k in kinds))
                console.print(f"{river['name']} {result['year']}-{month:02d}: {said}")
    totals = Table(_("Parameter"), _("Load (t)"), _("Target (t)"), _("Base-year load (t)"))
    for p, t in result["totals"].items():
        totals.add_row(
            p,
            f"{t['load_t']:.1f}" + ("" if t["complete"] else "*"),
            "—" if t["target_t"] is None else f"{t['target_t']:g}",
            "—" if t["base_t"] is None else f"{t['base_t']:.1f} ({t['base_year']})",
        )
    console.print(totals)
    console.print(_("* the year's total leaves out the months with a gap."))


def _overview(lakes: list[dict[str, Any]], as_json: bool) -> None:
    from django.utils.translation import gettext as _

    if as_json:
        typer.echo(json.dumps(lakes, ensure_ascii=False))
        return
    table = Table(
        _("Lake"), _("Parameter"), _("Load (t)"), _("Target (t)"), _("Against the target"),
        title=str(lakes[0]["year"]) if lakes else None,
    )  # fmt: skip
    for got in lakes:
        for p, t in got["totals"].items():
            if p not in ("TN", "TP"):
                continue
            state = {None: "—", True: _("above the target"), False: _("within the target")}
            table.add_row(
                got["lake_name"],
                p,
                f"{t['load_t']:.1f}" + ("" if t["complete"] else "*"),
                "—" if t["target_t"] is None else f"{t['target_t']:g}",
                state[t["over_target"]],
            )
        if not got["totals"]:
            table.add_row(got["lake_name"], "—", "—", "—", _("No inflow section."))
    console.print(table)
    console.print(_("* the year's total leaves out the months with a gap."))


@flows_app.command("import")
@user_errors
def flows_import_command(
    file: Path,
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Import as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Import monthly mean flows from CSV (section, year, month, flow_m3_s); every error by
    row and column; nothing written on any error (exit 1)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.errors import InvalidInput
    from deltacap.water.loads import import_flows

    try:
        data = file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read {file}."), field="file", file=str(file)
        ) from None
    report = import_flows(by=acting_as(as_user), channel="cli", data=data, dry_run=dry_run)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for e in report.errors:
            where = " ".join(str(p) for p in (e.row, e.column) if p)
            typer.echo(f"{where}: {e.message}" if where else e.message, err=True)
        if not report.errors:
            text = (
                _("The file is valid: {rows} monthly flows, {created} new, {updated} to replace.")
                if dry_run
                else _("Imported {rows} monthly flows: {created} new, {updated} replaced.")
            )
            typer.echo(
                text.format(rows=report.rows, created=report.created, updated=report.updated)
            )
    if report.errors:
        raise typer.Exit(1)
