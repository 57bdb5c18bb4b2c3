"""GB 3095 and HJ 663 as data: class-2 limits of each version, data-validity rules and the
statistics of an evaluation, each with its clause and how far it was checked.

Sources (docs/domain/standards.md §2): GB 3095-2012 表1 [V-2nd], GB 3095-2026 表1 (transitional
limits 2026-03-01..2030-12-31, final limits from 2031-01-01) and 表4 [V]; HJ 663-2013 statistics
[V-2nd]. What is marked [M] (unverified) is configuration the evaluation takes as it is given
here, not a fact of the standard; ``EvaluationRules`` lets a caller replace it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Gb3095(StrEnum):
    """The limits a period is judged against."""

    GB3095_2012 = "GB 3095-2012"
    GB3095_2026_TRANSITIONAL = "GB 3095-2026 (transitional)"  # 过渡阶段
    GB3095_2026 = "GB 3095-2026"


GB3095_2026_IN_FORCE = dt.date(2026, 3, 1)  # GB 3095-2026 §1 / standards.md §0 [V]
GB3095_2026_FINAL_FROM = dt.date(2031, 1, 1)  # GB 3095-2026 表1: final limits nationwide [V]

POLLUTANTS: tuple[str, ...] = ("SO2", "NO2", "CO", "O3", "PM10", "PM2.5")

# The statistics of an evaluation (HJ 663-2013 [V-2nd], standards.md §2.4): the period mean
# of the daily means, and a percentile of the daily values (O3: of the daily maximum 8 h means).
MEANS: tuple[str, ...] = ("SO2", "NO2", "PM10", "PM2.5")
PERCENTILES: dict[str, float] = {
    "SO2": 98.0,
    "NO2": 98.0,
    "PM10": 95.0,
    "PM2.5": 95.0,
    "CO": 95.0,
    "O3": 90.0,
}

# Class-2 limits, µg/m³ (CO mg/m³): "<pollutant>_annual" for the annual mean, "<pollutant>_24h"
# for the 24 h mean (the percentile is judged against it), "O3_8h" for the daily max 8 h mean.
LIMITS_CLASS_2: dict[Gb3095, dict[str, float]] = {
    # GB 3095-2012 表1, class 2 [V-2nd]
    Gb3095.GB3095_2012: {
        "SO2_annual": 60,
        "SO2_24h": 150,
        "NO2_annual": 40,
        "NO2_24h": 80,
        "CO_24h": 4,
        "O3_8h": 160,
        "PM10_annual": 70,
        "PM10_24h": 150,
        "PM2.5_annual": 35,
        "PM2.5_24h": 75,
    },
    # GB 3095-2026 表1, transitional class 2 (2026-03-01..2030-12-31) [V]
    Gb3095.GB3095_2026_TRANSITIONAL: {
        "SO2_annual": 60,
        "SO2_24h": 150,
        "NO2_annual": 40,
        "NO2_24h": 80,
        "CO_24h": 4,
        "O3_8h": 160,
        "PM10_annual": 60,
        "PM10_24h": 120,
        "PM2.5_annual": 30,
        "PM2.5_24h": 60,
    },
    # GB 3095-2026 表1, final class 2 (from 2031-01-01) [V]
    Gb3095.GB3095_2026: {
        "SO2_annual": 20,
        "SO2_24h": 50,
        "NO2_annual": 30,
        "NO2_24h": 50,
        "CO_24h": 4,
        "O3_8h": 160,
        "PM10_annual": 50,
        "PM10_24h": 100,
        "PM2.5_annual": 25,
        "PM2.5_24h": 50,
    },
}

# The limit each statistic is judged against: a mean against the annual limit, a percentile
# against the 24 h (O3: 8 h) limit (HJ 663-2013 [V-2nd]).
MEAN_LIMIT: dict[str, str] = {p: f"{p}_annual" for p in MEANS}
PERCENTILE_LIMIT: dict[str, str] = {p: f"{p}_24h" for p in POLLUTANTS if p != "O3"} | {
    "O3": "O3_8h"
}


def gb3095_on(day: dt.date) -> Gb3095:
    """The limits in force on ``day``: GB 3095-2012 before 2026-03-01, GB 3095-2026's
    transitional limits until 2030-12-31, its final limits from 2031-01-01."""
    if day < GB3095_2026_IN_FORCE:
        return Gb3095.GB3095_2012
    if day < GB3095_2026_FINAL_FROM:
        return Gb3095.GB3095_2026_TRANSITIONAL
    return Gb3095.GB3095_2026


class StraddleRule(StrEnum):
    """Which limits judge a period in which the version in force changed (2026, for one).

    PERIOD_END (the default): the version in force on the period's last day judges the whole
    period, as a report on the period is made after it under the rules then in force; 2026 is
    judged by GB 3095-2026 although January and February were rated by HJ 633-2012. Each
    day's AQI is still that of the version in force on the day. A project rule, not a clause:
    GB 3095-2026 and HJ 663-2026 were not read on this point (standards.md §2.4).
    """

    PERIOD_END = "period-end"
    PERIOD_START = "period-start"


class RankBy(StrEnum):
    """How the cities (members) of a period are ranked.

    COMPOSITE_INDEX (the default): the composite index, lower first, ties by the PM2.5 mean
    (standards.md §2.4 [V-2nd], the index national rankings publish). GOOD_SHARE: the share
    of good days, higher first, ties by the PM2.5 mean (the order the issue names where no
    composite index is defined). Either way a unit without the statistics is not ranked.
    """

    COMPOSITE_INDEX = "composite-index"
    GOOD_SHARE = "good-share"


@dataclass(frozen=True)
class EvaluationRules:
    """The validity rules and the configuration an evaluation applies.

    Validity (GB 3095-2026 表4, identical to the 2012 表4) [V]: a 24 h mean needs 20 hourly
    values, an 8 h mean 6 in its window, an annual statistic 324 daily values (27 a month,
    25 in February). Marked [M] (standards.md §2.4, unverified, configuration): the daily
    maximum 8 h mean uses the 17 windows that end within the natural day (ending 08:00..24:00,
    the hours 0..7 up to 16..23) and needs 14 valid ones, or fewer when its maximum is above
    the O3 8 h limit; the daily maximum 1 h O3 (HJ 633-2012's daily report) needs as many hours
    as a 24 h mean; the percentile formula of HJ 663 (k = 1 + (n − 1)·p %, s = ⌊k⌋,
    P = X(s) + (X(s+1) − X(s))·(k − s), P = X(n) when s = n; the same as NumPy's "linear"
    method [V-2nd]).

    Project rules (no clause found): a city day counts for the days by category and the
    share of good days when all six pollutants have a valid daily value there; the CO and
    O3 percentiles need as many valid days as the annual means; a month is judged by the
    same statistics and limits as a year (annual limits for the means); statistics are
    compared with the limits unrounded; members and the region: the mean of their cities'
    statistics, and the good days, valid days and days by category summed over the cities
    (so the share of good days is days-weighted), their valid days those of their city with
    the fewest; a city's daily maximum 8 h mean is the mean of its stations' (as every other
    daily value: HJ 663's mean of the city's stations); ranking by ``rank_by``.
    """

    min_hours_24h: int = 20
    min_hours_8h: int = 6
    window_hours: int = 8
    first_window_end: int = 7  # the window of the hours 0..7 (ending 08:00) is the first
    min_windows_mda8: int = 14
    min_days_year: int = 324
    min_days_month: int = 27
    min_days_february: int = 25
    straddle: StraddleRule = StraddleRule.PERIOD_END
    rank_by: RankBy = RankBy.COMPOSITE_INDEX
    percentiles: dict[str, float] = field(default_factory=lambda: dict(PERCENTILES))

    def min_days(self, month: int | None) -> int:
        """The valid days a period needs: a year (``month`` None) or that month."""
        if month is None:
            return self.min_days_year
        return self.min_days_february if month == 2 else self.min_days_month

    def limits_for(self, start: dt.date, end: dt.date) -> Gb3095:
        """The limits that judge the period ``start``..``end`` (both included)."""
        return gb3095_on(end if self.straddle is StraddleRule.PERIOD_END else start)


RULES = EvaluationRules()
