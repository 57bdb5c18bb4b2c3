"""The audit trail: append-only, filterable, and fed by every channel."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_events_cannot_be_changed_or_deleted() -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "forged"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_office_filters_by_actor_action_and_member(api: Any) -> None:
    zj_before = len(api.get("/api/v1/audit", "office", member="330000").json())
    api.send("PATCH", "/api/v1/targets/14fyp/330000/NOx", {"tonnes": 55500}, "office")
    api.send(
        "PATCH",
        f"/api/v1/enterprises/{_firm_of('ent-hangzhou')}",
        {"address": "杭州市某路1号"},
        "ent-hangzhou",
    )
    by_actor = api.get("/api/v1/audit", "office", actor="ent-hangzhou").json()
    assert [e["action"] for e in by_actor] == ["enterprise.update"]
    assert by_actor[0]["after"]["address"] == "杭州市某路1号"
    by_action = api.get("/api/v1/audit", "office", action="target.set").json()
    assert [(e["object_id"], e["after"]["tonnes"]) for e in by_action] == [
        ("14fyp/330000/NOx", "55500.000")
    ]
    zj = api.get("/api/v1/audit", "office", member="330000").json()
    assert {e["member"] for e in zj} == {"330000"} and len(zj) == zj_before + 2
    future = api.get("/api/v1/audit", "office", since="2999-01-01T00:00:00").json()
    assert future == []


def test_a_bad_filter_names_the_field(api: Any) -> None:
    r = api.get("/api/v1/audit", "office", since="yesterday")
    assert r.status_code == 422
    assert r.json()["field"] == "since"


def _firm_of(username: str) -> int:
    from deltacap.accounts.models import User

    return User.objects.get(username=username).enterprise_id  # type: ignore[return-value]


def test_the_database_refuses_to_change_an_event_behind_the_models_back() -> None:
    from django.db import DatabaseError, connection, transaction

    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    table = AuditEvent._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def test_deleting_an_account_keeps_its_events_and_their_author(api: Any) -> None:
    from deltacap.accounts.models import User

    api.send(
        "PATCH",
        f"/api/v1/enterprises/{_firm_of('ent-hangzhou')}",
        {"address": "杭州市某路2号"},
        "hz-editor",
    )
    User.objects.get(username="hz-editor").delete()
    event = AuditEvent.objects.filter(actor_username="hz-editor").latest("id")
    assert event.actor is None and event.after["address"] == "杭州市某路2号"


def test_events_say_where_the_write_came_from(api: Any) -> None:
    api.send("PATCH", "/api/v1/targets/14fyp/330000/NOx", {"tonnes": 55600}, "office")
    assert AuditEvent.objects.latest("id").origin == "ip:127.0.0.1"


def test_events_recorded_together_read_back_as_events_recorded_one_by_one() -> None:
    from deltacap.accounts.models import User
    from deltacap.audit import context, services
    from deltacap.rights import journal

    office = User.objects.get(username="office")
    token = context.set_origin("10.0.0.7")
    try:
        one = services.record(
            actor=office,
            channel="api",
            action="test.one",
            object_type="trade",
            object_id=7,
            member_code="320000",
            before={"kg": 1000, "note": "增加"},
            after={"kg": 0, "parts": [1, 2]},
        )
    finally:
        context.reset_origin(token)
    rows = services.event_rows(
        [
            services.Event(
                actor=actor,
                channel="api",
                action="test.many",
                object_type="trade",
                object_id=7,
                member_code="320000",
                before={"kg": 1000, "note": "增加"},
                after={"kg": 0, "parts": [1, 2]},
                origin="10.0.0.7",
            )
            for actor in (office, None)
        ]
    )
    assert len(rows.rows) == 2
    journal.record_events(rows)  # the settlement run's writer of events
    fields = ["channel", "object_type", "object_id", "member_code", "before", "after", "origin"]
    many = list(AuditEvent.objects.filter(action="test.many").order_by("pk"))
    for event in many:
        assert [getattr(event, f) for f in fields] == [getattr(one, f) for f in fields]
        assert event.at is not None
    assert [(e.actor_id, e.actor_username) for e in many] == [(office.pk, "office"), (None, "")]
