"""``deltacap water taihu-plan ENTERPRISE``: create or change a member's plan for an
enterprise inside the 5 km Taihu zone (action, deadline, status, progress, completion day,
note), through the same service as the API's ``PUT /water/taihu/plans/{id}`` and the page:
its access decision, the write and its audit event in one transaction; ``deltacap water
taihu-locate ENTERPRISE --lon X --lat Y`` sets an enterprise's position (as the API's ``PUT
/water/taihu/sites/{id}`` and the Taihu page's form)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer

from deltacap.cli._django import DataDir, acting_as, setup, user_errors


def _values(**given: str | None) -> dict[str, Any]:
    """The options given, a day as a date and a whole number as one; other text goes as
    typed, for the plan's own check to refuse (after its access decision)."""
    values: dict[str, Any] = {}
    for name, text in given.items():
        if text is None:
            continue
        value: Any = text
        if name in ("deadline", "completed_on") and text:
            try:
                value = dt.date.fromisoformat(text)
            except ValueError:
                value = text
        elif name in ("deadline", "completed_on"):
            value = None  # empty: the deadline is refused as missing, no completion day
        elif name == "progress" and text.isascii() and text.isdigit():
            value = int(text)
        values[name] = value
    return values


@user_errors
def taihu_plan_command(
    enterprise: int = typer.Argument(..., help="The enterprise inside the zone (its number)."),
    action: str | None = typer.Option(None, "--action", help="close, relocate or upgrade."),
    deadline: str | None = typer.Option(None, "--deadline", help="YYYY-MM-DD."),
    status: str | None = typer.Option(None, "--status", help="planned, under_way or done."),
    progress: str | None = typer.Option(None, "--progress", help="A whole percentage, 0-100."),
    completed_on: str | None = typer.Option(
        None, "--completed-on", help="YYYY-MM-DD (when done; default today); empty: none."
    ),
    note: str | None = typer.Option(None, "--note", help="A note (at most 2000 characters)."),
    as_json: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Create or change the plan for an enterprise inside the 5 km Taihu zone (its member's
    editors). A new plan needs --action and --deadline; only the options given change.
    Audited; a refusal or a bad value is one line naming the option (exit 2), nothing
    written."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import taihu

    values = _values(
        action=action, deadline=deadline, status=status, progress=progress,
        completed_on=completed_on, note=note,
    )  # fmt: skip
    plan = taihu.save_plan(
        by=acting_as(as_user), channel="cli", enterprise=taihu.get_enterprise(enterprise),
        values=values,
    )  # fmt: skip
    out = taihu.plan_out(taihu.get_plan(plan.pk))
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    said = _(
        "Plan of {enterprise}: {action} by {deadline}; {status}, progress {progress} per cent."
    )
    typer.echo(
        said.format(
            enterprise=plan.enterprise.name,
            action=plan.get_action_display(),
            deadline=plan.deadline.isoformat(),
            status=plan.get_status_display(),
            progress=plan.progress,
        )
    )


@user_errors
def taihu_locate_command(
    enterprise: str = typer.Argument(
        ..., help="The enterprise: its number or its unified social credit code."
    ),
    lon: str = typer.Option(..., "--lon", help="Longitude, WGS-84 degrees east (113 to 124)."),
    lat: str = typer.Option(..., "--lat", help="Latitude, WGS-84 degrees north (26.5 to 36)."),
    source: str = typer.Option("", "--source", help="Where the position comes from."),
    as_json: bool = typer.Option(False, "--json", help="Print the position as JSON."),
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this account (its rights); default: the operator."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Set an enterprise's position (the office or the bureaus over it), as the API's
    ``PUT /water/taihu/sites/{id}`` and the Taihu page do: whether it lies in the 5 km
    zone follows. Audited; a refusal or a position outside the Yangtze River Delta is one
    line naming the option (exit 2), nothing written."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import taihu

    site = taihu.locate_enterprise(
        by=acting_as(as_user), channel="cli", enterprise=taihu.enterprise_by_code(enterprise),
        lon=lon, lat=lat, source=source,
    )  # fmt: skip
    out = taihu.site_out(site)
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    where = (
        _("inside the 5 km zone, {km} km from the shore")
        if out["inside"]
        else _("outside the 5 km zone, {km} km from the shore")
    ).format(km=f"{out['distance_to_shore_m'] / 1000:.1f}")
    typer.echo(
        _("{name}: position set to {lon}, {lat}; {where}.").format(
            name=out["name"], lon=out["lon"], lat=out["lat"], where=where
        )
    )
