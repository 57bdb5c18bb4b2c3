"""Reads of the audit trail, limited to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from deltacap.accounts.permissions import principal_of
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import READS_ALL, Role


@dataclass
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    member: str | None = None
    object_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def visible_events(user: Any) -> QuerySet[AuditEvent]:
    """The office reads every event; a member's staff read their member's."""
    p = principal_of(user)
    if p.role in READS_ALL:
        return AuditEvent.objects.all()
    if p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER) and p.division_code:
        return AuditEvent.objects.filter(member_code=p.division_code)
    return AuditEvent.objects.none()


def _aware(moment: datetime | None) -> datetime | None:
    """A time without a zone is read in the platform's zone (Asia/Shanghai)."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def events(user: Any, f: AuditFilter) -> QuerySet[AuditEvent]:
    qs = visible_events(user)
    since, until = _aware(f.since), _aware(f.until)
    if f.actor:
        qs = qs.filter(actor_username=f.actor)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    if f.member:
        qs = qs.filter(member_code=f.member)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    return qs
