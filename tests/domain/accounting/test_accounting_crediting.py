"""Crediting policies (docs/domain/accounting.md §2.4): period actuals and annual capacity."""

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.accounting import (
    ANNUAL_CAPACITY_RULE,
    PERIOD_ACTUALS_RULE,
    PLAN_PERIOD_RULES,
    CreditingError,
    CreditingPolicy,
    Tag,
    credit_for_year,
    credit_windows,
)
from deltacap.domain.accounting.crediting import duplicate_credits, prorate


def test_credit_starts_the_month_after_stable_operation_and_lasts_twelve_months() -> None:
    first, second = credit_windows(date(2023, 3, 15))
    assert (first.start, first.end) == (date(2023, 4, 1), date(2023, 12, 31))
    assert (second.start, second.end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert first.days + second.days == (date(2024, 4, 1) - date(2023, 4, 1)).days


def test_stable_from_december_credits_entirely_next_year() -> None:
    (only,) = credit_windows(date(2022, 12, 5))
    assert (only.year, only.start, only.end) == (2023, date(2023, 1, 1), date(2023, 12, 31))


def test_period_actuals_prorates_the_capacity_when_no_window_data_is_given() -> None:
    annual_kg = 803_000
    windows = credit_windows(date(2023, 3, 15))
    first_share = annual_kg * windows[0].days // sum(window.days for window in windows)
    credit = credit_for_year(
        PERIOD_ACTUALS_RULE,
        year=2023,
        operation_start=date(2023, 1, 10),
        stable_from=date(2023, 3, 15),
        annual_capacity_kg=annual_kg,
    )
    assert credit.days_credited == 275
    assert credit.reduction_period_kg == credit.counted_kg == first_share
    assert credit.reduction_annual_capacity_kg == annual_kg
    later = credit_for_year(
        PERIOD_ACTUALS_RULE,
        year=2024,
        operation_start=date(2023, 1, 10),
        stable_from=date(2023, 3, 15),
        annual_capacity_kg=annual_kg,
    )
    assert credit.counted_kg + later.counted_kg == annual_kg
    none = credit_for_year(
        PERIOD_ACTUALS_RULE,
        year=2025,
        operation_start=date(2023, 1, 10),
        stable_from=date(2023, 3, 15),
        annual_capacity_kg=annual_kg,
    )
    assert none.counted_kg == none.days_credited == 0


def test_period_actuals_uses_the_window_figure_when_given() -> None:
    credit = credit_for_year(
        PERIOD_ACTUALS_RULE,
        year=2023,
        operation_start=date(2023, 1, 1),
        stable_from=date(2023, 1, 20),
        annual_capacity_kg=1000,
        period_kg=870,
    )
    assert credit.counted_kg == 870


def test_annual_capacity_counts_in_the_acceptance_year_if_stable_at_year_end() -> None:
    kwargs: dict[str, Any] = dict(
        operation_start=date(2023, 5, 1),
        stable_from=date(2023, 6, 1),
        annual_capacity_kg=803_000,
        accepted_on=date(2023, 11, 30),
    )
    counted = credit_for_year(ANNUAL_CAPACITY_RULE, year=2023, stable_at_year_end=True, **kwargs)
    assert counted.counted_kg == 803_000
    assert counted.policy is CreditingPolicy.ANNUAL_CAPACITY
    not_stable = credit_for_year(ANNUAL_CAPACITY_RULE, year=2023, **kwargs)
    assert not_stable.counted_kg == 0
    next_year = credit_for_year(ANNUAL_CAPACITY_RULE, year=2024, stable_at_year_end=True, **kwargs)
    assert next_year.counted_kg == 0


def test_both_policies_record_both_figures() -> None:
    kwargs: dict[str, Any] = dict(
        year=2023,
        operation_start=date(2023, 5, 1),
        stable_from=date(2023, 6, 1),
        annual_capacity_kg=1200,
        accepted_on=date(2023, 11, 30),
        stable_at_year_end=True,
    )
    period = credit_for_year(PERIOD_ACTUALS_RULE, **kwargs)
    capacity = credit_for_year(ANNUAL_CAPACITY_RULE, **kwargs)
    assert (period.reduction_period_kg, period.reduction_annual_capacity_kg) == (
        capacity.reduction_period_kg,
        capacity.reduction_annual_capacity_kg,
    )
    assert period.counted_kg < capacity.counted_kg


def test_stable_before_operation_is_refused() -> None:
    with pytest.raises(CreditingError):
        credit_for_year(
            PERIOD_ACTUALS_RULE,
            year=2023,
            operation_start=date(2023, 5, 1),
            stable_from=date(2023, 4, 1),
            annual_capacity_kg=1,
        )


def test_negative_capacity_is_refused() -> None:
    with pytest.raises(CreditingError):
        credit_for_year(
            PERIOD_ACTUALS_RULE,
            year=2023,
            operation_start=date(2023, 5, 1),
            stable_from=date(2023, 5, 1),
            annual_capacity_kg=-1,
        )


def test_window_figure_for_a_year_without_window_is_refused() -> None:
    with pytest.raises(CreditingError):
        credit_for_year(
            PERIOD_ACTUALS_RULE,
            year=2026,
            operation_start=date(2023, 5, 1),
            stable_from=date(2023, 5, 1),
            annual_capacity_kg=1,
            period_kg=1,
        )


def test_plan_period_rules_are_configurable_data_marked_unverified() -> None:
    assert set(PLAN_PERIOD_RULES) == {"fyp14", "fyp15"}
    assert all(rule.tag is Tag.MEMORY for rule in PLAN_PERIOD_RULES.values())


def test_duplicate_credits_are_found() -> None:
    keys = [("p1", "cod", "fyp14"), ("p2", "cod", "fyp14"), ("p1", "cod", "fyp14")]
    assert duplicate_credits(keys) == [("p1", "cod", "fyp14")]


@given(
    stable_from=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    annual_kg=st.integers(min_value=0, max_value=10**12),
)
def test_windows_cover_twelve_months_and_prorating_conserves_kg(
    stable_from: date, annual_kg: int
) -> None:
    windows = credit_windows(stable_from)
    assert 1 <= len(windows) <= 2
    assert windows[0].start.day == 1 and windows[0].start > stable_from
    assert 365 <= sum(window.days for window in windows) <= 366
    shares = prorate(annual_kg, windows)
    assert sum(shares.values()) == annual_kg
    assert all(share >= 0 for share in shares.values())
