"""Air-quality monitoring stations (国控 national, 省控 provincial control) of the region's
cities. Their hourly observations are in the measurement store (``air/store.py``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource, region_resource
from deltacap.reference.models import Division


class StationKind(models.TextChoices):
    NATIONAL = "national", _("national control station")
    PROVINCIAL = "provincial", _("provincial control station")


class Station(models.Model):
    """A monitoring station by its national code (e.g. 1141A), in a city (WGS-84 place)."""

    code = models.CharField(_("station code"), max_length=12, unique=True)
    name = models.CharField(_("station name"), max_length=100)
    kind = models.CharField(_("station kind"), max_length=12, choices=StationKind.choices)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="air_stations", verbose_name=_("city")
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    synthetic = models.BooleanField(
        default=False, help_text=_("Generated demo data, not a real station")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["city_id", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.city.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return station_resource(self.city)


def station_resource(city: Division) -> Resource:
    """A station of ``city`` as the access rules see it (a new one, before it exists)."""
    return Resource(Kind.AIR_STATION, city.path(), level=city.level)


class AirEvent(models.Model):
    """A key-period event (重点时段 / 重大活动保障), set up by the region office: its dates,
    the area it protects, its air-quality goal, the members and cities involved, the
    responsible contacts and the required cut per pollutant (shares, configuration)."""

    name = models.CharField(_("name"), max_length=200)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    area = models.CharField(_("protected area"), max_length=300, blank=True)
    aqi_max = models.PositiveSmallIntegerField(_("daily AQI at most"), null=True, blank=True)
    goals = models.TextField(_("air-quality goals"), blank=True)
    contacts = models.TextField(_("responsible contacts"), blank=True)
    cities = models.ManyToManyField(Division, related_name="air_events", verbose_name=_("cities"))
    # Required cut per pollutant as a share of the listed enterprises' ordinary emission.
    required_shares = models.JSONField(default=dict)
    synthetic = models.BooleanField(
        default=False, help_text=_("Generated demo data, not a real event")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts", "pk"]

    def __str__(self) -> str:
        return self.name

    def as_resource(self) -> Resource:
        return region_resource(Kind.AIR_EVENT)


class ControlList(models.Model):
    """A member's list of controlled enterprises and measures for an event; its contents
    are its versions (the latest is in force)."""

    event = models.ForeignKey(AirEvent, on_delete=models.CASCADE, related_name="lists")
    member = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )

    class Meta:
        ordering = ["event_id", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="one_list_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.member_id}"

    def as_resource(self) -> Resource:
        return Resource(Kind.AIR_CONTROL_LIST, self.member.path(), level=self.member.level)


class ControlListVersion(models.Model):
    """One version of a list: who made it, when and why, and its entries (JSON: the
    enterprises by USCC, grade, ordinary emission and measures; ``domain.air.events``)."""

    control_list = models.ForeignKey(ControlList, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    author = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500)
    entries = models.JSONField(default=list)

    class Meta:
        ordering = ["control_list_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["control_list", "number"], name="one_version_number_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.control_list} v{self.number}"
