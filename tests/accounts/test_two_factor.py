"""Two-factor sign-in (TOTP) for the region office and the registry's roles: off by
default, turned on with a secret shown once, asked at login (pages) and at token issue
(API), reset by the region office when an authenticator is lost (audited)."""

from __future__ import annotations

from binascii import unhexlify
from typing import Any

import pytest
from django.db.models import F
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from typer.testing import CliRunner

from deltacap.accounts import two_factor
from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from tests.support import PASSWORD

pytestmark = pytest.mark.django_db


def _code(secret: str, steps_ahead: int = 0) -> str:
    return f"{TOTP(unhexlify(secret), drift=steps_ahead).token():06d}"


def _time_passes(user: User) -> None:
    """As if the next 30 s had come: the code used last may not be used again, a new one may."""
    TOTPDevice.objects.filter(user=user).update(last_t=F("last_t") - 2)


def _turn_on(client: Any, username: str) -> str:
    """Turn two-factor sign-in on through the page; the secret the page showed."""
    client.force_login(User.objects.get(username=username))
    shown = client.post("/accounts/two-factor/", {"action": "start"})
    assert shown.status_code == 200
    secret = client.session["two_factor_secret"]
    html = shown.content.decode()
    assert (
        "<svg" in html
        and two_factor.enrolment(shown.wsgi_request.user, secret).secret_base32 in html
    )
    done = client.post("/accounts/two-factor/", {"action": "confirm", "otp": _code(secret)})
    assert done.status_code == 302
    client.logout()
    _time_passes(User.objects.get(username=username))
    return str(secret)


def _token(client: Any, username: str, otp: str | None = None, lang: str = "en") -> Any:
    body = {"username": username, "password": PASSWORD}
    if otp is not None:
        body["otp"] = otp
    return client.post(
        "/api/v1/auth/token", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang
    )


def test_it_is_off_by_default_and_the_password_alone_signs_in(client: Any) -> None:
    assert not TOTPDevice.objects.exists()
    assert _token(client, "office").status_code == 200


def test_turning_it_on_shows_the_secret_once_and_is_audited(client: Any) -> None:
    _turn_on(client, "sz-editor")
    user = User.objects.get(username="sz-editor")
    assert two_factor.is_on(user)
    event = AuditEvent.objects.get(action="user.two_factor.on")
    assert (event.actor_username, event.after) == ("sz-editor", {"two_factor": True})
    client.force_login(user)
    page = client.get("/accounts/two-factor/").content.decode()
    assert 'data-state="on"' in page and "<svg" not in page and 'id="secret"' not in page


def test_a_wrong_code_does_not_turn_it_on(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    client.post("/accounts/two-factor/", {"action": "start"})
    refused = client.post("/accounts/two-factor/", {"action": "confirm", "otp": "000000"})
    assert refused.status_code == 401 and 'data-field="otp"' in refused.content.decode()
    assert "<svg" in refused.content.decode()  # the same secret, to try again
    assert not TOTPDevice.objects.exists()


def test_the_api_asks_for_the_code_when_it_is_on(client: Any) -> None:
    secret = _turn_on(client, "js-editor")
    missing = _token(client, "js-editor")
    assert (missing.status_code, missing.json()["field"]) == (401, "otp")
    assert "6-digit code" in missing.json()["detail"]
    chinese = _token(client, "js-editor", lang="zh-hans").json()["detail"]
    assert "验证码" in chinese
    assert _token(client, "js-editor", "12345x").json()["field"] == "otp"
    _time_passes(User.objects.get(username="js-editor"))
    code = _code(secret)  # the same code twice (a new one may be due by the second call)
    ok = _token(client, "js-editor", code)
    assert ok.status_code == 200 and ok.json()["token"]
    replayed = _token(client, "js-editor", code)
    assert replayed.status_code in (401, 429)  # a code is accepted once


def test_wrong_codes_slow_the_next_try(client: Any, settings: Any) -> None:
    # A wait of 60 s after the first wrong code (1 s by default): longer than a busy machine
    # takes to check the next password, so the second try is surely within it.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    _turn_on(client, "office")
    assert _token(client, "office", "000000").status_code == 401
    throttled = _token(client, "office", "111111")
    assert throttled.status_code == 429 and "seconds" in throttled.json()["detail"]


def test_the_login_page_asks_for_the_code_as_a_second_step(client: Any) -> None:
    secret = _turn_on(client, "zj-editor")
    first = client.post("/login/", {"username": "zj-editor", "password": PASSWORD, "next": "/"})
    assert first.status_code == 200 and 'id="second-step"' in first.content.decode()
    assert client.get("/accounts/two-factor/").status_code == 302  # not signed in yet
    wrong = client.post("/login/", {"otp": "000000"})
    assert wrong.status_code == 401 and 'data-field="otp"' in wrong.content.decode()
    _time_passes(User.objects.get(username="zj-editor"))
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    signed_in = client.post("/login/", {"otp": _code(secret)})
    assert signed_in.status_code == 302
    assert client.get("/accounts/two-factor/").status_code == 200


def test_viewers_are_not_offered_two_factor_sign_in(client: Any) -> None:
    client.force_login(User.objects.get(username="js-viewer"))
    page = client.get("/accounts/two-factor/").content.decode()
    assert 'id="start"' not in page
    refused = client.post("/accounts/two-factor/", {"action": "start"})
    assert refused.status_code == 403
    assert not TOTPDevice.objects.exists()


def test_the_office_resets_it_when_the_authenticator_is_lost(client: Any, api: Any) -> None:
    _turn_on(client, "sh-editor")
    refused = api.send("post", "/api/v1/auth/users/sh-editor/two-factor/reset", {}, "js-editor")
    assert refused.status_code == 403
    done = api.send("post", "/api/v1/auth/users/sh-editor/two-factor/reset", {}, "office")
    assert done.json() == {"username": "sh-editor", "was_on": True}
    assert _token(client, "sh-editor").status_code == 200  # the password alone again
    event = AuditEvent.objects.get(action="user.two_factor.reset")
    assert (event.actor_username, event.before, event.after) == (
        "office",
        {"two_factor": True},
        {"two_factor": False},
    )


def test_the_command_line_and_the_office_page_reset_it(client: Any) -> None:
    _turn_on(client, "ah-editor")
    result = CliRunner().invoke(app, ["reset-two-factor", "ah-editor", "--as", "office"])
    assert result.exit_code == 0, result.output
    assert not two_factor.is_on(User.objects.get(username="ah-editor"))
    _turn_on(client, "ah-editor")
    client.force_login(User.objects.get(username="office"))
    page = client.get("/accounts/sign-in/", {"q": "ah-"}).content.decode()
    assert 'data-user="ah-editor" data-locked="0" data-two-factor="on"' in page
    client.post("/accounts/sign-in/", {"action": "reset", "username": "ah-editor"})
    assert not two_factor.is_on(User.objects.get(username="ah-editor"))
    channels = list(
        AuditEvent.objects.filter(action="user.two_factor.reset").values_list("channel", flat=True)
    )
    assert sorted(channels) == ["cli", "page"]
