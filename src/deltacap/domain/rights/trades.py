"""Trades and how they are agreed: fixed-price listings (挂牌) and bilateral agreements.

Issue 4 item 4. Every :class:`Trade`, whatever made it (a listing, an auction award,
a bilateral agreement), is agreed through :func:`agree`, the one place that checks the
parties (two different accounts that can hold rights, the seller holding what it
sells), the quantity, the price band of the seller's member on the day, that the rights
have not expired, and the cross-region rules. A trade then waits for the bureaus'
approval (``approval``) and is settled once (``settlement``).

A listing sells part of one holding at a fixed price; a buyer accepts all of it or,
when the listing allows partial fills, part of what remains. Quantities promised by
open listings and unsettled trades are the service's ``committed_kg``; what is left of
a listing is its ``remaining_kg``: both are state the service keeps and locks.
"""

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum

from deltacap.domain.rights.accounts import Account, HoldingKey
from deltacap.domain.rights.cross_region import RegionRules, require_route
from deltacap.domain.rights.entries import require_transferable, require_unexpired
from deltacap.domain.rights.errors import (
    ListingShort,
    PartialFillNotAllowed,
    PartyNotAllowed,
    SelfTrade,
    TermsMismatch,
    WrongParty,
)
from deltacap.domain.rights.quantities import (
    local_day,
    require_aware,
    require_positive_kg,
    value_fen,
)
from deltacap.domain.rights.schedules import PriceBand, Schedule, require_price_in_band


class TradeKind(StrEnum):
    LISTING = "listing"
    AUCTION = "auction"
    BILATERAL = "bilateral"


@dataclass(frozen=True)
class Market:
    """The configuration every trade is checked against: price bands and region rules."""

    bands: Schedule[PriceBand]
    rules: RegionRules


@dataclass(frozen=True)
class Trade:
    """An agreed trade: ``quantity_kg`` of the seller's ``holding`` at a price per tonne."""

    trade_id: str
    kind: TradeKind
    seller: Account
    buyer: Account
    holding: HoldingKey
    quantity_kg: int
    price_fen_per_tonne: int
    agreed_at: datetime
    source_ref: str

    @property
    def pollutant(self) -> str:
        return self.holding.pollutant

    @property
    def value_fen(self) -> int:
        """What the buyer pays: quantity × price, rounded half up to the fen."""
        return value_fen(self.quantity_kg, self.price_fen_per_tonne)


def require_seller(seller: Account, holding: HoldingKey) -> None:
    """Raises PartyNotAllowed unless ``seller`` can trade and holds ``holding``."""
    if not seller.can_trade or holding.account != seller.account_id:
        raise PartyNotAllowed(
            field="seller",
            account=seller.account_id,
            kind=seller.kind.value,
            action=f"sell rights held by {holding.account}",
        )


def require_price(
    market: Market, seller: Account, holding: HoldingKey, price: int, day: date
) -> None:
    """Raises PriceOutsideBand (or NoScheduleEntry) for the seller's member on ``day``."""
    require_price_in_band(
        market.bands,
        member=seller.located().member,
        pollutant=holding.pollutant,
        fen_per_tonne=price,
        day=day,
    )


def require_agreeable(
    *,
    seller: Account,
    buyer: Account,
    holding: HoldingKey,
    quantity_kg: int,
    price_fen_per_tonne: int,
    day: date,
    market: Market,
) -> None:
    """Every rule a trade must keep on ``day``, whatever made it.

    Raises PartyNotAllowed, SelfTrade, QuantityNotPositive, RightsExpired,
    PriceOutsideBand, NoScheduleEntry, RouteRefused (a subclass naming the cross-region
    rule), UnknownPollutant.
    """
    require_seller(seller, holding)
    if not buyer.can_trade:
        raise PartyNotAllowed(
            field="buyer", account=buyer.account_id, kind=buyer.kind.value, action="buy rights"
        )
    if buyer.account_id == seller.account_id:
        raise SelfTrade(field="buyer", account=buyer.account_id)
    require_positive_kg(quantity_kg)
    require_unexpired(holding, day)
    require_price(market, seller, holding, price_fen_per_tonne, day)
    require_route(seller.located(), buyer.located(), holding.pollutant, market.rules)


def agree(
    *,
    trade_id: str,
    kind: TradeKind,
    seller: Account,
    buyer: Account,
    holding: HoldingKey,
    quantity_kg: int,
    price_fen_per_tonne: int,
    agreed_at: datetime,
    source_ref: str,
    market: Market,
) -> Trade:
    """A trade, once ``require_agreeable`` holds on the day of ``agreed_at``."""
    require_agreeable(
        seller=seller,
        buyer=buyer,
        holding=holding,
        quantity_kg=quantity_kg,
        price_fen_per_tonne=price_fen_per_tonne,
        day=local_day(agreed_at, "agreed_at"),
        market=market,
    )
    return Trade(
        trade_id,
        kind,
        seller,
        buyer,
        holding,
        quantity_kg,
        price_fen_per_tonne,
        agreed_at,
        source_ref,
    )


@dataclass(frozen=True)
class Listing:
    """A fixed-price offer of part of one holding (挂牌)."""

    listing_id: str
    seller: Account
    holding: HoldingKey
    quantity_kg: int
    price_fen_per_tonne: int
    allow_partial: bool
    listed_at: datetime


