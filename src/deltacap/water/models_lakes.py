"""The lakes (三(二)): enterprises' positions, the members' plans for the enterprises in the
5 km Taihu zone, and cyanobacteria (蓝藻) bloom observations, warnings with the notices
they send to the other members around the lake, and emergency actions.

Imported by ``water/models.py`` so Django finds the models in the water app.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource
from deltacap.domain.access.model import REGION
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division


class Lake(models.TextChoices):
    """The plan's lakes, as the packaged outlines name them (deltacap.geodata)."""

    TAIHU = "taihu", _("Taihu Lake")
    CHAOHU = "chaohu", _("Chaohu Lake")
    DIANSHAN = "dianshan", _("Dianshan Lake")
    HONGZE = "hongze", _("Hongze Lake")
    QIANDAO = "qiandao", _("Qiandao Lake")


def member_resource(kind: Kind, member_code: str, *, published: bool = False) -> Resource:
    return Resource(kind, (REGION, member_code), level="member", published=published)


class EnterpriseSite(models.Model):
    """Where an enterprise lies (WGS-84), for the lakes' zones."""

    enterprise = models.OneToOneField(Enterprise, on_delete=models.CASCADE, related_name="site")
    lon = models.FloatField(_("Longitude"))
    lat = models.FloatField(_("Latitude"))
    source = models.TextField(_("source"), blank=True)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.lon:.5f},{self.lat:.5f}"

    def as_resource(self) -> Resource:
        return self.enterprise.as_resource()


class PlanAction(models.TextChoices):
    CLOSE = "close", _("Close")
    RELOCATE = "relocate", _("Relocate")
    UPGRADE = "upgrade", _("Upgrade")


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")


class TaihuPlan(models.Model):
    """A member's plan for one enterprise in the 5 km Taihu zone, with its progress."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.PROTECT, related_name="taihu_plan"
    )
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=PlanAction.choices)
    deadline = models.DateField(_("deadline"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PLANNED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member_id", "deadline", "enterprise_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="taihu_plan_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.action} {self.deadline}"

    def as_resource(self) -> Resource:
        return member_resource(Kind.TAIHU_PLAN, self.member_id)


def _industry_choices() -> list[tuple[str, Any]]:
    """The industries an allocation may name (configuration, water/data/taihu_zone.json),
    each named in the active language (so the audit trail reads them as the pages do)."""
    from django.utils.functional import lazy
    from django.utils.translation import get_language

    from deltacap.water.taihu_reserve import strategic_industries

    def name(zh: str, en: str) -> str:
        return zh if (get_language() or "zh").startswith("zh") else en

    return [(i.code, lazy(name, str)(i.name_zh, i.name_en)) for i in strategic_industries()]


class ReserveDirection(models.TextChoices):
    INTO = "in", _("Into the reserve")
    OUT = "out", _("Allocated from the reserve")


class TaihuReserveMove(models.Model):
    """One move of emission rights into or out of a member's government reserve for the
    Taihu zone: a closed chemical enterprise's rights recovered into it (with the plan that
    closed it), or an allocation from it to an enterprise of the industry it names. The
    rights move in the ledger's journal (entry ``entry_seq``); this row says why."""

    direction = models.CharField(max_length=3, choices=ReserveDirection.choices)
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    reserve_code = models.CharField(max_length=40)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        TaihuPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="reserve_moves"
    )
    pollutant = models.CharField(_("pollutant"), max_length=16)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    kg = models.BigIntegerField(_("kg per year"))
    industry = models.CharField(_("industry"), max_length=40, blank=True, choices=_industry_choices)
    strategic = models.BooleanField(null=True)
    reason = models.TextField(_("reason"), blank=True)
    decision = models.CharField(_("decision"), max_length=80)
    entry_seq = models.BigIntegerField(unique=True)
    moved_at = models.DateTimeField(default=timezone.now)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-moved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.reserve_code} {self.pollutant} {self.kg}"

    @property
    def tonnes_text(self) -> str:
        return tonnes_text(self.kg)


def tonnes_text(kg: int) -> str:
    """Tonnes of ``kg`` as a page shows them: thousands separated, no trailing zeros."""
    whole, rest = divmod(kg, 1000)
    decimals = f"{rest:03d}".rstrip("0")
    return f"{whole:,}" + (f".{decimals}" if decimals else "")


class BloomObservation(models.Model):
    """Algal density (cells/L) at a point of a lake on a day, and the bloom area seen."""

    lake = models.CharField(_("lake"), max_length=10, choices=Lake.choices)
    point = models.CharField(_("point"), max_length=60)
    lon = models.FloatField(_("Longitude"))
    lat = models.FloatField(_("Latitude"))
    observed_on = models.DateField(_("date"))
    density = models.FloatField(_("algal density (cells/L)"))
    area_km2 = models.FloatField(_("bloom area (km²)"), null=True, blank=True)
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    synthetic = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-observed_on", "lake", "point"]
        constraints = [
            models.UniqueConstraint(
                fields=["lake", "point", "observed_on"], name="one_bloom_observation_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lake} {self.point} {self.observed_on}"

    def as_resource(self) -> Resource:
        return member_resource(Kind.BLOOM, self.member_id)


class BloomWarning(models.Model):
    """A bloom warning a member issues for a lake; active until lifted."""

    lake = models.CharField(_("lake"), max_length=10, choices=Lake.choices)
    level = models.CharField(_("warning level"), max_length=12)
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    observation = models.ForeignKey(
        BloomObservation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.lake} {self.level} {self.issued_at:%Y-%m-%d}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None

    def as_resource(self) -> Resource:
        return member_resource(Kind.BLOOM, self.member_id, published=self.active)


class BloomNotice(models.Model):
    """A warning as it reaches another member around the lake (its in-platform notice)."""

    warning = models.ForeignKey(BloomWarning, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["warning", "member"], name="one_bloom_notice_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.member_id}"

    def as_resource(self) -> Resource:
        return member_resource(Kind.BLOOM, self.member_id)


class EmergencyAction(models.Model):
    """An emergency action a member takes under a warning (salvage, diversion, ...)."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("bloom_action",)  # its name in the audit trail

    warning = models.ForeignKey(BloomWarning, on_delete=models.CASCADE, related_name="actions")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    taken_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.member_id} {self.taken_on}"

    def as_resource(self) -> Resource:
        return member_resource(Kind.BLOOM, self.member_id)
