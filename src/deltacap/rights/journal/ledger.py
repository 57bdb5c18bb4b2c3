"""Holdings, the journal head and appending entries: the only writer of the journal.

An append seals its entries onto the hash chain after the head, inserts them with their
postings, writes the balances of the holdings they post to and moves the head, all
inside the writer's transaction; the caller has locked the holdings and the head
(:func:`lock_holdings`, :func:`locked_head`, or a settlement run's reads).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from deltacap import db as sql
from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    RETIRED_ACCOUNT_ID,
    HoldingKey,
    Origin,
)
from deltacap.domain.rights.journal import GENESIS_HASH, ChainHead, EntryDraft, chain
from deltacap.domain.rights.journal import JournalEntry as DomainEntry
from deltacap.rights.journal.rows import HoldingRow
from deltacap.rights.models import Holding, JournalEntry, JournalHead, Posting, RightsAccount

HOLDING_COLUMNS = (
    "id",
    "account_id",
    "pollutant",
    "valid_from",
    "valid_to",
    "origin",
    "kg",
    "committed_kg",
)
KEY_COLUMNS = ("account_id", "pollutant", "valid_from", "valid_to", "origin")
LEDGER_ACCOUNTS = (ISSUANCE_ACCOUNT_ID, RETIRED_ACCOUNT_ID)


def holding_row(row: tuple[Any, ...]) -> HoldingRow:
    """A holding from the values of :data:`HOLDING_COLUMNS`."""
    pk, account, pollutant, valid_from, valid_to, origin, kg, committed = row
    key = HoldingKey(
        account, pollutant, sql.as_date(valid_from), sql.as_date(valid_to), Origin(origin)
    )
    return HoldingRow(pk, key, kg, committed)


def by_key(rows: Iterable[tuple[Any, ...]]) -> dict[HoldingKey, HoldingRow]:
    holdings = (holding_row(r) for r in rows)
    return {h.key: h for h in holdings}


@sql.cached
def _locked_query(count: int) -> str:
    columns = ", ".join(sql.column(c) for c in HOLDING_COLUMNS)
    key_columns = ", ".join(sql.column(c) for c in KEY_COLUMNS)
    return (
        f"SELECT {columns} FROM {sql.table(Holding)} "
        f"WHERE ({key_columns}) IN (SELECT {key_columns} "
        f"FROM {sql.rows_of(Holding, KEY_COLUMNS, count)}) "
        f"AND {sql.column('account_id')}{sql.any_of(count)} "
        f"ORDER BY {key_columns}{sql.for_update()}"
    )


def _locked_params(keys: list[HoldingKey]) -> list[Any]:
    """The keys as rows, and their accounts as a list (one per key): PostgreSQL guesses
    100 rows for rows given as JSON and would scan the holdings to match them; the
    accounts let it go by the index."""
    values = [
        (k.account, k.pollutant, sql.day(k.valid_from), sql.day(k.valid_to), k.origin.value)
        for k in keys
    ]
    return [
        *sql.rows_params(values, len(KEY_COLUMNS)),
        *sql.any_params(k.account for k in keys),
    ]


def _locked(keys: list[HoldingKey]) -> dict[HoldingKey, HoldingRow]:
    return by_key(sql.select(_locked_query(len(keys)), _locked_params(keys)))


def ensure_ledger_accounts(codes: Iterable[str] = LEDGER_ACCOUNTS) -> None:
    """The registry's own accounts among ``codes`` (issuance, retired), opened if missing:
    their code is also their kind."""
    for code in sorted(set(codes) & set(LEDGER_ACCOUNTS)):
        RightsAccount.objects.get_or_create(code=code, defaults={"kind": code})


def _create(missing: list[HoldingKey]) -> None:
    ensure_ledger_accounts(k.account for k in missing)
    Holding.objects.bulk_create(
        [
            Holding(
                account_id=k.account,
                pollutant=k.pollutant,
                valid_from=k.valid_from,
                valid_to=k.valid_to,
                origin=k.origin.value,
            )
            for k in missing
        ],
        ignore_conflicts=True,
    )


def completed(
    wanted: Iterable[HoldingKey], rows: dict[HoldingKey, HoldingRow]
) -> dict[HoldingKey, HoldingRow]:
    """The holdings of ``wanted``: those of ``rows`` (locked, maybe changed in memory) and
    the ones it lacks, created at 0 kg and locked (one more round trip, the first time a
    holding is posted to). No other append can be creating them meanwhile: appends queue
    on the journal's lock."""
    keys = sorted(set(wanted))
    missing = [k for k in keys if k not in rows]
    if not missing:
        return {k: rows[k] for k in keys}
    _create(missing)
    created = _locked(missing)
    return {k: rows[k] if k in rows else created[k] for k in keys}


