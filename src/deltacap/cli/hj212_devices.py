"""``deltacap hj212 device add`` and ``device list``: the monitoring device registry.

Django and the heavy modules are imported inside the commands, so that
``deltacap --help`` stays fast and the data folder is set before Django starts.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, setup_and_migrate, user_errors

console = Console()
device_app = typer.Typer(help="The device registry (MN, PW, outlet).", no_args_is_help=True)


def _limits(items: list[str]) -> dict[str, str]:
    from deltacap.domain.errors import InvalidInput, gettext_noop

    limits = {}
    for item in items:
        code, eq, value = item.partition("=")
        if not eq:
            raise InvalidInput(
                gettext_noop("Expected CODE=LIMIT such as w01018=50; got {got!r}."),
                field="limit",
                got=item,
            )
        limits[code.strip()] = value.strip()
    return limits


@device_app.command("add")
@user_errors
def device_add(
    mn: str = typer.Argument(..., help="The device's unique number (MN)."),
    password: str = typer.Option(..., "--password", help="Its access password (PW)."),
    enterprise: str | None = typer.Option(
        None, help="The enterprise's unified social credit code (USCC)."
    ),
    outlet: str | None = typer.Option(None, help="The outlet's code (default: the MN)."),
    name: str = typer.Option("", help="The outlet's name."),
    medium: str = typer.Option("", help="water or air (descriptive)."),
    minute_interval: int = typer.Option(10, help="Minutes between minute-data records."),
    limit: list[str] = typer.Option(  # noqa: B008
        [], help="Concentration limit CODE=VALUE, e.g. w01018=50 (repeatable)."
    ),
    lenient: bool = typer.Option(
        False,
        help="Accept an MN outside HJ 212-2017 (letters beyond F, '_' ...), as `serve --lenient`.",
    ),
    as_user: str | None = typer.Option(
        None, "--as", help="Act as this account (default: the machine's operator)."
    ),
    data_dir: Path | None = DataDir,
) -> None:
    """Register a monitoring device (recorded in the audit trail). Its MN must be one the
    receiver accepts: 1 to 24 characters 0-9 or A-F, unless --lenient."""
    setup_and_migrate(data_dir)
    from deltacap.monitoring.services import register_device

    device = register_device(
        by=acting_as(as_user),
        channel="cli",
        mn=mn,
        password=password,
        enterprise=enterprise,
        outlet_code=outlet,
        outlet_name=name,
        medium=medium,
        minute_interval=minute_interval,
        limits=_limits(limit),
        lenient=lenient,
    )
    where = (
        _("outlet {outlet} of {enterprise}").format(
            outlet=device.outlet.code, enterprise=device.outlet.enterprise.name
        )
        if device.outlet
        else _("no outlet")
    )
    console.print(_("Registered device {mn} ({where}).").format(mn=device.mn, where=where))


@device_app.command("list")
@user_errors
def device_list(
    as_json: bool = typer.Option(False, "--json"), data_dir: Path | None = DataDir
) -> None:
    """Print the registered devices (never their passwords)."""
    setup(data_dir)
    from deltacap.monitoring.models import Device

    devices = list(Device.objects.select_related("outlet__enterprise"))
    rows = [
        {
            "mn": d.mn,
            "enterprise": d.outlet.enterprise.uscc if d.outlet else None,
            "outlet": d.outlet.code if d.outlet else None,
            "outlet_id": d.outlet_id,
            "minute_interval": d.minute_interval,
            "active": d.active,
        }
        for d in devices
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    out = Console(highlight=False)
    if not devices:
        out.print(_("No monitoring device is registered yet (deltacap hj212 device add)."))
        return
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("MN", no_wrap=True)  # the device's number is read and typed whole
    for header in (_("Enterprise"), _("Outlet"), _("Interval (min)"), _("Active")):
        table.add_column(header, overflow="fold")
    for d in devices:
        outlet = d.outlet
        firm = f"{outlet.enterprise.name} ({outlet.enterprise.uscc})" if outlet else "—"
        name = (outlet.name or outlet.code) if outlet else "—"
        active = _("Yes") if d.active else _("No")
        table.add_row(d.mn, firm, name, str(d.minute_interval), active)
    out.print(table)
