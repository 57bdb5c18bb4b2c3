"""``deltacap working ...``: the working group's meetings, action items (listed, and one
updated by its owner) and reminders."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes
from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

app = typer.Typer(help="The working group (工作专班) and its meetings.", no_args_is_help=True)

Today = typer.Option(None, "--today", help="Take this day as today (YYYY-MM-DD).")
AsJson = typer.Option(False, "--json", help="Print JSON.")
EvidenceFile = typer.Option(None, "--file", help="A file of evidence to attach.")


def _today(value: str | None) -> date:
    from django.utils import timezone

    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Expected a date such as 2023-05-01; got {got}."), field="today", got=value
        ) from None


def _member_name(code: str) -> str:
    """A member by its name with its code as a hint; "" the office."""
    return _codes.names().get(code, code) if code else _("Working group office")


def _status(code: str) -> str:
    from deltacap.working.models import STATUS_CHOICES

    return str(dict(STATUS_CHOICES).get(code, code))


@app.command()
@user_errors
def meetings(
    today: str | None = Today, as_json: bool = AsJson, data_dir: Path | None = DataDir
) -> None:
    """The group's meetings, the next one proposed, and the half-year warning."""
    setup(data_dir)
    from deltacap.working import selectors
    from deltacap.working.schemas import meeting_out

    day = _today(today)
    rows = [meeting_out(m, day) for m in selectors.meetings()]
    nxt = selectors.next_meeting(day)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "meetings": rows,
                    "proposed_next": nxt.proposed.isoformat(),
                    "half_year_without_meeting": nxt.overdue,
                },
                ensure_ascii=False,
            )
        )
        return
    out = Console(highlight=False)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("Date"), _("Place"), _("Host member"), _("Title")):
        table.add_column(header, overflow="fold")
    for r in rows:
        table.add_row(r["day"], r["place"], _member_name(r["host"]), r["title"])
    out.print(table)
    if nxt.scheduled is not None:
        out.print(_("Next meeting scheduled: {day}.").format(day=nxt.scheduled.day.isoformat()))
    else:
        out.print(_("Next meeting proposed for {day}.").format(day=nxt.proposed.isoformat()))
    if nxt.overdue:
        out.print(
            _("Half a year has passed since the last meeting without a new one scheduled."),
            style="yellow",
        )


@app.command()
@user_errors
def actions(
    member: str | None = typer.Option(None, "--member", help="A member's code (e.g. 320000)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only the overdue items."),
    today: str | None = Today,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """Action items of the group's meetings: owner, due date, status, overdue."""
    setup(data_dir)
    from deltacap.working import selectors
    from deltacap.working.schemas import action_out

    day = _today(today)
    _codes.member(member)
    items = selectors.action_items(member=member, overdue_only=overdue, today=day)
    rows = [action_out(a, day) for a in items]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    out = Console(highlight=False)
    if not rows:
        out.print(_("No action item."))
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("Item"), _("Owner member"), _("Due date"), _("Status"), _("Overdue")):
        table.add_column(header, overflow="fold")
    for r in rows:
        table.add_row(
            r["title"],
            _member_name(r["owner"]),
            r["due"],
            _status(r["status"]),
            _("overdue") if r["overdue"] else "",
        )
    out.print(table)


@app.command("action")
@user_errors
def action_command(
    action_id: int = typer.Argument(..., metavar="ID", help="The action item's number."),
    as_user: str | None = typer.Option(None, "--as", help="Act as this account."),
    status: str = typer.Option(
        ..., "--status", help="open, in_progress, done (with evidence) or dropped (with why)."
    ),
    note: str | None = typer.Option(None, "--note", help="Where the item stands."),
    evidence: str | None = typer.Option(
        None, "--evidence", help="What shows it done (or why it is dropped)."
    ),
    file: Path | None = EvidenceFile,
    today: str | None = Today,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """Set an action item's status, progress note and evidence, as its owner member's
    editor (or the office) does on the meeting's page."""
    setup(data_dir)
    from deltacap.working import services
    from deltacap.working.schemas import action_out

    day = _today(today)
    upload = None
    if file is not None:
        if not file.is_file():
            raise InvalidInput(
                gettext_noop("There is no file {path}."), field="file", path=str(file)
            )
        upload = services.Upload(file.name, file.read_bytes())
    item = services.update_action_item(
        by=acting_as(as_user),
        channel="cli",
        action_id=action_id,
        status=status,
        evidence=evidence,
        upload=upload,
        note=note,
    )
    row = action_out(item, day)
    if as_json:
        typer.echo(json.dumps(row, ensure_ascii=False))
        return
    Console(highlight=False).print(
        _("Action item {id} ({title}): {status}.").format(
            id=row["id"], title=row["title"], status=_status(row["status"])
        )
    )


@app.command()
@user_errors
def remind(
    send: bool = typer.Option(
        False, "--send", help="Send the reminders by e-mail (needs DELTACAP_WORKING_EMAIL=1)."
    ),
    as_user: str | None = typer.Option(None, "--as", help="Act as this account."),
    today: str | None = Today,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """What is due: each member's reminders (deadlines within 30 days, overdue items)."""
    setup(data_dir)
    from deltacap.working import selectors, services

    day = _today(today)
    notices = selectors.notices_by_member(day)
    texts = {
        code: [f"{n.day.isoformat()} {n.text}" for n in rows] for code, rows in notices.items()
    }
    sent = None
    if send:
        sent = services.send_reminders(
            by=acting_as(as_user),
            channel="cli",
            notices=texts,
            subject=_("Reminders of the YRD working group"),
        )
    if as_json:
        typer.echo(json.dumps({"notices": texts, "emails_sent": sent}, ensure_ascii=False))
        return
    out = Console(highlight=False)
    for code, lines in texts.items():
        out.print(_member_name(code), style="bold")
        for line in lines or [_("Nothing due within 30 days.")]:
            out.print(f"  {line}")
    if sent is not None:
        out.print(_("E-mails sent: {n}.").format(n=sent))
