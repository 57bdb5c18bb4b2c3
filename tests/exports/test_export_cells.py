"""Cells of every CSV and Excel export: formula text neutralised, numbers kept as numbers,
characters that XLSX cannot hold replaced so that an export never fails."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from deltacap.exports import REPLACEMENT, csv_row, xlsx_row

RISKY = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
]


def _csv(values: list[object]) -> list[str]:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(csv_row(values))
    return next(csv.reader(io.StringIO(buffer.getvalue())))


def _xlsx(values: list[object]) -> list[object]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    sheet.append(xlsx_row(sheet, values))
    out = io.BytesIO()
    workbook.save(out)
    return list(load_workbook(io.BytesIO(out.getvalue()))["s"][1])


@pytest.mark.parametrize("text", RISKY)
def test_formula_text_gets_a_quote_in_csv(text: str) -> None:
    assert _csv([text]) == ["'" + text]


@pytest.mark.parametrize("text", RISKY)
def test_formula_text_is_a_string_cell_excel_does_not_evaluate(text: str) -> None:
    (cell,) = _xlsx([text])
    # An XML parser may read a carriage return back as a line feed (openpyxl's own reader
    # does, with lxml installed it is kept): either way the text, as a string, quoted.
    assert cell.value in {text, text.replace("\r", "\n")}
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_numbers_and_plain_text_stay_as_they_are() -> None:
    values: list[object] = [-3, Decimal("-2.5"), -0.5, "-12.5", "苏州某厂", date(2026, 1, 2), None]
    assert _csv(values) == ["-3", "-2.5", "-0.5", "-12.5", "苏州某厂", "2026-01-02", ""]
    cells = _xlsx(values)
    assert [c.value for c in cells[:5]] == [-3, -2.5, -0.5, "-12.5", "苏州某厂"]
    assert [c.data_type for c in cells[:3]] == ["n", "n", "n"]
    assert not any(c.quotePrefix for c in cells)


def test_control_characters_are_replaced_not_fatal() -> None:
    text = "污水\x00厂\x1b扩建\x08"
    expected = f"污水{REPLACEMENT}厂{REPLACEMENT}扩建{REPLACEMENT}"
    assert _csv([text]) == [expected]
    assert _xlsx([text])[0].value == expected
    assert _csv(["=\x00x"]) == [f"'={REPLACEMENT}x"]
