"""Information sharing (信息共享, 二(一)): the office's policy per category, and each
person's subscriptions to the categories' changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource, region_resource
from deltacap.domain.sharing import Category, Scope
from deltacap.enterprises.models import Enterprise

CATEGORY_CHOICES = [
    (Category.TARGETS.value, _("Reduction targets")),
    (Category.INDICATORS.value, _("Indicators (targets split to cities, coefficients)")),
    (Category.PROJECTS.value, _("Key reduction projects and their progress")),
    (Category.AIR.value, _("Air quality")),
    (Category.WATER.value, _("Surface-water quality")),
]
SCOPE_CHOICES = [
    (Scope.ALL_MEMBERS.value, _("read by every member")),
    (Scope.OWN_MEMBER.value, _("read by the member itself only")),
]


class SharingPolicy(models.Model):
    """What the office shares of one category (a category without a row: the default,
    read by every member)."""

    category = models.CharField(_("category"), max_length=16, choices=CATEGORY_CHOICES, unique=True)
    scope = models.CharField(_("sharing"), max_length=16, choices=SCOPE_CHOICES)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["category"]

    def __str__(self) -> str:
        return f"{self.category}: {self.scope}"

    def as_resource(self) -> Resource:
        return region_resource(Kind.SHARING_POLICY)


class Subscription(models.Model):
    """A person's subscription to one category's changes (the daily digest)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=16, choices=CATEGORY_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "category"]
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_subscription_each")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.category}"

    def as_resource(self) -> Resource:
        """The subscriber's own account (a person subscribes for itself only)."""
        resource: Resource = self.user.as_resource()
        return resource


class PermitNumber(models.Model):
    """An enterprise's discharge-permit number (排污许可证编号), the link of its identifier
    crosswalk between its credit code and its outlets."""

    enterprise = models.OneToOneField(
        Enterprise, on_delete=models.CASCADE, related_name="sharing_permit"
    )
    number = models.CharField(_("discharge-permit number"), max_length=32)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["enterprise_id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="sharing_permit_number_once")
        ]

    def __str__(self) -> str:
        return self.number

    def as_resource(self) -> Resource:
        """The enterprise's own record, at its place."""
        return self.enterprise.as_resource()
