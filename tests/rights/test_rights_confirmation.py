"""Confirmation of rights (确权) through its service: the calculator's inputs in, the
smaller allocation issued through the ledger, the paid-use fee at the office's price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, DeltacapError
from deltacap.domain.rights.errors import MethodNotApplicable, NoScheduleEntry
from deltacap.rights import journal, services
from deltacap.rights.models import Confirmation, Holding, JournalEntry, PaidUsePriceRow
from deltacap.rights.services import confirm_rights
from tests.rights.market_world import MarketWorld

PERFORMANCE = {"capacity_mw": "300", "utilisation_hours": "5000", "performance_g_kwh": "0.5"}
AIR = {"limit_mg_m3": "100", "flow_m3_h": "1000000", "hours": "5000"}
PRICE_YUAN = Decimal("2000")


def _user(name: str) -> Any:
    return User.objects.get(username=name)


def _price(yuan: Decimal = PRICE_YUAN, valid_from: str = "2020-01-01", **kw: Any) -> Any:
    return services.set_paid_use_price(
        by=_user("office"),
        channel="api",
        pollutant=kw.pop("pollutant", "NOx"),
        yuan_per_tonne_year=yuan,
        valid_from=valid_from,
        source="测试价格",
        **kw,
    )


def _confirm(market: MarketWorld, by: str = "sz-editor", **kw: Any) -> Confirmation:
    args: dict[str, Any] = {
        "by": _user(by),
        "channel": "api",
        "enterprise_id": market.wujiang.enterprise.pk,
        "pollutant": "NOx",
        "valid_from": "2025-01-01",
        "valid_to": "2029-12-31",
        "basis": "江苏省排污权核定试点规则",
        "methods": {"performance": PERFORMANCE, "air_concentration": AIR},
    }
    args.update(kw)
    return confirm_rights(**args)


def _counts() -> tuple[int, ...]:
    return (
        Confirmation.objects.count(),
        JournalEntry.objects.count(),
        Holding.objects.filter(kg__gt=0).count(),
        AuditEvent.objects.filter(action="rights.confirm").count(),
    )


def test_the_smaller_method_sets_the_rights_issued_through_the_ledger(
    market: MarketWorld,
) -> None:
    _price()
    confirmation = _confirm(market)
    performance_kg = 300 * 5000 * Decimal("0.5")  # MW × h × g/kWh = kg
    air_kg = 100 * 1_000_000 * 5000 / Decimal(10**6)  # mg/m3 × m3/h × h → kg
    assert confirmation.kg == min(performance_kg, air_kg) == air_kg
    assert confirmation.method == "air_concentration"
    assert {c["method"] for c in confirmation.candidates} == {"performance", "air_concentration"}
    stored = {c["method"]: c for c in confirmation.candidates}
    assert stored["performance"]["inputs"] == PERFORMANCE
    assert stored["performance"]["kg"] == performance_kg
    assert "HJ 942-2018" in confirmation.formula_source
    holding = Holding.objects.get(account__enterprise=market.wujiang.enterprise, pollutant="NOx")
    assert holding.kg == air_kg and holding.origin == "initial_paid"
    entry = JournalEntry.objects.get(entry_id=confirmation.entry_id)
    assert entry.cause_kind == "decision" and entry.cause_ref.startswith("confirmation:")
    report, _ = journal.verify_ledger()
    assert report.first_break is None and not report.balance_mismatches


def test_the_paid_use_fee_is_tonnes_times_price_times_years_of_validity(
    market: MarketWorld,
) -> None:
    price = _price()
    confirmation = _confirm(market)
    years = 5  # 2025-01-01 .. 2029-12-31
    expected_fen = int(Decimal(confirmation.kg) / 1000 * PRICE_YUAN * 100 * years)
    assert confirmation.fee_fen == expected_fen
    assert confirmation.fee_years == years
    assert confirmation.price == price
    assert confirmation.price_source == "测试价格"


def test_a_member_price_wins_over_the_region_wide_one(market: MarketWorld) -> None:
    _price()
    _price(Decimal("3000"), member_code="320000")
    confirmation = _confirm(market)
    assert confirmation.price_fen_per_tonne_year == 300000


def test_free_rights_carry_no_fee_and_need_no_price(market: MarketWorld) -> None:
    confirmation = _confirm(market, origin="initial_free")
    assert confirmation.fee_fen is None
    assert Holding.objects.get(pk=confirmation.holding_id).origin == "initial_free"


def test_confirmation_is_audited_with_its_method_and_fee(market: MarketWorld) -> None:
    _price()
    confirmation = _confirm(market)
    event = AuditEvent.objects.get(action="rights.confirm", object_id=str(confirmation.pk))
    assert event.actor.username == "sz-editor"
    assert event.after["method"] == "air_concentration"
    assert event.after["fee_fen"] == confirmation.fee_fen


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"methods": {"performance": {**PERFORMANCE, "capacity_mw": ""}}}, "capacity_mw"),
        (
            {"methods": {"performance": {**PERFORMANCE, "utilisation_hours": "0"}}},
            "utilisation_hours",
        ),
        ({"methods": {"performance": {**PERFORMANCE, "hours": "1"}}}, "hours"),
        ({"methods": {"air_concentration": {**AIR, "flow_m3_h": "-3"}}}, "flow_m3_h"),
        ({"methods": {"air_concentration": {**AIR, "limit_mg_m3": "abc"}}}, "limit_mg_m3"),
        ({"methods": {}}, "methods"),
        ({"methods": {"guess": {}}}, "methods"),
        ({"pollutant": "SO3"}, "pollutant"),
        ({"valid_from": "2025-13-01"}, "valid_from"),
        ({"valid_to": "2024-01-01"}, "valid_to"),
        ({"basis": "  "}, "basis"),
        ({"origin": "purchase"}, "origin"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    market: MarketWorld, change: dict[str, Any], field: str
) -> None:
    _price()
    before = _counts()
    with pytest.raises(DeltacapError) as caught:
        _confirm(market, **change)
    assert caught.value.field == field
    assert _counts() == before


def test_a_water_method_for_an_air_pollutant_is_refused(market: MarketWorld) -> None:
    before = _counts()
    water = {"water_concentration": {"limit_mg_l": "50", "volume_m3_a": "100000"}}
    with pytest.raises(MethodNotApplicable) as caught:
        _confirm(market, methods=water, origin="initial_free")
    assert caught.value.field == "method"
    assert _counts() == before


def test_paid_rights_without_a_price_in_force_are_refused(market: MarketWorld) -> None:
    _price(valid_from="2099-01-01")
    before = _counts()
    with pytest.raises(NoScheduleEntry) as caught:
        _confirm(market)
    assert caught.value.field == "pollutant"
    assert _counts() == before


@pytest.mark.parametrize("who", ["zj-editor", "rights-wj1", "js-viewer"])
def test_only_the_bureaus_of_the_enterprise_area_may_confirm(market: MarketWorld, who: str) -> None:
    _price()
    before = _counts()
    with pytest.raises(AccessDenied):
        _confirm(market, by=who, methods={"performance": {"capacity_mw": "x"}})
    assert _counts() == before


def test_the_member_bureau_may_confirm_in_its_member(market: MarketWorld) -> None:
    _price()
    assert _confirm(market, by="js-editor").kg > 0


def test_a_decision_is_confirmed_once(market: MarketWorld) -> None:
    _price()
    _confirm(market, decision="苏环排确〔2025〕1号")
    before = _counts()
    with pytest.raises(Conflict) as caught:
        _confirm(market, decision="苏环排确〔2025〕1号", valid_to="2028-12-31")
    assert caught.value.field == "decision"
    assert _counts() == before


def _held() -> int:
    return sum(Holding.objects.filter(account__kind="enterprise").values_list("kg", flat=True))


def test_rights_confirmed_again_are_refused_unless_amended(market: MarketWorld) -> None:
    """Issue 10 §7: the same confirmation without a decision number was accepted each
    time, the rights issued and the paid-use fee assessed again (13 times, 238 t)."""
    _price()
    first = _confirm(market)
    held, fees = _held(), Confirmation.objects.exclude(fee_fen=None).count()
    before = _counts()
    with pytest.raises(Conflict) as caught:
        _confirm(market)
    assert caught.value.field == "amends"
    assert str(first.pk) in caught.value.render()
    assert _counts() == before
    assert (_held(), Confirmation.objects.exclude(fee_fen=None).count()) == (held, fees)


def test_an_amendment_issues_the_increase_and_charges_it_alone(market: MarketWorld) -> None:
    _price()
    first = _confirm(market)
    more = {**AIR, "flow_m3_h": "1200000"}  # a fifth more than the first allocation
    amended = _confirm(market, amends=first.pk, methods={"air_concentration": more})
    assert amended.amends_id == first.pk
    assert amended.kg == first.kg * 6 // 5
    assert _held() == amended.kg
    assert first.fee_fen is not None and amended.fee_fen is not None
    assert amended.fee_fen * 5 == first.fee_fen  # the fee of the fifth added only
    event = AuditEvent.objects.get(action="rights.confirm_amend")
    assert event.before == {"confirmation": first.pk, "kg": first.kg}
    assert journal.verify_ledger()[0].ok
    with pytest.raises(Conflict) as stale:  # the first is no longer the one in force
        _confirm(market, amends=first.pk, methods={"air_concentration": AIR})
    assert (stale.value.field, str(amended.pk) in stale.value.render()) == ("amends", True)


def test_an_amendment_retires_a_decrease_but_never_rights_sold_or_promised(
    market: MarketWorld,
) -> None:
    _price()
    first = _confirm(market)
    holding = Holding.objects.get(pk=first.holding_id)
    services.open_listing(
        by=market.wujiang.user,
        channel="api",
        holding_id=holding.pk,
        tonnes=str(first.kg * 3 // 4 / 1000),
        price_yuan_per_tonne="9000",
    )
    half = {**AIR, "flow_m3_h": "500000"}
    before = _counts()
    with pytest.raises(Conflict) as caught:
        _confirm(market, amends=first.pk, methods={"air_concentration": half})
    assert caught.value.field == "amends"
    assert _counts() == before
    nine_tenths = {**AIR, "flow_m3_h": "900000"}
    amended = _confirm(market, amends=first.pk, methods={"air_concentration": nine_tenths})
    assert _held() == amended.kg == first.kg * 9 // 10
    assert amended.fee_fen is None  # nothing added, nothing charged (and nothing refunded)
    assert journal.verify_ledger()[0].ok


def test_an_amendment_needs_a_confirmation_to_amend(market: MarketWorld) -> None:
    _price()
    with pytest.raises(DeltacapError) as caught:
        _confirm(market, amends=12345)
    assert caught.value.field == "amends"
    assert _counts() == (0, 0, 0, 0)


def test_a_new_price_closes_the_version_before_it(market: MarketWorld) -> None:
    first = _price()
    second = _price(Decimal("2500"), valid_from="2026-01-01")
    first.refresh_from_db()
    assert first.valid_to == date(2025, 12, 31) and second.valid_to is None
    with pytest.raises(Conflict) as caught:
        _price(Decimal("2600"), valid_from="2026-01-01")
    assert caught.value.field == "valid_from"
    assert PaidUsePriceRow.objects.count() == 2


def test_only_the_office_sets_prices(market: MarketWorld) -> None:
    with pytest.raises(AccessDenied):
        services.set_paid_use_price(
            by=_user("js-editor"),
            channel="api",
            pollutant="NOx",
            yuan_per_tonne_year="1",
            valid_from="2020-01-01",
            source="x",
        )
    assert not PaidUsePriceRow.objects.exists()
