"""Fixtures of the projects tests: valid project rows and a maker that writes them."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from deltacap.accounts.permissions import PLATFORM

# The worked example of docs/domain/accounting.md §3.1: 10 000 m³/d for 365 d, COD 250 → 30
# mg/L gives 803 t; NH3-N 30 → 2 mg/L gives 3 650 000 × 28 × 10⁻⁶ = 102.2 t.
WWTP_INPUTS = {
    "volume": "10000 m3/d",
    "period": "365 d",
    "influent_cod": "250 mg/L",
    "effluent_cod": "30 mg/L",
    "influent_nh3n": "30 mg/L",
    "effluent_nh3n": "2 mg/L",
}
_numbers = itertools.count(1)


def project_values(**overrides: Any) -> dict[str, Any]:
    """A valid Suzhou WWTP project, commissioned in 2023, as a row of codes."""
    values: dict[str, Any] = {
        "code": f"T-{next(_numbers):05d}",
        "name": "苏州某污水处理厂扩建工程",
        "member": "320000",
        "city": "320500",
        "county": None,
        "enterprise": None,
        "sector": "污水处理",
        "category": "wwtp_new",
        "status": "commissioned",
        "start_date": "2022-03-01",
        "commissioning_date": "2023-06-30",
        "planned": {"COD": "800", "NH3-N": "100"},
        "inputs": dict(WWTP_INPUTS),
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_project(db: Any) -> Callable[..., Any]:
    """Create a project as the operator (no account: every member's writer)."""
    from deltacap.projects import services

    def make(**overrides: Any) -> Any:
        values = project_values(**overrides)
        return services.create_project(by=PLATFORM, channel="system", values=values, period="14fyp")

    return make


def fill_template(
    rows: list[dict[str, Any]],
    inputs: Sequence[tuple[Any, ...]] = (),
    *,
    period: str = "14fyp",
    edit: Callable[[Any], None] | None = None,
) -> bytes:
    """The platform's template with ``rows`` (by column key: code, name, …, planned.COD) on the
    project sheet and ``inputs`` (code, input, value, unit) on the inputs sheet. ``edit`` may
    change the workbook (merge cells, rename headers) before it is saved."""
    import io

    from openpyxl import load_workbook

    from deltacap.projects.excel_layout import INPUTS_SHEET, PROJECTS_SHEET, project_columns
    from deltacap.projects.exchange import template
    from deltacap.projects.services import get_period

    workbook = load_workbook(io.BytesIO(template(period)))
    keys = [c.key for c in project_columns(get_period(period))]
    sheet = workbook[PROJECTS_SHEET]
    for row in rows:
        sheet.append([row.get(key) for key in keys])
    for line in inputs:
        workbook[INPUTS_SHEET].append(list(line))
    if edit is not None:
        edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_row(**overrides: Any) -> dict[str, Any]:
    """A valid project-sheet row in the names a member writes (Chinese labels)."""
    from datetime import date

    row: dict[str, Any] = {
        "code": f"X-{next(_numbers):05d}",
        "name": "苏州某污水处理厂扩建工程",
        "member": "江苏省",
        "city": "苏州市",
        "county": "吴江区",
        "sector": "污水处理",
        "category": "城镇污水处理设施新建/扩建",
        "status": "已投运",
        "start_date": date(2022, 3, 1),
        "commissioning_date": date(2023, 6, 30),
        "due_year": 2023,
        "planned.COD": 800,
        "planned.NH3-N": 100,
    }
    row.update(overrides)
    return row


def input_rows(code: str, inputs: dict[str, str] | None = None) -> list[tuple[Any, ...]]:
    """The inputs-sheet rows of ``inputs`` (default: the WWTP worked example)."""
    rows = []
    for name, text in (inputs or WWTP_INPUTS).items():
        value, _, unit = text.partition(" ")
        rows.append((code, name, float(value) if "." in value else int(value), unit or None))
    return rows
