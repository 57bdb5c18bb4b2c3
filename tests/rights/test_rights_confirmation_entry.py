"""Confirmation of rights through its three entry points: the bureau's page (htmx), the
API and the command line; each refuses bad input naming the field and writes nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.rights import services
from deltacap.rights.models import Confirmation, Holding, JournalEntry
from tests.rights.market_world import MarketWorld

runner = CliRunner()
PERFORMANCE = {"capacity_mw": "300", "utilisation_hours": "5000", "performance_g_kwh": "0.5"}
AIR = {"limit_mg_m3": "100", "flow_m3_h": "1000000", "hours": "5000"}


@pytest.fixture
def priced(market: MarketWorld) -> MarketWorld:
    services.set_paid_use_price(
        by=User.objects.get(username="office"),
        channel="api",
        pollutant="NOx",
        yuan_per_tonne_year="2000",
        valid_from="2020-01-01",
        source="测试价格",
    )
    return market


def _written() -> tuple[int, int, int]:
    return (
        Confirmation.objects.count(),
        JournalEntry.objects.count(),
        AuditEvent.objects.filter(action="rights.confirm").count(),
    )


def _body(market: MarketWorld, **change: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "enterprise_id": market.wujiang.enterprise.pk,
        "pollutant": "NOx",
        "valid_from": "2025-01-01",
        "valid_to": "2029-12-31",
        "basis": "江苏省排污权核定试点规则",
        "performance": PERFORMANCE,
        "air_concentration": AIR,
    }
    body.update(change)
    return body


# --- API ---------------------------------------------------------------------------------


def test_api_confirms_and_lists_the_confirmation(priced: MarketWorld, api: Any) -> None:
    response = api.send("post", "/api/v1/rights/confirmations", _body(priced), "sz-editor")
    assert response.status_code == 201, response.content
    made = response.json()
    air_tonnes = Decimal(100 * 1_000_000 * 5000) / 10**9
    assert Decimal(made["tonnes"]) == air_tonnes
    assert made["method"] == "air_concentration"
    assert Decimal(made["fee_yuan"]) == air_tonnes * 2000 * 5
    assert len(made["candidates"]) == 2
    listed = api.get("/api/v1/rights/confirmations", "sz-editor").json()
    assert [c["id"] for c in listed] == [made["id"]]
    own = api.get("/api/v1/rights/confirmations", priced.wujiang.username).json()
    other = api.get("/api/v1/rights/confirmations", priced.jiashan.username).json()
    assert [c["id"] for c in own] == [made["id"]] and other == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"performance": {**PERFORMANCE, "capacity_mw": "0"}}, "capacity_mw"),
        ({"air_concentration": {"limit_mg_m3": "1", "flow_m3_h": "1"}}, "hours"),
        ({"pollutant": "XYZ"}, "pollutant"),
        ({"performance": None, "air_concentration": None}, "methods"),
    ],
)
def test_api_refuses_bad_input_naming_the_field(
    priced: MarketWorld, api: Any, change: dict[str, Any], field: str
) -> None:
    before = _written()
    response = api.send(
        "post", "/api/v1/rights/confirmations", _body(priced, **change), "sz-editor"
    )
    assert 400 <= response.status_code < 500
    assert field in response.content.decode()
    assert _written() == before


def test_api_refuses_an_enterprise_and_a_bureau_elsewhere(priced: MarketWorld, api: Any) -> None:
    for who in (priced.wujiang.username, "zj-editor"):
        response = api.send("post", "/api/v1/rights/confirmations", _body(priced), who)
        assert response.status_code == 403
    assert _written() == (0, 0, 0)


# --- page --------------------------------------------------------------------------------


def _page_post(client: Any, market: MarketWorld, **change: str) -> Any:
    form = {
        "enterprise_id": str(market.wujiang.enterprise.pk),
        "pollutant": "NOx",
        "valid_from": "2025-01-01",
        "valid_to": "2029-12-31",
        "origin": "initial_paid",
        "basis": "江苏省排污权核定试点规则",
        "method_performance": "on",
        **PERFORMANCE,
    }
    form.update(change)
    return client.post("/rights/confirm/", form, HTTP_HX_REQUEST="true")


def test_the_bureau_page_confirms_and_shows_method_and_fee(
    priced: MarketWorld, client: Any
) -> None:
    client.force_login(User.objects.get(username="sz-editor"))
    page = client.get("/rights/confirm/")
    assert page.status_code == 200 and priced.wujiang.enterprise.name in page.content.decode()
    response = _page_post(client, priced)
    assert response.status_code == 201
    made = Confirmation.objects.get()
    assert made.method == "performance" and made.confirmed_by.username == "sz-editor"
    text = response.content.decode()
    assert made.entry_id in text and str(made.fee_yuan) in text
    holding = Holding.objects.get(pk=made.holding_id)
    assert holding.kg == 300 * 5000 // 2


def test_the_page_names_the_field_and_writes_nothing(priced: MarketWorld, client: Any) -> None:
    client.force_login(User.objects.get(username="sz-editor"))
    response = _page_post(client, priced, performance_g_kwh="-1")
    assert response.status_code == 422
    assert 'data-field="performance_g_kwh"' in response.content.decode()
    assert _written() == (0, 0, 0)


def test_the_page_refuses_a_second_confirmation_and_takes_an_amendment(
    priced: MarketWorld, client: Any
) -> None:
    client.force_login(User.objects.get(username="sz-editor"))
    first = Confirmation.objects.get(pk=_page_post(client, priced).context["made"].pk)
    again = _page_post(client, priced)
    assert again.status_code == 409
    assert 'data-field="amends"' in again.content.decode()
    assert str(first.pk) in again.content.decode()
    assert Confirmation.objects.count() == 1
    not_a_number = _page_post(client, priced, amends="abc")
    assert not_a_number.status_code == 409 and Confirmation.objects.count() == 1
    amended = _page_post(client, priced, amends=str(first.pk), capacity_mw="360")
    assert amended.status_code == 201, amended.content.decode()
    latest = Confirmation.objects.latest("pk")
    assert (latest.amends_id, latest.kg) == (first.pk, first.kg * 6 // 5)
    listed = client.get("/rights/confirm/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"变更第 {first.pk} 号" in listed


def test_the_page_is_for_bureaus_only(priced: MarketWorld, client: Any) -> None:
    for who in (priced.wujiang.username, "office"):
        client.force_login(User.objects.get(username=who))
        assert client.get("/rights/confirm/").status_code == 403
        assert _page_post(client, priced).status_code == 403
    assert _written() == (0, 0, 0)


# --- command line ------------------------------------------------------------------------


def _cli(market: MarketWorld, *extra: str, who: str = "sz-editor") -> Any:
    args = [
        "rights",
        "confirm",
        str(market.wujiang.enterprise.pk),
        "NOx",
        "--valid-from",
        "2025-01-01",
        "--valid-to",
        "2029-12-31",
        "--basis",
        "江苏省排污权核定试点规则",
        "--as",
        who,
        *extra,
    ]
    return runner.invoke(app, args)


def test_the_command_confirms_as_a_bureau(priced: MarketWorld) -> None:
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in AIR.items()]
    result = _cli(priced, *flags, "--json")
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    assert made["method"] == "air_concentration"
    event = AuditEvent.objects.get(action="rights.confirm")
    assert event.channel == "cli" and event.actor.username == "sz-editor"


def test_the_command_names_a_missing_input_and_writes_nothing(priced: MarketWorld) -> None:
    result = _cli(priced, "--limit-mg-m3=100", "--flow-m3-h=1000")
    assert result.exit_code == 2
    assert "hours" in result.output
    assert _written() == (0, 0, 0)


def test_the_command_refuses_an_unknown_account(priced: MarketWorld) -> None:
    result = _cli(priced, "--capacity-mw=1", who="nobody")
    assert result.exit_code == 2 and "nobody" in result.output
    assert _written() == (0, 0, 0)
