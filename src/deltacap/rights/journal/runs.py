"""The statements of a settlement run: what it reads in one round trip (its trades with
both parties and any settlement made, the holdings they may post to, the journal head,
the cross-region rules, the approvals), and what it writes in another (the journal's
entries and balances, the trades marked settled, their settlements, the audit events).

Rows travel as plain SQL (``deltacap.db``) and come back named (``rows``)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model

from deltacap import db as sql
from deltacap.audit.services import EventRows
from deltacap.domain.rights import trades as rules
from deltacap.domain.rights.accounts import RETIRED_ACCOUNT_ID, HoldingKey, Origin
from deltacap.domain.rights.approval import ApprovalState, Decision, Side
from deltacap.domain.rights.journal import ChainHead, EntryDraft
from deltacap.rights.journal import ledger
from deltacap.rights.journal.region import region_rules_later
from deltacap.rights.journal.rows import AccountRow, HoldingRow, RunState, TradeRow
from deltacap.rights.models import (
    ApprovalDecision,
    Holding,
    JournalEntry,
    Posting,
    RightsAccount,
    Settlement,
    Trade,
    trade_code_of,
)

# Column names of the rows read, in the order of their named rows' fields.
ACCOUNT = ("code", "kind", "member_code", "city_code", "county_code", "enterprise_id")
TRADE = (
    "id",
    "kind",
    "quantity_kg",
    "price_fen_per_tonne",
    "agreed_at",
    "source_ref",
    "status",
)


@dataclass(frozen=True)
class _Layout:
    """Groups of columns read side by side in one row (``alias``: its table's alias), and
    how a row splits back into them."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]

    def columns(self) -> str:
        return ", ".join(f"{a}.{sql.column(c)}" for a, names in self.groups for c in names)

    def split(self, row: Sequence[Any]) -> dict[str, tuple[Any, ...]]:
        parts, start = {}, 0
        for alias, names in self.groups:
            parts[alias] = tuple(row[start : start + len(names)])
            start += len(names)
        return parts


_RUN = _Layout(
    (
        ("t", TRADE),
        ("s", ACCOUNT),
        ("b", ACCOUNT),
        ("h", ledger.HOLDING_COLUMNS),
        ("d", ("key",)),
    )
)


@sql.cached
def _trades_query(count: int) -> str:
    """The trades of ``ids`` with both accounts, the holding and the key of a settlement
    already made (or NULL), the trades locked, in key order."""
    return (
        f"SELECT {_RUN.columns()} "
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


def _trade_row(row: Sequence[Any]) -> TradeRow:
    parts = _RUN.split(row)
    pk, kind, quantity, price, agreed, source, status = parts["t"]
    seller, buyer = AccountRow(*parts["s"]), AccountRow(*parts["b"])
    holding = ledger.holding_row(parts["h"])
    deal = rules.Trade(
        trade_id=trade_code_of(pk),
        kind=rules.TradeKind(kind),
        seller=seller.domain(),
        buyer=buyer.domain(),
        holding=holding.key,
        quantity_kg=quantity,
        price_fen_per_tonne=price,
        agreed_at=sql.timestamp(agreed),
        source_ref=source,
    )
    return TradeRow(pk, deal, status, seller, buyer, parts["d"][0])


@sql.cached
def _parties_query(count: int) -> str:
    """The holdings the trades of ``ids`` may post to (``settlement.touched_keys``), locked
    in key order: the trade's own holding, the buyer's of the same rights as a purchase and
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
def _approvals_query(count: int) -> str:
    user = get_user_model()
    username = sql.column(
        next(f.column for f in user._meta.concrete_fields if f.name == user.USERNAME_FIELD)
    )
    return (
        f"SELECT d.{sql.column('trade_id')}, d.{sql.column('side')}, u.{username}, "
        f"d.{sql.column('bureau_division')}, d.{sql.column('approved')}, "
        f"d.{sql.column('decided_at')} "
        f"FROM {sql.table(ApprovalDecision)} d JOIN {sql.table(user)} u "
        f"ON u.{sql.column('id')} = d.{sql.column('user_id')} "
        f"WHERE d.{sql.column('trade_id')}{sql.any_of(count)} ORDER BY d.{sql.column('id')}"
    )


def _approvals(ids: list[int], rows: list[tuple[Any, ...]]) -> dict[int, ApprovalState]:
    found: dict[int, list[Decision]] = defaultdict(list)
    for trade_id, side, name, division, approved, at in rows:
        found[trade_id].append(
            Decision(Side(side), name, division, bool(approved), sql.timestamp(at))
        )
    return {i: ApprovalState(trade_code_of(i), tuple(found[i])) for i in ids}


# The journal's size as the last run of this process found it (its head's sequence).
_journal_size = 0


def replan_runs() -> None:
    """Before a run, outside its transaction: have this connection's statements planned
    again once the journal has grown enough since they were planned
    (``db.replan_when_grown``; not possible inside the run, which is one pipeline)."""
    sql.replan_when_grown(_journal_size)


def load_run(ids: list[int], *, lock_journal: bool) -> RunState:
    """Read (and lock) what a run over the trades ``ids`` decides on, in one round trip on
    PostgreSQL; with ``lock_journal`` the journal's lock goes first (the run's own
    transaction), the trades are locked before the holdings, the head last."""
    from deltacap.rights.journal.transactions import lock_journal as lock

    with sql.pipeline():
        if lock_journal:
            lock()
            sql.generic_plans()
        wanted = sql.any_params(ids)
        trades: Callable[[], list[Any]] = (
            sql.later(_trades_query(len(ids)), wanted) if ids else list
        )
        holdings = sql.later(_parties_query(len(ids)), wanted * 4)
        head = sql.later(ledger.head_query(1))
        region = region_rules_later()
        approvals: Callable[[], list[Any]] = (
            sql.later(_approvals_query(len(ids)), wanted) if ids else list
        )
        state = RunState(
            trades={t.pk: t for t in map(_trade_row, trades())},
            holdings=ledger.by_key(holdings()),
            head=ledger.head_of(head()),
            rules=region(),
            approvals={},
        )
        state.approvals = _approvals(list(state.trades), approvals())
    global _journal_size
    _journal_size = state.head.seq
    return state


_SETTLEMENT = ("key", "trade_id", "settled_at", "delivered_kg", "retired_kg", "payment_fen")
_SETTLED = ("id", "settled_at", "delivered_kg")


def _mark_settled(settlements: list[Settlement]) -> None:
    """Mark the trades settled (one statement: each has its own time, and the quantity
    delivered where a cross-member ratio cut it)."""
    ledger.update_rows(
        Trade, _SETTLED, _marked(settlements), {"status": Trade.Status.SETTLED.value}
    )


def write_run(
    drafts: tuple[EntryDraft, ...],
    holdings: dict[HoldingKey, HoldingRow],
    head: ChainHead,
    settlements: list[Settlement],
    events: EventRows,
) -> Callable[[], None]:
    """Write what a run decided: the entries with their balances (``holdings``: every
    holding they post to, created first where missing), the trades settled and their
    settlements, the audit events. On PostgreSQL they are one statement (its parts are
    data-modifying ``WITH`` queries: :func:`_write_at_once`), whose answer is read by
    the function returned (call it after the commit: inside ``serializable(...,
    pipelined=True)`` the statement goes out with the COMMIT); on SQLite a statement
    each, and the function returned does nothing."""
    posted = {p.holding for d in drafts for p in d.postings}
    rows = ledger.completed(posted | set(holdings), holdings)
    if sql.arrays():
        done = ledger.seal(drafts, rows, head)
        written = _write_at_once(done, settlements, events)
        return lambda: _keyed(settlements, {key: pk for pk, key in written()})
    ledger.append(drafts, rows, head)
    record_events(events)
    _mark_settled(settlements)
    ids = sql.insert(Settlement, _SETTLEMENT, _settlement_rows(settlements), key="key")
    _keyed(settlements, ids)
    return _nothing


def _nothing() -> None:
    pass


def _keyed(settlements: list[Settlement], ids: dict[str, int]) -> None:
    """The settlements as saved, with their new keys."""
    for s in settlements:
        s.pk = ids[s.key]
        sql.loaded(s)


def _settlement_rows(settlements: list[Settlement]) -> list[tuple[Any, ...]]:
    return [
        (s.key, s.trade_id, sql.when(s.settled_at), s.delivered_kg, s.retired_kg, s.payment_fen)
        for s in settlements
    ]


def _marked(settlements: list[Settlement]) -> list[tuple[Any, ...]]:
    return [(s.trade_id, sql.when(s.settled_at), s.delivered_kg) for s in settlements]


@functools.lru_cache(maxsize=8)
def _at_once_query(events: type[Model], event_columns: tuple[str, ...]) -> str:
    """A settlement run's writes as one PostgreSQL statement. Its parts see one snapshot
    and each row is written once, so none reads what another writes, except the postings,
    which take their entry's key from what inserting the entries returned."""

    def insert(model: type[Model], columns: tuple[str, ...], tail: str = "") -> str:
        names = ", ".join(sql.column(c) for c in columns)
        return (
            f"INSERT INTO {sql.table(model)} ({names}) "
            f"SELECT {names} FROM {sql.rows_of(model, columns, 0)}{tail}"
        )

    pk, seq = sql.column("id"), sql.column("seq")
    names = ("seq", *ledger.POSTING_COLUMNS[1:])
    posting_columns = ", ".join(sql.column(c) for c in ledger.POSTING_COLUMNS)
    values = ", ".join(f"v.{sql.column(c)}" for c in ledger.POSTING_COLUMNS[1:])
    source = sql.rows_of(Posting, names, 0, {"seq": "bigint"})
    parts = {
        "e": insert(JournalEntry, ledger.ENTRY_COLUMNS, f" RETURNING {pk}, {seq}"),
        "p": (
            f"INSERT INTO {sql.table(Posting)} ({posting_columns}) "
            f"SELECT e.{pk}, {values} FROM {source} JOIN e ON e.{seq} = v.{seq}"
        ),
        "b": ledger.update_statement(Holding, ledger.BALANCE_COLUMNS, [])[0],
        "h": ledger.HEAD_UPDATE,
        "a": insert(events, event_columns),
        "t": ledger.update_statement(Trade, _SETTLED, [], {"status": ""})[0],
        "s": insert(Settlement, _SETTLEMENT, f" RETURNING {pk}, {sql.column('key')}"),
    }
    cte = ", ".join(f"{name} AS ({text})" for name, text in parts.items())
    return f"WITH {cte} SELECT {pk}, {sql.column('key')} FROM s"


def _write_at_once(
    done: ledger.Sealed, settlements: list[Settlement], events: EventRows
) -> Callable[[], list[tuple[Any, ...]]]:
    """Send a sealed run and its settlements as one statement (PostgreSQL); the function
    returned reads the new settlements' keys with their settlement keys."""
    entries = sql.rows_params(done.entries, len(ledger.ENTRY_COLUMNS))
    postings = sql.rows_params(done.postings, len(ledger.POSTING_COLUMNS))
    _, balances = ledger.update_statement(Holding, ledger.BALANCE_COLUMNS, done.balances)
    _, marked = ledger.update_statement(
        Trade, _SETTLED, _marked(settlements), {"status": Trade.Status.SETTLED.value}
    )
    params = [
        *entries,
        *postings,
        *balances,
        done.head.seq,
        done.head.hash,
        *sql.rows_params(events.rows, len(events.columns)),
        *marked,
        *sql.rows_params(_settlement_rows(settlements), len(_SETTLEMENT)),
    ]
    return sql.later(_at_once_query(events.model, tuple(events.columns)), params)


def record_events(events: EventRows) -> None:
    """Insert audit events built by ``audit.services.event_rows`` (one statement)."""
    sql.insert(events.model, events.columns, events.rows)
