"""Settling many approved trades in one transaction (a settlement run).

Every append to the journal ends at its one head row, so appends are serial, and each
serial step pays a commit (a disk flush). A run settles many trades with one head update,
one commit and bulk statements, under the same rules, locks (trades, holdings in key
order, head last) and audit events as one settlement. Each request is decided on its
own, in order: one that cannot settle gets its refusal and the others go ahead.

Two ways in: :func:`settle_trades` (an operator's run, one actor) and
:func:`settle_requests` (what ``trading.settle_trade`` uses to settle the requests of
concurrent callers together: group commit; each request keeps its own actor, channel,
time and origin in the audit trail).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from deltacap import db as sql
from deltacap.accounts.permissions import principal_of
from deltacap.audit import context
from deltacap.audit import services as audit
from deltacap.domain import access
from deltacap.domain.access import Action, Resource
from deltacap.domain.errors import DeltacapError, NotFound, gettext_noop
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.accounts import RETIRED_ACCOUNT_ID, Account, HoldingKey, Origin
from deltacap.domain.rights.approval import ApprovalState, Decision, Side
from deltacap.domain.rights.book import Book
from deltacap.domain.rights.journal import EntryDraft
from deltacap.domain.rights.settlement import settle
from deltacap.rights import ledger
from deltacap.rights.deals import touched_keys
from deltacap.rights.market import account_of_fields, region_rules_later
from deltacap.rights.models import (
    ApprovalDecision,
    Holding,
    RightsAccount,
    Settlement,
    Trade,
    place_of,
    trade_code_of,
    trade_resource,
)

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


def request(*, by: Any, channel: str, trade_id: Any, at: datetime | None = None) -> Request:
    """A request made now, in the caller's context (its audit origin)."""
    return Request(trade_id, by, channel, at or timezone.now(), context.origin())


_ACCOUNT = ("code", "kind", "member_code", "city_code", "county_code", "enterprise_id")
_TRADE = (
    "id",
    "kind",
    "listing_id",
    "quantity_kg",
    "price_fen_per_tonne",
    "value_fen",
    "agreed_at",
    "source_ref",
    "status",
    "settled_at",
    "delivered_kg",
)


def _columns(alias: str, names: tuple[str, ...]) -> str:
    return ", ".join(f"{alias}.{sql.column(n)}" for n in names)


@sql.cached
def _trades_query(count: int) -> str:
    """The trades of ``ids`` with both accounts, the holding and the key of a settlement
    already made (or NULL), the trades locked, in key order."""
    return (
        f"SELECT {_columns('t', _TRADE)}, {_columns('s', _ACCOUNT)}, "
        f"{_columns('b', _ACCOUNT)}, {_columns('h', ledger.HOLDING_COLUMNS)}, "
        f"d.{sql.column('key')} "
        f"FROM {sql.table(Trade)} t "
        f"JOIN {sql.table(RightsAccount)} s "
        f"ON s.{sql.column('code')} = t.{sql.column('seller_id')} "
        f"JOIN {sql.table(RightsAccount)} b "
        f"ON b.{sql.column('code')} = t.{sql.column('buyer_id')} "
        f"JOIN {sql.table(Holding)} h ON h.{sql.column('id')} = t.{sql.column('holding_id')} "
        f"LEFT JOIN {sql.table(Settlement)} d "
        f"ON d.{sql.column('trade_id')} = t.{sql.column('id')} "
        f"WHERE t.{sql.column('id')}{sql.any_of(count)} "
        f"ORDER BY t.{sql.column('id')}{sql.for_update('t')}"
    )


@dataclass
class _Locked:
    """A locked trade as a run needs it: the domain's trade and a few figures (no Django
    object is built)."""

    pk: int
    row: tuple[Any, ...]
    deal: rules.Trade
    quantity_kg: int
    seller_member: str
    delivered_kg: int = 0

    def resource(self) -> Resource:
        """The trade as the access rules see it, from its row (both parties' places)."""
        n, a = len(_TRADE), len(_ACCOUNT)
        seller, buyer = self.row[n : n + a], self.row[n + a : n + 2 * a]
        status = self.row[_TRADE.index("status")]
        return trade_resource(place_of(*seller[2:6]), place_of(*buyer[2:6]), status)


def _domain_account(values: tuple[Any, ...]) -> Account:
    code, kind, member, city, county, _enterprise = values
    return account_of_fields(code, kind, member, city, county)


