"""Enterprise pages: the list the reader may see, and the edit form for those it may write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from deltacap.accounts.permissions import can, principal_of, require
from deltacap.domain.access import Action, Kind, editable_fields
from deltacap.domain.errors import DeltacapError
from deltacap.enterprises import services
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.monitoring.registry import visible_outlets
from deltacap.projects.selectors import visible_projects
from deltacap.reference.models import Division, Level
from deltacap.rights import selectors as rights
from deltacap.web.errors import message_of, status_of

FIELDS = ["name", "sector", "address", "contact_name", "contact_phone", "division"]
RELATED_SHOWN = 10


@login_required
@require_safe
def enterprise_list(request: HttpRequest) -> HttpResponse:
    qs = visible_enterprises(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(uscc__icontains=query.upper()))
    member = request.GET.get("member", "")
    if member:
        qs = qs.filter(member_code=member)
    page = Paginator(qs.order_by("division_id", "name"), 50).get_page(request.GET.get("page"))
    members = Division.objects.filter(level=Level.MEMBER)
    template = (
        "enterprises/_rows.html" if request.headers.get("HX-Request") else "enterprises/list.html"
    )
    return render(
        request, template, {"page": page, "q": query, "member": member, "members": members}
    )


def _related(user: Any, enterprise_id: int) -> dict[str, Any]:
    """What the enterprise has on the platform that ``user`` may read: its projects, its
    monitored outlets and its emission-rights holdings (by pollutant, in tonnes)."""
    projects = visible_projects(user).filter(enterprise_id=enterprise_id).order_by("-code")
    holdings = rights.visible_holdings(user).filter(account__enterprise_id=enterprise_id)
    held: dict[str, Decimal] = {}
    for h in holdings.order_by("pollutant"):
        held[h.pollutant] = held.get(h.pollutant, Decimal(0)) + rights.tonnes(h.kg)
    return {
        "projects": projects[:RELATED_SHOWN],
        "project_count": projects.count(),
        "outlets": visible_outlets(user).filter(enterprise_id=enterprise_id).order_by("code"),
        "held": sorted(held.items()),
        "rights_account": holdings.values_list("account__code", flat=True).first(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_detail(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    try:
        enterprise = services.get_enterprise(enterprise_id)
        require(request.user, Action.READ, enterprise)
    except DeltacapError as exc:
        return render(
            request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc)
        )
    editable = (
        editable_fields(principal_of(request.user), Kind.ENTERPRISE)
        if can(request.user, Action.EDIT_ENTERPRISE, enterprise)
        else frozenset()
    )
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "editable": editable,
        "values": {},
        **_related(request.user, enterprise.pk),
    }
    if request.method == "POST":
        changes = {f: request.POST[f] for f in FIELDS if f in editable and f in request.POST}
        try:
            services.update_enterprise(
                by=request.user, channel="page", enterprise_id=enterprise.pk, changes=changes
            )
        except DeltacapError as exc:
            context.update(error=message_of(exc), error_field=exc.field, values=changes)
            return render(request, "enterprises/detail.html", context, status=status_of(exc))
        messages.success(request, _("Saved."))
        return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(request, "enterprises/detail.html", context)
