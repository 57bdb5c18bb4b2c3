"""The one writer of the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.utils import timezone

from deltacap import db
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


@dataclass(frozen=True)
class Event:
    """One event for :func:`record_many`; ``origin`` is where the write came from (the
    caller's :func:`context.origin` when it was asked for, which may be another thread)."""

    actor: Any
    channel: Channel | str
    action: str
    object_type: str
    object_id: Any
    member_code: str | None = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    origin: str = ""


def _row(event: Event) -> AuditEvent:
    user = event.actor if getattr(event.actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=user,
        actor_username=user.get_username() if user else "",
        channel=Channel(event.channel),
        action=event.action,
        object_type=event.object_type,
        object_id=str(event.object_id),
        member_code=event.member_code or "",
        before=event.before,
        after=event.after,
        origin=event.origin[:200],
    )


_COLUMNS = (
    "at",
    "actor",
    "actor_username",
    "channel",
    "action",
    "object_type",
    "object_id",
    "member_code",
    "before",
    "after",
    "origin",
)


def record_many(events: Iterable[Event]) -> int:
    """Append several events in one statement. Call it inside the transaction of the
    writes they record. Returns how many were appended.

    Written as one multi-row INSERT with each value prepared by its model field (what the
    ORM would send): building the statement through ``bulk_create`` costs more than the
    settlement run that records hundreds of events in one go.
    """
    rows = [_row(e) for e in events]
    if not rows:
        return 0
    now = timezone.now()
    by_name = {f.name: f for f in AuditEvent._meta.concrete_fields}
    fields = [by_name[name] for name in _COLUMNS]
    params: list[Any] = []
    for row in rows:
        row.at = now
        for field in fields:
            params.append(field.get_db_prep_save(getattr(row, field.attname), connection))
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(rows), _CHUNK):
        count = min(_CHUNK, len(rows) - start)
        chunk = params[start * len(fields) : (start + count) * len(fields)]
        with db.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({names}) "  # noqa: S608
                f"VALUES {', '.join([one] * count)}",
                chunk,
            )
    return len(rows)


_CHUNK = 500


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
    row = _row(
        Event(
            actor,
            channel,
            action,
            object_type,
            object_id,
            member_code,
            before,
            after,
            context.origin(),
        )
    )
    row.save(force_insert=True)
    return row
