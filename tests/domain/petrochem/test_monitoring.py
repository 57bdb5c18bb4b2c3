"""The bay's shared monitoring: an outlet's hourly NMHC means summed up per day against the
strictest limit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from deltacap.domain.petrochem.monitoring import days_of


def test_hours_are_summed_up_per_day_with_the_hours_above_the_limit() -> None:
    hours = [
        (datetime(2026, 5, 1, 10), 60.0),
        (datetime(2026, 5, 1, 11), 80.0),
        (datetime(2026, 5, 1, 12), None),  # no valid mean: left out
        (datetime(2026, 5, 2, 0), 30.0),
    ]
    first, second = days_of(hours, Decimal("70"))
    assert (first.hours, first.mean, first.highest, first.hours_above) == (
        2,
        Decimal("70.00"),
        Decimal("80.00"),
        1,
    )
    assert first.gap is not None and not first.gap.exceeds and first.gap.difference == 0
    assert second.gap is not None and second.gap.difference == Decimal("-40.00")


def test_without_a_limit_there_is_no_gap_and_nothing_counts_above() -> None:
    (day,) = days_of([(datetime(2026, 5, 1, 1), 500.0)], None)
    assert day.gap is None and day.hours_above == 0
    assert days_of([], Decimal("10")) == []
