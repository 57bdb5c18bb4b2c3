"""``deltacap air tracks [--json]``: the mobile-monitoring (走航) tracks of the data folder;
``deltacap air tracks import FILE --member CODE [--dry-run]``: import a track (CSV), every
fault by row and column, nothing written on any; ``deltacap air tracks show ID [--json]``:
a track's hotspots, the enterprises near each and their follow-ups;
``deltacap air tracks follow-up TRACK --hotspot N ...`` records a follow-up of a hotspot and
``deltacap air tracks close FOLLOW_UP`` closes one (the track's member's editors), each
through the service the pages and the API use (its access rule and audit event)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, Lang, LangOption, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

app = typer.Typer(
    help="Mobile monitoring: tracks, their hotspots and nearby enterprises.",
    invoke_without_command=True,
)
console = Console(highlight=False)
AsJson = typer.Option(False, "--json", help="Print JSON.")
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")


@app.callback()
def tracks(
    ctx: typer.Context,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """The tracks, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    cast(Any, _list)(as_json=as_json, data_dir=data_dir, lang=lang)


@user_errors
def _list(*, as_json: bool, data_dir: Path | None) -> None:
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.actors import PLATFORM
    from deltacap.air.track_schemas import track_out
    from deltacap.air.track_selectors import visible_tracks
    from deltacap.reference.labels import division_name

    rows = [track_out(t) for t in visible_tracks(PLATFORM)]
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False))
        return
    table = Table(title=_("Mobile monitoring"))
    for header in ("ID", _("Track"), _("Member"), _("Vehicle"), _("Item"), _("Start"),
                   _("Hotspots")):  # fmt: skip
        table.add_column(header)
    for r in rows:
        table.add_row(
            str(r.id),
            r.name,
            division_name(r.member),
            r.vehicle or "—",
            r.item,
            f"{r.started_at:%Y-%m-%d %H:%M}",
            str(r.hotspots),
        )
    console.print(table)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read the file {file}."), field="file", file=str(file)
        ) from None


