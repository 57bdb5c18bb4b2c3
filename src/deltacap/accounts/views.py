"""Account pages: the region office's sign-in page (unlock, reset two-factor sign-in) and
each account's own two-factor sign-in. Thin: each form calls the service the API and the
command line call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from deltacap.accounts import selectors, services, two_factor
from deltacap.accounts.permissions import can, require
from deltacap.accounts.services import SIGN_IN
from deltacap.audit.models import Channel
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, gettext_noop
from deltacap.web.errors import message_of, status_of

SECRET = "two_factor_secret"  # session key: the secret shown, until it is confirmed
START_AGAIN = gettext_noop("Turn two-factor sign-in on again: the code shown has expired.")


def _error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    return render(request, "web/error.html", {"message": message_of(exc)}, status=status_of(exc))


@login_required
@require_http_methods(["GET", "POST"])
def sign_in_page(request: HttpRequest) -> HttpResponse:
    """The region office's list of accounts: locks and two-factor sign-in."""
    try:
        require(request.user, Action.READ, SIGN_IN)
    except DeltacapError as refused:
        return _error(request, refused)
    query = request.GET.get("q", "").strip()
    if request.method == "POST":
        _manage(request, request.POST.get("action", ""), request.POST.get("username", ""))
        target = reverse("accounts:sign_in")
        return redirect(f"{target}?{urlencode({'q': query})}" if query else target)
    rows = selectors.sign_in_rows(query)
    return render(request, "accounts/sign_in.html", {"rows": rows, "q": query})


def _manage(request: HttpRequest, action: str, username: str) -> None:
    try:
        if action == "unlock":
            cleared = services.unlock(by=request.user, channel=Channel.PAGE, username=username)
            done = _("{username} is unlocked ({count} failed logins forgotten).")
            messages.success(request, done.format(username=username, count=cleared))
        elif action == "reset":
            two_factor.reset(by=request.user, channel=Channel.PAGE, username=username)
            done = _("Two-factor sign-in of {username} is off; it can be turned on again.")
            messages.success(request, done.format(username=username))
    except DeltacapError as exc:
        messages.error(request, message_of(exc))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """The signed-in account's own two-factor sign-in: turn it on (QR code shown once) or off."""
    user: Any = request.user
    context: dict[str, Any] = {
        "offered": can(user, Action.USE_TWO_FACTOR, user),
        "on": two_factor.is_on(user),
    }
    if request.method == "GET":
        request.session.pop(SECRET, None)
        return render(request, "accounts/two_factor.html", context)
    action = request.POST.get("action", "")
    try:
        return _two_factor_action(request, user, action, context)
    except DeltacapError as exc:
        context.update(error=message_of(exc), error_field=exc.field)
        secret = request.session.get(SECRET)
        if action == "confirm" and secret:
            context["enrolment"] = two_factor.enrolment(user, secret)
        return render(request, "accounts/two_factor.html", context, status=status_of(exc))


def _two_factor_action(
    request: HttpRequest, user: Any, action: str, context: dict[str, Any]
) -> HttpResponse:
    code = request.POST.get("otp")
    if action == "start":
        enrolment = two_factor.new_secret(user)
        request.session[SECRET] = enrolment.secret
        context["enrolment"] = enrolment
        return render(request, "accounts/two_factor.html", context)
    if action == "confirm":
        secret = request.session.get(SECRET)
        if not secret:
            raise DeltacapError(START_AGAIN, field="otp")
        two_factor.turn_on(user=user, channel=Channel.PAGE, secret=secret, code=code)
        request.session.pop(SECRET, None)
        messages.success(request, _("Two-factor sign-in is on."))
    elif action == "off":
        two_factor.turn_off(user=user, channel=Channel.PAGE, code=code)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("accounts:two_factor")
