"""Settled trades per second of ``rights.services.settle_trade``, with the ledger verified after.

Figure in docs/PERFORMANCE.md ("Emission-rights settlement"). Run from the repository root:

    .venv/bin/python bench/bench_rights_settle.py --data-dir /tmp/bench-rights
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rights_bench \\
        .venv/bin/python bench/bench_rights_settle.py --data-dir /tmp/bench-rights-pg

The database must be empty or a previous run of this script (it migrates, loads the
divisions and a small market, and adds its own enterprises). ``--trades`` approved trades
are made first (directly in the tables: only settlement is timed), between ``--accounts``
sellers and as many buyers, so that many trades hit the same few holdings. Then
``--clients`` threads, each with its own connection, settle them all through the service,
one trade per call (``settle_trade``: concurrent calls share runs by group commit; the
mean run is printed) or ``--batch`` trades per call (``settle_trades``), SERIALIZABLE with
retries on PostgreSQL, IMMEDIATE on SQLite. The issue's target is 2,000 settled trades
per second with 8 clients.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

TARGET = 2_000
COUNTIES = ["320509", "330421", "341882"]


def _django(data_dir: Path) -> None:
    os.environ["DELTACAP_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _world(accounts: int) -> tuple[list[Any], list[Any], Any]:
    """Sellers with plenty of rights, buyers, and the two bureaus that approve."""
    from deltacap.accounts.models import User
    from deltacap.accounts.permissions import PLATFORM
    from deltacap.enterprises.models import Enterprise
    from deltacap.reference.models import Division
    from deltacap.reference.services import load_reference_data
    from deltacap.rights import services
    from deltacap.rights.config import load_market_data

    if not Division.objects.exists():
        load_reference_data()
    load_market_data()
    for code in COUNTIES:
        services.set_pilot_county(by=PLATFORM, channel="system", county_code=code, pilot=True)
    bureau, _ = User.objects.get_or_create(
        username="bench-bureau", defaults={"role": "member_editor", "division_id": "320000"}
    )
    sellers, buyers = [], []
    for i in range(2 * accounts):
        division = Division.objects.get(code=COUNTIES[i % 2] if i < accounts else COUNTIES[0])
        firm, _ = Enterprise.objects.get_or_create(
            uscc=f"91BENCH{i:011d}", defaults={"name": f"bench {i}", "division": division}
        )
        account = services.account_of(firm)
        (sellers if i < accounts else buyers).append(account)
    return sellers, buyers, bureau


def _trades(sellers: list[Any], buyers: list[Any], bureau: Any, count: int) -> list[int]:
    """``count`` approved 1-tonne VOCs trades, round robin over the sellers and buyers."""
    from django.db import transaction

    from deltacap.accounts.permissions import PLATFORM
    from deltacap.rights import services
    from deltacap.rights.models import ApprovalDecision, Holding, Trade

    holdings = []
    for seller in sellers:
        holdings.append(
            services.issue_rights(
                by=PLATFORM,
                channel="system",
                enterprise_id=seller.enterprise_id,
                pollutant="VOCs",
                tonnes=str(count),
                valid_from=date(2025, 1, 1),
                valid_to=date(2029, 12, 31),
            )
        )
    now = datetime.now(UTC)
    with transaction.atomic():
        trades = Trade.objects.bulk_create(
            Trade(
                kind="listing",
                seller=sellers[i % len(sellers)],
                buyer=buyers[(i // len(sellers)) % len(buyers)],
                holding=holdings[i % len(sellers)],
                quantity_kg=1000,
                price_fen_per_tonne=1_000_000,
                value_fen=1_000_000,
                agreed_at=now,
                source_ref="bench",
                status="approved",
            )
            for i in range(count)
        )
        for h in holdings:
            Holding.objects.filter(pk=h.pk).update(committed_kg=h.kg)
        ApprovalDecision.objects.bulk_create(
            ApprovalDecision(
                trade=t,
                side=side,
                user=bureau,
                bureau_division="320000",
                approved=True,
                decided_at=now,
            )
            for t in trades
            for side in ("seller", "buyer")
        )
    return [t.pk for t in trades]


def _settle_all(
    trade_ids: list[int], clients: int, batch: int
) -> tuple[float, float, list[BaseException]]:
    """Wall time and this process's CPU time (all threads) of settling, and the errors."""
    from django.db import connections

    from deltacap.accounts.permissions import PLATFORM
    from deltacap.rights.models import Settlement
    from deltacap.rights.services import settle_trade, settle_trades

    work: queue.Queue[list[int]] = queue.Queue()
    for start in range(0, len(trade_ids), batch):
        work.put(trade_ids[start : start + batch])
    errors: list[BaseException] = []
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        barrier.wait()
        try:
            while True:
                try:
                    ids = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    if batch == 1:
                        settle_trade(by=PLATFORM, channel="system", trade_id=ids[0])
                        continue
                    results = settle_trades(by=PLATFORM, channel="system", trade_ids=ids)
                    errors.extend(r for r in results.values() if not isinstance(r, Settlement))
                except Exception as exc:  # noqa: BLE001 - counted and shown
                    errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    return time.perf_counter() - start, time.process_time() - cpu, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--trades", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--accounts", type=int, default=4, help="sellers (and buyers)")
    parser.add_argument(
        "--batch", type=int, default=1, help="trades per settlement run (1: settle_trade)"
    )
    args = parser.parse_args(argv)
    _django(args.data_dir)
    from django.db import connection

    from deltacap.rights.journal import verify_ledger
    from deltacap.rights.services.settlement import SETTLEMENT_RUNS

    sellers, buyers, bureau = _world(args.accounts)
    trade_ids = _trades(sellers, buyers, bureau, args.trades)
    runs_before, served_before = SETTLEMENT_RUNS.counts()
    elapsed, cpu, errors = _settle_all(trade_ids, args.clients, args.batch)
    runs_after, served_after = SETTLEMENT_RUNS.counts()
    runs, served = runs_after - runs_before, served_after - served_before
    settled = len(trade_ids) - len(errors)
    started = time.perf_counter()
    report, head = verify_ledger()
    verify_s = time.perf_counter() - started
    ok = report.ok and head is not None and head.hash == report.head_hash
    print(
        f"{connection.vendor} {platform.python_implementation()} {platform.python_version()}: "
        f"{settled} trades settled by {args.clients} clients ({args.batch} per call) over "
        f"{args.accounts} sellers and "
        f"{args.accounts} buyers in {elapsed:.2f} s = {settled / elapsed:,.0f} trades/s "
        f"(target {TARGET:,}); {len(errors)} errors"
        + f"; client CPU {cpu / max(settled, 1) * 1e6:,.0f} us a trade"
        + (f"; group commit: {served / runs:.1f} trades per run" if runs else "")
        + (f" (first: {errors[0]!r})" if errors else "")
        + f"; ledger {'verified' if ok else 'BROKEN'}: {report.entries_checked} entries "
        f"in {verify_s:.2f} s"
    )
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
