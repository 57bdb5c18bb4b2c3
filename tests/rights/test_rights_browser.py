"""At the keyboard: an enterprise lists rights, another buys, both bureaus approve, and the
public market page shows the trade."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import login
from tests.rights.market_world import build_market, issue
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


def _login(page: Any, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.goto("/rights/desk/")


def test_list_buy_approve_and_see_the_trade_published(page: Any) -> None:
    market = build_market()
    for firm in (market.wujiang, market.jiashan):
        firm.user.set_password(PASSWORD)
        firm.user.save()
    holding = issue(market.wujiang)

    _login(page, market.wujiang.username)
    row = page.locator(f"#my-holdings tr[data-holding='{holding.pk}']")
    row.locator("input[name=tonnes]").fill("2.5")
    row.locator("input[name=price_yuan_per_tonne]").fill("12000")
    row.locator(".list-button").click()
    page.wait_for_selector("#desk-listings tr[data-listing]")

    _login(page, market.jiashan.username)
    listing = page.locator("#desk-listings tr[data-listing]").first
    listing.locator("input[name=tonnes]").fill("2.5")
    listing.locator(".buy-button").click()
    page.wait_for_selector("#desk-trades tr[data-trade]")

    for bureau in ("sz-editor", "zj-editor"):
        _login(page, bureau)
        page.locator("#desk-trades tr[data-trade] .approve-button").first.click()
        page.wait_for_selector(".messages")

    page.context.clear_cookies()
    page.goto("/rights/")
    published = page.locator("#completed-trades tr[data-trade]")
    assert published.count() == 1
    text = published.first.inner_text()
    cells = text.split("\t")
    assert "2.5" in cells and "12,000.00" in cells and "挥发性有机物 VOCs" in cells
    page.wait_for_function(
        "() => { const el = document.getElementById('market-chart');"
        " const c = window.echarts && echarts.getInstanceByDom(el);"
        " return c && c.getOption().series.length === 2; }"
    )
