"""Reads of the audit trail, limited to what the reader may see."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from deltacap.accounts.permissions import principal_of
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import READS_ALL, Role
from deltacap.domain.errors import InvalidInput, gettext_noop


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


# Paging by cursor: a cursor names the last event shown (its time in microseconds since the
# epoch and its number); the next page starts with the event after it in the trail's order
# (newest first). Unlike a page number it stays put while new events are written.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CURSOR = re.compile(r"(\d{1,20})-(\d{1,20})")


class BadCursor(InvalidInput):
    """A cursor that this trail did not give out."""


def cursor_of(event: AuditEvent) -> str:
    return f"{(event.at - _EPOCH) // timedelta(microseconds=1)}-{event.pk}"


def after_cursor(qs: QuerySet[AuditEvent], cursor: str | None) -> QuerySet[AuditEvent]:
    """The events of ``qs`` after ``cursor``. Raises BadCursor naming ``cursor``."""
    if not cursor:
        return qs
    found = _CURSOR.fullmatch(cursor.strip())
    if found is None:
        raise BadCursor(
            gettext_noop("{cursor} is not a cursor this trail gave out."),
            field="cursor",
            cursor=cursor,
        )
    at = _EPOCH + timedelta(microseconds=int(found[1]))
    pk = int(found[2])
    return qs.filter(Q(at__lt=at) | Q(at=at, pk__lt=pk))


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    next_cursor: str | None  # None: this is the last page


def event_page(
    user: Any, f: AuditFilter, *, cursor: str | None = None, limit: int = 50
) -> EventPage:
    """Up to ``limit`` events after ``cursor``, newest first, and the cursor of the next."""
    qs = after_cursor(events(user, f).select_related("actor"), cursor)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    return EventPage(rows[:limit], cursor_of(rows[limit - 1]) if more else None)


# Events one operation wrote together (an import, a demo load, a settlement run) follow
# each other in the trail with the same author, action, channel and origin, within moments.
GROUP_GAP = timedelta(seconds=2)


def same_operation(a: AuditEvent, b: AuditEvent) -> bool:
    """Whether ``b`` (next in the trail) was written by the same operation as ``a``."""
    return (a.actor_username, a.action, a.channel, a.origin) == (
        b.actor_username,
        b.action,
        b.channel,
        b.origin,
    ) and abs(a.at - b.at) <= GROUP_GAP


@dataclass(frozen=True)
class GroupPage:
    groups: list[list[AuditEvent]]
    next_cursor: str | None


def group_page(
    user: Any,
    f: AuditFilter,
    *,
    cursor: str | None = None,
    limit: int = 50,
    max_events: int = 5000,
) -> GroupPage:
    """Up to ``limit`` groups of events after ``cursor`` (one operation's events are one
    group; a group of more than ``max_events`` continues on the next page)."""
    qs = after_cursor(events(user, f).select_related("actor"), cursor)
    groups: list[list[AuditEvent]] = []
    rows = qs[: max_events + 1].iterator(chunk_size=500)
    for seen, event in enumerate(rows, start=1):
        if seen > max_events:  # the page is full in the middle of an operation
            return GroupPage(groups, cursor_of(groups[-1][-1]))
        if groups and same_operation(groups[-1][-1], event):
            groups[-1].append(event)
        elif len(groups) == limit:
            return GroupPage(groups, cursor_of(groups[-1][-1]))
        else:
            groups.append([event])
    return GroupPage(groups, None)
