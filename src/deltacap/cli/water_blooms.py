"""``deltacap water blooms ...``: cyanobacteria blooms at the lakes. Without a subcommand the
warnings (with the members told and the emergency actions) and the graded observations;
``observe``, ``warn``, ``lift`` and ``act`` record an observation, issue a warning (the
other members around the lake are told), lift one and record an emergency action, each
through the service the API and the pages use (its access decision, checks and audit
event; nothing written on bad input, the field named in the message)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, Lang, LangOption, acting_as, setup, user_errors

app = typer.Typer(
    help="Cyanobacteria blooms: warnings and observations; record, warn, lift, act.",
    invoke_without_command=True,
)
console = Console(highlight=False)

AS_USER = typer.Option(
    None, "--as", help="Act as this account (its rights); default: the operator."
)
MEMBER = typer.Option(
    None, "--member", help="The member's code (the operator only; an editor acts for its own)."
)
AS_JSON = typer.Option(False, "--json", help="The record as JSON.")


@app.callback()
def blooms_command(
    ctx: typer.Context,
    active: bool = typer.Option(False, "--active", help="Only the active warnings."),
    as_json: bool = typer.Option(
        False, "--json", help="One JSON object: the warnings and (without --active) observations."
    ),
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """Cyanobacteria bloom warnings (with the members told and the emergency actions) and
    observations with their grades by HJ 1098-2020."""
    if ctx.invoked_subcommand is not None:
        return
    # ``user_errors`` gives the function its ``lang`` (typed as the function it wraps).
    cast(Any, _list)(active=active, as_json=as_json, data_dir=data_dir, lang=lang)


@user_errors
def _list(*, active: bool, as_json: bool, data_dir: Path | None) -> None:
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.domain.access import SYSTEM
    from deltacap.water import blooms

    warnings = blooms.warnings(SYSTEM, active=active)
    observations = [] if active else blooms.observations(SYSTEM)
    if as_json:
        out: dict[str, Any] = {"warnings": [blooms.warning_out(w) for w in warnings]}
        if not active:
            out["observations"] = [blooms.observation_out(g) for g in observations]
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    table = Table(
        _("Number"), _("Lake"), _("Warning level"), _("Issued by"), _("Issued at"), _("State")
    )
    for w in warnings:
        table.add_row(
            str(w.pk),
            w.get_lake_display(),
            _level_name(w.level),
            w.member_id,
            f"{w.issued_at:%Y-%m-%d %H:%M}",
            _("in force") if w.active else _("lifted"),
        )
    console.print(table)
    if observations:
        table = Table(
            _("Number"), _("Date"), _("Lake"), _("Point"), _("Algal density (cells/L)"),
            _("Bloom degree"),
        )  # fmt: skip
        for g in observations:
            o = g.observation
            grade = g.density_grade
            table.add_row(
                str(o.pk),
                o.observed_on.isoformat(),
                o.get_lake_display(),
                o.point,
                f"{o.density:.2e}",
                f"{grade.code} {grade.name_en if _en() else grade.name_zh}",
            )
        console.print(table)


def _en() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "zh").startswith("en")


def _level_name(code: str) -> str:
    from deltacap.water import blooms

    level = blooms.level_of(code)
    if level is None:
        return code
    return level.name_en if _en() else level.name_zh


def _warning(number: str) -> Any:
    """The warning of the number typed (refused naming ``warning`` when there is none)."""
    from deltacap.water import blooms

    found = blooms.number_or_none(number)
    return blooms.get_warning(-1 if found is None else found)


@app.command("observe")
@user_errors
def observe_command(
    lake: str = typer.Option(..., "--lake", help="taihu, chaohu, dianshan, hongze or qiandao."),
    point: str = typer.Option(..., "--point", help="The observation point's name."),
    lon: str = typer.Option(..., "--lon", help="Longitude, WGS-84 degrees."),
    lat: str = typer.Option(..., "--lat", help="Latitude, WGS-84 degrees."),
    density: str = typer.Option(..., "--density", help="Algal density, cells/L (e.g. 6e7)."),
    observed_on: str = typer.Option(
        "", "--observed-on", "--on", help="The day, YYYY-MM-DD (default: today)."
    ),
    area_km2: str = typer.Option("", "--area-km2", help="The bloom area in km² (optional)."),
    member: str | None = MEMBER,
    as_json: bool = AS_JSON,
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Record a member's observation at a lake point on a day (its editors): graded by
    HJ 1098-2020, with the warning level it reaches. Audited."""
    setup(data_dir)
    import datetime as dt

    from django.utils.translation import gettext as _

    from deltacap.water import blooms

    user = acting_as(as_user)
    o = blooms.record_observation(
        by=user, channel="cli", lake=lake, point=point,
        lon=blooms.number_of(lon), lat=blooms.number_of(lat),
        observed_on=blooms.day_of(observed_on) if observed_on.strip() else dt.date.today(),
        density=blooms.number_of(density), area_km2=blooms.number_of(area_km2),
        member_code=member,
    )  # fmt: skip
    g = blooms.graded(o)
    if as_json:
        typer.echo(json.dumps(blooms.observation_out(g), ensure_ascii=False))
        return
    grade = g.density_grade
    done = _("Observation {id}: {lake} {point} {day}, {grade}; warning level reached: {level}.")
    typer.echo(
        done.format(
            id=o.pk, lake=o.get_lake_display(), point=o.point, day=o.observed_on.isoformat(),
            grade=grade.name_en if _en() else grade.name_zh,
            level=_level_name(g.suggested.code) if g.suggested else "—",
        )
    )  # fmt: skip


