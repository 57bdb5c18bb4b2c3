"""Mobile monitoring (走航监测, issue 12 §5): a member's track of GPS points with readings,
the hotspots found on it when it was loaded, and the follow-ups of each hotspot (an
enterprise inspected near it: who, what was found, the rectification deadline, closed)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Resource
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division


class AirTrack(models.Model):
    """One run of a monitoring vehicle: its points (JSON: time, lon, lat and the readings
    by item), the item its hotspots were found for and the parameters used."""

    member = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=200)
    vehicle = models.CharField(_("vehicle"), max_length=100, blank=True)
    instrument = models.CharField(_("instrument"), max_length=100, blank=True)
    item = models.CharField(_("item"), max_length=30)
    items = models.JSONField(default=list)
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"))
    # [[time ISO, lon, lat, {item: value}], ...] in time order.
    points = models.JSONField(default=list)
    median = models.FloatField(_("median"))
    multiple = models.FloatField(_("multiple of the median"))
    cluster_radius_m = models.PositiveIntegerField(_("clustering radius (m)"))
    enterprise_radius_m = models.PositiveIntegerField(_("enterprise search radius (m)"))
    synthetic = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def as_resource(self) -> Resource:
        return track_resource(self.member_id)


def track_resource(member_code: str) -> Resource:
    """A track of ``member_code`` (and its hotspots' follow-ups) as the access rules see it."""
    return Resource(Kind.AIR_TRACK, (REGION, member_code), level="member")


class AirTrackHotspot(models.Model):
    """A hotspot of a track (``domain/air/tracks.py``): centre, peak and count."""

    track = models.ForeignKey(AirTrack, on_delete=models.CASCADE, related_name="hotspots")
    number = models.PositiveSmallIntegerField()
    lon = models.FloatField()
    lat = models.FloatField()
    peak = models.FloatField()
    peak_lon = models.FloatField()
    peak_lat = models.FloatField()
    peak_at = models.DateTimeField()
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["track_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["track", "number"], name="air_one_hotspot_number")
        ]

    def __str__(self) -> str:
        return f"{self.track_id} #{self.number}"

    def as_resource(self) -> Resource:
        return track_resource(self.track.member_id)


class AirTrackFollowUp(models.Model):
    """A joint follow-up of a hotspot: an enterprise near it inspected (who, when, what was
    found), the rectification deadline, and whether it is closed."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("air_follow_up",)  # its name in the audit trail

    hotspot = models.ForeignKey(
        AirTrackHotspot, on_delete=models.CASCADE, related_name="follow_ups"
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspector = models.CharField(_("inspected by"), max_length=200)
    inspected_on = models.DateField(_("inspected on"))
    finding = models.TextField(_("finding"))
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hotspot_id", "id"]

    def __str__(self) -> str:
        return f"{self.hotspot_id} {self.enterprise_id} {self.inspected_on}"

    @property
    def closed(self) -> bool:
        return self.closed_on is not None

    def overdue(self, today: date) -> bool:
        """Open past its rectification deadline."""
        return not self.closed and self.deadline is not None and self.deadline < today

    def as_resource(self) -> Resource:
        return track_resource(self.hotspot.track.member_id)
