"""Joint forecast consultation (联合会商): a session the office opens for a date, its
cities and a horizon of 1–7 days; the forecasts of each city and day by the members, the
office's consensus and the platform's baseline (``Source``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deltacap.domain.access import REGION, Kind, Resource, region_resource
from deltacap.reference.models import Division


class ConsultationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("consultation", "open")
    PUBLISHED = "published", pgettext_lazy("consultation", "published")


class Source(models.TextChoices):
    MEMBER = "member", _("member")
    CONSENSUS = "consensus", _("consensus")
    PERSISTENCE = "persistence", _("baseline: persistence")
    REGRESSION = "regression", _("baseline: regression")


class Consultation(models.Model):
    """A consultation session: forecasts for ``horizon`` days from ``day`` (day 1 is the
    session's date) of its ``cities``; each member forecasts its own cities among them and
    the ``hosts`` (cities every member forecasts, e.g. a major event's host city)."""

    day = models.DateField(_("date"))
    horizon = models.PositiveSmallIntegerField(_("horizon (days)"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    cities = models.ManyToManyField(Division, related_name="+", verbose_name=_("cities"))
    hosts = models.ManyToManyField(
        Division, related_name="+", blank=True, verbose_name=_("host cities")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    published_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return self.title or self.day.isoformat()

    @property
    def published(self) -> bool:
        return self.status == ConsultationStatus.PUBLISHED

    def as_resource(self) -> Resource:
        return Resource(Kind.CONSULTATION, (REGION,), level=REGION, published=self.published)


def forecast_resource(member_code: str | None) -> Resource:
    """A member's forecasts as the rules see them (the region's for the office's own)."""
    if not member_code:
        return region_resource(Kind.AIR_FORECAST)
    return Resource(Kind.AIR_FORECAST, (REGION, member_code), level="member")


class CityForecast(models.Model):
    """One forecast of a city for a day of a session, by its source (a member's, the
    consensus, a baseline method)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="forecasts"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    member_code = models.CharField(_("member"), max_length=6, blank=True)
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("city")
    )
    day = models.DateField(_("date"))
    lead = models.PositiveSmallIntegerField(_("days ahead"))
    aqi_low = models.PositiveSmallIntegerField(_("AQI low"))
    aqi_high = models.PositiveSmallIntegerField(_("AQI high"))
    level_low = models.PositiveSmallIntegerField(_("level low"))
    level_high = models.PositiveSmallIntegerField(_("level high"))
    primary = models.CharField(_("primary pollutant"), max_length=8, blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["city_id", "day", "source", "member_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "source", "member_code", "city", "day"],
                name="air_forecast_one_per_source_city_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.day} {self.aqi_low}-{self.aqi_high}"

    def as_resource(self) -> Resource:
        if self.source == Source.MEMBER:
            return forecast_resource(self.member_code)
        resource = region_resource(Kind.AIR_FORECAST)
        published = self.source == Source.CONSENSUS and self.consultation.published
        return Resource(resource.kind, resource.division_path, resource.level, published=published)
