"""The market through its services: list, accept, approve by both bureaus, settle once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.rights.errors import (
    AlreadySettled,
    DifferentBasins,
    InsufficientHolding,
    NotPilotCounty,
    PriceOutsideBand,
)
from deltacap.rights import journal, services
from deltacap.rights.models import Holding, JournalEntry, Listing, RightsAccount, Trade
from tests.rights.market_world import Firm, MarketWorld, issue


def _user(name: str) -> Any:
    return User.objects.get(username=name)


def _list(firm: Firm, tonnes: str = "4", price: str = "12000", pollutant: str = "VOCs") -> Listing:
    holding = Holding.objects.get(
        account__enterprise=firm.enterprise, pollutant=pollutant, origin="initial_free"
    )
    return services.open_listing(
        by=firm.user,
        channel="api",
        holding_id=holding.pk,
        tonnes=tonnes,
        price_yuan_per_tonne=price,
    )


def _trade(seller: Firm, buyer: Firm, tonnes: str = "4", pollutant: str = "VOCs") -> Trade:
    listing = _list(seller, tonnes, pollutant=pollutant)
    return services.accept_listing(
        by=buyer.user, channel="api", listing_id=listing.pk, tonnes=tonnes
    )


def _tonnes(firm: Firm, pollutant: str = "VOCs") -> Decimal:
    rows = Holding.objects.filter(account__enterprise=firm.enterprise, pollutant=pollutant)
    return Decimal(sum(r.kg for r in rows)) / 1000


def test_a_listing_bought_and_approved_by_both_bureaus_moves_the_rights(
    market: MarketWorld,
) -> None:
    issue(market.wujiang)
    trade = _trade(market.wujiang, market.jiashan)
    trade = services.decide_trade(
        by=_user("sz-editor"), channel="api", trade_id=trade.pk, approve=True
    )
    assert trade.status == Trade.Status.PENDING
    trade = services.decide_trade(
        by=_user("zj-editor"), channel="api", trade_id=trade.pk, approve=True
    )
    assert trade.status == Trade.Status.SETTLED
    assert (_tonnes(market.wujiang), _tonnes(market.jiashan)) == (Decimal(6), Decimal(4))
    assert trade.settlement.payment_fen == 4_800_000  # 4 t at 12 000 yuan
    report, head = journal.verify_ledger()
    assert report.ok and head is not None and head.hash == report.head_hash
    actions = set(
        AuditEvent.objects.filter(action__startswith="rights.").values_list("action", flat=True)
    )
    assert {
        "rights.issue",
        "rights.list",
        "rights.accept",
        "rights.approve",
        "rights.settle",
    } <= actions


def test_a_second_settlement_of_the_same_trade_is_refused_and_writes_nothing(
    market: MarketWorld,
) -> None:
    issue(market.wujiang)
    trade = _trade(market.wujiang, market.jiashan)
    for bureau in ("sz-editor", "zj-editor"):
        services.decide_trade(by=_user(bureau), channel="api", trade_id=trade.pk, approve=True)
    entries = JournalEntry.objects.count()
    with pytest.raises(AlreadySettled):
        services.settle_trade(by=_user("sz-editor"), channel="api", trade_id=trade.pk)
    assert JournalEntry.objects.count() == entries
    assert _tonnes(market.jiashan) == Decimal(4)


def test_listing_more_than_is_held_is_refused_naming_tonnes(market: MarketWorld) -> None:
    issue(market.wujiang, "3")
    with pytest.raises(InsufficientHolding) as refused:
        _list(market.wujiang, "3.001")
    assert refused.value.field == "tonnes"
    assert not Listing.objects.exists()


def test_rights_already_listed_cannot_be_listed_again(market: MarketWorld) -> None:
    issue(market.wujiang, "5")
    _list(market.wujiang, "4")
    with pytest.raises(InsufficientHolding):
        _list(market.wujiang, "2")
    assert Listing.objects.count() == 1


def test_a_price_outside_the_band_is_refused(market: MarketWorld) -> None:
    issue(market.wujiang)
    with pytest.raises(PriceOutsideBand) as refused:
        _list(market.wujiang, price="300000")
    assert refused.value.field == "price_yuan_per_tonne"
    assert not Listing.objects.exists()


def test_water_rights_do_not_cross_basins(market: MarketWorld) -> None:
    issue(market.jiashan, pollutant="COD")
    with pytest.raises(DifferentBasins):
        _trade(market.jiashan, market.hangzhou, pollutant="COD")
    assert not Trade.objects.exists()


def test_cross_member_trades_only_between_pilot_counties(market: MarketWorld) -> None:
    issue(market.jiashan)
    with pytest.raises(NotPilotCounty):
        _trade(market.jiashan, market.kunshan)
    assert not RightsAccount.objects.filter(enterprise=market.kunshan.enterprise).exists()
    trade = _trade(market.jiashan, market.qingpu, "2")
    assert trade.status == Trade.Status.PENDING


def test_no_one_approves_their_own_trade_or_one_outside_their_area(market: MarketWorld) -> None:
    issue(market.wujiang)
    trade = _trade(market.wujiang, market.jiashan)
    with pytest.raises(AccessDenied):
        services.decide_trade(
            by=market.wujiang.user, channel="api", trade_id=trade.pk, approve=True
        )
    # Hangzhou's bureau is neither the seller's (Wujiang) nor the buyer's (Jiashan).
    with pytest.raises(AccessDenied):
        services.decide_trade(by=_user("hz-editor"), channel="api", trade_id=trade.pk, approve=True)
    assert not trade.decisions.exists()


def test_a_rejected_trade_releases_the_rights_it_held(market: MarketWorld) -> None:
    issue(market.wujiang, "4")
    trade = _trade(market.wujiang, market.jiashan)
    services.decide_trade(by=_user("js-editor"), channel="api", trade_id=trade.pk, approve=False)
    holding = Holding.objects.get(pk=trade.holding_id)
    assert (holding.kg, holding.committed_kg) == (4000, 0)
    assert _list(market.wujiang, "4").remaining_kg == 4000


def test_an_enterprise_cannot_confirm_its_own_rights(market: MarketWorld) -> None:
    with pytest.raises(AccessDenied):
        services.issue_rights(
            by=market.wujiang.user,
            channel="api",
            enterprise_id=market.wujiang.enterprise.pk,
            pollutant="VOCs",
            tonnes="100",
            valid_from="2025-01-01",
            valid_to="2029-12-31",
        )
    assert not Holding.objects.exists()
    assert not RightsAccount.objects.exists()  # not even an account was opened


def test_a_settlement_run_settles_the_approved_trades_and_reports_the_rest(
    market: MarketWorld,
) -> None:
    from deltacap.domain.rights.errors import NotApproved
    from deltacap.rights.services import settle_trades

    issue(market.wujiang)
    trades = [_trade(market.wujiang, market.jiashan, "1") for _ in range(4)]
    for trade in trades[:3]:
        for bureau in ("sz-editor", "zj-editor"):
            services.decide_trade(
                by=_user(bureau),
                channel="api",
                trade_id=trade.pk,
                approve=True,
                settle_when_approved=False,
            )
    bureau = _user("js-editor")
    results = settle_trades(by=bureau, channel="api", trade_ids=[t.pk for t in trades])
    assert [type(results[t.pk]).__name__ for t in trades] == ["Settlement"] * 3 + ["NotApproved"]
    assert isinstance(results[trades[3].pk], NotApproved)
    assert (_tonnes(market.wujiang), _tonnes(market.jiashan)) == (Decimal(7), Decimal(3))
    assert journal.verify_ledger()[0].ok
    again = settle_trades(by=bureau, channel="api", trade_ids=[t.pk for t in trades[:3]])
    assert all(isinstance(r, AlreadySettled) for r in again.values())
    assert _tonnes(market.jiashan) == Decimal(3)
