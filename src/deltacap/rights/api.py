"""/api/v1/market and /api/v1/rights: the emission-rights registry and market."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap import public_cache
from deltacap.accounts.auth import AUTH
from deltacap.exports import csv_row
from deltacap.inputs import Code, Day, Id, Limit, Moment, Offset, Text, Tonnes, Year, Yuan
from deltacap.rights import reconciliation, schemas, selectors, services
from deltacap.rights.api_registry import router as registry_router
from deltacap.rights.models import Auction, Holding

router = Router(tags=["rights"])


class IssueIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: Id
    pollutant: Code
    tonnes: Tonnes
    valid_from: Day
    valid_to: Day


class ListingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    holding_id: Id
    tonnes: Tonnes
    price_yuan_per_tonne: Yuan
    allow_partial: bool = False


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    tonnes: Tonnes


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    approve: bool


class BilateralIn(Schema):
    model_config = ConfigDict(extra="forbid")

    holding_id: Id
    buyer_enterprise_id: Id
    tonnes: Tonnes
    price_yuan_per_tonne: Yuan


class BilateralConfirmIn(Schema):
    model_config = ConfigDict(extra="forbid")

    tonnes: Tonnes
    price_yuan_per_tonne: Yuan


class AuctionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    holding_id: Id
    tonnes: Tonnes
    reserve_price_yuan_per_tonne: Yuan
    opens_at: Moment
    closes_at: Moment
    clearing: Code = "pay_as_bid"


class BidIn(Schema):
    model_config = ConfigDict(extra="forbid")

    tonnes: Tonnes
    price_yuan_per_tonne: Yuan
    allow_partial: bool = True


class EmissionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: Id
    year: Year
    pollutant: Code
    tonnes: Tonnes
    source: Annotated[str, Text(200)]


# --- public ------------------------------------------------------------------------------


@router.get("/market/trades", response=list[schemas.PublicTradeOut], auth=None)
def completed_trades(
    request: HttpRequest,
    limit: Annotated[int, Limit(10000)] = 1000,
    offset: Offset = 0,
) -> list[selectors.PublicTrade]:
    """Completed (settled) trades: date, pollutant, tonnes, price and counties. No login."""
    # Kept until a trade is settled (public_cache).
    return public_cache.cached_json(  # type: ignore[return-value]
        public_cache.TRADES,
        ("api", limit, offset),
        lambda: [
            schemas.PublicTradeOut.model_validate(t, from_attributes=True).model_dump()
            for t in selectors.completed_trades(limit, offset)
        ],
    )


@router.get("/market/statistics", response=schemas.StatisticsOut, auth=None)
def statistics(request: HttpRequest, member: Code | None = None) -> dict[str, object]:
    """Per pollutant and month: tonnes traded and the volume-weighted mean price in yuan
    per tonne, for the region or for trades sold from one ``member``. No login."""
    return selectors.monthly_statistics(selectors.completed_trades(limit=100_000, member=member))


@router.get("/market/trades.csv", auth=None)
def completed_trades_csv(request: HttpRequest) -> HttpResponse:
    """The completed trades as CSV (UTF-8)."""
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="trades.csv"'
    fields = list(schemas.PublicTradeOut.model_fields)
    writer = csv.writer(response)
    writer.writerow(fields)
    for t in selectors.completed_trades(limit=100_000):
        writer.writerow(csv_row(getattr(t, f) for f in fields))
    return response


@router.get("/market/listings", response=list[schemas.ListingOut], auth=None)
def open_listings(request: HttpRequest) -> list[schemas.ListingOut]:
    """Open fixed-price listings (挂牌). No login."""
    return [schemas.listing_out(x) for x in selectors.open_listings()[:1000]]


# --- registry ----------------------------------------------------------------------------


@router.get("/rights/holdings", response=list[schemas.HoldingOut], auth=AUTH)
def holdings(request: HttpRequest) -> list[schemas.HoldingOut]:
    """Holdings the caller may read (an enterprise: its own)."""
    return [schemas.holding_out(h) for h in selectors.visible_holdings(request.user)[:1000]]


@router.post("/rights/issuances", response={201: schemas.HoldingOut}, auth=AUTH)
def issue(request: HttpRequest, payload: IssueIn) -> Status[schemas.HoldingOut]:
    """Confirm rights of an enterprise (a bureau of its area)."""
    row = services.issue_rights(by=request.user, channel="api", **payload.dict())
    holding = Holding.objects.select_related("account").get(pk=row.pk)
    return Status(201, schemas.holding_out(holding))


@router.get("/rights/trades", response=list[schemas.TradeOut], auth=AUTH)
def my_trades(request: HttpRequest) -> list[schemas.TradeOut]:
    """Trades the caller may read, every status."""
    return [schemas.trade_out(t) for t in selectors.visible_trades(request.user)[:1000]]


# --- market ------------------------------------------------------------------------------


@router.post("/market/listings", response={201: schemas.ListingOut}, auth=AUTH)
def create_listing(request: HttpRequest, payload: ListingIn) -> Status[schemas.ListingOut]:
    listing = services.open_listing(by=request.user, channel="api", **payload.dict())
    return Status(201, schemas.listing_out(listing))


@router.post("/market/listings/{listing_id}/withdraw", response=schemas.ListingOut, auth=AUTH)
def withdraw(request: HttpRequest, listing_id: Id) -> schemas.ListingOut:
    """The seller withdraws what is left of its listing; the rights are free again."""
    listing = services.withdraw_listing(by=request.user, channel="api", listing_id=listing_id)
    return schemas.listing_out(listing)


@router.post("/market/listings/{listing_id}/accept", response={201: schemas.TradeOut}, auth=AUTH)
def accept(request: HttpRequest, listing_id: Id, payload: AcceptIn) -> Status[schemas.TradeOut]:
    trade = services.accept_listing(
        by=request.user, channel="api", listing_id=listing_id, tonnes=payload.tonnes
    )
    return Status(201, schemas.trade_out(trade))


@router.post("/market/trades/{trade_id}/decision", response=schemas.TradeOut, auth=AUTH)
def decision(request: HttpRequest, trade_id: Id, payload: DecisionIn) -> schemas.TradeOut:
    """A bureau approves or rejects; the trade settles when both sides are approved."""
    trade = services.decide_trade(
        by=request.user, channel="api", trade_id=trade_id, approve=payload.approve
    )
    return schemas.trade_out(trade)


@router.post("/market/trades/{trade_id}/settle", response=schemas.SettlementOut, auth=AUTH)
def settle(request: HttpRequest, trade_id: Id) -> schemas.SettlementOut:
    """Settle an approved trade; a repeated request is refused (409) and writes nothing."""
    s = services.settle_trade(by=request.user, channel="api", trade_id=trade_id)
    return schemas.settlement_out(s)


@router.post("/market/bilateral", response={201: schemas.BilateralOut}, auth=AUTH)
def offer_bilateral(request: HttpRequest, payload: BilateralIn) -> Status[schemas.BilateralOut]:
    """The seller enters its side of a bilateral trade, naming the buying enterprise."""
    offer = services.offer_bilateral(by=request.user, channel="api", **payload.dict())
    return Status(201, schemas.BilateralOut(id=offer.pk, status=offer.status))


@router.post("/market/bilateral/{offer_id}/confirm", response={201: schemas.TradeOut}, auth=AUTH)
def confirm_bilateral(
    request: HttpRequest, offer_id: Id, payload: BilateralConfirmIn
) -> Status[schemas.TradeOut]:
    """The buyer enters the same terms: the trade is agreed and waits for the bureaus."""
    trade = services.confirm_bilateral(
        by=request.user, channel="api", offer_id=offer_id, **payload.dict()
    )
    return Status(201, schemas.trade_out(trade))


@router.get("/market/auctions", response=list[schemas.AuctionOut], auth=None)
def list_auctions(request: HttpRequest) -> list[schemas.AuctionOut]:
    """Auctions and, once closed, their results (bids stay sealed). No login."""
    rows = Auction.objects.select_related("seller", "holding")[:1000]
    return [schemas.auction_out(a) for a in rows]


@router.post("/market/auctions", response={201: schemas.AuctionOut}, auth=AUTH)
def open_auction(request: HttpRequest, payload: AuctionIn) -> Status[schemas.AuctionOut]:
    """A bureau auctions part of its reserve's holding (sealed bids, reserve price)."""
    auction = services.open_auction(by=request.user, channel="api", **payload.dict())
    return Status(201, schemas.auction_out(auction))


