"""Signing in and out: the password, then, for an account with two-factor sign-in on, the
current code of its authenticator app (a second step on the same page)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from deltacap.accounts import services as account_services
from deltacap.accounts import two_factor
from deltacap.accounts.models import User
from deltacap.domain.errors import DeltacapError
from deltacap.web.errors import message_of, status_of

PENDING = "sign_in_pending"  # session key: the account whose password was right
PENDING_SECONDS = 300  # time to enter the code after the password


def _target(next_url: str) -> str:
    return next_url if next_url.startswith("/") and not next_url.startswith("//") else ""


def _signed_in(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    auth_login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
    return redirect(_target(next_url) or "web:dashboard")


def _form(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, "web/login.html", context, status=status)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        request.session.pop(PENDING, None)
        return _form(request, next=request.GET.get("next", ""))
    if "otp" in request.POST:
        return _second_step(request)
    username = request.POST.get("username", "").strip()
    next_url = request.POST.get("next", "")
    try:
        user = account_services.login(request, username, request.POST.get("password", ""))
    except DeltacapError as exc:
        context = {"error": message_of(exc), "error_field": exc.field, "username": username}
        return _form(request, status_of(exc), next=next_url, **context)
    if not two_factor.is_on(user):
        return _signed_in(request, user, next_url)
    request.session[PENDING] = {"user": user.pk, "at": time.time(), "next": _target(next_url)}
    return _form(request, second_step=True, username=user.username)


def _second_step(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING) or {}
    user = User.objects.filter(pk=int(pending.get("user") or 0), is_active=True).first()
    if user is None or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        message = _("The sign-in took too long: enter your user name and password again.")
        return _form(request, 401, error=message, error_field="username")
    try:
        two_factor.check_code(user, request.POST.get("otp"))
    except DeltacapError as exc:
        context = {"error": message_of(exc), "error_field": exc.field, "username": user.username}
        return _form(request, status_of(exc), second_step=True, **context)
    request.session.pop(PENDING, None)
    return _signed_in(request, user, str(pending.get("next", "")))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("web:dashboard")
