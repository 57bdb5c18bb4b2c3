"""The working group's calendar and action items (domain.working), without a database:
the next meeting six months after the last, the half-year warning, overdue items, the
plan's yearly deadlines (二(一), 二(五))."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.errors import InvalidInput
from deltacap.domain.working import (
    ActionStatus,
    AgendaState,
    DeadlineKind,
    add_months,
    check_action_update,
    check_decision,
    due_soon,
    is_overdue,
    meeting_overdue,
    proposed_next_meeting,
    upcoming,
    year_deadlines,
)


def test_months_are_calendar_months_ending_on_a_shorter_months_last_day() -> None:
    assert add_months(date(2025, 11, 20), 6) == date(2026, 5, 20)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_six_months_later_is_between_181_and_184_days(day: date) -> None:
    assert 178 <= (add_months(day, 6) - day).days <= 184


def test_the_next_meeting_is_proposed_six_months_after_the_last() -> None:
    assert proposed_next_meeting(date(2026, 6, 18), date(2026, 7, 1)) == date(2026, 12, 18)
    # Once that date has passed, today; with no meeting yet, today.
    assert proposed_next_meeting(date(2025, 11, 20), date(2026, 6, 1)) == date(2026, 6, 1)
    assert proposed_next_meeting(None, date(2026, 3, 3)) == date(2026, 3, 3)


def test_a_half_year_without_a_meeting_is_flagged_unless_one_is_scheduled_in_time() -> None:
    last = date(2025, 11, 20)
    assert not meeting_overdue(last, None, date(2026, 5, 20))
    assert meeting_overdue(last, None, date(2026, 5, 21))
    assert not meeting_overdue(last, date(2026, 5, 10), date(2026, 5, 21))
    assert meeting_overdue(last, date(2026, 7, 1), date(2026, 5, 21))
    assert not meeting_overdue(None, None, date(2026, 5, 21))


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        ("open", date(2026, 10, 1), True),
        ("in_progress", date(2026, 10, 1), True),
        ("open", date(2026, 9, 30), False),  # due today: not yet overdue
        ("done", date(2027, 1, 1), False),
        ("dropped", date(2027, 1, 1), False),
    ],
)
def test_an_item_is_overdue_when_still_open_after_its_due_date(
    status: str, today: date, expected: bool
) -> None:
    assert is_overdue(date(2026, 9, 30), status, today) is expected


def test_done_needs_evidence_and_dropped_a_reason() -> None:
    assert check_action_update("in_progress", "", False) is ActionStatus.IN_PROGRESS
    assert check_action_update("done", "", True) is ActionStatus.DONE
    assert check_action_update("done", "报告已报送", False) is ActionStatus.DONE
    with pytest.raises(InvalidInput) as no_evidence:
        check_action_update("done", "  ", False)
    assert no_evidence.value.field == "evidence"
    with pytest.raises(InvalidInput) as no_reason:
        check_action_update("dropped", "", True)
    assert no_reason.value.field == "evidence"
    with pytest.raises(InvalidInput) as unknown:
        check_action_update("finished", "x", False)
    assert unknown.value.field == "status"


def test_the_office_declines_with_a_reason() -> None:
    assert check_decision(True, "") is AgendaState.ACCEPTED
    assert check_decision(False, "下次再议") is AgendaState.DECLINED
    with pytest.raises(InvalidInput) as refused:
        check_decision(False, " ")
    assert refused.value.field == "reason"


def test_the_yearly_cycle_follows_the_plan() -> None:
    days = {d.kind: d.day for d in year_deadlines(2025)}
    assert days == {
        DeadlineKind.TASK_LIST_OPENS: date(2025, 10, 1),
        DeadlineKind.TASK_LIST_CLOSES: date(2026, 3, 31),
        DeadlineKind.MEMBER_REPORT: date(2026, 3, 31),
        DeadlineKind.REGION_REPORT: date(2026, 6, 30),
    }


def test_the_next_deadlines_come_in_order_with_the_meetings() -> None:
    today = date(2026, 12, 6)
    found = upcoming(today, [date(2026, 12, 18)], count=4)
    assert [(d.kind, d.day) for d in found] == [
        (DeadlineKind.MEETING, date(2026, 12, 18)),
        (DeadlineKind.MEMBER_REPORT, date(2027, 3, 31)),
        (DeadlineKind.TASK_LIST_CLOSES, date(2027, 3, 31)),
        (DeadlineKind.REGION_REPORT, date(2027, 6, 30)),
    ]
    assert all(d.day >= today for d in upcoming(today))
    soon = due_soon(found, today, lead_days=30)
    assert [d.kind for d in soon] == [DeadlineKind.MEETING]
    assert due_soon(found, date(2027, 3, 31) + timedelta(days=1)) == []


# --- who may do what with the group's records (domain.access) --------------------------------

from deltacap.domain.access import (  # noqa: E402 - the access part of this module
    PUBLIC,
    SYSTEM,
    Action,
    Kind,
    Principal,
    Resource,
    Role,
    allowed,
    region_resource,
)

OFFICE = Principal(Role.OFFICE)
JS_EDITOR = Principal(Role.MEMBER_EDITOR, "320000")
ZJ_EDITOR = Principal(Role.MEMBER_EDITOR, "330000")
JS_VIEWER = Principal(Role.MEMBER_VIEWER, "320000")
SZ_EDITOR = Principal(Role.CITY_EDITOR, "320500")
FIRM = Principal(Role.ENTERPRISE, enterprise_id=7)


def _of(kind: Kind, member: str) -> Resource:
    return Resource(kind, ("region", member), level="member")


def test_the_group_reads_its_records_and_no_one_else() -> None:
    for kind in (Kind.GROUP_PERSON, Kind.MEETING, Kind.AGENDA_ITEM, Kind.ACTION_ITEM):
        record = _of(kind, "320000")
        for reader in (OFFICE, JS_EDITOR, ZJ_EDITOR, JS_VIEWER, SYSTEM):
            assert allowed(reader, Action.READ, record)
        for outsider in (PUBLIC, SZ_EDITOR, FIRM):
            assert not allowed(outsider, Action.READ, record)


def test_each_member_keeps_its_people_and_its_action_items_the_office_runs_meetings() -> None:
    js_person, office_person = _of(Kind.GROUP_PERSON, "320000"), region_resource(Kind.GROUP_PERSON)
    assert allowed(JS_EDITOR, Action.EDIT_GROUP_MEMBER, js_person)
    assert not allowed(ZJ_EDITOR, Action.EDIT_GROUP_MEMBER, js_person)
    assert not allowed(OFFICE, Action.EDIT_GROUP_MEMBER, js_person)
    assert allowed(OFFICE, Action.EDIT_GROUP_MEMBER, office_person)
    assert not allowed(JS_EDITOR, Action.EDIT_GROUP_MEMBER, office_person)
    js_item = _of(Kind.ACTION_ITEM, "320000")
    assert allowed(JS_EDITOR, Action.UPDATE_ACTION_ITEM, js_item)
    assert allowed(OFFICE, Action.UPDATE_ACTION_ITEM, js_item)
    for other in (ZJ_EDITOR, JS_VIEWER, SZ_EDITOR, FIRM, PUBLIC):
        assert not allowed(other, Action.UPDATE_ACTION_ITEM, js_item)
    assert not allowed(JS_EDITOR, Action.CREATE_ACTION_ITEM, js_item)
    meeting = region_resource(Kind.MEETING)
    for action in (Action.SCHEDULE_MEETING, Action.RECORD_MINUTES, Action.SEND_REMINDERS):
        assert allowed(OFFICE, action, meeting)
        assert not allowed(JS_EDITOR, action, meeting)
    js_agenda = _of(Kind.AGENDA_ITEM, "320000")
    assert allowed(JS_EDITOR, Action.PROPOSE_AGENDA_ITEM, js_agenda)
    assert not allowed(ZJ_EDITOR, Action.PROPOSE_AGENDA_ITEM, js_agenda)
    assert allowed(OFFICE, Action.DECIDE_AGENDA_ITEM, js_agenda)
    assert not allowed(SYSTEM, Action.DECIDE_AGENDA_ITEM, js_agenda)
    assert not allowed(JS_EDITOR, Action.DECIDE_AGENDA_ITEM, js_agenda)
