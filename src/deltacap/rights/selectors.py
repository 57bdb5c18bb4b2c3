"""Reads of the registry and market that are more than a lookup.

Lists agree with the access rules: ``visible_holdings`` and ``visible_trades`` are
checked against ``accounts.permissions.can`` record by record in the tests.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet

from deltacap import public_cache
from deltacap.accounts.permissions import Actor, principal_of, require
from deltacap.domain.access import READS_ALL, Action, Principal, Role
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.domain.rights.quantities import tonnes_from_kg
from deltacap.reference.models import Division, Level
from deltacap.rights.models import (
    Auction,
    Bid,
    Confirmation,
    CountyTargetFlag,
    Holding,
    Listing,
    MarketSetting,
    PaidUsePriceRow,
    PriceBandRow,
    Trade,
)


def _area_q(principal: Principal, prefix: str) -> Q:
    """Records whose account lies in the principal's division (member, city or county)."""
    code = principal.division_code or "-"
    return (
        Q(**{f"{prefix}member_code": code})
        | Q(**{f"{prefix}city_code": code})
        | Q(**{f"{prefix}county_code": code})
    )


def _party_q(principal: Principal, prefix: str) -> Q | None:
    """What a principal may read of accounts at ``prefix``; None for everything."""
    if principal.role in READS_ALL:
        return None
    if principal.role is Role.ENTERPRISE:
        return Q(**{f"{prefix}enterprise_id": principal.enterprise_id or -1})
    if principal.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR):
        return _area_q(principal, prefix)
    return Q(pk__in=[])


def visible_holdings(user: Any) -> QuerySet[Holding]:
    """Holdings with a balance that ``user`` may read (never the ledger's own accounts)."""
    qs = Holding.objects.select_related("account").exclude(
        account__kind__in=["issuance", "retired"]
    )
    scope = _party_q(principal_of(user), "account__")
    return (qs if scope is None else qs.filter(scope)).filter(kg__gt=0)


@dataclass(frozen=True)
class PublicAuction:
    """An auction as published: the reserve's county, what is on sale, the window, and once
    closed what was sold at what price (bids stay sealed)."""

    auction_id: int
    pollutant: str
    county_name: str
    tonnes: Decimal
    reserve_price_yuan_per_tonne: Decimal
    opens_at: Any
    closes_at: Any
    is_open: bool
    sold_tonnes: Decimal | None
    clearing_price_yuan_per_tonne: Decimal | None


def public_auctions(limit: int = 50) -> list[PublicAuction]:
    """Auctions, open ones first, then the latest closed."""
    rows = list(
        Auction.objects.select_related("seller", "holding").order_by("-status", "-closes_at")[
            :limit
        ]
    )
    names = {
        d.code: d.name
        for d in Division.objects.filter(code__in={a.seller.county_code for a in rows})
    }
    return [
        PublicAuction(
            auction_id=a.pk,
            pollutant=a.holding.pollutant,
            county_name=names.get(a.seller.county_code, ""),
            tonnes=tonnes_from_kg(a.quantity_kg),
            reserve_price_yuan_per_tonne=yuan(a.reserve_price_fen_per_tonne),
            opens_at=a.opens_at,
            closes_at=a.closes_at,
            is_open=a.status == Auction.Status.OPEN,
            sold_tonnes=None if a.sold_kg is None else tonnes_from_kg(a.sold_kg),
            clearing_price_yuan_per_tonne=None
            if a.clearing_price_fen_per_tonne is None
            else yuan(a.clearing_price_fen_per_tonne),
        )
        for a in rows
    ]


def own_bids(user: Any, limit: int = 50) -> list[dict[str, Any]]:
    """The bids of ``user``'s own enterprise (sealed: no one else's), newest first; tonnes
    and yuan per tonne."""
    principal = principal_of(user)
    if principal.role is not Role.ENTERPRISE or principal.enterprise_id is None:
        return []
    bids = Bid.objects.select_related("auction__holding").filter(
        bidder__enterprise_id=principal.enterprise_id
    )
    return [
        {
            "id": b.pk,
            "pollutant": b.auction.holding.pollutant,
            "tonnes": tonnes_from_kg(b.quantity_kg),
            "price": yuan(b.price_fen_per_tonne),
            "closes_at": b.auction.closes_at,
            "open": b.auction.status == Auction.Status.OPEN,
            "awarded": tonnes_from_kg(b.awarded_kg or 0),
        }
        for b in bids.order_by("-submitted_at", "-pk")[:limit]
    ]


def visible_trades(user: Any) -> QuerySet[Trade]:
    """Trades ``user`` may read: settled ones (published) and those of its parties' areas."""
    qs = Trade.objects.select_related("seller", "buyer", "holding")
    principal = principal_of(user)
    seller, buyer = _party_q(principal, "seller__"), _party_q(principal, "buyer__")
    if seller is None or buyer is None:
        return qs
    return qs.filter(seller | buyer | Q(status=Trade.Status.SETTLED))


