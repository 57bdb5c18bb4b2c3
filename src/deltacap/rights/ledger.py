"""The only writer of the journal, and the reader ``deltacap ledger verify`` uses.

Writers lock what they touch in one order: the journal (:func:`lock_journal`, the
transaction's first statement, PostgreSQL), the record that causes the entry (trade,
listing, account), the holdings in sorted key order (:func:`lock_holdings`), and the
journal head last (:func:`append`, or with the holdings: :func:`holdings_later`), so two
writers never wait for each other in a circle. On PostgreSQL the write runs at
SERIALIZABLE and is retried on a serialization failure (:func:`serializable`); SQLite
takes its write lock at BEGIN (IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.db import DatabaseError, connection, transaction

from deltacap import db as sql
from deltacap.domain.rights.accounts import (
    ISSUANCE_ACCOUNT_ID,
    RETIRED_ACCOUNT_ID,
    HoldingKey,
    Origin,
)
from deltacap.domain.rights.journal import (
    GENESIS_HASH,
    Cause,
    CauseKind,
    ChainHead,
    EntryDraft,
    EntryKind,
    Payment,
    chain,
)
from deltacap.domain.rights.journal import JournalEntry as DomainEntry
from deltacap.domain.rights.journal import Posting as DomainPosting
from deltacap.domain.rights.verify import VerifyReport, verify
from deltacap.rights.models import (
    Holding,
    JournalEntry,
    JournalHead,
    JournalLock,
    Posting,
    RightsAccount,
)

T = TypeVar("T")
RETRIES = 30


def _is_serialization_failure(exc: DatabaseError) -> bool:
    if connection.vendor == "sqlite":
        # The busy timeout ran out at BEGIN IMMEDIATE (its lock queue is not fair): nothing
        # was done, so the transaction is simply tried again.
        return "database is locked" in str(exc)
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in ("40001", "40P01")


def serializable(work: Callable[[], T], *, journal: bool = False, locks_journal: bool = False) -> T:
    """Run ``work`` in one transaction, SERIALIZABLE on PostgreSQL, retried on conflict.

    ``journal``: ``work`` appends to the journal. Every append ends by updating the one
    head row, so two appends that overlap in time always conflict at SERIALIZABLE; on
    PostgreSQL they therefore queue on :func:`lock_journal`, the transaction's first
    statement (its snapshot is then taken after the previous append committed), which
    ``work`` sends itself if ``locks_journal`` (in the pipeline of its first reads: no
    round trip of its own). SQLite queues every writer at BEGIN IMMEDIATE already.
    Inside an enclosing transaction ``work`` simply joins it (no retry is possible
    there).
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return work()
    if journal and not locks_journal:
        return _retried(lambda: _after_lock(work))
    return _retried(work)


def _after_lock(work: Callable[[], T]) -> T:
    lock_journal()
    return work()


@sql.cached
def _lock_statement(_count: int) -> str:
    return f"LOCK TABLE {sql.table(JournalLock)} IN SHARE ROW EXCLUSIVE MODE"


def lock_journal() -> None:
    """Queue behind the journal's other writers until the transaction ends (PostgreSQL).

    It must be the transaction's first statement: LOCK takes no snapshot, so a
    SERIALIZABLE transaction's snapshot is taken by the statement after it, once the
    writer before has committed (PostgreSQL's documentation of LOCK says so). The mode
    conflicts with itself and with VACUUM's; the table it locks is never written, so
    autovacuum leaves it alone (only a database-wide VACUUM or ANALYZE, or one against
    wraparound, holds writers back, for as long as it takes on an empty table). The lock
    ends with the transaction: there is nothing to release, even when the transaction
    fails. Inside :func:`deltacap.db.pipeline` it goes out with the
    statements after it. Nothing on SQLite (BEGIN IMMEDIATE queues the writers).
    """
    if connection.vendor == "postgresql":
        sql.execute(_lock_statement(1))


