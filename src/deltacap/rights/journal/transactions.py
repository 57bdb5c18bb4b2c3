"""Transactions of the registry's writes: SERIALIZABLE on PostgreSQL and retried on a
conflict, queued behind the journal's other writers where they append to it.

Writers lock what they touch in one order: the journal (:func:`lock_journal`, the
transaction's first statement, PostgreSQL), the record that causes the entry (trade,
listing, account), the holdings in sorted key order, and the journal head last, so two
writers never wait for each other in a circle. SQLite takes its write lock at BEGIN
(IMMEDIATE), which queues every writer already.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from django.db import DatabaseError, connection, transaction

from deltacap import db as sql
from deltacap.rights.models import JournalLock

T = TypeVar("T")
P = ParamSpec("P")
RETRIES = 30


def unit_of_work(*, journal: bool = False) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run the decorated write in one transaction: SERIALIZABLE on PostgreSQL and tried
    again on a serialization failure (the whole function: its reads and its checks too),
    so that it decides on what it writes. ``journal``: the write appends to the journal
    and queues behind its other writers first. Inside a caller's transaction it joins it.
    """

    def decorate(write: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(write)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            return serializable(lambda: write(*args, **kwargs), journal=journal)

        return run

    return decorate


def _is_serialization_failure(exc: DatabaseError) -> bool:
    if connection.vendor == "sqlite":
        # The busy timeout ran out at BEGIN IMMEDIATE (its lock queue is not fair): nothing
        # was done, so the transaction is simply tried again.
        return "database is locked" in str(exc)
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in ("40001", "40P01")


def serializable(
    work: Callable[[], T],
    *,
    journal: bool = False,
    locks_journal: bool = False,
    pipelined: bool = False,
) -> T:
    """Run ``work`` in one transaction, SERIALIZABLE on PostgreSQL, retried on conflict.

    ``journal``: ``work`` appends to the journal. Every append ends by updating the one
    head row, so two appends that overlap in time always conflict at SERIALIZABLE; on
    PostgreSQL they therefore queue on :func:`lock_journal`, the transaction's first
    statement (its snapshot is then taken after the previous append committed), which
    ``work`` sends itself if ``locks_journal`` (in the pipeline of its first reads: no
    round trip of its own). Inside an enclosing transaction ``work`` simply joins it (no
    retry is possible there).

    ``pipelined`` (PostgreSQL): ``work`` runs in the driver's pipeline mode and the
    COMMIT follows it there, so that statements ``work`` sends last without reading their
    rows (``db.later``) go out with the COMMIT, in one round trip; it reads them after
    the commit. A failure there (a serialization failure at the COMMIT too) rolls back
    and is tried again like any other.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return work()
    if journal and not locks_journal:
        return _retried(lambda: _after_lock(work), pipelined)
    return _retried(work, pipelined)


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
    fails. Inside :func:`deltacap.db.pipeline` it goes out with the statements after it.
    Nothing on SQLite (BEGIN IMMEDIATE queues the writers).
    """
    if connection.vendor == "postgresql":
        sql.execute(_lock_statement(1))


_BEGIN = "BEGIN ISOLATION LEVEL SERIALIZABLE"


def _retried(work: Callable[[], T], pipelined: bool = False) -> T:
    for attempt in range(RETRIES):
        try:
            if pipelined and sql.arrays():
                with transaction.atomic(), sql.pipelined_transaction(_BEGIN):
                    return work()
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
