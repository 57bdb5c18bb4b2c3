"""Seasonal Kendall over monthly series (pymannkendall)."""

from __future__ import annotations

from deltacap.domain.water.trend import seasonal_kendall


def test_a_rising_series_is_increasing_and_a_short_one_has_no_test() -> None:
    seasonal = [0.1 * (m % 12) for m in range(36)]
    rising = [v + 0.05 * (m // 12) for m, v in enumerate(seasonal)]
    result = seasonal_kendall(rising)
    assert result is not None and result.trend == "increasing"
    assert result.slope > 0
    assert seasonal_kendall(rising[:20]) is None
