"""Settling many approved trades in one transaction (a settlement run).

Every append to the journal ends at its one head row, so appends are serial; what a
settlement costs is mostly round trips to the database and the commit. A run settles up
to a few hundred trades with one head update, one commit and bulk inserts, with the same
rules, locks (trades, holdings in key order, head last) and audit events as
``trading.settle_trade``. Each trade is decided on its own: one that cannot settle is
reported and the others go ahead.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import F
from django.utils import timezone

from deltacap.accounts.permissions import principal_of, resource_of
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied, Action
from deltacap.domain.errors import DeltacapError
from deltacap.domain.rights.approval import ApprovalState, Decision, Side
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.invariants import apply_checked
from deltacap.domain.rights.journal import EntryDraft
from deltacap.domain.rights.settlement import settle
from deltacap.rights import ledger
from deltacap.rights.market import region_rules
from deltacap.rights.models import ApprovalDecision, Settlement, Trade
from deltacap.rights.selectors import may_read_trade
from deltacap.rights.trading import domain_trade, touched_keys

MAX_RUN = 500


def _states(trades: list[Trade]) -> dict[int, ApprovalState]:
    found: dict[int, list[Decision]] = defaultdict(list)
    rows = ApprovalDecision.objects.filter(trade__in=trades).select_related("user").order_by("pk")
    for d in rows:
        found[d.trade_id].append(
            Decision(
                Side(d.side), d.user.get_username(), d.bureau_division, d.approved, d.decided_at
            )
        )
    return {t.pk: ApprovalState(t.trade_code, tuple(found[t.pk])) for t in trades}


def _mark_settled(done: list[Trade], when: datetime) -> None:
    """Two UPDATEs for the run (``bulk_update``'s CASE per row costs more than the rest)."""
    whole = [t.pk for t in done if t.delivered_kg == t.quantity_kg]
    Trade.objects.filter(pk__in=whole).update(
        status=Trade.Status.SETTLED, settled_at=when, delivered_kg=F("quantity_kg")
    )
    for trade in done:
        if trade.delivered_kg != trade.quantity_kg:  # cut by a cross-member ratio
            trade.save(update_fields=["status", "settled_at", "delivered_kg"])


def settle_trades(
    *, by: Any, channel: str, trade_ids: list[int], at: datetime | None = None
) -> dict[int, Settlement | DeltacapError]:
    """Settle the approved trades of ``trade_ids`` (at most ``MAX_RUN``) in one transaction.

    Returns, per trade id, its settlement or the refusal (AccessDenied, AlreadySettled,
    NotApproved, RightsInvalid ...); a refused trade writes nothing.
    """
    when = at or timezone.now()
    ids = sorted(set(trade_ids))[:MAX_RUN]

    def work() -> dict[int, Settlement | DeltacapError]:
        trades = list(
            Trade.objects.select_for_update(of=("self",))
            .select_related("seller", "buyer", "holding")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        region = region_rules()
        deals = {t.pk: domain_trade(t) for t in trades}
        rows = ledger.lock_holdings(k for d in deals.values() for k in touched_keys(d, region))
        book = Book({k: r.kg for k, r in rows.items()})
        used = set(Settlement.objects.filter(trade__in=trades).values_list("key", flat=True))
        states = _states(trades)
        results: dict[int, Settlement | DeltacapError] = {}
        drafts: list[EntryDraft] = []
        done: list[Trade] = []
        for trade in trades:
            deal = deals[trade.pk]
            try:
                if not (by is None and channel == "system") and not may_read_trade(by, trade):
                    raise AccessDenied(principal_of(by), Action.WRITE, resource_of(trade))
                result = settle(
                    deal,
                    approvals=states[trade.pk],
                    book=book,
                    settled_keys=used,
                    rules=region,
                    settled_at=when,
                )
            except DeltacapError as refused:
                results[trade.pk] = refused
                continue
            book = apply_checked(result.entries, book)
            used.add(result.key)
            drafts.extend(result.entries)
            rows[deal.holding].committed_kg -= trade.quantity_kg
            trade.status, trade.settled_at = Trade.Status.SETTLED, when
            trade.delivered_kg = result.delivered_kg
            results[trade.pk] = Settlement(
                key=result.key,
                trade=trade,
                settled_at=when,
                delivered_kg=result.delivered_kg,
                retired_kg=result.retired_kg,
                payment_fen=result.payment.fen,
            )
            done.append(trade)
        if not done:
            return results
        ledger.append(tuple(drafts), rows)
        Settlement.objects.bulk_create([s for s in results.values() if isinstance(s, Settlement)])
        _mark_settled(done, when)
        for trade in done:
            s = results[trade.pk]
            assert isinstance(s, Settlement)
            audit.record(
                actor=by,
                channel=channel,
                action="rights.settle",
                object_type="trade",
                object_id=trade.pk,
                member_code=trade.seller.member_code,
                after={"key": s.key, "kg": s.delivered_kg, "fen": s.payment_fen},
            )
        return results

    return ledger.serializable(work, journal=True)
