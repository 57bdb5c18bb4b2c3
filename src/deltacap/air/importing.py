"""Reading the national network's CSV files: the station list and hourly observations.

Both are checked whole before anything is written: every fault is listed with its row (the
file's line, the header being line 1) and column (the file's own header), in the reader's
language, and a file with any fault writes nothing. Observations are checked column by
column (pyarrow), never row by row in Python.

Station list (one row per station; headers as the national network's station list):
``监测点编码, 监测点名称, 城市, 经度, 纬度, 类型`` (类型: 国控 or 省控; ``城市`` a city's
name, 苏州市 or 苏州, or its code). Coordinates are WGS-84 degrees.

Hourly observations (one row per station and hour, as the network publishes them):
``监测点编码, 时间`` (``YYYY-MM-DD HH:00``, China time) and the items ``SO2, SO2_24h, NO2,
NO2_24h, CO, CO_24h, O3, O3_8h, PM10, PM10_24h, PM2.5, PM2.5_24h``: a bare name is the 1-h
value, ``_24h`` the 24-h moving mean, ``O3_8h`` the 8-h moving mean, as far as given (a
missing column or an empty cell, ``-`` or ``NA`` is not measured). µg/m³, CO mg/m³. Other
columns (AQI, O3_24h ...) are ignored: the platform rates the values itself.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from deltacap.air.store import COLUMNS
from deltacap.domain.errors import InvalidInput, gettext_noop

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_ISSUES = 200  # listed; the count says how many more

# The region's extent (WGS-84), with a margin: a station outside it is a typing error.
LON_RANGE = (113.0, 124.0)
LAT_RANGE = (26.5, 36.0)

STATION_HEADERS = {
    "code": ("监测点编码", "站点编码", "code"),
    "name": ("监测点名称", "站点名称", "name"),
    "city": ("城市", "city"),
    "lon": ("经度", "lon", "longitude"),
    "lat": ("纬度", "lat", "latitude"),
    "kind": ("类型", "站点类型", "kind"),
}
KIND_WORDS = {
    "国控": "national",
    "国控点": "national",
    "national": "national",
    "省控": "provincial",
    "省控点": "provincial",
    "provincial": "provincial",
}
OBSERVATION_KEYS = {"station": ("监测点编码", "站点编码", "station"), "time": ("时间", "time")}
# Header in the file → item of HJ 633.
ITEM_HEADERS = {
    "SO2": "SO2_1h",
    "SO2_24h": "SO2_24h",
    "NO2": "NO2_1h",
    "NO2_24h": "NO2_24h",
    "CO": "CO_1h",
    "CO_24h": "CO_24h",
    "O3": "O3_1h",
    "O3_8h": "O3_8h",
    "PM10": "PM10_1h",
    "PM10_24h": "PM10_24h",
    "PM2.5": "PM2.5_1h",
    "PM2.5_24h": "PM2.5_24h",
}
# Highest plausible value of an item (µg/m³; CO mg/m³): beyond it is a unit or typing error.
PLAUSIBLE_MAX = {item: (150.0 if item.startswith("CO") else 5000.0) for item in COLUMNS}
_MISSING = ["", "-", "—", "NA", "N/A", "null"]
_NUMBER = r"^[0-9]+(\.[0-9]+)?$"
_CODE = r"^[0-9]{4}[A-Z]$"


@dataclass(frozen=True)
class Issue:
    """A fault of the file: its row (line) and column (header), or the whole file."""

    row: int | None
    column: str | None
    error: InvalidInput


@dataclass
class Table:
    """What was read: the rows (stations: dicts; observations: an Arrow table) and faults."""

    issues: list[Issue] = field(default_factory=list)
    more: int = 0  # faults beyond MAX_ISSUES
    stations: list[dict[str, Any]] = field(default_factory=list)
    observations: pa.Table | None = None

    def add(self, row: int | None, column: str | None, template: str, **params: Any) -> None:
        if len(self.issues) >= MAX_ISSUES:
            self.more += 1
            return
        self.issues.append(Issue(row, column, InvalidInput(template, field=column, **params)))


def decode(data: bytes) -> str | None:
    """The file's text: UTF-8 (with or without BOM), else GB 18030 (what Excel writes in
    Chinese Windows); None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


