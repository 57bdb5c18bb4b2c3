"""Output shapes of mobile monitoring (走航), shared by the API, the pages and the command
line: a track's summary, its detail (points, hotspots with nearby enterprises and their
follow-ups)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from deltacap.air.track_models import AirTrack, AirTrackFollowUp
from deltacap.air.track_selectors import HotspotView, hotspot_views, today


class TrackOut(Schema):
    id: int
    member: str
    name: str
    vehicle: str
    instrument: str
    item: str
    items: list[str]
    started_at: datetime
    ended_at: datetime
    points: int | None
    median: float
    multiple: float
    cluster_radius_m: int
    enterprise_radius_m: int
    hotspots: int
    synthetic: bool


class NearbyOut(Schema):
    uscc: str
    name: str
    division: str
    distance_m: int
    lon: float
    lat: float


class FollowUpOut(Schema):
    id: int
    hotspot: int
    enterprise: str | None
    enterprise_name: str | None
    inspector: str
    inspected_on: date
    finding: str
    deadline: date | None
    closed_on: date | None
    closing_note: str
    overdue: bool


class HotspotOut(Schema):
    id: int
    number: int
    lon: float
    lat: float
    peak: float
    peak_lon: float
    peak_lat: float
    peak_at: datetime
    count: int
    enterprises: list[NearbyOut]
    follow_ups: list[FollowUpOut]


class TrackDetailOut(TrackOut):
    # [time, lon, lat, value of the track's item or null]
    path: list[tuple[datetime, float, float, float | None]]
    threshold: float
    hotspot_list: list[HotspotOut]


def track_out(track: AirTrack, hotspots: int | None = None) -> TrackOut:
    return TrackOut(
        id=track.pk,
        member=track.member_id,
        name=track.name,
        vehicle=track.vehicle,
        instrument=track.instrument,
        item=track.item,
        items=list(track.items),
        started_at=track.started_at,
        ended_at=track.ended_at,
        points=len(track.points) if "points" in track.__dict__ else None,
        median=track.median,
        multiple=track.multiple,
        cluster_radius_m=track.cluster_radius_m,
        enterprise_radius_m=track.enterprise_radius_m,
        hotspots=track.hotspots.count() if hotspots is None else hotspots,
        synthetic=track.synthetic,
    )


def follow_up_out(f: AirTrackFollowUp) -> FollowUpOut:
    return FollowUpOut(
        id=f.pk,
        hotspot=f.hotspot.number,
        enterprise=f.enterprise.uscc if f.enterprise else None,
        enterprise_name=f.enterprise.name if f.enterprise else None,
        inspector=f.inspector,
        inspected_on=f.inspected_on,
        finding=f.finding,
        deadline=f.deadline,
        closed_on=f.closed_on,
        closing_note=f.closing_note,
        overdue=f.overdue(today()),
    )


def hotspot_out(view: HotspotView) -> HotspotOut:
    h = view.hotspot
    return HotspotOut(
        id=h.pk,
        number=h.number,
        lon=h.lon,
        lat=h.lat,
        peak=h.peak,
        peak_lon=h.peak_lon,
        peak_lat=h.peak_lat,
        peak_at=h.peak_at,
        count=h.count,
        enterprises=[
            NearbyOut(
                uscc=n.enterprise.uscc,
                name=n.enterprise.name,
                division=n.enterprise.division_id,
                distance_m=round(n.distance_m),
                lon=n.lon,
                lat=n.lat,
            )
            for n in view.nearby
        ],
        follow_ups=[follow_up_out(f) for f in view.follow_ups],
    )


def track_detail(track: AirTrack, radius_m: int | None = None) -> TrackDetailOut:
    views = hotspot_views(track, radius_m)
    path = [(t, x, y, values.get(track.item)) for t, x, y, values in track.points]
    base = track_out(track, hotspots=len(views)).model_dump()
    base["points"] = len(path)
    return TrackDetailOut(
        **base,
        path=path,
        threshold=track.median * track.multiple,
        hotspot_list=[hotspot_out(v) for v in views],
    )
