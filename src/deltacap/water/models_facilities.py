"""Shared facilities of the demonstration zone (长三角生态绿色一体化发展示范区: Qingpu,
Wujiang, Jiashan): water supply, wastewater, sludge and reclaimed-water plants the
members share, with their capacities and each sharing member's share in percent.

Imported by ``water/models.py`` so Django finds the models in the water app.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Place, Resource
from deltacap.domain.access.model import REGION
from deltacap.reference.models import Division


class FacilityKind(models.TextChoices):
    WATER_SUPPLY = "water_supply", _("Water supply")
    WASTEWATER = "wastewater", _("Wastewater treatment")
    SLUDGE = "sludge", _("Sludge treatment")
    RECLAIMED = "reclaimed", _("Reclaimed water")


class FacilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    IN_SERVICE = "in_service", _("In service")


class SharedFacility(models.Model):
    """A facility several members share, where it lies and how much it handles."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("water_facility",)  # its name in the audit trail

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=FacilityKind.choices)
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    lon = models.FloatField(_("Longitude"), null=True, blank=True)
    lat = models.FloatField(_("Latitude"), null=True, blank=True)
    capacity = models.DecimalField(_("capacity"), max_digits=14, decimal_places=2)
    capacity_unit = models.CharField(_("capacity unit"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=FacilityStatus.choices)
    note = models.TextField(_("note"), blank=True)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="water_facility_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def member_codes(self) -> list[str]:
        return [s.member_id for s in self.shares.all()]

    def as_resource(self) -> Resource:
        return facility_resource(self.member_codes() if self.pk else [])


def facility_resource(members: list[str]) -> Resource:
    """A facility as the rules see it: one place per sharing member (none yet: the
    region's, which only the office writes)."""
    places = [Place((REGION, m)) for m in members]
    if not places:
        return Resource(Kind.WATER_FACILITY, (REGION,), level="region")
    return Resource(
        Kind.WATER_FACILITY,
        places[0].division_path,
        level="member",
        parties=tuple(places[1:]),
    )


class FacilityShare(models.Model):
    """One sharing member's share of a facility, in percent."""

    facility = models.ForeignKey(SharedFacility, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["facility_id", "-percent", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "member"], name="water_facility_share_one_per_member"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gt=0) & models.Q(percent__lte=100),
                name="water_facility_share_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.member_id} {self.percent}"

    def as_resource(self) -> Resource:
        return self.facility.as_resource()
