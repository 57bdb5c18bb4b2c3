"""Emission totals from monitoring records: units, flags, capture rate, exceedance events."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.emissions import (
    Record,
    Status,
    capture_rate,
    exceedance_events,
    flow_volume_m3,
    hour_figures,
    medium_of,
    per_hour,
    period_expected,
    status,
)

D = Decimal


def test_water_emission_is_concentration_times_volume_in_kg() -> None:
    # 1250 m3 of waste water at 35.2 mg/L COD carry 44.0 kg
    # (docs/domain/standards.md §4.7, packet B1).
    figures = hour_figures([Record(D("35.2"), D("1250"))], medium="water", per_hour=1)
    assert figures.emission_kg == D("44.0")
    assert figures.capture_rate == D("1")


def test_gas_emission_uses_mg_per_m3() -> None:
    # 6 records of 10 minutes: 30 mg/m3 SO2 in 72,000 m3 each = 2.16 kg each.
    records = [Record(D("30"), D("72000"))] * 6
    figures = hour_figures(records, medium="air", per_hour=6)
    assert figures.emission_kg == D("12.96")
    assert figures.flow_m3 == D("432000")
    assert figures.mean_concentration == D("30")


def test_invalid_records_are_replaced_by_the_hours_valid_mean() -> None:
    records = [
        Record(D("10"), D("100")),  # 1.0 kg
        Record(D("30"), D("100")),  # 3.0 kg
        Record(D("999"), D("100"), flag="C"),  # calibration: value not used
        Record(D("5"), D("100"), flow_flag="D"),  # flow meter fault: not used
    ]
    figures = hour_figures(records, medium="water", per_hour=6)
    assert figures.valid == 2 and figures.invalid == 2
    # (1.0 + 3.0) kg over 2 valid records, scaled to 4 running records: 8.0 kg.
    assert figures.emission_kg == D("8.0")
    assert figures.mean_concentration == D("20")
    assert figures.max_concentration == D("30")
    assert figures.capture_rate == D("0.3333")


def test_stopped_records_emit_nothing_and_are_not_expected() -> None:
    records = [Record(D("0"), D("0"), flag="F")] * 3 + [Record(D("20"), D("50"))] * 3
    figures = hour_figures(records, medium="water", per_hour=6)
    assert figures.stopped == 3 and figures.expected == 3
    assert figures.emission_kg == D("3.0")  # 3 x 20 mg/L x 50 m3
    assert figures.capture_rate == D("1")


def test_an_hour_without_valid_data_has_no_emission_figure() -> None:
    figures = hour_figures([Record(D("20"), D("50"), flag="D")], medium="water", per_hour=6)
    assert figures.emission_kg is None
    assert figures.capture_rate == D("0")
    stopped = hour_figures([Record(None, None, flag="F")] * 6, medium="water", per_hour=6)
    assert stopped.emission_kg == D("0") and stopped.expected == 0
    assert stopped.capture_rate is None


def test_record_without_flow_is_invalid_and_over_range_is_valid() -> None:
    assert Record(D("20"), None).status is Status.INVALID
    assert Record(D("20"), D("1"), flag="T").status is Status.VALID
    assert status("X", "N") is Status.INVALID  # an unknown flag is not trusted
    assert status(None, None) is Status.VALID  # no flag sent: normal


def test_flow_volume_from_amount_or_from_mean_rate() -> None:
    assert flow_volume_m3(cou=D("12.5"), avg=D("99"), seconds=600, medium="water") == D("12.5")
    # 30 L/s for 10 minutes = 18 m3; 40 m3/s for 10 minutes = 24,000 m3.
    assert flow_volume_m3(cou=None, avg=D("30"), seconds=600, medium="water") == D("18.000")
    assert flow_volume_m3(cou=None, avg=D("40"), seconds=600, medium="air") == D("24000")
    assert flow_volume_m3(cou=None, avg=None, seconds=600, medium="air") is None


def test_medium_and_records_per_hour() -> None:
    assert medium_of("w01018") == "water" and medium_of("a21026") == "air"
    assert per_hour(10) == 6 and per_hour(1) == 60 and per_hour(60) == 1
    with pytest.raises(ValueError):
        per_hour(0)


def test_capture_rate_over_a_period_counts_silent_hours_as_missing() -> None:
    # 24 hours, data in 20 of them (each expected 6, 1 stopped record in all): 4 silent hours.
    expected = period_expected(hours_in_period=24, hours_seen=20, expected_seen=20 * 5, per_hour=6)
    assert expected == 124
    assert capture_rate(100, expected) == D("0.8065")
    assert capture_rate(5, 0) is None
    assert capture_rate(7, 6) == D("1")


H = datetime(2026, 3, 2, 0)


def test_consecutive_exceeding_hours_form_one_event() -> None:
    hours: list[tuple[datetime, Decimal | None]] = [
        (H + timedelta(hours=i), D(v)) for i, v in enumerate(["40", "60", "70", "50", "55"])
    ]
    hours.append((H + timedelta(hours=8), D("51")))
    hours.append((H + timedelta(hours=9), None))
    events = exceedance_events(hours, D("50"))
    assert [(e.start.hour, e.end.hour, e.hours, e.peak) for e in events] == [
        (1, 3, 2, D("70")),
        (4, 5, 1, D("55")),
        (8, 9, 1, D("51")),
    ]


@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=1000, places=2),
            st.decimals(min_value=0, max_value=100000, places=1),
            st.sampled_from(["N", "N", "N", "T", "C", "M", "D", "B", "S", "F"]),
        ),
        max_size=12,
    )
)
def test_hour_figures_invariants(rows: list[tuple[Decimal, Decimal, str]]) -> None:
    records = [Record(c, f, flag=flag) for c, f, flag in rows]
    figures = hour_figures(records, medium="water", per_hour=6)
    assert figures.valid + figures.invalid + figures.stopped == len(records)
    if figures.valid:
        valid = [r for r in records if r.status is Status.VALID]
        plain = sum((r.concentration * r.flow_m3 for r in valid), D(0)) / 1000  # type: ignore[operator]
        assert figures.emission_kg is not None and figures.emission_kg >= plain
        if not figures.invalid:
            assert figures.emission_kg == plain
    rate = figures.capture_rate
    assert rate is None or D(0) <= rate <= D(1)