def open_listing(
    *,
    listing_id: str,
    seller: Account,
    holding: HoldingKey,
    quantity_kg: int,
    price_fen_per_tonne: int,
    allow_partial: bool,
    listed_at: datetime,
    held_kg: int,
    committed_kg: int,
    market: Market,
) -> Listing:
    """A listing of ``quantity_kg`` of ``holding``, if the seller can promise it.

    Raises PartyNotAllowed, QuantityNotPositive, RightsExpired, InsufficientHolding
    (more than held minus committed), PriceOutsideBand, NoScheduleEntry.
    """
    require_seller(seller, holding)
    day = local_day(listed_at, "listed_at")
    require_transferable(holding, quantity_kg, held_kg=held_kg, committed_kg=committed_kg, day=day)
    require_price(market, seller, holding, price_fen_per_tonne, day)
    return Listing(
        listing_id, seller, holding, quantity_kg, price_fen_per_tonne, allow_partial, listed_at
    )


@dataclass(frozen=True)
class Fill:
    """A buyer's acceptance of a listing: the trade and what the listing has left."""

    trade: Trade
    remaining_kg: int


def accept_listing(
    listing: Listing,
    *,
    trade_id: str,
    buyer: Account,
    quantity_kg: int,
    remaining_kg: int,
    accepted_at: datetime,
    market: Market,
) -> Fill:
    """``buyer`` takes ``quantity_kg`` of what the listing has left at its price.

    Raises QuantityNotPositive, ListingShort (more than remains), PartialFillNotAllowed
    (part of an all-or-nothing listing), and everything ``agree`` raises.
    """
    require_positive_kg(quantity_kg)
    if quantity_kg > remaining_kg:
        raise ListingShort(
            field="quantity_kg",
            listing=listing.listing_id,
            remaining_kg=remaining_kg,
            requested_kg=quantity_kg,
        )
    if not listing.allow_partial and quantity_kg != remaining_kg:
        raise PartialFillNotAllowed(
            field="quantity_kg",
            listing=listing.listing_id,
            remaining_kg=remaining_kg,
            requested_kg=quantity_kg,
        )
    trade = agree(
        trade_id=trade_id,
        kind=TradeKind.LISTING,
        seller=listing.seller,
        buyer=buyer,
        holding=listing.holding,
        quantity_kg=quantity_kg,
        price_fen_per_tonne=listing.price_fen_per_tonne,
        agreed_at=accepted_at,
        source_ref=listing.listing_id,
        market=market,
    )
    return Fill(trade, remaining_kg - quantity_kg)


@dataclass(frozen=True)
class BilateralTerms:
    """The terms of a bilateral trade, as one side enters them."""

    seller_id: str
    buyer_id: str
    holding: HoldingKey
    quantity_kg: int
    price_fen_per_tonne: int


@dataclass(frozen=True)
class BilateralEntry:
    entered_by: str
    terms: BilateralTerms
    entered_at: datetime


def _require_same_terms(seller_terms: BilateralTerms, buyer_terms: BilateralTerms) -> None:
    for term in fields(BilateralTerms):
        ours, theirs = getattr(seller_terms, term.name), getattr(buyer_terms, term.name)
        if ours != theirs:
            raise TermsMismatch(
                field=term.name, term=term.name, seller_value=ours, buyer_value=theirs
            )


def _require_both_sides(
    seller: Account, buyer: Account, seller_entry: BilateralEntry, buyer_entry: BilateralEntry
) -> BilateralTerms:
    """The agreed terms, if each side entered them and they name the two parties."""
    sides = (("seller", seller_entry, seller), ("buyer", buyer_entry, buyer))
    for side, entry, account in sides:
        require_aware(entry.entered_at, "entered_at")
        if entry.entered_by != account.account_id:
            raise WrongParty(
                field="entered_by", side=side, expected=account.account_id, got=entry.entered_by
            )
    _require_same_terms(seller_entry.terms, buyer_entry.terms)
    terms = seller_entry.terms
    named = (("seller", terms.seller_id, seller), ("buyer", terms.buyer_id, buyer))
    for side, named_id, account in named:
        if named_id != account.account_id:
            raise WrongParty(field="terms", side=side, expected=account.account_id, got=named_id)
    return terms


def agree_bilateral(
    *,
    trade_id: str,
    seller: Account,
    buyer: Account,
    seller_entry: BilateralEntry,
    buyer_entry: BilateralEntry,
    held_kg: int,
    committed_kg: int,
    market: Market,
) -> Trade:
    """A bilateral trade, once both sides have entered the same terms.

    The trade is agreed when the later of the two entries was made. Raises WrongParty
    (an entry not made by its side, or terms naming other parties), TermsMismatch (the
    first term that differs), InsufficientHolding, and everything ``agree`` raises.
    """
    terms = _require_both_sides(seller, buyer, seller_entry, buyer_entry)
    agreed_at = max(seller_entry.entered_at, buyer_entry.entered_at)
    require_transferable(
        terms.holding,
        terms.quantity_kg,
        held_kg=held_kg,
        committed_kg=committed_kg,
        day=local_day(agreed_at, "entered_at"),
    )
    return agree(
        trade_id=trade_id,
        kind=TradeKind.BILATERAL,
        seller=seller,
        buyer=buyer,
        holding=terms.holding,
        quantity_kg=terms.quantity_kg,
        price_fen_per_tonne=terms.price_fen_per_tonne,
        agreed_at=agreed_at,
        source_ref=f"bilateral:{trade_id}",
        market=market,
    )
