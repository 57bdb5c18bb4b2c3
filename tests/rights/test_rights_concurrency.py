"""Concurrent clients on PostgreSQL: one holding is never oversold, a trade settles once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction

from deltacap import db as sql
from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.audit import context
from deltacap.audit.models import AuditEvent
from deltacap.domain.rights.errors import AlreadySettled, InsufficientHolding
from deltacap.rights import journal, services
from deltacap.rights.journal import transactions
from deltacap.rights.models import Holding, Settlement, Trade
from tests.concurrency import together
from tests.rights.market_world import MarketWorld, build_market, issue

pytestmark = pytest.mark.postgres_only
CLIENTS = 16


def _approved_trades(market: MarketWorld, holding: Holding, count: int) -> list[Trade]:
    """``count`` trades of 1 t each against ``holding``, approved by both bureaus.

    Made directly, as if agreed, so that together they promise more than is held: only
    settlement's own check stands between them and an oversold holding.
    """
    buyer = services.account_of(market.jiashan.enterprise)
    now = datetime.now(UTC)
    trades = [
        Trade.objects.create(
            kind="listing",
            seller=holding.account,
            buyer=buyer,
            holding=holding,
            quantity_kg=1000,
            price_fen_per_tonne=1_000_000,
            value_fen=1_000_000,
            agreed_at=now,
            source_ref="test",
        )
        for _ in range(count)
    ]
    Holding.objects.filter(pk=holding.pk).update(committed_kg=1000 * count)
    bureaus = [User.objects.get(username=name) for name in ("sz-editor", "zj-editor")]
    for trade in trades:
        for bureau in bureaus:
            services.decide_trade(
                by=bureau,
                channel="api",
                trade_id=trade.pk,
                approve=True,
                settle_when_approved=False,
            )
    return trades


@pytest.mark.django_db(transaction=True)
def test_many_clients_listing_the_same_holding_at_once_cannot_oversell_it(world: None) -> None:
    market = build_market()
    holding = issue(market.wujiang, "10")
    user = market.wujiang.user
    results = together(
        *[
            lambda: services.open_listing(
                by=user,
                channel="api",
                holding_id=holding.pk,
                tonnes="1",
                price_yuan_per_tonne="9000",
            )
            for _ in range(CLIENTS)
        ]
    )
    refused = [r for r in results if isinstance(r, InsufficientHolding)]
    assert len(refused) == CLIENTS - 10
    assert all(not isinstance(r, Exception) or r in refused for r in results)
    holding.refresh_from_db()
    assert (holding.kg, holding.committed_kg) == (10_000, 10_000)


@pytest.mark.django_db(transaction=True)
def test_many_clients_settling_against_one_holding_never_oversell_it(world: None) -> None:
    market = build_market()
    holding = issue(market.wujiang, "10")
    trades = _approved_trades(market, holding, CLIENTS)
    bureau = User.objects.get(username="sz-editor")
    results = together(
        *[
            lambda t=t: services.settle_trade(by=bureau, channel="api", trade_id=t.pk)
            for t in trades
        ]
    )
    settled = [r for r in results if isinstance(r, Settlement)]
    refused = [r for r in results if isinstance(r, InsufficientHolding)]
    assert (len(settled), len(refused)) == (10, CLIENTS - 10), results
    holding.refresh_from_db()
    assert holding.kg == 0
    report, head = journal.verify_ledger()
    assert report.ok and head is not None and head.seq == 1 + 10


@pytest.mark.django_db(transaction=True)
def test_many_clients_settling_the_same_trade_settle_it_once(world: None) -> None:
    market = build_market()
    holding = issue(market.wujiang, "10")
    (trade,) = _approved_trades(market, holding, 1)
    bureau = User.objects.get(username="sz-editor")
    results = together(
        *[
            lambda: services.settle_trade(by=bureau, channel="api", trade_id=trade.pk)
            for _ in range(8)
        ]
    )
    assert sum(isinstance(r, Settlement) for r in results) == 1
    assert sum(isinstance(r, AlreadySettled) for r in results) == 7, results
    holding.refresh_from_db()
    assert holding.kg == 9000
    assert journal.verify_ledger()[0].ok


@pytest.mark.django_db(transaction=True)
def test_clients_settling_at_once_each_get_their_own_settlement_and_audit_event(
    world: None,
) -> None:
    market = build_market()
    holding = issue(market.wujiang, "10")
    trades = _approved_trades(market, holding, 10)
    users = [User.objects.get(username=n) for n in ("js-editor", "sz-editor", "zj-editor")]

    def settle(i: int) -> Settlement:
        token = context.set_origin(f"client {i}")
        try:
            return services.settle_trade(by=users[i % 3], channel="api", trade_id=trades[i].pk)
        finally:
            context.reset_origin(token)

    results = together(*[lambda i=i: settle(i) for i in range(10)])
    assert [r.trade_id for r in results] == [t.pk for t in trades], results
    events = {int(e.object_id): e for e in AuditEvent.objects.filter(action="rights.settle")}
    for i, trade in enumerate(trades):
        assert events[trade.pk].origin == f"client {i}"
        assert events[trade.pk].actor_username == users[i % 3].username
    assert Trade.objects.filter(status="settled").count() == 10
    report, head = journal.verify_ledger()
    assert report.ok and head is not None and head.seq == 1 + 10


@pytest.mark.django_db(transaction=True)
def test_settlement_runs_racing_from_separate_workers_never_oversell(world: None) -> None:
    """What two server processes do: each settles its own run, with no shared queue."""
    market = build_market()
    holding = issue(market.wujiang, "10")
    trades = _approved_trades(market, holding, CLIENTS)
    bureau = User.objects.get(username="sz-editor")
    runs = [trades[i::4] for i in range(4)]
    results = together(
        *[
            lambda run=run: services.settle_trades(
                by=bureau, channel="api", trade_ids=[t.pk for t in run]
            )
            for run in runs
        ]
    )
    outcomes = [o for r in results for o in r.values()]
    assert sum(isinstance(o, Settlement) for o in outcomes) == 10, results
    assert sum(isinstance(o, InsufficientHolding) for o in outcomes) == CLIENTS - 10
    holding.refresh_from_db()
    assert (holding.kg, holding.committed_kg) == (0, 1000 * (CLIENTS - 10))
    assert journal.verify_ledger()[0].ok


@pytest.mark.django_db(transaction=True)
def test_settlement_statements_are_prepared_unless_turned_off_for_a_pooler(
    world: None, settings: Any
) -> None:
    market = build_market()
    holding = issue(market.wujiang, "10")
    first, second = _approved_trades(market, holding, 2)

    def prepared_statements() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            return int(cursor.fetchone()[0])

    # Behind a pooler in transaction mode: nothing is prepared, settlement still works.
    settings.DELTACAP_DB_PREPARED = False
    connection.close()
    services.settle_trade(by=PLATFORM, channel="system", trade_id=first.pk)
    assert prepared_statements() == 0
    # The default: the settlement run's statements are prepared on the connection, and
    # run on their generic plans (planned once, not again at each execution).
    settings.DELTACAP_DB_PREPARED = True
    connection.close()
    services.settle_trade(by=PLATFORM, channel="system", trade_id=second.pk)
    assert prepared_statements() >= 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT sum(generic_plans), sum(custom_plans) FROM pg_prepared_statements")
        generic, custom = cursor.fetchone()
    assert (generic >= 5, custom) == (True, 0)
    assert Settlement.objects.filter(trade_id__in=[first.pk, second.pk]).count() == 2
    report, _head = journal.verify_ledger()
    assert report.ok


@pytest.mark.django_db(transaction=True)
def test_statements_are_planned_again_as_the_journal_grows(
    world: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection's prepared statements keep the plans made while the tables were
    small (a scan of a table that is now large, every time) unless they are planned
    again: after the journal has doubled they are dropped and prepared afresh, and
    settlement goes on without a hitch."""
    monkeypatch.setattr(sql, "REPLAN_AFTER", 0)
    market = build_market()
    holding = issue(market.wujiang, "10")
    trades = _approved_trades(market, holding, 8)

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    connection.close()
    services.settle_trade(by=PLATFORM, channel="system", trade_id=trades[0].pk)
    first = prepared()
    assert len(first) >= 5
    for trade in trades[1:]:
        services.settle_trade(by=PLATFORM, channel="system", trade_id=trade.pk)
    later = prepared()
    assert len(later) >= 5
    assert not first & later  # planned again: every statement under a new name
    assert Settlement.objects.filter(trade__in=trades).count() == len(trades)
    assert Holding.objects.get(pk=holding.pk).kg == 10_000 - 1000 * len(trades)
    assert journal.verify_ledger()[0].ok


