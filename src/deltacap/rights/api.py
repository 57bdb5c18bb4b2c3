"""/api/v1/market and /api/v1/rights: the emission-rights registry and market."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.inputs import Code, Day, Id, Limit, Moment, Offset, Text, Tonnes, Year, Yuan
from deltacap.rights import (
    auctions,
    bilateral,
    reconciliation,
    selectors,
    services,
    trading,
)
from deltacap.rights.api_registry import router as registry_router
from deltacap.rights.models import (
    Auction,
    Holding,
    Listing,
    Trade,
)

router = Router(tags=["rights"])


class PublicTradeOut(Schema):
    trade_id: int
    date: date
    pollutant: str
    tonnes: Decimal
    price_yuan_per_tonne: Decimal
    value_yuan: Decimal
    seller_member: str
    seller_county: str
    seller_county_name: str
    buyer_county: str
    buyer_county_name: str
    kind: str


class ListingOut(Schema):
    id: int
    pollutant: str
    tonnes: Decimal
    remaining_tonnes: Decimal
    price_yuan_per_tonne: Decimal
    allow_partial: bool
    valid_from: date
    valid_to: date
    county: str
    status: str


class HoldingOut(Schema):
    id: int
    account: str
    pollutant: str
    valid_from: date
    valid_to: date
    origin: str
    tonnes: Decimal
    committed_tonnes: Decimal


class TradeOut(Schema):
    id: int
    kind: str
    status: str
    pollutant: str
    tonnes: Decimal
    price_yuan_per_tonne: Decimal
    seller: str
    buyer: str
    seller_county: str
    buyer_county: str


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


class BilateralOut(Schema):
    id: int
    status: str


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


class AuctionOut(Schema):
    id: int
    pollutant: str
    county: str
    tonnes: Decimal
    reserve_price_yuan_per_tonne: Decimal
    opens_at: datetime
    closes_at: datetime
    clearing: str
    status: str
    sold_tonnes: Decimal | None
    clearing_price_yuan_per_tonne: Decimal | None


class EmissionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: Id
    year: Year
    pollutant: Code
    tonnes: Tonnes
    source: Annotated[str, Text(200)]


class ReconciliationOut(Schema):
    account: str
    enterprise_id: int | None
    enterprise_name: str
    county: str
    pollutant: str
    held_tonnes: Decimal
    actual_tonnes: Decimal | None
    actual_basis: str | None
    actual_source: str | None
    capture_rate: Decimal | None
    difference_tonnes: Decimal | None
    status: str


class SettlementOut(Schema):
    trade_id: int
    key: str
    delivered_tonnes: Decimal
    payment_yuan: Decimal


def _yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def _listing(x: Listing) -> ListingOut:
    h = x.holding
    return ListingOut(
        id=x.pk,
        pollutant=h.pollutant,
        tonnes=selectors.tonnes(x.quantity_kg),
        remaining_tonnes=selectors.tonnes(x.remaining_kg),
        price_yuan_per_tonne=_yuan(x.price_fen_per_tonne),
        allow_partial=x.allow_partial,
        valid_from=h.valid_from,
        valid_to=h.valid_to,
        county=x.seller.county_code,
        status=x.status,
    )


def _auction(a: Auction) -> AuctionOut:
    return AuctionOut(
        id=a.pk,
        pollutant=a.holding.pollutant,
        county=a.seller.county_code,
        tonnes=selectors.tonnes(a.quantity_kg),
        reserve_price_yuan_per_tonne=_yuan(a.reserve_price_fen_per_tonne),
        opens_at=a.opens_at,
        closes_at=a.closes_at,
        clearing=a.clearing,
        status=a.status,
        sold_tonnes=None if a.sold_kg is None else selectors.tonnes(a.sold_kg),
        clearing_price_yuan_per_tonne=None
        if a.clearing_price_fen_per_tonne is None
        else _yuan(a.clearing_price_fen_per_tonne),
    )


def _holding(h: Holding) -> HoldingOut:
    return HoldingOut(
        id=h.pk,
        account=h.account_id,
        pollutant=h.pollutant,
        valid_from=h.valid_from,
        valid_to=h.valid_to,
        origin=h.origin,
        tonnes=selectors.tonnes(h.kg),
        committed_tonnes=selectors.tonnes(h.committed_kg),
    )


def _trade(t: Trade) -> TradeOut:
    return TradeOut(
        id=t.pk,
        kind=t.kind,
        status=t.status,
        pollutant=t.holding.pollutant,
        tonnes=selectors.tonnes(t.quantity_kg),
        price_yuan_per_tonne=_yuan(t.price_fen_per_tonne),
        seller=t.seller_id,
        buyer=t.buyer_id,
        seller_county=t.seller.county_code,
        buyer_county=t.buyer.county_code,
    )


# --- public ------------------------------------------------------------------------------


@router.get("/market/trades", response=list[PublicTradeOut], auth=None)
def completed_trades(
    request: HttpRequest,
    limit: Annotated[int, Limit(10000)] = 1000,
    offset: Offset = 0,
) -> list[selectors.PublicTrade]:
    """Completed (settled) trades: date, pollutant, tonnes, price and counties. No login."""
    return selectors.completed_trades(limit, offset)


class StatisticsOut(Schema):
    months: list[str]
    series: dict[str, dict[str, list[float | None]]]


@router.get("/market/statistics", response=StatisticsOut, auth=None)
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
    fields = list(PublicTradeOut.model_fields)
    writer = csv.writer(response)
    writer.writerow(fields)
    for t in selectors.completed_trades(limit=100_000):
        writer.writerow([getattr(t, f) for f in fields])
    return response


@router.get("/market/listings", response=list[ListingOut], auth=None)
def open_listings(request: HttpRequest) -> list[ListingOut]:
    """Open fixed-price listings (挂牌). No login."""
    return [_listing(x) for x in selectors.open_listings()[:1000]]


# --- registry ----------------------------------------------------------------------------


@router.get("/rights/holdings", response=list[HoldingOut], auth=AUTH)
def holdings(request: HttpRequest) -> list[HoldingOut]:
    """Holdings the caller may read (an enterprise: its own)."""
    return [_holding(h) for h in selectors.visible_holdings(request.user)[:1000]]


@router.post("/rights/issuances", response={201: HoldingOut}, auth=AUTH)
def issue(request: HttpRequest, payload: IssueIn) -> Status[HoldingOut]:
    """Confirm rights of an enterprise (a bureau of its area)."""
    holding = services.issue_rights(by=request.user, channel="api", **payload.dict())
    holding.refresh_from_db()
    return Status(201, _holding(holding))


@router.get("/rights/trades", response=list[TradeOut], auth=AUTH)
def my_trades(request: HttpRequest) -> list[TradeOut]:
    """Trades the caller may read, every status."""
    return [_trade(t) for t in selectors.visible_trades(request.user)[:1000]]


# --- market ------------------------------------------------------------------------------


@router.post("/market/listings", response={201: ListingOut}, auth=AUTH)
def create_listing(request: HttpRequest, payload: ListingIn) -> Status[ListingOut]:
    listing = services.open_listing(by=request.user, channel="api", **payload.dict())
    return Status(201, _listing(listing))


@router.post("/market/listings/{listing_id}/withdraw", response=ListingOut, auth=AUTH)
def withdraw(request: HttpRequest, listing_id: Id) -> ListingOut:
    """The seller withdraws what is left of its listing; the rights are free again."""
    listing = services.withdraw_listing(by=request.user, channel="api", listing_id=listing_id)
    return _listing(listing)


@router.post("/market/listings/{listing_id}/accept", response={201: TradeOut}, auth=AUTH)
def accept(request: HttpRequest, listing_id: Id, payload: AcceptIn) -> Status[TradeOut]:
    trade = trading.accept_listing(
        by=request.user, channel="api", listing_id=listing_id, tonnes=payload.tonnes
    )
    return Status(201, _trade(trade))


@router.post("/market/trades/{trade_id}/decision", response=TradeOut, auth=AUTH)
def decision(request: HttpRequest, trade_id: Id, payload: DecisionIn) -> TradeOut:
    """A bureau approves or rejects; the trade settles when both sides are approved."""
    trade = trading.decide_trade(
        by=request.user, channel="api", trade_id=trade_id, approve=payload.approve
    )
    return _trade(trade)


@router.post("/market/trades/{trade_id}/settle", response=SettlementOut, auth=AUTH)
def settle(request: HttpRequest, trade_id: Id) -> SettlementOut:
    """Settle an approved trade; a repeated request is refused (409) and writes nothing."""
    s = trading.settle_trade(by=request.user, channel="api", trade_id=trade_id)
    return SettlementOut(
        trade_id=trade_id,
        key=s.key,
        delivered_tonnes=selectors.tonnes(s.delivered_kg),
        payment_yuan=_yuan(s.payment_fen),
    )


@router.post("/market/bilateral", response={201: BilateralOut}, auth=AUTH)
def offer_bilateral(request: HttpRequest, payload: BilateralIn) -> Status[BilateralOut]:
    """The seller enters its side of a bilateral trade, naming the buying enterprise."""
    offer = bilateral.offer_bilateral(by=request.user, channel="api", **payload.dict())
    return Status(201, BilateralOut(id=offer.pk, status=offer.status))


@router.post("/market/bilateral/{offer_id}/confirm", response={201: TradeOut}, auth=AUTH)
def confirm_bilateral(
    request: HttpRequest, offer_id: Id, payload: BilateralConfirmIn
) -> Status[TradeOut]:
    """The buyer enters the same terms: the trade is agreed and waits for the bureaus."""
    trade = bilateral.confirm_bilateral(
        by=request.user, channel="api", offer_id=offer_id, **payload.dict()
    )
    return Status(201, _trade(trade))


@router.get("/market/auctions", response=list[AuctionOut], auth=None)
def list_auctions(request: HttpRequest) -> list[AuctionOut]:
    """Auctions and, once closed, their results (bids stay sealed). No login."""
    rows = Auction.objects.select_related("seller", "holding")[:1000]
    return [_auction(a) for a in rows]


@router.post("/market/auctions", response={201: AuctionOut}, auth=AUTH)
def open_auction(request: HttpRequest, payload: AuctionIn) -> Status[AuctionOut]:
    """A bureau auctions part of its reserve's holding (sealed bids, reserve price)."""
    auction = auctions.open_auction(by=request.user, channel="api", **payload.dict())
    return Status(201, _auction(auction))


