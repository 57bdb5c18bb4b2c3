"""Enterprises: the holders of emission rights and senders of monitoring data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Place, Resource
from deltacap.reference.models import Division


class Enterprise(models.Model):
    """An enterprise, located in a city and (where known) a county."""

    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        help_text=_("18 characters, GB 32100-2015"),
    )
    name = models.CharField(_("name"), max_length=200)
    division = models.ForeignKey(
        Division,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name=_("city or county"),
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    synthetic = models.BooleanField(
        default=False, help_text=_("Generated demo data, not a real enterprise")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["division_id", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.division.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self, *, moved_to: Division | None = None) -> Resource:
        """The enterprise at its place; ``moved_to``: also at the place it would move to."""
        other = None
        if moved_to is not None and moved_to.pk != self.division_id:
            other = Place(moved_to.path(), self.pk)
        return Resource(
            Kind.ENTERPRISE,
            self.division.path(),
            level=self.division.level,
            enterprise_id=self.pk,
            other=other,
        )
