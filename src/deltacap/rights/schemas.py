"""The output shapes of the registry and market, shared by the API, the pages and the
command line, and how a record becomes one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from deltacap.accounts.permissions import Actor
from deltacap.rights import reconciliation, selectors
from deltacap.rights.models import (
    Auction,
    Confirmation,
    Holding,
    Listing,
    PaidUsePriceRow,
    PriceBandRow,
    Settlement,
    Trade,
)


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


class BilateralOut(Schema):
    id: int
    status: str


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


class StatisticsOut(Schema):
    months: list[str]
    series: dict[str, dict[str, list[float | None]]]


class ConfirmationOut(Schema):
    id: int
    account: str
    enterprise_id: int | None
    pollutant: str
    valid_from: date
    valid_to: date
    origin: str
    basis: str
    decision: str
    method: str
    tonnes: Decimal
    candidates: list[dict[str, object]]
    formula_source: str
    rule_source: str
    holding_id: int
    entry_id: str
    fee_yuan: Decimal | None
    fee_years: int | None
    price_yuan_per_tonne_year: Decimal | None
    price_source: str
    confirmed_at: datetime
    amends: int | None = None


class PaidUsePriceOut(Schema):
    id: int
    member_code: str
    pollutant: str
    payer_class: str
    yuan_per_tonne_year: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    tag: str


class PriceBandOut(Schema):
    id: int
    member_code: str
    pollutant: str
    min_yuan_per_tonne: Decimal
    max_yuan_per_tonne: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    tag: str
    verified: bool


class CountyOut(Schema):
    code: str
    name: str
    member: str | None = None
    source: str = ""


class MarketSettingsOut(Schema):
    pilot_counties: list[CountyOut]
    flagged_counties: list[CountyOut]
    trade_ratio: str | None
    trade_ratio_source: str
    price_bands: list[PriceBandOut]
    paid_use_prices: list[PaidUsePriceOut]


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def listing_out(x: Listing) -> ListingOut:
    h = x.holding
    return ListingOut(
        id=x.pk,
        pollutant=h.pollutant,
        tonnes=selectors.tonnes(x.quantity_kg),
        remaining_tonnes=selectors.tonnes(x.remaining_kg),
        price_yuan_per_tonne=yuan(x.price_fen_per_tonne),
        allow_partial=x.allow_partial,
        valid_from=h.valid_from,
        valid_to=h.valid_to,
        county=x.seller.county_code,
        status=x.status,
    )


def auction_out(a: Auction) -> AuctionOut:
    return AuctionOut(
        id=a.pk,
        pollutant=a.holding.pollutant,
        county=a.seller.county_code,
        tonnes=selectors.tonnes(a.quantity_kg),
        reserve_price_yuan_per_tonne=yuan(a.reserve_price_fen_per_tonne),
        opens_at=a.opens_at,
        closes_at=a.closes_at,
        clearing=a.clearing,
        status=a.status,
        sold_tonnes=None if a.sold_kg is None else selectors.tonnes(a.sold_kg),
        clearing_price_yuan_per_tonne=None
        if a.clearing_price_fen_per_tonne is None
        else yuan(a.clearing_price_fen_per_tonne),
    )


def holding_out(h: Holding) -> HoldingOut:
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


def trade_out(t: Trade) -> TradeOut:
    return TradeOut(
        id=t.pk,
        kind=t.kind,
        status=t.status,
        pollutant=t.holding.pollutant,
        tonnes=selectors.tonnes(t.quantity_kg),
        price_yuan_per_tonne=yuan(t.price_fen_per_tonne),
        seller=t.seller_id,
        buyer=t.buyer_id,
        seller_county=t.seller.county_code,
        buyer_county=t.buyer.county_code,
    )


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


def confirmation_out(c: Confirmation) -> ConfirmationOut:
    return ConfirmationOut(
        id=c.pk,
        account=c.account_id,
        enterprise_id=c.account.enterprise_id,
        pollutant=c.pollutant,
        valid_from=c.valid_from,
        valid_to=c.valid_to,
        origin=c.origin,
        basis=c.basis,
        decision=c.decision,
        method=c.method,
        tonnes=selectors.tonnes(c.kg),
        candidates=c.candidates,
        formula_source=c.formula_source,
        rule_source=c.rule_source,
        holding_id=c.holding_id,
        entry_id=c.entry_id,
        fee_yuan=None if c.fee_fen is None else yuan(c.fee_fen),
        fee_years=c.fee_years,
        price_yuan_per_tonne_year=None
        if c.price_fen_per_tonne_year is None
        else yuan(c.price_fen_per_tonne_year),
        price_source=c.price_source,
        confirmed_at=c.confirmed_at,
        amends=c.amends_id,
    )


def paid_use_price_out(r: PaidUsePriceRow) -> PaidUsePriceOut:
    return PaidUsePriceOut(
        id=r.pk,
        member_code=r.member_code,
        pollutant=r.pollutant,
        payer_class=r.payer_class,
        yuan_per_tonne_year=yuan(r.fen_per_tonne_year),
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        source=r.source,
        tag=r.tag,
    )


def price_band_out(r: PriceBandRow) -> PriceBandOut:
    return PriceBandOut(
        id=r.pk,
        member_code=r.member_code,
        pollutant=r.pollutant,
        min_yuan_per_tonne=yuan(r.min_fen_per_tonne),
        max_yuan_per_tonne=yuan(r.max_fen_per_tonne),
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        source=r.source,
        tag=r.tag,
        verified=r.tag == "V",
    )


def settings_out(user: Actor) -> MarketSettingsOut:
    data = selectors.market_settings(user)
    return MarketSettingsOut(
        pilot_counties=[CountyOut(**c) for c in data["pilot_counties"]],
        flagged_counties=[CountyOut(**c) for c in data["flagged_counties"]],
        trade_ratio=data["trade_ratio"],
        trade_ratio_source=data["trade_ratio_source"],
        price_bands=[price_band_out(r) for r in data["price_bands"]],
        paid_use_prices=[paid_use_price_out(r) for r in data["paid_use_prices"]],
    )


def settlement_out(s: Settlement) -> SettlementOut:
    return SettlementOut(
        trade_id=s.trade_id,
        key=s.key,
        delivered_tonnes=selectors.tonnes(s.delivered_kg),
        payment_yuan=yuan(s.payment_fen),
    )
