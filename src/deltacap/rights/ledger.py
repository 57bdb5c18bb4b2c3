"""The only writer of the journal, and the reader ``deltacap ledger verify`` uses.

Writers lock what they touch in one order: the record that causes the entry (trade,
listing, account), the holdings in sorted key order (:func:`lock_holdings`), and the
journal head last (:func:`append`), so two writers never wait for each other in a circle.
On PostgreSQL the write runs at SERIALIZABLE and is retried on a serialization failure
(:func:`serializable`); SQLite takes its write lock at BEGIN (IMMEDIATE).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.db import DatabaseError, connection, transaction
from django.db.models import Q

from deltacap.domain.rights.accounts import HoldingKey, Origin
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
from deltacap.rights.models import Holding, JournalEntry, JournalHead, Posting

T = TypeVar("T")
RETRIES = 30
# pg_advisory_lock key of the journal's writers (any fixed 64-bit number).
JOURNAL_LOCK = 0x6C6564676572


def _is_serialization_failure(exc: DatabaseError) -> bool:
    if connection.vendor == "sqlite":
        # The busy timeout ran out at BEGIN IMMEDIATE (its lock queue is not fair): nothing
        # was done, so the transaction is simply tried again.
        return "database is locked" in str(exc)
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in ("40001", "40P01")


def serializable(work: Callable[[], T], *, journal: bool = False) -> T:
    """Run ``work`` in one transaction, SERIALIZABLE on PostgreSQL, retried on conflict.

    ``journal``: ``work`` appends to the journal. Every append ends by updating the one
    head row, so two appends that overlap in time always conflict at SERIALIZABLE; on
    PostgreSQL they therefore queue on an advisory lock taken before the transaction
    starts (its snapshot is then taken after the previous append committed). SQLite
    queues every writer at BEGIN IMMEDIATE already. Inside an enclosing transaction
    ``work`` simply joins it (no retry is possible there).
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return work()
    if journal and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [JOURNAL_LOCK])
        try:
            return _retried(work)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [JOURNAL_LOCK])
    return _retried(work)


def _retried(work: Callable[[], T]) -> T:
    for attempt in range(RETRIES):
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
                return work()
        except DatabaseError as exc:
            if not _is_serialization_failure(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(0.001 * (attempt + 1))
    raise AssertionError("unreachable")


def _key_q(key: HoldingKey) -> Q:
    return Q(
        account_id=key.account,
        pollutant=key.pollutant,
        valid_from=key.valid_from,
        valid_to=key.valid_to,
        origin=key.origin.value,
    )


def _key_of(row: Holding) -> HoldingKey:
    return HoldingKey(
        row.account_id, row.pollutant, row.valid_from, row.valid_to, Origin(row.origin)
    )


def lock_holdings(keys: Iterable[HoldingKey]) -> dict[HoldingKey, Holding]:
    """The holdings of ``keys``, created at 0 kg where missing, locked in sorted key order."""
    wanted = sorted(set(keys))
    query = Q()
    for key in wanted:
        query |= _key_q(key)
    order = ["account_id", "pollutant", "valid_from", "valid_to", "origin"]
    locked = Holding.objects.select_for_update().filter(query).order_by(*order)
    rows = {_key_of(r): r for r in locked}
    missing = [k for k in wanted if k not in rows]
    if missing:
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
        rows = {_key_of(r): r for r in locked.all()}
    return rows


def _head() -> JournalHead:
    head = JournalHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = JournalHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
    return head


def append(
    drafts: tuple[EntryDraft, ...], holdings: dict[HoldingKey, Holding]
) -> list[JournalEntry]:
    """Seal ``drafts`` after the head, insert them and apply them to the locked ``holdings``.

    The caller checked the drafts against the balances (``invariants.apply_checked``) and
    holds the locks of every holding they post to.
    """
    head = _head()
    sealed = chain(drafts, ChainHead(head.seq, head.hash))
    rows = JournalEntry.objects.bulk_create([_entry_row(e) for e in sealed])
    postings = []
    for row, entry in zip(rows, sealed, strict=True):
        for p in entry.postings:
            postings.append(_posting_row(row, p))
            holdings[p.holding].kg += p.delta_kg
    Posting.objects.bulk_create(postings)
    for holding in {id(h): h for h in holdings.values()}.values():
        holding.save(update_fields=["kg", "committed_kg"])
    head.seq, head.hash = sealed[-1].seq, sealed[-1].hash
    head.save(update_fields=["seq", "hash"])
    return rows


def _entry_row(e: DomainEntry) -> JournalEntry:
    return JournalEntry(
        seq=e.seq,
        entry_id=e.entry_id,
        kind=e.kind.value,
        cause_kind=e.cause.kind.value,
        cause_ref=e.cause.ref,
        recorded_at=e.recorded_at,
        payer=e.payment.payer if e.payment else "",
        payee=e.payment.payee if e.payment else "",
        payment_fen=e.payment.fen if e.payment else None,
        prev_hash=e.prev_hash,
        hash=e.hash,
    )


def _posting_row(entry: JournalEntry, p: DomainPosting) -> Posting:
    h = p.holding
    return Posting(
        entry=entry,
        account=h.account,
        pollutant=h.pollutant,
        valid_from=h.valid_from,
        valid_to=h.valid_to,
        origin=h.origin.value,
        delta_kg=p.delta_kg,
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
