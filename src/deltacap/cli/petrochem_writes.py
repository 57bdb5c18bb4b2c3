"""``deltacap petrochem campaign add`` and ``finding add|rectify|close``: the office's joint
inspection campaigns and the findings at bay enterprises with their rectification and
closure, each as the account ``--as`` names (default: the operator), through the same
services as the pages and the API (``deltacap.petrochem``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, acting_as, setup, user_errors

campaign_app = typer.Typer(help="Joint inspection campaigns (the office).", no_args_is_help=True)
finding_app = typer.Typer(
    help="Findings at bay enterprises: record, rectify, close.", no_args_is_help=True
)
console = Console(highlight=False)
AsJson = typer.Option(False, "--json", help="Print JSON.")
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
Members = typer.Option(..., "--member", help="A member's code (repeat the option).")
Enterprises = typer.Option([], "--enterprise", help="A bay enterprise's id (repeat the option).")


def _show(data: dict[str, Any], as_json: bool, line: str) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        console.print(line, markup=False)


@campaign_app.command("add")
@user_errors
def add_campaign(
    name: str = typer.Option(..., "--name"),
    starts: str = typer.Option(..., "--starts", help="YYYY-MM-DD."),
    ends: str = typer.Option(..., "--ends", help="YYYY-MM-DD."),
    members: list[str] = Members,
    enterprises: list[int] = Enterprises,
    note: str = typer.Option("", "--note"),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Start a joint inspection campaign: its members, dates and bay enterprises."""
    setup(data_dir)
    from deltacap.petrochem import schemas, services

    made = services.create_campaign(by=acting_as(as_user), channel="cli", name=name,
                                    starts=starts, ends=ends, members=members,
                                    enterprises=enterprises, note=note)  # fmt: skip
    line = _("Campaign {id} recorded: {name}, {starts} to {ends}.").format(
        id=made.pk, name=made.name, starts=made.starts.isoformat(), ends=made.ends.isoformat()
    )
    _show(schemas.campaign_out(made), as_json, line)


def _finding(finding_id: int, as_json: bool, template: str) -> None:
    from deltacap.petrochem import schemas, services

    data = schemas.finding_out(services.get_finding(finding_id))
    line = template.format(id=data["id"], enterprise=data["enterprise"]["name"],
                           state=data["state_name"], deadline=data["deadline"])  # fmt: skip
    _show(data, as_json, line)


@finding_app.command("add")
@user_errors
def add_finding(
    enterprise: int = typer.Argument(..., help="The bay enterprise's id."),
    kind: str = typer.Option(..., "--kind", help="ldar_gap, unorganised, exceedance or other."),
    description: str = typer.Option(..., "--description"),
    deadline: str = typer.Option(..., "--deadline", help="Rectify by (YYYY-MM-DD)."),
    found_on: str | None = typer.Option(None, "--found-on", help="Default: today."),
    campaign: int | None = typer.Option(None, "--campaign", help="The campaign's id."),
    point: str = typer.Option("", "--point", help="stack, boundary or in_plant."),
    concentration: str | None = typer.Option(None, "--concentration", help="NMHC, mg/m³."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Record a finding at a bay enterprise (the editors of its member or city)."""
    setup(data_dir)
    from deltacap.petrochem import services

    made = services.record_finding(
        by=acting_as(as_user), channel="cli", bay_id=enterprise, kind=kind,
        description=description, deadline=deadline, found_on=found_on, campaign_id=campaign,
        point=point, concentration=concentration,
    )  # fmt: skip
    _finding(made.pk, as_json, _("Finding {id} at {enterprise} recorded; rectify by {deadline}."))


@finding_app.command("rectify")
@user_errors
def rectify(
    finding_id: int = typer.Argument(..., help="The finding's id."),
    measures: str = typer.Option(..., "--measures", help="What was done."),
    day: str | None = typer.Option(None, "--day", help="Default: today."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Record what was done about a finding (the editors of the enterprise's member or city)."""
    setup(data_dir)
    from deltacap.petrochem import services

    services.record_rectification(by=acting_as(as_user), channel="cli", finding_id=finding_id,
                                  measures=measures, day=day)  # fmt: skip
    _finding(finding_id, as_json, _("Finding {id} at {enterprise}: {state}."))


@finding_app.command("close")
@user_errors
def close(
    finding_id: int = typer.Argument(..., help="The finding's id."),
    note: str = typer.Option("", "--note"),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Close a finding once its rectification is checked (the office or its member)."""
    setup(data_dir)
    from deltacap.petrochem import services

    services.close_finding(by=acting_as(as_user), channel="cli", finding_id=finding_id, note=note)
    _finding(finding_id, as_json, _("Finding {id} at {enterprise}: {state}."))


def register(app: typer.Typer) -> None:
    """Add the write groups to ``deltacap petrochem``."""
    app.add_typer(campaign_app, name="campaign")
    app.add_typer(finding_app, name="finding")
