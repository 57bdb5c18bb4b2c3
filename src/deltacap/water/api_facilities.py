"""/api/v1/water/facilities...: the shared facilities of the demonstration zone (Qingpu,
Wujiang, Jiashan) with their sharing members and shares. The public reads the list's
names, kinds, locations, members and shares; the officials read and the office or a
sharing member's editors write the whole record."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH, BearerToken
from deltacap.accounts.permissions import principal_of
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.inputs import Code, Id, Latitude, Longitude, Note, Text
from deltacap.water import facilities

router = Router(tags=["water facilities"])


class ShareIn(Schema):
    model_config = ConfigDict(extra="forbid")

    member: Code
    percent: float


class FacilityIn(Schema):
    """A facility: ``kind`` water_supply, wastewater, sludge or reclaimed; ``status``
    planned, under_construction or in_service; ``division`` the code of where it lies;
    ``shares`` the sharing members (at least two, each once) with percents adding up to
    exactly 100."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Text(120)]
    kind: Code
    division: Code
    lon: Longitude | None = None
    lat: Latitude | None = None
    capacity: float
    capacity_unit: Annotated[str, Text(20)]
    status: Code
    note: Annotated[str, Note(2000)] = ""
    shares: list[ShareIn]


class FacilityChange(Schema):
    """The fields to change (``shares``, where given, replace all the shares)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Text(120)] | None = None
    kind: Code | None = None
    division: Code | None = None
    lon: Longitude | None = None
    lat: Latitude | None = None
    capacity: float | None = None
    capacity_unit: Annotated[str, Text(20)] | None = None
    status: Code | None = None
    note: Annotated[str, Note(2000)] | None = None
    shares: list[ShareIn] | None = None


def _values(body: Schema) -> dict[str, Any]:
    values = body.model_dump(exclude_unset=True)
    for name in ("lon", "lat"):
        if values.get(name) is not None:
            values[name] = float(values[name])
    return values


@router.get("/facilities", response=list[dict[str, Any]], auth=None)
def list_facilities(request: HttpRequest) -> list[dict[str, Any]]:
    """The shared facilities by name. The officials see each whole; the public (and
    enterprises) the names, kinds, locations, members and shares."""
    BearerToken()(request)  # a token, where given, says who reads (the route is public)
    full = facilities.is_official(principal_of(request.user))
    return [facilities.facility_out(f, full=full) for f in facilities.facilities()]


@router.get("/facilities/{water_facility_id}", response=dict[str, Any], auth=AUTH)
def get_facility(request: HttpRequest, water_facility_id: Id) -> dict[str, Any]:
    """One facility, whole: the officials."""
    if not facilities.is_official(principal_of(request.user)):
        raise NotFound(gettext_noop("No shared facility with number {id}."), id=water_facility_id)
    return facilities.facility_out(facilities.get_facility(water_facility_id))


@router.post("/facilities", response={201: dict[str, Any]}, auth=AUTH)
def post_facility(request: HttpRequest, body: FacilityIn) -> Status[dict[str, Any]]:
    """Create a shared facility: the office, or an editor of one of its sharing members."""
    f = facilities.save_facility(by=request.user, channel="api", values=_values(body))
    return Status(201, facilities.facility_out(f))


@router.put("/facilities/{water_facility_id}", response=dict[str, Any], auth=AUTH)
def put_facility(
    request: HttpRequest, water_facility_id: Id, body: FacilityChange
) -> dict[str, Any]:
    """Change a facility (only the fields given): the office, or an editor of a member
    sharing it."""
    f = facilities.save_facility(
        by=request.user,
        channel="api",
        values=_values(body),
        facility=facilities.get_facility(water_facility_id),
    )
    return facilities.facility_out(f)
