"""A member's controlled-enterprise list as an Excel workbook (openpyxl), out and in.

One sheet, ``管控清单``: one row per measure (一厂一策), with the enterprise's USCC, name
and city (the name and city are written for reading and ignored on import: the registry
is the source), its grade, the measure, its production cut in % (限产), what it is about,
the enterprise's ordinary emission per pollutant (kg/d, on its first row) and the measure's
expected cut per pollutant (kg/d). Reading gives the domain's rows
(``domain.air.events.Row``); the checks are the domain's.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from deltacap.domain.air.events import GRADE_CN, MEASURE_CN, POLLUTANTS, Entry, Row, rows_of
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.input_rules import check_file_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "管控清单"
MAX_BYTES = 5 * 1024 * 1024
# Column headers by field (the domain's row fields; baseline_<P>, cut_<P> per pollutant).
HEADERS: dict[str, str] = {
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "city": "城市",
    "grade": "绩效分级",
    "kind": "措施类型",
    "percent": "限产比例(%)",
    "detail": "措施内容",
    **{f"baseline_{p}": f"日常排放量{p}(kg/d)" for p in POLLUTANTS},
    **{f"cut_{p}": f"减排量{p}(kg/d)" for p in POLLUTANTS},
}
REQUIRED = ("uscc", "kind")


def write(entries: Iterable[Entry], names: Mapping[str, tuple[str, str]]) -> bytes:
    """The workbook of a list; ``names``: each USCC's enterprise name and city name."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows_of(entries):
        name, city = names.get(row["uscc"], ("", ""))
        kind = row["kind"]
        values: dict[str, Any] = {
            "uscc": row["uscc"],
            "name": name,
            "city": city,
            "grade": GRADE_CN[row["grade"]],
            "kind": MEASURE_CN[kind] if kind else "",
            "percent": row["percent"],
            "detail": row["detail"],
            **{f"baseline_{p}": row["baseline"].get(p) for p in POLLUTANTS},
            **{f"cut_{p}": row["cuts"].get(p) for p in POLLUTANTS},
        }
        sheet.append([values[k] for k in HEADERS])
    for letter, width in zip("ABCDEFG", (22, 28, 10, 10, 10, 12, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes) -> list[Row]:
    """The rows of a list's workbook (empty rows skipped). InvalidInput naming the sheet,
    row and column when the file is no workbook, lacks the sheet or a required column."""
    check_file_size(len(data), MAX_BYTES)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same fault to the user
        raise InvalidInput(
            gettext_noop("The file is not an Excel workbook (.xlsx)."), field="file"
        ) from None
    if SHEET not in book.sheetnames:
        raise InvalidInput(
            gettext_noop("The workbook has no sheet named {sheet}."), field="file", sheet=SHEET
        )
    rows = book[SHEET].iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(rows, ())]
    where = {field: header.index(text) for field, text in HEADERS.items() if text in header}
    for field in REQUIRED:
        if field not in where:
            raise InvalidInput(
                gettext_noop("Sheet {sheet}, row 1: the column {column} is missing."),
                field="file",
                sheet=SHEET,
                column=HEADERS[field],
            )

    def cell(values: tuple[Any, ...], field: str) -> Any:
        index = where.get(field)
        return values[index] if index is not None and index < len(values) else None

    found = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        found.append(
            Row(
                number,
                uscc=cell(values, "uscc"),
                grade=cell(values, "grade"),
                kind=cell(values, "kind"),
                percent=cell(values, "percent"),
                detail=cell(values, "detail"),
                baseline={p: cell(values, f"baseline_{p}") for p in POLLUTANTS},
                cuts={p: cell(values, f"cut_{p}") for p in POLLUTANTS},
            )
        )
    book.close()
    return found
