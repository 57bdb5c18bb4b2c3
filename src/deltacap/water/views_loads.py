"""The pages of the N/P loads into the lakes, linked from /water/ and the Taihu page: every
configured lake's totals of a year against its targets, and per lake a table by inflow
river and month with the year's totals against the targets and the base year, the lake
chosen on the page (everyone reads the region's water data); and the pages importing what
the loads and the tracing are computed on: the sections' monthly flows (CSV, the office
and the members responsible for the sections) and the river network (GeoJSON, the
office)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import AccessDenied, Action, Role, refusal
from deltacap.domain.errors import DeltacapError
from deltacap.water import loads, outfall_rectification, outfalls, tracking
from deltacap.water.models import section_resource
from deltacap.water.models_outfalls import network_resource
from deltacap.web.errors import message_of, status_of

IMPORT_TEMPLATE = "water/loads/import.html"


def _year(request: HttpRequest) -> tuple[int, int]:
    """The year asked for (default, and outside the years shown: the last full one), and
    the last full year."""
    last = dt.date.today().year - 1
    text = request.GET.get("year") or ""
    year = int(text) if text.isdigit() and loads.FIRST_YEAR <= int(text) <= last + 1 else last
    return year, last


def _lakes() -> list[dict[str, str]]:
    return [{"code": c, "name": loads.lake_name(c)} for c in loads.lake_codes()]


@require_safe
def overview_page(request: HttpRequest) -> HttpResponse:
    """Every lake's loads of the year against its targets; ``?lake=`` (the lake chooser
    of a lake's page) goes to that lake's page for the year."""
    year, last = _year(request)
    lake = request.GET.get("lake", "")
    if lake in loads.lake_codes():
        return redirect(reverse("water:loads", args=[lake]) + f"?year={year}")
    lakes: list[dict[str, Any]] = []
    for got in loads.lakes_overview(year):
        nutrients = [p for p in ("TN", "TP") if p in got["totals"]]
        lakes.append({**got, "rows": [(p, got["totals"][p]) for p in nutrients]})
    context = {
        "lakes": lakes,
        "year": year,
        "years": range(last + 1, last - 4, -1),
        "may_import_flows": principal_of(request.user).role in (Role.OFFICE, Role.MEMBER_EDITOR),
    }
    return render(request, "water/loads/overview.html", context)


@require_safe
def loads_page(request: HttpRequest, loads_lake: str) -> HttpResponse:
    year, last = _year(request)
    try:
        result = loads.lake_loads(loads_lake, year)
    except DeltacapError as exc:
        return render(
            request, "water/loads/index.html", {"error": message_of(exc)}, status=status_of(exc)
        )
    parameters = sorted(result["totals"], key=lambda p: loads.domain.PARAMETERS.index(p))
    rows = []
    for river in result["rivers"]:
        for p in parameters:
            got = river["parameters"].get(p)
            if got:
                rows.append({"river": river, "parameter": p, **got})
    context = {
        "r": result,
        "rows": rows,
        "parameters": parameters,
        "totals": [(p, result["totals"][p]) for p in parameters],
        "months": range(1, 13),
        "years": range(last + 1, last - 4, -1),
        "year": year,
        "lakes": _lakes(),
        "may_import_flows": principal_of(request.user).role in (Role.OFFICE, Role.MEMBER_EDITOR),
        "rectification": _rectification(request, loads_lake),
    }
    return render(request, "water/loads/index.html", context)


def _rectification(request: HttpRequest, lake: str) -> dict[str, Any] | None:
    """Per member, the outfalls into the lake's waters (its water bodies' receiving waters in
    the tracking configuration) rectified (verified), awaiting verification, not yet done
    and overdue; None for those who do not read the register."""
    p = principal_of(request.user)
    if p.role not in (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR):
        return None
    waters = {
        w
        for body in tracking.config()["bodies"].values()
        if body.get("lake") == lake
        for w in body["receiving_waters"]
    }
    found = [o for o in outfalls.outfalls(p) if o.receiving_water in waters]
    return outfall_rectification.summary_out(found)


def _import(
    request: HttpRequest, kind: str, run: Any, limit: int, context: dict[str, Any]
) -> HttpResponse:
    """GET: the upload form. POST: check the file (``action=check``) or import it."""
    context |= {"kind": kind, "limit_mb": limit // 2**20}
    if request.method == "GET":
        return render(request, IMPORT_TEMPLATE, context)
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = _("Choose a file.")
        return render(request, IMPORT_TEMPLATE, context, status=422)
    dry_run = request.POST.get("action") != "import"
    try:
        report = run(upload.read(limit + 1), dry_run)
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, IMPORT_TEMPLATE, context, status=status_of(exc))
    errors = getattr(report, "errors", [])
    context.update(report=report, filename=upload.name, dry_run=dry_run, errors=errors)
    if not errors:
        context["summary"] = _summary(kind, report, dry_run)
    return render(request, IMPORT_TEMPLATE, context, status=422 if errors else 200)


def _summary(kind: str, report: Any, dry_run: bool) -> str:
    if kind == "flows":
        text = (
            _("The file is valid: {rows} monthly flows, {created} new, {updated} to replace.")
            if dry_run
            else _("Imported {rows} monthly flows: {created} new, {updated} replaced.")
        )
        return text.format(rows=report.rows, created=report.created, updated=report.updated)
    text = (
        _("The file is valid: {n} reaches, {created} new and {updated} to replace.")
        if dry_run
        else _("Imported {n} reaches: {created} new, {updated} replaced.")
    )
    return text.format(n=report.reaches, created=report.created, updated=report.updated)


@login_required
@require_http_methods(["GET", "POST"])
def flows_import_page(request: HttpRequest) -> HttpResponse:
    """The sections' monthly mean flows from a CSV: the office, or a member's editors for the
    sections their member is responsible for (each row's section decided by the rules)."""
    p = principal_of(request.user)
    if p.role not in (Role.OFFICE, Role.MEMBER_EDITOR):
        raise AccessDenied(p, Action.IMPORT_WATER_DATA, section_resource([]),
                           refusal(Action.IMPORT_WATER_DATA))  # fmt: skip

    def run(data: bytes, dry_run: bool) -> Any:
        return loads.import_flows(by=request.user, channel="page", data=data, dry_run=dry_run)

    return _import(request, "flows", run, loads.MAX_IMPORT_BYTES, {})


@login_required
@require_http_methods(["GET", "POST"])
def network_import_page(request: HttpRequest) -> HttpResponse:
    """The river network from a GeoJSON FeatureCollection of reaches: the office."""
    p = principal_of(request.user)
    if p.role is not Role.OFFICE:
        raise AccessDenied(p, Action.IMPORT_RIVER_NETWORK, network_resource(),
                           refusal(Action.IMPORT_RIVER_NETWORK))  # fmt: skip
    approximate = request.POST.get("approximate") == "on"
    source = request.POST.get("source", "").strip()[:2000]
    form = {"approximate": approximate, "source": source}

    def run(data: bytes, dry_run: bool) -> Any:
        return outfalls.import_network(
            by=request.user, channel="page", data=data, dry_run=dry_run,
            approximate=approximate, source=source,
        )  # fmt: skip

    return _import(request, "network", run, outfalls.MAX_IMPORT_BYTES, {"form": form})
