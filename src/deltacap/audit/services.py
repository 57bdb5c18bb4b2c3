"""The one writer of the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from deltacap.audit import context
from deltacap.audit.models import AuditEvent, Channel


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as JSON-able values (foreign keys as their key)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _jsonable(getattr(instance, attname))
    return result


def record(
    *,
    actor: Any,
    channel: Channel | str,
    action: str,
    object_type: str,
    object_id: Any,
    member_code: str | None = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the write it records."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=user.get_username() if user else "",
        channel=Channel(channel),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        member_code=member_code or "",
        before=before,
        after=after,
        origin=context.origin(),
    )