def _retried(work: Callable[[], T]) -> T:
    for attempt in range(RETRIES):
        try:
            with _serializable_begin(), transaction.atomic():
                return work()
        except DatabaseError as exc:
            if not _is_serialization_failure(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(0.001 * (attempt + 1))
    raise AssertionError("unreachable")


@contextlib.contextmanager
def _serializable_begin() -> Iterator[None]:
    """On PostgreSQL, transactions begun here are SERIALIZABLE: the driver then opens them
    with ``BEGIN ISOLATION LEVEL SERIALIZABLE`` (no extra round trip for a ``SET``)."""
    if connection.vendor != "postgresql":
        yield
        return
    from psycopg import IsolationLevel

    connection.ensure_connection()
    raw = connection.connection
    before = raw.isolation_level
    raw.isolation_level = IsolationLevel.SERIALIZABLE
    try:
        yield
    finally:
        if raw is connection.connection and not raw.closed:
            raw.isolation_level = before


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


def _key_of(row: Holding) -> HoldingKey:
    return HoldingKey(
        row.account_id, row.pollutant, row.valid_from, row.valid_to, Origin(row.origin)
    )


def holding_of(row: tuple[Any, ...]) -> Holding:
    pk, account, pollutant, valid_from, valid_to, origin, kg, committed = row
    holding = Holding(
        id=pk,
        account_id=account,
        pollutant=pollutant,
        valid_from=sql.as_date(valid_from),
        valid_to=sql.as_date(valid_to),
        origin=origin,
        kg=kg,
        committed_kg=committed,
    )
    sql.loaded(holding)
    return holding


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


def _by_key(rows: list[tuple[Any, ...]]) -> dict[HoldingKey, Holding]:
    holdings = (holding_of(r) for r in rows)
    return {_key_of(h): h for h in holdings}


def _locked(keys: list[HoldingKey]) -> dict[HoldingKey, Holding]:
    return _by_key(sql.select(_locked_query(len(keys)), _locked_params(keys)))


LEDGER_ACCOUNTS = (ISSUANCE_ACCOUNT_ID, RETIRED_ACCOUNT_ID)


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


def _completed(
    wanted: list[HoldingKey], rows: dict[HoldingKey, Holding]
) -> dict[HoldingKey, Holding]:
    """The holdings of ``wanted`` from ``rows`` (locked), those it lacks created at 0 kg
    and locked."""
    missing = [k for k in wanted if k not in rows]
    if not missing:
        return {k: rows[k] for k in wanted}
    _create(missing)
    return _locked(wanted)


def lock_holdings(keys: Iterable[HoldingKey]) -> dict[HoldingKey, Holding]:
    """The holdings of ``keys``, created at 0 kg where missing, locked in sorted key order."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    return _completed(wanted, _locked(wanted))


Fetched = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


def holdings_later(query: str, params: list[Any]) -> Callable[[], Fetched]:
    """Send ``query``, which selects :data:`HOLDING_COLUMNS` of holdings and locks them in
    key order (:data:`KEY_COLUMNS`), and the journal head's lock after it, without
    waiting (inside :func:`deltacap.db.pipeline` they share a round trip with what the
    caller sends before); the returned function gives their rows for
    :func:`locked_for_append`."""
    holdings = sql.later(query, params)
    head = sql.later(_head_query(1))
    return lambda: (holdings(), head())


def locked_for_append(
    keys: Iterable[HoldingKey], fetched: Fetched
) -> tuple[dict[HoldingKey, Holding], ChainHead]:
    """The holdings of ``keys`` and the journal head, locked (pass the head to
    :func:`append`), from the rows of :func:`holdings_later`: the holdings there must
    include every one of ``keys`` that exists (others are left out). Those missing are
    created and locked here (one more round trip, the first time a holding is posted
    to): no other append can be creating them meanwhile, since appends queue on the
    journal's lock (``serializable``)."""
    holdings, head = fetched
    head_ = _head_of(head)
    sql.replan_when_grown(head_.seq)
    return _completed(sorted(set(keys)), _by_key(holdings)), head_


@sql.cached
def _head_query(_count: int) -> str:
    return f"SELECT seq, hash FROM {sql.table(JournalHead)} WHERE id = 1{sql.for_update()}"


def _head_of(found: list[tuple[Any, ...]]) -> ChainHead:
    """The head from its locked row (``found``), made at the genesis hash the first time."""
    if not found:
        JournalHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        found = sql.select(_head_query(1))
    seq, hash_ = found[0]
    return ChainHead(seq, hash_)


def _head() -> ChainHead:
    """The journal head, locked; made at the genesis hash the first time."""
    return _head_of(sql.select(_head_query(1)))


_ENTRY = (
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
_POSTING = ("entry_id", "account", "pollutant", "valid_from", "valid_to", "origin", "delta_kg")


def append(
    drafts: tuple[EntryDraft, ...],
    holdings: dict[HoldingKey, Holding],
    head: ChainHead | None = None,
) -> list[int]:
    """Seal ``drafts`` after the head, insert them and apply them to the locked ``holdings``;
    return the new entries' sequence numbers.

    The caller checked the drafts against the balances (``invariants.apply_checked``) and
    holds the locks of every holding they post to (and of the head it passes, from
    :func:`locked_for_append`).
    """
    sealed = chain(drafts, head or _head())
    sql.insert(JournalEntry, _ENTRY, [_entry_values(e) for e in sealed])
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
    _insert_postings(postings)
    _save_balances(holdings.values())
    sql.execute(
        f"UPDATE {sql.table(JournalHead)} SET seq = %s, hash = %s WHERE id = 1",
        [sealed[-1].seq, sealed[-1].hash],
    )
    return [e.seq for e in sealed]


def _insert_postings(rows: list[tuple[Any, ...]]) -> None:
    """Insert postings given by their entry's sequence number: the entry's key is looked
    up by the statement itself, so nothing has to come back from inserting the entries
    first (and on PostgreSQL the writes of a run go out in one pipeline). The entries
    are also bounded by their range of sequence numbers, so that the lookup goes by the
    index (for rows given as JSON PostgreSQL guesses 100 and would scan the journal)."""
    names = ("seq", *_POSTING[1:])
    columns = ", ".join(sql.column(c) for c in _POSTING)
    values = ", ".join(f"v.{sql.column(c)}" for c in _POSTING[1:])
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


_BALANCE = ("id", "kg", "committed_kg")


@sql.cached
def _balances_query(count: int) -> str:
    table = sql.table(Holding)
    pk, kg, committed = (sql.column(c) for c in _BALANCE)
    return (
        f"UPDATE {table} SET {kg} = v.{kg}, {committed} = v.{committed} "
        f"FROM {sql.rows_of(Holding, _BALANCE, count)} "
        f"WHERE {table}.{pk} = v.{pk} AND {table}.{pk}{sql.any_of(count)}"
    )


def _save_balances(holdings: Iterable[Holding]) -> None:
    """Write the balances of the locked ``holdings`` back, in one statement (statements of
    ``CHUNK`` rows on SQLite); the holdings are also named in a list, so that they are
    looked up by key rather than by a scan (see :func:`_insert_postings`)."""
    unique = {h.pk: h for h in holdings}
    rows = [(pk, h.kg, h.committed_kg) for pk, h in sorted(unique.items())]
    size = len(rows) if sql.arrays() else sql.CHUNK
    for start in range(0, len(rows), size):
        part = rows[start : start + size]
        sql.execute(
            _balances_query(len(part)),
            [*sql.rows_params(part, len(_BALANCE)), *sql.any_params(r[0] for r in part)],
        )


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


# --- reading the journal back ------------------------------------------------------------


def _domain_entry(row: JournalEntry, postings: list[Posting]) -> DomainEntry:
    payment = None
    if row.payment_fen is not None:
        payment = Payment(row.payer, row.payee, row.payment_fen)
    return DomainEntry(
        entry_id=row.entry_id,
        kind=EntryKind(row.kind),
        cause=Cause(CauseKind(row.cause_kind), row.cause_ref),
        recorded_at=row.recorded_at,
        postings=tuple(
            DomainPosting(
                HoldingKey(p.account, p.pollutant, p.valid_from, p.valid_to, Origin(p.origin)),
                p.delta_kg,
            )
            for p in postings
        ),
        payment=payment,
        seq=row.seq,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


def journal(batch: int = 2000) -> Iterator[DomainEntry]:
    """Every entry of the journal in sequence order, streamed in batches."""
    last = 0
    while True:
        rows = list(JournalEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        by_entry: dict[int, list[Posting]] = {r.pk: [] for r in rows}
        for p in Posting.objects.filter(entry_id__in=list(by_entry)).order_by("pk"):
            by_entry[p.entry_id].append(p)
        for row in rows:
            yield _domain_entry(row, by_entry[row.pk])
        last = rows[-1].seq


def stored_balances() -> dict[HoldingKey, int]:
    return {_key_of(r): r.kg for r in Holding.objects.all()}


def verify_ledger() -> tuple[VerifyReport, JournalHead | None]:
    """Recompute the chain and every balance; also return the head row to compare."""
    with transaction.atomic():
        report = verify(journal(), stored_balances())
        head = JournalHead.objects.filter(pk=1).first()
    return report, head
