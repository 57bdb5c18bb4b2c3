"""/api/v1/reports: the annual reports of a year (each member's state, its lateness
against 31 March), a member's report with its versions, its narrative, submission and
review, the region's report compiled and published, and the files (Word, PDF)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import require
from deltacap.domain.access import Action
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.inputs import Code, Limit, Note, Text, Year
from deltacap.reports import selectors, services
from deltacap.reports.models import as_bytes
from deltacap.reports.schemas import region_out, status_out, version_out

router = Router(tags=["reports"], auth=AUTH)


def _public(request: HttpRequest) -> str:
    """The public: reads what is published (a token or a session still names its user)."""
    return "public"


# A token or a session when there is one, else the public.
OPTIONAL = [*AUTH, _public]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class NarrativeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # 工作概述, 主要做法和成效, 存在问题, 下一步工作 (absent: unchanged).
    summary: Annotated[str, Note(10000)] | None = None
    measures: Annotated[str, Note(10000)] | None = None
    problems: Annotated[str, Note(10000)] | None = None
    next_steps: Annotated[str, Note(10000)] | None = None


class ReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    # Why the report is returned (needed when not accepted).
    comment: Annotated[str, Note(5000)] = ""


class FileQuery(Schema):
    # docx or pdf
    format: Annotated[str, Text(4)] = "pdf"
    # A kept version; absent: the draft as it stands, generated now (members' reports) or
    # the newest compilation (the region's).
    version: Annotated[int, Limit(1000)] | None = None


def _file(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _member_report(member: str, year: int) -> dict[str, Any]:
    division = services.member_of(member)
    status = selectors.status(division, year, timezone.localdate())
    return {
        **status_out(status, year),
        "versions": [version_out(v) for v in selectors.versions(division.code, year)],
    }


@router.get("", response=dict[str, Any], auth=OPTIONAL)
def get_reports(request: HttpRequest, year: Year) -> dict[str, Any]:
    """The year's reports: each member's state (the group's staff) and the region's report
    (the public: only once published)."""
    members = []
    if selectors.reads_members(request.user):
        members = [status_out(s, year) for s in selectors.statuses(year, timezone.localdate())]
    published_only = not selectors.reads_members(request.user)
    return {
        "year": year,
        "members": members,
        "region": [region_out(r) for r in selectors.region_versions(year, published_only)],
    }


@router.get("/{year}/members/{member}", response=dict[str, Any])
def get_member_report(request: HttpRequest, year: Year, member: Code) -> dict[str, Any]:
    selectors.check_reader(request.user)
    return _member_report(member, year)


@router.put("/{year}/members/{member}/narrative", response=dict[str, Any])
def put_narrative(
    request: HttpRequest, year: Year, member: Code, body: NarrativeIn
) -> dict[str, Any]:
    """The member's editor writes its narrative sections (those given); after a submission
    this starts a new draft, the submitted version stays."""
    services.save_narrative(
        by=request.user,
        channel="api",
        member=member,
        year=year,
        values=body.model_dump(exclude_none=True),
    )
    return _member_report(member, year)


@router.post("/{year}/members/{member}/submit", response=dict[str, Any])
def post_submit(request: HttpRequest, year: Year, member: Code) -> dict[str, Any]:
    """Submit the draft: its Word and PDF files are generated and kept with their digests."""
    services.submit(by=request.user, channel="api", member=member, year=year)
    return _member_report(member, year)


@router.post("/{year}/members/{member}/review", response=dict[str, Any])
def post_review(request: HttpRequest, year: Year, member: Code, body: ReviewIn) -> dict[str, Any]:
    """The office accepts the submitted report or returns it with a comment."""
    services.review(
        by=request.user,
        channel="api",
        member=member,
        year=year,
        accept=body.accept,
        comment=body.comment,
    )
    return _member_report(member, year)


@router.get("/{year}/members/{member}/download")
def get_member_file(
    request: HttpRequest, year: Year, member: Code, query: Query[FileQuery]
) -> HttpResponse:
    selectors.check_reader(request.user)
    services.generate.check_format(query.format)
    division = services.member_of(member)
    if query.version is None:
        current = services.newest(division.code, year)
        narrative = services.Narrative.of(current.narrative if current else {})
        content = services.member_file(division.code, year, query.format, narrative)
        name = f"report-{division.code}-{year}-draft"
    else:
        report = services.version(division.code, year, query.version)
        content = as_bytes(getattr(report, query.format))
        if not content:
            raise NotFound(
                gettext_noop("This version has not been submitted; it has no file yet."),
                field="version",
            )
        name = f"report-{division.code}-{year}-v{report.version}"
    return _file(content, query.format, name)


@router.get("/{year}/region", response=list[dict[str, Any]], auth=OPTIONAL)
def get_region_report(request: HttpRequest, year: Year) -> list[dict[str, Any]]:
    """The compilations of the region's report (the public: the published ones)."""
    published_only = not selectors.reads_members(request.user)
    return [region_out(r) for r in selectors.region_versions(year, published_only)]


@router.post("/{year}/region/compile", response=dict[str, Any])
def post_compile(request: HttpRequest, year: Year) -> dict[str, Any]:
    """The office compiles the region's report from the members' submitted reports."""
    return region_out(services.compile_region(by=request.user, channel="api", year=year))


@router.post("/{year}/region/publish", response=dict[str, Any])
def post_publish(request: HttpRequest, year: Year) -> dict[str, Any]:
    """The office publishes the newest compilation."""
    return region_out(services.publish_region(by=request.user, channel="api", year=year))


@router.get("/{year}/region/download", auth=OPTIONAL)
def get_region_file(request: HttpRequest, year: Year, query: Query[FileQuery]) -> HttpResponse:
    services.generate.check_format(query.format)
    found = services.RegionReport.objects.filter(year=year)
    if not selectors.reads_members(request.user):
        found = found.filter(published=True)
    if query.version is not None:
        found = found.filter(version=query.version)
    report = found.order_by("-version").first()
    if report is None:
        raise NotFound(
            gettext_noop("The region's report of this year is not compiled."), field="year"
        )
    require(request.user, Action.READ, report.as_resource())
    return _file(
        as_bytes(getattr(report, query.format)),
        query.format,
        f"region-report-{year}-v{report.version}",
    )
