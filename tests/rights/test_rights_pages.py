"""The public market page: completed trades and open listings, without login."""

from __future__ import annotations

from typing import Any

from deltacap.accounts.models import User
from deltacap.rights import services
from tests.rights.market_world import MarketWorld, issue


def test_the_public_page_shows_a_settled_trade_and_an_open_listing(
    client: Any, market: MarketWorld
) -> None:
    issue(market.wujiang)
    holding = market.wujiang.enterprise.rights_account.holdings.get()
    sold = services.open_listing(
        by=market.wujiang.user,
        channel="page",
        holding_id=holding.pk,
        tonnes="3",
        price_yuan_per_tonne="10000",
    )
    services.open_listing(
        by=market.wujiang.user,
        channel="page",
        holding_id=holding.pk,
        tonnes="1.25",
        price_yuan_per_tonne="11000",
    )
    trade = services.accept_listing(
        by=market.jiashan.user, channel="page", listing_id=sold.pk, tonnes="3"
    )
    for bureau in ("sz-editor", "zj-editor"):
        services.decide_trade(
            by=User.objects.get(username=bureau), channel="page", trade_id=trade.pk, approve=True
        )
    page = client.get("/rights/")
    assert page.status_code == 200
    html = page.content.decode()
    # Tonnes to the kilogram without trailing zeros, yuan with thousands separators.
    assert f'data-trade="{trade.pk}"' in html
    assert '<td class="num">3</td>' in html and "10,000.00" in html
    assert '<td class="num">1.25</td>' in html and "11,000.00" in html  # the open listing
    assert "market-chart-data" in html and "VOCs" in html


def test_a_listing_refused_on_the_desk_names_the_field_and_writes_nothing(
    client: Any, market: MarketWorld
) -> None:
    from deltacap.rights.models import Listing

    holding = issue(market.wujiang, "2")
    client.force_login(market.wujiang.user)
    desk = client.get("/rights/desk/")
    assert desk.status_code == 200 and f'data-holding="{holding.pk}"' in desk.content.decode()
    body = {"holding_id": holding.pk, "tonnes": "3", "price_yuan_per_tonne": "9000"}
    response = client.post("/rights/desk/list/", body, follow=True)
    assert response.status_code == 200
    assert "tonnes:" in response.content.decode()
    assert not Listing.objects.exists()
    assert client.get("/rights/desk/").status_code == 200
    client.logout()
    assert client.get("/rights/desk/").status_code == 302  # log in first


def test_a_holding_named_in_full_width_digits_is_no_holding_on_the_desk(
    client: Any, market: MarketWorld
) -> None:
    """Python's int() reads "１２" as 12; a form's id is ASCII digits or nothing."""
    from deltacap.rights.models import Listing

    holding = issue(market.wujiang, "2")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in str(holding.pk))
    client.force_login(market.wujiang.user)
    body = {"holding_id": wide, "tonnes": "1", "price_yuan_per_tonne": "9000"}
    response = client.post("/rights/desk/list/", body, follow=True)
    assert response.status_code == 200
    assert "holding_id:" in response.content.decode()
    assert not Listing.objects.exists()
