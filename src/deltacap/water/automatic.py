"""The 4-hourly readings of automatic water-quality stations (水质自动监测站): their
import (CSV or Excel, the same checks and messages as the monthly data's: every fault by
row and column, nothing written on any fault, a dry run first) and their reads, classed by
GB 3838-2002 reading by reading and day by day.

Stored in the measurement store beside the monthly data, by the layout rules of
monitoring's store (``monitoring/README.md``): under
``<data folder>/measurements/water_4h/date=YYYY-MM-DD/part-*.parquet``, Hive partitions by
the local date of the reading, append-only part files written under a dot-name, synced
and renamed (``monitoring.store.write_part``). One row per section and reading time:

| column | type | |
|---|---|---|
| ``section`` | string | the section's code |
| ``time`` | timestamp (µs, no zone) | China Standard Time, on the 4-hour grid |
| ``ph`` ... ``chla`` | double | ``AUTOMATIC``'s items (mg/L; pH none; Chla mg/m³); null: none |
| ``synthetic`` | bool | made up (the demo's) |
| ``imported_at`` | timestamp (µs, UTC) | when the file was imported |
| ``batch`` | string | the import's file digest (SHA-256, 16 hex digits) |

A section-time is stored once: a file holding one stored already, or the same one twice,
is refused with each such row named, so nothing is replaced silently (as the air store).

The day's class (the platform's rule; ``standards.md`` §3 gives no method for automatic
data): the arithmetic mean of the day's readings of each item, classed by GB 3838-2002
Table 1 with the single-factor rule of the monthly data (环办〔2011〕22号), the number of
readings shown beside it (6 a day when none is missing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
from django.db import transaction
from django.utils.translation import gettext

from deltacap.accounts.permissions import Actor
from deltacap.domain.china_time import CHINA_STANDARD_TIME as CHINA
from deltacap.domain.china_time import local_time_of
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.input_rules import check_file_size
from deltacap.domain.water.classify import CLASS_NAMES, GRADE_CODES, attains, classify
from deltacap.domain.water.gb3838 import WaterType
from deltacap.monitoring import store as measurement_store
from deltacap.water.config import gb3838_table
from deltacap.water.models import Section
from deltacap.water.services import (
    FIRST_DATE,
    MAX_IMPORT_BYTES,
    SECTION_HEADERS,
    ImportReport,
    RowError,
    _allowed_sections,
    _Parsed,
    csv_lines,
    record_imports,
    section_row,
)

TABLE = "water_4h"
HOURS = 4  # readings at 00:00, 04:00 … 20:00
PER_DAY = 24 // HOURS
TIME_HEADERS = ("time", "datetime", "监测时间", "时间")
# The items of an automatic station's routine set (GB 3838 codes) → their store columns.
AUTOMATIC: dict[str, str] = {
    "pH": "ph",
    "DO": "dissolved_oxygen",  # "do" is a word of SQL
    "CODMn": "codmn",
    "NH3-N": "nh3_n",
    "TP": "tp",
    "TN": "tn",
    "Chla": "chla",
}
SCHEMA = pa.schema(
    [
        ("section", pa.string()),
        ("time", pa.timestamp("us")),
        *[(column, pa.float64()) for column in AUTOMATIC.values()],
        ("synthetic", pa.bool_()),
        ("imported_at", pa.timestamp("us", tz="UTC")),
        ("batch", pa.string()),
    ]
)


# --- the store ------------------------------------------------------------------------------


def root(data_dir: Path | None = None) -> Path:
    return measurement_store.store_root(data_dir)


def has_files(root_dir: Path) -> bool:
    return measurement_store.has_files(root_dir, TABLE)


def connect(root_dir: Path) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (memory capped as the store's) with the view ``water_4h``."""
    return measurement_store.connect_dated(root_dir, TABLE, SCHEMA)


def write(root_dir: Path, data: pa.Table) -> int:
    """Write ``data`` (``SCHEMA``) as one new part file per date, durably; the rows written."""
    return measurement_store.write_by_date(root_dir, TABLE, data, SCHEMA, ["section", "time"])


def stored_keys(
    root_dir: Path, keys: list[tuple[str, dt.datetime]]
) -> set[tuple[str, dt.datetime]]:
    """Which (section, time) of ``keys`` are stored already (only their dates are read)."""
    return measurement_store.stored_pairs(root_dir, TABLE, SCHEMA, "section", keys)


# --- the import -----------------------------------------------------------------------------


def _column_of(header: str) -> str | None:
    text = header.strip()
    if text.lower() in SECTION_HEADERS or text in SECTION_HEADERS:
        return "section"
    if text.lower() in TIME_HEADERS or text in TIME_HEADERS:
        return "time"
    for item in AUTOMATIC:
        if text.lower() == item.lower():
            return item
    return None


