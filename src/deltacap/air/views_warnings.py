"""Heavy-pollution warning pages: the warnings (the public sees those in force), a warning
with its history, notices and forms to raise, lower or lift it, the issue form, the
notice as a Word document, and a member's notices with read/unread marking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.air import warning_docx, warning_selectors, warnings
from deltacap.air.models import AirWarning, WarningStep, warning_resource
from deltacap.air.selectors import cities, local_now
from deltacap.domain.access import Action, Role
from deltacap.domain.air import warnings as scheme_rules
from deltacap.domain.air.warnings import WarningLevel
from deltacap.domain.errors import DeltacapError, NotFound, gettext_noop
from deltacap.web.errors import message_of, status_of


def _error_page(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _get(request: HttpRequest, warning_id: int) -> AirWarning:
    warning = warnings.get_warning(warning_id)
    if not warning_selectors.visible_warnings(request.user).filter(pk=warning.pk).exists():
        raise NotFound(gettext_noop("No warning {id}."), field="id", id=warning_id)
    return warning


def _issuable_cities(request: HttpRequest) -> list[Any]:
    return [c for c in cities() if can(request.user, Action.ISSUE_AIR_WARNING, warning_resource(c))]


def _may_issue(request: HttpRequest) -> bool:
    regional = can(request.user, Action.ISSUE_AIR_WARNING, warning_resource(None))
    return regional or bool(_issuable_cities(request))


@require_safe
def warning_list(request: HttpRequest) -> HttpResponse:
    active = request.GET.get("active") == "1"
    rows = warning_selectors.visible_warnings(request.user, active=active)
    principal = principal_of(request.user)
    context = {
        "rows": rows,
        "active_only": active,
        "sees_all": principal.role in warning_selectors.OFFICIALS,
        "may_issue": _may_issue(request),
        "has_notices": principal.role in (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER),
        "unread": warning_selectors.unread_count(request.user),
    }
    return render(request, "air/warnings.html", context)


def _levels(warning: AirWarning, step: WarningStep) -> list[str]:
    current = WarningLevel(warning.level)
    levels = scheme_rules.scheme(warning.scheme).levels
    if step is WarningStep.RAISE:
        return [lv.value for lv in levels if lv.rank > current.rank]
    return [lv.value for lv in reversed(levels) if lv.rank < current.rank]


def _warning_context(request: HttpRequest, warning: AirWarning) -> dict[str, Any]:
    may = {
        step: can(request.user, action, warning) and warning.active
        for step, action in (
            ("raise", Action.RAISE_AIR_WARNING),
            ("lower", Action.LOWER_AIR_WARNING),
            ("lift", Action.LIFT_AIR_WARNING),
        )
    }
    notices = warning_selectors.notices_of(warning, request.user)
    return {
        "warning": warning,
        "history": warning_selectors.history(warning),
        "notices": [
            {"notice": n, "may_mark": can(request.user, Action.MARK_AIR_WARNING_NOTICE, n)}
            for n in notices
        ],
        "share": warning_selectors.reduction_share(warning),
        "list_check": warning_selectors.list_check(warning)
        if warning_selectors.may_see_list_check(request.user)
        else None,
        "scheme": scheme_rules.scheme(warning.scheme),
        "may": may,
        "raise_levels": _levels(warning, WarningStep.RAISE),
        "lower_levels": _levels(warning, WarningStep.LOWER),
        "today": local_now().date(),
    }


@require_safe
def warning_page(request: HttpRequest, warning_id: int) -> HttpResponse:
    try:
        warning = _get(request, warning_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    return render(request, "air/warning.html", _warning_context(request, warning))


def _on_warning(
    request: HttpRequest, warning_id: int, form: str, write: Callable[[], object], done: str
) -> HttpResponse:
    """One write of a warning's page: back to it with ``done``, or the page again with the
    refusal at the field of ``form``."""
    try:
        write()
    except DeltacapError as exc:
        try:
            warning = _get(request, warning_id)
        except DeltacapError as other:
            return _error_page(request, other)
        context = _warning_context(request, warning)
        context.update(
            error=message_of(exc), error_field=exc.field, error_form=form, values=request.POST
        )
        return render(request, "air/warning.html", context, status=status_of(exc))
    messages.success(request, done)
    return redirect("air:warning", warning_id=warning_id)


def _series(request: HttpRequest) -> list[str]:
    text = request.POST.get("forecast_aqi", "").replace("，", ",").strip()
    return [v.strip() for v in text.split(",")] if text else []


def _change(request: HttpRequest, warning_id: int, step: WarningStep) -> HttpResponse:
    def write() -> object:
        return warnings.change_level(
            by=request.user,
            channel="page",
            warning_id=warning_id,
            step=step,
            level=request.POST.get("level", ""),
            forecast_aqi=_series(request),
            day=request.POST.get("day") or None,
            expected_end=request.POST.get("expected_end") or None,
            note=request.POST.get("note", ""),
        )

    done = (
        _("The warning was raised.") if step is WarningStep.RAISE else _("The warning was lowered.")
    )
    return _on_warning(request, warning_id, step.value, write, done)


@login_required
@require_POST
def warning_raise(request: HttpRequest, warning_id: int) -> HttpResponse:
    return _change(request, warning_id, WarningStep.RAISE)


@login_required
@require_POST
def warning_lower(request: HttpRequest, warning_id: int) -> HttpResponse:
    return _change(request, warning_id, WarningStep.LOWER)


@login_required
@require_POST
def warning_lift(request: HttpRequest, warning_id: int) -> HttpResponse:
    def write() -> object:
        return warnings.lift_warning(
            by=request.user,
            channel="page",
            warning_id=warning_id,
            day=request.POST.get("day") or None,
            note=request.POST.get("note", ""),
        )

    return _on_warning(request, warning_id, "lift", write, _("The warning was lifted."))


def _issue_context(request: HttpRequest) -> dict[str, Any]:
    today = local_now().date()
    return {
        "cities": _issuable_cities(request),
        "regional": can(request.user, Action.ISSUE_AIR_WARNING, warning_resource(None)),
        "levels": list(WarningLevel),
        "start": today,
        "expected_end": today + timedelta(days=3),
        "schemes": list(scheme_rules.SCHEMES.values()),
    }


@login_required
def warning_issue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            warning = warnings.issue_warning(
                by=request.user,
                channel="page",
                city=request.POST.get("city", ""),
                start=request.POST.get("start", ""),
                expected_end=request.POST.get("expected_end", ""),
                forecast_aqi=_series(request),
                level=request.POST.get("level", ""),
                note=request.POST.get("note", ""),
            )
        except DeltacapError as exc:
            context = _issue_context(request) | {
                "error": message_of(exc),
                "error_field": exc.field,
                "values": request.POST,
            }
            return render(request, "air/warning_issue.html", context, status=status_of(exc))
        messages.success(request, _("The warning was issued and the other members notified."))
        return redirect("air:warning", warning_id=warning.pk)
    if not _may_issue(request):
        message = _(
            "Only a member's editors (for its cities) and the region office issue warnings."
        )
        return render(request, "web/error.html", {"message": message}, status=403)
    return render(request, "air/warning_issue.html", _issue_context(request))


@require_safe
def warning_document(request: HttpRequest, warning_id: int) -> HttpResponse:
    try:
        warning = _get(request, warning_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    response = HttpResponse(
        warning_docx.notice_docx(warning, warning_selectors.list_check_for(warning, request.user)),
        content_type=warning_docx.DOCX,
    )
    response["Content-Disposition"] = warning_docx.disposition(warning)
    return response


@login_required
@require_safe
def notice_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {"notice": n, "may_mark": can(request.user, Action.MARK_AIR_WARNING_NOTICE, n)}
        for n in warning_selectors.member_notices(request.user)
    ]
    return render(request, "air/warning_notices.html", {"rows": rows})


@login_required
@require_POST
def notice_mark(request: HttpRequest, notice_id: int) -> HttpResponse:
    read = request.POST.get("read", "1") != "0"
    try:
        warnings.mark_notice(by=request.user, channel="page", notice_id=notice_id, read=read)
    except DeltacapError as exc:
        return _error_page(request, exc)
    messages.success(request, _("Marked as read.") if read else _("Marked as unread."))
    return redirect("air:warning_notices")
