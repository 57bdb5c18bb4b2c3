"""Reads of mobile monitoring (走航): the tracks a reader may see (the officials: every
member's; nobody else any), one track's hotspots with the enterprises near each (from their
positions, ``water.EnterpriseSite``) and its follow-ups, overdue ones flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from deltacap.accounts.permissions import Actor, can
from deltacap.air.selectors import local_now
from deltacap.air.track_models import AirTrack, AirTrackFollowUp, AirTrackHotspot, track_resource
from deltacap.domain.access import Action
from deltacap.domain.air import tracks as rules
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.enterprises.models import Enterprise
from deltacap.water.models_lakes import EnterpriseSite


def may_read_tracks(by: Actor | None) -> bool:
    """Whether ``by`` reads tracks at all (shared among the officials)."""
    return can(by, Action.READ, track_resource("310000"))


def visible_tracks(by: Actor | None) -> QuerySet[AirTrack]:
    """The tracks ``by`` may read, newest first (none for the public and enterprises)."""
    rows = AirTrack.objects.select_related("member").defer("points")
    if not may_read_tracks(by):
        return rows.none()
    return rows.order_by("-started_at", "-id")


def visible_track(by: Actor | None, track_id: int) -> AirTrack:
    """One track ``by`` may read (NotFound otherwise: a track it may not read is none)."""
    track = AirTrack.objects.select_related("member").filter(pk=track_id).first()
    if track is None or not can(by, Action.READ, track):
        raise NotFound(gettext_noop("No track {id}."), field="id", id=track_id)
    return track


@dataclass(frozen=True)
class Nearby:
    enterprise: Enterprise
    distance_m: float
    lon: float
    lat: float


@dataclass(frozen=True)
class HotspotView:
    hotspot: AirTrackHotspot
    nearby: list[Nearby]
    follow_ups: list[AirTrackFollowUp]


def hotspot_views(track: AirTrack, radius_m: int | None = None) -> list[HotspotView]:
    """Each hotspot with the enterprises within ``radius_m`` (default: the track's) of its
    centre, nearest first, and its follow-ups."""
    radius = radius_m or track.enterprise_radius_m
    hotspots = list(track.hotspots.order_by("number"))
    sites = list(EnterpriseSite.objects.select_related("enterprise__division"))
    places = [rules.Site(str(s.pk), s.lon, s.lat) for s in sites]
    by_key = {str(s.pk): s for s in sites}
    follow_ups: dict[int, list[AirTrackFollowUp]] = {}
    rows = AirTrackFollowUp.objects.filter(hotspot__track=track).select_related(
        "enterprise", "hotspot"
    )
    for f in rows.order_by("id"):
        follow_ups.setdefault(f.hotspot_id, []).append(f)
    views = []
    for h in hotspots:
        near = [
            Nearby(by_key[p.key].enterprise, d, p.lon, p.lat)
            for p, d in rules.near(h.lon, h.lat, places, radius)
        ]
        views.append(HotspotView(h, near, follow_ups.get(h.pk, [])))
    return views


def today() -> date:
    return local_now().date()


def overdue_count(track: AirTrack) -> int:
    """The track's follow-ups open past their rectification deadline."""
    return AirTrackFollowUp.objects.filter(
        hotspot__track=track, closed_on__isnull=True, deadline__lt=today()
    ).count()


def hotspot_number(track_id: int, number: int) -> int:
    """The id of hotspot ``number`` of a track (as its page and ``tracks show`` count them).
    Raises NotFound naming ``hotspot``."""
    found = AirTrackHotspot.objects.filter(track_id=track_id, number=number).first()
    if found is None:
        raise NotFound(
            gettext_noop("Track {track} has no hotspot {number}."),
            field="hotspot",
            track=track_id,
            number=number,
        )
    return found.pk
