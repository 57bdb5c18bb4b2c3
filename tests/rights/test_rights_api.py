"""The market through its API: the public list of completed trades, and refusals by field."""

from __future__ import annotations

from typing import Any

from deltacap.rights.models import Holding, Listing, Trade
from tests.rights.market_world import MarketWorld, issue


def _holding_id(api: Any, username: str) -> int:
    rows = api.get("/api/v1/rights/holdings", username).json()
    return int(rows[0]["id"])


def _buy(api: Any, market: MarketWorld, tonnes: str = "1.5", price: str = "9000.50") -> Any:
    holding = _holding_id(api, market.wujiang.username)
    body = {"holding_id": holding, "tonnes": tonnes, "price_yuan_per_tonne": price}
    listing = api.send("post", "/api/v1/market/listings", body, market.wujiang.username)
    assert listing.status_code == 201, listing.json()
    path = f"/api/v1/market/listings/{listing.json()['id']}/accept"
    return api.send("post", path, {"tonnes": tonnes}, market.jiashan.username)


def test_a_trade_settled_through_the_api_is_published_without_login(
    api: Any, market: MarketWorld
) -> None:
    issue(market.wujiang)
    trade = _buy(api, market)
    assert trade.status_code == 201, trade.json()
    path = f"/api/v1/market/trades/{trade.json()['id']}/decision"
    assert api.send("post", path, {"approve": True}, "sz-editor").json()["status"] == "pending"
    assert api.send("post", path, {"approve": True}, "zj-editor").json()["status"] == "settled"

    public = api.get("/api/v1/market/trades")
    assert public.status_code == 200
    (row,) = public.json()
    assert (row["pollutant"], row["tonnes"], row["price_yuan_per_tonne"]) == (
        "VOCs",
        "1.500",
        "9000.50",
    )
    assert (row["seller_county"], row["buyer_county"]) == ("320509", "330421")
    assert row["date"] and "name" not in row
    settle = f"/api/v1/market/trades/{row['trade_id']}/settle"
    assert api.send("post", settle, {}, "sz-editor").status_code == 409
    # Settling is the parties' bureaus' (and the platform's): not the office's, nor a viewer's.
    assert api.send("post", settle, {}, "office").status_code == 403
    assert api.send("post", settle, {}, "js-viewer").status_code == 403
    stats = api.get("/api/v1/market/statistics", member="320000").json()
    assert stats["series"]["VOCs"] == {"tonnes": [1.5], "price": [9000.5]}
    assert api.get("/api/v1/market/statistics", member="330000").json()["series"] == {}
    csv = api.get("/api/v1/market/trades.csv")
    assert csv.status_code == 200 and b"330421" in csv.content


def test_bad_quantities_are_refused_by_field_and_nothing_is_written(
    api: Any, market: MarketWorld
) -> None:
    issue(market.wujiang, "2")
    holding = _holding_id(api, market.wujiang.username)
    for tonnes in ("0", "-1", "0.0005", "2.001", "abc"):
        body = {"holding_id": holding, "tonnes": tonnes, "price_yuan_per_tonne": "9000"}
        response = api.send("post", "/api/v1/market/listings", body, market.wujiang.username)
        assert response.status_code == 422, (tonnes, response.json())
        assert response.json()["field"] == "tonnes"
    body = {"holding_id": holding, "tonnes": "1", "price_yuan_per_tonne": "0.5"}
    response = api.send("post", "/api/v1/market/listings", body, market.wujiang.username)
    assert (response.status_code, response.json()["field"]) == (422, "price_yuan_per_tonne")
    assert not Listing.objects.exists()


def test_an_enterprise_reads_only_its_own_holdings(api: Any, market: MarketWorld) -> None:
    issue(market.wujiang)
    issue(market.jiashan)
    own = api.get("/api/v1/rights/holdings", market.jiashan.username).json()
    assert {row["account"] for row in own} == {f"ent-{market.jiashan.enterprise.pk}"}
    other = Holding.objects.get(account__enterprise=market.wujiang.enterprise)
    body = {"holding_id": other.pk, "tonnes": "1", "price_yuan_per_tonne": "9000"}
    response = api.send("post", "/api/v1/market/listings", body, market.jiashan.username)
    assert response.status_code == 403
    assert api.get("/api/v1/rights/holdings").status_code == 401
    suzhou = api.get("/api/v1/rights/holdings", "sz-editor").json()
    assert {row["account"] for row in suzhou} == {f"ent-{market.wujiang.enterprise.pk}"}