def _header(header: list[str], parsed: _Parsed) -> list[str | None]:
    columns = [_column_of(h) for h in header]
    items = ", ".join(AUTOMATIC)
    for name, column in zip(header, columns, strict=True):
        if column is None:
            message = gettext(
                "Unknown column “{name}”: a section, a time or an item an automatic station "
                "measures ({items})."
            )
            parsed.errors.append(RowError(1, name, message.format(name=name, items=items)))
    for needed in ("section", "time"):
        if needed not in columns:
            parsed.errors.append(
                RowError(1, needed, gettext("The column “{name}” is missing.").format(name=needed))
            )
    return columns


def now_in_china() -> dt.datetime:
    return dt.datetime.now(CHINA).replace(tzinfo=None)


def _time(text: str) -> dt.datetime:
    """A reading's time: YYYY-MM-DD HH:MM (China Standard Time) on the 4-hour grid, from
    1990 to now."""
    time = local_time_of(text)
    if time.minute or time.second or time.microsecond or time.hour % HOURS:
        raise InvalidInput(
            gettext_noop(
                "{value} is not a reading time: automatic stations report at 00:00, 04:00, "
                "08:00, 12:00, 16:00 and 20:00."
            ),
            field="time",
            value=text,
        )
    if not dt.datetime.combine(FIRST_DATE, dt.time(0)) <= time <= now_in_china():
        raise InvalidInput(
            gettext_noop("{value} is not a reading time (from 1990 to now)."),
            field="time",
            value=text,
        )
    return time


def parse(data: bytes) -> _Parsed:
    """The rows of a CSV or Excel file (header: section, time, items), or the errors."""
    parsed = _Parsed()
    header, rows = csv_lines(data, parsed.errors)
    if header is None:
        return parsed
    columns = _header(header, parsed)
    if parsed.errors:
        return parsed
    seen: dict[tuple[str, Any], int] = {}
    for number, cells in rows:
        before = len(parsed.rows)
        section_row(number, cells, columns, parsed, ("time", _time))
        if len(parsed.rows) > before:
            key = (parsed.rows[-1][1], parsed.rows[-1][2])
            if key in seen:
                message = gettext("Row {row} already holds this section and time.")
                parsed.errors.append(RowError(number, "time", message.format(row=seen[key])))
            seen.setdefault(key, number)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(None, None, gettext("The file holds no data row.")))
    return parsed


def import_readings(
    *,
    by: Actor,
    channel: str,
    data: bytes,
    dry_run: bool = True,
    synthetic: bool = False,
    data_dir: Path | None = None,
) -> ImportReport:
    """Check (``dry_run``) or import a CSV or Excel file of 4-hourly readings (section
    code, time, the items of ``AUTOMATIC``). Nothing is written when any row is at fault
    (a section-time stored already is one); the report names each fault by row and column.
    One access decision per section named (its members and the office import), one audit
    event per section imported."""
    report = ImportReport(dry_run=dry_run)
    check_file_size(len(data), MAX_IMPORT_BYTES)
    parsed = parse(data)
    report.errors.extend(parsed.errors)
    report.rows = len(parsed.rows)
    sections = _allowed_sections(by, parsed, report) if parsed.rows else {}
    store = root(data_dir)
    if not report.errors:
        keys = [(code, time) for _, code, time, _ in parsed.rows]
        stored = stored_keys(store, keys)  # type: ignore[arg-type]
        for number, code, time, _ in parsed.rows:
            if (code, time) in stored:
                message = gettext("A reading of this section at this time is stored already.")
                report.errors.append(RowError(number, "time", message))
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    if report.errors:
        return report
    report.created = report.rows
    report.sections = sorted({code for _, code, _, _ in parsed.rows})
    if not dry_run:
        _write(by, channel, parsed, sections, synthetic, store, data)
    return report


def _write(
    by: Actor,
    channel: str,
    parsed: _Parsed,
    sections: dict[str, Section],
    synthetic: bool,
    store: Path,
    data: bytes,
) -> None:
    rows = parsed.rows
    now = dt.datetime.now(dt.UTC)
    table = pa.table(
        {
            "section": pa.array([code for _, code, _, _ in rows], pa.string()),
            "time": pa.array([time for _, _, time, _ in rows], pa.timestamp("us")),
            **{
                column: pa.array([v.get(item) for _, _, _, v in rows], pa.float64())
                for item, column in AUTOMATIC.items()
            },
            "synthetic": pa.array([synthetic] * len(rows), pa.bool_()),
            "imported_at": pa.array([now] * len(rows), pa.timestamp("us", tz="UTC")),
            "batch": pa.array([hashlib.sha256(data).hexdigest()[:16]] * len(rows)),
        }
    )
    per_section: dict[str, list[Any]] = defaultdict(list)
    for _, code, time, _ in rows:
        per_section[code].append(time)
    # The audit events first, in a transaction; the files after them (a file cannot be
    # rolled back, an event can).
    with transaction.atomic():
        record_imports(by, channel, "water.import_automatic", "readings", sections, per_section)
        write(store, table)


