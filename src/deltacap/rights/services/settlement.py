"""Settlement: moving an approved trade's rights and recording its payment, once.

A settlement run settles many requests in one transaction: it loads what they decide on
(the trades, the holdings they may post to, the journal head, the cross-region rules and
the approvals, locked, in one round trip: ``journal.load_run``), decides each request in
order (who may settle it, then the domain's ``settle``: a refused one writes nothing and
the others go ahead), and writes what was decided (``journal.write_run``: entries,
balances, trades, settlements and the audit events, in one round trip). A trade's
settlement key is unique, so a second settlement, however it races, is refused as
``AlreadySettled`` (409).

Every append ends at the journal's one head, so appends are serial and each pays a
commit: concurrent ``settle_trade`` callers in one process share one run and one commit
(group commit, ``rights.group_commit``); each keeps its own actor, channel, time and
origin in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from deltacap import public_cache
from deltacap.accounts.permissions import Actor, principal_of
from deltacap.audit import context
from deltacap.audit import services as audit
from deltacap.domain import access
from deltacap.domain.access import Action
from deltacap.domain.errors import DeltacapError, NotFound, gettext_noop
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.journal import EntryDraft
from deltacap.domain.rights.settlement import settle
from deltacap.rights import journal
from deltacap.rights.group_commit import GroupCommit
from deltacap.rights.journal.rows import RunState, TradeRow
from deltacap.rights.models import Settlement

MAX_RUN = 500

Outcome = Settlement | DeltacapError


@dataclass(frozen=True)
class Request:
    """One caller's request to settle a trade: who asks, through which channel, the time
    of settlement and where the request came from (for the audit trail)."""

    trade_id: Any
    by: Any
    channel: str
    at: datetime
    origin: str = ""


def request(*, by: Actor, channel: str, trade_id: Any, at: datetime | None = None) -> Request:
    """A request made now, in the caller's context (its audit origin)."""
    return Request(trade_id, by, channel, at or timezone.now(), context.origin())


@dataclass
class Decided:
    """What a run decided: an outcome per request, and what the settled ones write."""

    outcomes: list[Outcome] = field(default_factory=list)
    drafts: list[EntryDraft] = field(default_factory=list)
    settlements: list[Settlement] = field(default_factory=list)
    events: list[audit.Event] = field(default_factory=list)


def _key(trade_id: Any) -> int:
    return trade_id if isinstance(trade_id, int) and not isinstance(trade_id, bool) else -1


def _admit(req: Request, state: RunState) -> TradeRow | DeltacapError:
    """The trade a request may settle, or why it may not (no such trade; the requester may
    not settle it: the one access decision of the request)."""
    trade = state.trades.get(_key(req.trade_id))
    if trade is None:
        return NotFound(gettext_noop("No trade {id}."), field="trade_id", id=req.trade_id)
    try:
        access.require(principal_of(req.by), Action.SETTLE_TRADE, trade.resource())
    except DeltacapError as refused:
        return refused
    return trade


def decide_run(requests: list[Request], state: RunState) -> Decided:
    """Decide each request in order on the balances the requests before it leave (the
    commitment of each settled trade released on its holding in ``state``)."""
    decided = Decided()
    book = Book({k: r.kg for k, r in state.holdings.items()})
    used = {t.settled_key for t in state.trades.values() if t.settled_key is not None}
    for req in requests:
        trade = _admit(req, state)
        if not isinstance(trade, TradeRow):
            decided.outcomes.append(trade)
            continue
        try:
            result = settle(
                trade.deal,
                approvals=state.approvals[trade.pk],
                book=book,
                settled_keys=used,
                rules=state.rules,
                settled_at=req.at,
            )
        except DeltacapError as refused:
            decided.outcomes.append(refused)
            continue
        book = result.book_after
        used.add(result.key)
        decided.drafts.extend(result.entries)
        state.holdings[trade.deal.holding].committed_kg -= trade.deal.quantity_kg
        made = Settlement(
            key=result.key,
            trade_id=trade.pk,
            settled_at=req.at,
            delivered_kg=result.delivered_kg,
            retired_kg=result.retired_kg,
            payment_fen=result.payment.fen,
        )
        decided.outcomes.append(made)
        decided.settlements.append(made)
        decided.events.append(
            audit.Event(
                actor=req.by,
                channel=req.channel,
                action="rights.settle",
                object_type="trade",
                object_id=trade.pk,
                member_code=trade.seller.member,
                after={"key": result.key, "kg": result.delivered_kg, "fen": result.payment.fen},
                origin=req.origin,
            )
        )
    return decided


