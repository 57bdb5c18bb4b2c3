"""``deltacap air events``: key-period events and the members' controlled-enterprise lists.

``deltacap air events`` lists the events; ``list-export`` writes a member's list (in force,
or ``--version``) as an Excel workbook; ``list-import`` checks (``--dry-run``) or imports a
workbook as the list's next version (every fault by sheet, row and column; nothing written
on any fault, exit 1); ``diff`` tells what changed between two versions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.air.events import POLLUTANTS
from deltacap.domain.errors import InvalidInput, gettext_noop

app = typer.Typer(
    help="Key-period events and the members' controlled-enterprise lists.",
    invoke_without_command=True,
)
console = Console(highlight=False)
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
EventOption = typer.Option(..., "--event", help="The event's number (see `deltacap air events`).")
MemberOption = typer.Option(..., "--member", help="The member's code, such as 310000.")
OutOption = typer.Option(..., "--out", help="The workbook to write (.xlsx).")


@app.callback()
@user_errors
def events(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per event."),
    data_dir: Path | None = DataDir,
) -> None:
    """The key-period events (without a command: the list)."""
    if ctx.invoked_subcommand is not None:
        return
    setup(data_dir)
    from deltacap.air import event_selectors

    rows: list[dict[str, Any]] = [
        {
            "id": e.pk,
            "name": e.name,
            "starts": e.starts.isoformat(),
            "ends": e.ends.isoformat(),
            "area": e.area,
            "aqi_max": e.aqi_max,
            "cities": [c.code for c in e.cities.all()],
            "members": [x.member_id for x in e.lists.all()],
            "synthetic": e.synthetic,
        }
        for e in event_selectors.events()
    ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=_("Key-period events"))
    for header in (_("Number"), _("Event"), _("Dates"), _("Cities"), _("Members")):
        table.add_column(header)
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["name"],
            f"{r['starts']} – {r['ends']}",
            ", ".join(r["cities"]),
            ", ".join(r["members"]),
        )
    console.print(table)


def _list_id(event: int, member: str) -> int:
    from deltacap.air.event_services import list_of

    return list_of(event, member).pk


@app.command("list-export")
@user_errors
def list_export(
    event: int = EventOption,
    member: str = MemberOption,
    out: Path = OutOption,
    version: int | None = typer.Option(None, "--version", help="A version (default: in force)."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Write a member's list as an Excel workbook."""
    setup(data_dir)
    from deltacap.air.event_services import export_list

    content, _name = export_list(
        by=acting_as(as_user), list_id=_list_id(event, member), version=version
    )
    try:
        out.write_bytes(content)
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot write the file {file}."), field="out", file=str(out)
        ) from None
    console.print(_("Written: {file}").format(file=out))


def _print_report(data: dict[str, Any]) -> None:
    for error in data["errors"]:
        where = " ".join(str(error[k]) for k in ("sheet", "row", "column") if error[k])
        console.print(
            f"{where}: {error['message']}" if where else error["message"], style="red", markup=False
        )
    if data["errors"]:
        console.print(_("Nothing was written."))
        return
    counts = _("{e} enterprises, {m} measures.").format(e=data["enterprises"], m=data["measures"])
    if data["written"]:
        console.print(_("Imported as version {v}:").format(v=data["version"]) + " " + counts)
    else:
        console.print(counts + " " + _("(dry run: nothing written)"))


@app.command("list-import")
@user_errors
def list_import(
    file: Path,
    event: int = EventOption,
    member: str = MemberOption,
    reason: str = typer.Option(..., "--reason", help="Why the list changes (kept with it)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Check or import a workbook as the member's list's next version."""
    setup(data_dir)
    from deltacap.air.event_services import import_list

    try:
        data = file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read the file {file}."), field="file", file=str(file)
        ) from None
    report = import_list(
        by=acting_as(as_user),
        channel="cli",
        list_id=_list_id(event, member),
        data=data,
        reason=reason,
        dry_run=dry_run,
    )
    body = report.to_json(_)
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False))
    else:
        _print_report(body)
    if report.faults:
        raise typer.Exit(1)


@app.command("diff")
@user_errors
def diff(
    event: int = EventOption,
    member: str = MemberOption,
    before: int = typer.Option(..., "--from", help="The earlier version (0: the empty list)."),
    after: int = typer.Option(..., "--to", help="The later version."),
    as_json: bool = typer.Option(False, "--json", help="Print the difference as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """What changed in a member's list between two versions."""
    setup(data_dir)
    from deltacap.accounts.permissions import require
    from deltacap.air import event_selectors
    from deltacap.air.event_services import list_of
    from deltacap.domain.access import Action

    control_list = list_of(event, member)
    require(acting_as(as_user), Action.READ, control_list)
    change = event_selectors.diff_versions(control_list, before, after)
    if as_json:
        typer.echo(json.dumps(change.to_json(), ensure_ascii=False))
        return
    if change.empty:
        console.print(_("No difference."))
    for e in change.added:
        console.print(f"+ {e.uscc} " + _("added") + f" ({len(e.measures)})", style="green")
    for e in change.removed:
        console.print(f"- {e.uscc} " + _("removed"), style="red")
    for c in change.changed:
        parts = []
        if c.grade:
            was, now = (g.value or "—" for g in c.grade)
            parts.append(f"{pgettext('performance', 'Grade')}: {was} → {now}")
        parts += [f"+{m.kind.value} {m.detail}".strip() for m in c.added]
        parts += [f"-{m.kind.value} {m.detail}".strip() for m in c.removed]
        for m in c.changed:
            line = f"~{m.after.kind.value} {m.after.detail}".strip()
            if m.before.percent != m.after.percent:
                line += f" {m.before.percent or 0:g} → {m.after.percent or 0:g} %"
            cuts = [
                f"{p} {m.before.cuts.get(p, 0):g} → {m.after.cuts.get(p, 0):g}" for p in POLLUTANTS
            ]
            parts.append(line + " (" + ", ".join(cuts) + " kg/d)")
        console.print(f"~ {c.uscc} " + "; ".join(parts), style="yellow", markup=False)
