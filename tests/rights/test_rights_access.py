"""The registry's list queries agree with the access rules, record by record."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from deltacap.accounts.models import User
from deltacap.accounts.permissions import can
from deltacap.domain.access import Action
from deltacap.rights import services
from deltacap.rights.models import Holding, Trade
from deltacap.rights.selectors import visible_holdings, visible_trades
from tests.rights.market_world import MarketWorld, issue

READERS = [
    "office",
    "sh-editor",
    "js-editor",
    "zj-editor",
    "ah-editor",
    "sh-viewer",
    "js-viewer",
    "sz-editor",
    "hz-editor",
    "qp-editor",
    "ent-suzhou",
    "rights-wj1",
    "rights-js1",
    "rights-qp1",
]


@pytest.fixture
def trades(market: MarketWorld) -> list[Trade]:
    for firm in (market.wujiang, market.jiashan, market.qingpu):
        issue(firm)
    made = []
    for seller, buyer in ((market.wujiang, market.jiashan), (market.jiashan, market.qingpu)):
        holding = Holding.objects.get(account__enterprise=seller.enterprise)
        listing = services.open_listing(
            by=seller.user,
            channel="api",
            holding_id=holding.pk,
            tonnes="1",
            price_yuan_per_tonne="9000",
        )
        made.append(
            services.accept_listing(by=buyer.user, channel="api", listing_id=listing.pk, tonnes="1")
        )
    for bureau in ("sz-editor", "zj-editor"):
        services.decide_trade(
            by=User.objects.get(username=bureau), channel="api", trade_id=made[0].pk, approve=True
        )
    return made


@pytest.mark.parametrize("reader", [*READERS, "anonymous"])
def test_visible_holdings_and_trades_agree_with_the_rules(reader: str, trades: list[Trade]) -> None:
    user = AnonymousUser() if reader == "anonymous" else User.objects.get(username=reader)
    holdings = Holding.objects.exclude(account__kind__in=["issuance", "retired"]).filter(kg__gt=0)
    expected = {h.pk for h in holdings if can(user, Action.READ, h)}
    assert {h.pk for h in visible_holdings(user)} == expected
    all_trades = Trade.objects.all()
    assert {t.pk for t in visible_trades(user)} == {
        t.pk for t in all_trades if can(user, Action.READ, t)
    }


def test_an_enterprise_sees_its_own_trades_and_the_published_ones_only(
    trades: list[Trade], market: MarketWorld
) -> None:
    settled, pending = trades
    assert settled.pk in {t.pk for t in visible_trades(market.hangzhou.user)}
    assert pending.pk not in {t.pk for t in visible_trades(market.hangzhou.user)}
    assert pending.pk in {t.pk for t in visible_trades(market.qingpu.user)}