@pytest.mark.django_db(transaction=True)
def test_journal_writers_in_separate_runs_queue_without_conflicts(
    world: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settlement runs that do not share a group commit (other processes, or operators'
    runs) queue on the journal's lock, taken before their snapshot: each sees the one
    before it committed, so none fails on a conflict and has to be run again."""
    market = build_market()
    holding = issue(market.wujiang, "10")
    trades = _approved_trades(market, holding, CLIENTS // 2)
    conflicts: list[Exception] = []
    failed = transactions._is_serialization_failure

    def counted(exc: Any) -> bool:
        if failed(exc):
            conflicts.append(exc)
            return True
        return False

    monkeypatch.setattr(transactions, "_is_serialization_failure", counted)
    issuers = [
        lambda: services.issue_rights(
            by=PLATFORM,
            channel="system",
            enterprise_id=market.jiashan.enterprise.pk,
            pollutant="VOCs",
            tonnes="1",
            valid_from=holding.valid_from,
            valid_to=holding.valid_to,
        )
        for _ in range(CLIENTS // 2)
    ]
    settlers = [
        lambda trade=trade: services.settle_trades(
            by=PLATFORM, channel="system", trade_ids=[trade.pk]
        )
        for trade in trades
    ]
    results = together(*settlers, *issuers)
    assert not [r for r in results if isinstance(r, Exception)]
    assert not conflicts
    assert Settlement.objects.filter(trade__in=trades).count() == len(trades)
    assert Holding.objects.get(pk=holding.pk).kg == 10_000 - 1000 * len(trades)
    assert journal.verify_ledger()[0].ok


@pytest.mark.django_db(transaction=True)
def test_settlement_does_not_wait_for_writes_to_the_parties_other_holdings(
    world: None,
) -> None:
    """While another transaction holds the buyer's own rights of the same pollutant and
    validity (listing them, say), a trade settles at once: the run locks the holdings it
    may post to, not every holding of its parties."""
    market = build_market()
    holding = issue(market.wujiang, "10")
    own = issue(market.jiashan, "5")  # the buyer's own rights, same vintage, issued
    (trade,) = _approved_trades(market, holding, 1)
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    holds, done = threading.Event(), threading.Event()

    def listing_its_own() -> None:
        with other.transaction():
            other.execute(
                "UPDATE rights_holding SET committed_kg = committed_kg + 1 WHERE id = %s",
                [own.pk],
            )
            holds.set()
            done.wait(30)

    thread = threading.Thread(target=listing_its_own)
    thread.start()
    try:
        assert holds.wait(30)
        with connection.cursor() as cursor:  # waiting on that row would fail, not hang
            cursor.execute("SET lock_timeout = '2s'")
        settlement = services.settle_trade(by=PLATFORM, channel="system", trade_id=trade.pk)
    finally:
        done.set()
        thread.join()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert settlement.delivered_kg == 1000
    assert Holding.objects.get(pk=own.pk).committed_kg == 1
    assert journal.verify_ledger()[0].ok


@pytest.mark.django_db(transaction=True)
def test_settlement_inside_a_callers_transaction_joins_it_without_the_journal_lock(
    world: None,
) -> None:
    """A caller that settles inside its own transaction may hold other locks already:
    taking the journal's lock after them could wait in a circle with a settlement run,
    and would be held until the caller commits. The run joins the transaction as it is."""
    market = build_market()
    holding = issue(market.wujiang, "10")
    (trade,) = _approved_trades(market, holding, 1)
    with transaction.atomic():
        settlement = services.settle_trade(by=PLATFORM, channel="system", trade_id=trade.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() "
                "AND relation = 'rights_journallock'::regclass"
            )
            (journal_locks,) = cursor.fetchone()
    assert journal_locks == 0
    assert Settlement.objects.get(trade=trade).key == settlement.key
    assert journal.verify_ledger()[0].ok


@pytest.mark.django_db(transaction=True)
def test_a_run_refused_at_its_commit_is_run_again_and_settles_once(
    world: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's writes go out with its COMMIT in one round trip: a serialization failure
    that only shows there (as another writer's commit could cause) still rolls the whole
    run back and runs it again, and the trade settles once, with its audit event once."""
    from deltacap.rights.journal import runs

    market = build_market()
    holding = issue(market.wujiang, "10")
    (trade,) = _approved_trades(market, holding, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION test_refuse_commit() RETURNS int AS $$ BEGIN "
            "RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; "
            "END $$ LANGUAGE plpgsql"
        )
    attempts: list[int] = []
    write = runs._write_at_once

    def refused_once(*args: Any) -> Any:
        written = write(*args)
        attempts.append(1)
        if len(attempts) == 1:  # sent after the writes, answered only with the COMMIT
            sql.later("SELECT test_refuse_commit()")
        return written

    monkeypatch.setattr(runs, "_write_at_once", refused_once)
    settled = services.settle_trade(by=PLATFORM, channel="system", trade_id=trade.pk)
    assert len(attempts) == 2
    assert Settlement.objects.get(trade=trade).pk == settled.pk
    assert AuditEvent.objects.filter(action="rights.settle", object_id=str(trade.pk)).count() == 1
    assert Holding.objects.get(pk=holding.pk).kg == 9000
    assert journal.verify_ledger()[0].ok
