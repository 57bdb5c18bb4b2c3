"""The answer a locked-out login gets (django-axes calls this)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed logins: this account is locked for {minutes} minutes.").format(
        minutes=minutes
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "field": None}, status=429)
    return render(request, "web/login.html", {"locked_message": message}, status=429)
