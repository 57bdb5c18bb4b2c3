"""The device registry: outlets of enterprises, their limits and their monitoring devices.

Measurements are not here: they live in the columnar store under the data
folder (``monitoring/store.py``), keyed by the outlet and enterprise ids below.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Medium


class Outlet(models.Model):
    """A monitored outlet (排放口) of an enterprise: a stack or a waste-water outfall."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="outlets", verbose_name=_("enterprise")
    )
    code = models.CharField(_("outlet code"), max_length=32)
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Descriptive: roll-ups tell water from gas by the factor codes (w..., a...).
    medium = models.CharField(_("medium"), max_length=8, choices=Medium.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enterprise_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "code"], name="outlet_code_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise.name} {self.code}"

    def as_resource(self) -> Resource:
        """An outlet at its enterprise's place, of that enterprise."""
        place = self.enterprise.division
        return Resource(
            Kind.OUTLET, place.path(), level=place.level, enterprise_id=self.enterprise_id
        )


class OutletLimit(models.Model):
    """An outlet's concentration limit for one factor, in the factor's HJ 212 Annex B unit."""

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="limits")
    factor = models.CharField(_("HJ 212-2017 factor code"), max_length=8)
    limit = models.DecimalField(_("limit"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["outlet_id", "factor"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "factor"], name="one_limit_per_factor"),
            models.CheckConstraint(condition=models.Q(limit__gt=0), name="limit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.factor} {self.limit}"


class Device(models.Model):
    """The data logger of an outlet, known by its MN, with its access password (PW).

    PW is kept as sent on the wire: HJ 212 transmits it in clear text in every
    packet, and the receiver compares it on every packet.
    """

    mn = models.CharField(_("device number (MN)"), max_length=24, unique=True)
    password = models.CharField(_("access password (PW)"), max_length=24)
    # A device not yet assigned to an outlet is received and stored, but counts in no totals.
    outlet = models.OneToOneField(
        Outlet,
        on_delete=models.PROTECT,
        related_name="device",
        verbose_name=_("outlet"),
        null=True,
        blank=True,
    )
    minute_interval = models.PositiveSmallIntegerField(
        _("minute-data interval (minutes)"),
        default=10,
        help_text=_("MinInterval of HJ 212-2017: 60 for a device that sends hourly data only."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["mn"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minute_interval__gte=1, minute_interval__lte=60),
                name="minute_interval_1_to_60",
            )
        ]

    def __str__(self) -> str:
        return self.mn
