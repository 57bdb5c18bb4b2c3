"""Bad input to the API, as found when the platform was tried as a new user would: each is
refused with a 4xx ``{"detail", "field"}`` in the request's language, and nothing is written.
Before these rules, most of them answered 500 or were silently accepted."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _office(api: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api.token('office')}"}


def _written() -> tuple[int, ...]:
    """Rows of every table a refused write might have touched."""
    from deltacap.audit.models import AuditEvent
    from deltacap.enterprises.models import Enterprise
    from deltacap.projects.models import EvaluationRound
    from deltacap.rights.models import Holding, JournalEntry, Listing, Trade
    from deltacap.targets.models import Target

    tables = (AuditEvent, Enterprise, EvaluationRound, Holding, JournalEntry, Listing, Trade)
    return (*(t.objects.count() for t in tables), Target.objects.filter(tonnes=0).count())


@pytest.fixture
def rights(db: Any) -> dict[str, Any]:
    """The demo's registry: a holding of a Jiangsu pilot enterprise and its bureau."""
    from deltacap.rights.demo import load_demo_rights
    from deltacap.rights.models import Holding

    load_demo_rights()
    holding = Holding.objects.filter(account__county_code="320509", kg__gt=0).first()
    assert holding is not None
    return {"holding": holding, "enterprise_id": holding.account.enterprise_id}


def _refusal(response: Any, status: int, field: str | None) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field
    assert isinstance(body["detail"], str) and body["detail"]
    return str(body["detail"])


# --- sizes and formats of the body -------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/enterprises"])
def test_a_json_body_over_the_limit_is_413_and_says_the_limit(
    client: Any, api: Any, path: str
) -> None:
    body = json.dumps({"username": "x" * 2_700_000, "password": "y"})
    before = _written()
    response = client.post(path, body, content_type=JSON, **_office(api))
    detail = _refusal(response, 413, "body")
    assert "2.6 MB" in detail and "1 MB" in detail
    english = client.post(path, body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert "at most 1 MB is accepted" in english.json()["detail"]
    assert _written() == before


def test_a_body_that_is_not_declared_json_is_415(client: Any, api: Any) -> None:
    body = json.dumps({"name": "新名称"})
    response = client.patch(
        "/api/v1/enterprises/1", body, content_type="text/plain", **_office(api)
    )
    assert "application/json" in _refusal(response, 415, "body")


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/projects/exchange/import"])
def test_multipart_without_a_boundary_is_400_with_a_message(
    client: Any, api: Any, path: str
) -> None:
    response = client.post(
        path,
        b'{"username": "", "password": "x"}',
        content_type="multipart/form-data",
        HTTP_ACCEPT_LANGUAGE="en",
        **_office(api),
    )
    assert "boundary" in _refusal(response, 400, "body")


def test_nan_is_not_a_number_in_json(client: Any, api: Any) -> None:
    response = client.patch(
        "/api/v1/targets/14fyp/310000/COD", '{"tonnes": NaN}', content_type=JSON, **_office(api)
    )
    _refusal(response, 400, "body")


# --- text --------------------------------------------------------------------------------


def test_a_lone_surrogate_is_422_naming_the_field(client: Any, api: Any) -> None:
    token = client.post(
        "/api/v1/auth/token", '{"username": "\\ud800", "password": "x"}', content_type=JSON
    )
    _refusal(token, 422, "username")
    before = _written()
    nested = client.post(
        "/api/v1/projects/rounds/14fyp/2023/submission",
        '{"member": "320000", "items": '
        '[{"project": "A", "outcome": "late", "reason": "x\\udc00"}]}',
        content_type=JSON,
        **_office(api),
    )
    _refusal(nested, 422, "items.0.reason")
    assert _written() == before


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("\u200b\u200b\u200b", "invisible"),
        ("某\x00企业", "U+0000"),
        ("某\x1b[31m企业", "U+001B"),
        ("某\u009b企业", "U+009B"),
        ("某企业\n第二行", "Line breaks"),
    ],
)
def test_control_and_invisible_only_text_is_refused_naming_the_field(
    api: Any, name: str, words: str
) -> None:
    from deltacap.enterprises.models import Enterprise

    enterprise = Enterprise.objects.filter(member_code="320000").first()
    assert enterprise is not None
    response = api.send(
        "PATCH", f"/api/v1/enterprises/{enterprise.pk}", {"name": name}, "js-editor", "en"
    )
    assert words in _refusal(response, 422, "name")
    enterprise.refresh_from_db()
    assert enterprise.name != name


def test_text_is_refused_in_chinese_by_default(api: Any) -> None:
    response = api.send("PATCH", "/api/v1/enterprises/1", {"name": "\u200b"}, "office")
    assert "不可见" in _refusal(response, 422, "name")


