"""A member editor at the keyboard: registers a project on its form (the counties follow the
city chosen), then enters its accounting inputs, sees a wrong value named under its field
before saving, and the computed reduction after saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deltacap.projects.models import Project
from tests import browser

pytestmark = pytest.mark.browser


def _project() -> Project:
    return Project.objects.get(code="JS-FORM-1")


def test_a_project_is_registered_on_its_form(page: Any) -> None:
    browser.login(page, "js-editor")
    page.goto("/projects/")
    page.click("#create-link")
    page.wait_for_selector("#project-form")
    assert "吴江区" not in page.locator("#id-county").inner_text()
    page.select_option("#id-city", "320500")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#id-county option')].some(o => o.value === '320509')"
    )
    page.select_option("#id-county", "320509")
    page.fill("#id-code", "JS-FORM-1")
    page.fill("#id-name", "吴江区某污水处理厂扩建工程")
    page.select_option("#id-category", "wwtp_new")
    page.select_option("#id-status", "under_construction")
    page.fill("#id-start_date", "2022-03-01")
    page.fill("#id-commissioning_date", "2026-06-30")  # outside the 14th FYP
    page.fill("#id-planned-COD", "800")
    page.click("#save-project")
    message = page.locator("#error-id-commissioning_date")
    assert "2026-06-30" in message.inner_text()
    assert not Project.objects.filter(code="JS-FORM-1").exists()
    page.fill("#id-commissioning_date", "2023-06-30")
    page.click("#save-project")
    page.wait_for_selector("#project-code")
    assert page.locator("#project-code").inner_text() == "JS-FORM-1"
    project = _project()
    assert (project.county_id, project.status) == ("320509", "under_construction")


def test_accounting_inputs_are_checked_in_place_and_the_reduction_shown_after_saving(
    page: Any, make_project: Callable[..., Project]
) -> None:
    make_project(code="JS-FORM-1", inputs=None, status="under_construction")
    browser.login(page, "js-editor")
    page.goto("/projects/JS-FORM-1/")
    page.wait_for_selector("#accounting-form")

    page.fill("#input-volume", "一万")
    page.press("#input-volume", "Tab")
    page.wait_for_function("() => document.getElementById('message-volume').textContent.trim()")
    assert "请输入数字" in page.locator("#message-volume").inner_text()
    assert _project().revision == 1  # checked, not saved

    page.fill("#input-volume", "20000")
    page.select_option("select[name='volume.unit']", "m3/d")  # per day, so times the period
    page.wait_for_function(
        "() => document.getElementById('message-volume').textContent.includes('核算期长度')"
    )
    page.fill("#input-period", "365")
    page.press("#input-period", "Tab")  # the period settles the rate's message too
    page.wait_for_function("() => !document.getElementById('message-volume').textContent.trim()")

    page.fill("#input-influent_cod", "250")
    page.fill("#input-effluent_cod", "300")
    page.click("#compute")
    page.wait_for_function(
        "() => document.getElementById('message-effluent_cod').textContent.includes('不得超过')"
    )
    assert "进水化学需氧量浓度" in page.locator("#message-effluent_cod").inner_text()
    assert _project().accounting is None

    page.fill("#input-effluent_cod", "30")
    page.click("#compute")
    page.wait_for_selector("#accounting-saved")
    # 20 000 m³/d for 365 d, COD 250 → 30 mg/L: 1 606 t (docs/domain/accounting.md §3.1).
    assert "化学需氧量 1,606 吨" in page.locator("#accounting-saved").inner_text()
    assert page.locator("#reductions tr[data-pollutant='COD'] td").nth(2).inner_text() == "1,606"
    assert _project().reductions.get(pollutant_id="COD").accounted_tonnes == 1606
