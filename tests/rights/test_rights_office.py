"""The office's market settings: the cross-member trade ratio and counties short of target."""

from __future__ import annotations

import pytest

from deltacap.accounts.models import User
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.domain.rights.errors import TargetNotMet
from deltacap.rights import journal, services
from deltacap.rights.models import Holding, Trade
from tests.rights.market_world import Firm, MarketWorld, issue


def _sell(seller: Firm, buyer: Firm, tonnes: str) -> Trade:
    holding = Holding.objects.get(account__enterprise=seller.enterprise)
    listing = services.open_listing(
        by=seller.user,
        channel="api",
        holding_id=holding.pk,
        tonnes=tonnes,
        price_yuan_per_tonne="10000",
    )
    return services.accept_listing(
        by=buyer.user, channel="api", listing_id=listing.pk, tonnes=tonnes
    )


def test_across_members_the_buyer_receives_the_ratio_and_the_rest_is_retired(
    market: MarketWorld,
) -> None:
    office_user = User.objects.get(username="office")
    services.set_cross_member_ratio(by=office_user, channel="api", ratio="9/10", source="test")
    issue(market.wujiang, "10")
    trade = _sell(market.wujiang, market.jiashan, "4")
    for bureau in ("sz-editor", "zj-editor"):
        services.decide_trade(
            by=User.objects.get(username=bureau), channel="api", trade_id=trade.pk, approve=True
        )
    trade.refresh_from_db()
    assert (trade.status, trade.delivered_kg, trade.settlement.retired_kg) == ("settled", 3600, 400)
    assert trade.settlement.payment_fen == 4_000_000  # the buyer pays for what is given
    bought = Holding.objects.get(account__enterprise=market.jiashan.enterprise)
    assert bought.kg == 3600
    assert Holding.objects.get(account_id="retired").kg == 400
    assert journal.verify_ledger()[0].ok


def test_a_county_short_of_its_target_may_not_buy_from_outside(market: MarketWorld) -> None:
    office_user = User.objects.get(username="office")
    services.flag_county(
        by=office_user, channel="api", county_code="330421", not_meeting_target=True
    )
    issue(market.wujiang)
    with pytest.raises(TargetNotMet):
        _sell(market.wujiang, market.jiashan, "1")
    services.flag_county(
        by=office_user, channel="api", county_code="330421", not_meeting_target=False
    )
    assert _sell(market.wujiang, market.jiashan, "1").quantity_kg == 1000


def test_only_the_office_changes_the_market_settings(market: MarketWorld) -> None:
    with pytest.raises(AccessDenied):
        services.set_cross_member_ratio(
            by=User.objects.get(username="js-editor"), channel="api", ratio="1/2"
        )
    with pytest.raises(InvalidInput) as refused:
        services.set_cross_member_ratio(
            by=User.objects.get(username="office"), channel="api", ratio="3/2"
        )
    assert refused.value.field == "ratio"
    with pytest.raises(AccessDenied):
        services.set_pilot_county(
            by=market.wujiang.user, channel="api", county_code="320583", pilot=True
        )
