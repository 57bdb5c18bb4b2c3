"""/api/v1/audit: the audit trail, filtered (the office: all; a member: its own)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from deltacap.accounts.auth import AUTH
from deltacap.audit.selectors import AuditFilter, events

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
    actor: str | None = None
    action: str | None = None
    member: str | None = None
    object_type: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(200, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10**9)


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
            at=e.at,
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
