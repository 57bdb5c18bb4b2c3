"""The import of the fence-line stations' hourly readings from CSV or Excel: the whole
file checked first, every fault named by row and column in the reader's language, nothing
written on any fault (a station-hour stored already is one), a dry run by default. One
access decision per station the file names (its member's or city's editors), one audit
event per station imported, in one transaction with the write (``fence_store``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import transaction
from django.utils.translation import gettext

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action
from deltacap.domain.china_time import CHINA_STANDARD_TIME as CHINA
from deltacap.domain.china_time import local_time_of
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.petrochem.fence import FenceConfig, reading_value
from deltacap.petrochem import config, fence_store
from deltacap.petrochem.models import FenceStation
from deltacap.water.services import MAX_IMPORT_BYTES, ImportReport, RowError, csv_lines

STATION_HEADERS = ("station", "监测站", "站点编码", "监测站编码")
TIME_HEADERS = ("time", "datetime", "监测时间", "时间")
FIRST_TIME = dt.datetime(1990, 1, 1)


@dataclass
class Row:
    number: int
    station: str
    time: dt.datetime
    values: dict[str, Decimal]


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Each column's header as the file writes it (a fault names the column so).
    headers: dict[str, str] = field(default_factory=dict)

    def header(self, column: str | None) -> str | None:
        return self.headers.get(column, column) if column else column


def _message(error: DeltacapError) -> str:
    return gettext(error.message_template).format(**error.params)


def _columns(header: list[str], fence: FenceConfig, errors: list[RowError]) -> list[str | None]:
    """Each header's column: ``station``, ``time`` or a factor's code; unknown ones are
    errors of row 1."""
    columns: list[str | None] = []
    for name in header:
        text = name.strip()
        factor = fence.factor_of(text)
        if text.lower() in STATION_HEADERS or text in STATION_HEADERS:
            columns.append("station")
        elif text.lower() in TIME_HEADERS or text in TIME_HEADERS:
            columns.append("time")
        elif factor is not None:
            columns.append(factor.code)
        else:
            columns.append(None)
            message = gettext(
                "Unknown column “{name}”: a station, a time or a factor a fence-line station "
                "measures ({factors})."
            ).format(name=name, factors=", ".join(fence.factors))
            errors.append(RowError(1, name, message))
    for needed in ("station", "time"):
        if needed not in columns:
            message = gettext("The column “{name}” is missing.").format(name=needed)
            errors.append(RowError(1, needed, message))
    return columns


def now_in_china() -> dt.datetime:
    return dt.datetime.now(CHINA).replace(tzinfo=None)


def _time(text: str) -> dt.datetime:
    """An hour's start: YYYY-MM-DD HH:00 (China Standard Time), from 1990 to now."""
    time = local_time_of(text)
    if time.minute or time.second or time.microsecond:
        raise InvalidInput(
            gettext_noop("{value} is not the start of an hour (HH:00)."), field="time", value=text
        )
    if not FIRST_TIME <= time <= now_in_china():
        raise InvalidInput(
            gettext_noop("{value} is not a reading time (from 1990 to now)."),
            field="time",
            value=text,
        )
    return time


def _row(number: int, cells: list[str], columns: list[str | None], parsed: Parsed) -> None:
    """One row, every cell checked; its faults to ``parsed.errors``, a sound row to rows."""
    if len(cells) != len(columns):
        message = gettext("This row has {n} cells; the header has {m}.")
        parsed.errors.append(RowError(number, None, message.format(n=len(cells), m=len(columns))))
        return
    station, ok = "", True
    time: dt.datetime | None = None
    values: dict[str, Decimal] = {}
    for column, cell in zip(columns, cells, strict=True):
        text = cell.strip()
        try:
            if column == "station":
                station = text
                if not station:
                    raise InvalidInput(gettext_noop("The station is missing."), field="station")
            elif column == "time":
                time = _time(text)
            elif column and text:
                values[column] = reading_value(text, column)
        except DeltacapError as exc:
            ok = False
            where = column if column in ("station", "time") else exc.field or column
            parsed.errors.append(RowError(number, parsed.header(where), _message(exc)))
    if not ok or time is None:
        return
    if not values:
        parsed.errors.append(RowError(number, None, gettext("The row holds no measured value.")))
        return
    parsed.rows.append(Row(number, station, time, values))


def parse(data: bytes) -> Parsed:
    """The rows of a CSV or Excel file (header: station, time, factors), or the errors."""
    parsed = Parsed()
    header, lines = csv_lines(data, parsed.errors)
    if header is None:
        return parsed
    columns = _columns(header, config.fence(), parsed.errors)
    if parsed.errors:
        return parsed
    parsed.headers = {c: h.strip() for c, h in zip(columns, header, strict=True) if c}
    seen: dict[tuple[str, dt.datetime], int] = {}
    for number, cells in lines:
        before = len(parsed.rows)
        _row(number, cells, columns, parsed)
        if len(parsed.rows) > before:
            key = (parsed.rows[-1].station, parsed.rows[-1].time)
            if key in seen:
                message = gettext("Row {row} already holds this station and hour.")
                text = message.format(row=seen[key])
                parsed.errors.append(RowError(number, parsed.header("time"), text))
            seen.setdefault(key, number)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(None, None, gettext("The file holds no data row.")))
    return parsed


