"""A member's or the region's annual report as Word or PDF bytes."""

from __future__ import annotations

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.reports.document import Document
from deltacap.domain.reports.member import member_report
from deltacap.domain.reports.narrative import MemberReportLine, Narrative
from deltacap.domain.reports.region import region_report
from deltacap.reference.models import PlanningPeriod
from deltacap.reports import charts, gather

FORMATS = ("docx", "pdf")


def member_document(
    period: PlanningPeriod, year: int, member: str, narrative: Narrative | None = None
) -> Document:
    """The member's report of ``year`` (with its narrative sections where given). Raises
    InvalidInput for a year outside the period."""
    _check_year(period, year)
    return member_report(gather.member_data(period, year, member), narrative)


def region_document(
    period: PlanningPeriod, year: int, reports: list[MemberReportLine] | None = None
) -> Document:
    """The region's report of ``year`` (with the members' own reports where compiled in
    the platform). Raises InvalidInput for a year outside the period."""
    _check_year(period, year)
    return region_report(gather.region_data(period, year), reports)


def _check_year(period: PlanningPeriod, year: int) -> None:
    first, last = period.start_year, period.end_year
    if not first <= year <= last:
        raise InvalidInput(
            gettext_noop("The year {got} is outside the period {first}–{last}."),
            field="year",
            first=first,
            last=last,
            got=year,
        )


def render(document: Document, fmt: str) -> bytes:
    """The document as ``docx`` or ``pdf``; its charts drawn once (PNG)."""
    check_format(fmt)
    images = [charts.png(figure.chart) for figure in document.figures()]
    if fmt == "docx":
        from deltacap.reports import word

        return word.render(document, images)
    from deltacap.reports import pdf

    return pdf.render(document, images)


def check_format(fmt: str) -> None:
    """Raises InvalidInput unless ``fmt`` is docx or pdf."""
    if fmt not in FORMATS:
        raise InvalidInput(
            gettext_noop("Expected one of {choices}; got {got!r}."),
            field="format",
            choices=", ".join(FORMATS),
            got=fmt,
        )
