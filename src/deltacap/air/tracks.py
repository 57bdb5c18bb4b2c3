"""Every write of mobile monitoring (走航, issue 12 §5): a member's track imported from CSV
(``air/track_importing.py``) with its hotspots found (``domain/air/tracks.py``, parameters
from ``air/data/track_hotspots.json``), and the follow-ups of a hotspot: an enterprise
inspected (who, when, what was found, the rectification deadline) and closed.

Each write asks its rule once (the track's member's editors), then writes the records and
their audit event in one transaction. An import is checked whole first (a dry run unless
asked to write); a file with any fault writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.air.importing import Issue
from deltacap.air.selectors import local_now
from deltacap.air.track_importing import TrackTable, read_track
from deltacap.air.track_models import (
    AirTrack,
    AirTrackFollowUp,
    AirTrackHotspot,
    track_resource,
)
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.air import tracks as rules
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division, Level

CONFIG = Path(__file__).parent / "data" / "track_hotspots.json"
MAX_TEXT = 2000


@dataclass(frozen=True)
class Parameters:
    multiple: float
    cluster_radius_m: int
    enterprise_radius_m: int
    status: str
    source: str


@cache
def parameters() -> Parameters:
    """The configured hotspot parameters (unverified: the office's working choice)."""
    raw = json.loads(CONFIG.read_text(encoding="utf-8"))
    return Parameters(
        float(raw["multiple"]),
        int(raw["cluster_radius_m"]),
        int(raw["enterprise_radius_m"]),
        raw["status"],
        raw["source"],
    )


@dataclass
class TrackReport:
    """What an import found and did: the track's summary, or its faults (nothing written)."""

    dry_run: bool = True
    issues: list[Issue] = field(default_factory=list)
    more: int = 0
    points: int = 0
    items: list[str] = field(default_factory=list)
    item: str = ""
    first: str | None = None
    last: str | None = None
    vehicle: str = ""
    instrument: str = ""
    hotspots: int = 0
    track_id: int | None = None

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.issues and self.track_id is not None

    def to_json(self, translate: Callable[[str], str] = gettext) -> dict[str, Any]:
        return {
            "kind": "track",
            "dry_run": self.dry_run,
            "written": self.written,
            "track_id": self.track_id,
            "points": self.points,
            "items": self.items,
            "item": self.item,
            "first": self.first,
            "last": self.last,
            "vehicle": self.vehicle,
            "instrument": self.instrument,
            "hotspots": self.hotspots,
            "errors": [
                {"row": i.row, "column": i.column, "message": i.error.render(translate)}
                for i in self.issues
            ],
            "more_errors": self.more,
        }


def member_of(by: Actor | None, code: Any) -> Division:
    """The member a track is of: ``code`` (a member's code), else the actor's own member."""
    text = str(code or "").strip()
    if not text:
        own = principal_of(by).division_code
        division = Division.objects.filter(code=own).first() if own else None
        text = (division.member_code or "") if division else ""
    member = Division.objects.filter(code=text, level=Level.MEMBER).first() if text else None
    if member is None:
        raise InvalidInput(
            gettext_noop("Choose the member the track is of (310000, 320000, 330000, 340000)."),
            field="member",
        )
    return member


def require_import(by: Actor | None, member: Any) -> Division:
    """The access decision of an import on ``member``'s tracks (before any file is read)."""
    division = member_of(by, member)
    require(by, Action.IMPORT_AIR_TRACK, track_resource(division.code))
    return division


def import_track(
    *,
    by: Actor | None,
    channel: str,
    data: bytes,
    member: Any = "",
    name: Any = "",
    item: Any = "",
    dry_run: bool = True,
    synthetic: bool = False,
) -> TrackReport:
    """Check (``dry_run``) or import a track of ``member`` (default: the actor's own) and find
    its hotspots for ``item`` (default VOCs, else the file's first reading column)."""
    division = require_import(by, member)
    table = read_track(data)
    report = TrackReport(dry_run=dry_run, issues=table.issues, more=table.more)
    label = str(name or "").strip()
    if len(label) > 200:
        report.issues.append(_issue("name", gettext_noop("Write at most {limit} characters."), 200))
    chosen = _item(table, str(item or "").strip(), report)
    report.issues.sort(key=lambda i: (i.row or 0, i.column or ""))
    if report.issues:
        return report
    params = parameters()
    readings = _readings(table, chosen)
    found = rules.hotspots(readings, params.multiple, params.cluster_radius_m)
    report.points, report.items, report.item = len(table.points), table.items, chosen
    report.first = table.points[0][0].isoformat()
    report.last = table.points[-1][0].isoformat()
    report.vehicle, report.instrument = table.vehicle, table.instrument
    report.hotspots = len(found)
    if dry_run:
        return report
    median = rules.threshold((r.value for r in readings), 1.0) or 0.0
    with transaction.atomic():
        track = AirTrack.objects.create(
            member=division,
            name=label or f"{table.vehicle or chosen} {table.points[0][0]:%Y-%m-%d %H:%M}",
            vehicle=table.vehicle,
            instrument=table.instrument,
            item=chosen,
            items=table.items,
            started_at=table.points[0][0],
            ended_at=table.points[-1][0],
            points=[[t.isoformat(), x, y, v] for t, x, y, v in table.points],
            median=median,
            multiple=params.multiple,
            cluster_radius_m=params.cluster_radius_m,
            enterprise_radius_m=params.enterprise_radius_m,
            synthetic=synthetic,
            created_by=user_of(by),
        )
        AirTrackHotspot.objects.bulk_create(
            [
                AirTrackHotspot(
                    track=track,
                    number=h.number,
                    lon=h.lon,
                    lat=h.lat,
                    peak=h.peak,
                    peak_lon=h.peak_lon,
                    peak_lat=h.peak_lat,
                    peak_at=h.peak_at,
                    count=h.count,
                )
                for h in found
            ]
        )
        audit.record(
            actor=by,
            channel=channel,
            action="air_track.import",
            object_type="air_track",
            object_id=track.pk,
            member_code=division.code,
            after={
                "air_track_points": report.points,
                "air_track_item": chosen,
                "air_track_hotspots": len(found),
                "air_track_vehicle": table.vehicle,
                "air_track_instrument": table.instrument,
            },
        )
    report.track_id = track.pk
    return report


def _issue(column: str, template: str, limit: int) -> Issue:
    return Issue(None, column, InvalidInput(template, field=column, limit=limit))


def _item(table: TrackTable, wanted: str, report: TrackReport) -> str:
    if not table.items:
        return ""
    if wanted:
        if wanted in table.items:
            return wanted
        report.issues.append(
            Issue(
                None,
                "item",
                InvalidInput(
                    gettext_noop("The file has no reading column {item}."),
                    field="item",
                    item=wanted,
                ),
            )
        )
        return ""
    lower = {i.lower(): i for i in table.items}
    chosen = lower.get("vocs") or table.items[0]
    if table.points and not any(chosen in p[3] for p in table.points):
        report.issues.append(
            Issue(
                None,
                chosen,
                InvalidInput(
                    gettext_noop("The column {item} holds no reading."), field=chosen, item=chosen
                ),
            )
        )
    return chosen


def _readings(table: TrackTable, item: str) -> list[rules.Reading]:
    return [rules.Reading(t.isoformat(), x, y, v[item]) for t, x, y, v in table.points if item in v]


# --- follow-ups ---------------------------------------------------------------------------


def get_track(track_id: int) -> AirTrack:
    found = AirTrack.objects.select_related("member").filter(pk=track_id).first()
    if found is None:
        raise NotFound(gettext_noop("No track {id}."), field="id", id=track_id)
    return found


def get_hotspot(hotspot_id: int) -> AirTrackHotspot:
    found = AirTrackHotspot.objects.select_related("track__member").filter(pk=hotspot_id).first()
    if found is None:
        raise NotFound(gettext_noop("No hotspot {id}."), field="id", id=hotspot_id)
    return found


def get_follow_up(follow_up_id: int) -> AirTrackFollowUp:
    found = AirTrackFollowUp.objects.select_related("hotspot__track", "enterprise")
    follow_up = found.filter(pk=follow_up_id).first()
    if follow_up is None:
        raise NotFound(gettext_noop("No follow-up {id}."), field="id", id=follow_up_id)
    return follow_up


def _text(value: Any, field_name: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(gettext_noop("This field is required."), field=field_name)
    if len(text) > limit:
        raise InvalidInput(
            gettext_noop("Write at most {limit} characters."), field=field_name, limit=limit
        )
    return text


def _day(value: Any, field_name: str, *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            raise InvalidInput(gettext_noop("This field is required."), field=field_name)
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field_name, got=value
        ) from None


def _enterprise(value: Any) -> Enterprise | None:
    text = str(value or "").strip()
    if not text:
        return None
    found = Enterprise.objects.filter(uscc=text.upper()).first()
    if found is None:
        raise InvalidInput(
            gettext_noop("No enterprise with the credit code {uscc}."),
            field="enterprise",
            uscc=text,
        )
    return found


def _snapshot(f: AirTrackFollowUp) -> dict[str, Any]:
    return {
        "air_follow_up_hotspot": f.hotspot.number,
        "air_follow_up_enterprise": f.enterprise.uscc if f.enterprise else "",
        "air_follow_up_inspector": f.inspector,
        "air_follow_up_inspected_on": f.inspected_on.isoformat(),
        "air_follow_up_finding": f.finding,
        "air_follow_up_deadline": f.deadline.isoformat() if f.deadline else None,
        "air_follow_up_closed_on": f.closed_on.isoformat() if f.closed_on else None,
    }


def record_follow_up(
    *,
    by: Actor | None,
    channel: str,
    hotspot_id: int,
    inspector: Any,
    inspected_on: Any,
    finding: Any,
    enterprise: Any = "",
    deadline: Any = None,
    synthetic: bool = False,
) -> AirTrackFollowUp:
    """Record a follow-up of a hotspot: ``enterprise`` (its credit code; blank: none found)
    inspected by ``inspector`` on ``inspected_on``, ``finding``, the rectification
    ``deadline`` (none: nothing to rectify). Raises AccessDenied, InvalidInput, NotFound."""
    hotspot = get_hotspot(hotspot_id)
    require(by, Action.RECORD_AIR_FOLLOW_UP, hotspot.as_resource())
    firm = _enterprise(enterprise)
    who = _text(inspector, "inspector", required=True, limit=200)
    day = _day(inspected_on, "inspected_on", required=True)
    text = _text(finding, "finding", required=True)
    due = _day(deadline, "deadline", required=False)
    assert day is not None
    if due is not None and due < day:
        raise InvalidInput(
            gettext_noop("The rectification deadline is on or after the inspection."),
            field="deadline",
        )
    with transaction.atomic():
        follow_up = AirTrackFollowUp.objects.create(
            hotspot=hotspot,
            enterprise=firm,
            inspector=who,
            inspected_on=day,
            finding=text,
            deadline=due,
            synthetic=synthetic,
            by=user_of(by),
        )
        audit.record(
            actor=by,
            channel=channel,
            action="air_follow_up.record",
            object_type="air_follow_up",
            object_id=follow_up.pk,
            member_code=hotspot.track.member_id,
            after=_snapshot(follow_up),
        )
    return follow_up


def close_follow_up(
    *, by: Actor | None, channel: str, follow_up_id: int, closed_on: Any = None, note: Any = ""
) -> AirTrackFollowUp:
    """Close a follow-up (the rectification done or nothing to rectify) on ``closed_on``
    (default today). Raises AccessDenied, InvalidInput, NotFound."""
    follow_up = get_follow_up(follow_up_id)
    require(by, Action.RECORD_AIR_FOLLOW_UP, follow_up.as_resource())
    day = _day(closed_on, "closed_on", required=False) or local_now().date()
    text = _text(note, "note", required=False)
    with transaction.atomic():
        follow_up = AirTrackFollowUp.objects.select_for_update(of=("self",)).get(pk=follow_up.pk)
        if follow_up.closed:
            raise InvalidInput(
                gettext_noop("The follow-up was closed on {day}."),
                field="closed_on",
                day=follow_up.closed_on.isoformat() if follow_up.closed_on else "",
            )
        if day < follow_up.inspected_on:
            raise InvalidInput(
                gettext_noop("The date is before the inspection."), field="closed_on"
            )
        before = _snapshot(follow_up)
        follow_up.closed_on, follow_up.closing_note = day, text
        follow_up.save(update_fields=["closed_on", "closing_note"])
        audit.record(
            actor=by,
            channel=channel,
            action="air_follow_up.close",
            object_type="air_follow_up",
            object_id=follow_up.pk,
            member_code=follow_up.hotspot.track.member_id,
            before=before,
            after=_snapshot(follow_up) | {"air_follow_up_note": text},
        )
    return follow_up
