"""Every demo account has an invented holder's name, recorded as demo data (an audit event
of origin "demo", marked synthetic), written once; the pages show a person by that name,
with the login beside it."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.demo.load import DEMO_ACCOUNTS, ensure_accounts
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db


def test_every_demo_account_has_a_chinese_full_name_marked_as_demo_data() -> None:
    names = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        full = user.get_full_name()
        assert 2 <= len(full) <= 4 and all("\u3400" <= c <= "\u9fff" for c in full), full
        names[account.username] = full
        event = AuditEvent.objects.filter(
            action="user.name", object_type="user", object_id=str(user.pk)
        ).get()
        assert event.origin == "demo" and event.after["synthetic"] is True
    assert names["js-editor"] == "王建国" and names["sz-editor"] == "徐堃"
    assert len(set(names.values())) == len(names)  # no two accounts share a name
    ensure_accounts(PASSWORD)  # seeding again names nobody twice
    assert AuditEvent.objects.filter(action="user.name").count() == len(DEMO_ACCOUNTS)


def test_a_western_name_keeps_its_order() -> None:
    assert User(first_name="Ada", last_name="Lovelace").get_full_name() == "Ada Lovelace"
    assert User(first_name="建国", last_name="王").get_full_name() == "王建国"
    assert User(username="x").get_full_name() == ""


@pytest.mark.parametrize(("lang", "role"), [("zh-hans", "省市编辑"), ("en", "Member editor")])
def test_the_pages_show_the_person_by_name(client: Any, lang: str, role: str) -> None:
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = lang
    response = client.get("/sharing/bundle/")
    assert response.status_code == 200
    page = response.content.decode()
    who = page[page.index('id="who"') : page.index("</a>", page.index('id="who"'))]
    assert "王建国" in who and "js-editor" in who and role in who
    # A name is a name in either language: not translated.
    assert '<span translate="no">王建国 <small class="login">js-editor</small></span>' in who
    # The audit trail names the author as people know them.
    client.force_login(User.objects.get(username="office"))
    trail = client.get("/audit/", {"action": "user.name"}).content.decode()
    assert "王建国 (js-editor)" in trail
    # The name as written, in either language: not translated.
    assert '<td translate="no">建国</td>' in trail.replace("\n", "")
