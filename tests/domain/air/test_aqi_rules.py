"""AQI by HJ 633-2012 and HJ 633-2026: worked examples from the standards' tables and text."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from deltacap.domain.air import (
    AqiRecord,
    Practice,
    Report,
    Standard,
    rate,
    round_gbt8170,
    standard_on,
)

BEFORE = dt.date(2026, 2, 28)  # HJ 633-2012
FROM = dt.date(2026, 3, 1)  # HJ 633-2026
DAILY, REALTIME = Report.DAILY, Report.REALTIME
STEPS = (0, 50, 100, 150, 200, 300, 400, 500)

# HJ 633 表1, written out again here (not read from the code's tables).
ROWS_2012 = {
    "SO2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "SO2_1h": (0, 150, 500, 650, 800),
    "NO2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "NO2_1h": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "CO_24h": (0, 2, 4, 14, 24, 36, 48, 60),
    "CO_1h": (0, 5, 10, 35, 60, 90, 120, 150),
    "O3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "O3_8h": (0, 100, 160, 215, 265, 800),
    "PM10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
    "PM2.5_24h": (0, 35, 75, 115, 150, 250, 350, 500),
}
ROWS_2026 = ROWS_2012 | {
    "PM10_24h": (0, 50, 120, 250, 350, 420, 500, 600),
    "PM2.5_24h": (0, 35, 60, 115, 150, 250, 350, 500),
}
# A report of each version that rates the item.
REPORT_2012 = {
    item: REALTIME if item.endswith("1h") and item != "O3_1h" else DAILY for item in ROWS_2012
}
REPORT_2026 = {item: REALTIME if item.endswith("1h") else DAILY for item in ROWS_2026}


def iaqi(day: dt.date, report: Report, item: str, value: float) -> int | None:
    return rate(AqiRecord(day, report, {item: value}, 0)).iaqi[item]


def cases(rows: dict[str, tuple[int, ...]]) -> list[tuple[str, float, int]]:
    return [
        (item, bp, step) for item, row in rows.items() for bp, step in zip(row, STEPS, strict=False)
    ]


@pytest.mark.parametrize(("item", "value", "expected"), cases(ROWS_2012))
def test_each_breakpoint_of_the_2012_table_gives_its_step(
    item: str, value: float, expected: int
) -> None:
    assert iaqi(BEFORE, REPORT_2012[item], item, value) == expected


@pytest.mark.parametrize(("item", "value", "expected"), cases(ROWS_2026))
def test_each_breakpoint_of_the_2026_table_gives_its_step(
    item: str, value: float, expected: int
) -> None:
    assert iaqi(FROM, REPORT_2026[item], item, value) == expected


def test_version_in_force_by_the_date_of_the_data() -> None:
    assert standard_on(BEFORE) is Standard.HJ633_2012
    assert standard_on(FROM) is Standard.HJ633_2026
    assert rate(AqiRecord(BEFORE, DAILY, {})).standard == "HJ 633-2012"
    assert rate(AqiRecord(FROM, DAILY, {})).standard == "HJ 633-2026"


@pytest.mark.parametrize(
    ("day", "item", "value", "expected"),
    [
        (FROM, "PM2.5_24h", 60, 100),
        (FROM, "PM2.5_24h", 75, 114),
        (FROM, "PM10_24h", 150, 112),
        (FROM, "PM2.5_24h", 60.11, 100),  # §4.2.2: rounded to 60 first (not 101)
        (BEFORE, "PM2.5_24h", 75, 100),
        (BEFORE, "PM10_24h", 150, 100),
        (BEFORE, "PM2.5_24h", 35.01, 51),  # 2012 rounds no input: ceiling of 50.0125
        (FROM, "PM2.5_24h", 35.4, 50),  # 2026 rounds 35.4 to 35
        (FROM, "PM2.5_24h", 35.5, 52),  # GB/T 8170: 35.5 → 36 (5 after an odd digit keeps up)
        (FROM, "PM2.5_24h", 36.5, 52),  # 36.5 → 36 (5 after an even digit is dropped)
        (FROM, "PM2.5_24h", 37.5, 56),  # 37.5 → 38
        (FROM, "CO_24h", 2.05, 50),  # CO to one decimal: 2.05 → 2.0
        (FROM, "CO_24h", 2.15, 55),  # 2.15 → 2.2 (round(2.15, 1) gives 2.1)
    ],
)
def test_worked_examples(day: dt.date, item: str, value: float, expected: int) -> None:
    assert iaqi(day, DAILY, item, value) == expected


def test_gbt8170_is_not_round_half_even_on_binary_values() -> None:
    values = np.array([0.15, 0.25, 0.35, 2.05, 60.5, 61.5, 60.51, 0.449, 60.500001, 3999.5])
    assert round_gbt8170(values, 1).tolist() == [
        *(0.2, 0.2, 0.4, 2.0, 60.5, 61.5, 60.5, 0.4, 60.5, 3999.5)
    ]
    assert round_gbt8170(values, 0).tolist() == [0, 0, 0, 2, 60, 62, 61, 0, 61, 4000]
    assert round(0.15, 1) == 0.1  # what Python's round() gives instead


def test_so2_hourly_above_800_by_each_version() -> None:
    before = rate(AqiRecord(BEFORE, REALTIME, {"SO2_1h": 900, "SO2_24h": 700}, 8))
    assert before.iaqi["SO2_1h"] is None  # 2012: no 1 h IAQI; the 24 h IAQI is reported
    assert before.iaqi["SO2_24h"] == 185
    assert before.aqi == 185
    assert before.primary_pollutants == ("SO2_24h",)
    alone = rate(AqiRecord(BEFORE, REALTIME, {"SO2_1h": 900}, 8))
    assert alone.iaqi["SO2_24h"] is None and alone.aqi is None
    after = rate(AqiRecord(FROM, REALTIME, {"SO2_1h": 900, "SO2_24h": 700}, 8))
    assert after.iaqi["SO2_1h"] == 200  # 2026: counts as 200
    assert after.iaqi["SO2_24h"] is None
    within = rate(AqiRecord(BEFORE, REALTIME, {"SO2_1h": 800, "SO2_24h": 700}, 8))
    assert within.iaqi["SO2_1h"] == 200 and within.iaqi["SO2_24h"] is None


def test_ozone_8h_above_800_by_each_version() -> None:
    before = rate(AqiRecord(BEFORE, DAILY, {"O3_8h": 900, "O3_1h": 850}))
    assert before.iaqi["O3_8h"] is None  # 2012: the 1 h IAQI is reported
    assert before.iaqi["O3_1h"] == 325
    assert before.aqi == 325 and before.primary_pollutants == ("O3_1h",)
    after = rate(AqiRecord(FROM, DAILY, {"O3_8h": 900}))
    assert after.iaqi["O3_8h"] == 300  # 2026: counts as 300
    assert after.iaqi["O3_1h"] is None  # not an item of the 2026 daily report


def test_ties_are_all_primary_pollutants() -> None:
    result = rate(AqiRecord(BEFORE, DAILY, {"PM2.5_24h": 75, "PM10_24h": 150, "SO2_24h": 10}))
    assert result.aqi == 100
    assert result.primary_pollutants == ("PM10_24h", "PM2.5_24h")


def test_no_primary_pollutant_at_50_or_below() -> None:
    result = rate(AqiRecord(BEFORE, DAILY, {"PM2.5_24h": 35, "PM10_24h": 50}))
    assert result.aqi == 50 and result.primary_pollutants == ()
    assert (result.level, result.category_cn, result.colour_hex) == (1, "优", "#00E400")


@pytest.mark.parametrize(
    ("pm25", "level", "category"),
    [
        (35, 1, "优"),
        (35.5, 2, "良"),
        (75, 2, "良"),
        (76, 3, "轻度污染"),
        (115, 3, "轻度污染"),
        (150, 4, "中度污染"),
        (151, 5, "重度污染"),
        (250, 5, "重度污染"),
        (251, 6, "严重污染"),
        (500, 6, "严重污染"),
        (900, 6, "严重污染"),
    ],
)
def test_levels_and_categories(pm25: float, level: int, category: str) -> None:
    result = rate(AqiRecord(BEFORE, DAILY, {"PM2.5_24h": pm25}))
    assert (result.level, result.category_cn) == (level, category)


def test_above_the_top_breakpoint_counts_as_500() -> None:
    assert iaqi(BEFORE, DAILY, "PM2.5_24h", 900) == 500


def test_2026_aqi_runs_from_1() -> None:
    full = {"SO2_24h": 0, "NO2_24h": 0, "CO_24h": 0, "O3_8h": 0, "PM10_24h": 0, "PM2.5_24h": 0}
    assert rate(AqiRecord(FROM, DAILY, full)).aqi == 1
    assert rate(AqiRecord(BEFORE, DAILY, full | {"O3_1h": 0})).aqi == 0


DAILY_2026 = {"SO2_24h": 8, "NO2_24h": 30, "CO_24h": 0.6, "O3_8h": 120, "PM10_24h": 60}


def test_2026_missing_item_publishes_the_aqi_only_above_100() -> None:
    low = rate(AqiRecord(FROM, DAILY, DAILY_2026))  # PM2.5 missing, AQI of the others 67
    assert low.aqi is None and low.aqi_status == "NA" and low.level is None
    assert low.iaqi["O3_8h"] == 67  # the single-item IAQIs are still given
    high = rate(AqiRecord(FROM, DAILY, DAILY_2026 | {"O3_8h": 200}))
    assert high.aqi == 137 and high.aqi_status == "published"
    complete = rate(AqiRecord(FROM, DAILY, DAILY_2026 | {"PM2.5_24h": 20}))
    assert complete.aqi == 67 and complete.aqi_status == "published"


def test_2012_missing_item_rates_the_others() -> None:
    result = rate(AqiRecord(BEFORE, DAILY, {"PM10_24h": 60, "PM2.5_24h": None}))
    assert result.aqi == 55 and result.iaqi["PM2.5_24h"] is None
    assert rate(AqiRecord(BEFORE, DAILY, {})).aqi_status == "NA"


def test_each_report_rates_its_own_items() -> None:
    values = {"O3_1h": 300, "O3_8h": 100, "PM2.5_1h": 75, "PM2.5_24h": 35}
    assert rate(AqiRecord(FROM, REALTIME, values, 8)).aqi == 150  # O3 1 h, PM2.5 1 h
    assert rate(AqiRecord(BEFORE, DAILY, values)).aqi == 150  # 2012 daily rates O3 1 h
    daily = rate(AqiRecord(FROM, DAILY, values))  # O3 8 h, PM2.5 24 h (four items missing)
    assert (daily.iaqi["O3_8h"], daily.iaqi["PM2.5_24h"], daily.iaqi["O3_1h"]) == (50, 50, None)


def test_the_practice_changes_only_2012_real_time_records() -> None:
    values = {"O3_8h": 200, "PM2.5_1h": 80, "PM2.5_24h": 40}
    practice = Practice.CNEMC_2012_REALTIME
    for day, report in ((BEFORE, DAILY), (FROM, DAILY), (FROM, REALTIME)):
        record = AqiRecord(day, report, values, 8)
        assert rate(record, practice) == rate(record)
    record = AqiRecord(BEFORE, REALTIME, values, 8)
    assert rate(record).aqi == 137  # the text: O3 8 h 200 → 137, PM2.5 24 h 40 → 57
    assert rate(record, practice).aqi == 107  # hourly PM2.5 80 against the 24 h row


def test_2026_real_time_rates_hourly_pm_against_the_24h_rows() -> None:
    result = rate(AqiRecord(FROM, REALTIME, {"PM2.5_1h": 75, "PM10_1h": 150}, 8))
    assert (result.iaqi["PM2.5_1h"], result.iaqi["PM10_1h"]) == (114, 112)
    assert result.iaqi["PM2.5_24h"] is None  # not an item of the 2026 real-time report
    assert (result.aqi, result.aqi_status) == (114, "published")  # items missing, but > 100


def test_over_standard_pollutants_are_the_items_above_iaqi_100_under_2012_only() -> None:
    inputs = {"PM2.5_24h": 76.0, "PM10_24h": 150.0, "NO2_24h": 81.0, "SO2_24h": 20.0}
    before = rate(AqiRecord(BEFORE, DAILY, inputs))
    # 2012: PM2.5 76 → IAQI 102, NO2 81 → 101 are over; PM10 150 → exactly 100 is not.
    assert (before.iaqi["PM2.5_24h"], before.iaqi["NO2_24h"], before.iaqi["PM10_24h"]) == (
        102,
        101,
        100,
    )
    assert before.over_standard_pollutants == ("NO2_24h", "PM2.5_24h")
    after = rate(AqiRecord(FROM, DAILY, inputs))
    assert after.aqi is not None and after.aqi > 100
    assert after.over_standard_pollutants == ()  # HJ 633-2026 deleted the definition
    clean = rate(AqiRecord(BEFORE, DAILY, {"PM2.5_24h": 75.0}))
    assert clean.aqi == 100 and clean.over_standard_pollutants == ()
