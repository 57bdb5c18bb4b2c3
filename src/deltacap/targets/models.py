"""Region and member targets per pollutant and planning period."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource
from deltacap.reference.models import Division, PlanningPeriod, Pollutant


class Target(models.Model):
    """One target: a key-project reduction in tonnes, or a percentage cut, per the period's form."""

    period = models.ForeignKey(PlanningPeriod, on_delete=models.PROTECT, related_name="targets")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="targets")
    pollutant = models.ForeignKey(Pollutant, on_delete=models.PROTECT, related_name="+")
    tonnes = models.DecimalField(
        _("tonnes"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    percent_cut = models.DecimalField(
        _("percentage cut"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    source = models.TextField(_("source"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "division", "pollutant"], name="one_target_per_scope"
            ),
            models.CheckConstraint(
                condition=models.Q(tonnes__isnull=True) | models.Q(tonnes__gte=0),
                name="target_tonnes_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(percent_cut__isnull=True)
                | (models.Q(percent_cut__gte=0) & models.Q(percent_cut__lte=100)),
                name="target_percent_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.division_id} {self.pollutant_id}"

    def as_resource(self) -> Resource:
        """A target of its scope (region, member, city or county); published in the plan."""
        division = self.division
        return Resource(Kind.TARGET, division.path(), level=division.level, published=True)

    @property
    def wan_tonnes(self) -> str | None:
        """The tonnage in 万吨 (10,000 t) as the plan writes it: at least two decimals."""
        if self.tonnes is None:
            return None
        value = (self.tonnes / 10000).quantize(Decimal("0.0001")).normalize()
        if value.as_tuple().exponent > -2:  # type: ignore[operator]
            value = value.quantize(Decimal("0.01"))
        return format(value, "f")

    @property
    def edit_value(self) -> str:
        """The exact figure the editor starts from (万吨 or %), without rounding."""
        if self.tonnes is not None:
            return format((self.tonnes / 10000).normalize(), "f")
        if self.percent_cut is not None:
            return format(self.percent_cut.normalize(), "f")
        return ""

    @property
    def display_value(self) -> str:
        if self.tonnes is not None:
            return self.wan_tonnes or ""
        if self.percent_cut is not None:
            return format(self.percent_cut.normalize(), "f")
        return ""