# --- the reads ------------------------------------------------------------------------------


@dataclass
class Reading:
    time: dt.datetime
    values: dict[str, float]
    overall: int
    classes: dict[str, int] = field(default_factory=dict)


@dataclass
class Day:
    day: dt.date
    readings: int
    values: dict[str, float]
    overall: int
    grade: str
    determining: list[tuple[str, float | None]]
    attains: bool | None
    classes: dict[str, int] = field(default_factory=dict)


@dataclass
class Recent:
    """A section's last ``days`` days of readings (to its last reading), classed."""

    section: Section
    first: dt.date | None
    last: dt.date | None
    readings: list[Reading]
    days: list[Day]
    synthetic: bool = False  # some readings are made up (the demo's)


def _columns(rows: list[dict[str, float | None]]) -> dict[str, np.ndarray]:
    items = [i for i in AUTOMATIC if any(r.get(i) is not None for r in rows)]
    return {
        i: np.array([np.nan if r.get(i) is None else r[i] for r in rows], dtype=float)
        for i in items
    }


def recent(section: Section, days: int = 28, data_dir: Path | None = None) -> Recent:
    """The section's readings of the ``days`` days to its last reading, each classed, and
    each day's class from the day's mean of each item (the platform's rule, above)."""
    store = root(data_dir)
    empty = Recent(section, None, None, [], [])
    if not has_files(store):
        return empty
    connection = connect(store)
    try:
        last = connection.execute(
            f"SELECT max(time) FROM {TABLE} WHERE section = ?", [section.code]
        ).fetchone()
        if last is None or last[0] is None:
            return empty
        end = last[0].date()
        start = end - dt.timedelta(days=days - 1)
        columns = ", ".join(AUTOMATIC.values())
        found = connection.execute(
            f"SELECT time, {columns}, synthetic FROM {TABLE} WHERE section = ? "
            "AND date BETWEEN ? AND ? ORDER BY time",
            [section.code, start, end],
        ).fetchall()
    finally:
        connection.close()
    rows = [
        {item: value for item, value in zip(AUTOMATIC, r[1:-1], strict=True) if value is not None}
        for r in found
    ]
    water = WaterType(section.water_body.water_type)
    readings = _classed_readings([r[0] for r in found], rows, water)
    daily = _days(found, rows, water, section.target_class)
    return Recent(section, start, end, readings, daily, synthetic=any(r[-1] for r in found))


def _classed_readings(
    times: list[dt.datetime], rows: list[dict[str, float | None]], water: WaterType
) -> list[Reading]:
    if not rows:
        return []
    classed = classify(gb3838_table(), water, _columns(rows))
    return [
        Reading(
            time=t,
            values={k: v for k, v in rows[n].items() if v is not None},
            overall=int(classed.overall[n]),
            classes={i: int(c[n]) for i, c in classed.classes.items() if c[n]},
        )
        for n, t in enumerate(times)
    ]


def _days(
    found: list[tuple[Any, ...]], rows: list[dict[str, float | None]], water: WaterType, target: int
) -> list[Day]:
    by_day: dict[dt.date, list[dict[str, float | None]]] = defaultdict(list)
    for r, values in zip(found, rows, strict=True):
        by_day[r[0].date()].append(values)
    if not by_day:
        return []
    keys = sorted(by_day)
    means = []
    for day in keys:
        mean = {}
        for item in AUTOMATIC:
            got = [float(x) for v in by_day[day] if (x := v.get(item)) is not None]
            if got:
                mean[item] = float(np.mean(got))
        means.append(mean)
    classed = classify(gb3838_table(), water, _columns(means))  # type: ignore[arg-type]
    attained = attains(classed.overall, np.full(len(keys), target, dtype=np.int8))
    return [
        Day(
            day=day,
            readings=len(by_day[day]),
            values=means[n],
            overall=int(classed.overall[n]),
            grade=GRADE_CODES[int(classed.overall[n])],
            determining=classed.determining(n),
            attains=None if attained[n] < 0 else bool(attained[n]),
            classes={i: int(c[n]) for i, c in classed.classes.items() if c[n]},
        )
        for n, day in enumerate(keys)
    ]


def class_name(number: int) -> str:
    return CLASS_NAMES[number]
