"""``deltacap air ...``: air coordination. ``aqi`` rates records by HJ 633 of the version in
force on the date of the data, as JSON lines (``--json``) or as Parquet columns
(``--in``/``--out``, in ``cli/air_parquet.py``). ``evaluate`` evaluates the cities of a
Parquet file of hourly station observations by HJ 663 (reading in ``cli/air_evaluate.py``).
Neither needs a data folder or a database. ``stations``, ``observations`` and ``cities``
work on the data folder (``cli/air_data.py``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli import air_data, air_evaluate, air_events, air_warnings
from deltacap.cli._django import (
    Lang,
    LangOption,
    _run_language,
    early_gettext,
    language_of,
    run_language,
)
from deltacap.domain import air
from deltacap.domain.air.daily import city_days, station_days
from deltacap.domain.air.evaluation import Period, Result, Unit
from deltacap.domain.air.evaluation import evaluate as evaluate_cities
from deltacap.domain.air.tables import LEVELS
from deltacap.domain.errors import DeltacapError, gettext_noop

app = typer.Typer(
    help="Air coordination: AQI by HJ 633, city evaluation by HJ 663, stations and their data.",
    no_args_is_help=True,
)
app.add_typer(air_data.stations_app, name="stations")
app.add_typer(air_data.observations_app, name="observations")
app.command("cities")(air_data.cities)
app.command("evaluation")(air_data.evaluation)
app.add_typer(air_events.app, name="events")
app.add_typer(air_warnings.app, name="warnings")
BATCH = 10_000  # records rated together (one pass over columns each)
InOption = typer.Option(None, "--in", help="Parquet file of records (columns).")
OutOption = typer.Option(None, "--out", help="Parquet file to write.")
PracticeOption = typer.Option(
    air.Practice.STANDARD,
    "--practice",
    help="standard: the text of HJ 633 (default); cnemc-2012-realtime: the national "
    "centre's published practice for 2012-era real-time reports (hourly PM against the "
    "24 h rows, no O3 8 h).",
)


@app.callback()
def _group() -> None:
    """Air coordination: AQI by HJ 633 and city evaluation by HJ 663 (2012 versions before
    2026-03-01, 2026 from then)."""


@app.command("aqi")
def aqi(
    as_json: bool = typer.Option(
        False, "--json", help="Read JSON lines on standard input, write one JSON line each."
    ),
    source: Path | None = InOption,
    target: Path | None = OutOption,
    practice: air.Practice = PracticeOption,
    lang: Lang | None = LangOption,
) -> None:
    """Rate air-quality records: IAQI per item, AQI, primary pollutants, level, category.

    A bad record is reported on its own line ({"ok": false, "error", "field"}) and the run
    goes on: the exit code is 0 unless the input cannot be read at all.
    """
    token = _run_language.set(language_of(lang.value if lang else None))
    try:
        if source is not None or target is not None:
            _run_parquet(source, target, practice)
        elif as_json:
            _run_json(sys.stdin.buffer, practice)
        else:
            _stop(gettext_noop("Give --json (JSON lines on standard input) or --in and --out."))
    finally:
        _run_language.reset(token)


def _run_parquet(source: Path | None, target: Path | None, practice: air.Practice) -> None:
    if source is None or target is None:
        _stop(gettext_noop("--in and --out go together: give both Parquet files."))
    if not source.is_file():
        _stop(gettext_noop("There is no file {path}."), path=str(source))
    from deltacap.cli.air_parquet import NotParquet, rate_parquet  # pyarrow only when rating

    try:
        count = rate_parquet(source, target, practice)
    except DeltacapError as error:  # the message names the column at fault
        _stop(early_gettext(error.message_template).format(**error.params), raw=True)
    except NotParquet:
        _stop(gettext_noop("{path} is not a Parquet file."), path=str(source))
    except OSError as error:
        _stop(
            gettext_noop("{path} cannot be read or written: {reason}"),
            path=str(error.filename or source),
            reason=error.strerror or type(error).__name__,
        )
    message = early_gettext(gettext_noop("{count} records rated, written to {path}."))
    typer.echo(message.format(count=count, path=target), err=True)


def _stop(template: str, *, raw: bool = False, **params: Any) -> NoReturn:
    text = template if raw else early_gettext(template).format(**params)
    typer.echo(text, err=True)
    raise typer.Exit(2)


def _run_json(stream: Iterable[bytes], practice: air.Practice) -> None:
    lines = (line for line in stream if line.strip())
    while batch := list(islice(lines, BATCH)):
        for answer in _answers(batch, practice):
            typer.echo(json.dumps(answer, ensure_ascii=False))


def _answers(lines: list[bytes], practice: air.Practice) -> Iterator[dict[str, Any]]:
    """One answer per line, in order: the good records rated together, the bad refused."""
    checked = [_record(line) for line in lines]
    records = [c for c in checked if isinstance(c, air.AqiRecord)]
    results = iter(air.rate_records(records, practice)) if records else iter(())
    for item in checked:
        yield _result_json(next(results)) if isinstance(item, air.AqiRecord) else item


def _record(line: bytes) -> air.AqiRecord | dict[str, Any]:
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _refusal(gettext_noop("The line is not a JSON object."), "record")
    try:
        return air.record_of(data)
    except air.AirInputError as error:
        message = early_gettext(error.message_template).format(**error.params)
        return {"ok": False, "error": message, "field": error.field}


def _refusal(template: str, field: str) -> dict[str, Any]:
    return {"ok": False, "error": early_gettext(template), "field": field}


def _result_json(result: air.AqiResult) -> dict[str, Any]:
    return {
        "ok": True,
        "standard": result.standard,
        "iaqi": result.iaqi,
        "aqi": result.aqi,
        "aqi_status": result.aqi_status,
        "primary_pollutants": list(result.primary_pollutants),
        "level": result.level,
        "category_cn": result.category_cn,
        "category_en": result.category_en,
        "colour": result.colour_hex,
    }


EvaluateInOption = typer.Option(..., "--in", help="Parquet file of hourly station observations.")
PeriodOption = typer.Option(Period.YEAR, "--period", help="year or month.")
ByOption = typer.Option(Unit.CITY, "--by", help="city, member or region.")


@app.command("evaluate")
def evaluate(
    source: Path = EvaluateInOption,
    period: Period = PeriodOption,
    by: Unit = ByOption,
    as_json: bool = typer.Option(False, "--json", help="Write one JSON line per result."),
    lang: Lang | None = LangOption,
) -> None:
    """Evaluate the cities by HJ 663 against GB 3095 of the version in force, ranked.

    The file holds hourly station observations: station, city (one of the region's 41),
    time (the start of the hour), SO2, NO2, CO, O3, PM10, PM2.5. Out: per city (member,
    region) and period the valid days, means, percentiles, attainment, days by category,
    share of good days, composite index and rank. A bad file: one line naming the column
    and row, exit 2.
    """
    token = _run_language.set(language_of(lang.value if lang else None))
    try:
        results = _evaluated(source, period, by)
        if not results:
            message = early_gettext(gettext_noop("The file holds no hourly observations."))
            typer.echo(message, err=True)
            return
        short = "en" if run_language().startswith("en") else "zh"
        labels = air_evaluate.names(short)
        if as_json:
            for result in results:
                line = air_evaluate.as_json(result, labels.get(result.code, result.code))
                typer.echo(json.dumps(line, ensure_ascii=False))
        else:
            Console(width=320).print(_evaluation_table(results, labels, short, by))
    finally:
        _run_language.reset(token)


def _evaluated(source: Path, period: Period, by: Unit) -> list[Result]:
    if not source.is_file():
        _stop(gettext_noop("There is no file {path}."), path=str(source))
    try:
        observations = air_evaluate.read_observations(source)
        cities = city_days(station_days(observations))
        return evaluate_cities(cities, period, unit=by, members=air_evaluate.members_of_cities())
    except DeltacapError as error:  # the message names the column and row at fault
        _stop(early_gettext(error.message_template).format(**error.params), raw=True)
    except air_evaluate.NotParquet:
        _stop(gettext_noop("{path} is not a Parquet file."), path=str(source))
    except OSError as error:
        _stop(
            gettext_noop("{path} cannot be read or written: {reason}"),
            path=str(error.filename or source),
            reason=error.strerror or type(error).__name__,
        )


def _evaluation_table(results: list[Result], labels: dict[str, str], lang: str, by: Unit) -> Table:
    heading = {
        Unit.CITY: gettext_noop("City"),
        Unit.MEMBER: gettext_noop("Member"),
        Unit.REGION: gettext_noop("Region"),
    }[by]
    table = Table(title=early_gettext(gettext_noop("Air quality by HJ 663")))
    columns = [
        gettext_noop("Rank"),
        heading,
        gettext_noop("Evaluation period"),
        gettext_noop("Limits"),
        gettext_noop("Valid days / needed"),
        gettext_noop("Share of good days"),
        gettext_noop("PM2.5 mean (μg/m³)"),
        gettext_noop("Composite index"),
        gettext_noop("Attainment"),
    ]
    for column in columns:
        table.add_column(early_gettext(column))
    for level in LEVELS:
        table.add_column(level[2] if lang == "en" else level[1], justify="right")
    for r in results:
        table.add_row(
            "" if r.rank is None else str(r.rank),
            labels.get(r.code, r.code),
            r.period,
            early_gettext(r.limits.value),
            f"{min(r.valid_days.values())}/{r.min_days}",
            "" if r.good_share is None else f"{r.good_share:.1%}",
            "" if r.means["PM2.5"] is None else f"{r.means['PM2.5']:.1f}",
            "" if r.composite_index is None else f"{r.composite_index:.2f}",
            early_gettext(_ATTAINS[r.attains_all]),
            *(str(count) for count in r.days_by_level),
        )
    return table


_ATTAINS = {
    True: gettext_noop("attains"),
    False: gettext_noop("does not attain"),
    None: gettext_noop("too few valid days"),
}


# The joint forecast consultation (a module of its own).
from deltacap.cli import air_consultations, air_forecasts  # noqa: E402

air_forecasts.consultations_app.command("open")(air_consultations.open_session)
air_forecasts.consultations_app.command("submit")(air_consultations.submit)
air_forecasts.consultations_app.command("consensus")(air_consultations.consensus)
air_forecasts.consultations_app.command("publish")(air_consultations.publish)
app.add_typer(air_forecasts.consultations_app, name="consultations")
app.add_typer(air_forecasts.forecast_app, name="forecast")

# Mobile monitoring (走航): deltacap air tracks ...
from deltacap.cli import air_tracks  # noqa: E402

app.add_typer(air_tracks.app, name="tracks")

# The warnings' writes, the members' notices and the Word notice: deltacap air warnings ...
from deltacap.cli import air_warning_writes  # noqa: E402

air_warnings.app.command("issue")(air_warning_writes.issue)
air_warnings.app.command("raise")(air_warning_writes.raise_level)
air_warnings.app.command("lower")(air_warning_writes.lower_level)
air_warnings.app.command("lift")(air_warning_writes.lift)
air_warnings.app.command("notices")(air_warning_writes.notices)
air_warnings.app.command("read")(air_warning_writes.read)
air_warnings.app.command("docx")(air_warning_writes.docx)

# A member's list changed one enterprise at a time: deltacap air events measure|remove
from deltacap.cli import air_event_lists  # noqa: E402

air_events.app.command("measure")(air_event_lists.measure)
air_events.app.command("remove")(air_event_lists.remove)
