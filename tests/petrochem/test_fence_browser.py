"""An official at the screen: the demo's fence-line station draws its hours against the
limit, the enterprise its outlet hours, the ozone page its season, the bay's map the
stations beside the enterprises."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests import browser

pytestmark = pytest.mark.browser
SERIES = """(id) => {
  const el = document.querySelector(id);
  const chart = window.echarts && echarts.getInstanceByDom(el);
  return chart ? chart.getOption().series.map(s => s.name) : null;
}"""


def test_the_charts_of_the_fence_line_stations_and_the_ozone_season(
    page: Any, settings: Any, tmp_path: Any
) -> None:
    from deltacap.petrochem.demo import load_demo_petrochem, load_demo_petrochem_fence
    from deltacap.petrochem.models import FenceStation

    settings.DATA_DIR = str(tmp_path)
    load_demo_petrochem()
    load_demo_petrochem_fence(datetime(2026, 12, 7, 10))
    station = FenceStation.objects.get(code="DEMO-FL-03")
    browser.login(page, "js-editor", english=True)
    page.goto(f"/petrochem/stations/{station.pk}/?day=2026-07-10")
    page.wait_for_selector(".hours-chart[data-drawn='1']")
    assert page.evaluate(SERIES, ".hours-chart") == ["NMHC"]
    assert page.locator("table.hours tr.overdue").count() == 1
    page.goto("/petrochem/ozone/?year=2026")
    page.wait_for_selector("#ozone-chart[data-drawn='1']")
    assert page.evaluate(SERIES, "#ozone-chart")[1] == "Fence-line NMHC, daily mean (mg/m³)"
    page.goto("/petrochem/")
    page.wait_for_selector("#bay-map[data-drawn='1']")
    assert "fence-line station" in page.locator(".map-legend").inner_text()
