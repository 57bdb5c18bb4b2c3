"""Page middleware: the language of pages, the origin of writes for the audit trail, the
request's reading of the kept figures, and errors answered with a page (or an htmx flash)
in the user's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from deltacap import public_cache
from deltacap.audit import context
from deltacap.domain.errors import DeltacapError
from deltacap.web.errors import message_of, status_of


class DeltacapErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.set_origin(f"ip:{request.META.get('REMOTE_ADDR', '')}")
        try:
            # Each kept figure's topic version is read once per request (public_cache).
            with public_cache.reading():
                response = self.get_response(request)
        finally:
            context.reset_origin(token)
        if response.status_code == 405 and _a_page(request) and not _has_body(response):
            # An address that takes a form's submission, opened (a reload, a bookmark).
            message = _("This address takes a form's submission; open the page the form is on.")
            page = error_page(request, message, 405)
            page["Allow"] = response.get("Allow", "POST")
            return page
        if request.headers.get("HX-Request") and response.status_code in (301, 302):
            # An htmx call that meets a login redirect: send the whole page there.
            redirect = HttpResponse(status=200)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DeltacapError) or request.path.startswith("/api/"):
            return None
        return error_page(request, message_of(exception), status_of(exception))


def _has_body(response: HttpResponse) -> bool:
    return bool(getattr(response, "streaming", False) or response.content)


def _a_page(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith("/api/")


def error_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The error page, or for an htmx call the message in the page's flash (a partial would
    land inside a table cell)."""
    if request.headers.get("HX-Request"):
        response = render(request, "web/_flash.html", {"message": message}, status=status)
        response["HX-Retarget"] = "#flash"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "web/error.html", {"message": message}, status=status)


class PageLocaleMiddleware(LocaleMiddleware):
    """Pages are in Chinese unless the user chose English with the switch (its cookie
    stays); the API answers in the language of the request's Accept-Language.

    The addresses carry no language (no ``i18n_patterns``): Django's middleware then only
    chooses the language and adds ``Vary: Accept-Language`` and ``Content-Language``, which
    is what this one does without looking for a language at the start of every path."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
            if _prefixed(request):
                super().process_request(request)
                return
            translation.activate(translation.get_language_from_request(request))
        else:
            translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _prefixed(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _prefixed(request: HttpRequest) -> bool:
    """Whether the request's URLs put the language in front of their paths."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    return bool(is_language_prefix_patterns_used(urlconf)[0])
