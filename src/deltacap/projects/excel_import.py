"""Reading an exchange workbook into project rows, with every fault located by sheet, row and
column. File-level checks first (size, is it an .xlsx at all, merged cells, headers), then
cell by cell; the rows then go through ``Intake`` like any other write."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.input_rules import text_fault
from deltacap.projects.excel_layout import (
    INPUT_COLUMNS,
    INPUTS_SHEET,
    PROJECTS_SHEET,
    SHEET_ALIASES,
    Column,
    header_key,
    letter,
    project_columns,
)
from deltacap.projects.intake import RawProject
from deltacap.projects.xlsx_reader import UnreadableWorkbook, XlsxReader
from deltacap.reference.models import PlanningPeriod

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ROWS = 100_000
_CORNER = re.compile(r"([A-Z]+)(\d+)")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileIssue:
    """A fault at a place in the file (None: the file as a whole)."""

    sheet: str | None
    row: int | None
    column: str | None
    error: DeltacapError
    header: str | None = None


@dataclass
class ParsedFile:
    rows: list[RawProject] = field(default_factory=list)
    issues: list[FileIssue] = field(default_factory=list)
    # Where each project sheet field and each input came from, to place later issues.
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # key → (letter, header)
    input_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (code, name) → row
    first_input_row: dict[str, int] = field(default_factory=dict)
    input_columns: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def fatal(self) -> bool:
        return any(issue.row is None for issue in self.issues)


def file_error(message: str, **params: Any) -> FileIssue:
    return FileIssue(None, None, None, InvalidInput(message, field="file", **params))


def check_file(data: bytes) -> FileIssue | None:
    """Size, format and unpacked size; None when the bytes may be opened as a workbook."""
    if len(data) > MAX_IMPORT_BYTES:
        return file_error(
            gettext_noop("The file is {size} MB; at most {limit} MB are accepted."),
            size=round(len(data) / 1024 / 1024, 1),
            limit=MAX_IMPORT_BYTES // 1024 // 1024,
        )
    if data.startswith(_OLE2):
        return file_error(
            gettext_noop("This is an old .xls workbook; save it as an Excel .xlsx workbook first.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return file_error(gettext_noop("The file is not an Excel workbook (.xlsx)."))
    if "xl/workbook.xml" not in names:
        return file_error(gettext_noop("The file is not an Excel workbook (.xlsx)."))
    if unpacked > MAX_UNPACKED_BYTES:
        return file_error(
            gettext_noop("The workbook unpacks to more than {limit} MB; split it."),
            limit=MAX_UNPACKED_BYTES // 1024 // 1024,
        )
    return None


def read_workbook(data: bytes, period: PlanningPeriod) -> ParsedFile:
    """The project rows of the file, or the issues that stop it (nothing is written here)."""
    parsed = ParsedFile()
    problem = check_file(data)
    if problem is not None:
        parsed.issues.append(problem)
        return parsed
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _read(XlsxReader(archive), period, parsed)
    except UnreadableWorkbook:
        parsed = ParsedFile()
        parsed.issues.append(file_error(gettext_noop("The file is not an Excel workbook (.xlsx).")))
    return parsed


def _read(reader: XlsxReader, period: PlanningPeriod, parsed: ParsedFile) -> None:
    sheets = {
        SHEET_ALIASES.get(name.strip().casefold(), name.strip()): name for name in reader.sheets
    }
    if PROJECTS_SHEET not in sheets:
        parsed.issues.append(
            file_error(
                gettext_noop('The workbook has no sheet "{sheet}"; use the template.'),
                sheet=PROJECTS_SHEET,
            )
        )
        return
    rows = reader.rows(sheets[PROJECTS_SHEET])
    # Merged cells are reported and the rows still read, so that one pass lists every fault.
    readable = _projects(rows, project_columns(period), parsed)
    _merged(reader, sheets[PROJECTS_SHEET], PROJECTS_SHEET, rows, parsed)
    if INPUTS_SHEET in sheets:
        rows = reader.rows(sheets[INPUTS_SHEET])
        if readable:
            _inputs(rows, parsed)
        _merged(reader, sheets[INPUTS_SHEET], INPUTS_SHEET, rows, parsed)


Rows = Iterator[tuple[int, tuple[Any, ...]]]


def _merged(reader: XlsxReader, name: str, canonical: str, rows: Rows, parsed: ParsedFile) -> None:
    """Merged cells hide values from a row-by-row reading: each is refused where it starts."""
    for _ in rows:  # the merged ranges follow the rows in the sheet's XML
        pass
    for ref in reader.sheets[name].merged:
        match = _CORNER.match(ref)
        if match is None:
            continue
        parsed.issues.append(
            FileIssue(
                canonical,
                int(match.group(2)),
                match.group(1),
                InvalidInput(
                    gettext_noop(
                        "Merged cells ({ref}) are not accepted; unmerge them and fill every cell."
                    ),
                    field="file",
                    ref=ref,
                ),
            )
        )


def _cell_issue(
    sheet: str, number: int, header: tuple[Any, ...], mapping: dict[int, Column], values: Any
) -> FileIssue | None:
    """The row's first cell whose text no field takes (a control character, text of
    zero-width characters only: ``input_rules``), placed by sheet, row and column."""
    for index, column in mapping.items():
        value = values[index] if index < len(values) else None
        fault = text_fault(value, multiline=True) if isinstance(value, str) else None
        if fault is not None:
            error = fault.error(column.key)
            return FileIssue(sheet, number, letter(index), error, str(header[index]))
    return None


def _header(rows: Rows) -> tuple[tuple[Any, ...], Rows]:
    """The first row's values when it is row 1 (else no header), and the rows after it."""
    first = next(rows, None)
    if first is None:
        return (), rows
    if first[0] == 1:
        return first[1], rows
    return (), itertools.chain([first], rows)


