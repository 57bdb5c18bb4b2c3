"""The writes of ``deltacap air consultations``: ``open`` (the office opens a session),
``submit`` (a member's editor submits its cities' forecasts from a CSV or JSON file),
``consensus`` (the office records the consensus from such a file) and ``publish``. Each goes
through the service the pages and the API use (its access rule and audit event); a file
with any fault writes nothing and the message names its row and column."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import typer
from django.utils.translation import gettext as _

from deltacap.cli._django import DataDir, acting_as, setup, user_errors
from deltacap.domain.errors import InvalidInput, gettext_noop

AsUser = typer.Option(None, "--as", help="Act as this account (its rights); default: the operator.")
AsJson = typer.Option(False, "--json", help="Print JSON.")
IdOption = typer.Option(..., "--id", "--consultation-id", help="The session's number.")
FileArgument = typer.Argument(..., help="The forecasts: a CSV or JSON file.")
# The columns of a forecast file, with the Chinese headers people write.
COLUMNS = {
    "city": ("city", "城市", "城市代码"),
    "lead": ("lead", "预报日", "第几天"),
    "date": ("date", "日期"),
    "aqi_low": ("aqi_low", "AQI下限"),
    "aqi_high": ("aqi_high", "AQI上限"),
    "primary": ("primary", "首要污染物"),
    "level": ("level", "级别"),
    "reasoning": ("reasoning", "理由"),
}
MAX_FILE_BYTES = 1_000_000


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace("，", ",").split(",") if c.strip()]


def _key(header: str) -> str | None:
    name = header.strip().lstrip("\ufeff")
    for key, names in COLUMNS.items():
        if name in names or name.lower() == key:
            return key
    return None


def _unreadable(file: Path, template: str = gettext_noop("Cannot read the file {file}.")) -> Any:
    return InvalidInput(template, field="file", file=str(file))


def _csv_rows(text: str, file: Path) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise InvalidInput(gettext_noop("The file holds no forecasts."), field="file")
    keys = [_key(h) for h in header]
    for needed in ("city", "aqi_low", "aqi_high"):
        if needed not in keys:
            raise InvalidInput(
                gettext_noop("The file has no column {column}."), field="file", column=needed
            )
    if "lead" not in keys and "date" not in keys:
        raise InvalidInput(
            gettext_noop("The file has no column {column}."), field="file", column="lead / date"
        )
    rows = []
    for number, cells in enumerate(reader, start=2):  # the header is row 1
        if not any(c.strip() for c in cells):
            continue
        row: dict[str, Any] = {"row": number}
        row |= {k: v.strip() for k, v in zip(keys, cells, strict=False) if k is not None}
        rows.append(row)
    return rows


def _json_rows(text: str, file: Path) -> list[dict[str, Any]]:
    """A list of rows, or of ``{"city", "forecasts": [...]}`` as the API takes them, or one
    such object; the rows numbered in the file's order."""
    try:
        data = json.loads(text)
    except ValueError:
        raise _unreadable(file, gettext_noop("{file} is not a JSON file.")) from None
    items = data if isinstance(data, list) else [data]
    rows: list[dict[str, Any]] = []
    for item in items:
        if not isinstance(item, dict):
            raise _unreadable(file, gettext_noop("{file} is not a JSON file."))
        if isinstance(item.get("forecasts"), list):
            for day in item["forecasts"]:
                if not isinstance(day, dict):
                    raise _unreadable(file, gettext_noop("{file} is not a JSON file."))
                rows.append({**day, "city": item.get("city"), "row": len(rows) + 1})
        else:
            rows.append({**item, "row": len(rows) + 1})
    return rows


def read_rows(file: Path) -> list[dict[str, Any]]:
    """The forecast rows of a CSV or JSON file (by its content: JSON starts with [ or {)."""
    try:
        data = file.read_bytes()
    except OSError:
        raise _unreadable(file) from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            gettext_noop("The file is larger than {limit} bytes."),
            field="file",
            limit=MAX_FILE_BYTES,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable(file, gettext_noop("{file} is not UTF-8 text.")) from None
    if text.lstrip()[:1] in ("[", "{"):
        return _json_rows(text, file)
    return _csv_rows(text, file)


