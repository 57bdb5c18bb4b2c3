"""Every write of water sections and their data: a section saved (the demo, the office),
the monthly manual data imported from CSV or Excel (every row checked first; nothing
written when a row is at fault; one access decision per section the file names), and the
reader of CSV and Excel files the water imports share (``csv_lines``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action
from deltacap.domain.errors import Conflict, DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import check_file_size
from deltacap.domain.water.classify import check_value
from deltacap.inputs import LATITUDE_RANGE, LONGITUDE_RANGE
from deltacap.reference.models import Division, Level
from deltacap.water.models import Sample, Section, SectionKind, WaterBody, section_resource
from deltacap.water.records import MEASURED

SECTION_HEADERS = ("section", "断面", "断面编码")
DATE_HEADERS = ("date", "sampling_date", "采样日期", "日期")
MAX_IMPORT_BYTES = 5 * 2**20
MAX_ROWS = 50_000
FIRST_DATE = dt.date(1990, 1, 1)
SECTION_FIELDS = [
    "name_zh", "name_en", "kind", "lon", "lat", "target_class", "source", "approximate",
    "synthetic",
]  # fmt: skip


@dataclass
class RowError:
    row: int | None
    column: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    sections: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "sections": self.sections,
            "dry_run": self.dry_run,
            "errors": [e.to_json() for e in self.errors],
        }


def _message(error: DeltacapError) -> str:
    return gettext(error.message_template).format(**error.params)


def _column_of(header: str) -> str | None:
    """The item a header names (as Table 1's code, any case), or the section/date column."""
    text = header.strip()
    if text.lower() in SECTION_HEADERS or text in SECTION_HEADERS:
        return "section"
    if text.lower() in DATE_HEADERS or text in DATE_HEADERS:
        return "date"
    for item in MEASURED:
        if text.lower() == item.lower():
            return item
    return None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            gettext_noop("The file is not UTF-8 text (byte {byte})."), field="file", byte=exc.start
        ) from None


