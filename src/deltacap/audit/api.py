"""/api/v1/audit: the audit trail, filtered (the office: all; a member: its own)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from deltacap.accounts.auth import AUTH
from deltacap.audit.schemas import local_time
from deltacap.audit.selectors import AuditFilter, events
from deltacap.inputs import Code, Limit, Moment, Offset, Text

router = Router(tags=["audit"], auth=AUTH)


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor: str
    channel: str
    action: str
    object_type: str
    object_id: str
    member: str
    before: Any
    after: Any


class AuditQuery(Schema):
    actor: Annotated[str, Text(150)] | None = None
    action: Annotated[str, Text(64)] | None = None
    member: Code | None = None
    object_type: Annotated[str, Text(64)] | None = None
    since: Moment | None = None
    until: Moment | None = None
    limit: Annotated[int, Limit(1000)] = 200
    offset: Offset = 0


@router.get("", response=list[AuditEventOut])
def list_events(request: HttpRequest, q: Query[AuditQuery]) -> list[AuditEventOut]:
    f = AuditFilter(
        actor=q.actor,
        action=q.action,
        member=q.member,
        object_type=q.object_type,
        since=q.since,
        until=q.until,
    )
    limit, offset = q.limit, q.offset
    return [
        AuditEventOut(
            id=e.pk,
            at=local_time(e.at),
            actor=e.actor_username,
            channel=e.channel,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            member=e.member_code,
            before=e.before,
            after=e.after,
        )
        for e in events(request.user, f)[offset : offset + limit]
    ]
