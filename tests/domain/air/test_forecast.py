"""The joint forecast consultation's arithmetic: the level of an AQI range by HJ 633, the
checks of a forecast, the baseline (persistence, least-squares regression on lagged days)
and the verification against what was observed."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from deltacap.domain.air.forecast import (
    PERSISTENCE,
    REGRESSION,
    BaselineSettings,
    baseline,
    check,
    check_forecast,
    level_of,
    levels_of,
    scores,
)
from deltacap.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("aqi", "level"),
    [
        (0, 1),
        (50, 1),
        (51, 2),
        (100, 2),
        (101, 3),
        (150, 3),
        (151, 4),
        (201, 5),
        (300, 5),
        (301, 6),
        (500, 6),
    ],
)
def test_the_level_of_an_aqi_follows_the_bands_of_hj_633(aqi: int, level: int) -> None:
    assert level_of(aqi) == level
    assert levels_of(np.array([float(aqi)]))[0] == level


def test_a_forecast_takes_its_levels_from_its_range() -> None:
    f = check_forecast(lead=2, aqi_low="80", aqi_high="120", primary="PM2.5", horizon=3)
    assert (f.level_low, f.level_high, f.midpoint) == (2, 3, 100)
    check_forecast(lead=1, aqi_low=80, aqi_high=120, primary="O3", level=3)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"lead": 4}, "lead"),
        ({"aqi_low": "130"}, "aqi_low"),
        ({"aqi_high": "501"}, "aqi_high"),
        ({"aqi_low": "-1"}, "aqi_low"),
        ({"primary": "VOCs"}, "primary"),
        ({"primary": ""}, "primary"),
        ({"level": 1}, "level"),
        ({"reasoning": "x" * 501}, "reasoning"),
    ],
)
def test_a_bad_forecast_is_refused_naming_its_field(values: dict[str, object], field: str) -> None:
    given: dict[str, object] = {"lead": 1, "aqi_low": 80, "aqi_high": 120, "primary": "PM2.5"}
    with pytest.raises(InvalidInput) as refused:
        check_forecast(**{**given, **values}, horizon=3, row="forecasts.1")  # type: ignore[arg-type]
    assert refused.value.field == f"forecasts.1.{field}"


def test_an_excellent_range_needs_no_primary_pollutant() -> None:
    assert check_forecast(lead=1, aqi_low=20, aqi_high=45, primary="").primary == ""


def _series(values: list[float], issued: date) -> tuple[list[date], list[float | None]]:
    days = [issued - timedelta(days=len(values) - i) for i in range(len(values))]
    return days, list(values)


def test_persistence_repeats_the_last_observed_day() -> None:
    issued = date(2026, 5, 10)
    days, aqi = _series([60, 70, 80, 90], issued)
    found = baseline(days, aqi, ["PM2.5"] * 4, issued, 3)
    persistence = next(b for b in found if b.method == PERSISTENCE)
    assert [d.aqi for d in persistence.days] == [90, 90, 90]
    assert [d.day for d in persistence.days] == [
        issued,
        issued + timedelta(1),
        issued + timedelta(2),
    ]
    assert persistence.days[0].aqi_low < 90 < persistence.days[0].aqi_high
    assert persistence.days[0].primary == "PM2.5"
    # Four days are too few for the regression.
    assert [b.method for b in found] == [PERSISTENCE]


def test_the_regression_recovers_an_autoregressive_series() -> None:
    """y[t] = 20 + 0.8 y[t-1] exactly: least squares finds it and iterates it forward."""
    issued = date(2026, 5, 31)
    values = [150.0]
    for _ in range(29):
        values.append(20 + 0.8 * values[-1])
    days, aqi = _series(values, issued)
    found = {b.method: b for b in baseline(days, aqi, ["PM2.5"] * 30, issued, 3)}
    fitted = found[REGRESSION]
    expected, last = [], values[-1]
    for _ in range(3):
        last = 20 + 0.8 * last
        expected.append(round(last))
    assert [d.aqi for d in fitted.days] == expected
    assert fitted.rmse is not None and fitted.rmse < 0.5
    # With one lag the model is identified: the intercept and the slope themselves.
    one_lag = baseline(days, aqi, ["PM2.5"] * 30, issued, 1, BaselineSettings(lags=1))
    assert one_lag[1].coefficients == pytest.approx([20, 0.8], abs=1e-3)


def test_no_observation_no_baseline() -> None:
    assert baseline([], [], [], date(2026, 5, 1), 3) == []


def test_verification_counts_hits_errors_and_the_range() -> None:
    # Observed 95 (良, PM2.5), 130 (轻度, O3), 40 (优, none), not yet observed.
    checked = check(
        np.array([80, 80, 30, 50]),
        np.array([110, 100, 60, 70]),
        ["PM2.5", "PM2.5", "", "O3"],
        np.array([95, 130, 40, np.nan]),
        [["PM2.5_24h"], ["O3_8h"], [], []],
    )
    assert checked.level_hit.tolist() == [True, False, True, False]
    result = scores(checked)
    assert result.forecasts == 3
    assert result.level_hits == 2
    assert (result.primary_days, result.primary_hits) == (2, 1)
    assert result.inside == 2  # 95 in 80–110, 40 in 30–60; 130 is above 100
    # Errors of the midpoints: 95-95 = 0, 90-130 = -40, 45-40 = 5.
    assert result.mean_abs_error == pytest.approx(15.0)
    assert result.bias == pytest.approx(-11.7)
    assert scores(checked, np.array([True, False, False, False])).level_rate == 1.0