@router.post("/market/auctions/{auction_id}/bids", response={201: dict[str, int]}, auth=AUTH)
def bid(request: HttpRequest, auction_id: Id, payload: BidIn) -> Status[dict[str, int]]:
    placed = services.place_bid(
        by=request.user, channel="api", auction_id=auction_id, **payload.dict()
    )
    return Status(201, {"id": placed.pk})


@router.post("/market/auctions/{auction_id}/close", response=list[schemas.TradeOut], auth=AUTH)
def close_auction(request: HttpRequest, auction_id: Id) -> list[schemas.TradeOut]:
    """Clear the bids: one trade per award, each waiting for the bureaus' approval."""
    trades = services.close_auction(by=request.user, channel="api", auction_id=auction_id)
    return [schemas.trade_out(t) for t in trades]


@router.post("/rights/emissions", response={201: dict[str, int]}, auth=AUTH)
def submit_emission(request: HttpRequest, payload: EmissionIn) -> Status[dict[str, int]]:
    """A bureau records an enterprise's actual emissions of a year (for reconciliation)."""
    row = services.submit_emission(by=request.user, channel="api", **payload.dict())
    return Status(201, {"id": row.pk})


@router.get("/rights/reconciliation", response=list[schemas.ReconciliationOut], auth=AUTH)
def reconcile(
    request: HttpRequest, year: Year, shortfalls: bool = False
) -> list[schemas.ReconciliationOut]:
    """Held rights against actual emissions per enterprise and pollutant in ``year``, for
    what the caller may read: monitoring totals where the enterprise's outlets reported
    the pollutant (``actual_basis`` "monitoring", with the data ``capture_rate``),
    otherwise the submitted figure ("submitted"); ``shortfalls=true``: the bureaus'
    list, largest first."""
    rows = reconciliation.reconciliation_rows(request.user, year, shortfalls_only=shortfalls)
    return [schemas.reconciliation_out(r) for r in rows]


# Confirmation of rights, paid-use prices and the office's settings (api_registry.py).
router.add_router("", registry_router)
