"""``deltacap audit``: the audit trail in the words and the China time of the audit page,
fitted to the terminal (80 columns at least), a page at a time."""

from __future__ import annotations

import json
import shlex
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes
from deltacap.cli._django import DataDir, err_console, setup, user_errors

CHANGES_SHOWN = 3
VALUE_WIDTH = 40
GROUP_EVENTS = 5000  # events read for one page of operations at most


@user_errors
def audit(
    member: str | None = typer.Option(None, help="A member's code, e.g. 320000."),
    action: str | None = typer.Option(
        None, help="An action or the start of one, e.g. target.set or rights."
    ),
    actor: str | None = typer.Option(None, help="An account's user name."),
    since: str | None = typer.Option(None, help="From this day, YYYY-MM-DD (China time)."),
    until: str | None = typer.Option(None, help="To this day, included, YYYY-MM-DD."),
    limit: int = typer.Option(
        20, min=1, max=100000, help="How many rows, newest first (with --json: events)."
    ),
    each: bool = typer.Option(
        False, "--each", help="One row per event, not one per operation (an import, a load)."
    ),
    before: str | None = typer.Option(
        None, "--before", help="Go on after this cursor (the end of a page prints it)."
    ),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per event."),
    data_dir: Path | None = DataDir,
) -> None:
    """Print the audit trail, newest first (the machine's operator reads every event)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.actors import PLATFORM
    from deltacap.audit.schemas import event_json, readable
    from deltacap.audit.selectors import AuditFilter, event_page, group_page

    given = {"member": member, "action": action, "actor": actor, "since": since}
    given |= {"until": until}
    f = AuditFilter(
        actor=actor,
        action=_action(action),
        member=_codes.member(member).code if member else None,
        since=_day_start(since, "since"),
        until=_day_start(until, "until", next_day=True),
    )
    if as_json or each:
        page = event_page(PLATFORM, f, cursor=before, limit=limit)
        groups, next_cursor = [[e] for e in page.events], page.next_cursor
    else:
        paged = group_page(PLATFORM, f, cursor=before, limit=limit, max_events=GROUP_EVENTS)
        groups, next_cursor = paged.groups, paged.next_cursor
    if as_json:
        typer.echo(json.dumps([event_json(g[0]) for g in groups], ensure_ascii=False))
    elif groups:
        # Each row shows an operation's newest event: only those are read in words.
        rows = zip(readable([g[0] for g in groups]), [len(g) for g in groups], strict=True)
        _print(Console(highlight=False), list(rows))
    else:
        Console(highlight=False).print(_empty(given, before), markup=False)
    if next_cursor:
        options = given | {"data-dir": str(data_dir) if data_dir else None}
        command = _next_command(options, limit, each)
        more = _("More: {command}").format(command=f"{command} --before {next_cursor}")
        # One line, however narrow the terminal: the command is copied whole.
        (err_console if as_json else Console(highlight=False)).print(
            more, markup=False, soft_wrap=True
        )


def _action(code: str | None) -> str | None:
    """``code`` when it names an action or the start of one. Raises InvalidInput."""
    from deltacap.audit.labels import ACTIONS
    from deltacap.audit.models import AuditEvent
    from deltacap.domain.errors import InvalidInput, gettext_noop

    if not code:
        return None
    known = set(ACTIONS) | set(AuditEvent.objects.values_list("action", flat=True).distinct())
    if any(a.startswith(code) for a in known):
        return code
    kinds = sorted({a.split(".")[0] for a in known})
    raise InvalidInput(
        gettext_noop("There is no action {code}; actions start with {valid}."),
        field="action",
        code=code,
        valid=", ".join(kinds),
    )


def _day_start(text: str | None, field: str, *, next_day: bool = False) -> datetime | None:
    from django.utils import timezone

    from deltacap.domain.errors import InvalidInput, gettext_noop

    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Expected a date such as 2023-05-01; got {got}."), field=field, got=text
        ) from None
    if next_day:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time.min))


def _short(value: str) -> str:
    return value if len(value) <= VALUE_WIDTH else value[: VALUE_WIDTH - 1] + "…"


def _changes(event: Any) -> str:
    from django.utils.translation import gettext as _

    lines = [f"{c.label}: {_short(c.old)} → {_short(c.new)}" for c in event.changes]
    if len(lines) > CHANGES_SHOWN:
        rest = len(lines) - CHANGES_SHOWN
        lines = [*lines[:CHANGES_SHOWN], _("… and {n} more").format(n=rest)]
    return "\n".join(lines) or "—"


def _print(console: Console, rows: list[tuple[Any, int]]) -> None:
    """One row per operation: its newest event in words and how many events it wrote."""
    from django.utils.translation import gettext as _

    wide = console.width >= 110
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_lines=True)
    table.add_column(_("Time"), no_wrap=True, min_width=19)
    table.add_column(_("Actor"), overflow="fold", ratio=2)
    table.add_column(_("Action"), overflow="fold", ratio=2)
    table.add_column(_("Record"), overflow="fold", ratio=3)
    if wide:
        table.add_column(_("Member"), overflow="fold", ratio=2)
    table.add_column(_("Changes"), overflow="fold", ratio=5)
    for e, size in rows:
        who = "\n".join(x for x in (e.actor, e.role, e.channel) if x)
        cells = [e.time, who, e.action, e.record]  # the newest of an operation's events
        changed = _changes(e)
        if size > 1:
            cells[3] = _("{n} records, written together: {first} …").format(n=size, first=e.record)
            changed = "—"
        if wide:
            cells.append(e.member or "—")
        table.add_row(*cells, changed)
    console.print(table)
    if any(size > 1 for _e, size in rows):
        console.print(_("To see each record of an operation, add --each."), soft_wrap=True)


def _empty(given: dict[str, str | None], cursor: str | None) -> str:
    from django.utils.translation import gettext as _

    if cursor:
        return _("No events after this cursor: this was the last page.")
    if any(given.values()):
        filters = ", ".join(f"--{k} {v}" for k, v in given.items() if v)
        return _("No events match {filters}.").format(filters=filters)
    return _("The audit trail has no events yet.")


def _next_command(given: dict[str, str | None], limit: int, each: bool) -> str:
    """The command that shows the next page: the same options, then ``--before``."""
    parts = ["deltacap audit", *(f"--{k} {shlex.quote(v)}" for k, v in given.items() if v)]
    if limit != 20:
        parts.append(f"--limit {limit}")
    if each:
        parts.append("--each")
    return " ".join(parts)
