"""/api/v1/working: the working group, its meetings, agenda, minutes, documents (links;
files are uploaded on the meeting's page) and action items, and the plan's calendar."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import Role
from deltacap.inputs import Code, Day, Id, Note, Text
from deltacap.working import selectors, services
from deltacap.working.schemas import action_out, agenda_out, document_out, meeting_out, person_out

router = Router(tags=["working"], auth=AUTH)


class GroupPersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # The member's code; "" or absent: the office.
    member: Annotated[str, Text(40)] = ""
    role: Annotated[str, Text(20)] = "liaison"
    name: Annotated[str, Text(100)]
    position: Annotated[str, Text(200)] = ""
    phone: Annotated[str, Text(40)] = ""
    email: Annotated[str, Text(200)] = ""


class GroupPersonPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    role: Annotated[str, Text(20)] | None = None
    name: Annotated[str, Text(100)] | None = None
    position: Annotated[str, Text(200)] | None = None
    phone: Annotated[str, Text(40)] | None = None
    email: Annotated[str, Text(200)] | None = None


class MeetingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    day: Day
    place: Annotated[str, Text(200)]
    # The host member's code.
    host: Annotated[str, Text(40)]
    title: Annotated[str, Text(200)] = ""


class MinutesIn(Schema):
    model_config = ConfigDict(extra="forbid")

    participants: Annotated[str, Note(5000)] | None = None
    minutes: Annotated[str, Note(5000)] | None = None
    decisions: Annotated[str, Note(5000)] | None = None


class AgendaIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Text(200)]
    note: Annotated[str, Note(5000)] = ""
    # The proposing member (default: the editor's own; the office: "" for the group).
    member: Annotated[str, Text(40)] | None = None


class AgendaDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    reason: Annotated[str, Note(5000)] = ""


class MeetingDocumentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, Text(200)]
    link: Annotated[str, Text(500)]


class ActionItemIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # The owner member's code.
    member: Annotated[str, Text(40)]
    title: Annotated[str, Text(200)]
    due: Day


class ActionItemPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    # open, in_progress, done or dropped
    status: Annotated[str, Text(20)]
    evidence: Annotated[str, Note(5000)] | None = None
    # Where the item stands (kept as it is when left out).
    note: Annotated[str, Note(5000)] | None = None


def _today() -> Any:
    return timezone.localdate()


@router.get("/group", response=list[dict[str, Any]])
def get_group(request: HttpRequest) -> list[dict[str, Any]]:
    """The group's people with their contact details (the group's staff only)."""
    selectors.check_reader(request.user)
    return [person_out(p) for unit in selectors.group() for p in unit.people]


@router.post("/group", response={201: dict[str, Any]})
def post_person(request: HttpRequest, body: GroupPersonIn) -> Status[dict[str, Any]]:
    values = body.model_dump(exclude={"member"})
    person = services.save_person(by=request.user, channel="api", member=body.member, values=values)
    return Status(201, person_out(person))


@router.patch("/group/{person_id}", response=dict[str, Any])
def patch_person(request: HttpRequest, person_id: Id, body: GroupPersonPatch) -> dict[str, Any]:
    values = body.model_dump(exclude_none=True)
    person = services.save_person(
        by=request.user, channel="api", person_id=person_id, values=values
    )
    return person_out(person)


@router.delete("/group/{person_id}", response={204: None})
def delete_person(request: HttpRequest, person_id: Id) -> Status[None]:
    services.remove_person(by=request.user, channel="api", person_id=person_id)
    return Status(204, None)


@router.get("/meetings", response=list[dict[str, Any]])
def get_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    selectors.check_reader(request.user)
    return [meeting_out(m, _today()) for m in selectors.meetings()]


@router.get("/meetings/next", response=dict[str, Any])
def get_next_meeting(request: HttpRequest) -> dict[str, Any]:
    """The last meeting, the next scheduled, the date proposed and the half-year warning."""
    selectors.check_reader(request.user)
    nxt = selectors.next_meeting(_today())
    return {
        "last": nxt.last.day.isoformat() if nxt.last else None,
        "scheduled": nxt.scheduled.day.isoformat() if nxt.scheduled else None,
        "proposed": nxt.proposed.isoformat(),
        "half_year_without_meeting": nxt.overdue,
    }


@router.post("/meetings", response={201: dict[str, Any]})
def post_meeting(request: HttpRequest, body: MeetingIn) -> Status[dict[str, Any]]:
    meeting = services.schedule_meeting(
        by=request.user,
        channel="api",
        day=body.day,
        place=body.place,
        host=body.host,
        title=body.title,
    )
    return Status(201, meeting_out(meeting, _today()))


@router.get("/meetings/{meeting_id}", response=dict[str, Any])
def get_meeting(request: HttpRequest, meeting_id: Id) -> dict[str, Any]:
    selectors.check_reader(request.user)
    return meeting_out(services.get_meeting(meeting_id), _today(), full=True)


@router.patch("/meetings/{meeting_id}", response=dict[str, Any])
def patch_meeting(request: HttpRequest, meeting_id: Id, body: MinutesIn) -> dict[str, Any]:
    """The office records participants, minutes and decisions (one a line)."""
    meeting = services.record_minutes(
        by=request.user,
        channel="api",
        meeting_id=meeting_id,
        values=body.model_dump(exclude_none=True),
    )
    return meeting_out(meeting, _today(), full=True)


@router.post("/meetings/{meeting_id}/agenda", response={201: dict[str, Any]})
def post_agenda(request: HttpRequest, meeting_id: Id, body: AgendaIn) -> Status[dict[str, Any]]:
    item = services.propose_agenda_item(
        by=request.user,
        channel="api",
        meeting_id=meeting_id,
        title=body.title,
        note=body.note,
        member=body.member,
    )
    return Status(201, agenda_out(item))


@router.post("/agenda/{agenda_id}/decision", response=dict[str, Any])
def post_decision(request: HttpRequest, agenda_id: Id, body: AgendaDecisionIn) -> dict[str, Any]:
    """The office accepts an agenda item, or declines it with a reason."""
    item = services.decide_agenda_item(
        by=request.user, channel="api", agenda_id=agenda_id, accept=body.accept, reason=body.reason
    )
    return agenda_out(item)


@router.post("/meetings/{meeting_id}/documents", response={201: dict[str, Any]})
def post_document(
    request: HttpRequest, meeting_id: Id, body: MeetingDocumentIn
) -> Status[dict[str, Any]]:
    document = services.add_document(
        by=request.user, channel="api", meeting_id=meeting_id, title=body.title, link=body.link
    )
    return Status(201, document_out(document))


@router.post("/meetings/{meeting_id}/actions", response={201: dict[str, Any]})
def post_action(request: HttpRequest, meeting_id: Id, body: ActionItemIn) -> Status[dict[str, Any]]:
    item = services.create_action_item(
        by=request.user,
        channel="api",
        meeting_id=meeting_id,
        owner=body.member,
        title=body.title,
        due=body.due,
    )
    return Status(201, action_out(item, _today()))


@router.get("/actions", response=list[dict[str, Any]])
def get_actions(
    request: HttpRequest, member: Code | None = None, overdue: bool = False
) -> list[dict[str, Any]]:
    """Action items, of one member, or only the overdue ones."""
    selectors.check_reader(request.user)
    today = _today()
    items = selectors.action_items(member=member, overdue_only=overdue, today=today)
    return [action_out(a, today) for a in items]


@router.patch("/actions/{action_id}", response=dict[str, Any])
def patch_action(request: HttpRequest, action_id: Id, body: ActionItemPatch) -> dict[str, Any]:
    """The owner member's editor (or the office) sets status, progress note and evidence."""
    item = services.update_action_item(
        by=request.user,
        channel="api",
        action_id=action_id,
        status=body.status,
        evidence=body.evidence,
        note=body.note,
    )
    return action_out(item, _today())


@router.get("/calendar", response=dict[str, Any])
def get_calendar(request: HttpRequest) -> dict[str, Any]:
    """The next deadlines of the plan's calendar and the reader's member's notices."""
    selectors.check_reader(request.user)
    today = _today()
    principal = principal_of(request.user)
    member = "" if principal.role is Role.OFFICE else (principal.division_code or "")
    return {
        "deadlines": [
            {
                "day": d.day.isoformat(),
                "kind": d.kind.value,
                "year": d.year,
                "text": selectors.deadline_words(d),
            }
            for d in selectors.deadlines(today)
        ],
        "notices": [
            {"day": n.day.isoformat(), "text": n.text, "overdue": n.overdue}
            for n in selectors.notices(member, today)
        ],
    }
