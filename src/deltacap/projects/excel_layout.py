"""The layout of the project exchange workbook: sheets, columns, headers (Chinese, as members
exchange them; English headers are accepted too), and the lists behind the drop-downs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from deltacap.reference.models import PlanningPeriod, Pollutant

PROJECTS_SHEET = "项目清单"
INPUTS_SHEET = "核算参数"
HELP_SHEET = "说明"
LISTS_SHEET = "列表"
# English names of the sheets, accepted on import.
SHEET_ALIASES = {"projects": PROJECTS_SHEET, "accounting inputs": INPUTS_SHEET}


@dataclass(frozen=True)
class Column:
    """One column: the field it fills, its headers, and the list its drop-down offers."""

    key: str
    header_zh: str
    header_en: str
    width: int = 14
    listed: str | None = None  # a column of the lists sheet
    required: bool = True  # the header must be present (the cell may still be optional)
    kind: str = "text"  # text, date, number, year

    def headers(self) -> tuple[str, str]:
        return (self.header_zh, self.header_en)


BASE_COLUMNS = (
    Column("code", "项目编号", "Project code", 16),
    Column("name", "项目名称", "Project name", 36),
    Column("member", "省（市）", "Member", 10, listed="members"),
    Column("city", "地市", "City", 10, listed="cities"),
    Column("county", "区县", "County", 12, listed="counties"),
    Column("enterprise", "企业统一社会信用代码", "Enterprise USCC", 22),
    Column("sector", "行业", "Sector", 14),
    Column("category", "核算类别", "Accounting category", 30, listed="categories"),
    Column("status", "项目状态", "Status", 10, listed="statuses"),
    Column("start_date", "开工日期", "Start date", 12, kind="date"),
    Column("commissioning_date", "投运日期", "Commissioning date", 12, kind="date"),
    Column("due_year", "计划完成年份", "Year due", 10, kind="year"),
)
TAIL_COLUMNS = (
    # Investment: optional columns (a file without them keeps what is stored)
    Column(
        "investment_wan",
        "投资额（万元）",
        "Investment (10,000 yuan)",
        14,
        required=False,
        kind="number",
    ),
    Column(
        "funding_source",
        "资金来源",
        "Funding source",
        12,
        listed="funding_sources",
        required=False,
    ),
    Column("coefficients", "系数表", "Coefficient table", 22, listed="tables", required=False),
    Column("note", "备注", "Note", 30, required=False),
)
INPUT_COLUMNS = (
    Column("code", "项目编号", "Project code", 16),
    Column("name", "参数", "Input", 24),
    Column("value", "数值", "Value", 14),
    Column("unit", "单位", "Unit", 10, required=False),
)


def planned_column(pollutant: Pollutant) -> Column:
    return Column(
        f"planned.{pollutant.code}",
        f"{pollutant.name_zh}计划减排量（吨）",
        f"Planned {pollutant.code} reduction (t)",
        14,
        kind="number",
    )


def accounted_column(pollutant: Pollutant) -> Column:
    """Written by the platform, ignored on import (the inputs sheet is what counts)."""
    return Column(
        f"accounted.{pollutant.code}",
        f"{pollutant.name_zh}核算减排量（吨，平台计算）",
        f"Accounted {pollutant.code} reduction (t, computed)",
        14,
        required=False,
        kind="number",
    )


def project_columns(period: PlanningPeriod) -> list[Column]:
    pollutants = period.controlled_pollutants()
    return [
        *BASE_COLUMNS,
        *(planned_column(p) for p in pollutants),
        *(accounted_column(p) for p in pollutants),
        *TAIL_COLUMNS,
    ]


_SPACES = re.compile(r"[\s\u3000]+")
_BRACKETS = str.maketrans({"(": "（", ")": "）", ",": "，"})


def header_key(text: object) -> str:
    """A header as compared: no spaces, full-width brackets, case-folded."""
    return _SPACES.sub("", str(text or "")).translate(_BRACKETS).casefold()


def letter(index: int) -> str:
    """The column letter of a 0-based index."""
    return get_column_letter(index + 1)
