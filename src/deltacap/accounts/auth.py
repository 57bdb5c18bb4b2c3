"""API authentication: bearer tokens, or the page session (with CSRF) for htmx calls."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from deltacap.accounts.services import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class PageSession(SessionAuth):
    """The logged-in page session; its CSRF check applies only when there is a session.

    Without a session the caller is simply not authenticated (401), not a CSRF failure.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


# Either a token or a logged-in page session.
AUTH = [BearerToken(), PageSession()]
