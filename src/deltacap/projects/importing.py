"""Importing a project workbook: a dry run lists every error; a real run writes all rows or
none, in one transaction with their audit events. The project code is the key, so
importing the same file twice changes nothing the second time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from deltacap.audit import services as audit
from deltacap.domain.errors import gettext_noop
from deltacap.projects.excel_import import FileIssue, ParsedFile, file_error, read_workbook
from deltacap.projects.excel_layout import INPUTS_SHEET, PROJECTS_SHEET
from deltacap.projects.intake import Intake, Issue
from deltacap.projects.services import Counts, apply, get_period

RACE = gettext_noop(
    "Some projects of this file were created by someone else meanwhile; nothing was written. "
    "Import the file again."
)
NO_ROWS = gettext_noop("The file holds no projects: fill in the template's project sheet.")
# Faults of a status step are shown in the status column.
_STATUS_FIELDS = {"evidence", "reduction", "reason"}


@dataclass
class ImportReport:
    counts: Counts = field(default_factory=Counts)
    errors: list[FileIssue] = field(default_factory=list)
    dry_run: bool = True

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors

    def to_json(self, translate: Callable[[str], str] = gettext) -> dict[str, Any]:
        return {
            **self.counts.to_json(),
            "errors": [
                {
                    "sheet": e.sheet,
                    "row": e.row,
                    "column": e.column,
                    "header": e.header,
                    "message": e.error.render(translate),
                }
                for e in self.errors
            ],
            "dry_run": self.dry_run,
            "written": self.written,
        }


def import_projects(
    *, by: Any, channel: str, data: bytes, period: str = "14fyp", dry_run: bool = True
) -> ImportReport:
    """Check (and unless ``dry_run``, write) every project of the workbook ``data``.

    Nothing is written when any error is found. ``by`` None is the operator (command line).
    """
    period_obj = get_period(period)
    report = ImportReport(dry_run=dry_run)
    parsed = read_workbook(data, period_obj)
    if parsed.fatal or not parsed.rows:
        report.errors = parsed.issues or [file_error(NO_ROWS)]
        return report
    with transaction.atomic():
        intake = Intake(by=by, period=period_obj, lock=not dry_run)
        drafts, issues = intake.prepare(parsed.rows)
        codes = {r.locator: str(r.values.get("code") or "").strip() for r in parsed.rows}
        report.errors = parsed.issues + [_locate(issue, parsed, codes) for issue in issues]
        report.errors.sort(key=_place)
        if report.errors:
            return report
        for draft in drafts:
            setattr(report.counts, draft.change, getattr(report.counts, draft.change) + 1)
        if dry_run:
            return report
        try:
            with transaction.atomic():
                apply(drafts, by=by, channel=channel)
        except IntegrityError:
            # Another writer created some of these codes while the file was being checked.
            report.counts = Counts()
            report.errors = [file_error(RACE)]
            return report
        audit.record(
            actor=by,
            channel=channel,
            action="project.import",
            object_type="file",
            object_id=hashlib.sha256(data).hexdigest()[:16],
            member_code=_member_of(by),
            after={**report.counts.to_json(), "period": period, "bytes": len(data)},
        )
    return report


def _place(issue: FileIssue) -> tuple[int, int, str]:
    sheet = 0 if issue.sheet in (None, PROJECTS_SHEET) else 1
    return (sheet, issue.row or 0, issue.column or "")


def _member_of(by: Any) -> str:
    division = getattr(by, "division", None)
    return (division.member_code or "") if division is not None else ""


def _locate(issue: Issue, parsed: ParsedFile, codes: dict[int, str]) -> FileIssue:
    """Where in the file an intake issue belongs: its sheet, row and column."""
    row = issue.locator
    code = codes.get(row, "")
    name = issue.field
    if name.startswith("inputs"):
        input_name = name.partition(".")[2]
        input_row = parsed.input_rows.get((code, input_name)) or parsed.first_input_row.get(code)
        if input_row is not None:
            column, header = parsed.input_columns.get("value" if input_name else "name", ("", ""))
            return FileIssue(INPUTS_SHEET, input_row, column, issue.error, header)
        name = "category"
    if name in _STATUS_FIELDS:
        name = "status"
    found = parsed.columns.get(name)
    if found is None:
        return FileIssue(PROJECTS_SHEET, row, None, issue.error, None)
    return FileIssue(PROJECTS_SHEET, row, found[0], issue.error, found[1])
