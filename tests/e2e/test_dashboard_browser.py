"""A person at the keyboard: log in, see the dashboard drawn, switch language, edit a target."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import login

pytestmark = pytest.mark.browser

CHART_SERIES = """() => {
  const el = document.getElementById('targets-chart');
  const chart = window.echarts && echarts.getInstanceByDom(el);
  return chart ? chart.getOption().series.map(s => s.data.length) : null;
}"""
MAP_REGIONS = """() => {
  const chart = window.echarts && echarts.getInstanceByDom(document.getElementById('region-map'));
  return chart ? chart.getOption().geo[0].regions.length : null;
}"""


def test_office_logs_in_and_sees_the_dashboard_with_its_chart_and_map(page: Any) -> None:
    login(page, "office")
    who = page.locator("#who").inner_text()
    assert "周明华" in who and "office" in who  # the holder's name, the login beside it
    assert page.locator("#cell-region-cod").inner_text().strip() == "34.71"
    page.wait_for_function(f"({CHART_SERIES})() !== null")
    # Four controlled pollutants, four members each, drawn on a canvas.
    assert page.evaluate(CHART_SERIES) == [4, 4, 4, 4]
    assert page.locator("#targets-chart canvas").count() >= 1
    page.wait_for_selector("#region-map[data-drawn='1']")
    assert page.evaluate(MAP_REGIONS) == 41
    assert page.locator("#region-map canvas").count() >= 1


def test_language_switch_stays_across_pages(page: Any) -> None:
    page.goto("/")
    assert page.locator("h1").first.inner_text().startswith("减排目标")
    page.click("#lang-switch")
    page.wait_for_selector("html[lang='en']")
    assert page.locator("h1").first.inner_text().startswith("Reduction targets")
    login(page, "js-editor")
    page.goto("/enterprises/")
    assert page.locator("h1").first.inner_text() == "Enterprises"


def test_office_changes_a_target_in_place_and_sees_errors_in_chinese(page: Any) -> None:
    login(page, "office")
    page.click("#cell-310000-nox")
    page.fill("#cell-310000-nox input[name=value]", "很多")
    page.press("#cell-310000-nox input[name=value]", "Enter")
    page.wait_for_selector("#cell-310000-nox .error")
    assert "请输入数字" in page.locator("#cell-310000-nox .error").inner_text()
    page.fill("#cell-310000-nox input[name=value]", "1.45")
    page.press("#cell-310000-nox input[name=value]", "Enter")
    page.wait_for_function("document.querySelector('#cell-310000-nox input') === null")
    assert page.locator("#cell-310000-nox").inner_text().strip() == "1.45"
    # The parts no longer add up to the region's 23.10: the warning and the chart follow.
    assert "氮氧化物" in page.locator("#target-warnings").inner_text()
    shanghai_nox = (
        "() => window.echarts && echarts.getInstanceByDom(document.getElementById('targets-chart'))"
        ".getOption().series[2].data[0]"
    )
    assert page.evaluate(shanghai_nox) == 1.45
    page.reload()
    assert page.locator("#cell-310000-nox").inner_text().strip() == "1.45"
