"""/api/v1/auth: tokens and the current account."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status

from deltacap.accounts import services
from deltacap.accounts.auth import AUTH
from deltacap.accounts.models import User
from deltacap.inputs import Text

router = Router(tags=["accounts"])


class Credentials(Schema):
    username: Annotated[str, Text(150)]
    password: Annotated[str, Text(1000)]


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
    """Exchange a user name and password for a bearer token."""
    user = services.login(request, credentials.username, credentials.password)
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
