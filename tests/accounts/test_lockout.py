"""Lockout (issue 10, section 7): a lock cannot be held by anyone who knows a user name.
Attempts during a lock do not extend it; failures count per user name and client address
together, with a wider limit per address over all names."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from tests.support import PASSWORD

pytestmark = pytest.mark.django_db
OFFICE_LAN = "10.20.0.7"
ELSEWHERE = "203.0.113.9"


def _token(client: Any, username: str, password: str, address: str = OFFICE_LAN) -> Any:
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def _lock(client: Any, settings: Any, username: str, address: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _token(client, username, "wrong", address)
    assert _token(client, username, PASSWORD, address).status_code == 429


def _age_failures(by: timedelta) -> None:
    """As if ``by`` had passed since every recorded failure."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def test_attempts_during_a_lock_do_not_extend_it(client: Any, settings: Any) -> None:
    _lock(client, settings, "sh-editor", OFFICE_LAN)
    _age_failures(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))  # one minute left
    for password in ("wrong", PASSWORD, "wrong", PASSWORD):
        assert _token(client, "sh-editor", password).status_code == 429
    _age_failures(timedelta(minutes=1, seconds=1))
    assert _token(client, "sh-editor", PASSWORD).status_code == 200


def test_someone_elsewhere_cannot_lock_an_official_out(client: Any, settings: Any) -> None:
    _lock(client, settings, "office", ELSEWHERE)
    assert _token(client, "office", PASSWORD, OFFICE_LAN).status_code == 200


def test_colleagues_behind_the_same_address_are_not_locked(client: Any, settings: Any) -> None:
    _lock(client, settings, "js-viewer", OFFICE_LAN)
    assert _token(client, "js-editor", PASSWORD, OFFICE_LAN).status_code == 200


def test_one_address_cannot_try_many_names(client: Any, settings: Any) -> None:
    settings.ADDRESS_FAILURE_LIMIT = 6
    names = ["nobody-1", "nobody-2", "nobody-3"] * 2  # each below the per-name limit
    answers = [_token(client, name, "guess", ELSEWHERE).status_code for name in names]
    assert answers == [401] * 5 + [429]  # the sixth failure from the address locks it
    locked = _token(client, "zj-editor", PASSWORD, ELSEWHERE)
    assert locked.status_code == 429 and locked.json()["field"] == "username"
    assert _token(client, "zj-editor", PASSWORD, OFFICE_LAN).status_code == 200


def test_the_lock_message_says_what_to_do_in_both_languages(client: Any, settings: Any) -> None:
    _lock(client, settings, "ah-editor", OFFICE_LAN)
    zh = _token(client, "ah-editor", PASSWORD).json()["detail"]
    assert "锁定" in zh and "专班办公室" in zh
    en = client.post(
        "/api/v1/auth/token",
        {"username": "ah-editor", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=OFFICE_LAN,
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["detail"]
    assert "region office" in en and f"{settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in en


def test_the_locked_login_page_keeps_the_user_name(client: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        page = client.post("/login/", {"username": "qp-editor", "password": "bad"})
    html = page.content.decode()
    assert page.status_code == 429 and "专班办公室" in html and 'value="qp-editor"' in html
