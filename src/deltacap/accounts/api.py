"""/api/v1/auth: tokens and the current account."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from deltacap.accounts import services, two_factor
from deltacap.accounts.auth import AUTH
from deltacap.accounts.models import User
from deltacap.inputs import Text

router = Router(tags=["accounts"])


class Credentials(Schema):
    username: Annotated[str, Text(150)]
    password: Annotated[str, Text(1000)]
    # The 6-digit code of the account's authenticator app, when two-factor sign-in is on.
    otp: Annotated[str, Text(12)] | None = None


class UnlockOut(Schema):
    username: str
    failures_cleared: int


class TwoFactorResetOut(Schema):
    username: str
    was_on: bool


class TokenOut(Schema):
    token: str
    expires_in_seconds: int


class MeOut(Schema):
    username: str
    role: str
    division: str | None
    enterprise_id: int | None


@router.post("/token", response=TokenOut, auth=None)
def token(request: HttpRequest, credentials: Credentials) -> TokenOut:
    """Exchange a user name and password (and, when the account has two-factor sign-in on,
    the current code of its authenticator app as ``otp``) for a bearer token."""
    user = services.login(request, credentials.username, credentials.password)
    two_factor.check_code(user, credentials.otp)
    return TokenOut(
        token=services.issue_token(user=user),
        expires_in_seconds=int(settings.API_TOKEN_TTL.total_seconds()),
    )


@router.delete("/token", response={204: None}, auth=AUTH)
def revoke_token(request: HttpRequest) -> Status[None]:
    """Revoke the bearer token this request carries (log out of the API)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        services.revoke_token(header[7:].strip())
    return Status(204, None)


@router.get("/me", response=MeOut, auth=AUTH)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)
    return MeOut(
        username=user.username,
        role=user.role,
        division=user.division_id,
        enterprise_id=user.enterprise_id,
    )


@router.post("/users/{username}/unlock", response=UnlockOut, auth=AUTH)
def unlock(request: HttpRequest, username: str) -> UnlockOut:
    """Lift the login lock of an account (the region office; audited)."""
    cleared = services.unlock(by=request.user, channel="api", username=username)
    return UnlockOut(username=username, failures_cleared=cleared)


@router.post("/users/{username}/two-factor/reset", response=TwoFactorResetOut, auth=AUTH)
def reset_two_factor(request: HttpRequest, username: str) -> TwoFactorResetOut:
    """Turn off an account's two-factor sign-in when its holder lost the authenticator (the
    region office; audited). The holder can then sign in with the password and turn it on
    again with a new authenticator."""
    was_on = two_factor.reset(by=request.user, channel="api", username=username)
    return TwoFactorResetOut(username=username, was_on=was_on)
