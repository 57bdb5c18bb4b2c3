"""At the keyboard: the region office turns two-factor sign-in on with the code shown once,
then signs in with the password and the authenticator's code."""

from __future__ import annotations

from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from tests.browser import login
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


def _code(key_base32: str, steps_ahead: int = 0) -> str:
    return f"{TOTP(b32decode(key_base32), drift=steps_ahead).token():06d}"


def test_office_turns_on_two_factor_sign_in_and_signs_in_with_a_code(page: Any) -> None:
    login(page, "office")
    page.click("#who")
    page.wait_for_selector("#two-factor[data-state='off']")
    page.click("#start")
    page.wait_for_selector("#two-factor[data-state='enrolling'] svg")
    key = page.locator("#secret").inner_text().strip()
    page.fill("#id_otp", _code(key))
    page.click("#confirm")
    page.wait_for_selector("#two-factor[data-state='on']")
    assert page.locator("#secret").count() == 0  # shown once
    page.click("text=退出")
    page.goto("/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("#second-step")
    page.fill("#id_otp", _code(key, steps_ahead=1))  # the enrolment's code is used up
    page.click("#otp-submit")
    page.wait_for_selector("#who")
    who = page.locator("#who").inner_text()
    assert "周明华" in who and "office" in who  # the holder's name, the login beside it
