"""``deltacap ledger verify``: passes on a sound journal, names the entry altered by hand."""

from __future__ import annotations

import json

from django.db import connection
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.cli import app
from deltacap.rights import services
from deltacap.rights.models import JournalEntry, Posting
from tests.rights.market_world import MarketWorld, issue

runner = CliRunner()


def _settled_trade(market: MarketWorld) -> None:
    issue(market.wujiang)
    issue(market.jiashan, "7")
    holding = market.wujiang.enterprise.rights_account.holdings.get()
    from deltacap.rights.services import open_listing

    listing = open_listing(
        by=market.wujiang.user,
        channel="cli",
        holding_id=holding.pk,
        tonnes="2.5",
        price_yuan_per_tonne="8000",
    )
    trade = services.accept_listing(
        by=market.qingpu.user, channel="cli", listing_id=listing.pk, tonnes="2.5"
    )
    for bureau in ("js-editor", "qp-editor"):
        services.decide_trade(
            by=User.objects.get(username=bureau), channel="cli", trade_id=trade.pk, approve=True
        )


def test_verify_passes_then_names_exactly_the_entry_altered_by_hand(market: MarketWorld) -> None:
    _settled_trade(market)
    result = runner.invoke(app, ["ledger", "verify", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] and report["entries_checked"] == 3

    altered = JournalEntry.objects.get(seq=2)
    posting = Posting.objects.filter(entry=altered, delta_kg__gt=0).get()
    with connection.cursor() as cursor:
        table = Posting._meta.db_table
        cursor.execute(f"UPDATE {table} SET delta_kg = delta_kg + 1 WHERE id = %s", [posting.pk])

    result = runner.invoke(app, ["ledger", "verify", "--json"])
    assert result.exit_code == 1
    broken = json.loads(result.output)["first_break"]
    assert (broken["seq"], broken["entry_id"]) == (2, altered.entry_id)

    result = runner.invoke(app, ["ledger", "verify"])
    assert result.exit_code == 1 and altered.entry_id in result.output


def test_verify_reports_a_holding_that_disagrees_with_the_journal(market: MarketWorld) -> None:
    _settled_trade(market)
    holding = market.jiashan.enterprise.rights_account.holdings.get()
    from deltacap.rights.models import Holding

    Holding.objects.filter(pk=holding.pk).update(kg=holding.kg + 1000)
    result = runner.invoke(app, ["ledger", "verify", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["balance_problems"]
