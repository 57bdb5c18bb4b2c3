"""The working group's pages in both languages: the group, the next meeting and the open
and overdue items; a meeting with its action items updated in place (htmx); the calendar
with each member's reminders; errors at the field; outsiders refused."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _as(client: Any, users: Any, name: str, lang: str = "zh-hans") -> Any:
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


@pytest.mark.parametrize(("lang", "words"), [("zh-hans", "工作专班"), ("en", "Working group")])
def test_the_group_page_in_both_languages(
    client: Any, users: Any, group: Any, lang: str, words: str
) -> None:
    page = _as(client, users, "js-viewer", lang).get("/working/")
    text = page.content.decode()
    assert page.status_code == 200 and words in text
    assert "liaison@example.invalid" in text and "报送意见" in text
    assert 'id="overdue-items"' in text and "badge overdue" in text
    assert 'id="schedule-form"' not in text  # a viewer writes nothing
    meeting = client.get(f"/working/meetings/{group.past.pk}/")
    assert meeting.status_code == 200 and 'name="status"' not in meeting.content.decode()
    calendar = client.get("/working/calendar/")
    assert calendar.status_code == 200 and 'id="notices"' in calendar.content.decode()


def test_outsiders_see_nothing(client: Any, users: Any, group: Any) -> None:
    assert client.get("/working/").status_code == 302  # to the login
    for name in ("ent-suzhou", "sz-editor"):
        page = _as(client, users, name).get(f"/working/meetings/{group.past.pk}/")
        assert page.status_code == 403 and "示例会场" not in page.content.decode()
    assert b"/working/" not in _as(client, users, "ent-suzhou").get("/").content
    assert b"/working/" not in _as(client, users, "sz-editor").get("/").content


def test_a_member_updates_its_item_in_place_with_errors_at_the_field(
    client: Any, users: Any, group: Any
) -> None:
    c = _as(client, users, "js-editor", "en")
    page = c.get(f"/working/meetings/{group.past.pk}/").content.decode()
    assert f'hx-post="/working/actions/{group.js_item.pk}/"' in page
    assert f'hx-post="/working/actions/{group.zj_item.pk}/"' not in page  # Zhejiang's
    refused = c.post(
        f"/working/actions/{group.js_item.pk}/",
        {"status": "done", "evidence": ""},
        HTTP_HX_REQUEST="true",
    )
    row = refused.content.decode()
    assert refused.status_code == 422 and 'class="field-error"><textarea' in row
    assert "evidence" in row.lower() and "<html" not in row
    done = c.post(
        f"/working/actions/{group.js_item.pk}/",
        {"status": "done", "evidence": "Sent"},
        HTTP_HX_REQUEST="true",
    )
    assert done.status_code == 200 and 'data-status="done"' in done.content.decode()
    other = c.post(f"/working/actions/{group.zj_item.pk}/", {"status": "in_progress"})
    assert other.status_code == 403


def test_the_progress_note_stays_beside_the_evidence_that_closes_the_item(
    client: Any, users: Any, group: Any
) -> None:
    from deltacap.working.models import ActionItem

    c = _as(client, users, "js-editor")
    path = f"/working/actions/{group.js_item.pk}/"
    started = c.post(
        path,
        {"status": "in_progress", "note": "已汇总三市材料", "evidence": ""},
        HTTP_HX_REQUEST="true",
    )
    row = started.content.decode()
    assert started.status_code == 200 and 'data-status="in_progress"' in row
    assert '<td class="note">已汇总三市材料</td>' in row and 'name="note"' in row
    refused = c.post(
        path, {"status": "done", "note": "改了", "evidence": ""}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 422 and ">改了</textarea>" in refused.content.decode()
    assert ActionItem.objects.get(pk=group.js_item.pk).note == "已汇总三市材料"
    c.post(path, {"status": "done", "note": "已汇总三市材料", "evidence": "已报送"})
    page = c.get(f"/working/meetings/{group.past.pk}/").content.decode()
    assert "<th>进展说明</th>" in page and '<td class="note">已汇总三市材料</td>' in page
    assert "已报送" in page


def test_the_office_schedules_and_gives_items_with_errors_in_the_users_language(
    client: Any, users: Any, group: Any
) -> None:
    c = _as(client, users, "office")
    bad = c.post("/working/meetings/new/", {"day": "2027-01-10", "place": "", "host": "320000"})
    text = bad.content.decode()
    assert bad.status_code == 422 and "此项为必填项" in text or "必填" in text
    made = c.post(
        "/working/meetings/new/", {"day": "2027-01-10", "place": "示例", "host": "320000"}
    )
    assert made.status_code == 302
    item = c.post(
        f"/working/meetings/{group.past.pk}/actions/",
        {"title": "任务", "member": "340000", "due": "not a date"},
    )
    assert item.status_code == 422 and "YYYY-MM-DD" in item.content.decode()
    agenda = _as(client, users, "zj-editor").post(
        f"/working/meetings/{group.coming.pk}/agenda/", {"title": "议题"}
    )
    assert agenda.status_code == 302
    from deltacap.working.models import AgendaItem

    pk = AgendaItem.objects.get(title="议题").pk
    declined = _as(client, users, "office", "en").post(
        f"/working/agenda/{pk}/decide/", {"decision": "decline", "reason": ""}
    )
    assert declined.status_code == 422 and "reason" in declined.content.decode()


def test_the_dashboard_flags_overdue_items_to_the_group_only(
    client: Any, users: Any, group: Any
) -> None:
    zh = _as(client, users, "office").get("/").content.decode()
    assert 'id="working-flags"' in zh and "工作专班有 1 项工作任务已逾期" in zh
    assert 'href="/working/"' in zh and "下次会议" in zh
    en = _as(client, users, "js-viewer", "en").get("/").content.decode()
    assert "1 action item of the working group is overdue" in en
    assert 'id="working-flags"' not in _as(client, users, "ent-suzhou").get("/").content.decode()
    client.logout()
    assert 'id="working-flags"' not in client.get("/").content.decode()


def test_documents_and_evidence_files_are_uploaded_and_read_back_by_the_group(
    client: Any, users: Any, group: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from deltacap.working.models import ActionItem, MeetingDocument

    settings.DATA_DIR = str(tmp_path)
    c = _as(client, users, "office")
    empty = c.post(f"/working/meetings/{group.past.pk}/documents/", {"title": "纪要"})
    assert empty.status_code == 422 and "请上传文件或填写链接" in empty.content.decode()
    upload = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes", "application/pdf")
    made = c.post(
        f"/working/meetings/{group.past.pk}/documents/", {"title": "纪要", "file": upload}
    )
    assert made.status_code == 302
    document = MeetingDocument.objects.get(title="纪要")
    read = _as(client, users, "zj-editor").get(f"/working/evidence/{document.pk}/")
    assert read.status_code == 200 and b"".join(read.streaming_content) == b"%PDF-1.4 minutes"
    assert (
        _as(client, users, "ent-suzhou").get(f"/working/evidence/{document.pk}/").status_code == 403
    )
    evidence = SimpleUploadedFile("evidence.txt", b"sent", "text/plain")
    c = _as(client, users, "js-editor")
    done = c.post(
        f"/working/actions/{group.js_item.pk}/",
        {"status": "done", "evidence": "", "file": evidence},
    )
    assert done.status_code == 302
    assert ActionItem.objects.get(pk=group.js_item.pk).evidence_filename == "evidence.txt"
    back = c.get(f"/working/evidence/{group.js_item.pk}/action/")
    assert back.status_code == 200 and b"".join(back.streaming_content) == b"sent"
