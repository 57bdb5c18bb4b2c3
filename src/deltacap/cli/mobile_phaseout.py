"""``deltacap mobile phaseout standard`` and ``set-standard``: the unified phase-out
standard's versions, and a new version as the office sets it (``deltacap.mobile``)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, user_errors

console = Console(highlight=False)
AsJson = typer.Option(False, "--json", help="Print JSON.")
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
CLAUSE_HELP = (
    "A clause: types / fuels / highest stage, by words or codes, e.g. 'heavy truck, medium "
    "truck / diesel / 4' (no types: every type; repeat the option)."
)

Vehicles = typer.Option([], "--vehicles", help=CLAUSE_HELP)
Machines = typer.Option([], "--machines", help=CLAUSE_HELP)


def standard(
    as_json: bool = AsJson, as_user: str | None = AsUser, data_dir: Path | None = DataDir
) -> None:
    """The unified phase-out standard's versions, newest first, with the one in force."""
    setup(data_dir)
    from deltacap.mobile.phaseout_standard import clause_text, history

    rows = history(acting_as(as_user))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(box=box.SIMPLE)
    for header in (_("Version"), _("In force from"), _("Old high-emission vehicles"),
                   _("Old high-emission machines"), _("Set by")):  # fmt: skip
        table.add_column(header)
    for row in rows:
        mark = " *" if row["in_force"] else ""
        table.add_row(
            row["version"] + mark,
            row["start"],
            "\n".join(clause_text("vehicles", c) for c in row["vehicles"]) or "-",
            "\n".join(clause_text("machines", c) for c in row["machines"]) or "-",
            row["set_by"] or _("configuration"),
        )
    console.print(table)
    console.print(_("* in force today"))


def set_standard(
    version: str = typer.Option(..., "--version", help="The new version's name, e.g. 2027.1."),
    start: str = typer.Option(..., "--start", help="In force from this day (YYYY-MM-DD)."),
    source: str = typer.Option("", "--source", help="The decision or document it follows."),
    vehicles: list[str] = Vehicles,
    machines: list[str] = Machines,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Set a new version of the unified phase-out standard (the office)."""
    setup(data_dir)
    from deltacap.mobile.phaseout_standard import clauses_from_text, set_version

    made = set_version(
        by=acting_as(as_user),
        channel="cli",
        version=version,
        start=start,
        source=source,
        vehicles=clauses_from_text("\n".join(vehicles), "vehicles"),
        machines=clauses_from_text("\n".join(machines), "machines"),
    )
    console.print(
        _("Version {version} of the phase-out standard is set, in force from {start}.").format(
            version=made.version, start=made.start.isoformat()
        )
    )


def register(phaseout_app: typer.Typer) -> None:
    """Add the standard's commands to ``deltacap mobile phaseout``."""
    phaseout_app.command("standard")(user_errors(standard))
    phaseout_app.command("set-standard")(user_errors(set_standard))