def test_a_buyer_cannot_approve_its_own_purchase(api: Any, market: MarketWorld) -> None:
    issue(market.wujiang)
    trade = _buy(api, market).json()
    path = f"/api/v1/market/trades/{trade['id']}/decision"
    response = api.send("post", path, {"approve": True}, market.jiashan.username)
    assert response.status_code == 403
    # Hangzhou's bureau is neither party's: refused before the approval rules are asked.
    assert api.send("post", path, {"approve": True}, "hz-editor").status_code == 403
    assert Trade.objects.get(pk=trade["id"]).status == "pending"
    unsettled = api.send("post", f"/api/v1/market/trades/{trade['id']}/settle", {}, "sz-editor")
    assert unsettled.status_code == 409


def test_a_withdrawn_listing_frees_the_rights_and_only_its_seller_may_withdraw(
    api: Any, market: MarketWorld
) -> None:
    issue(market.wujiang, "3")
    holding = _holding_id(api, market.wujiang.username)
    body = {"holding_id": holding, "tonnes": "3", "price_yuan_per_tonne": "9000"}
    listing = api.send("post", "/api/v1/market/listings", body, market.wujiang.username).json()
    path = f"/api/v1/market/listings/{listing['id']}/withdraw"
    assert api.send("post", path, {}, market.jiashan.username).status_code == 403
    response = api.send("post", path, {}, market.wujiang.username)
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert Holding.objects.get(pk=holding).committed_kg == 0
    assert api.get("/api/v1/market/listings").json() == []
    again = api.send("post", "/api/v1/market/listings", body, market.wujiang.username)
    assert again.status_code == 201


def test_a_viewer_cannot_settle_an_approved_trade_whose_settlement_was_refused(
    api: Any, market: MarketWorld
) -> None:
    """Issue 10 §1: after the automatic settlement of an approved cross-member trade was
    refused (the buyer's county flagged meanwhile), read-only viewers settled it with 200 and
    were named in the audit trail. Only the bureaus of the parties may settle it."""
    from deltacap.audit.models import AuditEvent

    issue(market.wujiang)
    trade = _buy(api, market).json()
    flag = "/api/v1/rights/settings/county-flags/330421"
    flagged = api.send("put", flag, {"not_meeting_target": True, "source": "test"}, "office")
    assert flagged.status_code == 200, flagged.json()
    path = f"/api/v1/market/trades/{trade['id']}/decision"
    for bureau in ("sz-editor", "zj-editor"):
        assert api.send("post", path, {"approve": True}, bureau).status_code == 200
    assert Trade.objects.get(pk=trade["id"]).status == "approved"

    settle = f"/api/v1/market/trades/{trade['id']}/settle"
    for viewer in ("js-viewer", "sh-viewer"):
        refused = api.send("post", settle, {}, viewer)
        assert refused.status_code == 403, refused.json()
        assert "卖方或买方所在地的生态环境部门" in refused.json()["detail"]
    assert api.send("post", settle, {}).status_code == 401
    assert Trade.objects.get(pk=trade["id"]).status == "approved"
    assert not AuditEvent.objects.filter(
        actor_username__in=["js-viewer", "sh-viewer"], action="rights.settle"
    ).exists()

    lifted = api.send("put", flag, {"not_meeting_target": False, "source": "test"}, "office")
    assert lifted.status_code == 200
    settled = api.send("post", settle, {}, "zj-editor")
    assert settled.status_code == 200, settled.json()
    assert Trade.objects.get(pk=trade["id"]).status == "settled"
    event = AuditEvent.objects.get(action="rights.settle", object_id=str(trade["id"]))
    assert event.actor_username == "zj-editor"
