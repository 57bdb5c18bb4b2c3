"""The annual reports' pages, linked from the working group's page: the reports of a year
(each member's state, lateness flagged), a member's report (narrative form, preview and
download, submission, the office's review, what changed between two versions), the region's
report (compile, publish)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can, require
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, NotFound, gettext_noop
from deltacap.domain.reports.diff import Change, diff_narratives
from deltacap.domain.reports.narrative import SECTIONS, Narrative, due_date
from deltacap.reports import selectors, services
from deltacap.reports.models import MemberReport, RegionReport, as_bytes
from deltacap.web.errors import message_of, status_of

_R = TypeVar("_R", bound=HttpResponseBase)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
# The sections' labels on the form (in the document they are the plan's Chinese headings).
SECTION_LABELS = {
    "summary": gettext_noop("Work summary"),
    "measures": gettext_noop("Main measures and results"),
    "problems": gettext_noop("Problems"),
    "next_steps": gettext_noop("Next steps"),
}


def _error_page(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _file(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "pdf")
    services.generate.check_format(fmt)
    return fmt


def _version(request: HttpRequest) -> int | None:
    raw = request.GET.get("version", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise NotFound(gettext_noop("No version {version} of this report."), field="version",
                       version=raw)  # fmt: skip
    return int(raw)


def _plan_year(view: Callable[..., _R]) -> Callable[..., _R]:
    """Refuse a year no report can be of (before the first planning period, after this
    year) with the not-found page, as the rounds' pages do."""

    @functools.wraps(view)
    def checked(request: HttpRequest, year: int, *args: Any, **kwargs: Any) -> _R:
        if year not in selectors.possible_years():
            raise NotFound(gettext_noop("There are no reports of the year {year}."), year=year)
        return view(request, year, *args, **kwargs)

    return checked


# --- the year's reports -----------------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The years: the group's staff go to the last year's reports; the public sees the
    years whose region report is published."""
    if selectors.reads_members(request.user):
        return year_page(request, selectors.years()[0])
    return render(request, "reports/public.html", {"years": selectors.published_years()})


@require_safe
@_plan_year
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    if not selectors.reads_members(request.user):
        published = selectors.region_versions(year, published_only=True)
        if not published and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return redirect("reports:region", year=year)
    today = timezone.localdate()
    region = selectors.region_versions(year)
    context = {
        "year": year,
        "years": selectors.years(),
        "due": due_date(year),
        "statuses": selectors.statuses(year, today),
        "region": region[0] if region else None,
        "today": today,
        "own": selectors.own_member(request.user),
    }
    return render(request, "reports/year.html", context)


# --- a member's report -------------------------------------------------------------------------


def _member_context(request: HttpRequest, year: int, member: str) -> dict[str, Any]:
    division = services.member_of(member)
    today = timezone.localdate()
    status = selectors.status(division, year, today)
    current = status.current
    draft = current if current is not None and current.is_draft else None
    probe = current or MemberReport(member=division, year=year)
    narrative = Narrative.of(current.narrative if current else {})
    return {
        "year": year,
        "member": division,
        "status": status,
        "due": due_date(year),
        "draft": draft,
        "versions": selectors.versions(division.code, year),
        "sections": [
            (key, title, _(SECTION_LABELS[key]), getattr(narrative, key)) for key, title in SECTIONS
        ],
        "can_write": can(request.user, Action.WRITE_REPORT_NARRATIVE, probe),
        "can_submit": can(request.user, Action.SUBMIT_MEMBER_REPORT, probe)
        and (current is None or current.is_draft),
        "can_review": status.sent is not None
        and status.sent.state == "submitted"
        and can(request.user, Action.REVIEW_MEMBER_REPORT, status.sent),
        "values": {},
    }


def _member_page(
    request: HttpRequest, year: int, member: str, exc: DeltacapError | None = None, form: str = ""
) -> HttpResponse:
    try:
        selectors.check_reader(request.user)
        context = _member_context(request, year, member)
    except DeltacapError as denied:
        return _error_page(request, denied)
    status = 200
    if exc is not None:
        context.update(
            error=message_of(exc), error_field=exc.field, error_form=form, values=request.POST
        )
        status = status_of(exc)
        if form == "narrative":  # the text as the user sent it, to correct
            context["sections"] = [
                (key, title, label, request.POST.get(key, text))
                for key, title, label, text in context["sections"]
            ]
    return render(request, "reports/member.html", context, status=status)


@login_required
@require_safe
@_plan_year
def member_page(request: HttpRequest, year: int, member: str) -> HttpResponse:
    return _member_page(request, year, member)


@login_required
@require_POST
@_plan_year
def narrative(request: HttpRequest, year: int, member: str) -> HttpResponse:
    values = {key: request.POST[key] for key, _title in SECTIONS if key in request.POST}
    try:
        services.save_narrative(
            by=request.user, channel="page", member=member, year=year, values=values
        )
    except DeltacapError as exc:
        return _member_page(request, year, member, exc, "narrative")
    messages.success(request, _("Saved."))
    return redirect("reports:member", year=year, member=member)


@login_required
@require_POST
@_plan_year
def submit(request: HttpRequest, year: int, member: str) -> HttpResponse:
    try:
        services.submit(by=request.user, channel="page", member=member, year=year)
    except DeltacapError as exc:
        return _member_page(request, year, member, exc, "submit")
    messages.success(request, _("The report is submitted; its Word and PDF files are kept."))
    return redirect("reports:member", year=year, member=member)


@login_required
@require_POST
@_plan_year
def review(request: HttpRequest, year: int, member: str) -> HttpResponse:
    accept = request.POST.get("decision", "") == "accept"
    try:
        services.review(
            by=request.user,
            channel="page",
            member=member,
            year=year,
            accept=accept,
            comment=request.POST.get("comment", ""),
        )
    except DeltacapError as exc:
        return _member_page(request, year, member, exc, "review")
    messages.success(request, _("Report accepted.") if accept else _("Report returned."))
    return redirect("reports:member", year=year, member=member)


@login_required
@require_safe
@_plan_year
def member_file(request: HttpRequest, year: int, member: str) -> HttpResponseBase:
    """A kept version's file, or (no version) the draft as it stands, generated now; asked
    without a format, the report's page."""
    if "format" not in request.GET:
        return redirect("reports:member", year=year, member=member)
    try:
        selectors.check_reader(request.user)
        fmt, number = _format(request), _version(request)
        division = services.member_of(member)
        if number is None:
            current = services.newest(division.code, year)
            text = Narrative.of(current.narrative if current else {})
            content = services.member_file(division.code, year, fmt, text)
            return _file(content, fmt, f"report-{division.code}-{year}-draft")
        report = services.version(division.code, year, number)
        content = as_bytes(getattr(report, fmt))
        if not content:
            raise NotFound(
                gettext_noop("This version has not been submitted; it has no file yet."),
                field="version",
            )
        return _file(content, fmt, f"report-{division.code}-{year}-v{report.version}")
    except DeltacapError as exc:
        return _error_page(request, exc)


