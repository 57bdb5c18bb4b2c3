"""A working group with one past and one coming meeting, made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from deltacap.accounts.permissions import PLATFORM


@dataclass
class Group:
    past: Any
    coming: Any
    js_item: Any  # Jiangsu's, overdue
    zj_item: Any  # Zhejiang's, due later


@pytest.fixture
def group(db: Any, users: Any) -> Group:
    from deltacap.working import services

    today = timezone.localdate()
    office = users("office")
    for member, name in (("320000", "示例联络员（苏）"), ("330000", "示例联络员（浙）")):
        services.save_person(
            by=PLATFORM,
            channel="system",
            member=member,
            values={"name": name, "phone": "025-00000001", "email": "liaison@example.invalid"},
        )
    past = services.schedule_meeting(
        by=office, channel="api", day=today - timedelta(days=60), place="示例会场", host="320000"
    )
    coming = services.schedule_meeting(
        by=office, channel="api", day=today + timedelta(days=20), place="示例会场二", host="330000"
    )
    js_item = services.create_action_item(
        by=office,
        channel="api",
        meeting_id=past.pk,
        owner="320000",
        title="报送意见",
        due=today - timedelta(days=5),
    )
    zj_item = services.create_action_item(
        by=office,
        channel="api",
        meeting_id=past.pk,
        owner="330000",
        title="编制方案",
        due=today + timedelta(days=40),
    )
    return Group(past, coming, js_item, zj_item)
