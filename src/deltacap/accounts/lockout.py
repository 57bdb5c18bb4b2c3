"""Lockout after failed logins (django-axes): who is locked, and the answer they get.

django-axes records each failure by user name, client address and browser, and locks a
request when its failures within the cool-off reach a limit. The platform counts:

- the failures of the user name **at the client address** (``AXES_LOCKOUT_PARAMETERS``):
  ``AXES_FAILURE_LIMIT`` of them lock that name from that address only, so someone
  elsewhere who knows an official's user name cannot lock the official out, and a
  bureau's colleagues behind the same address are not locked either;
- the failures **from the address over all names**: ``ADDRESS_FAILURE_LIMIT`` of them
  lock every name from that address, so one address cannot try a few passwords on each
  of many names.

Attempts during a lock are refused without being recorded
(``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``), so they cannot extend it; a
lock ends ``AXES_COOLOFF_TIME`` after the failure that set it, or when the region office
unlocks the account (``services.unlock``).
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

LOCKED = gettext_noop(
    "Too many failed logins from this address: try again in at most {minutes} minutes, "
    "or ask the region office to unlock the account."
)


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class NameAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with the address-wide limit added."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """The failures that count for this request: those of its user name at its address,
        or the limit itself when its address has reached ``ADDRESS_FAILURE_LIMIT``."""
        address = request.axes_ip_address  # type: ignore[attr-defined]
        recent = AccessAttempt.objects.filter(
            attempt_time__gte=get_cool_off_threshold(request), ip_address=address
        )
        username = get_client_username(request, credentials)
        by_name = _failures(recent.filter(username=username))
        if _failures(recent) >= settings.ADDRESS_FAILURE_LIMIT:
            return max(by_name, get_failure_limit(request, credentials))
        return by_name


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The answer a locked-out login gets (django-axes calls this)."""
    message = _(LOCKED).format(minutes=lockout_minutes())
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "field": "username"}, status=429)
    context = {"locked_message": message, "username": request.POST.get("username", "")}
    return render(request, "web/login.html", context, status=429)