def lock_holdings(keys: Iterable[HoldingKey]) -> dict[HoldingKey, HoldingRow]:
    """The holdings of ``keys``, created at 0 kg where missing, locked in sorted key order."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    return completed(wanted, _locked(wanted))


@sql.cached
def head_query(_count: int) -> str:
    """The journal head's row, locked."""
    return f"SELECT seq, hash FROM {sql.table(JournalHead)} WHERE id = 1{sql.for_update()}"


def head_of(found: list[tuple[Any, ...]]) -> ChainHead:
    """The head from its locked row (``found``), made at the genesis hash the first time."""
    if not found:
        JournalHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        found = sql.select(head_query(1))
    seq, hash_ = found[0]
    return ChainHead(seq, hash_)


def locked_head() -> ChainHead:
    """The journal head, locked; made at the genesis hash the first time."""
    return head_of(sql.select(head_query(1)))


ENTRY_COLUMNS = (
    "seq",
    "entry_id",
    "kind",
    "cause_kind",
    "cause_ref",
    "recorded_at",
    "payer",
    "payee",
    "payment_fen",
    "prev_hash",
    "hash",
)
POSTING_COLUMNS = (
    "entry_id",
    "account",
    "pollutant",
    "valid_from",
    "valid_to",
    "origin",
    "delta_kg",
)


@dataclass
class Sealed:
    """Drafts sealed onto the chain and applied to their holdings: the rows an append
    writes (entries; postings named by their entry's sequence number; the balances of
    every holding locked, ``(id, kg, committed_kg)``) and the new head."""

    entries: list[tuple[Any, ...]]
    postings: list[tuple[Any, ...]]
    balances: list[tuple[Any, ...]]
    head: ChainHead


def seal(
    drafts: tuple[EntryDraft, ...], holdings: dict[HoldingKey, HoldingRow], head: ChainHead
) -> Sealed:
    """Seal ``drafts`` after ``head`` and apply their postings to ``holdings`` (in place):
    what :func:`append` writes, worked out without a statement."""
    sealed = chain(drafts, head)
    postings: list[tuple[Any, ...]] = []
    for entry in sealed:
        for p in entry.postings:
            h = p.holding
            postings.append(
                (
                    entry.seq,
                    h.account,
                    h.pollutant,
                    sql.day(h.valid_from),
                    sql.day(h.valid_to),
                    h.origin.value,
                    p.delta_kg,
                )
            )
            holdings[h].kg += p.delta_kg
    unique = {h.pk: h for h in holdings.values()}
    balances = [(pk, h.kg, h.committed_kg) for pk, h in sorted(unique.items())]
    return Sealed(
        [_entry_values(e) for e in sealed],
        postings,
        balances,
        ChainHead(sealed[-1].seq, sealed[-1].hash),
    )


def append(
    drafts: tuple[EntryDraft, ...],
    holdings: dict[HoldingKey, HoldingRow],
    head: ChainHead | None = None,
) -> list[int]:
    """Seal ``drafts`` after the head, insert them and apply them to the locked ``holdings``
    (every one they post to), write the balances back; return the new sequence numbers.

    The caller checked the drafts against the balances (``invariants.apply_checked``) and
    holds the locks of every holding they post to and of the head it passes.
    """
    done = seal(drafts, holdings, head or locked_head())
    sql.insert(JournalEntry, ENTRY_COLUMNS, done.entries)
    _insert_postings(done.postings)
    update_rows(Holding, BALANCE_COLUMNS, done.balances)
    sql.execute(HEAD_UPDATE, [done.head.seq, done.head.hash])
    return [e[0] for e in done.entries]