def open_listings() -> QuerySet[Listing]:
    return Listing.objects.select_related("seller", "holding").filter(status=Listing.Status.OPEN)


@dataclass(frozen=True)
class PublicTrade:
    """A completed trade as the public sees it: no party names (counties only)."""

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


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def completed_trades(
    limit: int = 1000, offset: int = 0, member: str | None = None
) -> list[PublicTrade]:
    """Settled trades, newest first, as published (issue 4 item 6); ``member``: sold
    from that member. Kept until a trade is settled (public_cache; the settlement run
    says so when it writes)."""
    return public_cache.cached(
        public_cache.TRADES,
        ("completed", limit, offset, member),
        lambda: _completed_trades(limit, offset, member),
    )


def _completed_trades(limit: int, offset: int, member: str | None) -> list[PublicTrade]:
    settled = Trade.objects.filter(status=Trade.Status.SETTLED)
    if member:
        settled = settled.filter(seller__member_code=member)
    trades = list(
        settled.select_related("seller", "buyer", "holding").order_by("-settled_at", "-pk")[
            offset : offset + limit
        ]
    )
    codes = {t.seller.county_code for t in trades} | {t.buyer.county_code for t in trades}
    names = {d.code: d.name for d in Division.objects.filter(code__in=codes)}
    return [
        PublicTrade(
            trade_id=t.pk,
            date=(t.settled_at or t.agreed_at).astimezone(CHINA_STANDARD_TIME).date(),
            pollutant=t.holding.pollutant,
            tonnes=tonnes_from_kg(t.delivered_kg or t.quantity_kg),
            price_yuan_per_tonne=yuan(t.price_fen_per_tonne),
            value_yuan=yuan(t.value_fen),
            seller_member=t.seller.member_code,
            seller_county=t.seller.county_code,
            seller_county_name=names.get(t.seller.county_code, ""),
            buyer_county=t.buyer.county_code,
            buyer_county_name=names.get(t.buyer.county_code, ""),
            kind=t.kind,
        )
        for t in trades
    ]


def monthly_statistics(trades: list[PublicTrade]) -> dict[str, Any]:
    """Per pollutant and month: volume in tonnes and the volume-weighted mean price."""
    volume: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    value: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for t in trades:
        key = (t.pollutant, t.date.strftime("%Y-%m"))
        volume[key] += t.tonnes
        value[key] += t.tonnes * t.price_yuan_per_tonne
    months = sorted({m for _, m in volume})
    series = {}
    for pollutant in sorted({p for p, _ in volume}):
        series[pollutant] = {
            "tonnes": [float(volume.get((pollutant, m), 0)) for m in months],
            "price": [
                round(float(value[(pollutant, m)] / volume[(pollutant, m)]), 2)
                if volume.get((pollutant, m))
                else None
                for m in months
            ],
        }
    return {"months": months, "series": series}


def tonnes(kg: int) -> Decimal:
    return tonnes_from_kg(kg)


def visible_confirmations(user: Any) -> QuerySet[Confirmation]:
    """Confirmations of the accounts ``user`` may read (an enterprise: its own)."""
    qs = Confirmation.objects.select_related("account", "price")
    scope = _party_q(principal_of(user), "account__")
    return qs if scope is None else qs.filter(scope)


def market_settings(by: Actor) -> dict[str, Any]:
    """What the office maintains, as it stands: pilot and flagged counties, the trade
    ratio, the price bands and paid-use prices (every version). Office only."""
    require(by, Action.READ, MarketSetting.as_resource())
    pilots = Division.objects.filter(pilot_county=True, level=Level.COUNTY).order_by("code")
    flags = list(CountyTargetFlag.objects.order_by("county_code"))
    names = {
        d.code: d.name for d in Division.objects.filter(code__in=[f.county_code for f in flags])
    }
    setting = MarketSetting.objects.filter(pk=1).first()
    ratio = None
    if setting is not None and setting.ratio_numerator and setting.ratio_denominator:
        ratio = str(Fraction(setting.ratio_numerator, setting.ratio_denominator))
    return {
        "pilot_counties": [
            {"code": d.code, "name": d.name, "member": d.member_code} for d in pilots
        ],
        "flagged_counties": [
            {"code": f.county_code, "name": names.get(f.county_code, ""), "source": f.source}
            for f in flags
        ],
        "trade_ratio": ratio,
        "trade_ratio_source": setting.source if setting else "",
        "price_bands": list(
            PriceBandRow.objects.order_by("pollutant", "member_code", "valid_from")
        ),
        "paid_use_prices": list(PaidUsePriceRow.objects.all()),
    }
