"""The role-by-action matrix: every account of every role against every kind of record,
through the API (and, for samples, the pages and the command line). Each forbidden write
is refused, changes nothing and leaves no trace in the audit trail as a change."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django.db import transaction
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.enterprises.models import Enterprise
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.enterprises.services import create_enterprise
from deltacap.targets.models import Target

pytestmark = pytest.mark.django_db

ACTORS = [
    "office",
    "sh-editor",
    "js-editor",
    "zj-editor",
    "ah-editor",
    "sh-viewer",
    "js-viewer",
    "sz-editor",
    "hz-editor",
    "qp-editor",
    "ent-suzhou",
    "ent-hangzhou",
    "",
]

# The rules of the foundation issue, item 3, written out record by record.
WRITERS = {
    "target:region": {"office"},
    "target:310000": {"office"},
    "target:340000": {"office"},
    "target:320500": {"js-editor"},  # a member splits its own target to its cities
    "target:330100": {"zj-editor"},
    "firm:suzhou": {"js-editor", "sz-editor", "ent-suzhou"},
    "firm:hangzhou": {"zj-editor", "hz-editor", "ent-hangzhou"},
    "firm:qingpu": {"sh-editor", "qp-editor"},
    "firm:pudong": {"sh-editor"},
    "firm-name:suzhou": {"js-editor", "sz-editor"},  # the enterprise keeps contacts only
    "firm-move:suzhou-to-jiashan": set(),  # out of every editor's area on one side
    "firm-move:suzhou-to-kunshan": {"js-editor", "sz-editor"},
    "firm-create:wujiang": {"js-editor", "sz-editor"},
    "firm-create:jiashan": {"zj-editor"},
    "firm-create:qingpu": {"sh-editor", "qp-editor"},
}
READERS = {
    "firm:suzhou": {"office", "js-editor", "js-viewer", "sz-editor", "ent-suzhou"},
    "firm:hangzhou": {"office", "zj-editor", "hz-editor", "ent-hangzhou"},
    "firm:qingpu": {"office", "sh-editor", "sh-viewer", "qp-editor"},
    "firm:pudong": {"office", "sh-editor", "sh-viewer"},
}


@pytest.fixture
def records(db: Any) -> dict[str, Any]:
    sh = User.objects.get(username="sh-editor")
    return {
        "firm:suzhou": User.objects.get(username="ent-suzhou").enterprise,
        "firm:hangzhou": User.objects.get(username="ent-hangzhou").enterprise,
        "firm:qingpu": create_enterprise(
            by=sh,
            channel="api",
            uscc_code="91310118MA1JL0000X"[:17] + _check("91310118MA1JL0000"),
            name="青浦测试企业",
            division="310118",
        ),
        "firm:pudong": create_enterprise(
            by=sh,
            channel="api",
            uscc_code="91310115MA1HB0000" + _check("91310115MA1HB0000"),
            name="浦东测试企业",
            division="310115",
        ),
    }


def _check(first17: str) -> str:
    from deltacap.domain.uscc import check_character

    return check_character(first17)


def _state() -> tuple[Any, ...]:
    return (
        list(Target.objects.order_by("id").values_list("tonnes", flat=True)),
        list(Enterprise.objects.order_by("id").values_list("contact_phone", "name")),
        AuditEvent.objects.count(),
    )


CREATE_IN = {"wujiang": "320509", "jiashan": "330421", "qingpu": "310118"}
MOVES = {"suzhou-to-jiashan": "330421", "suzhou-to-kunshan": "320583"}


def _write(api: Any, actor: str, key: str, records: dict[str, Any]) -> Any:
    kind, _, what = key.partition(":")
    who = actor or None
    if kind == "target":
        return api.send("PATCH", f"/api/v1/targets/14fyp/{what}/COD", {"tonnes": 12345}, who)
    if kind == "firm-create":
        first17 = f"91{CREATE_IN[what]}MA1TEXT01"
        body = {
            "uscc": first17 + _check(first17),
            "name": "矩阵测试企业",
            "division": CREATE_IN[what],
        }
        return api.send("POST", "/api/v1/enterprises", body, who)
    firm = records["firm:" + what.split("-")[0]]
    change = {
        "firm": {"contact_phone": "021-5555"},
        "firm-name": {"name": "改名测试"},
        "firm-move": {"division": MOVES.get(what, "")},
    }[kind]
    return api.send("PATCH", f"/api/v1/enterprises/{firm.pk}", change, who)


class _Undo(Exception):
    """Raised to roll one write back, so that every write starts from the same state."""


@pytest.mark.parametrize("actor", ACTORS)
def test_every_write_is_allowed_exactly_to_its_writers(
    api: Any, actor: str, records: dict[str, Any]
) -> None:
    if actor:
        api.token(actor)  # issued outside the writes that are rolled back
    for key, writers in WRITERS.items():
        with contextlib.suppress(_Undo), transaction.atomic():
            before = _state()
            response = _write(api, actor, key, records)
            if actor in writers:
                assert response.status_code in (200, 201), (actor, key, response.content)
                event = AuditEvent.objects.latest("id")
                assert event.actor_username == actor and event.channel == "api"
                assert event.before != event.after
            else:
                # An enterprise may write its record, but not its name or its place: 422
                # naming the field.
                own_field = key.startswith(("firm-name:", "firm-move:")) and actor == "ent-suzhou"
                expected = 422 if own_field else (401 if not actor else 403)
                assert response.status_code == expected, (actor, key, response.content)
                assert _state() == before, (actor, key)
            raise _Undo


@pytest.mark.parametrize("actor", ACTORS)
def test_every_read_of_an_enterprise_is_allowed_exactly_to_its_readers(
    api: Any, actor: str, records: dict[str, Any]
) -> None:
    listed = (
        {e["id"] for e in api.get("/api/v1/enterprises", actor or None, limit=1000).json()}
        if actor
        else set()
    )
    for key, readers in READERS.items():
        firm = records[key]
        response = api.get(f"/api/v1/enterprises/{firm.pk}", actor or None)
        expected = 200 if actor in readers else (401 if not actor else 403)
        assert response.status_code == expected, (actor, key)
        assert (firm.pk in listed) == (actor in readers), (actor, key)


def test_the_list_query_and_the_rules_agree_for_every_account_and_enterprise() -> None:
    from deltacap.accounts.permissions import can
    from deltacap.domain.access import Action

    firms = list(Enterprise.objects.select_related("division"))
    for user in User.objects.all():
        visible = set(visible_enterprises(user).values_list("pk", flat=True))
        assert visible == {f.pk for f in firms if can(user, Action.READ, f)}, user.username


def test_the_audit_query_and_the_rules_agree_for_every_account_and_event(
    records: dict[str, Any],
) -> None:
    from deltacap.accounts.permissions import can
    from deltacap.audit.selectors import visible_events
    from deltacap.domain.access import Action

    events = list(AuditEvent.objects.all())
    assert {e.member_code for e in events} >= {"", "310000", "320000", "330000", "340000"}
    for user in User.objects.all():
        visible = set(visible_events(user).values_list("pk", flat=True))
        assert visible == {e.pk for e in events if can(user, Action.READ, e)}, user.username


def test_audit_trail_is_read_by_the_office_and_by_each_member_for_itself(
    api: Any, records: dict[str, Any]
) -> None:
    members = {e["member"] for e in api.get("/api/v1/audit", "office", limit=1000).json()}
    assert {"310000", "320000"} <= members
    for actor, member in (("sh-editor", "310000"), ("js-viewer", "320000")):
        events = api.get("/api/v1/audit", actor, limit=1000).json()
        assert events and {e["member"] for e in events} == {member}
    for actor in ("sz-editor", "ent-suzhou"):
        assert api.get("/api/v1/audit", actor).json() == []
    assert api.get("/api/v1/audit").status_code == 401


def test_a_forbidden_page_write_is_refused_and_changes_nothing(
    client: Any, records: dict[str, Any]
) -> None:
    client.force_login(User.objects.get(username="zj-editor"))
    firm = records["firm:suzhou"]
    before = _state()
    response = client.post(f"/enterprises/{firm.pk}/", {"contact_phone": "0512-1"})
    assert response.status_code == 403
    assert _state() == before


def test_a_forbidden_command_line_write_is_refused_and_changes_nothing() -> None:
    before = _state()
    result = CliRunner().invoke(
        app, ["targets", "set", "14fyp", "310000", "COD", "--tonnes", "1", "--as", "sh-editor"]
    )
    assert result.exit_code == 2
    assert "区域和省（市）目标由专班办公室设定" in result.output
    assert _state() == before
    result = CliRunner().invoke(
        app, ["targets", "set", "14fyp", "310000", "COD", "--tonnes", "17000", "--as", "office"]
    )
    assert result.exit_code == 0, result.output
    assert AuditEvent.objects.latest("id").channel == "cli"
