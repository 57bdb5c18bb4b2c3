"""Reading the API's JSON bodies: strictly JSON, and no text in them that no field takes.

Ninja hands every body to this parser before any schema sees it. It refuses:

- a body that is not declared as JSON (``Content-Type: application/json`` or a ``+json``
  type): 415, rather than guessing that ``text/plain`` holds JSON;
- ``NaN`` and ``Infinity``, which JSON does not have;
- anywhere in the body (keys too, free-form objects such as accounting inputs included),
  a lone surrogate, a control character other than tab and line breaks, or text that is
  invisible only (``deltacap.domain.input_rules``): 422 naming the field by its path, e.g.
  ``items.0.reason``. Such text could not be stored, exported or shown back.

Errors raised here reach ``deltacap.api`` as the cause of ninja's 400 and are answered
there with their own status and message.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from deltacap.domain.errors import gettext_noop
from deltacap.domain.input_rules import text_fault
from deltacap.web.errors import MalformedBody, UnsupportedMediaType

JSON_TYPES = ("application/json",)


def _is_json(content_type: str) -> bool:
    return content_type in JSON_TYPES or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _no_constants(name: str) -> Any:
    raise MalformedBody(
        gettext_noop("The request body is not valid JSON: {name} is not a number in JSON."),
        field="body",
        name=name,
    )


def check_strings(data: Any, path: tuple[str, ...] = ()) -> None:
    """Raise BadInput naming the path of the first string (key or value) in ``data`` that
    no field accepts."""
    if isinstance(data, str):
        fault = text_fault(data, multiline=True)
        if fault is not None:
            raise fault.error(".".join(path) or "body")
    elif isinstance(data, dict):
        for key, value in data.items():
            check_strings(key, path)  # a bad key is named by the object that holds it
            check_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            check_strings(item, (*path, str(index)))


class StrictJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        content_type = (request.content_type or "").lower()
        if not _is_json(content_type):
            raise UnsupportedMediaType(field="body", content_type=content_type or "—")
        data = json.loads(request.body, parse_constant=_no_constants)
        check_strings(data)
        return data
