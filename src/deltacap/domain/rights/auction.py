"""Sealed one-way auctions: a government reserve sells a quantity to the highest bids.

Issue 4 item 4 ("a one-way auction in which a government reserve sells to the highest
bids (sealed, with a reserve price, clearing rule documented)"). No member's auction
rules were found (docs/domain/accounting.md §6, reserves and 出让 only, [V-2nd]), so the clearing
rule is ours, documented here and chosen per auction:

1. Bids are sealed: each is checked alone when made (:func:`check_bid`) and none is
   seen until the auction closes. A bid is made between ``opens_at`` and ``closes_at``
   (inclusive), asks for at most the quantity on sale and offers at least the reserve
   price; the bidder must be able to buy from the seller (``trades.require_agreeable``).
2. Ranking: price per tonne, highest first; equal prices by earlier ``submitted_at``;
   then by bid id, so the order is total and the result reproducible.
3. Allocation: down the ranking, each bid gets what it asks for, or what is left.
   A bid that would get only part and does not allow partial fills is passed over and
   the next bid considered (a smaller, lower bid can still be served).
4. Price: ``PAY_AS_BID`` (the default): each winner pays its own bid. ``UNIFORM``: every
   winner pays the lowest winning bid's price.
5. What no bid takes stays with the reserve (``unsold_kg``).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from deltacap.domain.rights.accounts import Account, HoldingKey
from deltacap.domain.rights.entries import require_transferable, require_unexpired
from deltacap.domain.rights.errors import (
    AmountNotValid,
    BidBelowReserve,
    BidOutsideWindow,
    BidTooLarge,
    DuplicateBid,
    PartyNotAllowed,
)
from deltacap.domain.rights.quantities import local_day, require_aware, require_positive_kg
from deltacap.domain.rights.trades import (
    Market,
    Trade,
    TradeKind,
    agree,
    require_agreeable,
    require_price,
    require_seller,
)


class Clearing(StrEnum):
    PAY_AS_BID = "pay_as_bid"
    UNIFORM = "uniform"


@dataclass(frozen=True)
class Auction:
    auction_id: str
    seller: Account
    holding: HoldingKey
    quantity_kg: int
    reserve_price_fen_per_tonne: int
    opens_at: datetime
    closes_at: datetime
    clearing: Clearing = Clearing.PAY_AS_BID


@dataclass(frozen=True)
class Bid:
    bid_id: str
    bidder: Account
    quantity_kg: int
    price_fen_per_tonne: int
    submitted_at: datetime
    allow_partial: bool = True


@dataclass(frozen=True)
class Award:
    bid: Bid
    quantity_kg: int
    price_fen_per_tonne: int


@dataclass(frozen=True)
class AuctionResult:
    """Who won what at which price; ``clearing_price`` is the lowest winning price."""

    auction_id: str
    awards: tuple[Award, ...]
    unsold_kg: int
    clearing_price_fen_per_tonne: int | None
    losing_bids: tuple[str, ...]


def open_auction(
    *,
    auction_id: str,
    seller: Account,
    holding: HoldingKey,
    quantity_kg: int,
    reserve_price_fen_per_tonne: int,
    opens_at: datetime,
    closes_at: datetime,
    held_kg: int,
    committed_kg: int,
    market: Market,
    clearing: Clearing = Clearing.PAY_AS_BID,
) -> Auction:
    """An auction of ``quantity_kg`` of a reserve's ``holding``.

    Raises PartyNotAllowed (the seller is not a government reserve or does not hold the
    rights), AmountNotValid (closing before opening), QuantityNotPositive,
    RightsExpired (expired on the closing day), InsufficientHolding, PriceOutsideBand
    (the reserve price).
    """
    require_seller(seller, holding)
    if not seller.is_reserve:
        raise PartyNotAllowed(
            field="seller",
            account=seller.account_id,
            kind=seller.kind.value,
            action="sell by auction",
        )
    if require_aware(closes_at, "closes_at") <= require_aware(opens_at, "opens_at"):
        raise AmountNotValid(field="closes_at", expected=f"later than {opens_at}", got=closes_at)
    require_transferable(
        holding, quantity_kg, held_kg=held_kg, committed_kg=committed_kg, day=local_day(opens_at)
    )
    require_unexpired(holding, local_day(closes_at))
    require_price(market, seller, holding, reserve_price_fen_per_tonne, local_day(opens_at))
    return Auction(
        auction_id,
        seller,
        holding,
        quantity_kg,
        reserve_price_fen_per_tonne,
        opens_at,
        closes_at,
        clearing,
    )


def check_bid(auction: Auction, bid: Bid, market: Market) -> Bid:
    """``bid`` if it may enter ``auction`` (rule 1 above).

    Raises BidOutsideWindow, QuantityNotPositive, BidTooLarge, BidBelowReserve, and what
    ``trades.require_agreeable`` raises (self-bids, price band, cross-region rules).
    """
    at = require_aware(bid.submitted_at, "submitted_at")
    if not auction.opens_at <= at <= auction.closes_at:
        raise BidOutsideWindow(
            field="submitted_at",
            bid=bid.bid_id,
            at=at,
            auction=auction.auction_id,
            opens_at=auction.opens_at,
            closes_at=auction.closes_at,
        )
    require_positive_kg(bid.quantity_kg)
    if bid.quantity_kg > auction.quantity_kg:
        raise BidTooLarge(
            field="quantity_kg",
            bid=bid.bid_id,
            requested_kg=bid.quantity_kg,
            auction=auction.auction_id,
            quantity_kg=auction.quantity_kg,
        )
    if bid.price_fen_per_tonne < auction.reserve_price_fen_per_tonne:
        raise BidBelowReserve(
            field="price_fen_per_tonne",
            bid=bid.bid_id,
            price=bid.price_fen_per_tonne,
            reserve_price=auction.reserve_price_fen_per_tonne,
            auction=auction.auction_id,
        )
    require_agreeable(
        seller=auction.seller,
        buyer=bid.bidder,
        holding=auction.holding,
        quantity_kg=bid.quantity_kg,
        price_fen_per_tonne=bid.price_fen_per_tonne,
        day=local_day(at),
        market=market,
    )
    return bid


def rank(bids: Iterable[Bid]) -> list[Bid]:
    """Bids in award order: highest price, then earliest, then bid id (rule 2)."""
    return sorted(bids, key=lambda b: (-b.price_fen_per_tonne, b.submitted_at, b.bid_id))


def _allocate(auction: Auction, ranked: list[Bid]) -> list[tuple[Bid, int]]:
    left, won = auction.quantity_kg, []
    for bid in ranked:
        fill = min(bid.quantity_kg, left)
        if fill == 0:
            break
        if fill < bid.quantity_kg and not bid.allow_partial:
            continue
        won.append((bid, fill))
        left -= fill
    return won


def clear_auction(auction: Auction, bids: Iterable[Bid]) -> AuctionResult:
    """Award ``auction`` to its bids by rules 2 to 5. Raises DuplicateBid.

    Bids below the reserve price are never awarded (``check_bid`` refuses them first).
    """
    bids = list(bids)
    ids = [b.bid_id for b in bids]
    repeated = sorted(bid_id for bid_id, n in Counter(ids).items() if n > 1)
    if repeated:
        raise DuplicateBid(field="bid_id", bid=repeated[0], auction=auction.auction_id)
    reserve = auction.reserve_price_fen_per_tonne
    won = _allocate(auction, rank(b for b in bids if b.price_fen_per_tonne >= reserve))
    lowest = min((b.price_fen_per_tonne for b, _ in won), default=None)
    uniform = auction.clearing is Clearing.UNIFORM
    awards = tuple(
        Award(bid, kg, lowest if uniform and lowest is not None else bid.price_fen_per_tonne)
        for bid, kg in won
    )
    winners = {a.bid.bid_id for a in awards}
    return AuctionResult(
        auction.auction_id,
        awards,
        auction.quantity_kg - sum(a.quantity_kg for a in awards),
        lowest,
        tuple(sorted(i for i in ids if i not in winners)),
    )


def award_trades(
    auction: Auction, result: AuctionResult, *, closed_at: datetime, market: Market
) -> tuple[Trade, ...]:
    """One trade per award, agreed when the auction closed (``closed_at``).

    Trade ids are ``"<auction id>/<bid id>"``. Raises what ``trades.agree`` raises, for
    example when a bidder's county was flagged between its bid and the close.
    """
    return tuple(
        agree(
            trade_id=f"{auction.auction_id}/{award.bid.bid_id}",
            kind=TradeKind.AUCTION,
            seller=auction.seller,
            buyer=award.bid.bidder,
            holding=auction.holding,
            quantity_kg=award.quantity_kg,
            price_fen_per_tonne=award.price_fen_per_tonne,
            agreed_at=closed_at,
            source_ref=auction.auction_id,
            market=market,
        )
        for award in result.awards
    )
