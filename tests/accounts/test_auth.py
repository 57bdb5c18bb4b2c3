"""Logging in: passwords (Argon2), tokens, lockout, and accounts made from the command line."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from deltacap.accounts.models import ApiToken, User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db


def _token(client: Any, username: str, password: str, lang: str = "zh-hans") -> Any:
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def test_passwords_are_stored_as_argon2_hashes() -> None:
    user = User.objects.get(username="office")
    assert user.password.startswith("argon2$argon2id$")
    assert PASSWORD not in user.password


def test_token_exchange_and_use(client: Any) -> None:
    r = _token(client, "js-editor", PASSWORD)
    assert r.status_code == 200
    me = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {r.json()['token']}")
    assert me.json() == {
        "username": "js-editor",
        "role": "member_editor",
        "division": "320000",
        "enterprise_id": None,
    }
    assert not ApiToken.objects.filter(digest=r.json()["token"]).exists()  # only the digest


def test_wrong_password_is_refused_in_the_users_language(client: Any) -> None:
    r = _token(client, "js-editor", "nope")
    assert r.status_code == 401
    assert r.json()["detail"] == "用户名或密码错误。"
    assert (
        _token(client, "js-editor", "nope", "en").json()["detail"] == "Wrong user name or password."
    )


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client: Any, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(client, "zj-viewer-none", "x").status_code == 401
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, "sh-viewer", "wrong")
    r = _token(client, "sh-viewer", PASSWORD)
    assert r.status_code == 429
    assert "锁定" in r.json()["detail"]
    assert _token(client, "sh-editor", PASSWORD).status_code == 200  # others are not locked


def test_page_login_is_locked_out_too(client: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post("/login/", {"username": "js-viewer", "password": "bad"})
        assert r.status_code in (401, 429)
    r = client.post("/login/", {"username": "js-viewer", "password": PASSWORD})
    assert r.status_code == 429
    assert "锁定" in r.content.decode()


def test_expired_and_unknown_tokens_are_refused(client: Any) -> None:
    token = _token(client, "office", PASSWORD).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_createuser_makes_an_account_of_a_role_and_records_it() -> None:
    result = CliRunner().invoke(
        app,
        [
            "createuser",
            "nj-editor",
            "--role",
            "city_editor",
            "--division",
            "320100",
            "--password",
            "Long-enough-99",
        ],
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="nj-editor")
    assert (user.role, user.division_id) == ("city_editor", "320100")
    assert user.check_password("Long-enough-99")
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.channel, event.member_code) == ("user.create", "cli", "320000")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--role", "mayor"], "role"),
        (["--role", "member_editor", "--division", "320500"], "division"),
        (["--role", "enterprise", "--enterprise", "91000000000000000X"], "enterprise"),
        (["--role", "office", "--password", "123"], "password"),
    ],
)
def test_createuser_names_the_bad_option_and_creates_nothing(args: list[str], field: str) -> None:
    count = User.objects.count()
    password = [] if "--password" in args else ["--password", "Long-enough-99"]
    result = CliRunner().invoke(app, ["createuser", "someone", *args, *password])
    assert result.exit_code == 2
    assert result.output.startswith(f"{field}:") or f"{field}:" in result.output
    assert User.objects.count() == count


def test_a_taken_user_name_is_refused() -> None:
    result = CliRunner().invoke(
        app, ["createuser", "office", "--role", "office", "--password", "Long-enough-99"]
    )
    assert result.exit_code == 2
    assert "已被使用" in result.output


def test_a_revoked_token_stops_working(client: Any) -> None:
    token = _token(client, "office", PASSWORD).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.delete("/api/v1/auth/token", **auth).status_code == 204
    assert client.get("/api/v1/auth/me", **auth).status_code == 401


def test_the_lock_lifts_after_the_cool_off(client: Any, settings: Any) -> None:
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, "sh-viewer", "wrong")
    assert _token(client, "sh-viewer", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert _token(client, "sh-viewer", PASSWORD).status_code == 200
