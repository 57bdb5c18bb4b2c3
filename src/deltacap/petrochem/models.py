"""Hangzhou Bay petrochemicals (环杭州湾石化化工 三统一): the bay's scope as the office sets
it, the bay's petrochemical and chemical enterprises with their processes and capacities
(each a record of the enterprise registry), the joint inspection campaigns the office runs,
and the findings at an enterprise with their rectification."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource, region_resource
from deltacap.domain.petrochem import FindingState, PointKind, is_overdue
from deltacap.enterprises.models import Enterprise
from deltacap.petrochem import labels
from deltacap.reference.models import Division


def _choices(words: dict) -> list[tuple[str, object]]:
    return [(getattr(code, "value", code), word) for code, word in words.items()]


class ScopeDivision(models.Model):
    """A city or district of the bay, as the office set the scope (none: the default of
    ``petrochem/data/bay_scope.json``)."""

    division = models.OneToOneField(Division, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["division_id"]

    def __str__(self) -> str:
        return self.division_id


def scope_resource() -> Resource:
    """The bay's scope is the region's (the office's); everyone reads it."""
    return Resource(Kind.PETRO_SCOPE, ("region",), level="region", published=True)


def campaign_resource() -> Resource:
    return region_resource(Kind.PETRO_CAMPAIGN)


def _enterprise_resource(kind: Kind, enterprise: Enterprise) -> Resource:
    division = enterprise.division
    return Resource(kind, division.path(), level=division.level, enterprise_id=enterprise.pk)


class BayEnterprise(models.Model):
    """A petrochemical or chemical enterprise of the bay: its processes with capacities
    (``[{"process": "refining", "capacity": "800", "unit": "万吨/年"}]``)."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("petro_enterprise",)  # its name in the audit trail

    enterprise = models.OneToOneField(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="bay_record",
        verbose_name=_("enterprise"),
    )
    processes = models.JSONField(_("processes"), default=list)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enterprise__division_id", "enterprise__name"]

    def __str__(self) -> str:
        return self.enterprise.name

    @property
    def member_code(self) -> str:
        return self.enterprise.member_code

    @property
    def process_codes(self) -> list[str]:
        return [str(p["process"]) for p in self.processes]

    def as_resource(self) -> Resource:
        return _enterprise_resource(Kind.PETRO_ENTERPRISE, self.enterprise)

    def finding_resource(self) -> Resource:
        return _enterprise_resource(Kind.PETRO_FINDING, self.enterprise)


class Campaign(models.Model):
    """A joint inspection campaign (联合执法检查) of the bay: its members, dates and the
    enterprises it visits."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("petro_campaign",)  # its name in the audit trail

    name = models.CharField(_("name"), max_length=200)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    members = models.JSONField(_("members"), default=list)
    enterprises = models.ManyToManyField(BayEnterprise, related_name="campaigns", blank=True)
    note = models.TextField(_("note"), blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts", "pk"]

    def __str__(self) -> str:
        return self.name

    def as_resource(self) -> Resource:
        return campaign_resource()


class Finding(models.Model):
    """What a campaign (or a member's own inspection) found at a bay enterprise, to be
    rectified by ``deadline``."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("petro_finding",)  # its name in the audit trail
    AUDIT_VALUES: ClassVar[dict[str, Mapping[str, Promise]]] = {
        "petro_finding_state": labels.STATES
    }

    enterprise = models.ForeignKey(BayEnterprise, on_delete=models.PROTECT, related_name="findings")
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=_choices(labels.FINDING_KINDS))
    description = models.TextField(_("description"))
    found_on = models.DateField(_("found on"))
    deadline = models.DateField(_("rectification deadline"))
    point = models.CharField(
        _("monitoring point"), max_length=12, blank=True, choices=_choices(labels.POINTS)
    )
    concentration = models.DecimalField(
        _("measured NMHC (mg/m³)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    state = models.CharField(
        _("state"), max_length=12, choices=_choices(labels.STATES), default=FindingState.OPEN.value
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["member_code", "state"], name="petrochem_finding_open")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.enterprise.member_code
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return self.enterprise.finding_resource()

    def overdue(self, today: date) -> bool:
        return is_overdue(FindingState(self.state), self.deadline, today)

    @property
    def point_kind(self) -> PointKind | None:
        return PointKind(self.point) if self.point else None


class Rectification(models.Model):
    """What the enterprise's member recorded as done about a finding."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="rectifications")
    day = models.DateField(_("day"))
    measures = models.TextField(_("measures"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.finding} {self.day}"


class FenceStation(models.Model):
    """A fence-line VOCs monitoring station (厂界/边界 VOCs 监测站) of the bay: at a bay
    enterprise's boundary or a chemical park's, in a bay city, kept by the city's member;
    its factors (``["NMHC", "benzene"]``) among those of ``petrochem/data/fence_line.json``.
    Its hourly readings are in the measurement store (``petrochem/fence_store.py``)."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("petro_station",)  # its name in the audit trail

    code = models.CharField(_("station code"), max_length=32, unique=True)
    name = models.CharField(_("station name"), max_length=200)
    enterprise = models.ForeignKey(
        BayEnterprise,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fence_stations",
        verbose_name=_("enterprise"),
    )
    park = models.CharField(_("chemical park"), max_length=200, blank=True)
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("city")
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    factors = models.JSONField(_("factors"), default=list)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["city_id", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.city.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return station_resource(self.city, self.enterprise)


def station_resource(city: Division, bay: BayEnterprise | None = None) -> Resource:
    """A fence-line station as the rules see it: its city's place, its enterprise's (if
    it stands at one's boundary)."""
    return Resource(
        Kind.PETRO_STATION,
        city.path(),
        level=city.level,
        enterprise_id=None if bay is None else bay.enterprise_id,
    )
