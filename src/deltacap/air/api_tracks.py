"""/api/v1/air/tracks: mobile monitoring (走航) for the officials: the tracks, one track with
its points, hotspots, the enterprises near each and their follow-ups; the import of a track
(CSV, a dry run by default) and the follow-ups (recorded, closed) by the track's member."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict, Field

from deltacap.accounts.auth import AUTH
from deltacap.air import track_selectors, tracks
from deltacap.air.track_importing import MAX_TRACK_BYTES
from deltacap.air.track_schemas import (
    FollowUpOut,
    TrackDetailOut,
    TrackOut,
    follow_up_out,
    track_detail,
    track_out,
)
from deltacap.domain.input_rules import file_too_large
from deltacap.inputs import Day, Id, Note

router = Router(tags=["air mobile monitoring"])


class FollowUpIn(Schema):
    model_config = ConfigDict(extra="forbid")

    # The enterprise inspected, by its unified social credit code ("" none found).
    enterprise: Annotated[str, Field(max_length=18)] = ""
    inspector: Annotated[str, Note(200)]
    inspected_on: Day
    finding: Annotated[str, Note(2000)]
    # The rectification deadline (absent: nothing to rectify).
    deadline: Day | None = None


class FollowUpCloseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    closed_on: Day | None = None
    note: Annotated[str, Note(2000)] = ""


@router.get("", response=list[TrackOut], auth=AUTH)
def list_tracks(request: HttpRequest) -> list[TrackOut]:
    """The tracks, newest first (the officials': every member's)."""
    return [track_out(t) for t in track_selectors.visible_tracks(request.user)]


@router.post("/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_track(
    request: HttpRequest,
    file: File[UploadedFile],
    member: Form[str] = "",
    name: Form[str] = "",
    item: Form[str] = "",
    dry_run: Form[bool] = True,
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a track of ``member`` (default: the
    caller's own): CSV with 时间, 经度, 纬度, optionally 车辆 and 仪器, and a column per
    reading (VOCs ...). 422 lists every fault by row and column; nothing is written then."""
    if (file.size or 0) > MAX_TRACK_BYTES:
        tracks.require_import(request.user, member)
        raise file_too_large(file.size or 0, MAX_TRACK_BYTES)
    report = tracks.import_track(
        by=request.user,
        channel="api",
        data=file.read(),
        member=member,
        name=name,
        item=item,
        dry_run=dry_run,
    )
    body = report.to_json()
    if not report.issues:
        return Status(200, body)
    first = body["errors"][0]
    where = " ".join(str(p) for p in (first["row"], first["column"]) if p)
    body["detail"] = f"{where}: {first['message']}" if where else first["message"]
    body["field"] = "file"
    return Status(422, body)


@router.get("/{air_track_id}", response=TrackDetailOut, auth=AUTH)
def get_track(
    request: HttpRequest,
    air_track_id: Id,
    radius_m: Annotated[int, Field(ge=50, le=20000)] | None = None,
) -> TrackDetailOut:
    """One track: its points (time, lon, lat, value of its item), the threshold, each
    hotspot (centre, peak, count) with the enterprises within ``radius_m`` (default: the
    configured radius) and its follow-ups (overdue ones flagged)."""
    return track_detail(track_selectors.visible_track(request.user, air_track_id), radius_m)


@router.post("/hotspots/{air_hotspot_id}/follow-ups", response={201: FollowUpOut}, auth=AUTH)
def record_follow_up(
    request: HttpRequest, air_hotspot_id: Id, data: FollowUpIn
) -> Status[FollowUpOut]:
    """Record a follow-up of a hotspot (the track's member's editors): the enterprise
    inspected, by whom and when, the finding and the rectification deadline."""
    follow_up = tracks.record_follow_up(
        by=request.user, channel="api", hotspot_id=air_hotspot_id, **data.model_dump()
    )
    return Status(201, follow_up_out(follow_up))


@router.post("/follow-ups/{air_follow_up_id}/close", response=FollowUpOut, auth=AUTH)
def close_follow_up(
    request: HttpRequest, air_follow_up_id: Id, data: FollowUpCloseIn
) -> FollowUpOut:
    """Close a follow-up (rectified, or nothing to rectify)."""
    follow_up = tracks.close_follow_up(
        by=request.user, channel="api", follow_up_id=air_follow_up_id, **data.model_dump()
    )
    return follow_up_out(follow_up)
