"""The working group's pages: the group and its next meeting, a meeting with its agenda,
minutes, documents and action items, the plan's calendar with the reader's notices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from deltacap.accounts.permissions import can, principal_of
from deltacap.domain.access import REGION as REGION_CODE
from deltacap.domain.access import Action, Kind, Resource, Role, region_resource
from deltacap.domain.errors import DeltacapError, NotFound, gettext_noop
from deltacap.web.errors import message_of, status_of
from deltacap.working import selectors, services
from deltacap.working.models import ROLE_CHOICES, STATUS_CHOICES, ActionItem, Meeting


def _today() -> date:
    return timezone.localdate()


def _own_member(request: HttpRequest) -> str:
    principal = principal_of(request.user)
    if principal.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER):
        return principal.division_code or ""
    return ""


def _upload(request: HttpRequest) -> services.Upload | None:
    upload = request.FILES.get("file")
    if upload is None:
        return None
    return services.Upload(upload.name or "file", upload.read())


def _error_page(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


def _unit_editable(request: HttpRequest, code: str) -> bool:
    resource = (
        Resource(Kind.GROUP_PERSON, (REGION_CODE, code), level="member")
        if code
        else region_resource(Kind.GROUP_PERSON)
    )
    return can(request.user, Action.EDIT_GROUP_MEMBER, resource)


def _index_context(request: HttpRequest) -> dict[str, Any]:
    today = _today()
    units = selectors.group()
    return {
        "units": [(u, _unit_editable(request, u.code)) for u in units],
        "member_roles": ROLE_CHOICES[:3],
        "office_roles": ROLE_CHOICES[3:],
        "next": selectors.next_meeting(today),
        "meetings": selectors.meetings(),
        "by_member": selectors.open_items_by_member(today),
        "overdue_items": selectors.action_items(overdue_only=True, today=today),
        "members": selectors.members(),
        "can_schedule": can(request.user, Action.SCHEDULE_MEETING, Meeting()),
        "today": today,
        "values": {},
    }


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    try:
        selectors.check_reader(request.user)
    except DeltacapError as exc:
        return _error_page(request, exc)
    return render(request, "working/index.html", _index_context(request))


def _index_with_error(
    request: HttpRequest, exc: DeltacapError, form: str, error_id: Any = None
) -> HttpResponse:
    try:
        selectors.check_reader(request.user)
    except DeltacapError as denied:
        return _error_page(request, denied)
    context = _index_context(request)
    context.update(
        error=message_of(exc),
        error_field=exc.field,
        error_form=form,
        error_id=error_id,
        values=request.POST,
    )
    return render(request, "working/index.html", context, status=status_of(exc))


_PERSON_FIELDS = ("role", "name", "position", "phone", "email")


@login_required
@require_POST
def person_add(request: HttpRequest) -> HttpResponse:
    member = request.POST.get("member", "")
    values = {f: request.POST.get(f, "") for f in _PERSON_FIELDS}
    try:
        services.save_person(by=request.user, channel="page", member=member, values=values)
    except DeltacapError as exc:
        return _index_with_error(request, exc, "add", member)
    messages.success(request, _("Saved."))
    return redirect("working:index")


@login_required
@require_POST
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        if request.POST.get("remove"):
            services.remove_person(by=request.user, channel="page", person_id=person_id)
            messages.success(request, _("Removed from the working group."))
        else:
            values = {f: request.POST[f] for f in _PERSON_FIELDS if f in request.POST}
            services.save_person(
                by=request.user, channel="page", person_id=person_id, values=values
            )
            messages.success(request, _("Saved."))
    except DeltacapError as exc:
        return _index_with_error(request, exc, "person", person_id)
    return redirect("working:index")


@login_required
@require_POST
def schedule(request: HttpRequest) -> HttpResponse:
    try:
        meeting = services.schedule_meeting(
            by=request.user,
            channel="page",
            day=request.POST.get("day", ""),
            place=request.POST.get("place", ""),
            host=request.POST.get("host", ""),
            title=request.POST.get("title", ""),
        )
    except DeltacapError as exc:
        return _index_with_error(request, exc, "schedule")
    messages.success(request, _("Meeting scheduled."))
    return redirect("working:meeting", meeting_id=meeting.pk)


# --- one meeting -------------------------------------------------------------------------------


def _meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    today = _today()
    own = _own_member(request)
    principal = principal_of(request.user)
    actions = list(meeting.actions.select_related("owner"))
    return {
        "meeting": meeting,
        "held": meeting.day <= today,
        "agenda": list(meeting.agenda.select_related("member")),
        "documents": list(meeting.documents.all()),
        "actions": [_row(request, a, today) for a in actions],
        "members": selectors.members(),
        "statuses": STATUS_CHOICES,
        "is_office": principal.role is Role.OFFICE,
        "may_propose": principal.role is Role.OFFICE
        or (principal.role is Role.MEMBER_EDITOR and bool(own)),
        "may_record": can(request.user, Action.RECORD_MINUTES, meeting),
        "values": {},
        "today": today,
    }


def _row(request: HttpRequest, item: ActionItem, today: date) -> dict[str, Any]:
    return {
        "item": item,
        "overdue": selectors.overdue(item, today),
        "editable": can(request.user, Action.UPDATE_ACTION_ITEM, item),
    }


def _get_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    selectors.check_reader(request.user)
    return services.get_meeting(meeting_id)


@login_required
@require_safe
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    try:
        meeting = _get_meeting(request, meeting_id)
    except DeltacapError as exc:
        return _error_page(request, exc)
    return render(request, "working/meeting.html", _meeting_context(request, meeting))


def _meeting_with_error(
    request: HttpRequest, meeting_id: int, exc: DeltacapError, form: str, error_id: Any = None
) -> HttpResponse:
    try:
        meeting = _get_meeting(request, meeting_id)
    except DeltacapError as other:
        return _error_page(request, other)
    context = _meeting_context(request, meeting)
    context.update(
        error=message_of(exc),
        error_field=exc.field,
        error_form=form,
        error_id=error_id,
        values=request.POST,
    )
    return render(request, "working/meeting.html", context, status=status_of(exc))


def _on_meeting(
    request: HttpRequest, meeting_id: int, form: str, write: Callable[[], object], done: str
) -> HttpResponse:
    """One write of a meeting's page: back to the meeting with ``done``, or the meeting
    again with the refusal at the field of ``form``."""
    try:
        write()
    except DeltacapError as exc:
        return _meeting_with_error(request, meeting_id, exc, form)
    messages.success(request, done)
    return redirect("working:meeting", meeting_id=meeting_id)


@login_required
@require_POST
def minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    values = {
        f: request.POST[f] for f in ("participants", "minutes", "decisions") if f in request.POST
    }
    return _on_meeting(
        request,
        meeting_id,
        "minutes",
        lambda: services.record_minutes(
            by=request.user, channel="page", meeting_id=meeting_id, values=values
        ),
        _("Minutes saved."),
    )


@login_required
@require_POST
def document_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _on_meeting(
        request,
        meeting_id,
        "document",
        lambda: services.add_document(
            by=request.user,
            channel="page",
            meeting_id=meeting_id,
            title=request.POST.get("title", ""),
            link=request.POST.get("link", ""),
            upload=_upload(request),
        ),
        _("Document added."),
    )


@login_required
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _on_meeting(
        request,
        meeting_id,
        "agenda",
        lambda: services.propose_agenda_item(
            by=request.user,
            channel="page",
            meeting_id=meeting_id,
            title=request.POST.get("title", ""),
            note=request.POST.get("note", ""),
            member=request.POST.get("member") or None,
        ),
        _("Agenda item proposed; the office will decide on it."),
    )


@login_required
@require_POST
def agenda_decide(request: HttpRequest, agenda_id: int) -> HttpResponse:
    try:
        item = services.get_agenda_item(agenda_id)
        services.decide_agenda_item(
            by=request.user,
            channel="page",
            agenda_id=agenda_id,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
        )
    except NotFound as exc:
        return _error_page(request, exc)
    except DeltacapError as exc:
        return _meeting_with_error(request, item.meeting_id, exc, "decide", agenda_id)
    messages.success(request, _("Decision recorded."))
    return redirect("working:meeting", meeting_id=item.meeting_id)


@login_required
@require_POST
def action_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _on_meeting(
        request,
        meeting_id,
        "action",
        lambda: services.create_action_item(
            by=request.user,
            channel="page",
            meeting_id=meeting_id,
            owner=request.POST.get("member", ""),
            title=request.POST.get("title", ""),
            due=request.POST.get("due", ""),
        ),
        _("Action item added."),
    )


@login_required
@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:
    """htmx: set an action item's status and evidence; answers its row (with the error at
    the field when refused)."""
    context: dict[str, Any] = {"statuses": STATUS_CHOICES, "values": {}}
    failure: DeltacapError | None = None
    try:
        services.update_action_item(
            by=request.user,
            channel="page",
            action_id=action_id,
            status=request.POST.get("status", ""),
            evidence=request.POST.get("evidence"),
            upload=_upload(request),
            note=request.POST.get("note"),
        )
        status = 200
    except NotFound as exc:
        return _error_page(request, exc)
    except DeltacapError as exc:
        context.update(error=message_of(exc), error_field=exc.field, values=request.POST)
        status, failure = status_of(exc), exc
    item = services.get_action_item(action_id)
    if not request.headers.get("HX-Request"):
        if failure is None:
            messages.success(request, _("Action item updated."))
            return redirect("working:meeting", meeting_id=item.meeting_id)
        return _meeting_with_error(request, item.meeting_id, failure, "row", action_id)
    context["a"] = _row(request, item, _today())
    if status == 200:
        context["saved"] = True
    return render(request, "working/_action_row.html", context, status=status)


# --- files -------------------------------------------------------------------------------------


def _file(sha256: str, filename: str) -> HttpResponseBase:
    path = services.stored_file(sha256)
    if path is None:
        raise NotFound(gettext_noop("The file is no longer in the data folder."), field="file")
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename)


@login_required
@require_safe
def document_file(request: HttpRequest, document_id: int) -> HttpResponseBase:
    try:
        selectors.check_reader(request.user)
        document = services.get_document(document_id)
        return _file(document.sha256, document.filename)
    except DeltacapError as exc:
        return _error_page(request, exc)


@login_required
@require_safe
def action_file(request: HttpRequest, action_id: int) -> HttpResponseBase:
    try:
        selectors.check_reader(request.user)
        item = services.get_action_item(action_id)
        return _file(item.evidence_sha256, item.evidence_filename)
    except DeltacapError as exc:
        return _error_page(request, exc)


# --- the calendar --------------------------------------------------------------------------------


@login_required
@require_safe
def calendar_page(request: HttpRequest) -> HttpResponse:
    try:
        selectors.check_reader(request.user)
    except DeltacapError as exc:
        return _error_page(request, exc)
    today = _today()
    principal = principal_of(request.user)
    everyone = principal.role is Role.OFFICE
    own = _own_member(request)
    notices = (
        selectors.notices_by_member(today) if everyone else {own: selectors.notices(own, today)}
    )
    names = {m.code: m.name for m in selectors.members()}
    context = {
        "deadlines": [
            (d, selectors.deadline_words(d), (d.day - today).days)
            for d in selectors.deadlines(today)
        ],
        "notices": [
            (names.get(code, _("Working group office")), rows) for code, rows in notices.items()
        ],
        "today": today,
    }
    return render(request, "working/calendar.html", context)
