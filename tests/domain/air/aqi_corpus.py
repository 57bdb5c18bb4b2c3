"""The national centre's published real-time AQI of 334 YRD station-hours (tests/data), as
records to rate.

The file's ``inputs`` name the row each value was rated against: its ``PM10_24h`` and
``PM2.5_24h`` hold the published **hourly** values. ``published_hourly`` gives them as the
hourly items they are; ``published_in_full`` adds what the release also published (O3 8 h
and the PM 24 h moving averages), which the standard's text rates and the practice leaves
out.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from deltacap.domain.air import AqiRecord, Report
from tests.support import DATA

CORPUS = DATA / "aqi_cnemc_yrd_realtime.jsonl"
HOURLY = {"PM10_24h": "PM10_1h", "PM2.5_24h": "PM2.5_1h"}

with CORPUS.open(encoding="utf-8") as _lines:
    RECORDS: list[dict[str, Any]] = [json.loads(line) for line in _lines if line.strip()]


def _time(record: dict[str, Any]) -> tuple[dt.date, int]:
    moment = dt.datetime.fromisoformat(record["raw"]["timepoint"])
    return moment.date(), moment.hour


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:  # "-;" = not published
        return None


def published_hourly(record: dict[str, Any]) -> AqiRecord:
    day, hour = _time(record)
    inputs = {HOURLY.get(k, k): v["value"] for k, v in record["inputs"].items()}
    return AqiRecord(day, Report.REALTIME, inputs, hour)


def published_in_full(record: dict[str, Any]) -> AqiRecord:
    base = published_hourly(record)
    raw = record["raw"]
    extra = {
        "O3_8h": _number(raw["o3_8h"]),
        "PM10_24h": _number(raw["pm10_24h"]),
        "PM2.5_24h": _number(raw["pm2_5_24h"]),
    }
    return AqiRecord(base.day, base.report, {**base.inputs, **extra}, base.hour)


PUBLISHED_PRIMARY = {"臭氧1小时": "O3_1h", "颗粒物(PM10)": "PM10_1h", "细颗粒物(PM2.5)": "PM2.5_1h"}
