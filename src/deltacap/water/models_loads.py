"""The monthly mean flow (m³/s) at a lake's inflow section, for the N/P loads into the lake
(water/loads.py). Imported by ``water/models.py`` so Django finds the model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Resource


class SectionFlow(models.Model):
    section = models.ForeignKey("water.Section", on_delete=models.CASCADE, related_name="flows")
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    flow_m3_s = models.FloatField(_("mean flow (m³/s)"))
    synthetic = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["section", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "year", "month"], name="water_flow_one_a_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="water_flow_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=models.Q(flow_m3_s__gte=0), name="water_flow_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section_id} {self.year}-{self.month:02d}"

    def as_resource(self) -> Resource:
        resource: Resource = self.section.as_resource()
        return resource
