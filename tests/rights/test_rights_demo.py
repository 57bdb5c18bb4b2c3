"""The demo registry: pilot counties, confirmed rights, a year of settled trades."""

from __future__ import annotations

from typing import Any

from deltacap.reference.models import Division
from deltacap.rights import journal
from deltacap.rights.demo import load_demo_rights
from deltacap.rights.models import Trade


def test_the_demo_loads_a_verified_year_of_trades_once(db: Any, api: Any) -> None:
    written = load_demo_rights()
    assert written > 0
    pilots = set(Division.objects.filter(pilot_county=True).values_list("code", flat=True))
    assert pilots == {"310118", "320509", "330421", "341882", "330102"}
    settled = Trade.objects.filter(status="settled")
    assert settled.count() == 22 + 2  # the auction sells 12 t to its two highest bids
    assert {t.settled_at.month for t in settled} == set(range(2, 13))
    report, head = journal.verify_ledger()
    assert report.ok and head is not None and head.seq == written
    public = api.get("/api/v1/market/trades").json()
    assert len(public) == 24 and {row["pollutant"] for row in public} >= {"VOCs", "COD"}
    assert load_demo_rights() == 0


def test_the_demo_rights_are_confirmed_from_the_calculators_with_fees(db: Any) -> None:
    from deltacap.rights.models import Confirmation, Holding, JournalEntry

    load_demo_rights()
    confirmations = list(Confirmation.objects.all())
    enterprise_holdings = Holding.objects.filter(account__kind="enterprise", origin="initial_paid")
    assert len(confirmations) == enterprise_holdings.count() > 0
    for c in confirmations:
        assert c.fee_fen == c.kg * c.price_fen_per_tonne_year * c.fee_years // 1000
        assert JournalEntry.objects.get(entry_id=c.entry_id).cause_ref.startswith("confirmation:")
        chosen = min(c.candidates, key=lambda x: x["kg"])
        assert c.method == chosen["method"] and c.kg == chosen["kg"]
    assert {c.method for c in confirmations} == {"air_concentration", "water_concentration"}
