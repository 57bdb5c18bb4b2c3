"""``deltacap air ...``: air coordination. ``aqi`` rates records by HJ 633 of the version in
force on the date of the data, as JSON lines (``--json``) or as Parquet columns
(``--in``/``--out``, in ``cli/air_parquet.py``); it needs no data folder and no database.
``stations``, ``observations`` and ``cities`` work on the data folder (``cli/air_data.py``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, NoReturn

import typer

from deltacap.cli import air_data
from deltacap.cli._django import Lang, LangOption, _run_language, early_gettext, language_of
from deltacap.domain import air
from deltacap.domain.errors import DeltacapError, gettext_noop

app = typer.Typer(help="Air coordination: AQI by HJ 633.", no_args_is_help=True)
app.add_typer(air_data.stations_app, name="stations")
app.add_typer(air_data.observations_app, name="observations")
app.command("cities")(air_data.cities)
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
    """Air coordination: AQI by HJ 633 (2012 before 2026-03-01, 2026 from then)."""


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
