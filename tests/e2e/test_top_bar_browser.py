"""The top bar at 1,400 px: every menu entry of the role with the most entries, the
language switch and the account fit in one row in both languages; the site has an icon."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser import login

pytestmark = pytest.mark.browser

ROWS = """() => {
  const bar = document.querySelector('header.topbar');
  const tops = new Set();
  bar.querySelectorAll('.brand, nav a, .right > *').forEach((el) => {
    tops.add(Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2));
  });
  return {centres: [...tops], height: bar.getBoundingClientRect().height};
}"""


@pytest.mark.parametrize("english", [True, False])
def test_the_office_top_bar_fits_in_one_row(page: Any, english: bool) -> None:
    login(page, "office", english=english)
    assert page.locator("#top-menu a").count() == 11
    layout = page.evaluate(ROWS)
    assert max(layout["centres"]) - min(layout["centres"]) <= 8, layout
    assert layout["height"] < 80, layout


def test_the_site_has_an_icon(page: Any) -> None:
    page.goto("/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200
    assert page.request.get("/favicon.ico").status == 200
