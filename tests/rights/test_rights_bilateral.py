"""Bilateral agreed trades: both sides enter the same terms, then the bureaus approve."""

from __future__ import annotations

from typing import Any

from deltacap.rights.models import Holding, Trade
from tests.rights.market_world import MarketWorld, issue


def _offer(api: Any, market: MarketWorld, tonnes: str = "2", price: str = "8800") -> int:
    holding = Holding.objects.get(account__enterprise=market.wujiang.enterprise)
    body = {
        "holding_id": holding.pk,
        "buyer_enterprise_id": market.jiashan.enterprise.pk,
        "tonnes": tonnes,
        "price_yuan_per_tonne": price,
    }
    response = api.send("post", "/api/v1/market/bilateral", body, market.wujiang.username)
    assert response.status_code == 201, response.json()
    return int(response.json()["id"])


def test_a_bilateral_trade_agreed_by_both_sides_settles_after_approval(
    api: Any, market: MarketWorld
) -> None:
    issue(market.wujiang)
    offer = _offer(api, market)
    body = {"tonnes": "2", "price_yuan_per_tonne": "8800"}
    path = f"/api/v1/market/bilateral/{offer}/confirm"
    trade = api.send("post", path, body, market.jiashan.username)
    assert trade.status_code == 201, trade.json()
    assert trade.json()["kind"] == "bilateral"
    decision = f"/api/v1/market/trades/{trade.json()['id']}/decision"
    api.send("post", decision, {"approve": True}, "js-editor")
    assert api.send("post", decision, {"approve": True}, "zj-editor").json()["status"] == "settled"
    assert api.send("post", path, body, market.jiashan.username).status_code == 409


def test_different_terms_are_refused_naming_the_term_and_nothing_is_agreed(
    api: Any, market: MarketWorld
) -> None:
    issue(market.wujiang)
    offer = _offer(api, market)
    path = f"/api/v1/market/bilateral/{offer}/confirm"
    response = api.send(
        "post", path, {"tonnes": "2", "price_yuan_per_tonne": "8000"}, market.jiashan.username
    )
    assert (response.status_code, response.json()["field"]) == (422, "price_yuan_per_tonne")
    response = api.send(
        "post", path, {"tonnes": "2", "price_yuan_per_tonne": "8800"}, market.qingpu.username
    )
    assert response.status_code == 403  # not the buyer the seller named
    assert not Trade.objects.exists()
