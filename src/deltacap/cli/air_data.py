"""``deltacap air stations import``, ``deltacap air observations import`` and ``deltacap air
cities``: the stations and hourly observations of the data folder (``deltacap.air``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

stations_app = typer.Typer(help="Air-quality monitoring stations.", no_args_is_help=True)
observations_app = typer.Typer(help="Hourly air-quality observations.", no_args_is_help=True)
console = Console(highlight=False)
AsUser = typer.Option(
    None, "--as", help="Import as this account (its rights); default: the operator."
)
DryRun = typer.Option(False, "--dry-run", help="Check only; write nothing.")
AsJson = typer.Option(False, "--json", help="Print the report as JSON.")


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError:
        raise InvalidInput(
            gettext_noop("Cannot read the file {file}."), field="file", file=str(file)
        ) from None


def _finish(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        for error in data["errors"]:
            where = " ".join(str(error[k]) for k in ("row", "column") if error[k])
            console.print(
                f"{where}: {error['message']}" if where else error["message"],
                style="red",
                markup=False,
            )
        if data["more_errors"]:
            console.print(_("And {n} more not listed.").format(n=data["more_errors"]))
        if data["errors"]:
            console.print(_("Nothing was written."))
        elif data["kind"] == "stations":
            console.print(
                _("{c} new, {u} changed, {n} unchanged.").format(
                    c=data["created"], u=data["updated"], n=data["unchanged"]
                )
                + ("" if data["written"] else " " + _("(dry run: nothing written)"))
            )
        else:
            console.print(
                _("{r} station-hours of {s} stations, from {first} to {last}.").format(
                    r=data["rows"], s=data["stations"], first=data["first"], last=data["last"]
                )
                + ("" if data["written"] else " " + _("(dry run: nothing written)"))
            )
    if data["errors"]:
        raise typer.Exit(1)


@stations_app.command("import")
@user_errors
def import_stations(
    file: Path,
    dry_run: bool = DryRun,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import a station list (CSV: 监测点编码, 监测点名称, 城市, 经度, 纬度, 类型); every
    error by row and column; nothing written on any error (exit 1)."""
    setup(data_dir)
    from deltacap.air.services import import_stations as run

    report = run(by=acting_as(as_user), channel="cli", data=_read(file), dry_run=dry_run)
    _finish(report.to_json(), as_json)


@observations_app.command("import")
@user_errors
def import_observations(
    file: Path,
    dry_run: bool = DryRun,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Import hourly observations (CSV: 监测点编码, 时间, SO2 ... PM2.5_24h) into the
    measurement store; a station-hour stored already is refused (exit 1, nothing written)."""
    setup(data_dir)
    from deltacap.air.services import import_observations as run

    report = run(by=acting_as(as_user), channel="cli", data=_read(file), dry_run=dry_run)
    _finish(report.to_json(), as_json)


@user_errors
def cities(
    day: str | None = typer.Option(None, "--date", help="The day (YYYY-MM-DD; default today)."),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per city."),
    data_dir: Path | None = DataDir,
) -> None:
    """Each city's daily AQI (HJ 633 daily report of the version in force on the day)."""
    setup(data_dir)
    from deltacap.air import selectors
    from deltacap.air.labels import category, item_name
    from deltacap.air.schemas import city_aqi_out
    from deltacap.reference.labels import division_name

    try:
        chosen = date.fromisoformat(day) if day else selectors.local_now().date()
    except ValueError:
        raise InvalidInput(
            gettext_noop("Expected a date such as 2023-05-01; got {got}."), field="date", got=day
        ) from None
    rows = selectors.city_daily(chosen, chosen)
    if as_json:
        typer.echo(
            json.dumps([city_aqi_out(r).model_dump(mode="json") for r in rows], ensure_ascii=False)
        )
        return
    table = Table(title=_("Daily AQI of the cities on {day}").format(day=chosen.isoformat()))
    for header in (_("City"), _("AQI"), _("Category"), _("Primary pollutant"), _("Stations")):
        table.add_column(header)
    for r in rows:
        rating = r["rating"]
        table.add_row(
            division_name(r["city"]),
            "—" if rating.aqi is None else str(rating.aqi),
            category(rating.level) or _("not published"),
            _(", ").join(item_name(i) for i in rating.primary) or "—",
            str(r["stations"]),
        )
    console.print(table)


@user_errors
def evaluation(
    year: int = typer.Option(..., "--year", help="The year (1990 to 2100)."),
    month: int | None = typer.Option(None, "--month", help="A month of the year (1 to 12)."),
    by: str = typer.Option("city", "--by", help="city, member or region."),
    as_json: bool = typer.Option(False, "--json", help="A JSON list, one object per row."),
    data_dir: Path | None = DataDir,
) -> None:
    """The HJ 663 evaluation of the stored hourly observations over a year or a month, per
    city (all 41), member or the region, ranked by the composite index."""
    setup(data_dir)
    from deltacap.air import evaluation as evaluations
    from deltacap.air.schemas import evaluation_rows
    from deltacap.domain.air.evaluation import Unit
    from deltacap.inputs import FIRST_YEAR, LAST_YEAR
    from deltacap.reference.labels import division_name, pollutant_name

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            gettext_noop("Enter a whole number from {lower} to {upper}."),
            field="year",
            lower=FIRST_YEAR,
            upper=LAST_YEAR,
        )
    if month is not None and not 1 <= month <= 12:
        raise InvalidInput(
            gettext_noop("Enter a whole number from {lower} to {upper}."),
            field="month",
            lower=1,
            upper=12,
        )
    if by not in {u.value for u in Unit}:
        raise InvalidInput(gettext_noop("Give city, member or region."), field="by")
    result = evaluations.evaluation(year, month, Unit(by))
    rows = evaluation_rows(result)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False))
        return
    heading = {"city": _("City"), "member": _("Member"), "region": _("Region")}[by]
    table = Table(
        title=_("Air quality by HJ 663")
        + f" {result.start.isoformat()} – {result.end.isoformat()} · {_(result.limits.value)}"
    )
    for column in (
        _("Rank"),
        heading,
        _("Valid days / needed"),
        _("Share of good days"),
        _("PM2.5 mean (μg/m³)"),
        _("Composite index"),
        _("Attainment"),
    ):
        table.add_column(column)
    words = {True: _("attains"), False: _("does not attain"), None: _("too few valid days")}
    for r in rows:
        attainment = words[r.attains_all] if r.has_data else _("no data")
        if r.failing:
            attainment += " (" + _(", ").join(pollutant_name(p) for p in r.failing) + ")"
        table.add_row(
            "" if r.rank is None else str(r.rank),
            division_name("*" if r.unit == "region" else r.code),
            f"{r.valid_days}/{r.min_days}" if r.has_data else "—",
            "—" if r.good_share is None else f"{r.good_share:.1%}",
            "—" if r.pm25_mean is None else f"{r.pm25_mean:.1f}",
            "—" if r.composite_index is None else f"{r.composite_index:.2f}",
            attainment,
        )
    Console(highlight=False, width=200).print(table)
