"""The load formula (flux method) and its gaps: a month without flow or sample is a gap,
never a zero; the year is the sum of the months that have both."""

from __future__ import annotations

import pytest

from deltacap.domain.water import loads


def test_a_month_s_load_is_flow_times_seconds_times_concentration() -> None:
    # 10 m³/s through January (31 days) at 2 mg/L: 10 × 2 678 400 × 2 × 1e-6 t.
    assert loads.seconds_in_month(2025, 1) == 2_678_400
    assert loads.monthly_load_t(10, 2, 2025, 1) == pytest.approx(53.568)
    assert loads.seconds_in_month(2024, 2) == 29 * 86_400  # a leap year
    with pytest.raises(ValueError):
        loads.monthly_load_t(-1, 2, 2025, 1)


def test_gaps_are_named_and_left_out_of_the_year() -> None:
    flows = {m: 10.0 for m in range(1, 13) if m != 2}
    samples = {m: [1.0, 3.0] for m in range(1, 13) if m != 3}
    river = loads.river_year(2025, "TN", flows, samples)
    by_month = {m.month: m for m in river.months}
    assert by_month[1].concentration_mg_l == 2.0  # the mean of the month's samples
    assert by_month[2].load_t is None and by_month[2].gap == "flow"
    assert by_month[3].load_t is None and by_month[3].gap == "concentration"
    assert by_month[4].gap is None
    assert river.gaps == [2, 3]
    expected = sum(loads.monthly_load_t(10, 2, 2025, m) for m in range(4, 13)) + (
        loads.monthly_load_t(10, 2, 2025, 1)
    )
    assert river.total_t == pytest.approx(expected)
    empty = loads.river_year(2025, "TP", {}, {})
    assert empty.total_t == 0 and empty.gaps == list(range(1, 13))
    assert {m.gap for m in empty.months} == {"both"}


def test_the_comparison_against_target_and_base() -> None:
    c = loads.Comparison(load_t=90, complete=True, target_t=100, base_t=120)
    assert c.over_target is False and c.change_from_base == pytest.approx(-0.25)
    none = loads.Comparison(load_t=90, complete=True, target_t=None, base_t=None)
    assert none.over_target is None and none.change_from_base is None
