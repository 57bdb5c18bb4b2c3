"""The shared changes page: what changed since a day, per member and category, as far as
the reader may read; the reader's subscriptions; the office's sharing policy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import READS_ALL, Action, Kind, region_resource
from deltacap.domain.errors import DeltacapError
from deltacap.domain.sharing import Category, parse_categories
from deltacap.domain.sharing_crosswalk import GapKind
from deltacap.sharing import bundles, crosswalk, selectors, services
from deltacap.sharing.crosswalk import found_enterprise
from deltacap.sharing.models import CATEGORY_CHOICES, SCOPE_CHOICES
from deltacap.sharing.schemas import verification_out
from deltacap.web.errors import message_of, status_of

# The newest changes a page shows (the API gives up to selectors.MAX_CHANGES).
PAGE_LIMIT = 100
# The enterprises the crosswalk page lists (the API and the command line give them all).
CROSSWALK_LIMIT = 300


def _error_page(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _filters(request: HttpRequest) -> tuple[str, str | None, list[Category]]:
    """The form's day, member and categories (bad values: a message, the defaults)."""
    default = (timezone.localdate() - timedelta(days=7)).isoformat()
    since = request.GET.get("since", "").strip() or default
    member = request.GET.get("member", "").strip()
    try:
        selectors.parse_since(since)
        chosen = parse_categories(request.GET.getlist("category"))
    except DeltacapError as exc:
        messages.error(request, message_of(exc))
        since, chosen = default, []
    return since, (None if not member else "" if member == "region" else member), chosen


def _context(request: HttpRequest) -> dict[str, Any]:
    since, member, chosen = _filters(request)
    items = selectors.changes_since(
        request.user,
        since=selectors.parse_since(since),
        member=member,
        categories=chosen,
        limit=PAGE_LIMIT,
    )
    scopes = selectors.policy()
    scope_words = {value: str(words) for value, words in SCOPE_CHOICES}
    return {
        "since": since,
        "member": "region" if member == "" else (member or ""),
        "members": selectors.members(),
        "chosen": [c.value for c in chosen],
        "categories": CATEGORY_CHOICES,
        "items": items,
        "limit": PAGE_LIMIT,
        "policy": [
            (c.value, selectors.category_words(c), s.value, scope_words[s.value])
            for c, s in scopes.items()
        ],
        "scopes": SCOPE_CHOICES,
        "may_set_policy": can(
            request.user, Action.SET_SHARING_POLICY, region_resource(Kind.SHARING_POLICY)
        ),
        "may_subscribe": request.user.is_authenticated
        and can(request.user, Action.SUBSCRIBE_CHANGES, request.user),
        "subscribed": [c.value for c in selectors.subscriptions(request.user)],
    }


@login_required
@require_safe
def changes_page(request: HttpRequest) -> HttpResponse:
    try:
        context = _context(request)
    except DeltacapError as exc:
        return _error_page(request, exc)
    return render(request, "sharing/changes.html", context)


@login_required
@require_POST
def subscriptions_page(request: HttpRequest) -> HttpResponse:
    try:
        services.set_subscriptions(
            by=request.user, channel="page", categories=request.POST.getlist("category")
        )
    except DeltacapError as exc:
        if status_of(exc) == 403:
            return _error_page(request, exc)
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("sharing:changes")


@login_required
@require_POST
def policy_page(request: HttpRequest) -> HttpResponse:
    try:
        services.set_policy(
            by=request.user,
            channel="page",
            category=request.POST.get("category", ""),
            scope=request.POST.get("scope", ""),
        )
    except DeltacapError as exc:
        if status_of(exc) == 403:
            return _error_page(request, exc)
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("sharing:changes")


def _periods() -> list[Any]:
    from deltacap.reference.models import PlanningPeriod

    return list(PlanningPeriod.objects.order_by("start_year"))


def _bundle_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "members": selectors.members(),
        "periods": _periods(),
        "may_region": request.user.is_authenticated
        and principal_of(request.user).role in READS_ALL,
        "may_verify": request.user.is_authenticated
        and can(request.user, Action.VERIFY_SHARING_BUNDLE, request.user),
        "result": None,
    }


@login_required
@require_safe
def bundle_page(request: HttpRequest) -> HttpResponse:
    """The export bundle: the form, and with ``member`` the zip itself."""
    member = request.GET.get("member", "").strip()
    try:
        selectors.check_reader(request.user)
        context = _bundle_context(request)
        if member:
            made = bundles.export_bundle(
                request.user, member=member, period=request.GET.get("period", "14fyp").strip()
            )
            response = HttpResponse(made.content, content_type="application/zip")
            response["Content-Disposition"] = content_disposition_header(True, made.filename) or ""
            return response
    except DeltacapError as exc:
        if status_of(exc) in (401, 403):
            return _error_page(request, exc)
        messages.error(request, message_of(exc))
        context = _bundle_context(request)
    return render(request, "sharing/bundles.html", context)


@login_required
@require_POST
def bundle_verify_page(request: HttpRequest) -> HttpResponse:
    """Check an uploaded bundle against its manifest (nothing is stored)."""
    try:
        result = bundles.verify_upload(by=request.user, upload=request.FILES.get("file"))
    except DeltacapError as exc:
        if status_of(exc) in (401, 403):
            return _error_page(request, exc)
        messages.error(request, message_of(exc))
        return redirect("sharing:bundle")
    context = _bundle_context(request)
    context["result"] = verification_out(result)
    return render(request, "sharing/bundles.html", context)


@login_required
@require_safe
def crosswalk_page(request: HttpRequest) -> HttpResponse:
    """The gaps per member and the enterprises' identifiers, as far as the reader reads."""
    member = request.GET.get("member", "").strip() or None
    only_gaps = request.GET.get("gaps") == "1"
    items = crosswalk.crosswalks(request.user, member=member)
    counts = crosswalk.gaps_by_member(items)
    kinds = list(GapKind)
    shown = [c for c in items if c.gaps or not only_gaps]
    context = {
        "members": selectors.members(),
        "member": member or "",
        "only_gaps": only_gaps,
        "items": shown[:CROSSWALK_LIMIT],
        "more": max(len(shown) - CROSSWALK_LIMIT, 0),
        "kinds": [(k.value, crosswalk.gap_words(k)) for k in kinds],
        "counts": [
            (code, [counts[code].get(k.value, 0) for k in kinds]) for code in sorted(counts)
        ],
    }
    return render(request, "sharing/crosswalk.html", context)


@login_required
@require_safe
def enterprise_crosswalk_page(request: HttpRequest, sharing_enterprise_id: int) -> HttpResponse:
    try:
        found = crosswalk.crosswalk_of(request.user, sharing_enterprise_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    enterprise = found_enterprise(sharing_enterprise_id)
    return render(
        request,
        "sharing/crosswalk_enterprise.html",
        {
            "cw": found,
            "gaps": [(crosswalk.gap_words(g.kind), g.subject) for g in found.gaps],
            "may_set_permit": enterprise is not None
            and can(request.user, Action.SET_PERMIT_NUMBER, enterprise),
        },
    )


@login_required
@require_POST
def permit_number_page(request: HttpRequest, sharing_enterprise_id: int) -> HttpResponse:
    try:
        services.set_permit_number(
            by=request.user,
            channel="page",
            enterprise_id=sharing_enterprise_id,
            number=request.POST.get("permit_number", ""),
        )
    except DeltacapError as exc:
        if status_of(exc) in (403, 404):
            return _error_page(request, exc)
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("sharing:crosswalk_enterprise", sharing_enterprise_id=sharing_enterprise_id)
