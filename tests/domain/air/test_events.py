"""The controlled-enterprise list's rules: located checks of its rows, the diff of two
versions, the expected cuts against the requirement, and the judgement of execution."""

from __future__ import annotations

from datetime import date

import numpy as np

from deltacap.domain.air import events as ev
from deltacap.domain.air.events import Entry, EventConfig, Grade, Measure, MeasureKind, Row

A = "91310000MA1TEST01A"
B = "91310000MA1TEST02B"


def test_rows_become_entries_and_every_fault_is_located_by_row_and_column() -> None:
    columns = {"uscc": "代码", "kind": "措施类型", "percent": "限产比例(%)", "cut_SO2": "减排量SO2"}
    good = [
        Row(2, uscc=A, grade="B", kind="限产", percent=30, baseline={"SO2": 100}, cuts={"SO2": 30}),
        Row(3, uscc=A, kind="运输调整", detail="柴油货车停运", cuts={"NOx": 5}),
        Row(4, uscc=B, grade="引领性", kind="停产"),
    ]
    entries, faults = ev.check_rows(good, columns)
    assert faults == []
    assert [e.uscc for e in entries] == [A, B]
    assert entries[0].grade is Grade.B and entries[1].grade is Grade.LEADING
    assert entries[0].cut("SO2") == 30 and entries[0].cut("NOx") == 5
    bad = [
        Row(2, uscc="123", kind="停产"),
        Row(3, uscc=A, kind="关门"),
        Row(4, uscc=A, kind="限产", percent=""),
        Row(5, uscc=B, kind="限产", percent=20, baseline={"SO2": 10}, cuts={"SO2": 11}),
    ]
    _, faults = ev.check_rows(bad, columns)
    located = {(f.row, f.column) for f in faults}
    assert located == {(2, "代码"), (3, "措施类型"), (4, "限产比例(%)"), (5, "减排量SO2")}


def test_the_diff_tells_enterprises_and_measures_added_removed_and_changed() -> None:
    limit = Measure(MeasureKind.LIMIT, "", 30, {"SO2": 30})
    stop = Measure(MeasureKind.STOP, "", None, {"SO2": 50})
    before = [Entry(A, Grade.B, {"SO2": 100}, (limit,)), Entry(B, Grade.C, {}, (stop,))]
    tighter = Measure(MeasureKind.LIMIT, "", 50, {"SO2": 50})
    process = Measure(MeasureKind.STOP_PROCESS, "烧结", None, {"SO2": 10})
    c = "91310000MA1TEST03C"
    after = [Entry(A, Grade.A, {"SO2": 100}, (tighter, process)), Entry(c, Grade.UNKNOWN, {}, ())]
    change = ev.diff(before, after)
    assert [e.uscc for e in change.added] == [c]
    assert [e.uscc for e in change.removed] == [B]
    (one,) = change.changed
    assert one.grade == (Grade.B, Grade.A)
    assert one.added == (process,) and one.removed == ()
    assert one.changed[0].before.percent == 30 and one.changed[0].after.percent == 50
    assert ev.diff(after, after).empty
    assert ev.diff([], before).added == tuple(before)


def test_cuts_sum_by_city_and_member_against_the_required_share() -> None:
    a = Entry(
        A,
        Grade.B,
        {"SO2": 100, "NOx": 200},
        (Measure(MeasureKind.LIMIT, "", 30, {"SO2": 30, "NOx": 20}),),
    )
    b = Entry(B, Grade.C, {"SO2": 100}, (Measure(MeasureKind.STOP, "", None, {"SO2": 100}),))
    lines = ev.cuts([("310000", "310000", a), ("320000", "320500", b)], {"SO2": 0.5, "NOx": 0.2})
    so2 = {unit: next(x for x in found if x.pollutant == "SO2") for unit, found in lines.items()}
    assert so2["event"].cut == 130 and so2["event"].baseline == 200 and so2["event"].meets
    assert so2["member:310000"].share == 0.3 and so2["member:310000"].meets is False
    assert so2["city:320500"].meets is True
    nox = next(x for x in lines["event"] if x.pollutant == "NOx")
    assert nox.share == 0.1 and nox.meets is False
    vocs = next(x for x in lines["event"] if x.pollutant == "VOCs")
    assert vocs.share is None and vocs.meets is None


def test_baseline_days_are_the_same_weekdays_of_the_previous_weeks() -> None:
    days = ev.event_days(date(2025, 11, 5), date(2025, 11, 10))
    base = ev.baseline_days(days, 2)
    assert len(base) == 12 and date(2025, 10, 29) in base and date(2025, 11, 3) in base
    assert {d.weekday() for d in base} == {d.weekday() for d in days}
    assert not set(base) & set(days)


def test_a_stop_above_its_share_of_baseline_is_flagged_and_a_kept_limit_is_not() -> None:
    judged = ev.judge_execution(
        np.array([A, B, B, A]),
        np.array(["SO2", "SO2", "NOx", "NOx"]),
        np.array([5.0, 30.0, 8.0, 1.0]),
        np.array([10.0, 100.0, 10.0, 0.0]),
        np.array([0.0, 0.7, 0.7, 1.0]),
        np.array([True, False, False, True]),
        EventConfig(stop_share=0.1, tolerance=0.1),
    )
    # A stopped: 50 % of its baseline > 10 %; B limited to 70 %: 30 % kept, 80 % is over 70+10.
    assert judged.flagged.tolist() == [1, 0, 0, -1]
    assert judged.ratio[0] == 0.5 and np.isnan(judged.ratio[3])
