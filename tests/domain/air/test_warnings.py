"""Warning levels from a forecast series by the 2024 and the earlier scheme
(docs/domain/standards.md §5; the thresholds are [V-2nd], the dates in force [M])."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.air.warnings import (
    SCHEMES,
    Verification,
    WarningLevel,
    check_series,
    decide,
    reduction_percent,
    scheme,
    scheme_on,
)
from deltacap.domain.errors import InvalidInput

Y, OR, R, B = WarningLevel.YELLOW, WarningLevel.ORANGE, WarningLevel.RED, WarningLevel.BLUE


@pytest.mark.parametrize(
    ("series", "level"),
    [
        ([150, 150, 150, 150], None),  # "> 150", not "≥ 150"
        ([151], None),
        ([160, 120, 160], None),  # > 150 not for 48 h in a row
        ([201], Y),  # > 200 on one day
        ([151, 151], Y),  # > 150 for 48 h
        ([210, 230, 180], OR),  # > 200 for 48 h
        ([160, 170, 180], OR),  # > 150 for 72 h
        ([201, 201, 201], OR),  # > 200 for 72 h but no day > 300
        ([220, 310, 230], R),  # > 200 for 72 h and > 300 for 24 h
        ([310, 250, 120, 210, 230, 205], OR),  # > 300 not within the 72 h episode
        ([120, 205, 250, 301, 130], R),
    ],
)
def test_2024_scheme_levels(series: list[int], level: WarningLevel | None) -> None:
    assert decide("2024", series) is level


@pytest.mark.parametrize(
    ("series", "level"),
    [
        ([200, 200], None),
        ([201], B),  # the earlier scheme warns blue at one day > 200
        ([160, 170, 180], None),  # it has no > 150 trigger
        ([201, 201], Y),
        ([201, 201, 301], OR),
        ([201, 201, 201], Y),  # 72 h > 200 without a day > 300 stays yellow
        ([210, 310, 320, 230], R),
        ([210, 310, 230, 320], OR),  # > 300 not for 48 h in a row
        ([500], R),  # AQI reaches 500 for a day
    ],
)
def test_2017_scheme_levels(series: list[int], level: WarningLevel | None) -> None:
    assert decide("2017", series) is level


def test_the_scheme_is_chosen_by_the_date() -> None:
    assert scheme_on(dt.date(2023, 12, 1)).key == "2017"
    assert scheme_on(dt.date(2025, 1, 10)).key == "2024"
    with pytest.raises(InvalidInput) as caught:
        scheme_on(dt.date(2015, 1, 1))
    assert caught.value.field == "start"


def test_reduction_shares_by_level() -> None:
    assert [reduction_percent("2024", level) for level in (Y, OR, R)] == [
        Decimal(10),
        Decimal(20),
        Decimal(30),
    ]
    assert reduction_percent("2017", B) is None
    assert scheme("2024").pollutants == ("SO2", "NOx", "PM", "VOCs")
    with pytest.raises(InvalidInput):
        reduction_percent("2024", B)  # no blue in the 2024 scheme


def test_every_scheme_says_how_far_it_was_checked() -> None:
    # The dates in force are placeholders until checked against the official texts.
    for found in SCHEMES.values():
        assert found.date_status is Verification.UNVERIFIED
        assert found.thresholds_status is not Verification.UNVERIFIED
        assert found.source


@pytest.mark.parametrize(
    ("values", "field_day"),
    [([], None), ([100, "abc"], 2), ([100, 501], 2), ([-1], 1), ([True], 1), ([120] * 16, None)],
)
def test_a_bad_series_is_refused_naming_the_day(
    values: list[object], field_day: int | None
) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_series(values)
    assert caught.value.field == "forecast_aqi"
    if field_day is not None:
        assert caught.value.params["day"] == field_day


def test_unknown_scheme() -> None:
    with pytest.raises(InvalidInput) as caught:
        decide("2010", [300])
    assert caught.value.field == "scheme"


series = st.lists(st.integers(0, 500), min_size=1, max_size=15)


def _rank(level: WarningLevel | None) -> int:
    return -1 if level is None else level.rank


@given(series=series, day=st.integers(0, 14), more=st.integers(0, 500))
def test_a_worse_forecast_never_lowers_the_level(series: list[int], day: int, more: int) -> None:
    worse = list(series)
    worse[day % len(series)] = min(500, worse[day % len(series)] + more)
    for key in SCHEMES:
        assert _rank(decide(key, worse)) >= _rank(decide(key, series))


@given(series=series, extra=series)
def test_more_forecast_days_never_lower_the_level(series: list[int], extra: list[int]) -> None:
    longer = (series + extra)[:15]
    for key in SCHEMES:
        assert _rank(decide(key, longer)) >= _rank(decide(key, series))


@given(series=st.lists(st.integers(0, 150), min_size=1, max_size=15))
def test_no_warning_while_every_day_is_150_or_less(series: list[int]) -> None:
    assert decide("2024", series) is None
    assert decide("2017", series) is None


@given(series=series)
def test_a_level_is_one_of_its_schemes(series: list[int]) -> None:
    for key, found in SCHEMES.items():
        level = decide(key, series)
        assert level is None or level in found.levels
