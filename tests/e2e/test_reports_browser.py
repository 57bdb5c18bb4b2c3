"""At the keyboard: a member's editor goes from the working group's page to its annual
report, writes the narrative, saves the draft and submits it; the office then sees the
submission (late against 31 March) and accepts it. Pictures of the pages in both
languages are kept in test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser
SUBMIT_TIMEOUT_MS = 180_000  # the Word and PDF files are generated on submission


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"reports-{name}.png"), full_page=True)


def test_a_member_goes_from_a_draft_report_to_its_submission(page: Any) -> None:
    year = timezone.localdate().year - 1
    page.set_default_timeout(90_000)  # a machine shared with other work is slow at times
    login(page, "js-editor")
    page.goto("/working/")
    page.click("#annual-reports-link")
    page.wait_for_selector("#member-reports")
    assert page.locator("h1").first.inner_text() == f"{year}年度工作报告"
    row = page.locator("tr[data-member='320000']")
    assert row.get_attribute("data-state") == "none"
    row.locator("a").first.click()
    page.wait_for_selector("#narrative-form")
    page.fill("#n-measures", "（示例）推进重点减排工程\n（示例）开展排污权交易")
    page.fill("#n-next_steps", "（示例）加快滞后工程建设")
    page.click("#save-narrative")
    page.wait_for_selector("tr[data-version='1'][data-state='draft']")
    assert page.locator("#n-measures").input_value().startswith("（示例）推进重点减排工程")
    assert "草稿" in page.locator("#report-state").inner_text()
    _shot(page, "member-draft-zh")

    page.click("#submit-report", no_wait_after=True)
    submitted = "tr[data-version='1'][data-state='submitted']"
    page.wait_for_selector(submitted, timeout=SUBMIT_TIMEOUT_MS)
    state = page.locator("#report-state").inner_text()
    assert "已提交" in state and "逾期" in state  # the year's report was due on 31 March
    assert page.locator("#submit-report").count() == 0  # the version is frozen
    pdf = page.locator("tr[data-version='1'] a", has_text="PDF")
    assert "version=1" in (pdf.get_attribute("href") or "")
    _shot(page, "member-submitted-zh")

    page.click("#lang-switch")
    page.wait_for_selector("html[lang='en']")
    assert "submitted" in page.locator("#report-state").inner_text()
    _shot(page, "member-submitted-en")

    page.click("text=Log out")
    login(page, "office")  # the language chosen stays: English
    page.goto(f"/reports/{year}/")
    assert page.locator("tr[data-member='320000']").get_attribute("data-state") == "submitted"
    assert page.locator("tr[data-member='320000'] .late").count() == 1
    _shot(page, "year-en")
    page.click("tr[data-member='320000'] a >> nth=0")
    page.wait_for_selector("#review-form")
    page.click("#return")
    page.wait_for_selector("#form-error")
    assert "Say why the report is returned" in page.locator("#form-error").inner_text()
    page.click("#accept")
    page.wait_for_selector("tr[data-version='1'][data-state='accepted']")
    _shot(page, "member-accepted-en")

    # The office compiles the region's report from the submitted one and publishes it.
    page.goto(f"/reports/{year}/region/")
    page.click("#compile", no_wait_after=True)
    page.wait_for_selector("tr[data-version='1']", timeout=SUBMIT_TIMEOUT_MS)
    assert "Jiangsu" in page.locator("tr[data-version='1']").inner_text()
    page.click("#publish")
    page.wait_for_selector("#publish", state="detached")
    _shot(page, "region-en")
    page.click("#lang-switch")
    page.wait_for_selector("html[lang^='zh']")
    assert "已发布" in page.locator("tr[data-version='1']").inner_text()
    _shot(page, "region-zh")
    page.goto(f"/reports/{year}/")
    _shot(page, "year-zh")