def _stations(by: Actor, parsed: Parsed, report: ImportReport) -> dict[str, FenceStation]:
    """The stations the rows name, each decided by the access rules once; a row naming an
    unknown station, one the actor may not load or a factor the station does not measure
    is an error."""
    codes = sorted({r.station for r in parsed.rows})
    found = {
        s.code: s
        for s in FenceStation.objects.select_related("city", "enterprise").filter(code__in=codes)
    }
    refused: dict[str, str] = {}
    for code in codes:
        if code in found:
            try:
                require(by, Action.IMPORT_PETRO_READINGS, found[code])
            except AccessDenied as exc:
                refused[code] = _message(exc)
    column = parsed.header("station")
    for row in parsed.rows:
        station = found.get(row.station)
        if station is None:
            message = gettext("No fence-line station with code {code}.").format(code=row.station)
            report.errors.append(RowError(row.number, column, message))
        elif row.station in refused:
            report.errors.append(RowError(row.number, column, refused[row.station]))
        else:
            for factor in sorted(set(row.values) - set(station.factors)):
                message = gettext("Station {code} does not measure {factor}.")
                text = message.format(code=station.code, factor=parsed.header(factor))
                report.errors.append(RowError(row.number, parsed.header(factor), text))
    return found


def import_readings(
    *,
    by: Actor,
    channel: str,
    data: bytes,
    dry_run: bool = True,
    synthetic: bool = False,
    data_dir: Path | None = None,
) -> ImportReport:
    """Check (``dry_run``) or import a CSV or Excel file of hourly fence-line readings
    (station code, hour, a column per factor in mg/m³). Nothing is written when any row is
    at fault; the report names each fault by row and column. Raises InvalidInput (a file
    too large)."""
    report = ImportReport(dry_run=dry_run)
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(
            gettext_noop("The file is {size} MB; at most {limit} MB are accepted."),
            field="file",
            size=round(len(data) / 2**20, 1),
            limit=MAX_IMPORT_BYTES // 2**20,
        )
    parsed = parse(data)
    report.errors.extend(parsed.errors)
    report.rows = len(parsed.rows)
    stations = _stations(by, parsed, report) if parsed.rows else {}
    store = fence_store.root(data_dir)
    if not report.errors:
        stored = fence_store.stored_keys(store, [(r.station, r.time) for r in parsed.rows])
        for row in parsed.rows:
            if (row.station, row.time) in stored:
                message = gettext("A reading of this station at this hour is stored already.")
                report.errors.append(RowError(row.number, parsed.header("time"), message))
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    if report.errors:
        return report
    report.created = report.rows
    report.sections = sorted({r.station for r in parsed.rows})
    if not dry_run:
        _write(by, channel, parsed.rows, stations, synthetic, store, data)
    return report


def table_of(
    rows: list[Row], synthetic: bool, batch: str, now: dt.datetime | None = None
) -> pa.Table:
    """The store's rows of ``rows`` (one per station, hour and factor)."""
    moment = now or dt.datetime.now(dt.UTC)
    flat = [(r.station, r.time, f, float(v)) for r in rows for f, v in sorted(r.values.items())]
    return pa.table(
        {
            "station": pa.array([x[0] for x in flat], pa.string()),
            "time": pa.array([x[1] for x in flat], pa.timestamp("us")),
            "factor": pa.array([x[2] for x in flat], pa.string()),
            "value": pa.array([x[3] for x in flat], pa.float64()),
            "synthetic": pa.array([synthetic] * len(flat), pa.bool_()),
            "imported_at": pa.array([moment] * len(flat), pa.timestamp("us", tz="UTC")),
            "batch": pa.array([batch] * len(flat), pa.string()),
        }
    )


def _write(
    by: Actor,
    channel: str,
    rows: list[Row],
    stations: dict[str, FenceStation],
    synthetic: bool,
    store: Path,
    data: bytes,
) -> None:
    per_station: dict[str, list[dt.datetime]] = defaultdict(list)
    for row in rows:
        per_station[row.station].append(row.time)
    table = table_of(rows, synthetic, hashlib.sha256(data).hexdigest()[:16])
    # The audit events first, in a transaction; the files after them (a file cannot be
    # rolled back, an event can).
    with transaction.atomic():
        record_import(by, channel, stations, per_station)
        fence_store.write(store, table)


def record_import(
    by: Actor | None,
    channel: str,
    stations: dict[str, FenceStation],
    per_station: dict[str, list[dt.datetime]],
) -> None:
    """One audit event per station of an import, in the caller's transaction."""
    for code, times in sorted(per_station.items()):
        station = stations[code]
        audit.record(
            actor=by,
            channel=channel,
            action="petro_station.import",
            object_type="petro_station",
            object_id=station.pk,
            member_code=station.member_code,
            after={
                "petro_station_code": code,
                "petro_readings": len(times),
                "petro_first_hour": min(times).isoformat(sep=" "),
                "petro_last_hour": max(times).isoformat(sep=" "),
            },
        )


def report_json(report: ImportReport) -> dict[str, Any]:
    """The report as the API and the command line give it (``stations`` named so)."""
    body = report.to_json()
    body["stations"] = body.pop("sections")
    return body