def _trades_from(rows: list[tuple[Any, ...]]) -> dict[int, _Locked]:
    found: dict[int, _Locked] = {}
    n, a = len(_TRADE), len(_ACCOUNT)
    for row in rows:
        pk, kind, _listing, quantity, price, _value, agreed, source = row[:8]
        seller, buyer = row[n : n + a], row[n + a : n + 2 * a]
        _hid, account, pollutant, valid_from, valid_to, origin = row[n + 2 * a : n + 2 * a + 6]
        deal = rules.Trade(
            trade_id=trade_code_of(pk),
            kind=rules.TradeKind(kind),
            seller=_domain_account(seller),
            buyer=_domain_account(buyer),
            holding=HoldingKey(
                account, pollutant, sql.as_date(valid_from), sql.as_date(valid_to), Origin(origin)
            ),
            quantity_kg=quantity,
            price_fen_per_tonne=price,
            agreed_at=sql.timestamp(agreed),
            source_ref=source,
        )
        found[pk] = _Locked(pk, row, deal, quantity, seller[2])
    return found


@sql.cached
def _parties_query(count: int) -> str:
    """The holdings the trades of ``ids`` may post to (``deals.touched_keys``), locked in
    key order: the trade's own holding, the buyer's of the same rights as a purchase and
    as a government sale (which of the two depends on the seller, a rule left to the
    domain: the one not used is locked for nothing) and the retired account's. Read with
    the trades, they spare the round trip of locking the holdings after."""
    table = sql.table(Holding)
    names = ", ".join(sql.column(c) for c in ledger.HOLDING_COLUMNS)
    key = ", ".join(sql.column(c) for c in ledger.KEY_COLUMNS)
    rights = ", ".join(f"r.{sql.column(c)}" for c in ledger.KEY_COLUMNS[1:4])
    source = (
        f"FROM {sql.table(Trade)} t JOIN {table} r "
        f"ON r.{sql.column('id')} = t.{sql.column('holding_id')} "
        f"WHERE t.{sql.column('id')}{sql.any_of(count)}"
    )
    holder, buyer = f"r.{sql.column('account_id')}", f"t.{sql.column('buyer_id')}"
    origin = f"r.{sql.column('origin')}"
    parties = " UNION ".join(
        f"SELECT {who}, {rights}, {how} {source}"
        for who, how in (
            (holder, origin),
            (buyer, f"'{Origin.PURCHASE.value}'"),
            (buyer, f"'{Origin.GOVERNMENT_SALE.value}'"),
            (f"'{RETIRED_ACCOUNT_ID}'", origin),
        )
    )
    return (
        f"SELECT {names} FROM {table} WHERE ({key}) IN ({parties}) ORDER BY {key}{sql.for_update()}"
    )


@sql.cached
def _states_query(count: int) -> str:
    user = get_user_model()
    username = sql.column(
        next(f.column for f in user._meta.concrete_fields if f.name == user.USERNAME_FIELD)
    )
    query = (
        f"SELECT d.{sql.column('trade_id')}, d.{sql.column('side')}, u.{username}, "
        f"d.{sql.column('bureau_division')}, d.{sql.column('approved')}, "
        f"d.{sql.column('decided_at')} "
        f"FROM {sql.table(ApprovalDecision)} d JOIN {sql.table(user)} u "
        f"ON u.{sql.column('id')} = d.{sql.column('user_id')} "
        f"WHERE d.{sql.column('trade_id')}{sql.any_of(count)} ORDER BY d.{sql.column('id')}"
    )
    return query


def _states_from(ids: list[int], rows: list[tuple[Any, ...]]) -> dict[int, ApprovalState]:
    found: dict[int, list[Decision]] = defaultdict(list)
    for trade_id, side, name, division, approved, at in rows:
        found[trade_id].append(
            Decision(Side(side), name, division, bool(approved), sql.timestamp(at))
        )
    return {i: ApprovalState(trade_code_of(i), tuple(found[i])) for i in ids}


_SETTLEMENT = ("key", "trade_id", "settled_at", "delivered_kg", "retired_kg", "payment_fen")
_SETTLED = ("id", "settled_at", "delivered_kg")


@sql.cached
def _settled_trades_query(count: int) -> str:
    table = sql.table(Trade)
    pk, at, kg = (sql.column(c) for c in _SETTLED)
    return (
        f"UPDATE {table} SET {sql.column('status')} = %s, {at} = v.{at}, {kg} = v.{kg} "
        f"FROM {sql.rows_of(Trade, _SETTLED, count)} "
        f"WHERE {table}.{pk} = v.{pk} AND {table}.{pk}{sql.any_of(count)}"
    )


def _record(settled: list[tuple[_Locked, Settlement]]) -> None:
    """Mark the trades settled (one statement: each has its own time, and the quantity
    delivered where a cross-member ratio cut it), then insert the settlements.

    The trades are also named in a list: PostgreSQL guesses 100 rows for any JSON rows
    and would then scan the whole trade table rather than look each trade up."""
    marked = [(t.pk, sql.when(s.settled_at), t.delivered_kg) for t, s in settled]
    size = len(marked) if sql.arrays() else sql.CHUNK
    for start in range(0, len(marked), size):
        part = marked[start : start + size]
        sql.execute(
            _settled_trades_query(len(part)),
            [
                Trade.Status.SETTLED.value,
                *sql.rows_params(part, len(_SETTLED)),
                *sql.any_params(row[0] for row in part),
            ],
        )
    rows = [
        (s.key, s.trade_id, sql.when(s.settled_at), s.delivered_kg, s.retired_kg, s.payment_fen)
        for _, s in settled
    ]
    ids = sql.insert(Settlement, _SETTLEMENT, rows, key="key")
    for _, s in settled:
        s.pk = ids[s.key]
        sql.loaded(s)


