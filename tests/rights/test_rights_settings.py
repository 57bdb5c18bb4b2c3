"""The office's market settings (page and API): pilot and flagged counties, the trade
ratio, versioned price bands; every other role is refused and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.reference.models import Division
from deltacap.rights.models import CountyTargetFlag, MarketSetting, PriceBandRow
from tests.rights.market_world import PILOTS, MarketWorld

OTHERS = ["js-editor", "js-viewer", "sz-editor", "rights-wj1"]
KUNSHAN = "320583"


def _state() -> tuple[Any, ...]:
    return (
        tuple(Division.objects.filter(pilot_county=True).values_list("code", flat=True)),
        tuple(CountyTargetFlag.objects.values_list("county_code", flat=True)),
        tuple(MarketSetting.objects.values_list("ratio_numerator", "ratio_denominator")),
        tuple(PriceBandRow.objects.values_list("pk", "valid_to")),
        AuditEvent.objects.count(),
    )


def _band(**change: Any) -> dict[str, Any]:
    body = {
        "pollutant": "VOCs",
        "min_yuan_per_tonne": "5000",
        "max_yuan_per_tonne": "30000",
        "valid_from": "2026-07-01",
        "source": "江苏省排污权交易价格指导意见（测试）",
        "member_code": "",
    }
    body.update(change)
    return body


def test_the_office_reads_the_settings_with_placeholders_marked_unverified(
    api: Any, market: MarketWorld
) -> None:
    got = api.get("/api/v1/rights/settings", "office").json()
    assert {c["code"] for c in got["pilot_counties"]} == set(PILOTS)
    assert got["price_bands"] and not any(b["verified"] for b in got["price_bands"])


def test_the_office_changes_every_setting_through_the_api(api: Any, market: MarketWorld) -> None:
    def put(path: str, body: dict[str, Any]) -> Any:
        response = api.send("put", path, body, "office")
        assert response.status_code == 200, response.content
        return response

    put(f"/api/v1/rights/settings/pilot-counties/{KUNSHAN}", {"pilot": True})
    flag = {"not_meeting_target": True, "source": "2025 evaluation"}
    put(f"/api/v1/rights/settings/county-flags/{KUNSHAN}", flag)
    got = put("/api/v1/rights/settings/trade-ratio", {"ratio": "9/10", "source": "office"}).json()
    assert KUNSHAN in {c["code"] for c in got["pilot_counties"]}
    assert [c["code"] for c in got["flagged_counties"]] == [KUNSHAN]
    assert got["trade_ratio"] == "9/10"
    removed = put("/api/v1/rights/settings/trade-ratio", {"ratio": None}).json()
    assert removed["trade_ratio"] is None


def test_a_new_band_version_closes_the_one_before_and_is_audited(
    api: Any, market: MarketWorld
) -> None:
    old = PriceBandRow.objects.get(pollutant="VOCs", member_code="")
    response = api.send("post", "/api/v1/rights/settings/price-bands", _band(), "office")
    assert response.status_code == 201
    old.refresh_from_db()
    assert old.valid_to == date(2026, 6, 30)
    new = PriceBandRow.objects.get(pk=response.json()["id"])
    assert (new.min_fen_per_tonne, new.max_fen_per_tonne) == (500000, 3000000)
    event = AuditEvent.objects.get(action="rights.price_band")
    assert event.before["max_fen_per_tonne"] == old.max_fen_per_tonne
    assert event.after["valid_from"] == "2026-07-01"


def test_a_listing_is_checked_against_the_band_in_force(api: Any, market: MarketWorld) -> None:
    from deltacap.domain.rights.errors import PriceOutsideBand
    from deltacap.rights.services import open_listing
    from tests.rights.market_world import issue

    holding = issue(market.wujiang)
    api.send(
        "post", "/api/v1/rights/settings/price-bands", _band(valid_from="2020-06-01"), "office"
    )
    with pytest.raises(PriceOutsideBand):
        open_listing(
            by=market.wujiang.user,
            channel="api",
            holding_id=holding.pk,
            tonnes="1",
            price_yuan_per_tonne="4000",
        )


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"min_yuan_per_tonne": "0"}, "min_yuan_per_tonne", 422),
        ({"max_yuan_per_tonne": "10"}, "max_yuan_per_tonne", 422),
        ({"pollutant": "XYZ"}, "pollutant", 422),
        ({"member_code": "999999"}, "member_code", 422),
        ({"source": " "}, "source", 422),
        ({"valid_from": "2019-01-01"}, "valid_from", 409),
    ],
)
def test_bad_band_input_names_the_field_and_writes_nothing(
    api: Any, market: MarketWorld, change: dict[str, Any], field: str, status: int
) -> None:
    before = _state()
    response = api.send("post", "/api/v1/rights/settings/price-bands", _band(**change), "office")
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert _state() == before


@pytest.mark.parametrize("who", OTHERS)
def test_only_the_office_reads_or_changes_the_settings(
    api: Any, market: MarketWorld, who: str
) -> None:
    before = _state()
    assert api.get("/api/v1/rights/settings", who).status_code == 403
    attempts = [
        ("put", f"/api/v1/rights/settings/pilot-counties/{KUNSHAN}", {"pilot": True}),
        ("put", f"/api/v1/rights/settings/county-flags/{KUNSHAN}", {"not_meeting_target": True}),
        ("put", "/api/v1/rights/settings/trade-ratio", {"ratio": "1/2"}),
        ("post", "/api/v1/rights/settings/price-bands", _band()),
    ]
    for method, path, body in attempts:
        assert api.send(method, path, body, who).status_code == 403, path
    assert _state() == before


def test_the_settings_page_changes_a_band_and_shows_a_refusal(
    client: Any, market: MarketWorld
) -> None:
    client.force_login(User.objects.get(username="office"))
    page = client.get("/rights/settings/")
    assert page.status_code == 200
    assert 'id="price-bands"' in page.content.decode()
    saved = client.post("/rights/settings/", {"action": "band", **_band()}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and 'data-action="band"' in saved.content.decode()
    assert PriceBandRow.objects.filter(valid_from=date(2026, 7, 1)).exists()
    before = _state()
    refused = client.post(
        "/rights/settings/", {"action": "flag", "flag": "yes", "county_code": "000000"}
    )
    assert refused.status_code == 422
    assert 'data-field="county_code"' in refused.content.decode()
    assert _state() == before


@pytest.mark.parametrize("who", OTHERS)
def test_the_settings_page_refuses_everyone_but_the_office(
    client: Any, market: MarketWorld, who: str
) -> None:
    client.force_login(User.objects.get(username=who))
    before = _state()
    assert client.get("/rights/settings/").status_code == 403
    ratio = {"action": "ratio", "ratio": "1/2"}
    assert client.post("/rights/settings/", ratio).status_code == 403
    assert _state() == before
