"""The writes of ``deltacap air warnings``: ``issue`` a warning for a city (its member's
editors) or the region (the office), ``raise``, ``lower`` and ``lift`` it, ``read`` a notice
(the notified member's editors); and two reads for an official: ``notices`` (a member's
notices) and ``docx`` (the warning's notice as a Word document). Each write goes through the
service the pages and the API use (its access rule and audit event); nothing is written on
bad input and the message names the option."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.cli.air_warnings import LEVEL_WORDS
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop

console = Console(highlight=False)
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
AsJson = typer.Option(False, "--json", help="Print JSON.")
WarningId = typer.Argument(..., help="The warning's number (see `deltacap air warnings`).")
ForecastAqi = typer.Option(
    ...,
    "--forecast-aqi",
    "--aqi",
    help="The forecast daily AQI (rolling 24 h), one a day from the start: 210,230,180.",
)
DocxOut = typer.Option(
    None, "--out", help="The Word file to write (default: the notice's own name, here)."
)
Note = typer.Option("", "--note", help="Why (needed for a level other than the proposed one).")


def _series(text: str) -> list[str]:
    return [v.strip() for v in text.replace("，", ",").split(",")] if text.strip() else []


def _area(detail: Any) -> str:
    from deltacap.reference.labels import division_name

    return division_name(detail.city) if detail.city else _("The region (regional warning)")


def _level(code: str) -> str:
    return _(LEVEL_WORDS[code]) if code in LEVEL_WORDS else code or _("no warning")


def _done(warning: Any, by: Any, as_json: bool, template: str) -> None:
    from deltacap.air.warning_schemas import warning_detail
    from deltacap.reference.labels import division_name

    detail = warning_detail(warning, by)
    if as_json:
        typer.echo(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False))
        return
    told = ", ".join(division_name(n.member) for n in detail.notices)
    typer.echo(
        template.format(
            id=detail.id,
            area=_area(detail),
            level=_level(detail.level),
            proposed=_level(detail.proposed_level),
            day=(detail.lifted_on or detail.start).isoformat(),
            members=told or "—",
        )
    )


@user_errors
def issue(
    city: str = typer.Option(
        "", "--city", help="The city's code (320500 ...); without it a regional warning."
    ),
    start: str = typer.Option(..., "--start", help="The first forecast day, YYYY-MM-DD."),
    expected_end: str = typer.Option(..., "--expected-end", help="The expected end, YYYY-MM-DD."),
    forecast_aqi: str = ForecastAqi,
    level: str = typer.Option(
        "", "--level", help="blue, yellow, orange or red (default: the one the forecast calls for)."
    ),
    note: str = Note,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Issue a warning for a city (its member's editors) or the region (the office), at the
    level the forecast calls for by the scheme in force on the start unless another is
    chosen (with the reason); every other member is notified. Audited."""
    setup(data_dir)
    from deltacap.air import warnings

    by = acting_as(as_user)
    warning = warnings.issue_warning(
        by=by, channel="cli", city=city, start=start, expected_end=expected_end,
        forecast_aqi=_series(forecast_aqi), level=level, note=note,
    )  # fmt: skip
    _done(
        warning,
        by,
        as_json,
        _("Warning {id} issued: {area}, {level} (the forecast calls for {proposed}); told: "
          "{members}."),
    )  # fmt: skip


def _change(
    step: str, warning_id: int, level: str, forecast_aqi: str, day: str, expected_end: str,
    note: str, as_json: bool, as_user: str | None, data_dir: Path | None,
) -> None:  # fmt: skip
    setup(data_dir)
    from deltacap.air import warnings
    from deltacap.air.models import WarningStep

    by = acting_as(as_user)
    warning = warnings.change_level(
        by=by, channel="cli", warning_id=warning_id, step=WarningStep(step), level=level,
        forecast_aqi=_series(forecast_aqi), day=day or None, expected_end=expected_end or None,
        note=note,
    )  # fmt: skip
    template = (
        _("Warning {id} raised: {area}, now {level}.")
        if step == "raise"
        else _("Warning {id} lowered: {area}, now {level}.")
    )
    _done(warning, by, as_json, template)


Day = typer.Option("", "--day", help="The day of the change, YYYY-MM-DD (default: today).")
ExpectedEnd = typer.Option("", "--expected-end", help="A new expected end, YYYY-MM-DD.")
NewLevel = typer.Option(..., "--level", help="The new level: blue, yellow, orange or red.")


