"""Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238), on django-otp.

django-otp keeps each account's confirmed authenticator (``TOTPDevice``: the secret key,
the last time step used, so that a code is accepted once, and an exponential delay after
wrong codes) and checks codes; this module holds the platform's writes around it, each
audited in the transaction of the write:

- enrolment: :func:`new_secret` draws a secret, which the page shows once (QR code and
  text) and keeps in the session only; :func:`turn_on` stores it when the account holder
  proves the authenticator app holds it by entering a current code;
- :func:`turn_off` by the account holder (with a current code);
- :func:`reset` by the region office, for a holder who lost the authenticator;
- :func:`check_code` at sign-in (pages) and at token issue (API).

Off unless an account turns it on (the demo's accounts have it off).
"""

from __future__ import annotations

import re
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from typing import Any

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from deltacap.accounts.models import User
from deltacap.accounts.permissions import Actor, require
from deltacap.accounts.services import SIGN_IN
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, DeltacapError, NotFound, gettext_noop

_CODE = re.compile(r"[0-9]{6}")
STEP_SECONDS = 30
TOLERANCE_STEPS = 1  # a code of the previous or next 30 s is accepted (clock drift)


class CodeRequired(DeltacapError):
    template = gettext_noop(
        "This account signs in with a second step: enter the 6-digit code from its "
        "authenticator app."
    )


class WrongCode(DeltacapError):
    template = gettext_noop("The 6-digit code is wrong or has expired.")


class TooManyWrongCodes(DeltacapError):
    template = gettext_noop("Too many wrong codes: wait {seconds} seconds and try again.")


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows once: the secret as text and as a QR code."""

    secret: str  # hex, kept in the session until confirmed
    secret_base32: str  # what a person types into an authenticator app
    uri: str  # otpauth:// URI
    qr_svg: str  # the URI as an inline SVG QR code


def is_on(user: Any) -> bool:
    """Whether ``user`` signs in with a code."""
    return bool(
        getattr(user, "pk", None) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def new_secret(user: User) -> Enrolment:
    """A fresh secret for ``user``'s authenticator app (nothing is stored).

    Raises AccessDenied for a role without two-factor sign-in, Conflict when it is on
    already.
    """
    require(user, Action.USE_TWO_FACTOR, user)
    if is_on(user):
        raise Conflict(gettext_noop("Two-factor sign-in is already on."), field="otp")
    return enrolment(user, random_hex(20))


def enrolment(user: User, secret: str) -> Enrolment:
    """How ``secret`` (hex) is shown to ``user``: as text and as a QR code."""
    device = TOTPDevice(user=user, key=secret, step=STEP_SECONDS, tolerance=TOLERANCE_STEPS)
    uri = device.config_url
    qr = segno.make(uri, error="m").svg_inline(scale=4, border=2)
    return Enrolment(secret, b32encode(unhexlify(secret)).decode(), uri, qr)


def _code(code: str | None) -> str:
    text = (code or "").strip().replace(" ", "")
    if not text:
        raise CodeRequired(field="otp")
    if _CODE.fullmatch(text) is None:
        raise WrongCode(field="otp")
    return text


def _verify_new(secret: str, code: str) -> int:
    """The time step of ``code`` for the unstored ``secret``. Raises WrongCode."""
    totp = TOTP(unhexlify(secret), STEP_SECONDS)
    if not totp.verify(int(code), TOLERANCE_STEPS):
        raise WrongCode(field="otp")
    return totp.t()


def turn_on(*, user: User, channel: str, secret: str, code: str | None) -> None:
    """Store ``secret`` as ``user``'s authenticator once ``code`` proves the app has it.

    Raises AccessDenied (a role without two-factor sign-in), Conflict (already on),
    CodeRequired or WrongCode (field ``otp``).
    """
    require(user, Action.USE_TWO_FACTOR, user)
    step = _verify_new(secret, _code(code))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if is_on(user):
            raise Conflict(gettext_noop("Two-factor sign-in is already on."), field="otp")
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(
            user=user,
            name="authenticator",
            key=secret,
            step=STEP_SECONDS,
            tolerance=TOLERANCE_STEPS,
            last_t=step,
            confirmed=True,
        )
        _record(user, user, channel, "user.two_factor.on")


def check_code(user: User, code: str | None) -> None:
    """Nothing when ``user`` has two-factor sign-in off or ``code`` is its current code.

    A code is accepted once; after a wrong code the next try must wait 1, 2, 4 ... s.
    Raises CodeRequired, WrongCode or TooManyWrongCodes (field ``otp``).
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return
    text = _code(code)
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise TooManyWrongCodes(field="otp", seconds=_wait_seconds(device))
    if not device.verify_token(text):
        raise WrongCode(field="otp")


def _wait_seconds(device: TOTPDevice) -> int:
    if device.throttling_failure_timestamp is None:
        return 1
    delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
    passed = (timezone.now() - device.throttling_failure_timestamp).total_seconds()
    return max(int(delay - passed) + 1, 1)


def turn_off(*, user: User, channel: str, code: str | None) -> None:
    """The account holder turns two-factor sign-in off with a current code."""
    check_code(user, code)
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        if deleted:
            _record(user, user, channel, "user.two_factor.off")


def reset(*, by: Actor, channel: str, username: str) -> bool:
    """Turn off ``username``'s two-factor sign-in (its holder lost the authenticator); True
    when it was on. The region office only. Raises AccessDenied, NotFound."""
    require(by, Action.RESET_TWO_FACTOR, SIGN_IN)
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NotFound(
                gettext_noop("No account {username}."), field="username", username=username
            )
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        _record(by, user, channel, "user.two_factor.reset", before={"two_factor": bool(deleted)})
    return bool(deleted)


def _record(
    actor: Any, user: User, channel: str, action: str, before: dict[str, Any] | None = None
) -> None:
    audit.record(
        actor=actor,
        channel=channel,
        action=action,
        object_type="user",
        object_id=user.pk,
        member_code=user.division.member_code if user.division else "",
        before=before,
        after={"two_factor": is_on(user)},
    )
