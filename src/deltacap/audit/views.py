"""The audit trail page: the office reads all, a member's staff read their member's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.audit.forms import AuditFilterForm
from deltacap.audit.schemas import readable_groups
from deltacap.audit.selectors import BadCursor, GroupPage, group_page
from deltacap.domain.access import REGION, Action, Kind, Resource, allowed

GROUPS_PER_PAGE = 50
EVENTS_PER_PAGE = 1000  # a larger operation goes on over the next page


def _more_link(request: HttpRequest, cursor: str | None) -> str:
    if cursor is None:
        return ""
    query = request.GET.copy()
    query["cursor"] = cursor
    return f"?{query.urlencode()}"


def _first_link(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("cursor", None)
    return f"?{query.urlencode()}"


@login_required
@require_safe
def audit_page(request: HttpRequest) -> HttpResponse:
    # Open to those who may read the trail of their own area (the office: the region's);
    # a city editor or an enterprise is refused rather than shown an empty page.
    principal = principal_of(request.user)
    area = (REGION, principal.division_code) if principal.division_code else (REGION,)
    if not allowed(principal, Action.READ, Resource(Kind.AUDIT_EVENT, area)):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, user=request.user)
    valid = form.is_valid() if request.GET else True
    page = GroupPage([], None)
    if valid:
        cursor = request.GET.get("cursor") or None
        try:
            page = group_page(
                request.user,
                form.to_filter(),
                cursor=cursor,
                limit=GROUPS_PER_PAGE,
                max_events=EVENTS_PER_PAGE,
            )
        except BadCursor:
            page = group_page(request.user, form.to_filter(), limit=GROUPS_PER_PAGE)
    context = {
        "form": form,
        "filtered": form.filtered(),
        "groups": readable_groups(page.groups),
        "more": _more_link(request, page.next_cursor),
        "first": _first_link(request) if request.GET.get("cursor") else "",
    }
    return render(request, "audit/events.html", context, status=200 if valid else 422)
