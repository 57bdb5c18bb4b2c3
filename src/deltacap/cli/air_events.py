"""``deltacap air events``: key-period events and the members' controlled-enterprise lists.

``deltacap air events`` lists the events; ``list-export`` writes a member's list (in force,
or ``--version``) as an Excel workbook; ``list-import`` checks (``--dry-run``) or imports a
workbook as the list's next version (every fault by sheet, row and column; nothing written
on any fault, exit 1); ``diff`` tells what changed between two versions; ``create`` sets up
an event (the office); ``cuts`` and ``proof`` give the expected cuts of the lists in force
against the requirement and the proof of execution from online monitoring (the officials).
Writes go through the service the pages and the API use (its access rule and audit)."""

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


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace("，", ",").split(",") if c.strip()]


def _shares(text: str) -> dict[str, str]:
    """``SO2=20,NOx=20`` as the service takes it (the service checks the values)."""
    found: dict[str, str] = {}
    for part in _codes(text):
        pollutant, sep, value = part.partition("=")
        if not sep or not pollutant.strip():
            raise InvalidInput(
                gettext_noop("Write the shares as POLLUTANT=PERCENT, comma-separated; got {got}."),
                field="required_shares",
                got=part,
            )
        found[pollutant.strip()] = value.strip()
    return found


def _whole(text: str, field: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit():
        raise InvalidInput(
            gettext_noop("Enter a whole number; got {got}."), field=field, got=text.strip()
        )
    return int(text.strip())


@app.command("create")
@user_errors
def create(
    name: str = typer.Option(..., "--name", help="The event's name (中国国际进口博览会 ...)."),
    starts: str = typer.Option(..., "--starts", help="The first day, YYYY-MM-DD."),
    ends: str = typer.Option(..., "--ends", help="The last day, YYYY-MM-DD."),
    cities: str = typer.Option(
        ..., "--cities", help="The cities it protects, codes comma-separated: 310100,320500."
    ),
    members: str = typer.Option(
        "", "--members", help="Members involved besides the cities' own, comma-separated."
    ),
    area: str = typer.Option("", "--area", help="The area it protects."),
    aqi_max: str = typer.Option("", "--aqi-max", help="The daily AQI goal (1 to 500)."),
    goals: str = typer.Option("", "--goals", help="The air-quality goals in words."),
    contacts: str = typer.Option("", "--contacts", help="The responsible contacts."),
    required_shares: str = typer.Option(
        "", "--required-shares", help="Required cut in %, e.g. SO2=20,NOx=20,PM=20,VOCs=20."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the event as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Set up a key-period event (the office); each member involved gets an empty list.
    Audited; nothing written on bad input."""
    setup(data_dir)
    from deltacap.air.event_services import create_event

    try:
        event = create_event(
            by=acting_as(as_user),
            channel="cli",
            name=name,
            starts=starts,
            ends=ends,
            cities=_codes(cities),
            members=_codes(members),
            area=area,
            aqi_max=_whole(aqi_max, "aqi_max"),
            goals=goals,
            contacts=contacts,
            required_shares=_shares(required_shares),
        )
    except InvalidInput as error:
        if (error.field or "").startswith("required_"):  # one pollutant's share
            error.field = "required_shares"
        raise
    body = {
        "id": event.pk,
        "name": event.name,
        "starts": event.starts.isoformat(),
        "ends": event.ends.isoformat(),
        "cities": [c.code for c in event.cities.order_by("code")],
        "members": [x.member_id for x in event.lists.order_by("member_id")],
        "required_shares": event.required_shares,
    }
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    console.print(
        _("Event {id} set up: {name}, {starts} – {ends}; lists for {members}.").format(
            id=event.pk,
            name=event.name,
            starts=body["starts"],
            ends=body["ends"],
            members=", ".join(body["members"]),
        ),
        markup=False,
    )


def _readable_event(event: int, as_user: str | None) -> Any:
    from deltacap.air import event_selectors
    from deltacap.air.event_services import get_event

    found = get_event(event)
    event_selectors.require_lists_readable(acting_as(as_user), found)
    return found


def _rounded(value: float | None, pattern: str = "{:.1f}") -> str:
    return "—" if value is None else pattern.format(value)


@app.command("cuts")
@user_errors
def cuts(
    event: int = EventOption,
    as_json: bool = typer.Option(False, "--json", help="Print the cuts as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The expected cut of the lists in force per pollutant (kg/d) by city, member and for
    the event, against the required share of the listed enterprises' ordinary emission."""
    setup(data_dir)
    from deltacap.air import event_selectors
    from deltacap.reference.labels import division_name

    rows = event_selectors.cuts_json(_readable_event(event, as_user))
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=_("Expected cuts against the requirement"))
    for header in (_("Area"), _("Pollutant"), _("Cut (kg/d)"), _("Ordinary emission (kg/d)"),
                   _("Share"), _("Required share"), _("Result")):  # fmt: skip
        table.add_column(header)
    verdicts = {True: _("meets"), False: _("falls short"), None: _("cannot be judged")}
    for r in rows:
        kind, _sep, code = r["unit"].partition(":")
        unit = _("The event") if kind == "event" else division_name(code) if code else "—"
        table.add_row(
            unit,
            r["pollutant"],
            f"{r['cut_kg_per_day']:g}",
            f"{r['baseline_kg_per_day']:g}",
            _rounded(None if r["share"] is None else r["share"] * 100, "{:.1f}%"),
            _rounded(None if r["required"] is None else r["required"] * 100, "{:g}%"),
            verdicts[r["meets"]],
        )
    console.print(table)


@app.command("proof")
@user_errors
def proof(
    event: int = EventOption,
    flagged: bool = typer.Option(False, "--flagged", help="Only the measures not carried out."),
    as_json: bool = typer.Option(False, "--json", help="Print the proof as JSON."),
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Proof of execution from online monitoring: per listed enterprise with monitored
    outlets and pollutant, its mean emission during the event and over the same weekdays
    of the previous weeks (kg/h), the ratio, the largest its measures allow, flagged where
    a measure was not carried out."""
    setup(data_dir)
    from deltacap.air import event_selectors

    rows = event_selectors.proof_json(_readable_event(event, as_user))
    if flagged:
        rows = [r for r in rows if r["flagged"]]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        console.print(_("No monitored emissions of the listed enterprises for this event."))
        return
    table = Table(title=_("Proof of execution"))
    for header in (_("Enterprise"), _("Pollutant"), _("During the event (kg/h)"),
                   _("Baseline (kg/h)"), _("Ratio"), _("Allowed ratio"), _("Result")):  # fmt: skip
        table.add_column(header)
    verdicts = {True: _("not carried out"), False: _("carried out"), None: _("not judged")}
    for r in rows:
        table.add_row(
            f"{r['name']} ({r['uscc']})",
            r["pollutant"],
            _rounded(r["event_kg_per_hour"], "{:.3f}"),
            _rounded(r["baseline_kg_per_hour"], "{:.3f}"),
            _rounded(r["ratio"], "{:.2f}"),
            _rounded(r["allowed_ratio"], "{:.2f}"),
            verdicts[r["flagged"]],
        )
    console.print(table)
