"""The working group's writes: each by whom the rules allow, audited in the same
transaction; refused ones (viewer, the public, another member, enterprises) write nothing;
bad input names its field and writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from deltacap.accounts.permissions import PLATFORM
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.working import selectors, services
from deltacap.working.models import ActionItem, AgendaItem, GroupPerson, Meeting

pytestmark = pytest.mark.django_db


def _events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_a_member_editor_keeps_its_own_people_and_the_office_the_offices(users: Any) -> None:
    person = services.save_person(
        by=users("js-editor"),
        channel="page",
        member="320000",
        values={"role": "lead", "name": "示例领导", "phone": "025-1234567"},
    )
    assert _events("group_person.create") == 1
    services.save_person(
        by=users("js-editor"), channel="page", person_id=person.pk, values={"email": "a@b.cn"}
    )
    assert AuditEvent.objects.get(action="group_person.update").after == {"email": "a@b.cn"}
    for name, member in (("zj-editor", "320000"), ("office", "320000"), ("js-editor", "")):
        with pytest.raises(AccessDenied):
            services.save_person(
                by=users(name), channel="page", member=member, values={"name": "x"}
            )
    with pytest.raises(AccessDenied):
        services.remove_person(by=users("js-viewer"), channel="page", person_id=person.pk)
    office_person = services.save_person(
        by=users("office"), channel="page", member="", values={"name": "示例主任"}
    )
    assert office_person.role == "office_staff" and office_person.member_id is None
    services.remove_person(by=users("js-editor"), channel="page", person_id=person.pk)
    assert _events("group_person.remove") == 1
    assert not GroupPerson.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("name", {"name": " "}),
        ("phone", {"name": "x", "phone": "call me"}),
        ("email", {"name": "x", "email": "not-an-address"}),
        ("role", {"name": "x", "role": "boss"}),
    ],
)
def test_bad_contact_details_name_the_field_and_write_nothing(
    users: Any, field: str, values: dict[str, str]
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.save_person(by=users("js-editor"), channel="page", member="320000", values=values)
    assert refused.value.field == field
    assert (
        not GroupPerson.objects.exists()
        and not AuditEvent.objects.filter(object_type="group_person").exists()
    )


def test_only_the_office_schedules_and_records_a_meeting(users: Any, group: Any) -> None:
    for name in ("js-editor", "js-viewer", "sz-editor", "ent-suzhou"):
        with pytest.raises(AccessDenied):
            services.schedule_meeting(
                by=users(name), channel="page", day="2027-01-10", place="x", host="320000"
            )
        with pytest.raises(AccessDenied):
            services.record_minutes(
                by=users(name), channel="page", meeting_id=group.past.pk, values={"minutes": "x"}
            )
    with pytest.raises(AccessDenied):
        services.schedule_meeting(
            by=None, channel="page", day="2027-01-10", place="x", host="320000"
        )
    with pytest.raises(InvalidInput) as bad:
        services.schedule_meeting(
            by=users("office"), channel="page", day="2027-13-01", place="x", host="320000"
        )
    assert bad.value.field == "day"
    services.record_minutes(
        by=users("office"),
        channel="page",
        meeting_id=group.past.pk,
        values={"participants": "甲\n乙", "decisions": "一\n二"},
    )
    meeting = Meeting.objects.get(pk=group.past.pk)
    assert meeting.participant_lines() == ["甲", "乙"] and meeting.decision_lines() == ["一", "二"]
    assert _events("meeting.minutes") == 1 and _events("meeting.schedule") == 2


def test_members_propose_agenda_items_for_a_coming_meeting_and_the_office_decides(
    users: Any, group: Any
) -> None:
    item = services.propose_agenda_item(
        by=users("js-editor"), channel="page", meeting_id=group.coming.pk, title="太湖总磷"
    )
    assert item.member_id == "320000" and item.state == "proposed"
    with pytest.raises(AccessDenied):  # another member's name
        services.propose_agenda_item(
            by=users("js-editor"),
            channel="page",
            meeting_id=group.coming.pk,
            title="x",
            member="330000",
        )
    with pytest.raises(AccessDenied):
        services.propose_agenda_item(
            by=users("js-viewer"), channel="page", meeting_id=group.coming.pk, title="x"
        )
    with pytest.raises(InvalidInput) as held:
        services.propose_agenda_item(
            by=users("js-editor"), channel="page", meeting_id=group.past.pk, title="x"
        )
    assert held.value.field == "meeting"
    with pytest.raises(AccessDenied):
        services.decide_agenda_item(
            by=users("js-editor"), channel="page", agenda_id=item.pk, accept=True
        )
    with pytest.raises(AccessDenied):  # a decision of people, not of the platform
        services.decide_agenda_item(by=PLATFORM, channel="system", agenda_id=item.pk, accept=True)
    with pytest.raises(InvalidInput) as no_reason:
        services.decide_agenda_item(
            by=users("office"), channel="page", agenda_id=item.pk, accept=False
        )
    assert no_reason.value.field == "reason"
    services.decide_agenda_item(
        by=users("office"), channel="page", agenda_id=item.pk, accept=False, reason="下次再议"
    )
    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.state, item.reason) == ("declined", "下次再议")
    assert _events("agenda.propose") == 1 and _events("agenda.decline") == 1


def test_each_member_updates_only_its_own_action_items(users: Any, group: Any) -> None:
    with pytest.raises(AccessDenied):
        services.update_action_item(
            by=users("zj-editor"), channel="page", action_id=group.js_item.pk, status="in_progress"
        )
    for name in ("js-viewer", "sz-editor", "ent-suzhou"):
        with pytest.raises(AccessDenied):
            services.update_action_item(
                by=users(name), channel="page", action_id=group.js_item.pk, status="in_progress"
            )
    with pytest.raises(AccessDenied):
        services.create_action_item(
            by=users("js-editor"),
            channel="page",
            meeting_id=group.past.pk,
            owner="320000",
            title="x",
            due="2027-01-01",
        )
    with pytest.raises(InvalidInput) as no_evidence:
        services.update_action_item(
            by=users("js-editor"), channel="page", action_id=group.js_item.pk, status="done"
        )
    assert no_evidence.value.field == "evidence"
    assert ActionItem.objects.get(pk=group.js_item.pk).status == "open"
    services.update_action_item(
        by=users("js-editor"),
        channel="page",
        action_id=group.js_item.pk,
        status="done",
        evidence="已报送",
        upload=services.Upload("意见.pdf", b"%PDF-1.4 x"),
    )
    item = ActionItem.objects.get(pk=group.js_item.pk)
    assert (item.status, item.evidence_filename) == ("done", "意见.pdf")
    assert services.stored_file(item.evidence_sha256) is not None
    event = AuditEvent.objects.get(action="action_item.update")
    assert event.member_code == "320000" and event.after["status"] == "done"
    # The office may update any member's item.
    services.update_action_item(
        by=users("office"), channel="page", action_id=group.zj_item.pk, status="in_progress"
    )


def test_files_are_size_limited_and_kept_in_the_data_folder(
    users: Any, group: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = str(tmp_path)
    settings.DELTACAP_WORKING_MAX_FILE_BYTES = 10
    with pytest.raises(InvalidInput) as too_big:
        services.add_document(
            by=users("office"),
            channel="page",
            meeting_id=group.past.pk,
            title="纪要",
            upload=services.Upload("big.pdf", b"x" * 11),
        )
    assert too_big.value.field == "file"
    with pytest.raises(InvalidInput) as bad_link:
        services.add_document(
            by=users("office"), channel="page", meeting_id=group.past.pk, title="t", link="ftp://x"
        )
    assert bad_link.value.field == "link"
    document = services.add_document(
        by=users("office"),
        channel="page",
        meeting_id=group.past.pk,
        title="纪要",
        upload=services.Upload("minutes.pdf", b"%PDF-1.4"),
    )
    assert (tmp_path / "working" / document.sha256).read_bytes() == b"%PDF-1.4"
    assert group.past.documents.count() == 1


def test_overdue_items_and_the_next_meeting_are_read_from_the_records(group: Any) -> None:
    today = timezone.localdate()
    overdue = selectors.action_items(overdue_only=True, today=today)
    assert [i.pk for i in overdue] == [group.js_item.pk]
    rows = {r.member.code: r for r in selectors.open_items_by_member(today)}
    assert (len(rows["320000"].open), rows["320000"].overdue) == (1, 1)
    assert (len(rows["330000"].open), rows["330000"].overdue) == (1, 0)
    nxt = selectors.next_meeting(today)
    assert nxt.scheduled.pk == group.coming.pk and not nxt.overdue
    notices = selectors.notices("320000", today)
    assert notices[0].overdue and "报送意见" in notices[0].text
    assert any("Meeting" in n.text or "会议" in n.text for n in notices)


def test_reminders_go_by_e_mail_only_when_turned_on(users: Any, group: Any, settings: Any) -> None:
    notices = {"320000": ["2027-03-31 报告"], "330000": []}
    with pytest.raises(InvalidInput):
        services.send_reminders(by=users("office"), channel="cli", notices=notices, subject="s")
    settings.DELTACAP_WORKING_EMAIL = True
    with pytest.raises(AccessDenied):
        services.send_reminders(by=users("js-editor"), channel="cli", notices=notices, subject="s")
    assert (
        services.send_reminders(by=users("office"), channel="cli", notices=notices, subject="s")
        == 1
    )
    assert mail.outbox[0].to == ["liaison@example.invalid"]
    assert _events("working.remind") == 1


def test_the_demo_holds_the_group_two_meetings_and_items_in_every_status(users: Any) -> None:
    from deltacap.working.demo import load_demo_working

    assert load_demo_working() == 2
    assert load_demo_working() == 0
    assert GroupPerson.objects.filter(synthetic=True).count() == 14
    assert all("示例" in p.name for p in GroupPerson.objects.all())
    assert {i.status for i in ActionItem.objects.all()} == {
        "open",
        "in_progress",
        "done",
        "dropped",
    }
    started = ActionItem.objects.get(status="in_progress")
    assert started.note.startswith("已完成初稿框架") and started.evidence == ""
    assert any(
        selectors.overdue(i, timezone.localdate() + timedelta(days=0))
        for i in ActionItem.objects.all()
    )
    assert [m.day.isoformat()[:7] for m in Meeting.objects.order_by("day")] == [
        "2025-11",
        "2026-06",
    ]
