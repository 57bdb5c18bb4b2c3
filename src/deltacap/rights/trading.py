"""Writes of the market: accepting a listing, the bureaus' decisions, settlement.

Settlement runs in ``batch`` (one or many trades per transaction): it takes its locks in
one order (the trades, the holdings they touch sorted by key, the journal head last), the
domain's ``settle`` decides each trade and the ledger appends. A trade's settlement key is
unique, so a second settlement of a trade, however it races, is refused as
``AlreadySettled`` (409) and writes nothing. Concurrent ``settle_trade`` calls share one
run and one commit (``group_commit``).
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Role
from deltacap.domain.errors import Conflict, NotFound, gettext_noop
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.approval import (
    ApprovalState,
    Approver,
    Decision,
    Side,
    decide,
)
from deltacap.domain.rights.errors import RightsError
from deltacap.domain.rights.quantities import kg_from_tonnes
from deltacap.rights import batch, ledger
from deltacap.rights.deals import domain_trade
from deltacap.rights.group_commit import GroupCommit
from deltacap.rights.market import domain_account, holding_key, market_config
from deltacap.rights.models import (
    ApprovalDecision,
    Holding,
    Listing,
    RightsAccount,
    Settlement,
    Trade,
)
from deltacap.rights.services import account_of, input_names, opened


def acting_account(by: Actor, named: RightsAccount | None = None) -> RightsAccount:
    """The registry account an enterprise acts with, once its action is allowed (opened on
    first use, unsaved until the write); the platform's own loads name the account."""
    if named is not None and principal_of(by).role is Role.SYSTEM:
        return named
    user = user_of(by)
    if user is None or user.enterprise is None:
        raise TypeError("an enterprise's action taken without its enterprise")
    return account_of(user.enterprise, save=False)


def _listing(listing_id: Any, *, lock: bool = False) -> Listing:
    qs = Listing.objects.select_related("seller", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=listing_id if isinstance(listing_id, int) else -1).first()
    if found is None:
        raise NotFound(gettext_noop("No listing {id}."), field="listing_id", id=listing_id)
    return found


def _trade(trade_id: Any, *, lock: bool = False) -> Trade:
    qs = Trade.objects.select_related("seller", "buyer", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=trade_id if isinstance(trade_id, int) else -1).first()
    if found is None:
        raise NotFound(gettext_noop("No trade {id}."), field="trade_id", id=trade_id)
    return found


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
    require(by, Action.BUY_LISTING, _listing(listing_id))
    account = acting_account(by, buyer)
    kg = kg_from_tonnes(tonnes, "tonnes")
    when = at or timezone.now()

    def work() -> Trade:
        buyer_account = opened(account)
        found = _listing(listing_id, lock=True)
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


def _approver(by: Actor) -> Approver:
    """The bureau deciding, as the domain's approval rules see it (``require`` has made
    sure it is a bureau of one of the trade's parties)."""
    division = principal_of(by).division_code or ""
    # A bureau acts for the reserve of its own division: it may not approve that side.
    return Approver(by.get_username(), division, frozenset({f"res-{division}"}))


def decide_trade(
    *,
    by: Actor,
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
    when = at or timezone.now()

    def work() -> Trade:
        trade = _trade(trade_id, lock=True)
        require(by, Action.APPROVE_TRADE, trade)
        approver = _approver(by)
        state = _state(trade)
        new = decide(state, domain_trade(trade), approver, approve=approve, at=when)
        added = new.decisions[len(state.decisions) :]
        ApprovalDecision.objects.bulk_create(
            [
                ApprovalDecision(
                    trade=trade,
                    side=d.side.value,
                    user=user_of(by),
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


def settle_trade(
    *, by: Actor, channel: str, trade_id: int, at: datetime | None = None
) -> Settlement:
    """Move the rights and record the payment of an approved trade, once.

    Concurrent calls in one process are settled together, in one transaction and one
    commit (``group_commit``); inside a caller's transaction the settlement joins that
    transaction. Raises NotFound, AccessDenied, AlreadySettled (409,
    nothing written), NotApproved, TradeRejected, RightsInvalid (expired rights, a
    cross-region rule, short holding).
    """
    req = batch.request(by=by, channel=channel, trade_id=trade_id, at=at)
    if connection.in_atomic_block:
        (outcome,) = batch.settle_requests([req])
    else:
        outcome = SETTLEMENT_RUNS.submit(req)
    if isinstance(outcome, Settlement):
        return outcome
    raise outcome


SETTLEMENT_RUNS: GroupCommit[batch.Request, batch.Outcome] = GroupCommit(
    batch.settle_requests, batch.MAX_RUN
)
