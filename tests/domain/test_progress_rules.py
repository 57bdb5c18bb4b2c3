"""Progress arithmetic (domain.progress), target splits (domain.decomposition) and evaluation
outcomes (domain.evaluation), without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.decomposition import SplitState, check_split
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.domain.evaluation import (
    Item,
    Outcome,
    RoundState,
    check_items,
    check_open,
    default_deadline,
    suggested_outcome,
)
from deltacap.domain.progress import (
    BEHIND_MARGIN,
    REGION,
    Period,
    ProgressStatus,
    classify,
    completion_rate,
    figures,
    sum_checks,
    time_progress_at,
    time_progress_of_year,
)
from deltacap.domain.projects import ProjectStatus

D = Decimal
FYP14 = Period(2021, 2025, ("COD", "NOx"))
DAYS_2021_2025 = (date(2025, 12, 31) - date(2021, 1, 1)).days + 1


def test_time_progress_is_the_share_of_the_period_gone_by() -> None:
    assert time_progress_of_year(2021, 2025, 2021) == D("0.2")
    assert time_progress_of_year(2021, 2025, 2025) == D("1")
    assert time_progress_of_year(2021, 2025, 2030) == D("1")
    assert time_progress_at(2021, 2025, date(2020, 6, 1)) == D("0")
    elapsed = (date(2023, 7, 2) - date(2021, 1, 1)).days + 1
    expected = (D(elapsed) / D(DAYS_2021_2025)).quantize(D("0.0001"))
    assert time_progress_at(2021, 2025, date(2023, 7, 2)) == expected
    assert time_progress_at(2021, 2025, date(2026, 3, 1)) == D("1")


@pytest.mark.parametrize(
    ("completion", "time", "status"),
    [
        (D("0.60"), D("0.60"), ProgressStatus.ON_TRACK),
        (D("0.95"), D("0.60"), ProgressStatus.ON_TRACK),
        (D("0.55"), D("0.60"), ProgressStatus.BEHIND),
        (D("0.60") - BEHIND_MARGIN, D("0.60"), ProgressStatus.BEHIND),
        (D("0.4999"), D("0.60"), ProgressStatus.FAR_BEHIND),
        (None, D("0.60"), ProgressStatus.NO_TARGET),
    ],
)
def test_status_compares_completion_with_time_progress(
    completion: Decimal | None, time: Decimal, status: ProgressStatus
) -> None:
    assert classify(completion, time) is status


def test_completion_needs_a_positive_target() -> None:
    assert completion_rate(D(50), D(200)) == D("0.25")
    assert completion_rate(D(50), D(0)) is None
    assert completion_rate(D(50), None) is None


def test_figures_count_credits_up_to_the_year_and_sum_the_members_for_the_region() -> None:
    targets = {(REGION, "COD"): D(300), ("A", "COD"): D(100), ("B", "COD"): D(200)}
    credits = {("A", "COD", 2021): D(30), ("A", "COD", 2023): D(40), ("B", "COD", 2022): D(50)}
    rows = {
        (f.scope, f.pollutant): f
        for f in figures(FYP14, ["A", "B"], targets, credits, 2022, D("0.4"))
    }
    assert rows[("A", "COD")].verified_tonnes == D(30)  # the 2023 credit is not yet in
    assert rows[("B", "COD")].verified_tonnes == D(50)
    assert rows[(REGION, "COD")].verified_tonnes == D(80)
    assert rows[(REGION, "COD")].completion_rate == (D(80) / D(300)).quantize(D("0.0001"))
    # A: 30 of 100 t against 40 % of the time gone: 10 points short, the most "behind" allows.
    assert rows[("A", "COD")].status is ProgressStatus.BEHIND
    assert rows[("B", "COD")].status is ProgressStatus.FAR_BEHIND  # 25 % against 40 %
    assert rows[("A", "NOx")].status is ProgressStatus.NO_TARGET


@given(
    st.dictionaries(
        st.tuples(
            st.sampled_from(["A", "B", "C"]),
            st.sampled_from(["COD", "NOx"]),
            st.integers(2021, 2025),
        ),
        st.decimals(min_value=0, max_value=10**6, places=3),
    ),
    st.integers(2021, 2025),
)
def test_the_region_is_always_the_sum_of_its_members(
    credits: dict[tuple[str, str, int], Decimal], year: int
) -> None:
    rows = figures(FYP14, ["A", "B", "C"], {}, credits, year, D("0.5"))
    checks = [c for c in sum_checks(rows) if c.quantity == "verified_tonnes"]
    assert checks and all(c.ok for c in checks)
    expected = sum((t for (m, p, y), t in credits.items() if p == "COD" and y <= year), D(0))
    assert (
        next(r for r in rows if r.scope == REGION and r.pollutant == "COD").verified_tonnes
        == expected
    )


def test_a_region_target_that_the_members_do_not_add_up_to_is_reported() -> None:
    targets = {(REGION, "COD"): D(300), ("A", "COD"): D(100), ("B", "COD"): D(150)}
    rows = figures(Period(2021, 2025, ("COD",)), ["A", "B"], targets, {}, 2025, D(1))
    check = next(c for c in sum_checks(rows) if c.quantity == "target_tonnes")
    assert (check.ok, check.region_tonnes, check.members_tonnes) == (False, D(300), D(250))


def test_a_split_names_what_disagrees() -> None:
    ok = check_split("320000", "COD", D(100), {"a": D(60), "b": D("40.5")})
    assert ok.state is SplitState.OK
    off = check_split("320000", "COD", D(100), {"a": D(60), "b": D(45)})
    assert (off.state, off.difference_tonnes) == (SplitState.MISMATCH, D(5))
    partial = check_split("320000", "COD", D(100), {"a": D(60), "b": None, "c": None})
    assert (partial.state, partial.missing, partial.difference_tonnes) == (
        SplitState.INCOMPLETE,
        ("b", "c"),
        D(-40),
    )
    assert check_split("320000", "COD", D(100), {"a": None}).state is SplitState.NOT_SPLIT
    required = check_split("region", "COD", D(100), {"a": None}, required=True)
    assert required.state is SplitState.INCOMPLETE and not required.ok


def test_the_file_suggests_done_only_for_projects_commissioned_in_time() -> None:
    assert suggested_outcome(ProjectStatus.VERIFIED, date(2023, 5, 1), 2023) is Outcome.DONE
    assert suggested_outcome(ProjectStatus.COMMISSIONED, date(2024, 1, 2), 2023) is Outcome.LATE
    assert (
        suggested_outcome(ProjectStatus.UNDER_CONSTRUCTION, date(2023, 5, 1), 2023) is Outcome.LATE
    )
    assert default_deadline(2023) == date(2024, 3, 31)


def test_a_task_list_answers_every_project_due_once_with_reasons_for_late_ones() -> None:
    due = {"P1", "P2"}
    check_items([Item("P1", Outcome.DONE), Item("P2", Outcome.LATE, "land acquisition")], due)
    cases = [
        ([Item("P1", Outcome.DONE)], "P2"),
        ([Item("P1", Outcome.DONE), Item("P2", Outcome.DROPPED, " ")], "P2"),
        ([Item("P1", Outcome.DONE), Item("P1", Outcome.DONE), Item("P2", Outcome.DONE)], "P1"),
        ([Item("P1", Outcome.DONE), Item("P2", Outcome.DONE), Item("P9", Outcome.DONE)], "P9"),
    ]
    for items, named in cases:
        with pytest.raises(InvalidInput) as error:
            check_items(items, due)
        assert named in str(error.value)


def test_a_closed_round_is_frozen() -> None:
    check_open(RoundState.OPEN, 2023)
    with pytest.raises(Conflict):
        check_open(RoundState.CLOSED, 2023)
