"""The page of the demonstration zone's shared facilities, linked from /water/: every
facility with its kind, location and sharing members' shares (the public sees those);
the officials also see capacity and status; the office and the sharing members' editors
get a form to add one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import Role
from deltacap.domain.errors import DeltacapError
from deltacap.reference.models import Division
from deltacap.water import facilities
from deltacap.water.models_facilities import FacilityKind, FacilityStatus, SharedFacility
from deltacap.web.errors import message_of, status_of

# The demonstration zone's three members and counties (Shanghai's Qingpu, Jiangsu's
# Wujiang, Zhejiang's Jiashan): the members sharing, the places a facility lies in.
ZONE_MEMBERS = ("310000", "320000", "330000")
ZONE_COUNTIES = ("310118", "320509", "330421")
FORM_FIELDS = ("name", "kind", "division", "capacity", "capacity_unit", "status", "note")


def _may_write(request: HttpRequest) -> bool:
    p = principal_of(request.user)
    return p.role is Role.OFFICE or (
        p.role is Role.MEMBER_EDITOR and p.division_code in ZONE_MEMBERS
    )


def _context(request: HttpRequest, form: dict[str, Any] | None = None) -> dict[str, Any]:
    kinds = dict(FacilityKind.choices)
    statuses = dict(FacilityStatus.choices)
    rows = [
        {"facility": f, "kind": kinds.get(f.kind, f.kind), "status": statuses.get(f.status, "")}
        for f in facilities.facilities()
    ]
    writer = _may_write(request)
    context: dict[str, Any] = {
        "official": facilities.is_official(principal_of(request.user)),
        "rows": rows,
        "writer": writer,
        "form": form or {},
    }
    if writer:
        context |= {
            "kinds": FacilityKind.choices,
            "statuses": FacilityStatus.choices,
            "counties": Division.objects.filter(code__in=ZONE_COUNTIES).order_by("code"),
            "members": Division.objects.filter(code__in=ZONE_MEMBERS).order_by("code"),
        }
    return context


def _field_label(name: str | None) -> str:
    if name == "shares":
        return gettext("Sharing members and shares")
    try:
        field = SharedFacility._meta.get_field(name or "")
    except FieldDoesNotExist:
        return ""
    return str(getattr(field, "verbose_name", ""))


@require_safe
def facilities_page(request: HttpRequest) -> HttpResponse:
    return render(request, "water/facilities/index.html", _context(request))


@login_required
@require_POST
def facility_new(request: HttpRequest) -> HttpResponse:
    """Add a facility from the page's form: the office or a sharing member's editor."""
    form = {name: request.POST.get(name, "").strip() for name in FORM_FIELDS}
    shares = {m: request.POST.get(f"share_{m}", "").strip() for m in ZONE_MEMBERS}
    values: dict[str, Any] = {**form, "lon": None, "lat": None}
    values["shares"] = [{"member": m, "percent": v} for m, v in shares.items() if v]
    try:
        facilities.save_facility(by=request.user, channel="page", values=values)
    except DeltacapError as exc:
        context = _context(request, {**form, **{f"share_{m}": v for m, v in shares.items()}})
        context["error"] = message_of(exc)
        context["error_field"] = _field_label(exc.field)
        return render(request, "water/facilities/index.html", context, status=status_of(exc))
    return redirect("water:facilities")