@dataclass
class _Parsed:
    rows: list[tuple[int, str, dt.date, dict[str, float]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header(header: list[str], parsed: _Parsed) -> list[str | None]:
    columns = [_column_of(h) for h in header]
    for name, column in zip(header, columns, strict=True):
        if column is None:
            parsed.errors.append(
                RowError(
                    1,
                    name,
                    gettext(
                        "Unknown column “{name}”: a section, a date or an item of GB 3838."
                    ).format(name=name),
                )
            )
    for needed in ("section", "date"):
        if needed not in columns:
            parsed.errors.append(
                RowError(1, needed, gettext("The column “{name}” is missing.").format(name=needed))
            )
    return columns


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("{value} is not a date (YYYY-MM-DD)."), field="date", value=text
        ) from None
    if not FIRST_DATE <= day <= dt.date.today():
        raise InvalidInput(
            gettext_noop("{value} is not a sampling date (from 1990 to today)."),
            field="date",
            value=text,
        )
    return day


def section_row(
    number: int,
    cells: list[str],
    columns: list[str | None],
    parsed: _Parsed,
    when: tuple[str, Callable[[str], Any]],
) -> None:
    """Read one row of a section's measurements: its section, its time (the column named
    ``when[0]``, read by ``when[1]``) and its values, each checked; every fault goes to
    ``parsed.errors`` by row and column, a sound row to ``parsed.rows``. The monthly
    samples and the 4-hourly readings read their rows alike."""
    if len(cells) != len(columns):
        message = gettext("This row has {n} cells; the header has {m}.")
        parsed.errors.append(RowError(number, None, message.format(n=len(cells), m=len(columns))))
        return
    code, moment, values, ok = "", None, {}, True
    for column, cell in zip(columns, cells, strict=True):
        text = cell.strip()
        try:
            if column == "section":
                code = text
                if not code:
                    raise InvalidInput(gettext_noop("The section is missing."), field="section")
            elif column == when[0]:
                moment = when[1](text)
            elif column and text:
                values[column] = check_value(column, text, field=column)
        except DeltacapError as exc:
            ok = False
            parsed.errors.append(RowError(number, exc.field or column, _message(exc)))
    if ok and moment is not None:
        if not values:
            parsed.errors.append(
                RowError(number, None, gettext("The row holds no measured value."))
            )
        else:
            parsed.rows.append((number, code, moment, values))


def record_imports(
    by: Actor,
    channel: str,
    action: str,
    counted: str,
    sections: dict[str, Section],
    per_section: dict[str, list[Any]],
) -> None:
    """One audit event per section of an import (its name, how many ``counted`` and the
    first and last date or time), in the caller's transaction: the monthly samples and the
    4-hourly readings alike."""
    for code, moments in sorted(per_section.items()):
        section = sections[code]
        audit.record(
            actor=by,
            channel=channel,
            action=action,
            object_type="water_section",
            object_id=code,
            member_code=(section.member_codes() or [""])[0],
            after={
                "name_zh": section.name_zh,
                "name_en": section.name_en,
                counted: len(moments),
                "first": _iso(min(moments)),
                "last": _iso(max(moments)),
            },
        )


def _iso(moment: dt.date) -> str:
    return moment.isoformat(sep=" ") if isinstance(moment, dt.datetime) else moment.isoformat()


XLSX_MAGIC = b"PK\x03\x04"  # an Excel workbook (.xlsx) is a ZIP archive


def csv_lines(
    data: bytes, errors: list[RowError]
) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
    """A CSV file's or an Excel workbook's (.xlsx, its first sheet) header (None, with the
    error in ``errors``, for an empty or unreadable file) and its rows that hold something,
    as text, numbered as a spreadsheet shows them; past ``MAX_ROWS`` data rows the error is
    added and the rows stop. Shared by the imports of this app: the same checks and
    messages whichever the file's kind."""
    if data.startswith(XLSX_MAGIC):
        return _sheet_lines(data, errors)
    reader = csv.reader(io.StringIO(_decode(data)))
    header = next(reader, None)
    if header is None:
        errors.append(RowError(None, None, gettext("The file is empty.")))
    return header, _numbered(enumerate(reader, start=2), errors)


def _numbered(
    lines: Iterator[tuple[int, list[str]]], errors: list[RowError]
) -> Iterator[tuple[int, list[str]]]:
    for number, cells in lines:
        if number > MAX_ROWS + 1:
            message = gettext("At most {n} rows per file.").format(n=MAX_ROWS)
            errors.append(RowError(number, None, message))
            return
        if any(c.strip() for c in cells):
            yield number, cells


def cell_text(value: Any) -> str:
    """An Excel cell as the CSV import reads it: a date as YYYY-MM-DD, a time of day as
    YYYY-MM-DD HH:MM, a whole number without its decimal point, empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_lines(
    data: bytes, errors: list[RowError]
) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
    """The first sheet of a workbook, read as it streams (openpyxl's read-only mode); the
    cells past the header's last column are ignored when empty."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = book.worksheets[0].iter_rows(values_only=True)
        first = next(rows, None)
    except Exception:  # noqa: BLE001 - any fault of a workbook is the file's
        errors.append(
            RowError(None, None, gettext("The file is not a readable Excel workbook (.xlsx)."))
        )
        return None, iter(())
    header = [cell_text(v).strip() for v in first or ()]
    while header and not header[-1]:
        header.pop()
    if not header:
        errors.append(RowError(None, None, gettext("The file is empty.")))
        return None, iter(())

    def lines() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(rows, start=2):
            cells = [cell_text(v) for v in row]
            while len(cells) > len(header) and not cells[-1].strip():
                cells.pop()
            cells += [""] * (len(header) - len(cells))
            yield number, cells

    return header, _numbered(lines(), errors)


def parse_csv(data: bytes) -> _Parsed:
    """The rows of a CSV file (header: section, date, items), or the errors by row/column."""
    parsed = _Parsed()
    header, rows = csv_lines(data, parsed.errors)
    if header is None:
        return parsed
    columns = _header(header, parsed)
    if parsed.errors:
        return parsed
    seen: dict[tuple[str, dt.date], int] = {}
    for number, cells in rows:
        before = len(parsed.rows)
        section_row(number, cells, columns, parsed, ("date", _date))
        if len(parsed.rows) > before:
            key = (parsed.rows[-1][1], parsed.rows[-1][2])
            if key in seen:
                parsed.errors.append(
                    RowError(
                        number,
                        "date",
                        gettext("Row {row} already holds this section and date.").format(
                            row=seen[key]
                        ),
                    )
                )
            seen.setdefault(key, number)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(RowError(None, None, gettext("The file holds no data row.")))
    return parsed


def _allowed_sections(by: Actor, parsed: _Parsed, report: ImportReport) -> dict[str, Section]:
    """The sections the rows name, each decided by the access rules once; rows naming an
    unknown section or one the actor may not import into are errors."""
    codes = sorted({code for _, code, _, _ in parsed.rows})
    found = {
        s.code: s for s in Section.objects.filter(code__in=codes).prefetch_related("responsible")
    }
    refused: dict[str, str] = {}
    for code in codes:
        if code in found:
            try:
                require(by, Action.IMPORT_WATER_DATA, found[code])
            except AccessDenied as exc:
                refused[code] = _message(exc)
    for number, code, _, _ in parsed.rows:
        if code not in found:
            message = gettext("No section with code {code}.").format(code=code)
            report.errors.append(RowError(number, "section", message))
        elif code in refused:
            report.errors.append(RowError(number, "section", refused[code]))
    return found


def import_samples(
    *, by: Actor, channel: str, data: bytes, dry_run: bool = True, synthetic: bool = False
) -> ImportReport:
    """Check (``dry_run``) or import a CSV of samples (section code, sampling date, the items
    in mg/L). A sample of a section and date already stored is replaced. Nothing is written
    when any row is at fault; the report names each fault by row and column."""
    report = ImportReport(dry_run=dry_run)
    check_file_size(len(data), MAX_IMPORT_BYTES)
    parsed = parse_csv(data)
    report.errors.extend(parsed.errors)
    report.rows = len(parsed.rows)
    sections = _allowed_sections(by, parsed, report) if parsed.rows else {}
    report.errors.sort(key=lambda e: (e.row or 0, e.column or ""))
    if report.errors:
        return report
    existing = set(
        Sample.objects.filter(
            section__code__in=list(sections), sampled_on__in={d for _, _, d, _ in parsed.rows}
        ).values_list("section__code", "sampled_on")
    )
    report.updated = sum((code, day) in existing for _, code, day, _ in parsed.rows)
    report.created = report.rows - report.updated
    report.sections = sorted({code for _, code, _, _ in parsed.rows})
    if not dry_run:
        _write(by, channel, parsed, sections, synthetic)
    return report


def _write(
    by: Actor, channel: str, parsed: _Parsed, sections: dict[str, Section], synthetic: bool
) -> None:
    per_section: dict[str, list[dt.date]] = defaultdict(list)
    user = user_of(by)
    with transaction.atomic():
        for _, code, day, values in parsed.rows:
            Sample.objects.update_or_create(
                section=sections[code],
                sampled_on=day,
                defaults={"values": values, "synthetic": synthetic, "imported_by": user},
            )
            per_section[code].append(day)
        record_imports(by, channel, "water.import", "samples", sections, per_section)


def get_section(section_id: int) -> Section:
    try:
        return Section.objects.select_related("water_body").get(pk=section_id)
    except Section.DoesNotExist:
        raise NotFound(
            gettext_noop("No water section {id}."), field="section_id", id=section_id
        ) from None


def _members(codes: list[str]) -> list[Division]:
    members = list(Division.objects.filter(code__in=codes, level=Level.MEMBER))
    if not 1 <= len(codes) <= 2 or len(members) != len(set(codes)):
        raise InvalidInput(
            gettext_noop("A section has one or two responsible members of the region."),
            field="responsible",
        )
    return members


def _check_values(values: dict[str, Any]) -> dict[str, Any]:
    """The section's values as stored, or InvalidInput naming the first field at fault
    (the same ranges as the API's input types, for the command line and the demo)."""
    checked = dict(values)
    for name in ("name_zh", "name_en", "source"):
        if name in checked:
            checked[name] = str(checked[name] or "").strip()
    if "name_zh" in checked and not checked["name_zh"]:
        raise InvalidInput(gettext_noop("The section needs a Chinese name."), field="name_zh")
    if "kind" in checked and checked["kind"] not in SectionKind.values:
        raise InvalidInput(gettext_noop("Unknown kind of section."), field="kind")
    if "target_class" in checked:
        target = checked["target_class"]
        if isinstance(target, bool) or not isinstance(target, int) or not 1 <= target <= 5:
            raise InvalidInput(gettext_noop("The target class is I to V."), field="target_class")
    for name, bounds in (("lon", LONGITUDE_RANGE), ("lat", LATITUDE_RANGE)):
        if name in checked:
            checked[name] = _position(name, checked[name], bounds)
    if "approximate" in checked:
        checked["approximate"] = bool(checked["approximate"])
    return checked


def _position(name: str, value: Any, bounds: tuple[Any, Any]) -> float:
    """Degrees of ``name`` (lon, lat) inside the Yangtze River Delta's box."""
    low, high = bounds
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not low <= number <= high:  # NaN fails too
        raise InvalidInput(
            gettext_noop("Enter a position in the Yangtze River Delta: {low} to {high} degrees."),
            field=name,
            low=float(low),
            high=float(high),
        )
    return number


def save_section(
    *,
    by: Actor,
    channel: str,
    code: str,
    water_body: WaterBody,
    values: dict[str, Any],
    responsible: list[str],
    upstream: str | None = None,
    downstream: str | None = None,
    new: bool = False,
) -> Section:
    """Create or change a section (its name, kind, position, target class, members).
    The office or a member responsible for it (before and after the change): one access
    decision on the section as it is, another only when its members change; the values
    are looked at after it. ``new``: refuse a code already taken (nothing is changed)."""
    codes = sorted(set(responsible))
    with transaction.atomic():
        section = (
            Section.objects.select_for_update()
            .prefetch_related("responsible")
            .filter(code=code)
            .first()
        )
        # Who keeps it now, and who would keep it after the change.
        if section is not None:
            require(by, Action.EDIT_WATER_SECTION, section)
        if section is None or section.member_codes() != codes:
            require(by, Action.EDIT_WATER_SECTION, section_resource(codes))
        if new and section is not None:
            raise Conflict(
                gettext_noop("A section with code {code} exists already."), field="code", code=code
            )
        members = _members(responsible)
        checked = _check_values(values)
        missing = [f for f in ("name_zh", "kind", "lon", "lat", "target_class") if f not in checked]
        if section is None and missing:
            raise InvalidInput(gettext_noop("This field is required."), field=missing[0])
        before = audit.snapshot(section, SECTION_FIELDS) if section else None
        section = section or Section(code=code)
        for name, value in checked.items():
            setattr(section, name, value)
        section.water_body = water_body
        section.upstream_id = upstream
        section.downstream_id = downstream
        section.save()
        section.responsible.set(members)
        audit.record(
            actor=by,
            channel=channel,
            action="water.section.save",
            object_type="water_section",
            object_id=code,
            member_code=members[0].code,
            before=before,
            after=audit.snapshot(section, SECTION_FIELDS),
        )
    return section


EDITABLE = ("name_zh", "name_en", "kind", "lon", "lat", "target_class", "approximate", "source")


def edit_section(*, by: Actor, channel: str, section: Section, changes: dict[str, Any]) -> Section:
    """Change a section's names, kind, position, target class, approximate flag or
    source (the fields of ``EDITABLE`` given in ``changes``); its water body and members
    stay. Through ``save_section``: its access decision, checks and audit event."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(gettext_noop("This field is not accepted here."), field=unknown[0])
    return save_section(
        by=by,
        channel=channel,
        code=section.code,
        water_body=section.water_body,
        values=changes,
        responsible=section.member_codes(),
        upstream=section.upstream_id,
        downstream=section.downstream_id,
    )


def section_by_code(code: str) -> Section:
    section = Section.objects.select_related("water_body").filter(code=code).first()
    if section is None:
        raise NotFound(gettext_noop("No section with code {code}."), field="code", code=code)
    return section


def get_water_body(code: str) -> WaterBody:
    try:
        return WaterBody.objects.get(code=code)
    except WaterBody.DoesNotExist:
        raise NotFound(
            gettext_noop("No water body with code {code}."), field="water_body", code=code
        ) from None
