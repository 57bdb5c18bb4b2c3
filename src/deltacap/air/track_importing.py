"""Reading a mobile-monitoring track (走航) from CSV: one row per GPS point.

Columns (the file's own header, Chinese or English): ``时间`` (GPS time, ``YYYY-MM-DD
HH:MM[:SS]``, China time), ``经度``, ``纬度`` (WGS-84 degrees), optionally ``车辆`` and
``仪器`` (the same on every row), and one column per reading (``VOCs``, ``PM2.5``, ``NO2``
...: every other column is a reading; an empty cell is not measured). The whole file is
checked first: every fault is listed with its row (the file's line, the header line 1) and
column, in the reader's language; a file with any fault writes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from deltacap.air.importing import (
    EMPTY,
    LAT_RANGE,
    LON_RANGE,
    MAX_ISSUES,
    NO_COLUMN,
    NOT_TEXT,
    Issue,
    decode,
)
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.errors import InvalidInput, gettext_noop

CHINA = CHINA_STANDARD_TIME
MAX_POINTS = 20_000
MAX_TRACK_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 12
REQUIRED = {
    "time": ("时间", "GPS时间", "定位时间", "time"),
    "lon": ("经度", "lon", "longitude"),
    "lat": ("纬度", "lat", "latitude"),
}
OPTIONAL = {
    "vehicle": ("车辆", "车牌", "vehicle"),
    "instrument": ("仪器", "仪器型号", "instrument"),
}
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_MISSING = ("", "-", "—", "NA", "N/A", "null")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
PLAUSIBLE_MAX = 100_000.0


@dataclass
class TrackTable:
    """What was read: the points in time order, the reading items, vehicle, instrument."""

    issues: list[Issue] = field(default_factory=list)
    more: int = 0
    points: list[tuple[datetime, float, float, dict[str, float]]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    vehicle: str = ""
    instrument: str = ""

    def add(self, row: int | None, column: str | None, template: str, **params: Any) -> None:
        if len(self.issues) >= MAX_ISSUES:
            self.more += 1
            return
        self.issues.append(Issue(row, column, InvalidInput(template, field=column, **params)))


def _find(headers: list[str], names: tuple[str, ...]) -> str | None:
    wanted = {n.lower() for n in names}
    return next((h for h in headers if h.strip().lower() in wanted), None)


def _time(text: str) -> datetime | None:
    for form in _TIME_FORMATS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=CHINA)
        except ValueError:
            continue
    return None


def read_track(data: bytes) -> TrackTable:
    """The track's points, each row checked; the items are the reading columns."""
    table = TrackTable()
    text = decode(data)
    if text is None:
        table.add(None, None, NOT_TEXT)
        return table
    reader = csv.DictReader(io.StringIO(text))
    headers = [h for h in (reader.fieldnames or []) if h and h.strip()]
    columns, extra = _header(table, headers)
    if table.issues:
        return table
    seen: dict[datetime, int] = {}
    labels: dict[str, tuple[str, int]] = {}
    for line, raw in enumerate(reader, start=2):
        if len(table.points) >= MAX_POINTS:
            table.add(line, None, gettext_noop("At most {n} points in a track."), n=MAX_POINTS)
            break
        cells = {h: (raw.get(h) or "").strip() for h in headers}
        if not any(cells.values()):
            continue
        _row(table, line, cells, columns, seen)
        for key, header in extra.items():
            _label(table, line, key, header, cells, labels)
    if not table.points and not table.issues:
        table.add(None, None, EMPTY)
    table.points.sort(key=lambda p: p[0])
    table.vehicle = labels.get("vehicle", ("", 0))[0]
    table.instrument = labels.get("instrument", ("", 0))[0]
    return table


def _header(table: TrackTable, headers: list[str]) -> tuple[dict[str, str], dict[str, str | None]]:
    """The required and optional columns by key; every other column is a reading."""
    columns: dict[str, str] = {}
    for key, names in REQUIRED.items():
        found = _find(headers, names)
        if found is None:
            table.add(1, names[0], NO_COLUMN, header=names[0])
        columns[key] = found or names[0]
    extra = {k: _find(headers, names) for k, names in OPTIONAL.items()}
    known = set(columns.values()) | {h for h in extra.values() if h}
    table.items = [h for h in headers if h not in known]
    if not table.items:
        table.add(1, None, gettext_noop("The file has no reading column (such as VOCs)."))
    elif len(table.items) > MAX_ITEMS:
        table.add(1, None, gettext_noop("At most {n} reading columns."), n=MAX_ITEMS)
    return columns, extra


def _label(
    table: TrackTable,
    line: int,
    key: str,
    header: str | None,
    cells: dict[str, str],
    labels: dict[str, tuple[str, int]],
) -> None:
    """The vehicle or instrument: one per track (the first row's; another is a fault)."""
    value = cells.get(header, "") if header else ""
    if not value:
        return
    if len(value) > 100:
        table.add(line, header, gettext_noop("Write at most {limit} characters."), limit=100)
    elif key not in labels:
        labels[key] = (value, line)
    elif labels[key][0] != value:
        table.add(
            line,
            header,
            gettext_noop("One track per file: {got} differs from {first} in row {first_row}."),
            got=value,
            first=labels[key][0],
            first_row=labels[key][1],
        )


def _row(
    table: TrackTable,
    line: int,
    cells: dict[str, str],
    columns: dict[str, str],
    seen: dict[datetime, int],
) -> None:
    ok = True
    when = _time(cells[columns["time"]])
    if when is None:
        table.add(
            line,
            columns["time"],
            gettext_noop("Enter the time as YYYY-MM-DD HH:MM:SS (China time)."),
        )
        ok = False
    elif when in seen:
        table.add(
            line,
            columns["time"],
            gettext_noop("This time is given twice (first in row {first})."),
            first=seen[when],
        )
        ok = False
    else:
        seen[when] = line
    place = []
    for key, (low, high) in (("lon", LON_RANGE), ("lat", LAT_RANGE)):
        text = cells[columns[key]]
        value = float(text) if _NUMBER.fullmatch(text) else None
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
            place.append(value)
    values: dict[str, float] = {}
    for item in table.items:
        text = cells.get(item, "")
        if text in _MISSING:
            continue
        value = float(text) if _NUMBER.fullmatch(text) else None
        if value is None or not 0 <= value <= PLAUSIBLE_MAX:
            table.add(
                line,
                item,
                gettext_noop("Enter a number from 0 to {high}, or leave the cell empty."),
                high=int(PLAUSIBLE_MAX),
            )
            ok = False
        else:
            values[item] = value
    if ok and when is not None:
        table.points.append((when, place[0], place[1], values))
