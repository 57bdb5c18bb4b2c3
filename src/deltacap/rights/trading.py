"""Writes of the market: accepting a listing, the bureaus' decisions, settlement.

Settlement takes its locks in one order: the trade, the holdings it touches (sorted by
key), the journal head last; then the domain's ``settle`` decides and the ledger appends.
The settlement key is unique in the database, so a second settlement of a trade, however
it races, is refused as ``AlreadySettled`` (409) and writes nothing.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError
from django.utils import timezone

from deltacap.accounts.permissions import principal_of, resource_of
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action, Role
from deltacap.domain.errors import Conflict, NotFound, gettext_noop
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.accounts import RETIRED_ACCOUNT_ID, HoldingKey, Origin
from deltacap.domain.rights.approval import (
    ApprovalState,
    Approver,
    Decision,
    Side,
    decide,
)
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.domain.rights.errors import AlreadySettled, RightsError
from deltacap.domain.rights.quantities import kg_from_tonnes
from deltacap.domain.rights.settlement import settle, settlement_key
from deltacap.rights import ledger
from deltacap.rights.market import domain_account, holding_key, market_config, region_rules
from deltacap.rights.models import (
    ApprovalDecision,
    Holding,
    Listing,
    RightsAccount,
    Settlement,
    Trade,
)
from deltacap.rights.selectors import may_read_trade
from deltacap.rights.services import account_of, ensure_ledger_accounts, input_names, opened

BUREAU_ROLES = (Role.MEMBER_EDITOR, Role.CITY_EDITOR)


def domain_trade(trade: Trade) -> rules.Trade:
    return rules.Trade(
        trade_id=trade.trade_code,
        kind=rules.TradeKind(trade.kind),
        seller=domain_account(trade.seller),
        buyer=domain_account(trade.buyer),
        holding=holding_key(trade.holding),
        quantity_kg=trade.quantity_kg,
        price_fen_per_tonne=trade.price_fen_per_tonne,
        agreed_at=trade.agreed_at,
        source_ref=trade.source_ref,
    )


def _trade(trade_id: Any, *, lock: bool = False) -> Trade:
    qs = Trade.objects.select_related("seller", "buyer", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=trade_id if isinstance(trade_id, int) else -1).first()
    if found is None:
        raise NotFound(gettext_noop("No trade {id}."), field="trade_id", id=trade_id)
    return found


def _buyer_account(by: Any, channel: str, buyer: RightsAccount | None) -> RightsAccount:
    if buyer is not None and by is None and channel == "system":
        return buyer
    principal = principal_of(by)
    if principal.role is not Role.ENTERPRISE or by.enterprise is None:
        raise AccessDenied(principal, Action.WRITE, resource_of(Listing(seller=RightsAccount())))
    return account_of(by.enterprise, save=False)


def accept_listing(
    *,
    by: Any,
    channel: str,
    listing_id: int,
    tonnes: Decimal | str,
    at: datetime | None = None,
    buyer: RightsAccount | None = None,
) -> Trade:
    """The caller's enterprise buys ``tonnes`` of an open listing at its price.

    ``buyer`` is for the platform's own loads only. Raises AccessDenied (not an
    enterprise), NotFound, Conflict (listing not open), RightsInvalid (quantity, more
    than remains, part of an all-or-nothing listing, price band, cross-region rule).
    """
    account = _buyer_account(by, channel, buyer)
    kg = kg_from_tonnes(tonnes, "tonnes")
    when = at or timezone.now()

    def work() -> Trade:
        buyer_account = opened(account)
        listing = Listing.objects.select_for_update(of=("self",)).select_related(
            "seller", "holding"
        )
        found = listing.filter(pk=listing_id if isinstance(listing_id, int) else -1).first()
        if found is None:
            raise NotFound(gettext_noop("No listing {id}."), field="listing_id", id=listing_id)
        if found.status != Listing.Status.OPEN:
            raise Conflict(gettext_noop("The listing is not open."), field="listing_id")
        offer = rules.Listing(
            f"L{found.pk}",
            domain_account(found.seller),
            holding_key(found.holding),
            found.quantity_kg,
            found.price_fen_per_tonne,
            found.allow_partial,
            found.listed_at,
        )
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
            buyer=buyer_account,
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

    with input_names():
        return ledger.serializable(work)


def _state(trade: Trade) -> ApprovalState:
    decisions = tuple(
        Decision(Side(d.side), d.user.get_username(), d.bureau_division, d.approved, d.decided_at)
        for d in trade.decisions.select_related("user").order_by("pk")
    )
    return ApprovalState(trade.trade_code, decisions)


def _approver(by: Any) -> Approver:
    principal = principal_of(by)
    if principal.role not in BUREAU_ROLES or not principal.division_code:
        raise AccessDenied(principal, Action.WRITE, resource_of(Listing(seller=RightsAccount())))
    division = principal.division_code
    # A bureau acts for the reserve of its own division: it may not approve that side.
    return Approver(by.get_username(), division, frozenset({f"res-{division}"}))


def decide_trade(
    *,
    by: Any,
    channel: str,
    trade_id: int,
    approve: bool,
    at: datetime | None = None,
    settle_when_approved: bool = True,
) -> Trade:
    """A bureau approves or rejects the sides of a trade it is competent for.

    When both sides are approved the trade is settled at once (a failed settlement leaves
    it approved, to be settled again). Raises AccessDenied (not a bureau), NotFound,
    RightsInvalid (SelfApproval, NotCompetent), RightsConflict (already decided or
    rejected).
    """
    approver = _approver(by)
    when = at or timezone.now()

    def work() -> Trade:
        trade = _trade(trade_id, lock=True)
        state = _state(trade)
        new = decide(state, domain_trade(trade), approver, approve=approve, at=when)
        added = new.decisions[len(state.decisions) :]
        ApprovalDecision.objects.bulk_create(
            [
                ApprovalDecision(
                    trade=trade,
                    side=d.side.value,
                    user=by,
                    bureau_division=d.bureau_division,
                    approved=d.approved,
                    decided_at=d.at,
                )
                for d in added
            ]
        )
        if not approve:
            _release(trade)
            trade.status = Trade.Status.REJECTED
        elif new.approved:
            trade.status = Trade.Status.APPROVED
        trade.save(update_fields=["status"])
        audit.record(
            actor=by,
            channel=channel,
            action="rights.approve" if approve else "rights.reject",
            object_type="trade",
            object_id=trade.pk,
            member_code=trade.seller.member_code,
            after={"sides": [d.side.value for d in added], "approved": approve},
        )
        return trade

    trade = ledger.serializable(work)
    if settle_when_approved and trade.status == Trade.Status.APPROVED:
        # A refusal leaves it approved; it is shown when someone settles it again.
        with contextlib.suppress(RightsError):
            settle_trade(by=by, channel=channel, trade_id=trade.pk)
        trade.refresh_from_db()
    return trade


def _release(trade: Trade) -> None:
    holding = Holding.objects.select_for_update().get(pk=trade.holding_id)
    holding.committed_kg -= trade.quantity_kg
    holding.save(update_fields=["committed_kg"])


def touched_keys(deal: rules.Trade, region: RegionRules) -> list[HoldingKey]:
    """The holdings a settlement may post to: the seller's, the buyer's and, under a
    cross-member trade ratio, the retired account's."""
    origin = Origin.GOVERNMENT_SALE if deal.seller.is_reserve else Origin.PURCHASE
    keys = [deal.holding, deal.holding.moved_to(deal.buyer.account_id, origin)]
    if region.cross_member_ratio is not None:
        ensure_ledger_accounts()
        keys.append(deal.holding.moved_to(RETIRED_ACCOUNT_ID, deal.holding.origin))
    return keys


