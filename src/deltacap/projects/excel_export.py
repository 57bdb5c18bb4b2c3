"""Writing the exchange workbook (the empty template, or an export of projects) and CSV.

The export is the template filled in: importing an exported file changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from deltacap.domain.accounting import CATEGORIES
from deltacap.domain.investment import FundingSource
from deltacap.exports import csv_row, xlsx_row
from deltacap.projects.excel_layout import (
    HELP_SHEET,
    INPUT_COLUMNS,
    INPUTS_SHEET,
    LISTS_SHEET,
    PROJECTS_SHEET,
    Column,
    letter,
    project_columns,
)
from deltacap.projects.lookups import STATUS_LABELS_ZH
from deltacap.projects.models import CoefficientTable, Project, Status
from deltacap.reference.models import Division, Level, PlanningPeriod

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EAF2F8")
COMPUTED_FILL = PatternFill("solid", fgColor="F2F3F4")
# Drop-downs and checks reach this many rows below the last written one.
SPARE_ROWS = 2000


def _lists() -> dict[str, list[str]]:
    members = Division.objects.filter(level=Level.MEMBER).order_by("code")
    return {
        "members": [d.name_zh for d in members],
        "cities": [d.name_zh for d in Division.objects.filter(prefecture=True).order_by("code")],
        "counties": [
            d.name_zh for d in Division.objects.filter(level=Level.COUNTY).order_by("code")
        ],
        "categories": [spec.name_zh for spec in CATEGORIES.values()],
        "statuses": [STATUS_LABELS_ZH[s] for s in Status],
        "tables": [t.label for t in CoefficientTable.objects.order_by("set_id", "version")],
        "funding_sources": [source.label_zh for source in FundingSource],
    }


def _header(ws: Any, columns: list[Column] | tuple[Column, ...]) -> None:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header_zh)
        cell.font = HEADER_FONT
        cell.fill = COMPUTED_FILL if column.key.startswith("accounted.") else HEADER_FILL
        cells.append(cell)
    ws.append(cells)


def _widths(ws: Any, columns: list[Column] | tuple[Column, ...]) -> None:
    for index, column in enumerate(columns):
        ws.column_dimensions[letter(index)].width = column.width


def _validations(ws: Any, columns: list[Column], lists: dict[str, list[str]], rows: int) -> None:
    names = list(lists)
    last = rows + SPARE_ROWS
    for index, column in enumerate(columns):
        col = letter(index)
        if column.listed:
            list_col = letter(names.index(column.listed))
            length = max(len(lists[column.listed]), 1)
            dv = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${list_col}$2:${list_col}${length + 1}",
                allow_blank=True,
                showErrorMessage=column.key != "county",
                errorTitle=column.header_zh,
                error=f"请从下拉列表中选择{column.header_zh}",
            )
        elif column.kind == "date":
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
        elif column.kind == "number":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            dv.allow_blank = True
        else:
            continue
        dv.add(f"{col}2:{col}{last}")
        ws.data_validations.dataValidation.append(dv)


def _project_row(project: Project, columns: list[Column]) -> list[Any]:
    reductions = {r.pollutant_id: r for r in project.reductions.all()}
    values: dict[str, Any] = {
        "code": project.code,
        "name": project.name,
        "member": project.member.name_zh,
        "city": project.city.name_zh,
        "county": project.county.name_zh if project.county else None,
        "enterprise": project.enterprise.uscc if project.enterprise else None,
        "sector": project.sector or None,
        "category": CATEGORIES[project.category].name_zh,
        "status": STATUS_LABELS_ZH[Status(project.status)],
        "start_date": project.start_date,
        "commissioning_date": project.commissioning_date,
        "due_year": project.due_year,
        "coefficients": project.coefficients.label if project.coefficients else None,
        "note": project.note or None,
        "investment_wan": project.investment_wan,
        "funding_source": (
            FundingSource(project.funding_source).label_zh if project.funding_source else None
        ),
    }
    for code, r in reductions.items():
        values[f"planned.{code}"] = r.planned_tonnes
        values[f"accounted.{code}"] = r.accounted_tonnes
    return [values.get(column.key) for column in columns]


def input_rows(project: Project) -> list[list[Any]]:
    """The project's stored accounting inputs as rows of the inputs sheet."""
    rows = []
    for name, value in (project.accounting_inputs or {}).items():
        if isinstance(value, dict):
            rows.append(
                [project.code, name, _number(value.get("value")), value.get("unit") or None]
            )
        else:
            rows.append([project.code, name, _number(value), None])
    return rows


def _number(value: Any) -> Any:
    """Exact decimals as numbers where that loses nothing; other text as it is."""
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        if number.is_finite() and len(value) <= 15 and "/" not in value:
            return int(number) if number == number.to_integral_value() else float(number)
    return value


