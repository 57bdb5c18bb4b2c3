"""Sealed auctions by a government reserve: highest bids win, the rest stays with the reserve."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from deltacap.accounts.permissions import PLATFORM
from deltacap.rights import services
from deltacap.rights.models import Auction, Bid, Holding, Trade
from tests.rights.market_world import VALID_FROM, VALID_TO, MarketWorld


def _reserve_auction(api: Any, tonnes: str = "5", reserve: str = "8000") -> int:
    reserve_account = services.reserve_account(
        by=PLATFORM, channel="system", division_code="310118"
    )
    holding = services.issue_rights(
        by=PLATFORM,
        channel="system",
        account_code=reserve_account.code,
        pollutant="VOCs",
        tonnes="20",
        valid_from=VALID_FROM,
        valid_to=VALID_TO,
    )
    now = timezone.now()
    body = {
        "holding_id": holding.pk,
        "tonnes": tonnes,
        "reserve_price_yuan_per_tonne": reserve,
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(seconds=2)).isoformat(),
    }
    response = api.send("post", "/api/v1/market/auctions", body, "sh-editor")
    assert response.status_code == 201, response.json()
    return int(response.json()["id"])


def _bid(api: Any, auction: int, user: str, tonnes: str, price: str) -> Any:
    body = {"tonnes": tonnes, "price_yuan_per_tonne": price}
    return api.send("post", f"/api/v1/market/auctions/{auction}/bids", body, user)


def test_the_highest_sealed_bids_win_and_the_rest_stays_with_the_reserve(
    api: Any, market: MarketWorld
) -> None:
    auction = _reserve_auction(api)
    assert _bid(api, auction, market.wujiang.username, "3", "9000").status_code == 201
    assert _bid(api, auction, market.jiashan.username, "4", "9500").status_code == 201
    below = _bid(api, auction, market.wujiang_2.username, "1", "7999")
    assert (below.status_code, below.json()["field"]) == (422, "price_yuan_per_tonne")
    early = api.send("post", f"/api/v1/market/auctions/{auction}/close", {}, "sh-editor")
    assert early.status_code == 409
    Auction.objects.filter(pk=auction).update(closes_at=timezone.now() - timedelta(seconds=1))
    closed = api.send("post", f"/api/v1/market/auctions/{auction}/close", {}, "sh-editor")
    assert closed.status_code == 200, closed.json()
    awards = {(t["buyer"], t["tonnes"], t["price_yuan_per_tonne"]) for t in closed.json()}
    assert awards == {
        (f"ent-{market.jiashan.enterprise.pk}", "4.000", "9500.00"),
        (f"ent-{market.wujiang.enterprise.pk}", "1.000", "9000.00"),
    }
    holding = Holding.objects.get(account_id="res-310118")
    assert (holding.kg, holding.committed_kg) == (20_000, 5_000)  # sold, awaiting approval
    public = api.get("/api/v1/market/auctions").json()
    assert public[0]["sold_tonnes"] == "5.000" and public[0]["status"] == "closed"
    assert "bids" not in public[0] and Bid.objects.count() == 2


def test_the_bureau_that_manages_the_reserve_cannot_approve_its_sale(
    api: Any, market: MarketWorld
) -> None:
    auction = _reserve_auction(api)
    _bid(api, auction, market.jiashan.username, "5", "9000")
    Auction.objects.filter(pk=auction).update(closes_at=timezone.now() - timedelta(seconds=1))
    (trade,) = api.send("post", f"/api/v1/market/auctions/{auction}/close", {}, "sh-editor").json()
    path = f"/api/v1/market/trades/{trade['id']}/decision"
    own = api.send("post", path, {"approve": True}, "qp-editor")  # manages res-310118
    assert (own.status_code, own.json()["field"]) == (422, "approver")
    api.send("post", path, {"approve": True}, "sh-editor")
    assert api.send("post", path, {"approve": True}, "zj-editor").json()["status"] == "settled"
    assert Trade.objects.get(pk=trade["id"]).settlement.payment_fen == 4_500_000
