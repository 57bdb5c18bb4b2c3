"""Air-quality monitoring stations (国控 national, 省控 provincial control) of the region's
cities. Their hourly observations are in the measurement store (``air/store.py``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource
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


# The joint forecast consultation's models (a module of their own).
from deltacap.air.forecast_models import CityForecast, Consultation  # noqa: E402,F401
