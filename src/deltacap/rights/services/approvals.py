"""The bureaus' decisions on trades: each side approved by a bureau competent for it
(``domain.rights.approval``); a trade approved on both sides is settled at once."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.domain.rights.approval import ApprovalState, Approver, Decision, Side, decide
from deltacap.domain.rights.errors import RightsError
from deltacap.rights.config import domain_trade
from deltacap.rights.journal import unit_of_work
from deltacap.rights.models import ApprovalDecision, Trade
from deltacap.rights.services.accounts import now, release, reserves_of
from deltacap.rights.services.settlement import settle_trade


def get_trade(trade_id: Any, *, lock: bool = False) -> Trade:
    qs = Trade.objects.select_related("seller", "buyer", "holding")
    if lock:
        qs = qs.select_for_update(of=("self",))
    valid = isinstance(trade_id, int) and not isinstance(trade_id, bool)
    found = qs.filter(pk=trade_id if valid else -1).first()
    if found is None:
        raise NotFound(gettext_noop("No trade {id}."), field="trade_id", id=trade_id)
    return found


def _state(trade: Trade) -> ApprovalState:
    decisions = tuple(
        Decision(Side(d.side), d.user.get_username(), d.bureau_division, d.approved, d.decided_at)
        for d in trade.decisions.select_related("user").order_by("pk")
    )
    return ApprovalState(trade.trade_code, decisions)


def _approver(by: Actor) -> Approver:
    """The bureau deciding, as the domain's approval rules see it."""
    division = principal_of(by).division_code or ""
    # A bureau acts for the reserve of its own division: it may not approve that side.
    return Approver(by.get_username(), division, reserves_of(division))


@unit_of_work()
def _decide(*, by: Actor, channel: str, trade_id: int, approve: bool, at: datetime) -> Trade:
    trade = get_trade(trade_id, lock=True)
    require(by, Action.APPROVE_TRADE, trade)
    state = _state(trade)
    new = decide(state, domain_trade(trade), _approver(by), approve=approve, at=at)
    added = new.decisions[len(state.decisions) :]
    ApprovalDecision.objects.bulk_create(
        ApprovalDecision(
            trade=trade,
            side=d.side.value,
            user=user_of(by),
            bureau_division=d.bureau_division,
            approved=d.approved,
            decided_at=d.at,
        )
        for d in added
    )
    if not approve:
        release(trade.holding_id, trade.quantity_kg)
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
    it approved, to be settled again). Raises AccessDenied (not a bureau of a party),
    NotFound, RightsInvalid (SelfApproval, NotCompetent), RightsConflict (already decided
    or rejected).
    """
    trade = _decide(by=by, channel=channel, trade_id=trade_id, approve=approve, at=now(at))
    if settle_when_approved and trade.status == Trade.Status.APPROVED:
        # A refusal leaves it approved; it is shown when someone settles it again.
        with contextlib.suppress(RightsError):
            settle_trade(by=by, channel=channel, trade_id=trade.pk)
        trade.refresh_from_db()
    return trade
