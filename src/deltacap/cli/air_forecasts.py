"""``deltacap air consultations`` (the joint forecast consultation's sessions),
``deltacap air consultations verify --id N`` (a session's forecasts against the observed
daily AQI) and ``deltacap air forecast baseline --city CODE --date YYYY-MM-DD`` (the
platform's baseline of a city from the stored observations)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from deltacap.cli._django import DataDir, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

consultations_app = typer.Typer(
    help="Joint forecast consultation: the sessions and their verification.",
    invoke_without_command=True,
)
forecast_app = typer.Typer(help="The platform's forecasts.", no_args_is_help=True)
console = Console(highlight=False, width=200)
AsJson = typer.Option(False, "--json", help="Print JSON.")


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


@consultations_app.callback()
@user_errors
def consultations(
    ctx: typer.Context,
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """The sessions (newest first): date, horizon, cities, status."""
    if ctx.invoked_subcommand is not None:
        return
    setup(data_dir)
    from deltacap.accounts.actors import PLATFORM
    from deltacap.air import forecast_selectors as reads
    from deltacap.reference.labels import division_name

    rows = [reads.consultation_json(c) for c in reads.consultations(PLATFORM)]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(title=_("Forecast consultations"))
    for header in (_("No."), _("Date"), _("Days"), _("Cities"), _("Status")):
        table.add_column(header)
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["day"],
            str(row["horizon"]),
            _(", ").join(division_name(c) for c in row["cities"]),
            row["status_words"],
        )
    console.print(table)


@consultations_app.command("verify")
@user_errors
def verify(
    consultation_id: int = typer.Option(..., "--id", help="The session's number."),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """A session's forecasts against the observed daily AQI: level hit rate, primary-
    pollutant hit rate, AQI error and share inside the range, by source and by member."""
    setup(data_dir)
    from deltacap.accounts.actors import PLATFORM
    from deltacap.air import forecast_selectors as reads
    from deltacap.air.forecast_models import Source
    from deltacap.reference.labels import division_name

    consultation = reads.get_consultation(consultation_id)
    result = reads.verify_consultation(PLATFORM, consultation)
    if as_json:
        typer.echo(json.dumps({"id": consultation.pk, **result.to_json()}, ensure_ascii=False))
        return
    table = Table(title=_("Verification of the consultation of {day}").format(day=consultation.day))
    for header in (
        _("Source"),
        _("Forecasts verified"),
        _("Level hit rate"),
        _("Primary pollutant hit rate"),
        _("Inside the range"),
        _("Mean absolute error"),
    ):
        table.add_column(header)
    words = {
        Source.MEMBER: _("Members"),
        Source.CONSENSUS: _("Consensus"),
        Source.PERSISTENCE: _("Baseline: persistence"),
        Source.REGRESSION: _("Baseline: regression"),
    }
    groups: list[tuple[str, Any]] = [(words[Source(s)], v) for s, v in result.by_source.items()] + [
        (division_name(m), v) for m, v in result.by_member.items()
    ]
    for name, s in groups:
        table.add_row(
            name,
            str(s.forecasts),
            _rate(s.level_rate),
            _rate(s.primary_rate),
            _rate(s.inside_rate),
            "—" if s.mean_abs_error is None else f"{s.mean_abs_error:.1f}",
        )
    console.print(table)
    if result.pending:
        console.print(_("{n} forecasts of days not yet observed.").format(n=result.pending))


@forecast_app.command("baseline")
@user_errors
def baseline(
    city: str = typer.Option(..., "--city", help="The city's code (GB/T 2260)."),
    day: str = typer.Option(..., "--date", help="The first day forecast (YYYY-MM-DD)."),
    days: int = typer.Option(3, "--days", help="Days ahead (1 to 7)."),
    as_json: bool = AsJson,
    data_dir: Path | None = DataDir,
) -> None:
    """The platform's baseline forecast of a city (persistence and a regression on the
    recent days' AQI) from the daily AQI stored before ``--date``."""
    setup(data_dir)
    from deltacap.air import forecast_selectors as reads
    from deltacap.air.labels import category
    from deltacap.domain.air.forecast import MAX_HORIZON
    from deltacap.reference.models import Division

    try:
        issued = date.fromisoformat(day)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Expected a date such as 2023-05-01; got {got}."), field="date", got=day
        ) from None
    if not 1 <= days <= MAX_HORIZON:
        raise InvalidInput(
            gettext_noop("Enter a whole number from {lower} to {upper}."),
            field="days",
            lower=1,
            upper=MAX_HORIZON,
        )
    found = Division.objects.filter(code=city, prefecture=True).first()
    if found is None:
        raise InvalidInput(gettext_noop("No city with code {code}."), field="city", code=city)
    methods = reads.baselines([found.code], issued, days)[found.code]
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "city": found.code,
                    "date": issued.isoformat(),
                    "days": days,
                    "methods": [
                        {
                            "method": m.method,
                            "history_days": m.history_days,
                            "rmse": m.rmse,
                            "coefficients": m.coefficients,
                            "forecasts": [
                                {
                                    "lead": d.lead,
                                    "day": d.day.isoformat(),
                                    "aqi": d.aqi,
                                    "aqi_low": d.aqi_low,
                                    "aqi_high": d.aqi_high,
                                    "level_low": d.level_low,
                                    "level_high": d.level_high,
                                    "primary": d.primary,
                                }
                                for d in m.days
                            ],
                        }
                        for m in methods
                    ],
                },
                ensure_ascii=False,
            )
        )
        return
    if not methods:
        console.print(_("No daily AQI of the city in the 30 days before {day}.").format(day=issued))
        raise typer.Exit(1)
    names = {"persistence": _("Persistence"), "regression": _("Regression on recent days")}
    table = Table(
        title=_("Baseline forecast of {city} from {day}").format(city=found.name, day=issued)
    )
    for header in (
        _("Method"),
        _("Date"),
        _("AQI"),
        _("AQI range"),
        _("Level"),
        _("Primary pollutant"),
    ):
        table.add_column(header)
    for m in methods:
        for d in m.days:
            level = category(d.level_low)
            if d.level_high != d.level_low:
                level += " – " + category(d.level_high)
            table.add_row(
                names[m.method],
                d.day.isoformat(),
                str(d.aqi),
                f"{d.aqi_low}–{d.aqi_high}",
                level,
                d.primary or "—",
            )
    console.print(table)
