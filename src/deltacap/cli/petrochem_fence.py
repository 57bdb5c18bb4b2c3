"""``deltacap petrochem stations ...``, ``exceedances``, ``hours`` and ``ozone``: the bay's
fence-line VOCs stations (register, hourly readings imported from CSV or Excel with every
fault by row and column, a station's hours of a day), the week's exceedances, the hours of
a day of an enterprise's HJ 212 outlets, and O3 beside the bay's VOCs per day of a year's
ozone season (``deltacap.petrochem``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, cast

import typer
from django.utils.translation import gettext as _
from rich import box
from rich.console import Console
from rich.table import Table

from deltacap.cli import _codes
from deltacap.cli._django import DataDir, Lang, LangOption, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

stations_app = typer.Typer(
    help="Fence-line VOCs stations of the bay: register, readings, hours of a day.",
    invoke_without_command=True,
)
console = Console(highlight=False)
AsJson = typer.Option(False, "--json", help="Print JSON.")
AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
Factors = typer.Option(["NMHC"], "--factor", help="A factor (repeat the option).")


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, default=str))


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for column in columns:
        table.add_column(column)
    return table


def _day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=text
        ) from None


@stations_app.callback()
def stations(
    ctx: typer.Context,
    member: str | None = typer.Option(None, "--member", help="Only this member's (code)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
    lang: Lang | None = LangOption,
) -> None:
    """The fence-line stations with their factors and boundary limits."""
    if ctx.invoked_subcommand is not None:
        return
    cast(Any, _list)(member=member, as_json=as_json, as_user=as_user, data_dir=data_dir,
                     lang=lang)  # fmt: skip


@user_errors
def _list(*, member: str | None, as_json: bool, as_user: str | None, data_dir: Path | None) -> None:
    setup(data_dir)
    from deltacap.petrochem import fence_figures, labels, schemas

    code = _codes.member(member).code if member else ""
    rows = [schemas.station_out(s) for s in fence_figures.stations(acting_as(as_user), code)]
    if as_json:
        _echo_json(rows)
        return
    table = _table(_("Fence-line VOCs stations of the bay"), _("Station code"),
                   _("Station name"), _("City"), _("Enterprise or chemical park"),
                   _("Factors and boundary limits"))  # fmt: skip
    for s in rows:
        factors = "、".join(
            f"{labels.word(labels.FACTORS, f['code'])} ≤ {f['limit']} mg/m³" for f in s["factors"]
        )
        place = s["enterprise"]["name"] if s["enterprise"] else s["park"]
        table.add_row(s["code"], s["name"], s["city_name"], place, factors)
    console.print(table)
    if not rows:
        console.print(_("No fence-line station yet."))


@stations_app.command("add")
@user_errors
def add(
    code: str = typer.Option(..., "--code", help="The station's code."),
    name: str = typer.Option(..., "--name", help="The station's name."),
    city: str = typer.Option(..., "--city", help="The city's code (330200 ...)."),
    lon: float = typer.Option(..., "--lon", help="Longitude (WGS-84 degrees east)."),
    lat: float = typer.Option(..., "--lat", help="Latitude (WGS-84 degrees north)."),
    factor: list[str] = Factors,
    enterprise: int | None = typer.Option(None, "--enterprise", help="Bay enterprise number."),
    park: str = typer.Option("", "--park", help="The chemical park it watches."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Register a fence-line station (or change the one of ``--code``)."""
    setup(data_dir)
    from deltacap.petrochem import schemas, stations

    s = stations.save_station(
        by=acting_as(as_user), channel="cli", code=code, name=name, city=city, lon=lon, lat=lat,
        factors=factor, enterprise_id=enterprise, park=park,
    )  # fmt: skip
    row = schemas.station_out(stations.get_station(s.pk))
    if as_json:
        _echo_json(row)
        return
    console.print(_("The fence-line station is saved.") + f" {row['code']}", markup=False)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read the file {file}."), field="file", file=str(file)
        ) from None


