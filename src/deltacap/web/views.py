"""Server-rendered pages. Views stay thin: they call selectors and services."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from deltacap import geodata, public_cache
from deltacap.accounts.permissions import can, principal_of, require
from deltacap.domain.access import Action, Kind, allowed, region_resource
from deltacap.domain.errors import DeltacapError
from deltacap.domain.input_rules import is_number_text
from deltacap.reference.models import Division, Level, PlanningPeriod
from deltacap.targets import services as target_services
from deltacap.targets.schemas import member_chart
from deltacap.targets.selectors import TONNES_PER_WAN, target_table
from deltacap.web.errors import message_of, status_of
from deltacap.working import selectors as working


def _map_data() -> dict[str, Any]:
    cities = Division.objects.filter(prefecture=True)
    zone = Division.objects.filter(demonstration_zone=True)
    return {
        "cities": [{"name": c.code, "label": c.name, "member": c.member_code} for c in cities],
        "zone": [{"name": d.name, "value": [d.lon, d.lat]} for d in zone if d.lon is not None],
        "members": {m.code: m.name for m in Division.objects.filter(level=Level.MEMBER)},
    }


def _dashboard_data(code: str) -> dict[str, Any] | None:
    """What the dashboard shows every visitor alike for the period ``code`` (None: no such
    period): the periods, the targets table, the chart and the map."""
    periods = list(PlanningPeriod.objects.all())
    code = code or (periods[0].code if periods else "")
    period = next((p for p in periods if p.code == code), None)
    if period is None:
        return None
    table = target_table(period)
    return {
        "periods": periods,
        "period": period,
        "table": table,
        "tonnage": period.target_form == "key_project_tonnes",
        "chart": member_chart(table),
        "map": _map_data(),
    }


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("period") or ""
    # Kept until a target is set (public_cache; the audit trail says so when one is written).
    data = public_cache.cached(
        public_cache.TARGETS, ("dashboard", code), lambda: _dashboard_data(code)
    )
    if data is None:
        return render(
            request,
            "web/error.html",
            {"message": _("No planning period {code}.").format(code=code)},
            status=404,
        )
    table = data["table"]
    principal = principal_of(request.user).kind()
    # Whether this kind of principal may set any of the cells: the rules are code and the
    # cells are the topic's records, so it is decided once per kind and version.
    can_edit = public_cache.cached(
        public_cache.TARGETS,
        ("dashboard.may_edit", code, repr(principal)),
        lambda: any(
            allowed(principal, Action.SET_TARGET, cell.as_resource())
            for row in table.rows
            for cell in row.cells
        ),
    )
    # The page's content is the same for everyone who may (or may not) edit: rendered once.
    content = public_cache.cached(
        public_cache.TARGETS,
        ("dashboard.html", code, can_edit),
        lambda: render_to_string("web/_dashboard.html", {**data, "can_edit": can_edit}),
    )
    return render(
        request, "web/dashboard.html", {"content": content, "working": _working_flags(request)}
    )


def _working_flags(request: HttpRequest) -> dict[str, Any] | None:
    """For the working group's staff: overdue action items and the half-year warning."""
    if not can(request.user, Action.READ, region_resource(Kind.MEETING)):
        return None
    today = timezone.localdate()
    return {"overdue": working.overdue_count(today), "next": working.next_meeting(today)}


@require_http_methods(["GET", "POST"])
def target_cell(request: HttpRequest, period: str, scope: str, pollutant: str) -> HttpResponse:
    """htmx: show, edit (GET ?edit=1) or save (POST) one cell of the targets table."""
    table = target_table(target_services.get_period(period))
    cell = next(
        (
            c
            for row in table.rows
            if row.division.code == scope
            for c in row.cells
            if c.pollutant_id == pollutant
        ),
        None,
    )
    if cell is None:
        return render(request, "web/error.html", {"message": _("No such record.")}, status=404)
    context: dict[str, Any] = {
        "cell": cell,
        "tonnage": table.period.target_form == "key_project_tonnes",
        "can_edit": can(request.user, Action.SET_TARGET, cell),
    }
    if request.method == "POST":
        return _save_cell(request, cell, context)
    if request.GET.get("edit"):
        require(request.user, Action.SET_TARGET, cell)
        context["editing"] = True
    return render(request, "web/_target_cell.html", context)


# Larger figures are refused by the service; this bound only keeps the 万吨 conversion safe.
_MAX_ENTRY = Decimal(10) ** 12


def _entered_value(raw: str, tonnage: bool) -> Any:
    """What the user typed, as the service takes it: 万吨 become tonnes; blank is no value."""
    if raw == "":
        return None
    if tonnage and _is_number(raw) and abs(Decimal(raw)) <= _MAX_ENTRY:
        return Decimal(raw) * TONNES_PER_WAN
    return raw


def _save_cell(request: HttpRequest, cell: Any, context: dict[str, Any]) -> HttpResponse:
    field = "tonnes" if context["tonnage"] else "percent_cut"
    raw = request.POST.get("value", "").strip()
    try:
        target = target_services.set_target(
            by=request.user,
            channel="page",
            period=cell.period_id,
            scope=cell.division_id,
            pollutant=cell.pollutant_id,
            **{field: _entered_value(raw, context["tonnage"])},
        )
    except DeltacapError as exc:
        context.update(editing=True, error=message_of(exc), value=raw)
        return render(request, "web/_target_cell.html", context, status=status_of(exc))
    table = target_table(target.period)
    context.update(cell=target, table=table, oob_warnings=True)
    response = render(request, "web/_target_cell.html", context)
    # The chart and the "do not add up" warnings follow the change without a reload.
    response["HX-Trigger"] = json.dumps({"targetsChanged": member_chart(table)})
    return response


def _is_number(text: str) -> bool:
    """ASCII digits only: ``Decimal("１２")`` would read full-width digits as 12."""
    try:
        return is_number_text(text) and Decimal(text).is_finite()
    except InvalidOperation:
        return False


@require_safe
def geo_cities(request: HttpRequest) -> HttpResponse:
    return HttpResponse(geodata.cities_geojson_bytes(), content_type="application/geo+json")


@require_safe
def geo_members(request: HttpRequest) -> HttpResponse:
    return HttpResponse(geodata.members_geojson_bytes(), content_type="application/geo+json")
