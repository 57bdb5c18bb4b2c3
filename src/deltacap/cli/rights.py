"""``deltacap rights ...``: confirmation of rights, paid-use prices, reconciliation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import gettext_noop

console = Console()
app = typer.Typer(
    help="Emission-rights registry (排污权): confirmation, prices.", no_args_is_help=True
)

AsUser = typer.Option(..., "--as", help="The account this change is made as.")
# The words of the confirmation page for each method (the same catalogue entries).
METHOD_NAMES = {
    "performance": gettext_noop("Performance method (capacity × hours × performance value)"),
    "air_concentration": gettext_noop("Air concentration method (limit × flow × hours)"),
    "water_concentration": gettext_noop("Water concentration method (limit × volume)"),
}


def _methods(**given: str | None) -> dict[str, dict[str, str]]:
    """Every method with at least one input given, with all of its inputs (missing: "")."""
    from deltacap.rights.services import METHOD_FIELDS

    return {
        method: {f: given[f] or "" for f in fields}
        for method, fields in METHOD_FIELDS.items()
        if any(given[f] is not None for f in fields)
    }


@app.command()
@user_errors
def confirm(
    enterprise_id: int = typer.Argument(..., help="The enterprise's id."),
    pollutant: str = typer.Argument(..., help="COD, NH3-N, NOx, VOCs ..."),
    valid_from: str = typer.Option(..., help="First day of validity, YYYY-MM-DD."),
    valid_to: str = typer.Option(..., help="Last day of validity, YYYY-MM-DD."),
    basis: str = typer.Option(..., help="The member's pilot rule or decision it rests on."),
    origin: str = typer.Option("initial_paid", help="initial_paid or initial_free."),
    decision: str = typer.Option("", help="Decision number (confirmed once)."),
    amends: int | None = typer.Option(
        None, help="The confirmation in force of the same rights, when this one amends it."
    ),
    capacity_mw: str | None = typer.Option(None, help="Performance method: capacity, MW."),
    utilisation_hours: str | None = typer.Option(None, help="Performance method: hours a year."),
    performance_g_kwh: str | None = typer.Option(None, help="Performance method: g/kWh."),
    limit_mg_m3: str | None = typer.Option(None, help="Air concentration method: limit, mg/m³."),
    flow_m3_h: str | None = typer.Option(None, help="Air concentration method: flow, m³/h."),
    hours: str | None = typer.Option(None, help="Air concentration method: hours a year."),
    limit_mg_l: str | None = typer.Option(None, help="Water concentration method: limit, mg/L."),
    volume_m3_a: str | None = typer.Option(None, help="Water concentration method: m³ a year."),
    as_user: str = AsUser,
    as_json: bool = typer.Option(False, "--json", help="Print the confirmation as JSON."),
    data_dir: Path | None = DataDir,
) -> None:
    """Confirm an enterprise's initial allocation from the calculator's inputs (the smaller
    method wins), issue it through the ledger and assess the paid-use fee (audited)."""
    setup(data_dir)
    from deltacap.rights.schemas import confirmation_out
    from deltacap.rights.services import confirm_rights

    made = confirm_rights(
        by=acting_as(as_user),
        channel="cli",
        enterprise_id=enterprise_id,
        pollutant=pollutant,
        valid_from=valid_from,
        valid_to=valid_to,
        basis=basis,
        origin=origin,
        decision=decision,
        amends=amends,
        methods=_methods(
            capacity_mw=capacity_mw,
            utilisation_hours=utilisation_hours,
            performance_g_kwh=performance_g_kwh,
            limit_mg_m3=limit_mg_m3,
            flow_m3_h=flow_m3_h,
            hours=hours,
            limit_mg_l=limit_mg_l,
            volume_m3_a=volume_m3_a,
        ),
    )
    if as_json:
        typer.echo(confirmation_out(made).model_dump_json())
        return
    firm = made.account.enterprise
    console.print(
        _("Confirmed {kg} kg a year of {pollutant} for {enterprise}: {method}.").format(
            kg=f"{made.kg:,}",
            pollutant=made.pollutant,
            enterprise=f"{firm.name} ({firm.uscc})" if firm else made.account_id,
            method=_(METHOD_NAMES.get(made.method, made.method)),
        ),
        markup=False,
    )
    if made.fee_yuan is not None:
        console.print(_("Paid-use fee: {yuan} yuan.").format(yuan=made.fee_yuan))


@app.command("price")
@user_errors
def price(
    pollutant: str = typer.Argument(...),
    yuan_per_tonne_year: str = typer.Argument(..., help="Yuan per tonne and year of validity."),
    valid_from: str = typer.Option(..., help="First day of this price, YYYY-MM-DD."),
    source: str = typer.Option(..., help="Where the price comes from."),
    member_code: str = typer.Option("", help="A member's code; empty: every member."),
    as_user: str = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Set a new version of a paid-use price (office only; audited)."""
    setup(data_dir)
    from deltacap.rights.services import set_paid_use_price

    row = set_paid_use_price(
        by=acting_as(as_user),
        channel="cli",
        pollutant=pollutant,
        yuan_per_tonne_year=yuan_per_tonne_year,
        valid_from=valid_from,
        source=source,
        member_code=member_code,
    )
    console.print(
        _("Paid-use price of {pollutant} from {day}: {fen} fen per tonne and year.").format(
            pollutant=row.pollutant, day=row.valid_from, fen=row.fen_per_tonne_year
        )
    )


def print_json(rows: list[dict[str, Any]]) -> None:
    typer.echo(json.dumps(rows, ensure_ascii=False, default=str))