@login_required
@require_safe
@_plan_year
def compare(request: HttpRequest, year: int, member: str) -> HttpResponse:
    """What changed in the narrative sections between two versions of the member's report
    (``from`` and ``to``; by default the newest version against the one before it)."""
    try:
        selectors.check_reader(request.user)
        division = services.member_of(member)
        kept = selectors.versions(division.code, year)
        if not kept:
            raise NotFound(gettext_noop("Nothing written or submitted yet."), field="version")
        newest = kept[0].version
        new = services.version(division.code, year, _number(request.GET.get("to", ""), newest))
        earlier = _number(request.GET.get("from", ""), max(new.version - 1, 1))
        old = services.version(division.code, year, earlier)
    except DeltacapError as exc:
        return _error_page(request, exc)
    sections = [
        (
            section,
            _(SECTION_LABELS[section.key]),
            {c.value: section.count(c) for c in (Change.ADDED, Change.REMOVED, Change.CHANGED)},
        )
        for section in diff_narratives(Narrative.of(old.narrative), Narrative.of(new.narrative))
    ]
    context = {
        "year": year,
        "member": division,
        "versions": kept,
        "old": old,
        "new": new,
        "pair": (old, new),
        "sections": sections,
    }
    return render(request, "reports/compare.html", context)


def _number(raw: str, default: int) -> int:
    """A version number from the query (empty: ``default``). Raises NotFound otherwise."""
    raw = raw.strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise NotFound(gettext_noop("No version {version} of this report."), field="version",
                       version=raw)  # fmt: skip
    return int(raw)


# --- the region's report ----------------------------------------------------------------------


def _region_page(request: HttpRequest, year: int, exc: DeltacapError | None = None) -> HttpResponse:
    group = selectors.reads_members(request.user)
    versions = selectors.region_versions(year, published_only=not group)
    if not versions and not group:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return _error_page(
            request,
            NotFound(
                gettext_noop("The region's report of {year} is not published."),
                field="year",
                year=year,
            ),  # fmt: skip
        )
    probe = RegionReport(year=year)
    context: dict[str, Any] = {
        "year": year,
        "versions": versions,
        "group": group,
        "statuses": selectors.statuses(year, timezone.localdate()) if group else [],
        "can_compile": can(request.user, Action.COMPILE_REGION_REPORT, probe),
        "can_publish": bool(versions)
        and not versions[0].published
        and can(request.user, Action.PUBLISH_REGION_REPORT, versions[0]),
    }
    status = 200
    if exc is not None:
        context.update(error=message_of(exc), error_field=exc.field)
        status = status_of(exc)
    return render(request, "reports/region.html", context, status=status)


@require_safe
@_plan_year
def region_page(request: HttpRequest, year: int) -> HttpResponse:
    return _region_page(request, year)


@login_required
@require_POST
@_plan_year
def compile_region(request: HttpRequest, year: int) -> HttpResponse:
    try:
        services.compile_region(by=request.user, channel="page", year=year)
    except DeltacapError as exc:
        return _region_page(request, year, exc)
    messages.success(request, _("The region's report is compiled."))
    return redirect("reports:region", year=year)


@login_required
@require_POST
@_plan_year
def publish_region(request: HttpRequest, year: int) -> HttpResponse:
    try:
        services.publish_region(by=request.user, channel="page", year=year)
    except DeltacapError as exc:
        return _region_page(request, year, exc)
    messages.success(request, _("The region's report is published."))
    return redirect("reports:region", year=year)


@require_safe
@_plan_year
def region_file(request: HttpRequest, year: int) -> HttpResponseBase:
    if "format" not in request.GET:
        return redirect("reports:region", year=year)
    try:
        fmt, number = _format(request), _version(request)
        found = RegionReport.objects.filter(year=year)
        if not selectors.reads_members(request.user):
            found = found.filter(published=True)
        if number is not None:
            found = found.filter(version=number)
        report = found.order_by("-version").first()
        if report is None:
            raise NotFound(
                gettext_noop("The region's report of this year is not compiled."), field="year"
            )
        require(request.user, Action.READ, report.as_resource())
        return _file(as_bytes(getattr(report, fmt)), fmt, f"region-report-{year}-v{report.version}")
    except DeltacapError as exc:
        return _error_page(request, exc)
