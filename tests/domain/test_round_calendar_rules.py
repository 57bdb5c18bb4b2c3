"""The evaluation calendar's rules: the window and due dates, opening outside the window,
lateness, and the yearly scheduling evaluation read from a frozen snapshot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.round_calendar import (
    Lateness,
    RoundCalendar,
    calendar_of,
    check_window,
    lateness,
    scheduling_evaluation,
)
from deltacap.domain.working import DeadlineKind, year_deadlines


def test_the_plans_calendar_runs_from_q4_to_q1_with_31_march_due() -> None:
    cal = RoundCalendar()
    assert (cal.opens(2025), cal.closes(2025), cal.due(2025), cal.region_report(2025)) == (
        date(2025, 10, 1),
        date(2026, 3, 31),
        date(2026, 3, 31),
        date(2026, 6, 30),
    )


def test_a_configured_calendar_moves_the_working_groups_deadlines_too() -> None:
    cal = calendar_of("11-15", "04-30", "04-15", "07-31")
    days = {d.kind: d.day for d in year_deadlines(2025, cal)}
    assert days[DeadlineKind.TASK_LIST_OPENS] == date(2025, 11, 15)
    assert days[DeadlineKind.TASK_LIST_CLOSES] == date(2026, 4, 30)
    assert days[DeadlineKind.MEMBER_REPORT] == date(2026, 4, 15)
    assert days[DeadlineKind.REGION_REPORT] == date(2026, 7, 31)


@pytest.mark.parametrize("bad", ["3/31", "02-29", "13-01", "", "03-31-1"])
def test_a_calendar_setting_that_is_no_month_and_day_is_refused_by_name(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        calendar_of("10-01", bad, "03-31", "06-30")
    assert caught.value.field == "window_closes"


def test_a_round_opens_within_its_window_and_outside_only_with_a_reason() -> None:
    cal = RoundCalendar()
    assert check_window(cal, 2025, date(2025, 10, 1), "") == ""
    assert check_window(cal, 2025, date(2026, 3, 31), "") == ""
    for day in (date(2025, 9, 30), date(2026, 4, 1)):
        with pytest.raises(InvalidInput) as caught:
            check_window(cal, 2025, day, "  ")
        assert caught.value.field == "override_reason"
        assert caught.value.params["opens"] == "2025-10-01"
        assert caught.value.params["closes"] == "2026-03-31"
    assert check_window(cal, 2025, date(2026, 5, 2), " late start ") == "late start"


def test_lateness_counts_the_days_after_the_due_date() -> None:
    due = date(2026, 3, 31)
    assert lateness(due, date(2026, 3, 31), date(2026, 5, 1)).state is Lateness.ON_TIME
    late = lateness(due, date(2026, 4, 8), date(2026, 5, 1))
    assert (late.state, late.days_late) == (Lateness.LATE, 8)
    overdue = lateness(due, None, date(2026, 4, 2))
    assert (overdue.state, overdue.days_late) == (Lateness.OVERDUE, 2)
    assert lateness(due, None, due).state is Lateness.PENDING


def _project(code: str, member: str, status: str, day: str, cod: str, due: int = 2024) -> dict:
    return {
        "code": code,
        "member": member,
        "status": status,
        "commissioning_date": day,
        "due_year": due,
        "reductions": {"COD": {"planned": cod, "accounted": cod}},
    }


def test_the_scheduling_evaluation_counts_completed_projects_and_their_reductions() -> None:
    snapshot = {
        "year": 2024,
        "projects": [
            _project("A", "320000", "verified", "2024-05-01", "10.5"),
            _project("B", "320000", "under_construction", "2025-02-01", "4"),
            _project("C", "320000", "verified", "2023-05-01", "7", due=2023),  # other year
            _project("D", "330000", "verified", "2024-06-01", "2.25"),
            _project("E", "330000", "verified", "2025-01-10", "1"),  # commissioned too late
        ],
        # Jiangsu submitted (B dropped); Zhejiang did not: the project file decides.
        "submissions": {
            "320000": {
                "items": [
                    {"project": "A", "outcome": "done", "reason": ""},
                    {"project": "B", "outcome": "dropped", "reason": "merged"},
                ]
            }
        },
        "progress": [
            {"scope": "320000", "pollutant": "COD", "target_tonnes": 100.0,
             "verified_tonnes": 40.0, "completion_rate": 0.4},
            {"scope": "region", "pollutant": "COD", "target_tonnes": 500.0,
             "verified_tonnes": 90.0, "completion_rate": 0.18},
        ],
    }  # fmt: skip
    found = scheduling_evaluation(snapshot, ["320000", "330000"], ["verified"])
    rows = {r.member: r for r in found}
    js, zj = rows["320000"], rows["330000"]
    assert (js.due, js.completed, js.late, js.dropped, js.submitted) == (2, 1, 0, 1, True)
    assert js.pollutants["COD"].accounted_tonnes == Decimal("10.5")
    assert js.pollutants["COD"].target_tonnes == Decimal("100.0")
    assert js.pollutants["COD"].completion_rate == Decimal("0.4")
    assert (zj.due, zj.completed, zj.late, zj.submitted) == (2, 1, 1, False)
    assert zj.pollutants["COD"].accounted_tonnes == Decimal("2.25")
    assert zj.pollutants["COD"].target_tonnes is None