def _header_map(
    sheet: str,
    header: tuple[Any, ...],
    columns: list[Column] | tuple[Column, ...],
    parsed: ParsedFile,
) -> dict[int, Column] | None:
    known = {header_key(text): column for column in columns for text in column.headers()}
    found: dict[int, Column] = {}
    ok = True
    for index, text in enumerate(header):
        if text is None or not str(text).strip():
            continue
        column = known.get(header_key(text))
        if column is None or column in found.values():
            ok = False
            expected = ", ".join(c.header_zh for c in columns)
            message = (
                gettext_noop('Unknown column header "{got}"; expected the template\'s: {expected}.')
                if column is None
                else gettext_noop('The column "{got}" appears twice.')
            )
            error = InvalidInput(message, field="header", got=text, expected=expected)
            parsed.issues.append(FileIssue(sheet, 1, letter(index), error, str(text)))
            continue
        found[index] = column
    for column in columns:
        if column.required and column not in found.values():
            ok = False
            error = InvalidInput(
                gettext_noop('The column "{header}" is missing (its header in row 1).'),
                field="header",
                header=column.header_zh,
            )
            parsed.issues.append(FileIssue(sheet, 1, None, error, column.header_zh))
    return found if ok else None


def _raw_project(number: int, mapping: dict[int, Column], values: Any) -> RawProject:
    raw = RawProject(values={}, locator=number)
    for index, column in mapping.items():
        value = values[index] if index < len(values) else None
        if column.key.startswith("planned."):
            raw.planned[column.key.split(".", 1)[1]] = value
        elif not column.key.startswith("accounted."):
            raw.values[column.key] = value
    return raw


def _projects(rows: Rows, columns: list[Column], parsed: ParsedFile) -> bool:
    """The project rows; False when the header row is wrong (the rows cannot be read)."""
    header, rows = _header(rows)
    mapping = _header_map(PROJECTS_SHEET, header, columns, parsed)
    if mapping is None:
        return False
    parsed.columns = {c.key: (letter(i), str(header[i])) for i, c in mapping.items()}
    first_seen: dict[str, int] = {}
    for number, values in rows:
        if number > MAX_ROWS + 1:
            parsed.issues.append(
                file_error(gettext_noop("More than {limit} rows; split the file."), limit=MAX_ROWS)
            )
            return False
        if not any(v is not None and str(v).strip() for v in values):
            continue
        bad_cell = _cell_issue(PROJECTS_SHEET, number, header, mapping, values)
        if bad_cell is not None:
            parsed.issues.append(bad_cell)
            continue
        raw = _raw_project(number, mapping, values)
        code = str(raw.values.get("code") or "").strip()
        if code in first_seen:
            letter_, header_text = parsed.columns["code"]
            error = InvalidInput(
                gettext_noop("Project code {code} is already on row {first}."),
                field="code",
                code=code,
                first=first_seen[code],
            )
            parsed.issues.append(FileIssue(PROJECTS_SHEET, number, letter_, error, header_text))
            continue
        if code:
            first_seen[code] = number
        parsed.rows.append(raw)
    return True


def _inputs(rows: Rows, parsed: ParsedFile) -> None:
    header, rows = _header(rows)
    mapping = _header_map(INPUTS_SHEET, header, INPUT_COLUMNS, parsed)
    if mapping is None:
        return
    by_code = {str(r.values.get("code") or "").strip(): r for r in parsed.rows}
    where = {c.key: (letter(i), str(header[i])) for i, c in mapping.items()}
    parsed.input_columns = where
    for number, values in rows:
        if not any(v is not None and str(v).strip() for v in values):
            continue
        bad_cell = _cell_issue(INPUTS_SHEET, number, header, mapping, values)
        if bad_cell is not None:
            parsed.issues.append(bad_cell)
            continue
        cells = {c.key: (values[i] if i < len(values) else None) for i, c in mapping.items()}
        problem = _input_problem(cells, by_code, parsed, number)
        if problem is not None:
            key, error = problem
            parsed.issues.append(
                FileIssue(INPUTS_SHEET, number, where[key][0], error, where[key][1])
            )
            continue
        code, name = str(cells["code"]).strip(), str(cells["name"]).strip()
        unit = cells.get("unit")
        value = cells["value"]
        raw = by_code[code]
        raw.inputs = raw.inputs or {}
        # Every kind of input takes {"value", "unit"}; an empty unit is a plain number or word.
        raw.inputs[name] = {"value": value, "unit": str(unit).strip() if unit else ""}
        parsed.input_rows[(code, name)] = number
        parsed.first_input_row.setdefault(code, number)


def _input_problem(
    cells: dict[str, Any], by_code: dict[str, RawProject], parsed: ParsedFile, number: int
) -> tuple[str, InvalidInput] | None:
    code = str(cells.get("code") or "").strip()
    name = str(cells.get("name") or "").strip()
    if code not in by_code:
        return "code", InvalidInput(
            gettext_noop("Project code {code} is not on the project sheet."),
            field="code",
            code=code,
        )
    if not name:
        return "name", InvalidInput(gettext_noop("This field is required."), field="name")
    if cells.get("value") is None or not str(cells["value"]).strip():
        return "value", InvalidInput(gettext_noop("This field is required."), field="value")
    if (code, name) in parsed.input_rows:
        return "name", InvalidInput(
            gettext_noop("Input {name} of project {code} is already on row {first}."),
            field="name",
            name=name,
            code=code,
            first=parsed.input_rows[(code, name)],
        )
    return None
