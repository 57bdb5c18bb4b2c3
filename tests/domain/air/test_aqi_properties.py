"""Invariants of the AQI over columns: monotonic, within range, equal to the per-record path."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.air import (
    ITEMS,
    AqiRecord,
    Practice,
    Report,
    aqi_columns,
    rate,
    results_of,
    round_gbt8170,
)

days = st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2030, 12, 31))
reports = st.sampled_from(list(Report))
concentrations = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=4000).map(float),
    st.floats(min_value=0, max_value=4000, allow_nan=False).map(lambda v: round(v, 2)),
)
records = st.builds(
    AqiRecord,
    day=days,
    report=reports,
    inputs=st.fixed_dictionaries({item: concentrations for item in ITEMS}),
    hour=st.integers(min_value=0, max_value=23),
)
practices = st.sampled_from(list(Practice))


@given(days, reports, st.sampled_from(ITEMS), st.floats(0, 5000), st.floats(0, 5000))
def test_iaqi_never_falls_as_the_concentration_rises(
    day: dt.date, report: Report, item: str, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    first = rate(AqiRecord(day, report, {item: low}, 0)).iaqi[item]
    second = rate(AqiRecord(day, report, {item: high}, 0)).iaqi[item]
    if first is not None and second is not None:
        assert first <= second


@given(st.lists(records, min_size=1, max_size=30), practices)
def test_aqi_within_range_and_the_columns_equal_each_record(
    batch: list[AqiRecord], practice: Practice
) -> None:
    dates = np.array([r.day for r in batch], dtype="datetime64[D]")
    realtime = np.array([r.report is Report.REALTIME for r in batch])
    inputs = {
        item: np.array([np.nan if r.inputs[item] is None else r.inputs[item] for r in batch])
        for item in ITEMS
    }
    together = results_of(aqi_columns(dates, realtime, inputs, practice))
    for record, result in zip(batch, together, strict=True):
        assert result == rate(record, practice)
        if result.aqi is not None:
            floor = 1 if record.day >= dt.date(2026, 3, 1) else 0
            assert floor <= result.aqi <= 500
            assert result.aqi == max(v for v in result.iaqi.values() if v is not None) or (
                result.aqi == floor
            )
            assert all(result.iaqi[p] == result.aqi for p in result.primary_pollutants)
            assert bool(result.primary_pollutants) is (result.aqi > 50)
        assert all(v is None or 0 <= v <= 500 for v in result.iaqi.values())


@given(
    st.decimals(min_value=0, max_value=5000, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1]),
)
def test_gbt8170_rounds_the_value_as_written_in_decimal(value: Decimal, decimals: int) -> None:
    """GB/T 8170 on the decimal text is round-half-even on that text (not on the binary float)."""
    expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    (got,) = round_gbt8170(np.array([float(value)]), decimals).tolist()
    assert got == float(expected)


# Values as the network writes them (µg/m³ to 0.1, CO mg/m³ to 0.01), halves included: the
# columns rate these by table look-up, and a batch holding one finer value by interpolation.
written = st.integers(min_value=-10, max_value=40_000)


@given(st.sampled_from(ITEMS), st.lists(st.tuples(days, written), min_size=1, max_size=40))
def test_a_value_as_written_gets_the_same_iaqi_whatever_else_is_in_the_batch(
    item: str, batch: list[tuple[dt.date, int]]
) -> None:
    places = 2 if item.startswith("CO") else 1
    dates = np.array([day for day, _ in batch], dtype="datetime64[D]")
    values = np.array([units / 10**places for _, units in batch])
    realtime = np.full(len(batch), item.endswith("_1h"))
    alone = aqi_columns(dates, realtime, {item: values})
    finer = np.append(values, 1.0 / 3.0)  # one value off the grid of written places
    mixed = aqi_columns(
        np.append(dates, dates[:1]), np.append(realtime, realtime[:1]), {item: finer}
    )
    assert np.array_equal(alone.iaqi[item], mixed.iaqi[item][:-1], equal_nan=True)
    assert np.array_equal(alone.aqi, mixed.aqi[:-1], equal_nan=True)