def _insert_postings(rows: list[tuple[Any, ...]]) -> None:
    """Insert postings given by their entry's sequence number: the entry's key is looked
    up by the statement itself, so nothing has to come back from inserting the entries
    first (and on PostgreSQL the writes of a run go out in one pipeline). The entries
    are also bounded by their range of sequence numbers, so that the lookup goes by the
    index (for rows given as JSON PostgreSQL guesses 100 and would scan the journal)."""
    names = ("seq", *POSTING_COLUMNS[1:])
    columns = ", ".join(sql.column(c) for c in POSTING_COLUMNS)
    values = ", ".join(f"v.{sql.column(c)}" for c in POSTING_COLUMNS[1:])
    size = len(rows) if sql.arrays() else sql.CHUNK
    for start in range(0, len(rows), size):
        part = rows[start : start + size]
        source = sql.rows_of(Posting, names, len(part), {"seq": "bigint"})
        seq = sql.column("seq")
        sql.execute(
            f"INSERT INTO {sql.table(Posting)} ({columns}) "
            f"SELECT e.{sql.column('id')}, {values} FROM {source} "
            f"JOIN {sql.table(JournalEntry)} e ON e.{seq} = v.{seq} "
            f"AND e.{seq} BETWEEN %s AND %s",
            [*sql.rows_params(part, len(names)), min(r[0] for r in part), max(r[0] for r in part)],
        )


@functools.lru_cache(maxsize=64)
def _update_query(
    model: type[Model], columns: tuple[str, ...], fixed: tuple[str, ...], count: int, json: bool
) -> str:
    table, pk = sql.table(model), sql.column(columns[0])
    assigned = [f"{sql.column(c)} = %s" for c in fixed]
    assigned += [f"{sql.column(c)} = v.{sql.column(c)}" for c in columns[1:]]
    return (
        f"UPDATE {table} SET {', '.join(assigned)} "
        f"FROM {sql.rows_of(model, columns, count)} "
        f"WHERE {table}.{pk} = v.{pk} AND {table}.{pk}{sql.any_of(count)}"
    )


def update_statement(
    model: type[Model],
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    fixed: dict[str, Any] | None = None,
) -> tuple[str, list[Any]]:
    """The statement of :func:`update_rows` for ``rows`` (at most ``CHUNK`` on SQLite,
    any number on PostgreSQL) and its parameters."""
    query = _update_query(model, columns, tuple(fixed or {}), len(rows), sql.arrays())
    return query, [
        *(fixed or {}).values(),
        *sql.rows_params(rows, len(columns)),
        *sql.any_params(r[0] for r in rows),
    ]


def update_rows(
    model: type[Model],
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    fixed: dict[str, Any] | None = None,
) -> None:
    """Set ``columns[1:]`` of the rows of ``model`` whose key (``columns[0]``) each row of
    ``rows`` gives, and the ``fixed`` values on all of them: one statement (statements of
    ``CHUNK`` rows on SQLite). The rows are also named by their keys in a list, so that
    they are looked up by the index: PostgreSQL guesses 100 rows for rows given as JSON and
    would otherwise scan the whole table."""
    size = len(rows) if sql.arrays() else sql.CHUNK
    for start in range(0, len(rows), size):
        sql.execute(*update_statement(model, columns, rows[start : start + size], fixed))


BALANCE_COLUMNS = ("id", "kg", "committed_kg")
HEAD_UPDATE = f"UPDATE {sql.table(JournalHead)} SET seq = %s, hash = %s WHERE id = 1"


def _entry_values(e: DomainEntry) -> tuple[Any, ...]:
    return (
        e.seq,
        e.entry_id,
        e.kind.value,
        e.cause.kind.value,
        e.cause.ref,
        sql.when(e.recorded_at),
        e.payment.payer if e.payment else "",
        e.payment.payee if e.payment else "",
        e.payment.fen if e.payment else None,
        e.prev_hash,
        e.hash,
    )
