"""Turning errors into messages in the user's language (shared by pages and the API)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from deltacap.accounts.services import LockedOut, LoginFailed
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, DeltacapError, InvalidInput, NotFound

_STATUS: list[tuple[type[DeltacapError], int]] = [
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


def message_of(error: DeltacapError) -> str:
    """The error's message translated into the active language."""
    return error.render(gettext)


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
    "string_too_long": gettext_noop("Too long."),
    "literal_error": gettext_noop("Not one of the allowed values."),
    "enum": gettext_noop("Not one of the allowed values."),
}
_GENERIC = gettext_noop("This value is not valid.")


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Ninja/pydantic errors as ``[{"field", "message"}]`` in the user's language."""
    result = []
    for err in errors:
        loc = [
            str(part)
            for part in err.get("loc", ())
            if part not in ("body", "query", "path", "payload", "data")
        ]
        field = ".".join(loc) or "body"
        message = gettext(_PYDANTIC_MESSAGES.get(err.get("type", ""), _GENERIC))
        result.append({"field": field, "message": message})
    return result
