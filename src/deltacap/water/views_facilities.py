"""The page of the demonstration zone's shared facilities, linked from /water/: every
facility with its kind, location and sharing members' shares (the public sees those);
the officials also see capacity, status and position."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.water import facilities
from deltacap.water.models_facilities import FacilityKind, FacilityStatus


@require_safe
def facilities_page(request: HttpRequest) -> HttpResponse:
    official = facilities.is_official(principal_of(request.user))
    kinds = dict(FacilityKind.choices)
    statuses = dict(FacilityStatus.choices)
    rows = [
        {"facility": f, "kind": kinds.get(f.kind, f.kind), "status": statuses.get(f.status, "")}
        for f in facilities.facilities()
    ]
    return render(request, "water/facilities/index.html", {"official": official, "rows": rows})
