"""Turning errors into messages in the user's language (shared by pages and the API)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from deltacap.accounts.services import LockedOut, LoginFailed
from deltacap.domain import input_rules
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, DeltacapError, InvalidInput, NotFound


class BodyTooLarge(DeltacapError):
    """A request body beyond what the platform reads (``field``: "body")."""

    template = gettext_noop("The request body is {size} MB; at most {limit} MB is accepted here.")


class UnsupportedMediaType(DeltacapError):
    """A body in a format this address does not read."""

    template = gettext_noop(
        "Send the request body as JSON, with the header Content-Type: application/json "
        "(this came as {content_type})."
    )


class MalformedBody(DeltacapError):
    """A body that cannot be read at all (broken multipart, not JSON)."""

    template = gettext_noop("The request body could not be read: send a JSON object.")


_STATUS: list[tuple[type[DeltacapError], int]] = [
    (BodyTooLarge, 413),
    (UnsupportedMediaType, 415),
    (MalformedBody, 400),
    (AccessDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
    (LoginFailed, 401),
    (LockedOut, 429),
    (InvalidInput, 422),
]


def status_of(error: DeltacapError) -> int:
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 400


# Words the domain passes as message parameters (sides, account kinds, actions): translated
# with the template so that a message reads in one language.
_PARAM_WORDS = frozenset(
    {
        gettext_noop("seller"),
        gettext_noop("buyer"),
        gettext_noop("enterprise"),
        gettext_noop("county_reserve"),
        gettext_noop("city_reserve"),
        gettext_noop("member_reserve"),
        gettext_noop("platform"),
        gettext_noop("issuance"),
        gettext_noop("retired"),
        gettext_noop("sell by auction"),
        gettext_noop("buy rights"),
        gettext_noop("take part in a reserve move between two enterprises"),
    }
)


def message_of(error: DeltacapError) -> str:
    """The error's message translated into the active language, known parameter words too."""
    params = {
        key: gettext(value) if isinstance(value, str) and value in _PARAM_WORDS else value
        for key, value in error.params.items()
    }
    return gettext(error.message_template).format(**params)


# Pydantic error types, as the API's users should read them.
_PYDANTIC_MESSAGES = {
    "missing": gettext_noop("This field is required."),
    "extra_forbidden": gettext_noop("This field is not accepted here."),
    "decimal_parsing": gettext_noop("Enter a number."),
    "float_parsing": gettext_noop("Enter a number."),
    "int_parsing": gettext_noop("Enter a whole number."),
    "decimal_type": gettext_noop("Enter a number."),
    "float_type": gettext_noop("Enter a number."),
    "int_type": gettext_noop("Enter a whole number."),
    "string_type": gettext_noop("Enter text."),
    "bool_parsing": gettext_noop("Enter true or false."),
    "json_invalid": gettext_noop("The request body is not valid JSON."),
    "model_attributes_type": gettext_noop("The request body must be a JSON object."),
    "dict_type": gettext_noop("The request body must be a JSON object."),
    "finite_number": gettext_noop("Enter a finite number."),
    "date_from_datetime_parsing": gettext_noop("Enter a date as YYYY-MM-DD."),
    "date_parsing": gettext_noop("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": gettext_noop("Enter a date and time as YYYY-MM-DDThh:mm."),
    "string_too_long": gettext_noop("At most {max_length} characters."),
    "greater_than_equal": gettext_noop("Enter a number of at least {ge}."),
    "less_than_equal": gettext_noop("Enter a number of at most {le}."),
    "greater_than": gettext_noop("Enter a number above {gt}."),
    "less_than": gettext_noop("Enter a number below {lt}."),
    "literal_error": gettext_noop("Not one of the allowed values."),
    "enum": gettext_noop("Not one of the allowed values."),
    "string_pattern_mismatch": gettext_noop(
        "Use letters A-Z, digits and _ . - only (a code, not a name)."
    ),
    "date_range": gettext_noop("Enter a date from {first} to {last}."),
    "too_long": gettext_noop("At most {max_length} items."),
    "string_too_short": gettext_noop("Enter at least {min_length} characters."),
    "list_type": gettext_noop("Enter a list."),
    "bool_type": gettext_noop("Enter true or false."),
    "date_type": gettext_noop("Enter a date as YYYY-MM-DD."),
    "datetime_type": gettext_noop("Enter a date and time as YYYY-MM-DDThh:mm."),
    # The platform's own input rules (deltacap.domain.input_rules), by the error's type.
    **input_rules.TEMPLATES,
}
_GENERIC = gettext_noop("This value is not valid.")


def _field_name(loc: list[Any]) -> str:
    """``["body", "payload", "tonnes"]`` -> ``"tonnes"``: drop where it came from and the
    name of the view's parameter, keep the field's own path."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Ninja/pydantic errors as ``[{"field", "message"}]`` in the user's language."""
    return [
        {"field": _field_name(list(err.get("loc", ()))), "message": _message(err)} for err in errors
    ]


def _message(err: dict[str, Any]) -> str:
    template = gettext(_PYDANTIC_MESSAGES.get(err.get("type", ""), _GENERIC))
    try:
        return template.format(**(err.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return gettext(_GENERIC)
