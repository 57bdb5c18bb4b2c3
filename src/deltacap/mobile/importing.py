"""Reading the members' files of vehicles and detections: CSV (UTF-8 or GB 18030) or Excel
(.xlsx, the first sheet).

Both are checked whole before anything is written: every fault is listed with its row (the
file's line, the header being line 1) and column (the file's own header), in the reader's
language, and a file with any fault writes nothing. Detections are checked column by
column (pyarrow), never row by row in Python.

Vehicles (one row per vehicle): ``号牌号码, 号牌颜色, 车辆类型, 燃料类型, 排放标准, 注册城市,
所有人类型``. Detections (one row per detection): ``号牌号码, 号牌颜色, 检测时间
(YYYY-MM-DD HH:MM[:SS], China time), 城市, 地点, 检测方式, 检测结果`` and, as measured,
``CO(%), HC(ppm), NO(ppm), 不透光度(%)``. The words each coded column takes are in
``mobile/words.py``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.mobile import (
    PLATE_PATTERN,
    PlateColour,
    check_plate,
    member_of_plate,
    parse_standard,
)
from deltacap.domain.mobile.machinery import CodeFormat, check_code, member_of_code, parse_stage
from deltacap.domain.uscc import validate as validate_uscc
from deltacap.mobile import words
from deltacap.mobile.store import MEASURES

# Through a page or the API (the web tier takes uploads of at most 21 MB, web/guard.py);
# the command line reads larger files (a million detections are about 100 MB).
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ISSUES = 200

VEHICLE_HEADERS = {
    "plate": ("号牌号码", "车牌号码", "plate"),
    "plate_colour": ("号牌颜色", "车牌颜色", "plate_colour"),
    "vehicle_type": ("车辆类型", "vehicle_type"),
    "fuel": ("燃料类型", "燃料种类", "fuel"),
    "standard": ("排放标准", "emission_standard"),
    "city": ("注册城市", "城市", "city"),
    "owner_kind": ("所有人类型", "owner_kind"),
}
DETECTION_HEADERS = {
    "plate": ("号牌号码", "车牌号码", "plate"),
    "plate_colour": ("号牌颜色", "车牌颜色", "plate_colour"),
    "time": ("检测时间", "时间", "time"),
    "city": ("城市", "检测城市", "city"),
    "place": ("地点", "检测地点", "place"),
    "method": ("检测方式", "method"),
    "result": ("检测结果", "结果", "result"),
}
MEASURE_HEADERS = {
    "co_percent": ("CO(%)", "CO", "co_percent"),
    "hc_ppm": ("HC(ppm)", "HC", "hc_ppm"),
    "no_ppm": ("NO(ppm)", "NO", "no_ppm"),
    "opacity_percent": ("不透光度(%)", "不透光度", "opacity_percent"),
}
# Highest plausible value of a measure: beyond it is a unit or typing error.
PLAUSIBLE_MAX = {"co_percent": 15.0, "hc_ppm": 20000.0, "no_ppm": 10000.0, "opacity_percent": 100.0}
_MISSING = ["", "-", "—", "NA", "N/A", "null"]
_NUMBER = r"^[0-9]+(\.[0-9]+)?$"
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
_XLSX = b"PK\x03\x04"

NOT_TEXT = gettext_noop(
    "The file is neither a CSV text file (UTF-8 or GB 18030) nor an Excel workbook."
)
EMPTY = gettext_noop("The file holds no rows below its header.")
NO_COLUMN = gettext_noop("The file has no column {header}.")
BAD_PLATE = gettext_noop(
    "Not a number plate: a province's character, a letter and five characters (eight in all "
    "for a new-energy plate), such as 苏E12345 or 苏ED12345."
)
BAD_COLOUR_FIT = gettext_noop(
    "A new-energy plate (eight characters) is green or yellow-green, and only it."
)


@dataclass(frozen=True)
class Issue:
    """A fault of the file: its row (line) and column (header), or the whole file."""

    row: int | None
    column: str | None
    error: InvalidInput


@dataclass
class Read:
    """What was read: the rows (vehicles: dicts; detections: an Arrow table) and faults."""

    issues: list[Issue] = field(default_factory=list)
    more: int = 0
    vehicles: list[dict[str, Any]] = field(default_factory=list)
    detections: pa.Table | None = None
    machines: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: int | None, column: str | None, template: str, **params: Any) -> None:
        if len(self.issues) >= MAX_ISSUES:
            self.more += 1
            return
        self.issues.append(Issue(row, column, InvalidInput(template, field=column, **params)))

    def locate(self, rows: np.ndarray, column: str, template: str, **params: Any) -> None:
        """One issue per faulty row of the column (line = index + 2)."""
        where = np.flatnonzero(rows)
        room = max(0, MAX_ISSUES - len(self.issues))
        for index in where[:room].tolist():
            self.add(index + 2, column, template, **params)
        self.more += max(0, len(where) - room)


def decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook(data: bytes) -> pa.Table:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(v).strip() for v in next(rows, ())]
    columns: list[list[str]] = [[] for _ in header]
    for row in rows:
        for n in range(len(header)):
            columns[n].append(_cell(row[n] if n < len(row) else None))
    return pa.table(
        {name: pa.array(col, pa.string()) for name, col in zip(header, columns, strict=True)}
    )


def text_table(data: bytes, read: Read) -> pa.Table | None:
    """Every cell as text (an Excel workbook's first sheet, or a CSV file); None with the
    fault added when the file is neither."""
    if data.startswith(_XLSX):
        try:
            return _workbook(data)
        except Exception:  # noqa: BLE001 - any fault of a workbook is the file's
            read.add(None, None, NOT_TEXT)
            return None
    body = data.removeprefix(b"\xef\xbb\xbf")
    table = _csv(body)
    if table is None:  # not UTF-8: GB 18030 (what Excel writes in Chinese Windows)?
        text = decode(body)
        table = _csv(text.encode("utf-8")) if text is not None else None
    if table is None:
        read.add(None, None, NOT_TEXT)
    return table


def _csv(body: bytes) -> pa.Table | None:
    """Every cell as text; None when the bytes are not UTF-8 CSV."""
    first = body.split(b"\n", 1)[0]
    try:
        header = next(csv.reader(io.StringIO(first.decode("utf-8"))), [])
        return pacsv.read_csv(
            io.BytesIO(body),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError, ValueError):
        return None


def _find(headers: list[str], names: tuple[str, ...]) -> str | None:
    wanted = {n.lower() for n in names}
    return next((h for h in headers if h.strip().lower() in wanted), None)


def _columns(table: pa.Table, wanted: dict[str, tuple[str, ...]], read: Read) -> dict[str, str]:
    found = {}
    for key, names in wanted.items():
        header = _find(table.column_names, names)
        if header is None:
            read.add(1, names[0], NO_COLUMN, header=names[0])
        found[key] = header or names[0]
    return found


# --- vehicles (few: row by row) ---------------------------------------------------------------


def read_vehicles(data: bytes, cities: dict[str, str], members: dict[str, str]) -> Read:
    """The vehicle rows, each checked; ``cities``: a city's name or code → its code;
    ``members``: a city's code → its member's."""
    read = Read()
    table = text_table(data, read)
    if table is None:
        return read
    columns = _columns(table, VEHICLE_HEADERS, read)
    if read.issues:
        return read
    if table.num_rows == 0:
        read.add(None, None, EMPTY)
        return read
    cells = {key: table[header].to_pylist() for key, header in columns.items()}
    seen: dict[str, int] = {}
    for index in range(table.num_rows):
        row = {key: (values[index] or "").strip() for key, values in cells.items()}
        if any(row.values()):
            _vehicle_row(read, index + 2, row, columns, (cities, members), seen)
    return read


_CODED = (
    ("plate_colour", words.COLOURS,
     gettext_noop("Enter the plate colour: 蓝, 黄, 绿, 黄绿, 白 or 黑.")),
    ("vehicle_type", words.VEHICLE_TYPES,
     gettext_noop("Enter a vehicle type such as 小型客车, 轻型货车 or 重型货车.")),
    ("fuel", words.FUELS,
     gettext_noop("Enter a fuel: 汽油, 柴油, 天然气, 混合动力, 纯电动 or 其他.")),
    ("owner_kind", words.OWNER_KINDS, gettext_noop("Enter the owner kind: 个人, 单位 or 机关.")),
)  # fmt: skip


def _vehicle_row(
    read: Read,
    line: int,
    row: dict[str, str],
    columns: dict[str, str],
    places: tuple[dict[str, str], dict[str, str]],
    seen: dict[str, int],
) -> None:
    cities, members = places
    values: dict[str, Any] = {"line": line}
    faults = len(read.issues) + read.more
    for key, table, template in _CODED:
        values[key] = table.get(row[key].lower())
        if values[key] is None:
            read.add(line, columns[key], template)
    standard = parse_standard(row["standard"])
    if standard is None:
        read.add(
            line, columns["standard"], gettext_noop("Enter an emission standard from 国0 to 国VI.")
        )
    values["emission_standard"] = int(standard) if standard is not None else None
    city = cities.get(row["city"]) or cities.get(row["city"].lower())
    if city is None:
        read.add(
            line,
            columns["city"],
            gettext_noop("{city} is not one of the region's 41 cities."),
            city=row["city"],
        )
    values["city"] = city
    try:
        colour = PlateColour(values["plate_colour"]) if values["plate_colour"] else None
        values["plate"] = check_plate(row["plate"], colour)
    except InvalidInput as error:
        column = columns["plate_colour"] if error.field == "plate_colour" else columns["plate"]
        read.add(line, column, error.message_template, **error.params)
        values["plate"] = None
    plate = values["plate"]
    if plate and city and member_of_plate(plate) not in (None, members.get(city)):
        read.add(
            line,
            columns["plate"],
            gettext_noop("The plate {plate} is not of the member of the registering city."),
            plate=plate,
        )
    if plate and plate in seen:
        read.add(
            line,
            columns["plate"],
            gettext_noop("The plate {plate} is listed twice (first in row {first})."),
            plate=plate,
            first=seen[plate],
        )
    elif plate:
        seen[plate] = line
    if len(read.issues) + read.more == faults:
        read.vehicles.append(values)


# --- detections (many: column by column) ------------------------------------------------------


def _coded(
    read: Read, raw: pa.ChunkedArray, table: dict[str, str], header: str, template: str
) -> pa.Array:
    keys = pa.array(list(table), pa.string())
    codes = pa.array(list(table.values()), pa.string())
    index = pc.index_in(pc.utf8_lower(pc.utf8_trim_whitespace(raw)), value_set=keys)
    read.locate(np.asarray(pc.is_null(index).to_numpy(zero_copy_only=False)), header, template)
    return pc.take(codes, pc.fill_null(index, 0))


def _times(text: pa.ChunkedArray) -> pa.Array:
    found = pa.nulls(len(text), pa.timestamp("us"))
    for pattern in _FORMATS:
        found = pc.coalesce(found, pc.strptime(text, format=pattern, unit="us", error_is_null=True))
    return found


def read_detections(
    data: bytes, cities: dict[str, str], members: dict[str, str], now: datetime
) -> Read:
    """The detections as an Arrow table of the store's columns (but the import's own),
    every cell checked column by column; ``now``: China time (a later detection is a
    typing error)."""
    read = Read()
    raw = text_table(data, read)
    if raw is None:
        return read
    columns = _columns(raw, DETECTION_HEADERS, read)
    if read.issues:
        return read
    if raw.num_rows == 0:
        read.add(None, None, EMPTY)
        return read
    out: dict[str, Any] = {}
    plate = pc.utf8_upper(pc.replace_substring_regex(raw[columns["plate"]], r"[\s·.\-]", ""))
    bad = np.asarray(
        pc.invert(pc.match_substring_regex(plate, PLATE_PATTERN)).to_numpy(zero_copy_only=False)
    )
    read.locate(bad, columns["plate"], BAD_PLATE)
    out["plate"] = plate
    colour = _coded(
        read, raw[columns["plate_colour"]], words.COLOURS, columns["plate_colour"], _CODED[0][2]
    )
    misfit = pc.not_equal(
        pc.equal(pc.utf8_length(plate), 8),
        pc.is_in(colour, value_set=pa.array(["green", "yellow_green"])),
    )
    read.locate(
        np.asarray(misfit.to_numpy(zero_copy_only=False)) & ~bad,
        columns["plate_colour"],
        BAD_COLOUR_FIT,
    )
    out["plate_colour"] = colour
    time = _times(pc.utf8_trim_whitespace(raw[columns["time"]]))
    earliest = pa.scalar(datetime(2000, 1, 1), pa.timestamp("us"))
    latest = pa.scalar(now + timedelta(hours=1), pa.timestamp("us"))
    late = pc.or_(pc.less(time, earliest), pc.greater(time, latest))
    wrong = pc.fill_null(late, True)
    read.locate(
        np.asarray(wrong.to_numpy(zero_copy_only=False)),
        columns["time"],
        gettext_noop("Enter the time as YYYY-MM-DD HH:MM (China time), not in the future."),
    )
    out["time"] = time
    out["city"] = _coded(
        read,
        raw[columns["city"]],
        cities,
        columns["city"],
        gettext_noop("Not one of the region's 41 cities."),
    )
    out["member"] = pc.take(
        pa.array(list(members.values()), pa.string()),
        pc.fill_null(pc.index_in(out["city"], value_set=pa.array(list(members), pa.string())), 0),
    )
    place = pc.utf8_trim_whitespace(raw[columns["place"]])
    read.locate(
        np.asarray(
            pc.or_(
                pc.equal(pc.utf8_length(place), 0), pc.greater(pc.utf8_length(place), 100)
            ).to_numpy(zero_copy_only=False)
        ),
        columns["place"],
        gettext_noop("Enter the place (at most 100 characters)."),
    )
    out["place"] = place
    method_help = gettext_noop(
        "Enter the method: 遥感监测, 路检, 停放地检查, 年检 or 低排放区号牌识别."
    )
    out["method"] = _coded(
        read, raw[columns["method"]], words.METHODS, columns["method"], method_help
    )
    out["result"] = _coded(read, raw[columns["result"]], words.RESULTS, columns["result"],
                           gettext_noop("Enter the result: 合格 or 不合格."))  # fmt: skip
    for name, header in _measures(raw).items():
        out[name] = _measure(read, raw[header], header, PLAUSIBLE_MAX[name])
    for name in MEASURES:
        out.setdefault(name, pa.nulls(raw.num_rows, pa.float64()))
    table = pa.table(out)
    _duplicates(read, table, columns["time"])
    if not read.issues:
        read.detections = table
    return read


def _measures(raw: pa.Table) -> dict[str, str]:
    found = {name: _find(raw.column_names, names) for name, names in MEASURE_HEADERS.items()}
    return {name: header for name, header in found.items() if header}


def _measure(read: Read, cells: pa.ChunkedArray, header: str, high: float) -> pa.Array:
    cells = pc.utf8_trim_whitespace(cells)
    missing = pc.is_in(cells, value_set=pa.array(_MISSING))
    number = pc.match_substring_regex(cells, _NUMBER)
    invalid = pc.and_(pc.invert(missing), pc.invert(number))
    read.locate(
        np.asarray(invalid.to_numpy(zero_copy_only=False)),
        header,
        gettext_noop("Enter a number of zero or more, or leave the cell empty."),
    )
    values = pc.cast(
        pc.if_else(pc.or_(missing, invalid), pa.scalar(None, pa.string()), cells), pa.float64()
    )
    over = pc.fill_null(pc.greater(values, high), False)
    read.locate(
        np.asarray(over.to_numpy(zero_copy_only=False)),
        header,
        gettext_noop("Beyond any plausible value (at most {limit}): check the unit."),
        limit=high,
    )
    return values


def _duplicates(read: Read, table: pa.Table, header: str) -> None:
    """A detection (plate, time, method) given twice: each later row is refused. Sorted
    as integers (the plates' ranks, times, methods' codes), neighbours compared."""
    from deltacap.mobile.store import plate_ranks

    plate = plate_ranks(table["plate"])
    time = np.asarray(
        pc.fill_null(pc.cast(table["time"], pa.int64()), 0).to_numpy(zero_copy_only=False)
    )
    method = np.asarray(
        pc.index_in(
            table["method"], value_set=pa.array(sorted(set(words.METHODS.values())))
        ).to_numpy(zero_copy_only=False)
    )
    rows = np.arange(table.num_rows)
    order = np.lexsort((rows, method, time, plate))
    same = (
        (np.diff(plate[order]) == 0) & (np.diff(time[order]) == 0) & (np.diff(method[order]) == 0)
    )
    repeated = np.zeros(table.num_rows, bool)
    repeated[order[1:][same]] = True
    read.locate(
        repeated,
        header,
        gettext_noop("This plate, time and method are given in an earlier row too."),
    )


# --- non-road machinery (few: row by row) -----------------------------------------------------

MACHINE_HEADERS = {
    "code": ("环保登记编码", "环保编码", "登记编码", "code"),
    "machine_type": ("机械类型", "machine_type"),
    "engine_fuel": ("燃料类型", "engine_fuel"),
    "stage": ("排放阶段", "stage"),
    "city": ("登记城市", "城市", "city"),
}
MACHINE_OPTIONAL = {
    "engine_model": ("发动机型号", "engine_model"),
    "rated_power_kw": ("额定功率(kW)", "额定功率", "rated_power_kw"),
    "owner_uscc": ("所有人统一社会信用代码", "统一社会信用代码", "owner_uscc"),
    "owner_name": ("所有人名称", "所有人", "owner_name"),
}
_MACHINE_CODED = (
    ("machine_type", words.MACHINE_TYPES,
     gettext_noop("Enter a machine type such as 挖掘机, 装载机, 起重机 or 叉车.")),
    ("engine_fuel", words.ENGINE_FUELS, gettext_noop("Enter a fuel: 柴油, 汽油, 燃气 or 电.")),
)  # fmt: skip


def read_machines(
    data: bytes, cities: dict[str, str], members: dict[str, str], fmt: CodeFormat
) -> Read:
    """The machinery rows, each checked (the code by ``fmt``); ``cities``: a city's name or
    code → its code; ``members``: a city's code → its member's."""
    read = Read()
    table = text_table(data, read)
    if table is None:
        return read
    columns = _columns(table, MACHINE_HEADERS, read)
    if read.issues:
        return read
    for key, names in MACHINE_OPTIONAL.items():
        header = _find(table.column_names, names)
        if header is not None:
            columns[key] = header
    if table.num_rows == 0:
        read.add(None, None, EMPTY)
        return read
    cells = {key: table[header].to_pylist() for key, header in columns.items()}
    seen: dict[str, int] = {}
    for index in range(table.num_rows):
        row = {key: (cells[key][index] or "").strip() if key in cells else "" for key in
               (*MACHINE_HEADERS, *MACHINE_OPTIONAL)}  # fmt: skip
        if any(row.values()):
            _machine_row(read, index + 2, row, columns, (cities, members), fmt, seen)
    return read


def _machine_row(
    read: Read,
    line: int,
    row: dict[str, str],
    columns: dict[str, str],
    places: tuple[dict[str, str], dict[str, str]],
    fmt: CodeFormat,
    seen: dict[str, int],
) -> None:
    cities, members = places
    values: dict[str, Any] = {"line": line}
    faults = len(read.issues) + read.more
    for key, table, template in _MACHINE_CODED:
        values[key] = table.get(row[key].lower())
        if values[key] is None:
            read.add(line, columns[key], template)
    stage = parse_stage(row["stage"])
    if stage is None:
        read.add(line, columns["stage"], gettext_noop("Enter an emission stage from 国0 to 国四."))
    values["stage"] = int(stage) if stage is not None else None
    city = cities.get(row["city"]) or cities.get(row["city"].lower())
    if city is None:
        read.add(
            line,
            columns["city"],
            gettext_noop("{city} is not one of the region's 41 cities."),
            city=row["city"],
        )
    values["city"] = city
    values["code"] = _machine_code(
        read, line, row["code"], columns["code"], (city, members), fmt, seen
    )
    _machine_extras(read, line, row, columns, values)
    if len(read.issues) + read.more == faults:
        read.machines.append(values)


def _machine_code(
    read: Read,
    line: int,
    text: str,
    column: str,
    place: tuple[str | None, dict[str, str]],
    fmt: CodeFormat,
    seen: dict[str, int],
) -> str | None:
    """The row's code as stored (None when faulty): of the city's member, once a file."""
    city, members = place
    try:
        code: str | None = check_code(text, fmt)
    except InvalidInput as error:
        read.add(line, column, error.message_template, **error.params)
        code = None
    if code and city and member_of_code(code, fmt) not in (None, members.get(city)):
        read.add(
            line,
            column,
            gettext_noop("The code {code} is not of the member of the registering city."),
            code=code,
        )
    if code and code in seen:
        read.add(
            line,
            column,
            gettext_noop("The code {code} is listed twice (first in row {first})."),
            code=code,
            first=seen[code],
        )
    elif code:
        seen[code] = line
    return code


def _machine_extras(
    read: Read, line: int, row: dict[str, str], columns: dict[str, str], values: dict[str, Any]
) -> None:
    """The optional columns: engine model, rated power, the owner's name and credit code."""
    values["engine_model"] = row["engine_model"][:40]
    values["owner_name"] = row["owner_name"][:100]
    values["rated_power_kw"] = None
    if row["rated_power_kw"]:
        try:
            power = float(row["rated_power_kw"])
        except ValueError:
            power = -1.0
        if not 0 < power < 100000:
            read.add(
                line,
                columns["rated_power_kw"],
                gettext_noop("Enter the rated power in kW as a positive number."),
            )
        else:
            values["rated_power_kw"] = round(power, 1)
    values["owner_uscc"] = ""
    if row["owner_uscc"]:
        try:
            values["owner_uscc"] = validate_uscc(row["owner_uscc"])
        except InvalidInput as error:
            read.add(line, columns["owner_uscc"], error.message_template, **error.params)
