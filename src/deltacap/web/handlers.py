"""Error pages in the user's language, never a stack trace (under /api/: the API's
``{"detail", "field"}``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"detail": message, "field": None}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "web/error.html", {"message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, _("The request was not understood."), 400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, _("You do not have permission to see this page."), 403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return _page(request, _("No such API endpoint."), 404)
    return _page(request, _("No such page."), 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, _("Internal error. It has been logged; please try again later."), 500)
