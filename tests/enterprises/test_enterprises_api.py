"""Registering and changing enterprises through the API."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.audit.models import AuditEvent
from deltacap.domain.uscc import check_character
from deltacap.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

NEW_CODE = "91320509MA1XYW000" + check_character("91320509MA1XYW000")


def test_a_county_editor_registers_an_enterprise_in_its_county(api: Any) -> None:
    body = {
        "uscc": NEW_CODE.lower(),
        "name": "吴江示例纺织有限公司",
        "division": "320509",
        "sector": "印染",
    }
    r = api.send("POST", "/api/v1/enterprises", body, "sz-editor")
    assert r.status_code == 201, r.content
    firm = Enterprise.objects.get(uscc=NEW_CODE)
    assert (firm.member_code, firm.division_id, firm.synthetic) == ("320000", "320509", False)
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.actor_username, event.after["uscc"]) == (
        "enterprise.create",
        "sz-editor",
        NEW_CODE,
    )
    again = api.send("POST", "/api/v1/enterprises", body, "sz-editor")
    assert again.status_code == 409 and again.json()["field"] == "uscc"


@pytest.mark.parametrize(
    ("change", "user", "status", "field"),
    [
        ({"division": "330421"}, "js-editor", 403, None),  # a move out of its member
        ({"division": "999999"}, "js-editor", 422, "division"),
        ({"name": ""}, "js-editor", 422, "name"),
        ({"name": "x" * 201}, "js-editor", 422, "name"),
        ({"name": "New name"}, "ent-suzhou", 422, "name"),  # enterprises keep contact fields
        ({"uscc": NEW_CODE}, "js-editor", 422, "uscc"),  # the code is the key
    ],
)
def test_a_refused_change_names_its_field_and_writes_nothing(
    api: Any, users: Any, change: dict[str, str], user: str, status: int, field: str | None
) -> None:
    firm = users("ent-suzhou").enterprise
    before = Enterprise.objects.values().get(pk=firm.pk)
    events = AuditEvent.objects.count()
    r = api.send("PATCH", f"/api/v1/enterprises/{firm.pk}", change, user)
    assert r.status_code == status, r.content
    if field:
        assert r.json()["field"] == field
    assert Enterprise.objects.values().get(pk=firm.pk) == before
    assert AuditEvent.objects.count() == events


def test_a_bad_credit_code_is_refused_with_the_expected_check_character(api: Any) -> None:
    wrong = NEW_CODE[:17] + ("0" if NEW_CODE[17] != "0" else "1")
    r = api.send(
        "POST",
        "/api/v1/enterprises",
        {"uscc": wrong, "name": "x", "division": "320509"},
        "sz-editor",
        lang="en",
    )
    assert r.status_code == 422
    assert r.json()["detail"] == (
        f"The check character of this unified social credit code should be {NEW_CODE[17]}, "
        f"not {wrong[17]}."
    )
    assert not Enterprise.objects.filter(uscc__in=[wrong, NEW_CODE]).exists()
