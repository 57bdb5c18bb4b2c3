"""A property-based run over the API's own OpenAPI document (schemathesis): every operation,
with the boundary values schemathesis derives from the schema (its coverage phase: the
largest id plus one, empty and over-long text, wrong types, missing fields, unsupported
methods) and a bounded number of generated cases, each sent as the region office (in
Chinese, the default) and as a member editor (in English), on the test world with the
demo's registry and market (confirmed rights, trades, an auction).

Every answer must be: no server error; a status and body the document declares; and a
refusal (4xx) a JSON ``{"detail", "field"}`` whose message is in the request's language.
Deterministic (derandomised) and bounded so that it costs well under a minute or two."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from deltacap.api import api

pytestmark = pytest.mark.schema_run
# Generated cases per operation, besides schemathesis's boundary cases.
EXAMPLES = 5
# Who sends every case, and in which language.
CALLERS = (("office", "zh-hans"), ("js-editor", "en"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SENT = {"cases": 0}


def _document() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), default=str))


schema = schemathesis.openapi.from_dict(_document())
schema.app = WSGIHandler()


@pytest.fixture(scope="module")
def tokens(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """Bearer tokens of the callers, on the test world plus the demo's registry and market,
    kept in one transaction for the module and rolled back after it (each operation's own
    test rolls back to here, so what one operation writes does not reach the next)."""
    from django.core import signals
    from django.db import close_old_connections, transaction

    from deltacap.accounts.models import User
    from deltacap.accounts.services import issue_token
    from deltacap.rights.demo import load_demo_rights

    # As Django's test client does: the end of a request must not close the connection that
    # holds the test's transaction (on PostgreSQL it would).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            load_demo_rights()
            yield {
                who: issue_token(user=User.objects.get(username=who)) for who, _language in CALLERS
            }
            transaction.set_rollback(True)
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)
    print(f"\nschema run: {SENT['cases']} cases, each sent as {len(CALLERS)} callers")


def _check_refusal(response: Any, language: str, curl: str) -> None:
    if not 400 <= response.status_code < 500:
        return
    body = response.json()
    assert isinstance(body, dict) and {"detail", "field"} <= body.keys(), (body, curl)
    if language == "zh-hans":
        assert CHINESE.search(body["detail"]), (body["detail"], curl)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_without_a_server_error(
    case: Any, db: Any, tokens: dict[str, str]
) -> None:
    SENT["cases"] += 1
    for who, language in CALLERS:
        headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        headers.update({"Authorization": f"Bearer {tokens[who]}", "Accept-Language": language})
        case.headers = headers
        case.cookies = {}
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        _check_refusal(response, language, case.as_curl_command())
