"""The rectification of outfalls: its status on a day, the counts per member, the checks of
a completion, a verification and a sending back, and who may verify (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from deltacap.domain.access import (
    REGION,
    SYSTEM,
    Action,
    Kind,
    Principal,
    Resource,
    Role,
    allowed,
)
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
    assert rect.status("regulate", "completed", before, DAY) is Status.AWAITING
    assert rect.status("regulate", "verified", before, DAY) is Status.RECTIFIED
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


def test_only_a_verified_rectification_counts_as_rectified_and_awaiting_is_its_own_count() -> None:
    found = rect.tally([
        ("320000", Status.RECTIFIED), ("320000", Status.AWAITING), ("320000", Status.OVERDUE),
    ])  # fmt: skip
    (js,) = found
    assert (js.tasks, js.rectified, js.awaiting, js.open, js.overdue) == (3, 1, 1, 1, 1)
    assert rect.total(found).awaiting == 1


def test_the_state_on_a_past_day_counts_what_was_recorded_and_verified_by_then() -> None:
    done, checked = dt.date(2026, 1, 10), dt.date(2026, 2, 10)
    assert rect.state_on("verified", done, checked, dt.date(2026, 3, 1)) == "verified"
    assert rect.state_on("verified", done, checked, dt.date(2026, 2, 1)) == "completed"
    assert rect.state_on("verified", done, checked, dt.date(2026, 1, 1)) == "pending"
    assert rect.state_on("completed", done, None, dt.date(2026, 1, 10)) == "completed"
    assert rect.state_on("pending", None, None, dt.date(2026, 3, 1)) == "pending"


def _verify(**changed: object) -> str:
    values: dict[str, object] = {
        "action": "ban", "state": "completed", "completed_on": dt.date(2026, 2, 20),
        "verified_on": DAY, "note": "  现场核查合格  ", "today": DAY,
    }  # fmt: skip
    values.update(changed)
    return rect.check_verification(**values)  # type: ignore[arg-type]


def test_a_verification_needs_a_record_of_it_done_and_a_day_between_it_and_today() -> None:
    assert _verify() == "现场核查合格"
    assert _verify(note="") == ""  # the note is optional
    assert _verify(verified_on=dt.date(2026, 2, 20)) == "现场核查合格"  # on the day it was done
    for state in ("pending", "verified"):
        with pytest.raises(Conflict):
            _verify(state=state)
    with pytest.raises(Conflict):
        _verify(action="none")
    with pytest.raises(InvalidInput) as future:
        _verify(verified_on=dt.date(2026, 3, 2))
    assert future.value.field == "verified_on"
    with pytest.raises(InvalidInput) as early:
        _verify(verified_on=dt.date(2026, 2, 19))
    assert early.value.field == "verified_on" and early.value.params["day"] == "2026-02-20"
    with pytest.raises(InvalidInput) as long:
        _verify(note="x" * (rect.MAX_EVIDENCE + 1))
    assert long.value.field == "note"


def test_sending_back_needs_a_record_of_it_done_and_a_reason() -> None:
    assert rect.check_sending_back(action="merge", state="completed", reason=" 缺验收记录 ") == (
        "缺验收记录"
    )
    with pytest.raises(InvalidInput) as empty:
        rect.check_sending_back(action="merge", state="completed", reason="  ")
    assert empty.value.field == "note"
    for state in ("pending", "verified"):
        with pytest.raises(Conflict):
            rect.check_sending_back(action="merge", state=state, reason="x")


def test_another_official_of_the_member_or_the_office_verifies_never_the_recorder() -> None:
    verify = Action.VERIFY_OUTFALL_RECTIFICATION
    recorded = Resource(Kind.WATER_OUTFALL, (REGION, "320000"), level="member", recorded_by=7)
    recorder = Principal(Role.MEMBER_EDITOR, "320000", account_id=7)
    colleague = Principal(Role.MEMBER_EDITOR, "320000", account_id=8)
    office = Principal(Role.OFFICE, account_id=9)
    assert not allowed(recorder, verify, recorded)
    assert allowed(colleague, verify, recorded)
    assert allowed(office, verify, recorded)
    assert not allowed(Principal(Role.OFFICE, account_id=7), verify, recorded)  # still the recorder
    for p in (
        Principal(Role.MEMBER_EDITOR, "330000", account_id=10),  # another member
        Principal(Role.MEMBER_VIEWER, "320000", account_id=11),
        Principal(Role.CITY_EDITOR, "320500", account_id=12),
        Principal(Role.ENTERPRISE, "320509", enterprise_id=1, account_id=13),
        Principal(Role.PUBLIC),
        Principal(Role.MEMBER_EDITOR, "320000"),  # no account: nobody to tell apart
        SYSTEM,  # a person's decision, never the platform's
    ):
        assert not allowed(p, verify, recorded), p
    # recorded by the platform (no account): any of the officials above may verify it
    by_platform = Resource(Kind.WATER_OUTFALL, (REGION, "320000"), level="member")
    assert allowed(recorder, verify, by_platform)
