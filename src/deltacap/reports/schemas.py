"""The output shapes of the annual reports the API and the pages share."""

from __future__ import annotations

from typing import Any

from deltacap.domain.reports.narrative import SECTION_KEYS, due_date
from deltacap.reports.models import MemberReport, RegionReport
from deltacap.reports.selectors import Status


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def version_out(report: MemberReport) -> dict[str, Any]:
    return {
        "version": report.version,
        "state": report.state,
        "narrative": {k: report.narrative.get(k, "") for k in SECTION_KEYS},
        "submitted_at": _when(report.submitted_at),
        "submitted_by": report.submitted_by.username if report.submitted_by else None,
        "docx_sha256": report.docx_sha256 or None,
        "pdf_sha256": report.pdf_sha256 or None,
        "reviewed_at": _when(report.reviewed_at),
        "review_comment": report.review_comment,
    }


def status_out(status: Status, year: int) -> dict[str, Any]:
    return {
        "member": status.member.code,
        "year": year,
        "due": due_date(year).isoformat(),
        "state": status.state,
        "submitted_on": _when(status.submitted_on),
        "days_late": status.days_late,
        "version": status.current.version if status.current else None,
    }


def region_out(report: RegionReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "version": report.version,
        "compiled_at": _when(report.compiled_at),
        "sources": report.sources,
        "docx_sha256": report.docx_sha256,
        "pdf_sha256": report.pdf_sha256,
        "published": report.published,
        "published_at": _when(report.published_at),
    }