@user_errors
def raise_level(
    warning_id: int = WarningId,
    level: str = NewLevel,
    forecast_aqi: str = ForecastAqi,
    day: str = Day,
    expected_end: str = ExpectedEnd,
    note: str = Note,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Raise a warning in force to a higher level on a new forecast from ``--day``. Audited."""
    _change("raise", warning_id, level, forecast_aqi, day, expected_end, note, as_json, as_user,
            data_dir)  # fmt: skip


@user_errors
def lower_level(
    warning_id: int = WarningId,
    level: str = NewLevel,
    forecast_aqi: str = ForecastAqi,
    day: str = Day,
    expected_end: str = ExpectedEnd,
    note: str = Note,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Lower a warning in force to a lower level on a new forecast from ``--day``. Audited."""
    _change("lower", warning_id, level, forecast_aqi, day, expected_end, note, as_json, as_user,
            data_dir)  # fmt: skip


@user_errors
def lift(
    warning_id: int = WarningId,
    day: str = typer.Option("", "--day", help="The day it is lifted, YYYY-MM-DD (default: today)."),
    note: str = typer.Option("", "--note", help="A note (why it is lifted)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Lift a warning in force (its issuer: the member's editors, the office for the
    region's). Audited."""
    setup(data_dir)
    from deltacap.air import warnings

    by = acting_as(as_user)
    warning = warnings.lift_warning(
        by=by, channel="cli", warning_id=warning_id, day=day or None, note=note
    )
    _done(warning, by, as_json, _("Warning {id} lifted on {day}: {area}."))


@user_errors
def notices(
    unread: bool = typer.Option(False, "--unread", help="Only the notices not yet read."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The notices of warnings issued elsewhere to the member of ``--as`` (the office and
    the operator: every member's), newest first."""
    setup(data_dir)
    from deltacap.air.warning_schemas import notice_out
    from deltacap.air.warning_selectors import member_notices
    from deltacap.reference.labels import division_name

    rows = member_notices(acting_as(as_user))
    if unread:
        rows = rows.filter(read_at__isnull=True)
    found = [(n, notice_out(n)) for n in rows]
    if as_json:
        body = [out.model_dump(mode="json") for _n, out in found]
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    table = Table(title=_("Warning notices"))
    for header in (_("No."), _("Warning"), _("Area"), _("Level issued"), _("Member"),
                   _("Status")):  # fmt: skip
        table.add_column(header)
    for notice, out in found:
        w = notice.warning
        table.add_row(
            str(out.id),
            str(out.warning),
            division_name(w.city_id) if w.city_id else _("The region (regional warning)"),
            _level(w.level),
            division_name(out.member),
            _("read") if out.read else _("unread"),
        )
    console.print(table)


@user_errors
def read(
    notice_id: int = typer.Argument(..., help="The notice's number (see `notices`)."),
    unread: bool = typer.Option(False, "--unread", help="Mark it unread again."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Mark a notice read (the notified member's editors). Audited."""
    setup(data_dir)
    from deltacap.air import warnings
    from deltacap.air.warning_schemas import notice_out

    notice = warnings.mark_notice(
        by=acting_as(as_user), channel="cli", notice_id=notice_id, read=not unread
    )
    if as_json:
        typer.echo(json.dumps(notice_out(notice).model_dump(mode="json"), ensure_ascii=False))
        return
    done = _("Notice {id} marked unread.") if unread else _("Notice {id} marked read.")
    typer.echo(done.format(id=notice.pk))


@user_errors
def docx(
    warning_id: int = WarningId,
    out: Path | None = DocxOut,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Write the warning's notice as a Word document (in Chinese, as such notices are
    issued); for the officials with the cut checked against the active control list."""
    setup(data_dir)
    from deltacap.air import warning_docx, warning_selectors
    from deltacap.air.warnings import get_warning

    by = acting_as(as_user)
    warning = get_warning(warning_id)
    if not warning_selectors.visible_warnings(by).filter(pk=warning.pk).exists():
        raise NotFound(gettext_noop("No warning {id}."), field="id", id=warning_id)
    content = warning_docx.notice_docx(warning, warning_selectors.list_check_for(warning, by))
    target = out or Path(warning_docx.filename(warning))
    try:
        target.write_bytes(content)
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot write the file {file}."), field="out", file=str(target)
        ) from None
    typer.echo(_("Written: {file}").format(file=target))
