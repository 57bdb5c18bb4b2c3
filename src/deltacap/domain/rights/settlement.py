"""Settlement: the journal entries that move a trade's rights and record its payment.

Issue 4 item 4: "settlement moves the rights and records the payment in one atomic step,
and is idempotent (a repeated request settles once)". :func:`settle` is pure: given the
trade, its approvals, the balances of the holdings it touches and the settlement keys
already used, it returns the drafts the service appends in one transaction (with the
key, under a unique constraint). Before any draft exists it checks, in order:

1. the settlement key (one per trade, :func:`settlement_key`) is not used: a second
   settlement of the same trade is an ``AlreadySettled`` conflict;
2. both sides' bureaus approved (``approval``);
3. the cross-region rules still allow the trade (the office's data may have changed
   since it was agreed);
4. the rights have not expired on the settlement day and the seller still holds the
   quantity.

The drafts: a transfer of the delivered quantity to the buyer, carrying the payment
(quantity × price, all of it: the buyer pays for what the seller gives), and, for a
cross-member trade under a trade ratio, a retirement of the difference from the
seller's holding (``cross_region.delivered_kg``). The buyer holds the rights as a
purchase, or as a government sale when the seller is a reserve. Both drafts are checked
against the ledger's invariants before they are returned.
"""

import hashlib
from collections.abc import Container
from dataclasses import dataclass
from datetime import datetime

from deltacap.domain.rights.accounts import Origin
from deltacap.domain.rights.approval import ApprovalPolicy, ApprovalState
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.cross_region import RegionRules, delivered_kg, require_route
from deltacap.domain.rights.entries import require_transferable, retirement_entry, transfer_entry
from deltacap.domain.rights.errors import AlreadySettled
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import Cause, CauseKind, EntryDraft, Payment
from deltacap.domain.rights.quantities import local_day
from deltacap.domain.rights.trades import Trade


def settlement_key(trade: Trade) -> str:
    """The one key a trade settles under: SHA-256 of its id (stable, fixed length)."""
    return "settle:" + hashlib.sha256(trade.trade_id.encode()).hexdigest()


@dataclass(frozen=True)
class Settlement:
    """What settling a trade writes: the key, the entries and the payment; and the
    balances once the entries are applied (``book_after``: the next settlement of the
    same run decides on them)."""

    key: str
    trade_id: str
    entries: tuple[EntryDraft, ...]
    payment: Payment
    delivered_kg: int
    retired_kg: int
    book_after: Book


def _drafts(
    trade: Trade, key: str, delivered: int, at: datetime, payment: Payment
) -> tuple[EntryDraft, ...]:
    cause = Cause(CauseKind.TRADE, trade.trade_id)
    origin = Origin.GOVERNMENT_SALE if trade.seller.is_reserve else Origin.PURCHASE
    transfer = transfer_entry(
        entry_id=f"{key}/transfer",
        holding=trade.holding,
        buyer=trade.buyer.account_id,
        kg=delivered,
        origin=origin,
        cause=cause,
        at=at,
        payment=payment,
    )
    cut = trade.quantity_kg - delivered
    if not cut:
        return (transfer,)
    retire = retirement_entry(
        entry_id=f"{key}/ratio", holding=trade.holding, kg=cut, cause=cause, at=at
    )
    return (transfer, retire)


def settle(
    trade: Trade,
    *,
    approvals: ApprovalState,
    book: Book,
    settled_keys: Container[str],
    rules: RegionRules,
    settled_at: datetime,
    policy: ApprovalPolicy | None = None,
) -> Settlement:
    """The settlement of ``trade`` at ``settled_at`` (rules 1 to 4 above).

    ``book`` must hold at least the seller's holding. Raises AlreadySettled,
    TradeRejected, NotApproved, RouteRefused (a subclass naming the rule),
    RightsExpired, InsufficientHolding, RatioLeavesNothing.
    """
    key = settlement_key(trade)
    if key in settled_keys:
        raise AlreadySettled(trade=trade.trade_id, key=key)
    approvals.require_approved(trade, policy or ApprovalPolicy())
    seller, buyer = trade.seller.located(), trade.buyer.located()
    require_route(seller, buyer, trade.pollutant, rules)
    require_transferable(
        trade.holding,
        trade.quantity_kg,
        held_kg=book.balance(trade.holding),
        day=local_day(settled_at, "settled_at"),
    )
    delivered = delivered_kg(trade.quantity_kg, seller, buyer, rules)
    payment = Payment(trade.buyer.account_id, trade.seller.account_id, trade.value_fen)
    drafts = _drafts(trade, key, delivered, settled_at, payment)
    after = apply_checked(drafts, book)
    return Settlement(
        key, trade.trade_id, drafts, payment, delivered, trade.quantity_kg - delivered, after
    )