@router.post("/market/auctions/{auction_id}/bids", response={201: dict[str, int]}, auth=AUTH)
def bid(request: HttpRequest, auction_id: Id, payload: BidIn) -> Status[dict[str, int]]:
    placed = auctions.place_bid(
        by=request.user, channel="api", auction_id=auction_id, **payload.dict()
    )
    return Status(201, {"id": placed.pk})


@router.post("/market/auctions/{auction_id}/close", response=list[TradeOut], auth=AUTH)
def close_auction(request: HttpRequest, auction_id: Id) -> list[TradeOut]:
    """Clear the bids: one trade per award, each waiting for the bureaus' approval."""
    trades = auctions.close_auction(by=request.user, channel="api", auction_id=auction_id)
    return [_trade(t) for t in trades]


@router.post("/rights/emissions", response={201: dict[str, int]}, auth=AUTH)
def submit_emission(request: HttpRequest, payload: EmissionIn) -> Status[dict[str, int]]:
    """A bureau records an enterprise's actual emissions of a year (for reconciliation)."""
    row = reconciliation.submit_emission(by=request.user, channel="api", **payload.dict())
    return Status(201, {"id": row.pk})


def reconciliation_out(row: reconciliation.Row) -> ReconciliationOut:
    x = row.line

    def t(kg: int | None) -> Decimal | None:
        return None if kg is None else Decimal(kg) / 1000

    return ReconciliationOut(
        account=x.account,
        enterprise_id=row.enterprise_id,
        enterprise_name=row.enterprise_name,
        county=row.county_code,
        pollutant=x.pollutant,
        held_tonnes=Decimal(x.held_kg) / 1000,
        actual_tonnes=t(x.actual_kg),
        actual_basis=None if x.actual_basis is None else x.actual_basis.value,
        actual_source=x.actual_source,
        capture_rate=x.capture_rate,
        difference_tonnes=t(x.difference_kg),
        status=x.status.value,
    )


@router.get("/rights/reconciliation", response=list[ReconciliationOut], auth=AUTH)
def reconcile(
    request: HttpRequest, year: Year, shortfalls: bool = False
) -> list[ReconciliationOut]:
    """Held rights against actual emissions per enterprise and pollutant in ``year``, for
    what the caller may read: monitoring totals where the enterprise's outlets reported
    the pollutant (``actual_basis`` "monitoring", with the data ``capture_rate``),
    otherwise the submitted figure ("submitted"); ``shortfalls=true``: the bureaus'
    list, largest first."""
    rows = reconciliation.reconciliation_rows(request.user, year, shortfalls_only=shortfalls)
    return [reconciliation_out(r) for r in rows]


# Confirmation of rights, paid-use prices and the office's settings (api_registry.py).
router.add_router("", registry_router)
