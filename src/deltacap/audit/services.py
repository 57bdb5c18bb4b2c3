"""The one writer of the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection, models
from django.utils import timezone

from deltacap import public_cache
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


def _user(actor: Any) -> Any:
    """The account an event names: a signed-in user, or none (system, anonymous)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _row(event: Event) -> AuditEvent:
    user = _user(event.actor)
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
        origin=event.origin[: context.ORIGIN_MAX],
    )


_COLUMNS = (
    "at",
    "actor_id",
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


class EventRows(NamedTuple):
    """Events as rows of the audit table, for a writer that inserts them with its own
    statements (a settlement run: one statement for its few hundred events)."""

    model: type[AuditEvent]
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def event_rows(events: Iterable[Event]) -> EventRows:
    """The rows the ORM would insert for ``events`` (JSON and time adapted by the
    database's own operations), built without the ORM: through ``bulk_create`` they cost
    more than the settlement run that records them. Insert them inside the transaction of
    the writes they record; nothing else writes the audit table."""
    ops = connection.ops
    at = ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for e in events:
        user = _user(e.actor)
        rows.append(
            (
                at,
                user.pk if user else None,
                user.get_username() if user else "",
                Channel(e.channel).value,
                e.action,
                e.object_type,
                str(e.object_id),
                e.member_code or "",
                None if e.before is None else ops.adapt_json_value(e.before, None),
                None if e.after is None else ops.adapt_json_value(e.after, None),
                e.origin[: context.ORIGIN_MAX],
            )
        )
    return EventRows(AuditEvent, _COLUMNS, rows)


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
    # The figures every visitor sees alike that this write changes are computed again.
    public_cache.changed(*public_cache.topics_of(action))
    return row