NOT_TEXT = gettext_noop("The file is not a CSV text file (UTF-8 or GB 18030).")
EMPTY = gettext_noop("The file holds no rows below its header.")
NO_COLUMN = gettext_noop("The file has no column {header}.")


def _find(headers: list[str], names: tuple[str, ...]) -> str | None:
    wanted = {n.lower() for n in names}
    return next((h for h in headers if h.strip().lower() in wanted), None)


def read_stations(data: bytes) -> Table:
    """The station list's rows, each checked (city resolved later, by the service)."""
    table = Table()
    text = decode(data)
    if text is None:
        table.add(None, None, NOT_TEXT)
        return table
    reader = csv.DictReader(io.StringIO(text))
    headers = list(reader.fieldnames or [])
    columns = {}
    for key, names in STATION_HEADERS.items():
        found = _find(headers, names)
        if found is None:
            table.add(1, names[0], NO_COLUMN, header=names[0])
        columns[key] = found or names[0]
    if table.issues:
        return table
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {key: (raw.get(header) or "").strip() for key, header in columns.items()}
        if not any(row.values()):
            continue
        _station_row(table, line, row, columns, seen)
    if not table.stations and not table.issues:
        table.add(None, None, EMPTY)
    return table


def _station_row(
    table: Table, line: int, row: dict[str, str], columns: dict[str, str], seen: dict[str, int]
) -> None:
    ok = True
    code = row["code"].upper()
    if not re.fullmatch(_CODE, code):
        table.add(
            line,
            columns["code"],
            gettext_noop("A station code is four digits and a letter, such as 1141A."),
        )
        ok = False
    elif code in seen:
        table.add(
            line,
            columns["code"],
            gettext_noop("Station {code} is listed twice (first in row {first})."),
            code=code,
            first=seen[code],
        )
        ok = False
    else:
        seen[code] = line
    if not row["name"] or len(row["name"]) > 100:
        table.add(
            line,
            columns["name"],
            gettext_noop("Enter the station's name (at most 100 characters)."),
        )
        ok = False
    if not row["city"]:
        table.add(line, columns["city"], gettext_noop("Enter the station's city."))
        ok = False
    kind = KIND_WORDS.get(row["kind"].lower())
    if kind is None:
        table.add(
            line, columns["kind"], gettext_noop("Enter 国控 (national) or 省控 (provincial).")
        )
        ok = False
    place = {}
    for key, (low, high) in (("lon", LON_RANGE), ("lat", LAT_RANGE)):
        value = float(row[key]) if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", row[key]) else None
        if value is None or not low <= value <= high:
            table.add(
                line,
                columns[key],
                gettext_noop("Enter degrees (WGS-84) between {low} and {high}."),
                low=low,
                high=high,
            )
            ok = False
        else:
            place[key] = value
    if ok:
        table.stations.append(
            {
                "line": line,
                "code": code,
                "name": row["name"],
                "city": row["city"],
                "kind": kind,
                **place,
            }
        )