def _key(trade_id: Any) -> int:
    return trade_id if isinstance(trade_id, int) and not isinstance(trade_id, bool) else -1


def _admit(req: Request, trades: dict[int, _Locked]) -> _Locked | DeltacapError:
    """The locked trade a request may settle, or why it may not (no such trade; the
    requester may not settle it: the one access decision of the request)."""
    trade = trades.get(_key(req.trade_id))
    if trade is None:
        return NotFound(gettext_noop("No trade {id}."), field="trade_id", id=req.trade_id)
    try:
        access.require(principal_of(req.by), Action.SETTLE_TRADE, trade.resource())
    except DeltacapError as refused:
        return refused
    return trade


def settle_requests(requests: list[Request]) -> list[Outcome]:
    """Settle ``requests`` (at most ``MAX_RUN``) in one transaction, in order.

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

    def work() -> list[Outcome]:
        # The journal's lock and the reads that depend only on the request go out
        # together (one round trip on PostgreSQL); the trades are locked first, as every
        # writer of them does.
        with sql.pipeline():
            if alone:
                ledger.lock_journal()
                sql.generic_plans()
            wanted = sql.any_params(ids)
            trade_rows = sql.later(_trades_query(len(ids)), wanted) if ids else list
            holdings = ledger.holdings_later(_parties_query(len(ids)), wanted * 4)
            rules = region_rules_later()
            state_rows = sql.later(_states_query(len(ids)), wanted) if ids else list
            trades = _trades_from(trade_rows())
            fetched = holdings()
            region = rules()
            used = {t.row[-1] for t in trades.values() if t.row[-1] is not None}
            states = _states_from(list(trades), state_rows())
        # Who may settle is decided before anything is written (a missing holding is
        # created for the trades that may go ahead only).
        admitted = [_admit(req, trades) for req in requests]
        rows, head = ledger.locked_for_append(
            (k for t in admitted if isinstance(t, _Locked) for k in touched_keys(t.deal, region)),
            fetched,
        )
        book = Book({k: r.kg for k, r in rows.items()})
        outcomes: list[Outcome] = []
        drafts: list[EntryDraft] = []
        settled: list[tuple[_Locked, Settlement]] = []
        events: list[audit.Event] = []
        for req, trade in zip(requests, admitted, strict=True):
            if not isinstance(trade, _Locked):
                outcomes.append(trade)
                continue
            try:
                deal = trade.deal
                result = settle(
                    deal,
                    approvals=states[trade.pk],
                    book=book,
                    settled_keys=used,
                    rules=region,
                    settled_at=req.at,
                )
            except DeltacapError as refused:
                outcomes.append(refused)
                continue
            book = result.book_after
            used.add(result.key)
            drafts.extend(result.entries)
            rows[deal.holding].committed_kg -= trade.quantity_kg
            trade.delivered_kg = result.delivered_kg
            settlement = Settlement(
                key=result.key,
                trade_id=trade.pk,
                settled_at=req.at,
                delivered_kg=result.delivered_kg,
                retired_kg=result.retired_kg,
                payment_fen=result.payment.fen,
            )
            outcomes.append(settlement)
            settled.append((trade, settlement))
            events.append(
                audit.Event(
                    actor=req.by,
                    channel=req.channel,
                    action="rights.settle",
                    object_type="trade",
                    object_id=trade.pk,
                    member_code=trade.seller_member,
                    after={
                        "key": result.key,
                        "kg": result.delivered_kg,
                        "fen": result.payment.fen,
                    },
                    origin=req.origin,
                )
            )
        if not settled:
            return outcomes
        # The writes depend on nothing they return but the settlements' keys, asked for
        # last: on PostgreSQL they go to the server in one pipeline (one round trip).
        with sql.pipeline():
            ledger.append(tuple(drafts), rows, head)
            audit.record_many(events)
            _record(settled)
        return outcomes

    return ledger.serializable(work, journal=True, locks_journal=True)


def settle_trades(
    *, by: Any, channel: str, trade_ids: list[int], at: datetime | None = None
) -> dict[int, Outcome]:
    """Settle the approved trades of ``trade_ids`` (at most ``MAX_RUN``) in one run.

    Returns, per trade id, its settlement or the refusal; a refused trade writes nothing.
    """
    when = at or timezone.now()
    ids = sorted(set(trade_ids))[:MAX_RUN]
    origin = context.origin()
    outcomes = settle_requests([Request(i, by, channel, when, origin) for i in ids])
    return dict(zip(ids, outcomes, strict=True))