@app.command("import")
@user_errors
def import_track(
    file: Path,
    member: str = typer.Option("", "--member", help="The member's code (320000 ...)."),
    name: str = typer.Option("", "--name", help="The track's name (default: vehicle and start)."),
    item: str = typer.Option("", "--item", help="The reading for hotspots (default VOCs)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import a track (CSV: 时间, 经度, 纬度, 车辆, 仪器 and a column per reading); every
    error by row and column; nothing written on any error (exit 1)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.air.tracks import import_track as run

    report = run(
        by=acting_as(as_user),
        channel="cli",
        data=_read(file),
        member=member,
        name=name,
        item=item,
        dry_run=dry_run,
    )
    data = report.to_json()
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        for error in data["errors"]:
            where = " ".join(str(error[k]) for k in ("row", "column") if error[k])
            text = f"{where}: {error['message']}" if where else error["message"]
            console.print(text, style="red", markup=False)
        if data["more_errors"]:
            console.print(_("And {n} more not listed.").format(n=data["more_errors"]))
        if data["errors"]:
            console.print(_("Nothing was written."))
        else:
            summary = _("{n} points from {first} to {last}; {h} hotspots of {item}.").format(
                n=data["points"],
                first=data["first"],
                last=data["last"],
                h=data["hotspots"],
                item=data["item"],
            )
            if data["written"]:
                summary += " " + _("Track {id}.").format(id=data["track_id"])
            else:
                summary += " " + _("(dry run: nothing written)")
            console.print(summary, markup=False)
    if data["errors"]:
        raise typer.Exit(1)


@app.command("show")
@user_errors
def show(
    track_id: int,
    radius: int | None = typer.Option(
        None, "--radius", min=50, max=20000, help="Enterprise search radius (m)."
    ),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """A track's hotspots (centre, peak, count), the enterprises within the radius of each
    and their follow-ups (overdue ones flagged)."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.accounts.actors import PLATFORM
    from deltacap.air.track_schemas import track_detail
    from deltacap.air.track_selectors import visible_track
    from deltacap.reference.labels import division_name

    detail = track_detail(visible_track(PLATFORM, track_id), radius)
    if as_json:
        body = detail.model_dump(mode="json", exclude={"path"})
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    console.print(
        f"{detail.name} · {division_name(detail.member)} · {detail.vehicle or '—'} · "
        + _("{n} points; threshold {t:.2f} ({m} × median {median:.2f}).").format(
            n=detail.points, t=detail.threshold, m=detail.multiple, median=detail.median
        ),
        markup=False,
    )
    table = Table(title=_("Hotspots"))
    for header in ("#", _("Centre"), _("Peak"), _("Readings"), _("Enterprises nearby"),
                   _("Follow-ups")):  # fmt: skip
        table.add_column(header)
    for h in detail.hotspot_list:
        near = "\n".join(f"{e.name} ({e.distance_m} m)" for e in h.enterprises) or "—"
        follow = (
            "\n".join(
                f"[{f.id}] {f.enterprise_name or '—'}: {f.inspector} {f.inspected_on}"
                + (f" · {_('closed')} {f.closed_on}" if f.closed_on else "")
                + (f" · {_('overdue')}" if f.overdue else "")
                for f in h.follow_ups
            )
            or "—"
        )
        table.add_row(
            str(h.number),
            f"{h.lon:.5f}, {h.lat:.5f}",
            f"{h.peak:g} {detail.item}",
            str(h.count),
            near,
            follow,
        )
    console.print(table)


def _follow_up_done(follow_up: Any, as_json: bool, template: str) -> None:
    from deltacap.air.track_schemas import follow_up_out

    out = follow_up_out(follow_up)
    if as_json:
        typer.echo(json.dumps(out.model_dump(mode="json"), ensure_ascii=False))
        return
    typer.echo(
        template.format(
            id=out.id,
            hotspot=out.hotspot,
            enterprise=out.enterprise_name or "—",
            deadline=out.deadline.isoformat() if out.deadline else "—",
            day=out.closed_on.isoformat() if out.closed_on else "",
        )
    )


@app.command("follow-up")
@user_errors
def follow_up(
    track_id: int = typer.Argument(..., help="The track's number."),
    hotspot: int = typer.Option(..., "--hotspot", help="The hotspot's number on the track."),
    inspector: str = typer.Option(..., "--inspector", help="Who inspected."),
    inspected_on: str = typer.Option(..., "--inspected-on", help="When, YYYY-MM-DD."),
    finding: str = typer.Option(..., "--finding", help="What was found."),
    enterprise: str = typer.Option(
        "", "--enterprise", help="The enterprise inspected, its credit code (none: blank)."
    ),
    deadline: str = typer.Option(
        "", "--deadline", help="The rectification deadline, YYYY-MM-DD (none: blank)."
    ),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Record a follow-up of a hotspot (the track's member's editors): the enterprise
    inspected, who inspected and when, the finding and the rectification deadline.
    Audited; nothing written on bad input."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.air import tracks
    from deltacap.air.track_selectors import hotspot_number

    done = tracks.record_follow_up(
        by=acting_as(as_user),
        channel="cli",
        hotspot_id=hotspot_number(track_id, hotspot),
        inspector=inspector,
        inspected_on=inspected_on,
        finding=finding,
        enterprise=enterprise,
        deadline=deadline or None,
    )
    template = _("Follow-up {id} of hotspot {hotspot} recorded: {enterprise}, deadline {deadline}.")
    _follow_up_done(done, as_json, template)


@app.command("close")
@user_errors
def close(
    follow_up_id: int = typer.Argument(..., help="The follow-up's number (see `tracks show`)."),
    closed_on: str = typer.Option(
        "", "--closed-on", help="The day it is closed, YYYY-MM-DD (default: today)."
    ),
    note: str = typer.Option("", "--note", help="How it was rectified (or why nothing was)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Close a follow-up (rectified, or nothing to rectify; the track's member's editors).
    Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.air import tracks

    done = tracks.close_follow_up(
        by=acting_as(as_user),
        channel="cli",
        follow_up_id=follow_up_id,
        closed_on=closed_on or None,
        note=note,
    )
    _follow_up_done(done, as_json, _("Follow-up {id} closed on {day}."))
