"""The audit trail: every write, by whom, when, through which channel, before and after."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Resource


class Channel(models.TextChoices):
    PAGE = "page", _("Web page")
    API = "api", _("API")
    CLI = "cli", _("Command line")
    IMPORT = "import", _("Import")
    SYSTEM = "system", _("System")


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    """Bulk updates and deletes are refused too (PostgreSQL also refuses them in a trigger)."""

    def update(self, **kwargs: Any) -> int:
        raise ValueError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError("audit events are append-only")


class AuditEvent(models.Model):
    """One recorded write. Append-only: the model refuses updates and deletes."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("record type"), max_length=64)
    object_id = models.CharField(_("record"), max_length=64)
    member_code = models.CharField(_("member"), max_length=8, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        # A record's events (its name is read from them on the audit page).
        # The actor and the member are looked up by equality only: plain indexes (a text
        # column with ``db_index=True`` would also get one for LIKE patterns on PostgreSQL,
        # which every event written has to update too). The action keeps both: its
        # categories are looked up by prefix.
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_record"),
            models.Index(fields=["actor_username"], name="audit_actor"),
            models.Index(fields=["member_code"], name="audit_member"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("audit events are append-only")

    def as_resource(self) -> Resource:
        """An event of its member (the region's where it names none)."""
        path = (REGION, self.member_code) if self.member_code else (REGION,)
        return Resource(Kind.AUDIT_EVENT, path)