def write_workbook(period: PlanningPeriod, projects: Iterable[Project]) -> bytes:
    """The exchange workbook: the projects sheet, the inputs sheet, help and lists."""
    columns = project_columns(period)
    lists = _lists()
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(PROJECTS_SHEET)
    sheet.freeze_panes = "C2"
    _widths(sheet, columns)
    inputs = wb.create_sheet(INPUTS_SHEET)
    inputs.freeze_panes = "A2"
    _widths(inputs, INPUT_COLUMNS)
    _header(sheet, columns)
    _header(inputs, INPUT_COLUMNS)
    count = 0
    for project in projects:
        sheet.append(xlsx_row(sheet, _project_row(project, columns)))
        for row in input_rows(project):
            inputs.append(xlsx_row(inputs, row))
        count += 1
    _validations(sheet, columns, lists, count + 1)
    _help(wb.create_sheet(HELP_SHEET), period)
    _lists_sheet(wb.create_sheet(LISTS_SHEET), lists)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _lists_sheet(ws: Any, lists: dict[str, list[str]]) -> None:
    ws.sheet_state = "hidden"
    ws.append(list(lists))
    longest = max(len(values) for values in lists.values())
    for index in range(longest):
        row = [values[index] if index < len(values) else None for values in lists.values()]
        ws.append(xlsx_row(ws, row))


HELP_LINES = (
    "长三角重点减排工程项目清单（导入模板） · YRD key reduction projects (import template)",
    "“项目清单”每行一个项目，以项目编号为准：已有编号则更新，新编号则新增；同一文件重复导入不产生变化。",
    "One project per row, keyed by the project code: an existing code is updated, a new one "
    "created; importing the same file again changes nothing.",
    "“核算参数”每行一个核算参数（项目编号、参数名、数值、单位），平台据此计算核算减排量；"
    "“核算减排量”列由平台计算，导入时忽略。",
    "The accounting-inputs sheet holds one input per row; the platform computes the accounted "
    "reduction from them (the 'accounted' columns are ignored on import).",
    "“投资额（万元）”与“资金来源”可不填（资金来源：中央资金、省级资金、市县资金、企业自筹、其他）；"
    "文件中没有这两列时保留平台已有的值。",
    "Investment (10,000 yuan) and funding source are optional; a file without these columns "
    "keeps the stored values.",
    "导入前先试运行：列出全部错误（工作表、行、列），文件全部正确才写入。",
    "A dry run lists every error (sheet, row, column); nothing is written unless the whole "
    "file is valid.",
)


def _help(ws: Any, period: PlanningPeriod) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    for line in HELP_LINES:
        ws.append([line])
    ws.append([f"规划期 Period: {period.code} ({period.start_year}-{period.end_year})"])
    ws.append([])
    ws.append(["核算类别 category", "参数 input", "说明 meaning (units)"])
    for code, spec in CATEGORIES.items():
        ws.append(
            [code, spec.name_zh, f"{spec.name_en} · {spec.source} [{spec.formula_tag.value}]"]
        )
        for item in spec.inputs:
            units = ", ".join(item.units or item.choices)
            needed = "必填 required" if item.required else ""
            ws.append(
                ["", item.name, f"{item.description_zh}；{item.description_en} ({units}) {needed}"]
            )


def write_csv(period: PlanningPeriod, projects: Iterable[Project]) -> bytes:
    """The projects sheet as CSV (UTF-8 with BOM, for Excel), inputs in one last column."""
    columns = project_columns(period)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header_zh for c in columns] + ["核算参数"])
    for project in projects:
        inputs = "; ".join(
            f"{name}={value} {unit or ''}".strip() for _, name, value, unit in input_rows(project)
        )
        writer.writerow(csv_row([*_project_row(project, columns), inputs]))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


FIGURE_COLUMNS = (
    ("scope", "范围"),
    ("pollutant", "污染物"),
    ("year", "年度"),
    ("target_tonnes", "目标（吨）"),
    ("verified_tonnes", "核查确认减排量（吨）"),
    ("completion_rate", "完成率"),
    ("time_progress", "序时进度"),
    ("status", "状态"),
)


def figures_file(rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, str]:
    """Progress figures as CSV (UTF-8 with BOM) or a one-sheet workbook."""
    header = [f"{zh} {key}" for key, zh in FIGURE_COLUMNS]
    lines = [[row.get(key) for key, _ in FIGURE_COLUMNS] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(csv_row(line) for line in lines)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("进度")
    cells = [WriteOnlyCell(ws, value=text) for text in header]
    for cell in cells:
        cell.font = HEADER_FONT
    ws.append(cells)
    for line in lines:
        ws.append(xlsx_row(ws, line))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
