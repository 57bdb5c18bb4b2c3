"""The rectification of outfalls: its status on a day, the counts per member and the check
of a completion (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from deltacap.domain.access import REGION, Action, Kind, Principal, Resource, Role, allowed
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.domain.water import rectification as rect
from deltacap.domain.water.rectification import Status

DAY = dt.date(2026, 3, 1)


def test_an_outfall_is_overdue_only_while_pending_after_its_deadline() -> None:
    before, on, after = dt.date(2026, 2, 28), DAY, dt.date(2026, 3, 2)
    assert rect.status("ban", "pending", before, DAY) is Status.OVERDUE
    assert rect.status("ban", "pending", on, DAY) is Status.OPEN  # due today: still in time
    assert rect.status("merge", "pending", after, DAY) is Status.OPEN
    assert rect.status("regulate", "pending", None, DAY) is Status.OPEN
    assert rect.status("regulate", "completed", before, DAY) is Status.RECTIFIED
    assert rect.status("none", "pending", before, DAY) is Status.NONE


def test_the_counts_per_member_hold_the_overdue_among_the_open() -> None:
    found = rect.tally([
        ("330000", Status.RECTIFIED), ("320000", Status.OVERDUE), ("320000", Status.OPEN),
        ("320000", Status.RECTIFIED), ("310000", Status.NONE),
    ])  # fmt: skip
    assert [(t.member, t.tasks, t.rectified, t.open, t.overdue) for t in found] == [
        ("320000", 3, 1, 2, 1),
        ("330000", 1, 1, 0, 0),
    ]
    whole = rect.total(found)
    assert (whole.tasks, whole.rectified, whole.open, whole.overdue) == (4, 2, 2, 1)


def test_a_completion_needs_a_task_a_past_day_and_evidence() -> None:
    ok = rect.check_completion(
        action="ban", state="pending", completed_on=DAY, evidence="  封堵  ", today=DAY
    )
    assert ok == "封堵"
    with pytest.raises(Conflict):
        rect.check_completion(action="none", state="pending", completed_on=DAY, evidence="x",
                              today=DAY)  # fmt: skip
    with pytest.raises(Conflict):
        rect.check_completion(action="ban", state="completed", completed_on=DAY, evidence="x",
                              today=DAY)  # fmt: skip
    with pytest.raises(InvalidInput) as future:
        rect.check_completion(action="ban", state="pending", completed_on=dt.date(2026, 3, 2),
                              evidence="x", today=DAY)  # fmt: skip
    assert future.value.field == "completed_on"
    with pytest.raises(InvalidInput) as empty:
        rect.check_completion(action="ban", state="pending", completed_on=DAY, evidence=" ",
                              today=DAY)  # fmt: skip
    assert empty.value.field == "evidence"


def test_only_the_outfalls_own_member_editor_records_its_rectification() -> None:
    outfall = Resource(Kind.WATER_OUTFALL, (REGION, "320000"), level="member")
    done = Action.COMPLETE_OUTFALL_RECTIFICATION
    assert allowed(Principal(Role.MEMBER_EDITOR, "320000"), done, outfall)
    for p in (
        Principal(Role.MEMBER_EDITOR, "330000"),
        Principal(Role.MEMBER_VIEWER, "320000"),
        Principal(Role.CITY_EDITOR, "320500"),
        Principal(Role.OFFICE),
        Principal(Role.PUBLIC),
    ):
        assert not allowed(p, done, outfall), p
