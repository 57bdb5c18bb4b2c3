"""HJ 633 as data: the two versions, their breakpoints and what each report rates.

Sources (docs/domain/standards.md §1): HJ 633-2012 表1, §5, §6.2 and 表2; HJ 633-2026 表1,
§4.1.1, §4.2.2, §4.2.6, §4.3.1 and §5.3.1. Only the PM10 and PM2.5 24 h rows at IAQI 100
changed between the versions.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Standard(StrEnum):
    """The version of HJ 633 that rates a record."""

    HJ633_2012 = "HJ 633-2012"
    HJ633_2026 = "HJ 633-2026"


class Report(StrEnum):
    DAILY = "daily"  # 日报
    REALTIME = "realtime"  # 实时报 (hourly)


# GB 3095-2026 / HJ 633-2026 take effect on 2026-03-01 and replace the 2012 versions.
HJ633_2026_IN_FORCE = dt.date(2026, 3, 1)

ITEMS: tuple[str, ...] = (
    "SO2_24h",
    "SO2_1h",
    "NO2_24h",
    "NO2_1h",
    "CO_24h",
    "CO_1h",
    "O3_1h",
    "O3_8h",
    "PM10_24h",
    "PM10_1h",
    "PM2.5_24h",
    "PM2.5_1h",
)

# The IAQI at each step of the tables (HJ 633-2012 表1, HJ 633-2026 表1).
IAQI_STEPS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)

# Concentration limits at each IAQI step, µg/m³ (CO mg/m³). A row shorter than the steps
# ends where the standard stops rating the item (SO2 1 h at 800, O3 8 h at 800).
_COMMON: dict[str, tuple[float, ...]] = {
    "SO2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "SO2_1h": (0, 150, 500, 650, 800),
    "NO2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "NO2_1h": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "CO_24h": (0, 2, 4, 14, 24, 36, 48, 60),
    "CO_1h": (0, 5, 10, 35, 60, 90, 120, 150),
    "O3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "O3_8h": (0, 100, 160, 215, 265, 800),
}
# HJ 633-2012 表1
BREAKPOINTS_2012: dict[str, tuple[float, ...]] = {
    **_COMMON,
    "PM10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
    "PM2.5_24h": (0, 35, 75, 115, 150, 250, 350, 500),
}
# HJ 633-2026 表1: PM10 100 → 120 and PM2.5 75 → 60 at IAQI 100.
BREAKPOINTS_2026: dict[str, tuple[float, ...]] = {
    **_COMMON,
    "PM10_24h": (0, 50, 120, 250, 350, 420, 500, 600),
    "PM2.5_24h": (0, 35, 60, 115, 150, 250, 350, 500),
}
BREAKPOINTS: dict[Standard, dict[str, tuple[float, ...]]] = {
    Standard.HJ633_2012: BREAKPOINTS_2012,
    Standard.HJ633_2026: BREAKPOINTS_2026,
}

# The row an item is rated against: PM 1 h values against the 24 h rows (HJ 633-2026, note
# to 式(1); the national centre's 2012-era real-time practice likewise).
TABLE_ROW: dict[str, str] = {item: item for item in ITEMS} | {
    "PM10_1h": "PM10_24h",
    "PM2.5_1h": "PM2.5_24h",
}

# The items each report rates (HJ 633-2012 §5.1/§5.2; HJ 633-2026 §5.1/§5.2). SO2_24h in a
# 2012 real-time report stands in for SO2_1h above 800 only (the >800 rule below).
RATED: dict[tuple[Standard, Report], tuple[str, ...]] = {
    (Standard.HJ633_2012, Report.DAILY): (
        "SO2_24h",
        "NO2_24h",
        "CO_24h",
        "O3_1h",
        "O3_8h",
        "PM10_24h",
        "PM2.5_24h",
    ),
    (Standard.HJ633_2012, Report.REALTIME): (
        "SO2_1h",
        "NO2_1h",
        "CO_1h",
        "O3_1h",
        "O3_8h",
        "PM10_24h",
        "PM2.5_24h",
    ),
    (Standard.HJ633_2026, Report.DAILY): (
        "SO2_24h",
        "NO2_24h",
        "CO_24h",
        "O3_8h",
        "PM10_24h",
        "PM2.5_24h",
    ),
    (Standard.HJ633_2026, Report.REALTIME): (
        "SO2_1h",
        "NO2_1h",
        "CO_1h",
        "O3_1h",
        "PM10_1h",
        "PM2.5_1h",
    ),
}

# The national centre's published practice for 2012-era real-time reports: hourly PM rated
# against the 24 h rows, no O3 8 h (reproduces its releases; tests/data/README.md).
CNEMC_2012_REALTIME_RATED: tuple[str, ...] = (
    "SO2_1h",
    "NO2_1h",
    "CO_1h",
    "O3_1h",
    "PM10_1h",
    "PM2.5_1h",
)

# Above 800 µg/m³: HJ 633-2012 表1 notes (2) and (3) rate no IAQI from SO2 1 h (the 24 h
# IAQI is reported) nor from O3 8 h (the 1 h IAQI is reported); HJ 633-2026 表1 notes count
# SO2 1 h as IAQI 200 and O3 8 h as IAQI 300.
ABOVE_800_LIMIT = 800.0
ABOVE_800_IAQI_2026: dict[str, int] = {"SO2_1h": 200, "O3_8h": 300}

# HJ 633-2026 §4.2.2: concentrations are rounded by GB/T 8170 before rating, µg/m³ items to
# whole numbers, CO (mg/m³) to one decimal. HJ 633-2012 has no such clause.
ROUNDING_DECIMALS_2026: dict[str, int] = {item: 1 if item.startswith("CO") else 0 for item in ITEMS}

# Project decision (the standard gives no row above IAQI 500): an IAQI above the top
# breakpoint counts as 500.
IAQI_CAP = 500

# HJ 633-2026 §4.1.1: the AQI runs from 1 to 500 (一级 is 1~50); HJ 633-2012: 0 to 500.
AQI_FLOOR: dict[Standard, int] = {Standard.HJ633_2012: 0, Standard.HJ633_2026: 1}

# HJ 633-2026 §5.3.1: with an item missing, the AQI of the others is published only above this.
MISSING_PUBLISH_ABOVE = 100

# Primary pollutant only above this AQI (HJ 633-2012 §3.3/§4.4.2; HJ 633-2026 §4.3.1).
PRIMARY_ABOVE = 50

# Over-standard pollutant (超标污染物): an item whose IAQI is above this (HJ 633-2012
# §3.4/§4.4.2). HJ 633-2026 deleted the definition (its foreword): none is reported under it.
OVER_STANDARD_ABOVE: dict[Standard, int | None] = {
    Standard.HJ633_2012: 100,
    Standard.HJ633_2026: None,
}

# HJ 633-2012 表2 and 附录A 表A.1 (the 2026 表1 has the same classes and colours):
# (highest AQI of the level, 类别, category, colour name, RGB hex).
LEVELS: tuple[tuple[int, str, str, str, str, str], ...] = (
    (50, "优", "excellent", "绿色", "green", "#00E400"),
    (100, "良", "good", "黄色", "yellow", "#FFFF00"),
    (150, "轻度污染", "lightly polluted", "橙色", "orange", "#FF7E00"),
    (200, "中度污染", "moderately polluted", "红色", "red", "#FF0000"),
    (300, "重度污染", "heavily polluted", "紫色", "purple", "#99004C"),
    (500, "严重污染", "severely polluted", "褐红色", "maroon", "#7E0023"),
)