@app.command("warn")
@user_errors
def warn_command(
    lake: str = typer.Option(..., "--lake", help="taihu, chaohu, dianshan, hongze or qiandao."),
    level: str = typer.Option(..., "--level", help="blue, yellow, orange or red (configured)."),
    message: str = typer.Option("", "--message", help="The warning's text."),
    observation: str = typer.Option(
        "", "--observation", help="The number of the observation it rests on (optional)."
    ),
    member: str | None = MEMBER,
    as_json: bool = AS_JSON,
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Issue a member's warning for a lake (its editors); a notice goes to every other
    member around the lake. Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import blooms

    user = acting_as(as_user)
    w = blooms.issue_warning(
        by=user, channel="cli", lake=lake, level=level, message=message,
        observation_id=blooms.number_or_none(observation), member_code=member,
    )  # fmt: skip
    out = blooms.warning_out(blooms.get_warning(w.pk))
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(
        _("Warning {id} issued: {lake}, {level}; told: {members}.").format(
            id=w.pk, lake=w.get_lake_display(), level=_level_name(w.level),
            members=", ".join(out["notified"]) or "—",
        )
    )  # fmt: skip


@app.command("lift")
@user_errors
def lift_command(
    warning: str = typer.Argument(..., help="The warning's number."),
    as_json: bool = AS_JSON,
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Lift an active warning (the editors of the member that issued it). Audited."""
    setup(data_dir)
    from django.utils.translation import gettext as _

    from deltacap.water import blooms

    user = acting_as(as_user)
    w = blooms.lift_warning(by=user, channel="cli", warning=_warning(warning))
    if as_json:
        typer.echo(json.dumps(blooms.warning_out(blooms.get_warning(w.pk)), ensure_ascii=False))
        return
    typer.echo(_("Warning {id} lifted.").format(id=w.pk))


@app.command("act")
@user_errors
def act_command(
    warning: str = typer.Argument(..., help="The warning's number."),
    description: str = typer.Option(..., "--description", help="The emergency action taken."),
    taken_on: str = typer.Option(
        "", "--taken-on", "--on", help="The day it was taken, YYYY-MM-DD (default: today)."
    ),
    member: str | None = MEMBER,
    as_json: bool = AS_JSON,
    as_user: str | None = AS_USER,
    data_dir: Path | None = DataDir,
) -> None:
    """Record an emergency action under a warning (the editors of a member around the
    lake). Audited."""
    setup(data_dir)
    import datetime as dt

    from django.utils.translation import gettext as _

    from deltacap.water import blooms

    user = acting_as(as_user)
    a = blooms.record_action(
        by=user, channel="cli", warning=_warning(warning),
        taken_on=blooms.day_of(taken_on) if taken_on.strip() else dt.date.today(),
        description=description, member_code=member,
    )  # fmt: skip
    out = {"id": a.pk, "warning": a.warning_id, "member": a.member_id,
           "taken_on": a.taken_on.isoformat(), "description": a.description}  # fmt: skip
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    typer.echo(
        _("Emergency action {id} recorded under warning {warning}.").format(
            id=a.pk, warning=a.warning_id
        )
    )