@stations_app.command("import")
@user_errors
def import_readings(
    file: Path,
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import hourly readings (CSV or Excel: station, time, a column per factor in mg/m³);
    every error by row and column; nothing written on any error (exit 1)."""
    setup(data_dir)
    from deltacap.petrochem import fence_import

    report = fence_import.import_readings(
        by=acting_as(as_user), channel="cli", data=_read(file), dry_run=dry_run
    )
    data = fence_import.report_json(report)
    if as_json:
        _echo_json(data)
    else:
        for error in data["errors"]:
            where = " ".join(str(error[k]) for k in ("row", "column") if error[k])
            text = f"{where}: {error['message']}" if where else error["message"]
            console.print(text, style="red", markup=False)
        if data["errors"]:
            console.print(_("Nothing was written."))
        elif dry_run:
            console.print(_("The file is valid: {n} hours of readings, all new.").format(
                n=data["rows"]) + " " + _("(dry run: nothing written)"), markup=False)  # fmt: skip
        else:
            console.print(_("Imported {n} hours of readings.").format(n=data["rows"]))
    if data["errors"]:
        raise typer.Exit(1)


@stations_app.command("show")
@user_errors
def show(
    code: str,
    day: str | None = typer.Option(None, "--day", help="YYYY-MM-DD (default: its last day)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """A station's hourly values of a day per factor, against the boundary limits."""
    setup(data_dir)
    from deltacap.domain.errors import NotFound
    from deltacap.petrochem import fence_figures, fence_store, labels
    from deltacap.petrochem.models import FenceStation

    found = FenceStation.objects.filter(code=code).first()
    if found is None:
        raise NotFound(gettext_noop("No fence-line station with code {code}."), field="code",
                       code=code)  # fmt: skip
    s = fence_figures.station(acting_as(as_user), found.pk)
    when = _day(day, "day") or fence_store.last_day(fence_store.root(), [s.code]) or date.today()
    hours = fence_figures.station_hours(s, when)
    if as_json:
        _echo_json(hours)
        return
    for f in hours["factors"]:
        name = labels.word(labels.FACTORS, f["factor"])
        limit = f["limit"]["value"] if f["limit"] else "—"
        table = _table(f"{s.name} · {when} · {name} ≤ {limit} mg/m³", _("Hour"),
                       _("Hourly value (mg/m³)"), _("Against the limit"))  # fmt: skip
        for h in f["hours"]:
            table.add_row(h["hour"][11:16], h["value"], _("above the limit") if h["above_limit"]
                          else "—")  # fmt: skip
        console.print(table)
    if not hours["factors"]:
        console.print(_("No readings on this day."))


def exceedances(
    end: str | None = typer.Option(None, "--end", help="Last day, YYYY-MM-DD (default today)."),
    days: int = typer.Option(7, "--days", min=1, max=31, help="Days up to the last (1-31)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Every hourly fence-line value above its factor's limit in the period."""
    setup(data_dir)
    from deltacap.petrochem import fence_figures, figures, labels

    actor = acting_as(as_user)
    start, last = figures.period(_day(end, "end"), days)
    names = {s.code: s for s in fence_figures.stations(actor)}
    rows = [fence_figures.exceedance_out(e, names)
            for e in fence_figures.period_exceedances(actor, start, last)]  # fmt: skip
    if as_json:
        _echo_json(rows)
        return
    table = _table(_("Exceedances of the week"), _("Station"), _("Hour"), _("Factor"),
                   _("Hourly value (mg/m³)"), _("Boundary limit"))  # fmt: skip
    for r in rows:
        table.add_row(r["station"]["name"], r["hour_text"], labels.word(labels.FACTORS,
                      r["factor"]), r["value"], f"{r['limit']} mg/m³")  # fmt: skip
    console.print(table)
    if not rows:
        console.print(_("No hourly value above its limit."))


def hours(
    enterprise: int = typer.Option(..., "--enterprise", help="The bay enterprise's number."),
    day: str | None = typer.Option(None, "--day", help="YYYY-MM-DD (default today)."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The hours of a day of a bay enterprise's HJ 212 outlets against its strictest
    stack limit."""
    setup(data_dir)
    from deltacap.petrochem import fence_figures

    when = _day(day, "day") or date.today()
    rows = fence_figures.enterprise_hours(acting_as(as_user), enterprise, when)
    if as_json:
        _echo_json(rows)
        return
    for o in rows:
        limit = o["limit"]["value"] if o["limit"] else "—"
        table = _table(f"{o['enterprise']['name']} · {o['outlet']['code']} · {when} · ≤ {limit}",
                       _("Hour"), _("Factor"), _("Hourly mean (mg/m³)"),
                       _("Against the limit"))  # fmt: skip
        for h in o["hours"]:
            table.add_row(h["hour"][11:16], h["factor_name"], h["mean"],
                          _("above the limit") if h["above_limit"] else "—")  # fmt: skip
        console.print(table)
    if not rows:
        console.print(_("No online-monitoring data of this enterprise's outlets on this day."))


def ozone(
    year: int | None = typer.Option(
        None,
        "--year",
        min=1990,
        max=2100,
        help="The year (default: the latest whose ozone season has readings).",
    ),  # fmt: skip
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """O3 of the bay's cities (daily max 8-h mean, µg/m³) beside the bay's NMHC per day
    of the year's ozone season (by default the latest year whose season has readings)."""
    setup(data_dir)
    from deltacap.petrochem import ozone as season

    actor = acting_as(as_user)
    chosen = year if year is not None else season.default_year(actor)
    found = season.season_out(season.ozone_season(actor, chosen))
    if as_json:
        _echo_json(found)
        return
    names = _codes.division_names(set(found["cities"]))
    table = _table(
        _("Ozone cooperation of the bay") + f" {found['start']} – {found['end']}",
        _("Date"), *[f"{names.get(c, c)} O3" for c in found["cities"]],
        _("Bay mean O3 (µg/m³)"), _("Outlets' NMHC emission (kg)"),
        _("Fence-line mean NMHC (mg/m³)"), _("Fence-line hours above the limit"),
    )  # fmt: skip
    for d in found["days"]:
        cells = [_cell(d["o3_8h"].get(c)) for c in found["cities"]]
        table.add_row(d["day"], *cells, _cell(d["bay_o3_8h"]), _cell(d["outlet_nmhc_kg"]),
                      _cell(d["fence_nmhc_mean"]), str(d["fence_hours_above"]))  # fmt: skip
    console.print(table)


def _cell(value: Any) -> str:
    return "—" if value is None else str(value)


def register(app: typer.Typer) -> None:
    """Add these commands to ``deltacap petrochem``."""
    app.add_typer(stations_app, name="stations")
    app.command("exceedances")(user_errors(exceedances))
    app.command("hours")(user_errors(hours))
    app.command("ozone")(user_errors(ozone))