def settle_requests(requests: list[Request]) -> list[Outcome]:
    """Settle ``requests`` (at most ``MAX_RUN``) in one transaction, in order: load,
    decide, write.

    Returns, per request, its settlement or its refusal (NotFound, AccessDenied,
    AlreadySettled — also for the second request of one trade in the same run —,
    NotApproved, RightsInvalid ...); a refused request writes nothing. A database error
    that is not a serialization failure fails the whole run and is raised.
    """
    if len(requests) > MAX_RUN:
        raise ValueError(f"a settlement run takes at most {MAX_RUN} requests")
    ids = sorted({_key(r.trade_id) for r in requests} - {-1})
    # Inside a caller's transaction the run joins it, as every journal writer does there,
    # without the journal's lock (it would come after other locks the caller holds, and
    # be held until the caller commits) or a setting that would outlive the run.
    alone = not connection.in_atomic_block

    def run() -> tuple[list[Outcome], Callable[[], None]]:
        state = journal.load_run(ids, lock_journal=alone)
        decided = decide_run(requests, state)
        if not decided.settlements:
            return decided.outcomes, _nothing
        public_cache.changed(public_cache.TRADES, public_cache.MARKET)
        written = journal.write_run(
            tuple(decided.drafts),
            state.holdings,
            state.head,
            decided.settlements,
            audit.event_rows(decided.events),
        )
        return decided.outcomes, written

    journal.replan_runs()
    outcomes, written = journal.serializable(run, journal=True, locks_journal=True, pipelined=True)
    written()  # the settlements' keys, read after the commit (same round trip)
    return outcomes


def _nothing() -> None:
    pass


def settle_trades(
    *, by: Actor, channel: str, trade_ids: list[int], at: datetime | None = None
) -> dict[int, Outcome]:
    """Settle the approved trades of ``trade_ids`` (at most ``MAX_RUN``) in one run.

    Returns, per trade id, its settlement or the refusal; a refused trade writes nothing.
    """
    when = at or timezone.now()
    ids = sorted(set(trade_ids))[:MAX_RUN]
    origin = context.origin()
    outcomes = settle_requests([Request(i, by, channel, when, origin) for i in ids])
    return dict(zip(ids, outcomes, strict=True))


SETTLEMENT_RUNS: GroupCommit[Request, Outcome] = GroupCommit(settle_requests, MAX_RUN)


def settle_trade(
    *, by: Actor, channel: str, trade_id: int, at: datetime | None = None
) -> Settlement:
    """Move the rights and record the payment of an approved trade, once.

    Concurrent calls in one process are settled together, in one transaction and one
    commit (``group_commit``); inside a caller's transaction the settlement joins that
    transaction. Raises NotFound, AccessDenied, AlreadySettled (409, nothing written),
    NotApproved, TradeRejected, RightsInvalid (expired rights, a cross-region rule, short
    holding).
    """
    req = request(by=by, channel=channel, trade_id=trade_id, at=at)
    if connection.in_atomic_block:
        (outcome,) = settle_requests([req])
    else:
        outcome = SETTLEMENT_RUNS.submit(req)
    if isinstance(outcome, Settlement):
        return outcome
    raise outcome
