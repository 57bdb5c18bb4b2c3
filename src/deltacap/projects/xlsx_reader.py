"""A lean reader of .xlsx worksheets: cell values row by row, and merged ranges.

openpyxl's read-only mode builds an object per cell and spends about 20 µs on each; a
20,000-project file has some 900,000 cells. This reader streams the sheet XML with
``ElementTree.iterparse`` and keeps only values: shared and inline strings, numbers, booleans,
errors (as their text, e.g. "#N/A"), cached formula results, and numbers whose cell style is
a date format as ``datetime`` (1900 and 1904 date systems), as openpyxl with
``data_only=True`` would give them. Writing stays with openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from posixpath import join, normpath
from typing import IO, Any
from xml.etree.ElementTree import Element, iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates or times (ECMA-376 Part 1, 18.8.30).
DATE_FORMAT_IDS = frozenset({*range(14, 23), 27, 30, 36, *range(45, 48), 50, 57})
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_CELL = re.compile(r"([A-Z]+)(\d+)")
EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)


class UnreadableWorkbook(Exception):
    """The package is not a readable SpreadsheetML workbook."""


def column_index(letters: str) -> int:
    """0-based index of a column letter ("A" is 0, "AA" is 26)."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


@dataclass
class Worksheet:
    name: str
    path: str
    merged: list[str] = field(default_factory=list)


class XlsxReader:
    """Sheets, shared strings and date styles of one workbook, read on demand."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        try:
            self.sheets = self._sheets()
            self.shared = self._shared_strings()
            self.date_styles = self._date_styles()
        except (KeyError, SyntaxError, ValueError) as exc:
            raise UnreadableWorkbook(str(exc)) from None

    def _open(self, path: str) -> IO[bytes]:
        return self.archive.open(path)

    def _sheets(self) -> dict[str, Worksheet]:
        targets = {}
        with self._open("xl/_rels/workbook.xml.rels") as rels:
            for _, element in iterparse(rels):
                if element.tag == f"{PACKAGE_REL}Relationship":
                    target = element.get("Target", "")
                    path = target.lstrip("/") if target.startswith("/") else join("xl", target)
                    targets[element.get("Id")] = normpath(path)
        sheets = {}
        self.epoch = EPOCH_1900
        with self._open("xl/workbook.xml") as workbook:
            for _, element in iterparse(workbook):
                if element.tag == f"{MAIN}workbookPr" and element.get("date1904") in ("1", "true"):
                    self.epoch = EPOCH_1904
                if element.tag == f"{MAIN}sheet":
                    name = element.get("name", "")
                    sheets[name] = Worksheet(name, targets[element.get(f"{REL}id")])
        return sheets

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.archive.namelist():
            return []
        strings = []
        with self._open("xl/sharedStrings.xml") as source:
            for _, element in iterparse(source):
                if element.tag == f"{MAIN}si":
                    strings.append(_text(element))
                    element.clear()
        return strings

    def _date_styles(self) -> frozenset[int]:
        if "xl/styles.xml" not in self.archive.namelist():
            return frozenset()
        custom: dict[int, str] = {}
        formats: list[int] = []
        in_cell_xfs = False
        with self._open("xl/styles.xml") as source:
            for event, element in iterparse(source, events=("start", "end")):
                if element.tag == f"{MAIN}numFmt" and event == "end":
                    custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
                elif element.tag == f"{MAIN}cellXfs":
                    in_cell_xfs = event == "start"
                elif element.tag == f"{MAIN}xf" and in_cell_xfs and event == "end":
                    formats.append(int(element.get("numFmtId", "0")))
        return frozenset(
            index for index, fmt in enumerate(formats) if _is_date_format(fmt, custom.get(fmt))
        )

    def rows(self, sheet: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(row number, values) of every row present in the sheet, in order; merged ranges are
        collected in ``self.sheets[sheet].merged`` once the rows are read."""
        worksheet = self.sheets[sheet]
        try:
            with self._open(worksheet.path) as source:
                for _, element in iterparse(source):
                    if element.tag == f"{MAIN}row":
                        yield int(element.get("r", "0")), self._row(element)
                        element.clear()
                    elif element.tag == f"{MAIN}mergeCell":
                        worksheet.merged.append(element.get("ref", ""))
        except (KeyError, SyntaxError, ValueError) as exc:
            raise UnreadableWorkbook(str(exc)) from None

    def _row(self, row: Element) -> tuple[Any, ...]:
        values: dict[int, Any] = {}
        for position, cell in enumerate(row.iter(f"{MAIN}c")):
            ref = cell.get("r")
            match = _CELL.match(ref) if ref else None
            index = column_index(match.group(1)) if match else position
            value = self._value(cell)
            if value is not None:
                values[index] = value
        if not values:
            return ()
        return tuple(values.get(i) for i in range(max(values) + 1))

    def _value(self, cell: Element) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(f"{MAIN}is")
            return _text(inline) if inline is not None else None
        raw = cell.findtext(f"{MAIN}v")
        if raw is None:
            return None
        if kind == "s":
            return self.shared[int(raw)]
        if kind in ("str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(raw)
        number = float(raw) if any(c in raw for c in ".eE") else int(raw)
        if int(cell.get("s", "0")) in self.date_styles:
            return self.epoch + timedelta(days=float(number))
        return number


def _text(element: Element) -> str:
    """The text of a string item: its plain text or its runs; phonetic runs (rPh) left out."""
    parts = []
    for child in element:
        if child.tag == f"{MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{MAIN}r":
            parts.append(child.findtext(f"{MAIN}t") or "")
    return "".join(parts)


def _is_date_format(format_id: int, code: str | None) -> bool:
    if code is None:
        return format_id in DATE_FORMAT_IDS
    return bool(_DATE_CODE.search(_QUOTED.sub("", code)))
