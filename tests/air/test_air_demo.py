"""The demo's air-quality data: synthetic stations in every one of the 41 cities, hourly
data written by date, deterministic, rewritten (not added to) when built again."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from deltacap.air import selectors
from deltacap.air.models import Station
from deltacap.demo.air import load_demo_air


@pytest.mark.django_db
def test_the_demo_has_marked_stations_in_every_city_and_their_hours(
    settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = str(tmp_path)
    now = datetime(2026, 7, 15, 14, 30)
    rows = load_demo_air(now=now, days=3)
    stations = list(Station.objects.all())
    per_city = Counter(s.city_id for s in stations)
    assert len(per_city) == 41 and set(per_city.values()) <= {2, 3, 4}
    assert all(s.synthetic and "模拟" in s.name and s.code.endswith("S") for s in stations)
    assert rows == len(stations) * (3 * 24 + 15)
    folder = tmp_path / "measurements" / "air_hourly"
    assert sorted(p.name for p in folder.iterdir()) == [
        "date=2026-07-12",
        "date=2026-07-13",
        "date=2026-07-14",
        "date=2026-07-15",
    ]
    first = selectors.city_daily(now.date().replace(day=13), now.date().replace(day=13))
    assert len(first) == 41 and all(r["rating"].aqi for r in first)
    assert load_demo_air(now=now, days=3) == rows  # same data, same files
    assert len(list(folder.rglob("*.parquet"))) == 4
    again = selectors.city_daily(now.date().replace(day=13), now.date().replace(day=13))
    assert [r["rating"].aqi for r in again] == [r["rating"].aqi for r in first]
