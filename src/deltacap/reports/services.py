"""Every write of the annual reports in the platform: a member's narrative, its
submission (the Word and PDF files generated and frozen with their digests), the office's
review, the region's report compiled and published. Each asks its rule once, then writes
and records its audit event in one transaction."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.reports.narrative import (
    SECTION_KEYS,
    MemberReportLine,
    Narrative,
    ReportState,
    check_narrative,
    check_review,
    days_late,
)
from deltacap.reference.models import Division, Level, PlanningPeriod
from deltacap.reports import generate
from deltacap.reports.models import MemberReport, RegionReport

__all__ = ["Narrative", "RegionReport", "generate"]

# How the region's report names a member's report's state.
STATE_WORDS = {
    ReportState.SUBMITTED.value: "已报送",
    ReportState.ACCEPTED.value: "已审核通过",
    ReportState.RETURNED.value: "已退回修改",
}


# --- lookups --------------------------------------------------------------------------------


def member_of(code: Any) -> Division:
    member = Division.objects.filter(code=str(code or ""), level=Level.MEMBER).first()
    if member is None:
        raise NotFound(gettext_noop("No member with code {code}."), field="member", code=code)
    return member


def period_of(year: int) -> PlanningPeriod:
    """The planning period the year lies in. Raises InvalidInput for a year outside all."""
    found = PlanningPeriod.objects.filter(start_year__lte=year, end_year__gte=year).first()
    if found is None:
        raise InvalidInput(
            gettext_noop("No planning period holds the year {got}."), field="year", got=year
        )
    return found


def newest(member: str, year: int) -> MemberReport | None:
    """The newest version of the member's report of the year (the one being worked on)."""
    return MemberReport.objects.filter(member_id=member, year=year).order_by("-version").first()


def newest_sent(member: str, year: int) -> MemberReport | None:
    """The newest version the member has submitted (whatever the office made of it)."""
    return (
        MemberReport.objects.filter(member_id=member, year=year)
        .exclude(state=ReportState.DRAFT.value)
        .order_by("-version")
        .first()
    )


def version(member: str, year: int, number: int) -> MemberReport:
    found = MemberReport.objects.filter(member_id=member, year=year, version=number).first()
    if found is None:
        raise NotFound(
            gettext_noop("No version {version} of this report."), field="version", version=number
        )
    return found


def newest_region(year: int, published_only: bool = False) -> RegionReport | None:
    found = RegionReport.objects.filter(year=year)
    if published_only:
        found = found.filter(published=True)
    return found.order_by("-version").first()


def _narrative(report: MemberReport | None) -> Narrative:
    return Narrative.of(report.narrative if report else {})


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- documents ----------------------------------------------------------------------------------


def member_file(member: str, year: int, fmt: str, narrative: Narrative | None = None) -> bytes:
    """The member's report of the year as ``fmt`` (docx, pdf), generated now."""
    generate.check_format(fmt)
    document = generate.member_document(period_of(year), year, member, narrative)
    return generate.render(document, fmt)


def report_lines(year: int, today: Any = None) -> tuple[list[MemberReportLine], dict[str, int]]:
    """The members' reports as the region's report lists them, and the versions used."""
    today = today or timezone.localdate()
    lines, sources = [], {}
    for member in Division.objects.filter(level=Level.MEMBER).order_by("code"):
        sent = newest_sent(member.code, year)
        if sent is None or sent.submitted_at is None:
            lines.append(
                MemberReportLine(member.name_zh, "未报送", None, days_late(year, None, today))
            )
            continue
        day = timezone.localtime(sent.submitted_at).date()
        sources[member.code] = sent.version
        lines.append(
            MemberReportLine(
                member.name_zh,
                STATE_WORDS[sent.state],
                day,
                days_late(year, day, today),
                tuple(_narrative(sent).paragraphs("measures")),
            )
        )
    return lines, sources


# --- a member's report --------------------------------------------------------------------------


def save_narrative(
    *, by: Actor, channel: str, member: str, year: int, values: dict[str, Any]
) -> MemberReport:
    """The member's editor writes its narrative sections (the ones given). On a submitted
    version a new draft starts from its text; the submitted one stays as it was."""
    with transaction.atomic():
        division = member_of(member)
        current = newest(division.code, year)
        report = current if current is not None and current.is_draft else None
        if report is None:
            report = MemberReport(
                member=division,
                year=year,
                version=(current.version + 1) if current else 1,
                narrative=dict(current.narrative) if current else {},
            )
        require(by, Action.WRITE_REPORT_NARRATIVE, report)
        period_of(year)
        sections = check_narrative(values)
        before = {k: report.narrative.get(k, "") for k in sections}
        changed = {k: v for k, v in sections.items() if before[k] != v}
        if not changed:
            return current or report
        report.narrative = {**report.narrative, **changed}
        report.updated_by = user_of(by)
        report.save()
        audit.record(
            actor=by,
            channel=channel,
            action="member_report.narrative",
            object_type="member_report",
            object_id=report.pk,
            member_code=division.code,
            before={k: before[k] for k in changed} | {"version": report.version},
            after=changed | {"year": year},
        )
    return report


