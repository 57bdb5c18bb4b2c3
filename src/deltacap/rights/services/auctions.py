"""Sealed one-way auctions by a government reserve: open, bid, close (rules in the domain).

Opening commits the quantity on the reserve's holding; closing clears the bids by the
auction's documented rule (``domain.rights.auction``), makes one trade per award (each
then approved and settled like any trade) and releases what no bid took. Bids stay
sealed: nothing lists them before the close.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.rights import auction as rules
from deltacap.domain.rights.quantities import fen_from_yuan, kg_from_tonnes
from deltacap.rights.config import domain_account, holding_key, market_config
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import Auction, Bid, RightsAccount, Trade
from deltacap.rights.services.accounts import (
    acting_account,
    commit,
    get_holding,
    input_names,
    now,
    opened,
    release,
)


def _domain(auction: Auction) -> rules.Auction:
    return rules.Auction(
        f"A{auction.pk}",
        domain_account(auction.seller),
        holding_key(auction.holding),
        auction.quantity_kg,
        auction.reserve_price_fen_per_tonne,
        auction.opens_at,
        auction.closes_at,
        rules.Clearing(auction.clearing),
    )


def _domain_bid(bid: Bid) -> rules.Bid:
    return rules.Bid(
        str(bid.pk or "new"),
        domain_account(bid.bidder),
        bid.quantity_kg,
        bid.price_fen_per_tonne,
        bid.submitted_at,
        bid.allow_partial,
    )


def _clearing(value: str) -> rules.Clearing:
    try:
        return rules.Clearing(value)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Not one of the allowed values."), field="clearing"
        ) from None


def _auction(auction_id: int, *, lock: bool = False) -> Auction:
    qs = Auction.objects.select_related("seller", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=auction_id).first()
    if found is None:
        raise NotFound(gettext_noop("No auction {id}."), field="auction_id", id=auction_id)
    return found


@input_names
@unit_of_work()
def open_auction(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    tonnes: Decimal | str,
    reserve_price_yuan_per_tonne: Decimal | str,
    opens_at: datetime,
    closes_at: datetime,
    clearing: str = rules.Clearing.PAY_AS_BID.value,
) -> Auction:
    """A bureau auctions part of its reserve's holding. Raises AccessDenied, NotFound,
    RightsInvalid (not a reserve, quantity, expired, reserve price outside the band)."""
    holding = get_holding(holding_id, lock=True)
    require(by, Action.OPEN_AUCTION, holding)
    kg = kg_from_tonnes(tonnes, "tonnes")
    price = fen_from_yuan(reserve_price_yuan_per_tonne, "reserve_price_yuan_per_tonne")
    how = _clearing(clearing)
    rules.open_auction(
        auction_id="new",
        seller=domain_account(holding.account),
        holding=holding_key(holding),
        quantity_kg=kg,
        reserve_price_fen_per_tonne=price,
        opens_at=opens_at,
        closes_at=closes_at,
        held_kg=holding.kg,
        committed_kg=holding.committed_kg,
        market=market_config(),
        clearing=how,
    )
    commit(holding, kg)
    auction = Auction.objects.create(
        seller=holding.account,
        holding=holding,
        quantity_kg=kg,
        reserve_price_fen_per_tonne=price,
        opens_at=opens_at,
        closes_at=closes_at,
        clearing=how.value,
    )
    audit.record(
        actor=by,
        channel=channel,
        action="rights.auction_open",
        object_type="auction",
        object_id=auction.pk,
        member_code=holding.account.member_code,
        after={"kg": kg, "reserve_price_fen_per_tonne": price},
    )
    return auction


@input_names
@unit_of_work()
def place_bid(
    *,
    by: Actor,
    channel: str,
    auction_id: int,
    tonnes: Decimal | str,
    price_yuan_per_tonne: Decimal | str,
    allow_partial: bool = True,
    at: datetime | None = None,
    bidder: RightsAccount | None = None,
) -> Bid:
    """An enterprise bids (sealed). ``bidder`` is for the platform's own loads only.

    Raises AccessDenied (not an enterprise), NotFound, RightsInvalid (outside the window,
    below the reserve price, more than on sale, a cross-region rule)."""
    auction = _auction(auction_id)
    require(by, Action.BID, auction)
    account = acting_account(by, bidder)
    if auction.status != Auction.Status.OPEN:
        raise Conflict(gettext_noop("The auction is closed."), field="auction_id")
    bid = Bid(
        auction=auction,
        bidder=account,
        quantity_kg=kg_from_tonnes(tonnes, "tonnes"),
        price_fen_per_tonne=fen_from_yuan(price_yuan_per_tonne, "price_yuan_per_tonne"),
        allow_partial=allow_partial,
        submitted_at=now(at),
    )
    rules.check_bid(_domain(auction), _domain_bid(bid), market_config())
    bid.bidder = opened(account)
    bid.save()
    audit.record(
        actor=by,
        channel=channel,
        action="rights.bid",
        object_type="bid",
        object_id=bid.pk,
        member_code=account.member_code,
        after={"auction": auction.pk, "kg": bid.quantity_kg},
    )
    return bid


def _award(
    auction: Auction, result: rules.AuctionResult, bids: dict[str, Bid], when: datetime
) -> list[Trade]:
    """One trade per award (waiting for the bureaus), each bid told what it won."""
    offer = _domain(auction)
    deals = rules.award_trades(offer, result, closed_at=when, market=market_config())
    trades = []
    for award, deal in zip(result.awards, deals, strict=True):
        bid = bids[award.bid.bid_id]
        bid.awarded_kg = award.quantity_kg
        bid.save(update_fields=["awarded_kg"])
        trades.append(
            Trade.objects.create(
                kind="auction",
                seller=auction.seller,
                buyer=bid.bidder,
                holding=auction.holding,
                quantity_kg=award.quantity_kg,
                price_fen_per_tonne=award.price_fen_per_tonne,
                value_fen=deal.value_fen,
                agreed_at=when,
                source_ref=offer.auction_id,
            )
        )
    return trades


@unit_of_work()
def close_auction(
    *, by: Actor, channel: str, auction_id: int, at: datetime | None = None
) -> list[Trade]:
    """Clear the bids and make one trade per award (waiting for the bureaus).

    Raises AccessDenied, NotFound, Conflict (already closed, or before ``closes_at``)."""
    auction = _auction(auction_id, lock=True)
    require(by, Action.CLOSE_AUCTION, auction)
    when = now(at)
    if auction.status != Auction.Status.OPEN or when < auction.closes_at:
        raise Conflict(
            gettext_noop("Auction {id} is closed or still taking bids until {closes_at}."),
            field="auction_id",
            id=auction.pk,
            closes_at=auction.closes_at.isoformat(),
        )
    bids = {str(b.pk): b for b in auction.bids.select_related("bidder")}
    result = rules.clear_auction(_domain(auction), [_domain_bid(b) for b in bids.values()])
    trades = _award(auction, result, bids, when)
    release(auction.holding_id, result.unsold_kg)
    auction.status = Auction.Status.CLOSED
    auction.sold_kg = auction.quantity_kg - result.unsold_kg
    auction.clearing_price_fen_per_tonne = result.clearing_price_fen_per_tonne
    auction.save(update_fields=["status", "sold_kg", "clearing_price_fen_per_tonne"])
    audit.record(
        actor=by,
        channel=channel,
        action="rights.auction_close",
        object_type="auction",
        object_id=auction.pk,
        member_code=auction.seller.member_code,
        after={"sold_kg": auction.sold_kg, "trades": [t.pk for t in trades]},
    )
    return trades
