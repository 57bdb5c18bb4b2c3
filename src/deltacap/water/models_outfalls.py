"""Outfalls into rivers and lakes (入河（湖）排污口) and the river network they discharge
into (三(二)): reaches between junctions, imported as GeoJSON, each outfall on a reach.

Imported by ``water/models.py`` so Django finds the models in the water app.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource
from deltacap.domain.access.model import REGION
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring.models import Outlet
from deltacap.reference.models import Division


class Reach(models.Model):
    """A reach of the river network, from its upstream junction to its downstream one, with
    its line (WGS-84 degrees, ``[[lon, lat], ...]``)."""

    code = models.CharField(_("reach"), max_length=60, unique=True)
    source_node = models.CharField(max_length=60)
    target_node = models.CharField(max_length=60)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    coords = models.JSONField(default=list)
    approximate = models.BooleanField(default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def as_resource(self) -> Resource:
        return network_resource()


def network_resource() -> Resource:
    """The river network is the region's (the office imports it); everyone may read it."""
    return Resource(Kind.RIVER_NETWORK, (REGION,), level="region", published=True)


class OutfallKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial wastewater outfall")
    MUNICIPAL = "municipal", _("Urban wastewater plant outfall")
    MIXED = "mixed", _("Mixed domestic and industrial outfall")
    AGRICULTURAL = "agricultural", _("Agricultural drainage outfall")
    OTHER = "other", _("Other outfall")


class Rectification(models.TextChoices):
    """The rectification (整治) an outfall is under, per the 溯源整治 of the plan."""

    NONE = "none", _("No rectification")
    BAN = "ban", _("Closure (取缔)")
    MERGE = "merge", _("Merger (合并)")
    REGULATE = "regulate", _("Regulation (规范整治)")


class RectificationState(models.TextChoices):
    """Where an outfall's rectification is: pending until its member's officials record it
    done (the day, the evidence, who recorded it), then awaiting verification until another
    official verifies it (核查销号) or sends it back (pending again)."""

    PENDING = "pending", _("Rectification pending")
    COMPLETED = "completed", _("Recorded as done, awaiting verification")
    VERIFIED = "verified", _("Rectified and verified")


class Outfall(models.Model):
    """An outfall into a river or lake: its position, the water it discharges into, the
    member keeping it, the enterprise or plant responsible (with its HJ 212 outlets),
    the approved discharge and the concentrations known, and its rectification."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("water_outfall",)  # its name in the audit trail

    code = models.CharField(_("outfall code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=OutfallKind.choices)
    lon = models.FloatField(_("Longitude"))
    lat = models.FloatField(_("Latitude"))
    receiving_water = models.CharField(_("receiving water"), max_length=100)
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="outfalls"
    )
    outlets = models.ManyToManyField(Outlet, blank=True, related_name="outfalls")
    approved_m3_per_day = models.FloatField(_("approved discharge (m³/d)"), null=True, blank=True)
    # Known concentrations (mg/L) by GB 3838 item code: {"COD": 40.0, "TP": 0.5}.
    concentrations = models.JSONField(default=dict, blank=True)
    rectification = models.CharField(
        _("rectification"), max_length=10, choices=Rectification.choices,
        default=Rectification.NONE,
    )  # fmt: skip
    deadline = models.DateField(_("rectification deadline"), null=True, blank=True)
    rectification_state = models.CharField(
        _("rectification state"), max_length=10, choices=RectificationState.choices,
        default="pending",
    )  # fmt: skip
    completed_on = models.DateField(_("rectified on"), null=True, blank=True)
    evidence = models.TextField(_("evidence and notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    # The verification (核查销号) by another official than the one who recorded it.
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("verified by"),
    )  # fmt: skip
    verification_note = models.TextField(_("verification note"), blank=True)
    # The last time a record of it done was sent back (open again), by whom and why.
    returned_on = models.DateField(_("sent back on"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("sent back by"),
    )  # fmt: skip
    return_reason = models.TextField(_("reason sent back"), blank=True)
    # The reach it discharges into (its code), given or the nearest; "" when no network.
    reach = models.CharField(_("reach"), max_length=60, blank=True)
    reach_given = models.BooleanField(default=False)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member_id", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_m3_per_day__gte=0)
                | models.Q(approved_m3_per_day__isnull=True),
                name="water_outfall_discharge_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(rectification_state="pending")
                | models.Q(completed_on__isnull=False),
                name="water_outfall_rectified_has_its_day",
            ),
            models.CheckConstraint(
                condition=~models.Q(rectification_state="verified")
                | models.Q(verified_on__isnull=False),
                name="water_outfall_verified_has_its_day",
            ),
        ]
        indexes = [models.Index(fields=["reach"], name="water_outfall_reach")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def as_resource(self) -> Resource:
        return outfall_resource(self.member_id, recorded_by=self.recorded_by_id)


def outfall_resource(member_code: str, *, recorded_by: int | None = None) -> Resource:
    """An outfall is its member's; the officials of every member read it, the public none.
    ``recorded_by``: the account that recorded its rectification done (it may not verify
    it)."""
    return Resource(
        Kind.WATER_OUTFALL, (REGION, member_code), level="member", recorded_by=recorded_by
    )
