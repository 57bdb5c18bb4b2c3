"""The request guard: what every request's input must be before any view reads it.

For pages and the API alike, before the view (and before the CSRF check reads a form):

- the body's declared size: a JSON body or form at most ``DATA_UPLOAD_MAX_MEMORY_SIZE``
  (1 MB), a multipart upload at most ``DELTACAP_MAX_UPLOAD_BYTES``; more is 413 with the
  limit in the message, and nothing is read;
- a multipart body must name its boundary (400, not a failure deep inside a view);
- every query parameter and form field (and an uploaded file's name) must be text that
  some field can take (``deltacap.domain.input_rules``: no control characters other than
  tab and line breaks, no lone surrogates, not invisible only): 422 naming the field.

Refusals are answered like any other error: ``{"detail", "field"}`` under /api/, the error
page (or the htmx flash) on pages, in the user's language. Under /api/ a method the
address does not take (405) is answered in the same shape.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.translation import gettext

from deltacap.domain.errors import DeltacapError, gettext_noop
from deltacap.domain.input_rules import text_fault
from deltacap.web.errors import BodyTooLarge, MalformedBody, message_of, status_of
from deltacap.web.middleware import error_page

NO_BOUNDARY = gettext_noop(
    "The multipart body names no valid boundary: send files as multipart/form-data with "
    "its boundary (as browsers and HTTP libraries do)."
)
UNREADABLE_FORM = gettext_noop("The form could not be read: send it again from the page.")
FORM_TOO_LARGE = gettext_noop(
    "The form's fields come to more than {limit} MB (files apart); at most {limit} MB is accepted."
)
NOT_ALLOWED = gettext_noop("This address does not take {method}; it takes {allowed}.")

# Form fields by name, as the pages label them (a refusal names the field this way).
FIELD_LABELS = {
    "name": gettext_noop("name"),
    "sector": gettext_noop("sector"),
    "address": gettext_noop("address"),
    "contact_name": gettext_noop("contact person"),
    "contact_phone": gettext_noop("contact phone"),
    "source": gettext_noop("source"),
    "basis": gettext_noop("basis"),
    "decision": gettext_noop("decision"),
    "pollutant": gettext_noop("pollutant"),
    "valid_from": gettext_noop("valid from"),
    "valid_to": gettext_noop("valid to"),
    "member": gettext_noop("member"),
    "member_code": gettext_noop("member"),
    "year": gettext_noop("year"),
    "tonnes": gettext_noop("tonnes"),
    "status": gettext_noop("status"),
    "kind": gettext_noop("kind"),
    "deadline": gettext_noop("deadline"),
    "reason": gettext_noop("reason"),
    "message": gettext_noop("message"),
    "q": gettext_noop("search"),
    "username": gettext_noop("user name"),
    "password": gettext_noop("password"),
    "inputs": gettext_noop("accounting inputs"),
    "value": gettext_noop("value"),
    "file": gettext_noop("file"),
}
SOME_FIELD = gettext_noop("one of the form's fields")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def _check_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise MalformedBody(field="body") from None
    multipart = request.content_type == "multipart/form-data"
    limit = (
        settings.DELTACAP_MAX_UPLOAD_BYTES if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    if length > limit:
        raise BodyTooLarge(field="body", size=_megabytes(length), limit=_megabytes(limit))


def _check_multipart(request: HttpRequest) -> None:
    if not (request.content_type or "").startswith("multipart/"):
        return
    try:
        MultiPartParser(request.META, io.BytesIO(), request.upload_handlers, request.encoding)
    except MultiPartParserError:
        raise MalformedBody(NO_BOUNDARY, field="body") from None


def _form_values(request: HttpRequest) -> Iterator[tuple[str, str]]:
    """Query parameters, then (for a form) its fields and its files' names."""
    for key, values in request.GET.lists():
        yield key, key
        yield from ((key, value) for value in values)
    if request.method != "POST" or request.content_type not in (
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        return
    try:
        form, files = request.POST, request.FILES
    except RequestDataTooBig:
        limit = _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        raise BodyTooLarge(FORM_TOO_LARGE, field="body", limit=limit) from None
    except (MultiPartParserError, SuspiciousOperation):
        raise MalformedBody(UNREADABLE_FORM, field="body") from None
    for key, values in form.lists():
        yield key, key
        yield from ((key, value) for value in values)
    for key in files:
        yield from ((key, upload.name or "") for upload in files.getlist(key))


def check_request(request: HttpRequest) -> None:
    """Raise the DeltacapError a request's input earns, if any (see the module)."""
    _check_size(request)
    _check_multipart(request)
    for field, value in _form_values(request):
        fault = text_fault(value, multiline=True)
        if fault is not None:
            raise fault.error(field)


def _field_label(field: str | None) -> str:
    label = FIELD_LABELS.get((field or "").split("-", 1)[0], SOME_FIELD)
    return gettext(label)


def refusal(request: HttpRequest, error: DeltacapError) -> HttpResponse:
    """The answer to a refused request: JSON under /api/, else the error page."""
    message, status = message_of(error), status_of(error)
    if request.path.startswith("/api/"):
        body = {"detail": message, "field": error.field}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if error.field and error.field != "body":
        message = f"{_field_label(error.field)}: {message}"
    return error_page(request, message, status)


def _not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    allowed = response.get("Allow", "")
    detail = gettext(NOT_ALLOWED).format(method=request.method, allowed=allowed or "—")
    answer = JsonResponse(
        {"detail": detail, "field": None}, status=405, json_dumps_params={"ensure_ascii": False}
    )
    answer["Allow"] = allowed
    return answer


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return _not_allowed(request, response)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponse | None:
        try:
            check_request(request)
        except DeltacapError as error:
            return refusal(request, error)
        return None
