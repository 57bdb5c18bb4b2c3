"""The audit trail as people read it, shared by the page and the command line: the time in
China's time, the author by name and role, the action and the record in words, and what
changed field by field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from deltacap.audit.changes import Change, Lookup, changes
from deltacap.audit.labels import action_label, record_kind_label
from deltacap.audit.models import AuditEvent
from deltacap.audit.names import actor_name, record_names

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class ReadableEvent:
    id: int
    at: datetime  # in China's time (Asia/Shanghai)
    time: str  # ``at`` as people read it, e.g. 2026-12-06 21:46:41
    actor: str  # the author's name, or the platform's
    role: str  # the author's role in words ("" for the platform)
    channel: str
    action: str  # in words
    action_code: str
    record_kind: str
    record: str  # the record's name
    member: str  # the member's name with its code as a hint, or ""
    changes: list[Change] = field(default_factory=list)
    record_is_account: bool = False  # the record is named by an account's user name, as written


@dataclass(frozen=True)
class ReadableGroup:
    """The events one operation wrote together (one event: a group of one)."""

    events: list[ReadableEvent]

    @property
    def first(self) -> ReadableEvent:
        return self.events[0]

    @property
    def size(self) -> int:
        return len(self.events)

    @property
    def time_range(self) -> str:
        newest, oldest = self.events[0].time, self.events[-1].time
        return newest if newest == oldest else f"{oldest} – {newest[11:]}"


def local_time(moment: datetime) -> datetime:
    """``moment`` in China's time, the platform's zone (pages and command line alike)."""
    return timezone.localtime(moment)


def _author(event: AuditEvent) -> tuple[str, str]:
    user = event.actor
    if user is not None:
        return actor_name(user), str(user.get_role_display() or "")
    if event.actor_username:
        return event.actor_username, ""
    return gettext("The platform"), ""


def _member_names(events: Sequence[AuditEvent]) -> dict[str, str]:
    from deltacap.reference.models import Division

    codes = {e.member_code for e in events if e.member_code}
    return {d.code: f"{d.name} ({d.code})" for d in Division.objects.filter(code__in=codes)}


def readable(events: Sequence[AuditEvent]) -> list[ReadableEvent]:
    """``events`` as people read them, in the active language."""
    names = record_names(events)
    members = _member_names(events)
    lookup = Lookup()
    rows = []
    for e in events:
        at = local_time(e.at)
        actor, role = _author(e)
        rows.append(
            ReadableEvent(
                id=e.pk,
                at=at,
                time=at.strftime(TIME_FORMAT),
                actor=actor,
                role=role,
                channel=str(e.get_channel_display()),
                action=action_label(e.action),
                action_code=e.action,
                record_kind=record_kind_label(e.object_type),
                record=names[(e.object_type, e.object_id)],
                member=members.get(e.member_code, e.member_code),
                changes=changes(e.object_type, e.before, e.after, lookup),
                record_is_account=e.object_type == "user",
            )
        )
    return rows


def readable_groups(groups: Sequence[Sequence[AuditEvent]]) -> list[ReadableGroup]:
    flat = readable([e for g in groups for e in g])
    out, start = [], 0
    for g in groups:
        out.append(ReadableGroup(flat[start : start + len(g)]))
        start += len(g)
    return out


def event_json(event: AuditEvent) -> dict[str, Any]:
    """One event in the machine shape of ``deltacap audit --json`` (time in ISO 8601 with
    China's offset)."""
    return {
        "at": local_time(event.at).isoformat(),
        "actor": event.actor_username,
        "channel": event.channel,
        "action": event.action,
        "object": f"{event.object_type}/{event.object_id}",
        "member": event.member_code,
        "before": event.before,
        "after": event.after,
        "origin": event.origin,
    }
