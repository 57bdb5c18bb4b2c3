"""The audit page at 1,400 px: never wider than the window, long values folded, a group that
opens on a click."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.audit import services
from tests import browser

pytestmark = pytest.mark.browser


def test_the_trail_keeps_to_the_window_and_a_group_opens(page: Any) -> None:
    long_text = "某某路" * 80 + "x" * 200  # no space to break at
    services.record(
        actor=None,
        channel="page",
        action="enterprise.update",
        object_type="enterprise",
        object_id="wide-1",
        before={"address": "旧地址"},
        after={"address": long_text, "name": "宽企业"},
    )
    for i in range(3):
        services.record(
            actor=None, channel="import", action="rights.settle", object_type="trade", object_id=i
        )
    browser.login(page, "office")
    page.goto("/audit/")
    page.wait_for_selector("#audit-table")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1400
    assert page.locator("details.long summary").first.is_visible()
    group = page.locator("tr.group details").first
    assert "3" in group.locator("summary").inner_text()
    assert not group.locator("table.inner").is_visible()
    group.locator("summary").click()
    assert group.locator("table.inner").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1400


def test_the_trail_in_english_names_actions_and_filters_in_english(page: Any) -> None:
    services.record(
        actor=None, channel="import", action="rights.settle", object_type="trade", object_id=9
    )
    browser.login(page, "office")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.goto("/audit/")
    page.wait_for_selector("#audit-table")
    text = page.locator("main").inner_text()
    assert "Trade settled" in text and "Date from" in text and "Date to" in text
    assert "成交结算" not in text
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1400