def _print_saved(rows: list[dict[str, Any]], as_json: bool, template: str) -> None:
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    cities = sorted({r["city"] for r in rows})
    typer.echo(template.format(n=len(rows), cities=", ".join(cities)))


@user_errors
def open_session(
    day: str = typer.Option(..., "--day", "--date", help="The first day forecast, YYYY-MM-DD."),
    horizon: str = typer.Option("3", "--horizon", "--days", help="Days ahead (1 to 7)."),
    cities: str = typer.Option(
        ..., "--cities", help="The session's cities, codes comma-separated: 310100,320500."
    ),
    hosts: str = typer.Option(
        "", "--hosts", help="Host cities among them (every member forecasts them)."
    ),
    title: str = typer.Option("", "--title", help="The session's title."),
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """Open a session (the office); the platform's baseline of each city is recorded with
    it. Audited."""
    setup(data_dir)
    from deltacap.air import forecast_selectors as reads
    from deltacap.air import forecast_services as services

    opened = services.open_consultation(
        by=acting_as(as_user),
        channel="cli",
        day=day,
        horizon=horizon,
        cities=_codes(cities),
        hosts=_codes(hosts),
        title=title,
    )
    body = reads.consultation_json(opened)
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    typer.echo(
        _("Consultation {id} opened: {day}, {days} days, cities {cities}.").format(
            id=opened.pk, day=body["day"], days=opened.horizon, cities=", ".join(body["cities"])
        )
    )


def _submit(
    *, consultation_id: int, file: Path, consensus: bool, as_json: bool, as_user: str | None,
    data_dir: Path | None,
) -> None:  # fmt: skip
    setup(data_dir)
    from deltacap.air import forecast_selectors as reads
    from deltacap.air import forecast_services as services

    saved = services.submit_forecast_rows(
        by=acting_as(as_user),
        channel="cli",
        consultation_id=consultation_id,
        rows=read_rows(file),
        consensus=consensus,
    )
    template = (
        _("Consensus recorded: {n} forecasts of {cities}.")
        if consensus
        else _("Submitted: {n} forecasts of {cities}.")
    )
    _print_saved([reads.forecast_json(f) for f in saved], as_json, template)


@user_errors
def submit(
    file: Path = FileArgument,
    consultation_id: int = IdOption,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """A member's editor submits (or corrects) its forecasts of an open session: its own
    cities and the host cities, 1 to 7 days ahead. The file (CSV with a header, or JSON)
    has one row per city and day: city, lead (or date), aqi_low, aqi_high, primary, level,
    reasoning. Every city at once or none; an error names the row and column. Audited."""
    _submit(
        consultation_id=consultation_id, file=file, consensus=False, as_json=as_json,
        as_user=as_user, data_dir=data_dir,
    )  # fmt: skip


@user_errors
def consensus(
    file: Path = FileArgument,
    consultation_id: int = IdOption,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The office records the consensus forecast of an open session from a file laid out
    as for ``submit``. Every city at once or none. Audited."""
    _submit(
        consultation_id=consultation_id, file=file, consensus=True, as_json=as_json,
        as_user=as_user, data_dir=data_dir,
    )  # fmt: skip


@user_errors
def publish(
    consultation_id: int = IdOption,
    as_json: bool = AsJson,
    as_user: str | None = AsUser,
    data_dir: Path | None = DataDir,
) -> None:
    """The office publishes the consensus (every city and day needs one first); the
    session's forecasts no longer change and the public page shows it. Audited."""
    setup(data_dir)
    from deltacap.air import forecast_selectors as reads
    from deltacap.air import forecast_services as services

    done = services.publish(by=acting_as(as_user), channel="cli", consultation_id=consultation_id)
    if as_json:
        typer.echo(json.dumps(reads.consultation_json(done), ensure_ascii=False))
        return
    typer.echo(_("Consultation {id} published.").format(id=done.pk))
