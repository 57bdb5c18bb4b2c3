"""Pages of the Hangzhou Bay petrochemicals (环杭州湾石化化工 三统一), linked from /air/: the
overview (the bay's scope, open findings by member with the overdue flagged, the bay's
enterprises with their strictest limits), the VOCs limits side by side, an enterprise with
its findings and the finding form, a finding with its rectification and closure, the
campaigns (the office creates them) and the office's scope form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError
from deltacap.domain.petrochem import PointKind, Process, in_scope
from deltacap.domain.petrochem.scope import BAY_MEMBERS
from deltacap.enterprises.models import Enterprise
from deltacap.petrochem import (
    config,
    fence_figures,
    figures,
    labels,
    schemas,
    selectors,
    services,
)
from deltacap.petrochem.models import BayEnterprise, Finding, campaign_resource, scope_resource
from deltacap.reference.models import Division
from deltacap.web.errors import message_of, status_of

TEMPLATE = "petrochem/{}.html"


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _base(request: HttpRequest) -> dict[str, Any]:
    return {
        "official": selectors.is_official(request.user),
        "may_set_scope": can(request.user, Action.SET_PETRO_SCOPE, scope_resource()),
        "may_campaign": can(request.user, Action.EDIT_PETRO_CAMPAIGN, campaign_resource()),
        "today": timezone.localdate(),
    }


def _choices(words: dict[str, Any]) -> list[tuple[str, str]]:
    return [(str(code), str(word)) for code, word in words.items()]


def _listable(request: HttpRequest) -> list[Enterprise]:
    """Enterprises of the registry in the bay that the one looking may list (its area's)."""
    bay = selectors.scope()
    listed = set(BayEnterprise.objects.values_list("enterprise_id", flat=True))
    found = (
        Enterprise.objects.select_related("division")
        .filter(member_code__in=BAY_MEMBERS)
        .exclude(pk__in=listed)
    )
    out = []
    for e in found.order_by("division_id", "name")[:2000]:
        if in_scope(e.division.path(), bay) and can(
            request.user, Action.EDIT_PETRO_ENTERPRISE, BayEnterprise(enterprise=e)
        ):
            out.append(e)
        if len(out) >= 200:
            break
    return out


COLOURS = {"overdue": "#b3261e", "open": "#e67e22", "none": "#2e7d32"}


def _bay_map(request: HttpRequest, enterprises: list[dict[str, Any]], today: Any) -> dict[str, Any]:
    """The map's data: the scope's cities (a Shanghai district shades Shanghai), the bay's
    enterprises at their district's centre (spread a little where several share one),
    coloured by their open findings."""
    cities = selectors.bay_cities()
    state: dict[int, str] = {}
    for f in selectors.findings(request.user, open_only=True):
        worst = "overdue" if f.overdue(today) else "open"
        if state.get(f.enterprise_id) != "overdue":
            state[f.enterprise_id] = worst
    words = {"overdue": _("open findings, overdue"), "open": _("open findings"),
             "none": _("no open finding")}  # fmt: skip
    divisions = Division.objects.in_bulk([e["division"] for e in enterprises])
    seen: dict[str, int] = {}
    points = []
    for e in enterprises:
        d = divisions.get(e["division"])
        if d is None or d.lon is None or d.lat is None:
            continue
        n = seen[d.code] = seen.get(d.code, -1) + 1
        kind = state.get(e["id"], "none")
        points.append({"name": e["name"], "value": [d.lon + 0.04 * n, d.lat - 0.03 * n],
                       "state": str(words[kind]), "colour": COLOURS[kind]})  # fmt: skip
    stations = [{"name": f"{s.name} {s.code}", "value": [s.lon, s.lat],
                 "state": str(_("fence-line station"))}
                for s in fence_figures.stations(request.user)]  # fmt: skip
    return {"members": list(BAY_MEMBERS), "bay": cities, "points": points,
            "stations": stations, "center": [121.3, 30.3]}  # fmt: skip


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    bay = selectors.scope()
    enterprises = [schemas.enterprise_out(b) for b in selectors.bay_enterprises(request.user)]
    open_rows = [
        schemas.finding_out(f, today) for f in selectors.findings(request.user, open_only=True)
    ]
    member = request.GET.get("member", "")
    if member:
        open_rows = [r for r in open_rows if r["member"] == member]
    context = {
        **_base(request),
        "scope": [{"code": c, "default": selectors.scope_is_default()} for c in bay.divisions],
        "scope_default": selectors.scope_is_default(),
        "scope_source": bay.source,
        "enterprises": enterprises,
        "by_member": [
            {
                "member": c.member,
                "name": schemas.member_name(c.member),
                "open": c.open,
                "overdue": c.overdue,
            }
            for c in selectors.open_by_member(request.user, today)
        ],  # fmt: skip
        "open_findings": open_rows,
        "member": member,
        "listable": _listable(request),
        "map": _bay_map(request, enterprises, today),
        "processes": _choices(labels.PROCESSES),
        "units": _choices(labels.CAPACITY_UNITS),
    }
    return render(request, TEMPLATE.format("index"), context)


@require_safe
def limits_page(request: HttpRequest) -> HttpResponse:
    """The VOCs limits side by side: a row per process and point, a column per member."""
    table = config.limits()
    columns = ["national", *BAY_MEMBERS]
    rows = []
    for process in ["*", *[p.value for p in Process]]:
        for point in PointKind:
            cells = []
            for member in columns:
                found = [r for r in table.rows if r.process == process and r.point is point
                         and r.member == member]  # fmt: skip
                cells.append(found)
            if any(cells):
                rows.append({
                    "process": labels.PROCESSES_ALL.get(process, process),
                    "point": labels.word(labels.POINTS, point.value),
                    "cells": cells,
                })  # fmt: skip
    context = {
        **_base(request),
        "columns": [schemas.member_name(m) for m in columns],
        "rows": rows,
        "version": table.version,
        "source": table.source,
        "unverified": table.unverified,
        "total": len(table.rows),
    }
    return render(request, TEMPLATE.format("limits"), context)


def _outlet_hours(request: HttpRequest, bay: BayEnterprise) -> dict[str, Any]:
    """The hours of the chosen day (``?day=``, default today) of the enterprise's outlets
    against its strictest stack limit, with the chart's data."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = today
    outlets = fence_figures.enterprise_hours(request.user, bay.pk, day)
    series: list[dict[str, Any]] = []
    limit: dict[str, Any] | None = None
    for o in outlets:
        limit = limit or o["limit"]
        for factor in sorted({h["factor_name"] for h in o["hours"]}):
            hours = [h for h in o["hours"] if h["factor_name"] == factor]
            name = f"{o['outlet']['code']} {factor}"
            series.append({"name": name, "points": [[h["hour"][11:16], float(h["mean"])]
                                                    for h in hours]})  # fmt: skip
    chart = {"series": series, "limit": None if limit is None else float(limit["value"]),
             "limit_name": _("strictest limit"), "unit": "mg/m³"}  # fmt: skip
    return {"hours_day": day, "outlet_hours": outlets, "hours_chart": chart}


def _enterprise_context(request: HttpRequest, bay: BayEnterprise) -> dict[str, Any]:
    today = timezone.localdate()
    strictest = selectors.strictest_of(bay)
    return {
        **_base(request),
        **_outlet_hours(request, bay),
        "bay": bay,
        "e": schemas.enterprise_out(bay),
        "strictest": [
            {
                "point": labels.word(labels.POINTS, point.value),
                "row": s.row,
                "others": [r for r in s.candidates if r is not s.row],
                "member": schemas.member_name(s.row.member),
            }
            for point, s in strictest.items()
        ],  # fmt: skip
        "findings": [
            schemas.finding_out(f, today) for f in selectors.findings(request.user, bay_id=bay.pk)
        ],  # fmt: skip
        "may_record": can(request.user, Action.RECORD_PETRO_FINDING, bay.finding_resource()),
        "may_edit": can(request.user, Action.EDIT_PETRO_ENTERPRISE, bay),
        "kinds": _choices(labels.FINDING_KINDS),
        "points": _choices(labels.POINTS),
        "processes": _choices(labels.PROCESSES),
        "units": _choices(labels.CAPACITY_UNITS),
        "current": {p["process"]: p for p in bay.processes},
        "campaigns": list(bay.campaigns.all()) if selectors.is_official(request.user) else [],
        "values": {},
    }


@login_required
@require_safe
def enterprise_page(request: HttpRequest, petro_enterprise_id: int) -> HttpResponse:
    try:
        bay = selectors.bay_enterprise(request.user, petro_enterprise_id)
    except DeltacapError as exc:
        return _error(request, exc)
    return render(request, TEMPLATE.format("enterprise"), _enterprise_context(request, bay))


def _processes_of(post: Any) -> list[dict[str, str]]:
    return [
        {"process": code, "capacity": post.get(f"capacity_{code}", ""),
         "unit": post.get(f"unit_{code}", "")}
        for code in post.getlist("process")
    ]  # fmt: skip


@login_required
@require_POST
def save_enterprise(request: HttpRequest) -> HttpResponse:
    """List an enterprise in the bay (or change its processes)."""
    try:
        raw = request.POST.get("enterprise_id", "")
        bay = services.save_bay_enterprise(
            by=request.user, channel="page",
            enterprise_id=int(raw) if raw.isdigit() else 0,
            processes=_processes_of(request.POST),
        )  # fmt: skip
    except DeltacapError as exc:
        return _error(request, exc)
    messages.success(request, _("The enterprise's processes are saved."))
    return redirect("petrochem:enterprise", petro_enterprise_id=bay.pk)


@login_required
@require_POST
def record_finding(request: HttpRequest, petro_enterprise_id: int) -> HttpResponse:
    campaign = request.POST.get("petro_campaign", "")
    try:
        finding = services.record_finding(
            by=request.user, channel="page", bay_id=petro_enterprise_id,
            kind=request.POST.get("finding_kind", ""),
            description=request.POST.get("description", ""),
            deadline=request.POST.get("deadline", ""),
            found_on=request.POST.get("found_on", ""),
            campaign_id=int(campaign) if campaign.isdigit() else None,
            point=request.POST.get("point", ""),
            concentration=request.POST.get("concentration", ""),
        )  # fmt: skip
    except DeltacapError as exc:
        try:
            bay = selectors.bay_enterprise(request.user, petro_enterprise_id)
        except DeltacapError as denied:
            return _error(request, denied)
        context = _enterprise_context(request, bay)
        context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
        return render(request, TEMPLATE.format("enterprise"), context, status=status_of(exc))
    messages.success(request, _("The finding is recorded."))
    return redirect("petrochem:finding", petro_finding_id=finding.pk)


def _finding_context(request: HttpRequest, f: Finding) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        **_base(request),
        "f": schemas.finding_out(f, today),
        "finding": f,
        "may_rectify": f.state != "closed"
        and can(request.user, Action.RECORD_PETRO_RECTIFICATION, f),
        "may_close": f.state != "closed" and can(request.user, Action.CLOSE_PETRO_FINDING, f),
        "values": {},
    }


@login_required
@require_safe
def finding_page(request: HttpRequest, petro_finding_id: int) -> HttpResponse:
    try:
        f = selectors.finding(request.user, petro_finding_id)
    except DeltacapError as exc:
        return _error(request, exc)
    return render(request, TEMPLATE.format("finding"), _finding_context(request, f))


def _finding_step(request: HttpRequest, petro_finding_id: int, step: str) -> HttpResponse:
    try:
        if step == "rectify":
            services.record_rectification(
                by=request.user, channel="page", finding_id=petro_finding_id,
                measures=request.POST.get("measures", ""), day=request.POST.get("day", ""),
            )  # fmt: skip
            messages.success(request, _("The rectification is recorded."))
        else:
            services.close_finding(by=request.user, channel="page", finding_id=petro_finding_id,
                                   note=request.POST.get("note", ""))  # fmt: skip
            messages.success(request, _("The finding is closed."))
    except DeltacapError as exc:
        try:
            f = selectors.finding(request.user, petro_finding_id)
        except DeltacapError as denied:
            return _error(request, denied)
        context = _finding_context(request, f)
        context.update(error=message_of(exc), error_field=exc.field, error_step=step,
                       values=request.POST)  # fmt: skip
        return render(request, TEMPLATE.format("finding"), context, status=status_of(exc))
    return redirect("petrochem:finding", petro_finding_id=petro_finding_id)


@login_required
@require_POST
def rectify(request: HttpRequest, petro_finding_id: int) -> HttpResponse:
    return _finding_step(request, petro_finding_id, "rectify")


@login_required
@require_POST
def close(request: HttpRequest, petro_finding_id: int) -> HttpResponse:
    return _finding_step(request, petro_finding_id, "close")


def _campaigns_context(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    rows = []
    for c in selectors.campaigns(request.user):
        found = [schemas.finding_out(f, today)
                 for f in selectors.findings(request.user, campaign_id=c.pk)]  # fmt: skip
        rows.append({"c": schemas.campaign_out(c), "findings": found})
    return {
        **_base(request),
        "campaigns": rows,
        "bay_enterprises": list(selectors.bay_enterprises(request.user)),
        "members": [(m, schemas.member_name(m)) for m in BAY_MEMBERS],
        "values": {},
    }


@login_required
@require_safe
def campaigns_page(request: HttpRequest) -> HttpResponse:
    try:
        context = _campaigns_context(request)
    except DeltacapError as exc:
        return _error(request, exc)
    return render(request, TEMPLATE.format("campaigns"), context)


@login_required
@require_POST
def create_campaign(request: HttpRequest) -> HttpResponse:
    try:
        services.create_campaign(
            by=request.user, channel="page", name=request.POST.get("name", ""),
            starts=request.POST.get("starts", ""), ends=request.POST.get("ends", ""),
            members=request.POST.getlist("campaign_members"),
            enterprises=[int(x) for x in request.POST.getlist("enterprises") if x.isdigit()],
            note=request.POST.get("note", ""),
        )  # fmt: skip
    except DeltacapError as exc:
        try:
            context = _campaigns_context(request)
        except DeltacapError as denied:
            return _error(request, denied)
        context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
        return render(request, TEMPLATE.format("campaigns"), context, status=status_of(exc))
    messages.success(request, _("The campaign is created."))
    return redirect("petrochem:campaigns")


def _scope_context(request: HttpRequest) -> dict[str, Any]:
    chosen = set(selectors.scope().divisions)
    candidates = []
    for member in BAY_MEMBERS:
        if member == "310000":
            rows = Division.objects.filter(parent_id=member, level="county")
        else:
            rows = Division.objects.filter(parent_id=member, prefecture=True)
        for d in rows.order_by("code"):
            candidates.append({"code": d.code, "name": d.name, "chosen": d.code in chosen,
                               "member": schemas.member_name(member)})  # fmt: skip
    return {**_base(request), "candidates": candidates,
            "scope_default": selectors.scope_is_default(),
            "scope_source": selectors.scope().source}  # fmt: skip


@login_required
@require_safe
def scope_page(request: HttpRequest) -> HttpResponse:
    return render(request, TEMPLATE.format("scope"), _scope_context(request))


@login_required
@require_POST
def set_scope(request: HttpRequest) -> HttpResponse:
    try:
        services.set_scope(by=request.user, channel="page",
                           divisions=request.POST.getlist("divisions"))  # fmt: skip
    except DeltacapError as exc:
        context = _scope_context(request)
        context.update(error=message_of(exc))
        return render(request, TEMPLATE.format("scope"), context, status=status_of(exc))
    messages.success(request, _("The Hangzhou Bay area is set."))
    return redirect("petrochem:index")


@login_required
@require_safe
def monitoring_page(request: HttpRequest) -> HttpResponse:
    """Shared monitoring of the bay: the daily NMHC of the bay's outlets against the
    strictest stack limit (``?days=`` 1 to 31, default 7)."""
    raw = request.GET.get("days", "7")
    days = int(raw) if raw.isdigit() else 7
    start, end = figures.period(None, days)
    rows = [figures.figures_out(f) for f in figures.bay_figures(request.user, start, end)]
    dates = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    for row in rows:
        by_day = {d["day"]: d for d in row["days"]}
        row["cells"] = [by_day.get(day) for day in dates]
    context = {**_base(request), "rows": rows, "dates": dates, "days": (end - start).days + 1}
    return render(request, TEMPLATE.format("monitoring"), context)
