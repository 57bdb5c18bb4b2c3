"""Trend of a monthly series by the Seasonal Kendall test (Hirsch, Slack & Smith 1982),
from pymannkendall (maintained, MIT). Period 12: each month is compared with itself
across the years."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trend:
    trend: str  # "increasing", "decreasing" or "no trend"
    p: float
    slope: float  # Sen's slope per year
    n: int


def seasonal_kendall(monthly: Sequence[float | None], alpha: float = 0.05) -> Trend | None:
    """The trend of a series of consecutive months (None for a missing month); None when
    fewer than two years hold data."""
    import pymannkendall as mk

    values = np.asarray([np.nan if v is None else v for v in monthly], dtype=np.float64)
    if len(values) < 24 or np.count_nonzero(np.isfinite(values)) < 20:
        return None
    result = mk.seasonal_test(values, period=12, alpha=alpha)
    return Trend(str(result.trend), float(result.p), float(result.slope), int(len(values)))