def settle_trade(*, by: Any, channel: str, trade_id: int, at: datetime | None = None) -> Settlement:
    """Move the rights and record the payment of an approved trade, once.

    Raises NotFound, AccessDenied, AlreadySettled (409, nothing written), NotApproved,
    TradeRejected, RightsInvalid (expired rights, a cross-region rule, short holding).
    """
    when = at or timezone.now()

    def work() -> Settlement:
        trade = _trade(trade_id, lock=True)
        if not (by is None and channel == "system") and not may_read_trade(by, trade):
            raise AccessDenied(principal_of(by), Action.WRITE, resource_of(trade))
        deal = domain_trade(trade)
        used = {settlement_key(deal)} if trade.status == Trade.Status.SETTLED else set()
        region = region_rules()
        seller_key = deal.holding
        rows = ledger.lock_holdings(touched_keys(deal, region))
        result = settle(
            deal,
            approvals=_state(trade),
            book=Book({k: r.kg for k, r in rows.items()}),
            settled_keys=used,
            rules=region,
            settled_at=when,
        )
        rows[seller_key].committed_kg -= trade.quantity_kg
        ledger.append(result.entries, rows)
        try:
            settlement = Settlement.objects.create(
                key=result.key,
                trade=trade,
                settled_at=when,
                delivered_kg=result.delivered_kg,
                retired_kg=result.retired_kg,
                payment_fen=result.payment.fen,
            )
        except IntegrityError:
            raise AlreadySettled(trade=deal.trade_id, key=result.key) from None
        trade.status, trade.settled_at = Trade.Status.SETTLED, when
        trade.delivered_kg = result.delivered_kg
        trade.save(update_fields=["status", "settled_at", "delivered_kg"])
        audit.record(
            actor=by,
            channel=channel,
            action="rights.settle",
            object_type="trade",
            object_id=trade.pk,
            member_code=trade.seller.member_code,
            after={"key": result.key, "kg": result.delivered_kg, "fen": result.payment.fen},
        )
        return settlement

    return ledger.serializable(work, journal=True)
