"""At the keyboard: a member's editor finds its overdue action item of the working group
(on the dashboard and in the group's page), opens it, is refused "done" without evidence,
sets it in progress with a progress note, closes it with evidence (the note stays) and
sees the open and overdue counts go down; another member's item on the same page has no
form, and a write sent to it anyway is refused with nothing changed. Pictures of the pages
are kept in test-artifacts/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"working-{name}.png"), full_page=True)


def _meeting_with_items() -> tuple[Any, Any]:
    """A meeting held two months ago that gave Jiangsu an item now five days overdue and
    Zhejiang one due later, made by the office through the services."""
    from deltacap.accounts.models import User
    from deltacap.working import services

    today = timezone.localdate()
    office = User.objects.get(username="office")
    meeting = services.schedule_meeting(
        by=office, channel="page", day=today - timedelta(days=60), place="示例会场", host="320000"
    )
    own = services.create_action_item(
        by=office,
        channel="page",
        meeting_id=meeting.pk,
        owner="320000",
        title="（示例）报送重点工程进展",
        due=today - timedelta(days=5),
    )
    other = services.create_action_item(
        by=office,
        channel="page",
        meeting_id=meeting.pk,
        owner="330000",
        title="（示例）编制联合执法方案",
        due=today + timedelta(days=40),
    )
    return own, other


def _counts(page: Any, member: str) -> tuple[str, str]:
    cells = page.locator(f"#open-items tr[data-member='{member}'] td.num")
    return cells.nth(0).inner_text().strip(), cells.nth(1).inner_text().strip()


def test_a_member_goes_from_an_action_item_to_its_closure(page: Any) -> None:
    from deltacap.working.models import ActionItem

    own, other = _meeting_with_items()
    page.set_default_timeout(90_000)  # a machine shared with other work is slow at times
    login(page, "js-editor")  # lands on the dashboard
    assert "工作专班有 1 项工作任务已逾期" in page.locator("#working-flags").inner_text()

    page.goto("/working/")
    assert _counts(page, "320000") == ("1", "1")
    assert "（示例）报送重点工程进展" in page.locator("#overdue-items").inner_text()
    listed = page.locator("#open-items li", has_text="（示例）报送重点工程进展")
    assert "未开始" in listed.inner_text() and "逾期" in listed.inner_text()
    _shot(page, "index-open-zh")

    listed.locator("a").click()
    row = f"#action-{own.pk}"
    page.wait_for_selector(f"{row}[data-status='open'].overdue")
    assert page.locator(f"{row} form").count() == 1

    # Done without evidence is refused at the field, in the row, and nothing is written.
    page.select_option(f"{row} select[name='status']", "done")
    page.click(f"{row} button[type='submit']")
    page.wait_for_selector(f"{row} .error")
    assert "完成须附佐证" in page.locator(f"{row} .error").inner_text()
    assert page.locator(f"{row} .field-error textarea").count() == 1
    assert ActionItem.objects.get(pk=own.pk).status == "open"

    page.select_option(f"{row} select[name='status']", "in_progress")
    page.fill(f"{row} textarea[name='note']", "（示例）已汇总三市材料，待厅务会审定")
    page.click(f"{row} button[type='submit']")
    page.wait_for_selector(f"{row}[data-status='in_progress']")
    status = page.locator(f"{row} td.status").inner_text()
    assert "推进中" in status and "已保存" in status
    assert "已汇总三市材料" in page.locator(f"{row} td.note").inner_text()
    assert page.locator(f"{row} .badge.overdue").count() == 1  # in progress, still late

    page.select_option(f"{row} select[name='status']", "done")
    page.fill(f"{row} textarea[name='evidence']", "（示例）已于本月报送，苏环函〔2026〕1号")
    page.click(f"{row} button[type='submit']")
    page.wait_for_selector(f"{row}[data-status='done']")
    assert "已完成" in page.locator(f"{row} td.status").inner_text()
    assert page.locator(f"{row} .badge.overdue").count() == 0
    assert "苏环函〔2026〕1号" in page.locator(row).inner_text()
    assert "已汇总三市材料" in page.locator(f"{row} td.note").inner_text()  # the note stays
    _shot(page, "meeting-closed-zh")

    # Zhejiang's item on the same page: read only, and a write sent anyway is refused.
    theirs = f"#action-{other.pk}"
    assert page.locator(theirs).get_attribute("data-status") == "open"
    assert page.locator(f"{theirs} form").count() == 0
    token = page.locator("input[name='csrfmiddlewaretoken']").first.input_value()
    refused = page.request.post(
        f"/working/actions/{other.pk}/",
        form={"csrfmiddlewaretoken": token, "status": "done", "evidence": "（示例）冒名"},
    )
    assert refused.status == 403
    kept = ActionItem.objects.get(pk=other.pk)
    assert (kept.status, kept.evidence) == ("open", "")

    page.goto("/working/")
    assert _counts(page, "320000") == ("0", "0")
    assert "没有逾期的工作任务。" in page.locator("#overdue-items").inner_text()
    assert page.locator("#open-items li", has_text="（示例）报送重点工程进展").count() == 0
    _shot(page, "index-closed-zh")

    page.click("#lang-switch")
    page.wait_for_selector("html[lang='en']")
    assert "No action item is overdue." in page.locator("#overdue-items").inner_text()
    assert (
        "not started"
        in page.locator("#open-items li", has_text="（示例）编制联合执法方案").inner_text()
    )
    _shot(page, "index-closed-en")

    page.goto("/")
    assert page.locator("#working-flags .warning").count() == 0
    closed = ActionItem.objects.get(pk=own.pk)
    assert (closed.status, closed.note, closed.evidence) == (
        "done",
        "（示例）已汇总三市材料，待厅务会审定",
        "（示例）已于本月报送，苏环函〔2026〕1号",
    )
