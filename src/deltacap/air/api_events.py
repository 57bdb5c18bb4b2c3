"""/api/v1/air/events: key-period events (public: the event and its goals), the members'
controlled-enterprise lists with their versions and diffs, the expected cuts against the
requirement and the proof of execution (the officials of every member), the office's
setting up of an event and a member editor's replacing of its own list."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import require
from deltacap.air import event_excel, event_selectors, event_services
from deltacap.air.models import AirEvent, ControlList
from deltacap.domain.access import Action
from deltacap.inputs import MAX_ID, Code, Day, Id, Note, Text, Whole

router = Router(tags=["air events"])


class EventOut(Schema):
    id: int
    name: str
    starts: date
    ends: date
    area: str
    aqi_max: int | None
    goals: str
    contacts: str
    cities: list[str]
    members: list[str]
    required_shares: dict[str, float]
    synthetic: bool


class EventIn(Schema):
    name: Annotated[str, Text(200)]
    starts: Day
    ends: Day
    cities: list[Code] = Field(description="City codes (GB/T 2260) the event protects")
    members: list[Code] = Field(default=[], description="Members involved besides the cities'")
    area: Annotated[str, Text(300)] = ""
    aqi_max: Annotated[int, Whole(1, 500, "a daily AQI, 1 to 500")] | None = None
    goals: Annotated[str, Note(2000)] = ""
    contacts: Annotated[str, Note(2000)] = ""
    required_shares: dict[str, float] = Field(
        default={},
        description="Required cut per pollutant in % of the listed enterprises' "
        "ordinary emission (SO2, NOx, PM, VOCs)",
    )


class ListIn(Schema):
    reason: Annotated[str, Text(500)]
    entries: list[dict[str, Any]] = Field(
        description="Enterprises: uscc, grade (A, B, C, leading or empty), baseline "
        "{pollutant: kg/d}, measures [{kind: stop|limit|stop_process|shift_transport, "
        "percent, detail, cuts {pollutant: kg/d}}]"
    )


def _event_out(event: AirEvent) -> EventOut:
    return EventOut(
        id=event.pk,
        name=event.name,
        starts=event.starts,
        ends=event.ends,
        area=event.area,
        aqi_max=event.aqi_max,
        goals=event.goals,
        contacts=event.contacts,
        cities=[c.code for c in event.cities.all()],
        members=[x.member_id for x in event.lists.all()],
        required_shares={k: float(v) for k, v in (event.required_shares or {}).items()},
        synthetic=event.synthetic,
    )


def _readable(request: HttpRequest, control_list: ControlList) -> None:
    require(request.user, Action.READ, control_list)


def _list(request: HttpRequest, event_id: Id, member: Code) -> ControlList:
    control_list = event_services.list_of(event_id, member)
    _readable(request, control_list)
    return control_list


@router.get("", response=list[EventOut], auth=None)
def list_events(request: HttpRequest) -> list[EventOut]:
    """Every key-period event with its dates, area, goals, cities and members (public)."""
    return [_event_out(e) for e in event_selectors.events()]


@router.post("", response={201: EventOut}, auth=AUTH)
def create_event(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    """The region office sets up an event; each member involved gets an empty list."""
    event = event_services.create_event(by=request.user, channel="api", **payload.model_dump())
    return Status(201, _event_out(event))


@router.get("/{event_id}", response=EventOut, auth=None)
def event_detail(request: HttpRequest, event_id: Id) -> EventOut:
    return _event_out(event_services.get_event(event_id))


@router.get("/{event_id}/lists/{member}", auth=AUTH)
def list_in_force(request: HttpRequest, event_id: Id, member: Code) -> dict[str, Any]:
    """A member's list in force (the officials of every member): its version, who made it,
    when and why, and its enterprises with their measures."""
    control_list = _list(request, event_id, member)
    version = event_services.latest(control_list)
    return {
        "list_id": control_list.pk,
        "member": control_list.member_id,
        "version": version.number if version else 0,
        "author": version.author if version else None,
        "created_at": version.created_at.isoformat() if version else None,
        "reason": version.reason if version else None,
        "entries": version.entries if version else [],
    }


@router.get("/{event_id}/lists/{member}/versions", auth=AUTH)
def list_versions(request: HttpRequest, event_id: Id, member: Code) -> list[dict[str, Any]]:
    control_list = _list(request, event_id, member)
    return [
        {
            "version": v.number,
            "author": v.author,
            "created_at": v.created_at.isoformat(),
            "reason": v.reason,
            "enterprises": len(v.entries),
        }
        for v in event_selectors.versions(control_list)
    ]


@router.get("/{event_id}/lists/{member}/diff", auth=AUTH)
def list_diff(
    request: HttpRequest,
    event_id: Id,
    member: Code,
    before: Annotated[int, Whole(0, MAX_ID, "a version, 0 for the empty list")],
    after: Annotated[int, Whole(0, MAX_ID, "a version, 0 for the empty list")],
) -> dict[str, Any]:
    """What changed from version ``before`` to ``after`` (0: the empty list)."""
    control_list = _list(request, event_id, member)
    return event_selectors.diff_versions(control_list, before, after).to_json()


@router.get("/{event_id}/lists/{member}/xlsx", auth=AUTH)
def list_xlsx(
    request: HttpRequest, event_id: Id, member: Code, version: Id | None = None
) -> HttpResponse:
    """The list (in force, or ``version``) as an Excel workbook."""
    control_list = _list(request, event_id, member)
    content, filename = event_services.export_list(
        by=request.user, list_id=control_list.pk, version=version
    )
    response = HttpResponse(content, content_type=event_excel.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/{event_id}/cuts", auth=AUTH)
def event_cuts(request: HttpRequest, event_id: Id) -> list[dict[str, Any]]:
    """The expected cut of the lists in force per pollutant (kg/d) by city, member and for
    the event, against the required share of the listed enterprises' ordinary emission."""
    event = event_services.get_event(event_id)
    event_selectors.require_lists_readable(request.user, event)
    return event_selectors.cuts_json(event)


@router.get("/{event_id}/proof", auth=AUTH)
def event_proof(request: HttpRequest, event_id: Id) -> list[dict[str, Any]]:
    """For each listed enterprise with monitored outlets and each pollutant: its mean
    emission during the event and over the same weekdays of the previous weeks (kg/h), the
    ratio, the largest ratio its measures allow and whether it is flagged."""
    event = event_services.get_event(event_id)
    event_selectors.require_lists_readable(request.user, event)
    return event_selectors.proof_json(event)


@router.put("/lists/{list_id}", auth=AUTH)
def replace_list(request: HttpRequest, list_id: Id, payload: ListIn) -> dict[str, Any]:
    """A member's editor replaces its own list as a new version (with the reason)."""
    report = event_services.replace_list(
        by=request.user,
        channel="api",
        list_id=list_id,
        entries=payload.entries,
        reason=payload.reason,
    )
    return report.to_json()
