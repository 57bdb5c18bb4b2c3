"""Cells of every CSV and Excel export: no formula injection, no text Excel cannot hold.

A spreadsheet program reads a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, a tab or carriage return before them) as a formula, so a project
named ``=HYPERLINK("http://x","y")`` would become a live link in the export (OWASP,
"CSV Injection"). Every export writes its cells through this module:

- CSV (:func:`csv_row`): such text gets a single quote in front, as OWASP advises; the
  spreadsheet shows the text and evaluates nothing.
- XLSX (:func:`xlsx_row`): such text is written as a string cell (openpyxl would store
  text beginning with ``=`` as a formula) with Excel's quote-prefix style, the
  workbook's own form of that quote: the value itself stays as it was, so importing an
  exported workbook changes nothing.

Numbers stay numbers (a negative number is a number, not text beginning with ``-``),
and so does text that is just a plain number such as ``-12.5``. Control characters
that an XLSX file cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``: C0 controls other
than tab, line feed and carriage return) are replaced by U+FFFD in both formats, so one
such character in stored text can never make an export fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def clean_text(text: str) -> str:
    """``text`` with every character an XLSX file cannot hold replaced by U+FFFD."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(text) is None


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: None as empty, risky text quoted, other values as they are."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if is_formula_like(text) else text


def csv_row(values: Iterable[Any]) -> list[Any]:
    """One CSV row of :func:`csv_cell` values (for ``csv.writer.writerow``)."""
    return [csv_cell(value) for value in values]


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A value for a write-only sheet's row: text cleaned, risky text as a quoted string
    cell that Excel shows and never evaluates; numbers, dates and None as they are."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    if not is_formula_like(text):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl marks text beginning with "=" as a formula
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """One row of :func:`xlsx_cell` values (for a write-only sheet's ``append``)."""
    return [xlsx_cell(sheet, value) for value in values]