def read_observations(data: bytes) -> Table:
    """The hourly rows as an Arrow table (``station``, ``time`` and one column per item),
    every cell checked column by column; stations are checked by the service."""
    table = Table()
    text = decode(data)
    if text is None:
        table.add(None, None, NOT_TEXT)
        return table
    try:
        raw = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(use_threads=False),
            convert_options=pacsv.ConvertOptions(
                column_types=_all_text(text), strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, ValueError) as exc:
        table.add(
            None,
            None,
            gettext_noop("The file cannot be read as CSV: {detail}"),
            detail=str(exc)[:200],
        )
        return table
    headers = raw.column_names
    found = {key: _find(headers, names) for key, names in OBSERVATION_KEYS.items()}
    for key, header in found.items():
        if header is None:
            name = OBSERVATION_KEYS[key][0]
            table.add(1, name, NO_COLUMN, header=name)
    items = {
        item: header
        for header in headers
        for given, item in ITEM_HEADERS.items()
        if header.strip().lower() == given.lower()
    }
    if not items and not table.issues:
        table.add(
            1, None, gettext_noop("The file has none of the columns SO2, NO2, CO, O3, PM10, PM2.5.")
        )
    if table.issues:
        return table
    if raw.num_rows == 0:
        table.add(None, None, EMPTY)
        return table
    lines = np.arange(raw.num_rows) + 2
    station_header, time_header = found["station"], found["time"]
    assert station_header is not None and time_header is not None
    station = pc.utf8_upper(pc.utf8_trim_whitespace(raw[station_header]))
    bad = ~np.asarray(pc.match_substring_regex(station, _CODE).to_numpy(zero_copy_only=False))
    _locate(
        table,
        lines,
        bad,
        station_header,
        gettext_noop("A station code is four digits and a letter, such as 1141A."),
    )
    time = _hours(pc.utf8_trim_whitespace(raw[time_header]))
    unreadable = np.asarray(pc.is_null(time).to_numpy(zero_copy_only=False))
    _locate(
        table,
        lines,
        unreadable,
        time_header,
        gettext_noop("Enter the hour as YYYY-MM-DD HH:00 (China time)."),
    )
    columns: dict[str, pa.Array] = {"station": station, "time": time}
    for item, header in items.items():
        cells = pc.utf8_trim_whitespace(raw[header])
        missing = pc.is_in(cells, value_set=pa.array(_MISSING))
        number = pc.match_substring_regex(cells, _NUMBER)
        invalid = np.asarray(
            pc.and_(pc.invert(missing), pc.invert(number)).to_numpy(zero_copy_only=False)
        )
        _locate(
            table,
            lines,
            invalid,
            header,
            gettext_noop("Enter a number of zero or more, or leave the cell empty."),
        )
        text_values = pc.if_else(
            pc.or_(missing, pc.invert(number)), pa.scalar(None, pa.string()), cells
        )
        values = pc.cast(text_values, pa.float64())
        high = PLAUSIBLE_MAX[item]
        over = np.asarray(
            pc.fill_null(pc.greater(values, high), False).to_numpy(zero_copy_only=False)
        )
        _locate(
            table,
            lines,
            over,
            header,
            gettext_noop(
                "{value} is beyond any plausible value (at most {limit}): check the unit."
            ),
            values=values,
            limit=high,
        )
        columns[COLUMNS[item]] = values
    if table.issues:
        return table
    _duplicates(table, lines, station, time, station_header)
    table.observations = pa.table(columns)
    return table


def _all_text(text: str) -> dict[str, pa.DataType]:
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    return {name: pa.string() for name in header}


_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


def _hours(text: pa.Array) -> pa.Array:
    """Times as written, read as whole hours (null where unreadable or not on the hour)."""
    found = pa.nulls(len(text), pa.timestamp("us"))
    for pattern in _FORMATS:
        parsed = pc.strptime(text, format=pattern, unit="us", error_is_null=True)
        found = pc.coalesce(found, parsed)
    whole = pc.and_(
        pc.equal(pc.minute(found), 0),
        pc.and_(pc.equal(pc.second(found), 0), pc.greater_equal(pc.year(found), 1990)),
    )
    return pc.if_else(pc.fill_null(whole, False), found, pa.scalar(None, pa.timestamp("us")))


def _locate(
    table: Table,
    lines: np.ndarray,
    rows: np.ndarray,
    column: str,
    template: str,
    values: pa.Array | None = None,
    **params: Any,
) -> None:
    """One issue per faulty row of the column (at most MAX_ISSUES in all)."""
    where = np.flatnonzero(rows)
    room = max(0, MAX_ISSUES - len(table.issues))
    for index in where[:room].tolist():
        extra = {"value": values[index].as_py()} if values is not None else {}
        table.add(int(lines[index]), column, template, **params, **extra)
    table.more += max(0, len(where) - room)


def _duplicates(
    table: Table, lines: np.ndarray, station: pa.Array, time: pa.Array, header: str
) -> None:
    """A station-hour given twice in the file: each later row is refused."""
    keys = pc.binary_join_element_wise(
        station, pc.cast(pc.cast(time, pa.int64()), pa.string()), "|"
    ).to_numpy(zero_copy_only=False)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    repeated = first[inverse] != np.arange(len(keys))
    where = np.flatnonzero(repeated)
    room = max(0, MAX_ISSUES - len(table.issues))
    for index in where[:room].tolist():
        table.add(
            int(lines[index]),
            header,
            gettext_noop("This station and hour are given already in row {first}."),
            first=int(lines[first[inverse[index]]]),
        )
    table.more += max(0, len(where) - room)
