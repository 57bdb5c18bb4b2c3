"""The annual reports in the platform: each member's report of a year (its narrative
sections and its submitted versions, each frozen with its Word and PDF bytes) and the
region's report the office compiles and publishes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deltacap.domain.access import REGION, Kind, Resource, region_resource
from deltacap.domain.reports.narrative import ReportState
from deltacap.reference.models import Division

STATE_CHOICES = [
    (ReportState.DRAFT.value, _("draft")),
    (ReportState.SUBMITTED.value, _("submitted")),
    (ReportState.ACCEPTED.value, pgettext_lazy("annual report", "accepted")),
    (ReportState.RETURNED.value, _("returned")),
]


class MemberReport(models.Model):
    """One version of a member's report of a year. The newest version is the one being
    worked on; a version once submitted keeps its narrative, documents and digest, and a
    later edit starts a new draft version."""

    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(_("state"), max_length=10, choices=STATE_CHOICES, default="draft")
    narrative = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    docx = models.BinaryField(null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    # SHA-256 of the Word and of the PDF file, as submitted.
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("comment"), blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["year", "member_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "version"], name="reports_member_year_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year} v{self.version}"

    def as_resource(self) -> Resource:
        return Resource(Kind.MEMBER_REPORT, (REGION, str(self.member_id)), level="member")

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT.value


class RegionReport(models.Model):
    """One compilation of the region's report of a year: its Word and PDF bytes, which
    members' versions it drew on, and whether the office has published it."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(default=1)
    compiled_at = models.DateTimeField(auto_now_add=True)
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # member code → the version of its report the compilation used (none: not submitted).
    sources = models.JSONField(default=dict, blank=True)
    docx = models.BinaryField(null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["year", "version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="reports_region_year_version")
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version}"

    def as_resource(self) -> Resource:
        resource = region_resource(Kind.REGION_REPORT)
        return replace(resource, published=self.published) if self.published else resource


def as_bytes(value: Any) -> bytes:
    """A binary field's value as bytes (memoryview on some databases)."""
    return bytes(value) if value is not None else b""
