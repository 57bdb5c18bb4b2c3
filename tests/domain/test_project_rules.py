"""Project status steps and field rules (domain.projects), without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.access import Kind, Principal, Resource, Role
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.domain.projects import (
    TRANSITIONS,
    Facts,
    PeriodYears,
    ProjectStatus,
    StepRefused,
    check_code,
    check_dates,
    check_editable,
    check_step,
    check_tonnes,
    may_read_progress,
    route,
    steps_from,
    unmet_needs,
)

S = ProjectStatus
SUZHOU_PROJECT = Resource(Kind.PROJECT, ("region", "320000", "320500", "320509"), "county")
OFFICE = Principal(Role.OFFICE)
JS_EDITOR = Principal(Role.MEMBER_EDITOR, "320000")
ZJ_EDITOR = Principal(Role.MEMBER_EDITOR, "330000")
SZ_EDITOR = Principal(Role.CITY_EDITOR, "320500")
JS_VIEWER = Principal(Role.MEMBER_VIEWER, "320000")
READY = Facts(has_commissioning_date=True, has_evidence=True, has_reduction=True)
FIFTEEN_FYP_START = PeriodYears(2021, 2025)


def test_member_and_city_editors_build_their_projects_up_to_commissioned() -> None:
    for editor in (JS_EDITOR, SZ_EDITOR):
        check_step(editor, SUZHOU_PROJECT, S.PLANNED, S.UNDER_CONSTRUCTION, READY)
        check_step(editor, SUZHOU_PROJECT, S.UNDER_CONSTRUCTION, S.COMMISSIONED, READY)


def test_another_members_editor_and_a_viewer_take_no_step() -> None:
    for other in (ZJ_EDITOR, JS_VIEWER):
        with pytest.raises(StepRefused):
            check_step(other, SUZHOU_PROJECT, S.PLANNED, S.UNDER_CONSTRUCTION, READY)


def test_only_the_office_verifies_or_rejects() -> None:
    for writer in (JS_EDITOR, SZ_EDITOR, None):
        with pytest.raises(StepRefused) as refused:
            check_step(writer, SUZHOU_PROJECT, S.COMMISSIONED, S.VERIFIED, READY)
        assert refused.value.field == "status"
    check_step(OFFICE, SUZHOU_PROJECT, S.COMMISSIONED, S.VERIFIED, READY)
    check_step(OFFICE, SUZHOU_PROJECT, S.COMMISSIONED, S.REJECTED, Facts(reason="no permit"))


@pytest.mark.parametrize(
    ("facts", "missing"),
    [
        (Facts(has_commissioning_date=True, has_reduction=True), "evidence"),
        (Facts(has_commissioning_date=True, has_evidence=True), "reduction"),
    ],
)
def test_verification_needs_evidence_and_a_computed_reduction(facts: Facts, missing: str) -> None:
    with pytest.raises(InvalidInput) as error:
        check_step(OFFICE, SUZHOU_PROJECT, S.COMMISSIONED, S.VERIFIED, facts)
    assert error.value.field == missing


def test_rejecting_or_reopening_needs_a_reason() -> None:
    for current, target in ((S.COMMISSIONED, S.REJECTED), (S.VERIFIED, S.COMMISSIONED)):
        with pytest.raises(InvalidInput) as error:
            check_step(OFFICE, SUZHOU_PROJECT, current, target, Facts(reason="  "))
        assert error.value.field == "reason"


def test_a_project_cannot_skip_from_planned_to_verified() -> None:
    with pytest.raises(Conflict):
        check_step(OFFICE, SUZHOU_PROJECT, S.PLANNED, S.VERIFIED, READY)


def test_an_import_moves_several_steps_one_by_one() -> None:
    assert route(S.PLANNED, S.COMMISSIONED) == [S.UNDER_CONSTRUCTION, S.COMMISSIONED]
    assert route(S.COMMISSIONED, S.COMMISSIONED) == []
    assert route(S.REJECTED, S.VERIFIED) == [S.COMMISSIONED, S.VERIFIED]


@given(st.sampled_from(list(S)), st.sampled_from(list(S)))
def test_every_route_is_made_of_allowed_steps_and_ends_at_the_target(
    start: ProjectStatus, end: ProjectStatus
) -> None:
    try:
        steps = route(start, end)
    except Conflict:
        return
    previous = start
    for status in steps:
        assert (previous, status) in TRANSITIONS
        previous = status
    assert previous == end


def test_every_status_can_reach_every_other() -> None:
    for start in S:
        for end in S:
            route(start, end)


def test_a_verified_project_is_locked() -> None:
    with pytest.raises(Conflict) as error:
        check_editable(S.VERIFIED, "JS-1")
    assert "JS-1" in str(error.value)
    check_editable(S.COMMISSIONED, "JS-1")


def test_commissioning_must_fall_in_the_period_and_follow_the_start() -> None:
    check_dates(date(2019, 5, 1), date(2021, 1, 1), FIFTEEN_FYP_START)
    with pytest.raises(InvalidInput) as late:
        check_dates(date(2024, 5, 1), date(2026, 1, 1), FIFTEEN_FYP_START)
    assert late.value.field == "commissioning_date"
    with pytest.raises(InvalidInput) as backwards:
        check_dates(date(2024, 5, 2), date(2024, 5, 1), FIFTEEN_FYP_START)
    assert backwards.value.field == "start_date"


@pytest.mark.parametrize("bad", ["abc", "-1", "NaN", "1e9", ""])
def test_tonnes_refuse_text_negative_and_implausible_values(bad: str) -> None:
    with pytest.raises(InvalidInput) as error:
        check_tonnes(bad, "planned.COD")
    assert error.value.field == "planned.COD"
    assert bad in str(error.value)


def test_tonnes_are_kept_to_the_kilogram() -> None:
    assert check_tonnes("12.34567", "x") == Decimal("12.346")
    assert check_tonnes(7, "x") == Decimal("7.000")


@pytest.mark.parametrize("bad", ["", "a b", "JS/1", "-JS", "x" * 41, "项目1"])
def test_codes_are_short_plain_ascii(bad: str) -> None:
    with pytest.raises(InvalidInput):
        check_code(bad)
    assert check_code(" JS-2023-0001 ") == "JS-2023-0001"


def test_progress_is_read_by_officials_not_by_enterprises_or_the_public() -> None:
    assert all(may_read_progress(p) for p in (OFFICE, JS_EDITOR, JS_VIEWER, SZ_EDITOR))
    assert not may_read_progress(Principal(Role.ENTERPRISE, enterprise_id=1))
    assert not may_read_progress(Principal(Role.PUBLIC))


def test_the_steps_from_a_status_list_the_next_ones_before_those_that_undo() -> None:
    assert [to for to, _ in steps_from(S.UNDER_CONSTRUCTION)] == [S.COMMISSIONED, S.PLANNED]
    assert [to for to, _ in steps_from(S.COMMISSIONED)] == [
        S.VERIFIED,
        S.REJECTED,
        S.UNDER_CONSTRUCTION,
    ]
    assert [(to, step.backward) for to, step in steps_from(S.VERIFIED)] == [(S.COMMISSIONED, True)]
    for status in S:
        assert {to for to, _ in steps_from(status)} == {
            end for (start, end) in TRANSITIONS if start == status
        }


def test_only_steps_back_toward_the_start_are_marked_as_undoing() -> None:
    order = [S.PLANNED, S.UNDER_CONSTRUCTION, S.COMMISSIONED, S.VERIFIED]
    for (start, end), step in TRANSITIONS.items():
        if start in order and end in order:
            assert step.backward == (order.index(end) < order.index(start)), (start, end)
        else:
            assert not step.backward  # the office's return and the resubmission go on


def test_what_a_step_still_needs_is_named_in_order() -> None:
    verify = TRANSITIONS[(S.COMMISSIONED, S.VERIFIED)]
    assert [n.value for n in unmet_needs(verify, Facts())] == ["evidence", "reduction"]
    assert [n.value for n in unmet_needs(verify, Facts(has_evidence=True))] == ["reduction"]
    assert unmet_needs(verify, Facts(has_evidence=True, has_reduction=True)) == []
