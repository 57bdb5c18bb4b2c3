"""Water bodies, their monitoring sections (断面) and the sections' samples.

The samples are the measurement store of the manual (monthly) data: one row per section
and sampling date with the values of the items measured (mg/L; pH none; faecal coliform
per litre; chlorophyll a mg/m³, transparency m) in a JSON object. A section's data are a
few dozen rows a year, read by section and date, so the database keeps them; the
classification runs over columns built from them (deltacap.domain.water).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deltacap.domain.access import Kind, Place, Resource
from deltacap.domain.access.model import REGION
from deltacap.reference.models import Division, LocalisedName


class WaterBodyKind(models.TextChoices):
    RIVER = "river", _("River")
    LAKE = "lake", _("Lake")
    RESERVOIR = "reservoir", _("Reservoir")


class SectionKind(models.TextChoices):
    NATIONAL = "national", _("National section")
    PROVINCIAL = "provincial", _("Provincial section")
    CROSS_BORDER = "cross_border", _("Cross-border section")


class WaterBody(LocalisedName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=WaterBodyKind.choices)
    source = models.TextField(_("source"), blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]

    @property
    def water_type(self) -> str:
        """GB 3838's rows: a lake's for lakes and reservoirs (湖、库), a river's otherwise."""
        return "river" if self.kind == WaterBodyKind.RIVER else "lake"


class Section(LocalisedName):
    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("water_section",)  # its name in the audit trail

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=14, choices=SectionKind.choices)
    water_body = models.ForeignKey(WaterBody, on_delete=models.PROTECT, related_name="sections")
    lon = models.FloatField(_("Longitude"))
    lat = models.FloatField(_("Latitude"))
    upstream = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    downstream = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The function target class (水质目标), 1..5 for I..V.
    target_class = models.PositiveSmallIntegerField(_("target class"))
    # The members responsible for the section (one, or the two of a cross-border section).
    responsible = models.ManyToManyField(Division, related_name="water_sections")
    source = models.TextField(_("source"), blank=True)
    approximate = models.BooleanField(default=False)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_class__gte=1) & models.Q(target_class__lte=5),
                name="section_target_class_i_to_v",
            ),
        ]

    def member_codes(self) -> list[str]:
        return sorted(d.code for d in self.responsible.all())

    def as_resource(self) -> Resource:
        return section_resource(self.member_codes() if self.pk else [])


def section_resource(member_codes: list[str]) -> Resource:
    """A section as the rules see it: its responsible members (the second one as the other
    place); published, as everyone reads the region's water data."""
    codes = sorted(member_codes)
    path = (REGION, codes[0]) if codes else (REGION,)
    other = Place((REGION, codes[1])) if len(codes) > 1 else None
    return Resource(Kind.WATER_SECTION, path, level="member", published=True, other=other)


class Sample(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="samples")
    sampled_on = models.DateField(_("sampling date"))
    values = models.JSONField(default=dict)
    synthetic = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["section", "sampled_on"]
        constraints = [
            models.UniqueConstraint(fields=["section", "sampled_on"], name="one_sample_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.section_id} {self.sampled_on}"


class SettlementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    SETTLED = "settled", pgettext_lazy("eco-compensation", "Settled")


class Settlement(models.Model):
    """A year's eco-compensation settlement of an agreement (生态补偿): P, who pays whom
    and how much, with every input it was computed from frozen in ``inputs`` (the round's
    K0, weights, base concentrations and amount with their status and source; the annual
    means and the samples they came from). Settled once both parties and the office
    approved it (its approvals)."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("eco_settlement",)  # its name in the audit trail

    agreement = models.SlugField(_("agreement"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    round = models.PositiveSmallIntegerField(_("round"))
    upstream = models.CharField(max_length=6)
    downstream = models.CharField(max_length=6)
    section = models.SlugField(max_length=40)
    p = models.DecimalField(_("P value"), max_digits=9, decimal_places=4)
    payer = models.CharField(max_length=6)
    payee = models.CharField(max_length=6)
    amount_fen = models.BigIntegerField(_("amount"))
    inputs = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=SettlementStatus.choices, default=SettlementStatus.PENDING
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["agreement", "year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="one_settlement_a_year"),
            models.CheckConstraint(condition=models.Q(amount_fen__gte=0), name="settlement_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.year}"

    @property
    def amount_yuan(self) -> int | float:
        yuan, fen = divmod(self.amount_fen, 100)
        return yuan if not fen else self.amount_fen / 100

    @property
    def settled(self) -> bool:
        return self.status == SettlementStatus.SETTLED

    def as_resource(self) -> Resource:
        return settlement_resource(self.upstream, self.downstream, published=self.settled)


def settlement_resource(upstream: str, downstream: str, *, published: bool = False) -> Resource:
    """A settlement as the rules see it: its two parties' places; published once settled
    (the public reads settled results)."""
    return Resource(
        Kind.ECO_SETTLEMENT,
        (REGION, upstream),
        level="member",
        published=published,
        other=Place((REGION, downstream)),
    )


class ApprovalSide(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream party")
    DOWNSTREAM = "downstream", _("Downstream party")
    OFFICE = "office", _("Region office")


class SettlementApproval(models.Model):
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="approvals")
    side = models.CharField(max_length=10, choices=ApprovalSide.choices)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["settlement", "approved_at"]
        constraints = [
            models.UniqueConstraint(fields=["settlement", "side"], name="one_approval_a_side")
        ]

    def __str__(self) -> str:
        return f"{self.settlement} {self.side}"


# Shared facilities of the demonstration zone (water/models_facilities.py) and the lakes'
# records (5 km Taihu zone, cyanobacteria blooms) live in their own modules.
from deltacap.water.models_facilities import FacilityShare, SharedFacility  # noqa: E402, F401
from deltacap.water.models_lakes import (  # noqa: E402, F401
    BloomNotice,
    BloomObservation,
    BloomWarning,
    EmergencyAction,
    EnterpriseSite,
    TaihuPlan,
    TaihuReserveMove,
)

# N/P loads into the lakes: monthly flows at the inflow sections (water/loads.py).
from deltacap.water.models_loads import SectionFlow  # noqa: E402, F401

# Outfalls into rivers and lakes and the river network (water/models_outfalls.py).
from deltacap.water.models_outfalls import Outfall, Reach  # noqa: E402, F401
