"""The AQI of stored observations against hand-checked values of HJ 633 of each version:
a city's daily AQI (the mean of its stations' daily values) and a station's real-time AQI.

Hand checks (式(1), rounded up):
- 2025-12-10 (HJ 633-2012), daily: SO2 10 → 10; NO2 40 → 50; CO 1.0 → 25; O3 1 h 100 →
  50 × 100/160 = 31.25 → 32; O3 8 h 100 → 50; PM10 120 → 50 + 50 × 70/100 = 85; PM2.5 80
  (the mean of 70 and 90) → 100 + 50 × 5/40 = 106.25 → 107. AQI 107, level 3, 轻度污染,
  primary PM2.5.
- 2026-03-10 (HJ 633-2026), daily: PM10 120 → 100; PM2.5 80 → 100 + 50 × 20/55 = 118.2 →
  119; O3 1 h is not rated. AQI 119, level 3, primary PM2.5.
- 2025-12-10 23:00, real-time (HJ 633-2012): SO2 1 h 10 → 50 × 10/150 = 3.3 → 4; NO2 1 h 40
  → 20; CO 1 h 1.0 → 10; O3 1 h 32; O3 8 h 50; PM10 24 h 120 → 85; PM2.5 24 h 70 → 50 + 50 ×
  35/40 = 93.75 → 94. AQI 94, level 2, 良, primary PM2.5.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from deltacap.accounts.permissions import PLATFORM
from deltacap.air import selectors, services
from tests.air.csvs import day_rows, observations_csv, two_stations


@pytest.fixture
def stored(settings: Any, tmp_path: Path, db: Any) -> Path:
    settings.DATA_DIR = str(tmp_path)
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    rows = []
    for day in ("2025-12-10", "2026-03-10"):
        rows += day_rows("8001A", day, 70) + day_rows("8002A", day, 90)
    rows += day_rows("8003A", "2026-03-10", 30, 19)  # too few hours for a 24-hour mean
    report = services.import_observations(
        by=PLATFORM, channel="system", data=observations_csv(*rows), dry_run=False
    )
    assert report.written
    return tmp_path


def _suzhou(day: str) -> Any:
    rows = selectors.city_daily(date.fromisoformat(day), date.fromisoformat(day), city="320500")
    assert len(rows) == 1 and rows[0]["stations"] == 2
    return rows[0]["rating"]


def test_a_citys_daily_aqi_by_hj_633_2012(stored: Path) -> None:
    rating = _suzhou("2025-12-10")
    assert rating.standard == "HJ 633-2012"
    assert rating.iaqi == {
        "SO2_24h": 10,
        "NO2_24h": 50,
        "CO_24h": 25,
        "O3_1h": 32,
        "O3_8h": 50,
        "PM10_24h": 85,
        "PM2.5_24h": 107,
    }
    assert (rating.aqi, rating.level, rating.category_cn, rating.colour) == (
        107,
        3,
        "轻度污染",
        "#FF7E00",
    )
    assert rating.primary == ["PM2.5_24h"]


def test_a_citys_daily_aqi_by_hj_633_2026(stored: Path) -> None:
    rating = _suzhou("2026-03-10")
    assert rating.standard == "HJ 633-2026"
    assert rating.iaqi["PM10_24h"] == 100 and rating.iaqi["PM2.5_24h"] == 119
    assert "O3_1h" not in rating.iaqi
    assert (rating.aqi, rating.level, rating.primary) == (119, 3, ["PM2.5_24h"])


def test_a_station_day_with_fewer_than_20_hours_has_no_24_hour_means(stored: Path) -> None:
    (hangzhou,) = selectors.city_daily(date(2026, 3, 10), date(2026, 3, 10), city="330100")
    rating = hangzhou["rating"]
    assert rating.values["PM2.5_24h"] is None and rating.values["O3_8h"] == 100
    # HJ 633-2026 §5.3.1: items missing and the others at most 100: not published.
    assert rating.aqi is None and rating.level is None


def test_each_stations_latest_hour_is_rated_as_a_real_time_report(stored: Path) -> None:
    rows = {row["station"].code: row for row in selectors.latest_station_aqi()}
    assert set(rows) == {"8001A", "8002A", "8003A"}
    hangzhou = rows["8003A"]
    assert hangzhou["time"].isoformat() == "2026-03-10T18:00:00"
    assert hangzhou["rating"].standard == "HJ 633-2026"


def test_a_real_time_report_of_2012_by_hand(settings: Any, tmp_path: Path, db: Any) -> None:
    settings.DATA_DIR = str(tmp_path)
    services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    data = observations_csv(*day_rows("8001A", "2025-12-10", 70))
    services.import_observations(by=PLATFORM, channel="system", data=data, dry_run=False)
    (row,) = selectors.latest_station_aqi()
    rating = row["rating"]
    assert row["time"].isoformat() == "2025-12-10T23:00:00"
    assert rating.standard == "HJ 633-2012"
    assert rating.iaqi == {
        "SO2_1h": 4,
        "NO2_1h": 20,
        "CO_1h": 10,
        "O3_1h": 32,
        "O3_8h": 50,
        "PM10_24h": 85,
        "PM2.5_24h": 94,
    }
    assert (rating.aqi, rating.level, rating.category_cn, rating.primary) == (
        94,
        2,
        "良",
        ["PM2.5_24h"],
    )
