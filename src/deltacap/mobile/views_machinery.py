"""Pages of non-road machinery: the look-up of a machine by its registration code (any
member's, with its registering member, checks and notices), the field-check form, the
machines one reads, the notices of failed checks with the registering member's response
form, and the import of a member's machinery list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import Action, Kind, Role
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.mobile import config, labels, machinery, selectors, services, views_notices
from deltacap.mobile.importing import MACHINE_HEADERS, MACHINE_OPTIONAL
from deltacap.mobile.models import Machine, MachineNotice
from deltacap.mobile.views_import import import_page
from deltacap.reference.models import Division
from deltacap.web.errors import message_of, status_of


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _member(request: HttpRequest) -> str:
    code = principal_of(request.user).division_code
    division = Division.objects.filter(code=code).first() if code else None
    return (division.member_code or "") if division else ""


def _may(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_import_machinery": can(
            request.user, Action.EDIT_MACHINE, services.own_area(request.user, Kind.MACHINE)
        ),
        "can_check": can(
            request.user,
            Action.RECORD_MACHINE_CHECK,
            services.own_area(request.user, Kind.MACHINE_CHECK),
        ),
        "reads_notices": principal_of(request.user).role is not Role.ENTERPRISE,
    }


def _words(m: Machine) -> dict[str, str]:
    return {
        "type": labels.word(labels.MACHINE_TYPES, m.machine_type),
        "fuel": labels.word(labels.ENGINE_FUELS, m.engine_fuel),
        "stage": labels.word(labels.STAGES, m.stage),
    }


def _notice_row(notice: MachineNotice, today: Any) -> dict[str, Any]:
    answers = list(notice.responses.all())
    return {
        "notice": notice,
        "overdue": notice.overdue(today),
        "latest": labels.word(labels.RESPONSES, answers[-1].kind) if answers else "",
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The machines one reads and the notices to and from one's member."""
    try:
        rows = list(selectors.machines(request.user)[:500])
    except DeltacapError as exc:
        return _error(request, exc)
    today = timezone.localdate()
    member = _member(request)
    may = _may(request)
    lists = []
    if may["reads_notices"]:
        if member:
            for direction, title in (
                ("to", _("Notices to my member (its machines failed elsewhere)")),
                ("from", _("Notices from my member (machines of others failed here)")),
            ):
                found = selectors.machine_notices(member=member, direction=direction)
                lists.append({"id": f"machine-notices-{direction}", "title": title,
                              "rows": [_notice_row(n, today) for n in found]})  # fmt: skip
        else:
            found = selectors.machine_notices()
            lists.append({"id": "machine-notices-all", "title": _("All notices"),
                          "rows": [_notice_row(n, today) for n in found]})  # fmt: skip
    context = {
        "machines": [{"m": m, "words": _words(m)} for m in rows],
        "lists": lists,
        "code_format": config.machinery_code(),
        **may,
    }
    return render(request, "mobile/machinery.html", context)


def _cities(request: HttpRequest) -> list[Division]:
    """The cities where the one looking records checks (its own member's or city's)."""
    code = principal_of(request.user).division_code
    if not code:
        return []
    rows = Division.objects.filter(prefecture=True).select_related("parent").order_by("code")
    found = [c for c in rows if code in c.path()]
    if not found:  # a county's editor: its own county
        found = list(Division.objects.select_related("parent").filter(code=code))
    return found


def _machine_context(request: HttpRequest, found: Machine) -> dict[str, Any]:
    today = timezone.localdate()
    may = _may(request)
    notices = selectors.notices_of(request.user, found)
    return {
        "machine": found,
        "words": _words(found),
        "checks": [
            {"c": c, "result": labels.word(labels.CHECK_RESULTS, c.result)}
            for c in selectors.checks(found)
        ],
        "notices": [_notice_row(n, today) for n in notices],
        "cities": _cities(request),
        "today": today,
        "values": {},
        **may,
    }


@login_required
@require_safe
def machine_page(request: HttpRequest) -> HttpResponse:
    """A machine by its code (``?code=``), from any member."""
    typed = request.GET.get("code", "").strip()
    try:
        if not typed:
            raise InvalidInput(gettext_noop("Enter a registration code."), field="code")
        found = selectors.machine(request.user, typed)
    except DeltacapError as exc:
        return _error(request, exc)
    return render(request, "mobile/machine.html", _machine_context(request, found))


@login_required
@require_POST
def record_check(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("machine_code", "")
    try:
        check = machinery.record_check(
            by=request.user,
            channel="page",
            code=code,
            city=request.POST.get("city", ""),
            place=request.POST.get("place", ""),
            result=request.POST.get("result", ""),
            day=request.POST.get("day", ""),
            low_emission_zone=request.POST.get("low_emission_zone") == "1",
            note=request.POST.get("note", ""),
        )
    except DeltacapError as exc:
        try:
            found = selectors.machine(request.user, code)
        except DeltacapError as denied:
            return _error(request, denied)
        context = _machine_context(request, found)
        context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
        return render(request, "mobile/machine.html", context, status=status_of(exc))
    if check.accepted:
        messages.success(
            request, _("The check is recorded: accepted in the zone on its home registration.")
        )
    elif check.result == "fail" and check.member_code != check.machine.member_code:
        messages.success(
            request, _("The check is recorded; a notice went to the registering member.")
        )
    else:
        messages.success(request, _("The check is recorded."))
    return redirect(reverse("mobile:machine") + "?code=" + check.machine.code)


NOTICES = views_notices.NoticePages(
    check_reader=selectors.check_machine_notices_reader,
    get_notice=machinery.get_notice,
    read_notice=selectors.machine_notice,
    respond=machinery.respond,
    respond_action=Action.RESPOND_MACHINE_NOTICE,
    template="mobile/machine_notice.html",
    url_name="mobile:machine_notice",
    url_param="machine_notice_id",
    row=lambda notice, today: _notice_row(notice, today),
    extra=lambda notice: {"result": labels.word(labels.CHECK_RESULTS, notice.check_record.result)},
)


@login_required
@require_safe
def notice_page(request: HttpRequest, machine_notice_id: int) -> HttpResponse:
    return views_notices.notice_page(NOTICES, request, machine_notice_id)


@login_required
@require_POST
def respond(request: HttpRequest, machine_notice_id: int) -> HttpResponse:
    return views_notices.respond(NOTICES, request, machine_notice_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_machinery(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "kind": "machinery",
        "columns": [names[0] for names in MACHINE_HEADERS.values()],
        "optional_columns": [names[0] for names in MACHINE_OPTIONAL.values()],
        **_may(request),
    }
    return import_page(request, context, machinery.require_import, machinery.import_machinery)
