"""The region office unlocks accounts (a service, audited; page, API, command line); nobody
else may. Issue 10, section 7."""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db


def _token(client: Any, username: str, password: str) -> Any:
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def _lock(client: Any, settings: Any, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, username, "wrong")
    assert _token(client, username, PASSWORD).status_code == 429


def test_the_office_unlocks_an_account_through_the_api(
    client: Any, api: Any, settings: Any
) -> None:
    _lock(client, settings, "sh-editor")
    r = api.send("post", "/api/v1/auth/users/sh-editor/unlock", {}, "office")
    assert r.status_code == 200
    assert r.json() == {"username": "sh-editor", "failures_cleared": settings.AXES_FAILURE_LIMIT}
    assert _token(client, "sh-editor", PASSWORD).status_code == 200
    event = AuditEvent.objects.get(action="user.unlock")
    assert (event.actor_username, event.channel, event.object_id) == (
        "office",
        "api",
        str(User.objects.get(username="sh-editor").pk),
    )
    assert event.before == {"failures": settings.AXES_FAILURE_LIMIT}


@pytest.mark.parametrize("actor", ["js-editor", "sh-viewer", "sz-editor", "ent-suzhou"])
def test_nobody_but_the_office_may_unlock(client: Any, api: Any, settings: Any, actor: str) -> None:
    _lock(client, settings, "sh-editor")
    r = api.send("post", "/api/v1/auth/users/sh-editor/unlock", {}, actor, lang="en")
    assert r.status_code == 403 and "region office" in r.json()["detail"]
    assert api.send("post", "/api/v1/auth/users/sh-editor/unlock", {}).status_code == 401
    assert AccessAttempt.objects.filter(username="sh-editor").exists()
    assert not AuditEvent.objects.filter(action="user.unlock").exists()


def test_an_unknown_account_is_named(api: Any) -> None:
    r = api.send("post", "/api/v1/auth/users/nobody/unlock", {}, "office")
    assert (r.status_code, r.json()["field"]) == (404, "username")


def test_the_command_line_unlocks_as_the_office_only(client: Any, settings: Any) -> None:
    _lock(client, settings, "zj-editor")
    runner = CliRunner()
    refused = runner.invoke(app, ["unlock", "zj-editor", "--as", "js-editor"])
    assert refused.exit_code == 2
    done = runner.invoke(app, ["unlock", "zj-editor", "--as", "office"])
    assert done.exit_code == 0, done.output
    assert _token(client, "zj-editor", PASSWORD).status_code == 200
    event = AuditEvent.objects.get(action="user.unlock")
    assert (event.actor_username, event.channel) == ("office", "cli")


def test_the_office_page_lists_locks_and_unlocks(client: Any, settings: Any) -> None:
    _lock(client, settings, "ah-editor")
    client.force_login(User.objects.get(username="js-editor"))
    assert client.get("/accounts/sign-in/").status_code == 403
    client.force_login(User.objects.get(username="office"))
    page = client.get("/accounts/sign-in/").content.decode()
    assert 'data-user="ah-editor" data-locked="1"' in page and "账号登录管理" in page
    done = client.post("/accounts/sign-in/", {"action": "unlock", "username": "ah-editor"})
    assert done.status_code == 302
    assert not AccessAttempt.objects.filter(username="ah-editor").exists()
    assert AuditEvent.objects.get(action="user.unlock").channel == "page"