def submit(
    *, by: Actor, channel: str, member: str, year: int, at: datetime | None = None
) -> MemberReport:
    """The member's editor submits the draft: its Word and PDF files are generated and kept
    with their SHA-256 digests, the time and who; the version is frozen from then on."""
    with transaction.atomic():
        division = member_of(member)
        current = newest(division.code, year)
        report = current or MemberReport(member=division, year=year, version=1)
        # ``at``: the demo builder's dates; otherwise now.
        require(by, Action.SUBMIT_MEMBER_REPORT, report)
        if not report.is_draft:
            raise InvalidInput(
                gettext_noop(
                    "Version {version} is already submitted; change a section to start a new draft."
                ),
                field="version",
                version=report.version,
            )
        narrative = _narrative(report)
        docx = member_file(division.code, year, "docx", narrative)
        pdf = member_file(division.code, year, "pdf", narrative)
        report.docx, report.pdf = docx, pdf
        report.docx_sha256, report.pdf_sha256 = _digest(docx), _digest(pdf)
        report.state = ReportState.SUBMITTED.value
        report.submitted_at = at or timezone.now()
        report.submitted_by = user_of(by)
        report.save()
        audit.record(
            actor=by,
            channel=channel,
            action="member_report.submit",
            object_type="member_report",
            object_id=report.pk,
            member_code=division.code,
            before={"state": ReportState.DRAFT.value},
            after={
                "state": report.state,
                "year": year,
                "version": report.version,
                "docx_sha256": report.docx_sha256,
                "pdf_sha256": report.pdf_sha256,
            },
        )
    return report


def review(
    *, by: Actor, channel: str, member: str, year: int, accept: bool, comment: str = ""
) -> MemberReport:
    """The office accepts the submitted version, or returns it with a comment."""
    with transaction.atomic():
        division = member_of(member)
        sent = newest_sent(division.code, year)
        report = sent or MemberReport(member=division, year=year)
        require(by, Action.REVIEW_MEMBER_REPORT, report)
        if sent is None or sent.state != ReportState.SUBMITTED.value:
            raise InvalidInput(
                gettext_noop("There is no submitted report waiting for review."), field="accept"
            )
        comment = str(comment or "").strip()
        if len(comment) > 5000:
            raise InvalidInput(
                gettext_noop("Write at most {limit} characters; got {got}."),
                field="comment",
                limit=5000,
                got=len(comment),
            )
        state = check_review(bool(accept), comment)
        sent.state, sent.review_comment = state.value, comment
        sent.reviewed_at, sent.reviewed_by = timezone.now(), user_of(by)
        sent.save(update_fields=["state", "review_comment", "reviewed_at", "reviewed_by"])
        audit.record(
            actor=by,
            channel=channel,
            action="member_report.accept" if accept else "member_report.return",
            object_type="member_report",
            object_id=sent.pk,
            member_code=division.code,
            before={"state": ReportState.SUBMITTED.value},
            after={"state": sent.state, "comment": comment, "version": sent.version},
        )
    return sent


# --- the region's report ------------------------------------------------------------------------


def compile_region(*, by: Actor, channel: str, year: int) -> RegionReport:
    """The office compiles the region's report of the year from the round's figures and the
    members' submitted reports; its Word and PDF files are kept as a new version."""
    with transaction.atomic():
        previous = newest_region(year)
        report = RegionReport(year=year, version=(previous.version + 1) if previous else 1)
        require(by, Action.COMPILE_REGION_REPORT, report)
        period = period_of(year)
        lines, sources = report_lines(year)
        document = generate.region_document(period, year, lines)
        docx, pdf = generate.render(document, "docx"), generate.render(document, "pdf")
        report.docx, report.pdf = docx, pdf
        report.docx_sha256, report.pdf_sha256 = _digest(docx), _digest(pdf)
        report.sources = sources
        report.compiled_by = user_of(by)
        report.save()
        audit.record(
            actor=by,
            channel=channel,
            action="region_report.compile",
            object_type="region_report",
            object_id=report.pk,
            after={
                "year": year,
                "version": report.version,
                "sources": sources,
                "docx_sha256": report.docx_sha256,
                "pdf_sha256": report.pdf_sha256,
            },
        )
    return report


def publish_region(*, by: Actor, channel: str, year: int) -> RegionReport:
    """The office publishes the newest compilation of the year's region report: the
    public reads it from then on."""
    with transaction.atomic():
        report = newest_region(year)
        require(by, Action.PUBLISH_REGION_REPORT, report or RegionReport(year=year))
        if report is None:
            raise InvalidInput(
                gettext_noop("Compile the region's report before publishing it."), field="year"
            )
        if report.published:
            return report
        report.published, report.published_at = True, timezone.now()
        report.published_by = user_of(by)
        report.save(update_fields=["published", "published_at", "published_by"])
        audit.record(
            actor=by,
            channel=channel,
            action="region_report.publish",
            object_type="region_report",
            object_id=report.pk,
            before={"published": False},
            after={"published": True, "year": year, "version": report.version},
        )
    return report


SECTIONS = SECTION_KEYS
