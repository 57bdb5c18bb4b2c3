"""The API answers bad requests with a message in the user's language naming the field."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("body", ["{not json", ""])
def test_an_unreadable_body_is_a_400_that_says_so(api: Any, body: str) -> None:
    r = api.client.patch(
        "/api/v1/targets/14fyp/310000/COD",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.token('office')}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == (400 if body else 422)
    assert r.json()["field"] == "body"
    assert r.json()["detail"]


def test_a_missing_field_is_named_without_the_views_parameter_name(api: Any) -> None:
    r = api.send("POST", "/api/v1/auth/token", {"username": "office"}, lang="en")
    assert r.status_code == 422
    assert r.json()["field"] == "password"
    assert r.json()["detail"] == "password: This field is required."


def test_a_wrong_path_parameter_type_is_named(api: Any) -> None:
    r = api.get("/api/v1/enterprises/abc", "office")
    assert r.status_code == 422
    assert r.json()["field"] == "enterprise_id"
    assert r.json()["detail"] == "enterprise_id: 请输入整数（半角数字 0-9）。"
    assert "请输入整数" in r.content.decode()  # UTF-8, not \\u escapes


def test_an_unknown_endpoint_answers_json(api: Any) -> None:
    r = api.get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.json()["detail"] == "没有该接口。"


def test_openapi_document_describes_the_targets_endpoint(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/targets" in spec["paths"]
    assert "patch" in spec["paths"]["/api/v1/targets/{period}/{scope}/{pollutant}"]


@pytest.mark.parametrize(
    ("path", "params", "field", "message"),
    [
        (
            "/api/v1/enterprises",
            {"offset": "100000000000000000000"},
            "offset",
            "Enter a number of at most 1000000000.",
        ),
        ("/api/v1/enterprises", {"limit": "0"}, "limit", "Enter a number of at least 1."),
        ("/api/v1/audit", {"offset": "-1"}, "offset", "Enter a number of at least 0."),
        ("/api/v1/audit", {"limit": "5000"}, "limit", "Enter a number of at most 1000."),
    ],
)
def test_paging_out_of_range_is_a_422_naming_the_parameter(
    api: Any, path: str, params: dict[str, str], field: str, message: str
) -> None:
    r = api.get(path, "office", lang="en", **params)
    assert r.status_code == 422
    assert (r.json()["field"], r.json()["detail"]) == (field, f"{field}: {message}")


def test_words_the_domain_passes_into_a_message_are_translated_with_it() -> None:
    from django.utils import translation

    from deltacap.domain.rights.errors import AlreadyDecided
    from deltacap.web.errors import message_of

    error = AlreadyDecided(side="seller", trade="T-7", user="ent-suzhou")
    with translation.override("zh-hans"):
        chinese = message_of(error)
    assert "卖方" in chinese and "seller" not in chinese and "ent-suzhou" in chinese
    with translation.override("en"):
        assert (
            message_of(error) == "The seller side of trade T-7 was already decided by ent-suzhou."
        )
