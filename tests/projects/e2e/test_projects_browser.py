"""A member editor at the keyboard: upload a project list, read the dry run's errors, fix the
file, import it, and see the progress dashboard change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import browser
from tests.projects.conftest import fill_template, input_rows, sheet_row

pytestmark = pytest.mark.browser
JIANGSU_COD = "#progress-table tr[data-scope='320000'] td[data-pollutant='COD']"
COMPLETION_BARS = """() => {
  const el = document.getElementById('completion-chart');
  const chart = window.echarts && echarts.getInstanceByDom(el);
  return chart ? chart.getOption().series.map(s => s.data.length) : null;
}"""


def login(page: Any, username: str) -> None:
    browser.login(page, username, english=True)


def pending_cod(page: Any) -> float:
    """Jiangsu's COD tonnes awaiting the office's verification, as the dashboard shows them."""
    page.goto("/projects/progress/")
    page.wait_for_selector("#completion-chart canvas")
    page.wait_for_selector("#progress-map[data-drawn='1']")
    return float(page.locator(JIANGSU_COD).get_attribute("data-commissioned"))


def test_a_member_editor_fixes_a_file_imports_it_and_the_dashboard_changes(
    page: Any, tmp_path: Path
) -> None:
    row = sheet_row(city="苏洲市")
    bad = tmp_path / "projects.xlsx"
    bad.write_bytes(fill_template([row], input_rows(row["code"])))
    fixed = tmp_path / "projects-fixed.xlsx"
    fixed.write_bytes(fill_template([{**row, "city": "苏州市"}], input_rows(row["code"])))

    login(page, "js-editor")
    before = pending_cod(page)
    assert page.evaluate(COMPLETION_BARS) == [4, 4, 4, 4]

    page.goto("/projects/import/")
    page.set_input_files("#file", str(bad))
    page.click("#check")
    page.wait_for_selector("#import-errors")
    error = page.locator("#import-errors tbody tr").first.inner_text()
    assert "项目清单" in error and "Unknown city 苏洲市" in error
    assert page.locator("#confirm-import").count() == 0

    page.set_input_files("#file", str(fixed))
    page.click("#check")
    page.wait_for_selector("#dry-run-summary")
    assert "1 to create" in page.locator("#dry-run-summary").inner_text()
    page.click("#confirm-import")
    page.wait_for_selector(f"#project-table tr[data-code='{row['code']}']")

    # The plant removes 803 t COD a year (docs/domain/accounting.md §3.1); it awaits the
    # office's check.
    assert pending_cod(page) == pytest.approx(before + 803)
