"""The JSON API under /api/v1 (django-ninja), with its OpenAPI document and docs page."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from deltacap.accounts.api import router as accounts_router
from deltacap.air.api import router as air_router
from deltacap.air.api_events import router as air_events_router
from deltacap.api_parser import StrictJsonParser
from deltacap.audit.api import router as audit_router
from deltacap.domain.errors import DeltacapError
from deltacap.enterprises.api import router as enterprises_router
from deltacap.mobile.api import router as mobile_router
from deltacap.mobile.api_machinery import router as machinery_router
from deltacap.mobile.api_phaseout import router as phaseout_router
from deltacap.monitoring.api import router as monitoring_router
from deltacap.petrochem.api_fence import router as petrochem_fence_router
from deltacap.petrochem.api_petrochem import router as petrochem_router
from deltacap.projects.api import router as projects_router
from deltacap.reference.api import router as reference_router
from deltacap.reports.api import router as reports_router
from deltacap.rights.api import router as rights_router
from deltacap.sharing.api import router as sharing_router
from deltacap.targets.api import router as targets_router
from deltacap.water.api import router as water_router
from deltacap.web.errors import message_of, status_of, validation_errors
from deltacap.working.api import router as working_router

log = logging.getLogger(__name__)


class Utf8JsonRenderer(JSONRenderer):
    """Chinese text as itself, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


# Every refusal (4xx) answers this, in the language of the request's Accept-Language.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "what is wrong, for a person to read"},
        "field": {
            "anyOf": [{"type": "string"}, {"type": "null"}],
            "description": "the input at fault (a field's path such as items.0.reason), if any",
        },
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
    "required": ["detail", "field"],
}
REFUSAL = {
    "description": "Refused: a message in the request's language and the field at fault",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


class DeltacapApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, with the refusals every operation may answer (4XX) named."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("4XX", REFUSAL)
        return schema


api = DeltacapApi(
    parser=StrictJsonParser(),
    renderer=Utf8JsonRenderer(),
    title="deltacap API",
    version="1",
    description="YRD coordinated pollutant-total control platform. "
    "Authenticate with POST /api/v1/auth/token and send `Authorization: Bearer <token>`.",
    urls_namespace="api",
)
api.add_router("/auth", accounts_router)
api.add_router("/", reference_router)
api.add_router("/targets", targets_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/audit", audit_router)
api.add_router("/projects", projects_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/", rights_router)
api.add_router("/water", water_router)
api.add_router("/air/events", air_events_router)
api.add_router("/air", air_router)
api.add_router("/working", working_router)
api.add_router("/sharing", sharing_router)
api.add_router("/mobile", mobile_router)
api.add_router("/mobile", machinery_router)
api.add_router("/mobile", phaseout_router)
api.add_router("/reports", reports_router)
api.add_router("/petrochem", petrochem_router)
api.add_router("/petrochem", petrochem_fence_router)


@api.exception_handler(DeltacapError)
def _deltacap_error(request: HttpRequest, exc: DeltacapError) -> HttpResponse:
    body = {"detail": message_of(exc), "field": exc.field}
    return api.create_response(request, body, status=status_of(exc))


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = validation_errors(list(exc.errors))
    first = errors[0] if errors else {"field": "body", "message": _("This value is not valid.")}
    body = {
        "detail": f"{first['field']}: {first['message']}",
        "field": first["field"],
        "errors": errors,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {
        "detail": _("Log in first: send a valid token as Authorization: Bearer <token>."),
        "field": None,
    }
    return api.create_response(request, body, status=401)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("No such record."), "field": None}, status=404)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # The body parser's own refusals (deltacap.api_parser) come wrapped in ninja's 400.
    if isinstance(exc.__cause__, DeltacapError):
        return _deltacap_error(request, exc.__cause__)
    # Ninja's own 400 is an unreadable body, its 403 a failed CSRF check of a page session.
    if exc.status_code == 400:
        detail, field = _("The request body could not be read: send a JSON object."), "body"
    elif exc.status_code == 403:
        detail, field = _("CSRF check failed: reload the page and try again."), None
    else:
        detail, field = str(exc), None
    return api.create_response(request, {"detail": detail, "field": field}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("unexpected error in %s %s", request.method, request.path)
    body = {
        "detail": _("Internal error. It has been logged; please try again later."),
        "field": None,
    }
    return api.create_response(request, body, status=500)
