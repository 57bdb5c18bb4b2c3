"""Air-quality monitoring stations (国控 national, 省控 provincial control) of the region's
cities. Their hourly observations are in the measurement store (``air/store.py``)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Place, Resource, region_resource
from deltacap.reference.models import Division


class StationKind(models.TextChoices):
    NATIONAL = "national", _("national control station")
    PROVINCIAL = "provincial", _("provincial control station")


class Station(models.Model):
    """A monitoring station by its national code (e.g. 1141A), in a city (WGS-84 place)."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("air_station",)  # its name in the audit trail

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


# --- heavy-pollution weather warnings (重污染天气预警) ---------------------------------------


class WarningLevelChoice(models.TextChoices):
    BLUE = "blue", _("blue")
    YELLOW = "yellow", _("yellow")
    ORANGE = "orange", _("orange")
    RED = "red", _("red")


class WarningStatus(models.TextChoices):
    ACTIVE = "active", _("in force")
    LIFTED = "lifted", _("lifted")


class WarningStep(models.TextChoices):
    ISSUE = "issue", _("issued")
    RAISE = "raise", _("raised")
    LOWER = "lower", _("lowered")
    LIFT = "lift", _("lifted")


class AirWarning(models.Model):
    """A warning for a city (issued by the city's member) or for the region (``city`` none,
    issued by the office), at its current level; its changes are ``changes``."""

    city = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("city"),
    )
    member_code = models.CharField(max_length=6, blank=True, db_index=True, editable=False)
    scheme = models.CharField(_("warning scheme"), max_length=8)
    level = models.CharField(_("level"), max_length=8, choices=WarningLevelChoice.choices)
    # The level the forecast calls for by the scheme ("" none): shown beside the one issued.
    proposed_level = models.CharField(max_length=8, blank=True, choices=WarningLevelChoice.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=WarningStatus.choices, default="active"
    )
    forecast_aqi = models.JSONField(_("forecast daily AQI"), default=list)
    start = models.DateField(_("start"))
    expected_end = models.DateField(_("expected end"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    note = models.TextField(_("reason"), blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return f"{self.city_id or 'region'} {self.level} {self.start}"

    @property
    def regional(self) -> bool:
        return self.city_id is None

    @property
    def active(self) -> bool:
        return self.status == WarningStatus.ACTIVE

    def as_resource(self) -> Resource:
        return warning_resource(self.city, published=self.active)


def warning_resource(city: Division | None, *, published: bool = False) -> Resource:
    """A warning of ``city`` (None: the region's) as the access rules see it."""
    if city is None:
        return Resource(Kind.AIR_WARNING, (REGION,), level=REGION, published=published)
    return Resource(Kind.AIR_WARNING, city.path(), level=city.level, published=published)


class AirWarningChange(models.Model):
    """One step of a warning's history: issued, raised, lowered or lifted."""

    warning = models.ForeignKey(AirWarning, on_delete=models.CASCADE, related_name="changes")
    step = models.CharField(max_length=8, choices=WarningStep.choices)
    level = models.CharField(max_length=8, choices=WarningLevelChoice.choices)
    proposed_level = models.CharField(max_length=8, blank=True, choices=WarningLevelChoice.choices)
    forecast_aqi = models.JSONField(default=list)
    day = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["warning_id", "id"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.step} {self.level} {self.day}"


class AirWarningNotice(models.Model):
    """The notice of a warning to one of the region's other members; read or not by it."""

    warning = models.ForeignKey(AirWarning, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["warning", "member"], name="one_notice_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.warning_id} → {self.member_id}"

    def as_resource(self) -> Resource:
        """The notified member's; the issuing member's (if any) is its other place."""
        issuer = self.warning.member_code
        other = Place((REGION, issuer)) if issuer else None
        return Resource(
            Kind.AIR_WARNING_NOTICE, (REGION, self.member_id), level="member", other=other
        )


# The joint forecast consultation's models (a module of their own).
from deltacap.air.forecast_models import CityForecast, Consultation  # noqa: E402,F401

# Mobile monitoring (走航): tracks, hotspots and follow-ups (a module of their own).
from deltacap.air.track_models import AirTrack, AirTrackFollowUp, AirTrackHotspot  # noqa: E402,F401
