"""The national centre's 334 published station-hours, reproduced under its practice."""

from __future__ import annotations

from deltacap.domain.air import Practice, rate_records
from tests.domain.air.aqi_corpus import (
    PUBLISHED_PRIMARY,
    RECORDS,
    published_hourly,
    published_in_full,
)

CNEMC = Practice.CNEMC_2012_REALTIME


def test_practice_reproduces_every_published_station_hour() -> None:
    for inputs in (published_hourly, published_in_full):
        results = rate_records([inputs(r) for r in RECORDS], CNEMC)
        for record, result in zip(RECORDS, results, strict=True):
            expected = record["expected"]
            assert result.standard == "HJ 633-2012"
            assert result.aqi == expected["aqi"], record["id"]
            assert result.category_cn == expected["category_cn"], record["id"]
            published = {PUBLISHED_PRIMARY[p] for p in expected["primary_pollutants_published"]}
            assert set(result.primary_pollutants) == published, record["id"]


def test_practice_iaqi_equal_the_collectors_evaluation() -> None:
    results = rate_records([published_hourly(r) for r in RECORDS], CNEMC)
    for record, result in zip(RECORDS, results, strict=True):
        evaluation = record["expected"]["collector_evaluation"]["iaqi"]
        got = {
            k: result.iaqi[k.replace("_24h", "_1h") if k.startswith("PM") else k]
            for k in evaluation
        }
        assert got == evaluation, record["id"]


def test_the_standards_text_differs_where_the_release_published_more() -> None:
    """The text rates O3 8 h and the PM 24 h moving averages in a 2012 real-time report;
    the release did not, so the text gives another AQI for most of these hours."""
    records = [published_in_full(r) for r in RECORDS]
    text = rate_records(records)
    practice = rate_records(records, CNEMC)
    differ = [r["id"] for r, a, b in zip(RECORDS, text, practice, strict=True) if a.aqi != b.aqi]
    assert len(differ) > len(RECORDS) // 2
    # where the text rates O3 8 h above the published O3 1 h, it is the primary pollutant
    assert any("O3_8h" in result.primary_pollutants for result in text)


def test_the_text_rates_no_hourly_pm_in_a_2012_real_time_report() -> None:
    results = rate_records([published_hourly(r) for r in RECORDS])
    assert all(result.iaqi["PM10_1h"] is None for result in results)
    assert all(result.iaqi["PM2.5_1h"] is None for result in results)


def test_the_files_inputs_as_named_give_the_published_aqi_under_the_text() -> None:
    """The file names each value by the row it was rated against (hourly PM under
    ``PM10_24h``/``PM2.5_24h``) and gives no O3 8 h: read so, the text rates the same rows
    as the practice, and gives every published AQI too."""
    records = [published_hourly(r) for r in RECORDS]
    as_named = [
        type(r)(r.day, r.report, {_ROW.get(k, k): v for k, v in r.inputs.items()}, r.hour)
        for r in records
    ]
    for record, result in zip(RECORDS, rate_records(as_named), strict=True):
        assert result.aqi == record["expected"]["aqi"], record["id"]


_ROW = {"PM10_1h": "PM10_24h", "PM2.5_1h": "PM2.5_24h"}
