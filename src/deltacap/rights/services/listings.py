"""Fixed-price listings (挂牌): a holder lists part of a holding, withdraws what is left,
and any enterprise buys from it; the quantity is committed on the holding meanwhile."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, gettext_noop
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.quantities import fen_from_yuan, kg_from_tonnes
from deltacap.rights.config import domain_account, holding_key, market_config
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import Listing, RightsAccount, Trade
from deltacap.rights.services.accounts import (
    acting_account,
    commit,
    get_holding,
    get_listing,
    input_names,
    now,
    opened,
    release,
)


@input_names
@unit_of_work()
def open_listing(
    *,
    by: Actor,
    channel: str,
    holding_id: int,
    tonnes: Decimal | str,
    price_yuan_per_tonne: Decimal | str,
    allow_partial: bool = False,
    at: datetime | None = None,
) -> Listing:
    """List part of a holding at a fixed price (挂牌); the quantity is committed.

    Raises NotFound, AccessDenied, RightsInvalid (quantity, more than held and not
    committed, expired rights, price outside the band), InvalidInput.
    """
    holding = get_holding(holding_id, lock=True)
    require(by, Action.LIST_RIGHTS, holding)
    kg = kg_from_tonnes(tonnes, "tonnes")
    price = fen_from_yuan(price_yuan_per_tonne, "price_yuan_per_tonne")
    when = now(at)
    rules.open_listing(
        listing_id="new",
        seller=domain_account(holding.account),
        holding=holding_key(holding),
        quantity_kg=kg,
        price_fen_per_tonne=price,
        allow_partial=allow_partial,
        listed_at=when,
        held_kg=holding.kg,
        committed_kg=holding.committed_kg,
        market=market_config(),
    )
    commit(holding, kg)
    listing = Listing.objects.create(
        holding=holding,
        seller=holding.account,
        quantity_kg=kg,
        remaining_kg=kg,
        price_fen_per_tonne=price,
        allow_partial=allow_partial,
        listed_at=when,
    )
    audit.record(
        actor=by,
        channel=channel,
        action="rights.list",
        object_type="listing",
        object_id=listing.pk,
        member_code=holding.account.member_code,
        after={"holding": holding.pk, "kg": kg, "price_fen_per_tonne": price},
    )
    return listing


@unit_of_work()
def withdraw_listing(*, by: Actor, channel: str, listing_id: int) -> Listing:
    """Withdraw what is left of an open listing; its commitment is released."""
    listing = get_listing(listing_id, lock=True)
    require(by, Action.WITHDRAW_LISTING, listing)
    if listing.status != Listing.Status.OPEN:
        raise Conflict(gettext_noop("The listing is not open."), field="listing_id")
    release(listing.holding_id, listing.remaining_kg)
    listing.status, left = Listing.Status.WITHDRAWN, listing.remaining_kg
    listing.remaining_kg = 0
    listing.save(update_fields=["status", "remaining_kg"])
    audit.record(
        actor=by,
        channel=channel,
        action="rights.withdraw",
        object_type="listing",
        object_id=listing.pk,
        member_code=listing.seller.member_code,
        after={"released_kg": left},
    )
    return listing


def _offer(listing: Listing) -> rules.Listing:
    return rules.Listing(
        f"L{listing.pk}",
        domain_account(listing.seller),
        holding_key(listing.holding),
        listing.quantity_kg,
        listing.price_fen_per_tonne,
        listing.allow_partial,
        listing.listed_at,
    )


@input_names
@unit_of_work()
def accept_listing(
    *,
    by: Actor,
    channel: str,
    listing_id: int,
    tonnes: Decimal | str,
    at: datetime | None = None,
    buyer: RightsAccount | None = None,
) -> Trade:
    """The caller's enterprise buys ``tonnes`` of an open listing at its price.

    ``buyer`` names the buying account for the platform's own loads only. Raises
    AccessDenied (not an enterprise), NotFound, Conflict (listing not open), RightsInvalid
    (quantity, more than remains, part of an all-or-nothing listing, price band,
    cross-region rule).
    """
    found = get_listing(listing_id, lock=True)
    require(by, Action.BUY_LISTING, found)
    account = acting_account(by, buyer)
    kg = kg_from_tonnes(tonnes, "tonnes")
    when = now(at)
    if found.status != Listing.Status.OPEN:
        raise Conflict(gettext_noop("The listing is not open."), field="listing_id")
    offer = _offer(found)
    fill = rules.accept_listing(
        offer,
        trade_id="new",
        buyer=domain_account(account),
        quantity_kg=kg,
        remaining_kg=found.remaining_kg,
        accepted_at=when,
        market=market_config(),
    )
    trade = Trade.objects.create(
        kind=rules.TradeKind.LISTING.value,
        listing=found,
        seller=found.seller,
        buyer=opened(account),
        holding=found.holding,
        quantity_kg=kg,
        price_fen_per_tonne=found.price_fen_per_tonne,
        value_fen=fill.trade.value_fen,
        agreed_at=when,
        source_ref=offer.listing_id,
    )
    found.remaining_kg = fill.remaining_kg
    found.status = Listing.Status.OPEN if fill.remaining_kg else Listing.Status.FILLED
    found.save(update_fields=["remaining_kg", "status"])
    audit.record(
        actor=by,
        channel=channel,
        action="rights.accept",
        object_type="trade",
        object_id=trade.pk,
        member_code=account.member_code,
        after={"listing": found.pk, "buyer": account.code, "kg": kg},
    )
    return trade
