"""Pages answer a deltacap error with a page in the user's language and the right status."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from deltacap.domain.errors import DeltacapError
from deltacap.web.errors import message_of, status_of


class DeltacapErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DeltacapError) or request.path.startswith("/api/"):
            return None
        return render(
            request,
            "web/error.html",
            {"message": message_of(exception)},
            status=status_of(exception),
        )