def test_a_long_source_is_refused_and_says_the_limit(api: Any) -> None:
    before = _written()
    response = api.send(
        "PATCH", "/api/v1/targets/14fyp/310000/COD", {"source": "出处" * 1500}, "office", "en"
    )
    assert "At most 2000 characters" in _refusal(response, 422, "source")
    assert _written() == before


# --- numbers -----------------------------------------------------------------------------


def test_an_id_beyond_64_bits_is_422(api: Any) -> None:
    response = api.send("POST", "/api/v1/market/trades/9223372036854775808/settle", {}, "office")
    _refusal(response, 422, "trade_id")
    offset = api.get("/api/v1/enterprises", "office", offset=10**30)
    _refusal(offset, 422, "offset")


def test_true_is_not_an_id(api: Any, rights: dict[str, Any]) -> None:
    before = _written()
    response = api.send(
        "POST",
        "/api/v1/market/listings",
        {"holding_id": True, "tonnes": "1", "price_yuan_per_tonne": "9000"},
        "js-editor",
        "en",
    )
    assert "whole number" in _refusal(response, 422, "holding_id")
    assert _written() == before


@pytest.mark.parametrize(
    ("tonnes", "words"),
    [
        (4.67e16, "at most 100000000"),
        ("１２", "digits 0-9"),
        ("0.0001", "At most 3 decimal places"),
    ],
)
def test_issuance_tonnes_are_exact_and_in_range(
    api: Any, rights: dict[str, Any], tonnes: Any, words: str
) -> None:
    before = _written()
    response = api.send(
        "POST",
        "/api/v1/rights/issuances",
        {
            "enterprise_id": rights["enterprise_id"],
            "pollutant": "COD",
            "tonnes": tonnes,
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-31",
        },
        "js-editor",
        "en",
    )
    assert words in _refusal(response, 422, "tonnes")
    assert _written() == before


def test_a_calculator_input_of_1e308_is_422(api: Any, rights: dict[str, Any]) -> None:
    before = _written()
    response = api.send(
        "POST",
        "/api/v1/rights/confirmations",
        {
            "enterprise_id": rights["enterprise_id"],
            "pollutant": "NOx",
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-31",
            "basis": "pilot rule",
            "performance": {
                "capacity_mw": 1e308,
                "utilisation_hours": 5000,
                "performance_g_kwh": "0.2",
            },
        },
        "js-editor",
    )
    _refusal(response, 422, "performance.capacity_mw")
    assert _written() == before


@pytest.mark.parametrize("year", ["0", "-1", "10000"])
def test_annual_totals_take_years_in_range(api: Any, year: str) -> None:
    _refusal(api.get("/api/v1/monitoring/totals", "office", year=year), 422, "year")


def test_an_evaluation_round_for_year_minus_1261_is_422(api: Any) -> None:
    before = _written()
    response = api.send("POST", "/api/v1/projects/rounds", {"year": -1261}, "office", "en")
    assert "at least 1990" in _refusal(response, 422, "year")
    assert _written() == before


@pytest.mark.parametrize("percent_cut", [-1, 1e308, "101"])
def test_a_percent_cut_out_of_range_is_422_not_ignored(api: Any, percent_cut: Any) -> None:
    from deltacap.targets.models import Target

    before = list(Target.objects.order_by("pk").values_list("tonnes", "percent_cut"))
    response = api.send(
        "PATCH", "/api/v1/targets/14fyp/310000/COD", {"percent_cut": percent_cut}, "office"
    )
    _refusal(response, 422, "percent_cut")
    assert list(Target.objects.order_by("pk").values_list("tonnes", "percent_cut")) == before


def test_more_tonnes_precision_than_stored_is_refused_not_rounded(api: Any) -> None:
    from deltacap.targets.models import Target

    response = api.send("PATCH", "/api/v1/targets/14fyp/310000/COD", {"tonnes": "0.0001"}, "office")
    _refusal(response, 422, "tonnes")
    target = Target.objects.get(period_id="14fyp", division_id="310000", pollutant_id="COD")
    assert target.tonnes != 0


def test_negative_zero_tonnes_are_stored_as_zero(api: Any) -> None:
    from deltacap.targets.models import Target

    response = api.send("PATCH", "/api/v1/targets/14fyp/310000/COD", {"tonnes": "-0"}, "office")
    assert response.status_code == 200, response.content
    assert response.json()["tonnes"] == 0 and '"tonnes": -' not in response.content.decode()
    target = Target.objects.get(period_id="14fyp", division_id="310000", pollutant_id="COD")
    assert target.tonnes == 0 and not Decimal(target.tonnes).is_signed()


# --- the shape of every refusal ----------------------------------------------------------


def test_refusals_outside_any_operation_have_detail_and_field(client: Any) -> None:
    _refusal(client.put("/api/v1/auth/token"), 405, None)
    _refusal(client.get("/api/v1/no-such-thing"), 404, None)
    _refusal(client.get("/api/v1/auth/me"), 401, None)
