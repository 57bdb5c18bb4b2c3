"""Spark reads the measurement store as it is, with no conversion and no export.

PySpark in local mode (Java from Debian's packages; `.ci/run` installs it) reads the Parquet
that the receiver wrote (values, packets and the hourly roll-up) and that the air-quality
import wrote, and gets the platform's own figures from it: hourly emissions per outlet,
factor and hour, the packets behind every value, and each city's daily concentrations.

The Spark session runs in a time zone far from China's on purpose: the store keeps local
China Standard Time without a zone, so an hour read as an instant would shift and fail."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from deltacap.accounts.permissions import PLATFORM
from deltacap.air import selectors as air_selectors
from deltacap.air import services as air_services
from deltacap.monitoring import figures, simulated
from deltacap.monitoring.demo import register_simulated
from deltacap.monitoring.registry import device_table
from tests.air.csvs import observations_csv, two_stations
from tests.monitoring.conftest import device_amounts, run_simulated_devices

pytestmark = [pytest.mark.django_db, pytest.mark.spark]
START = datetime(2026, 3, 2, 8, 0)
pyspark_sql = pytest.importorskip("pyspark.sql", reason="PySpark is a development dependency")


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java (Debian's default-jre-headless; .ci/run installs it)")
    scratch = tmp_path_factory.mktemp("spark")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # local mode: loopback only
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("deltacap-store")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", str(scratch))
        .config("spark.sql.warehouse.dir", str(scratch / "warehouse"))
        .config("spark.sql.session.timeZone", "America/New_York")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_gets_the_platforms_hourly_emissions_from_the_receivers_store(
    spark: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    root = tmp_path / "measurements"
    sims = simulated.devices(3, prefix="5B", seed=11)
    register_simulated(sims, minute_interval=10)
    record = tmp_path / "sent.txt"
    summary = run_simulated_devices(root, sims, record, START)
    assert summary["sent"] == summary["answered"] == 3 * 12
    outlet_of = {mn: int(device.outlet_id or 0) for mn, device in device_table().items()}

    # The hourly roll-up: Spark's sums per outlet, factor and hour are the platform's figures.
    hourly = spark.read.parquet(str(root / "hourly"))
    assert dict(hourly.dtypes)["hour"] == "timestamp_ntz"
    spark_hourly = {
        (row["outlet_id"], row["factor"], row["h"]): row["kg"]
        for row in hourly.where("date = DATE'2026-03-02'")
        .selectExpr("outlet_id", "factor", "hour(hour) AS h", "emission_kg AS kg")
        .collect()
    }
    platform = {
        (outlet, row["factor"], row["hour"].hour): row["emission_kg"]
        for outlet in set(outlet_of.values())
        for row in figures.hourly(root, outlet, START.date(), START.date())
    }
    assert spark_hourly.keys() == platform.keys()
    emitted = {key: kg for key, kg in platform.items() if kg is not None}
    assert len(emitted) == 3 * 4 * 2  # devices x pollutants x hours (08:00 and 09:00)
    for key, kg in platform.items():
        if kg is None:  # the flow rows carry volumes, not emissions
            assert spark_hourly[key] is None
        else:
            assert spark_hourly[key] == pytest.approx(kg, rel=1e-12)

    # The raw values: the devices' own amounts (-Cou) per hour, summed by Spark, are what
    # the platform totalled, and every value leads to the packet it came in.
    values = spark.read.parquet(str(root / "values"))
    sums = {
        (row["mn"], row["factor"], row["h"]): row["kg"]
        for row in values.where("cn = '2051'")
        .groupBy("mn", "factor", pyspark_sql.functions.hour("data_time").alias("h"))
        .agg(pyspark_sql.functions.sum("cou").alias("kg"))
        .collect()
    }
    expected = device_amounts(record)
    for (mn, factor, hour), kg in expected.items():
        assert sums[(mn, factor, hour)] == pytest.approx(kg, rel=1e-9)
        assert platform[(outlet_of[mn], factor, hour)] == pytest.approx(kg, abs=4e-4 + kg * 1e-3)
    packets = spark.read.parquet(str(root / "packets"))
    assert packets.count() == 3 * 12
    orphans = values.join(packets.select("packet_id", "mn"), ["packet_id", "mn"], "left_anti")
    assert orphans.count() == 0


def _hours(station: str, day: str, base: float) -> list[str]:
    """24 hours of one station with values that change every hour (PM2.5 from ``base``)."""
    rows = []
    for hour in range(24):
        pm25 = base + 3 * hour
        no2 = 20 + (hour * 7) % 30
        rows.append(
            f"{station},{day} {hour:02d}:00,8,8,{no2},{no2},0.8,0.8,{60 + 4 * hour},80,"
            f"{pm25 + 30},{pm25 + 30},{pm25},{pm25}"
        )
    return rows


def test_spark_gets_each_citys_daily_concentrations_from_the_air_store(
    spark: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = str(tmp_path)
    air_services.import_stations(by=PLATFORM, channel="system", data=two_stations(), dry_run=False)
    rows = _hours("8001A", "2026-03-10", 20) + _hours("8002A", "2026-03-10", 50)
    rows += _hours("8003A", "2026-03-10", 10)[:19]  # 19 hours: no 24-hour means that day
    report = air_services.import_observations(
        by=PLATFORM, channel="system", data=observations_csv(*rows), dry_run=False
    )
    assert report.written

    hours = spark.read.parquet(str(tmp_path / "measurements" / "air_hourly"))
    assert hours.count() == 24 + 24 + 19
    cities = spark.createDataFrame(
        [("8001A", "320500"), ("8002A", "320500"), ("8003A", "330100")], ["station", "city"]
    )
    hours.createOrReplaceTempView("air_hourly")
    cities.createOrReplaceTempView("station_city")
    by_spark = {
        (row["city"], row["date"]): row
        for row in spark.sql(
            """
            WITH s AS (
              SELECT station, to_date(time) AS date, hour(min(time)) AS first_hour,
                CASE WHEN count(pm25_1h) >= 20 THEN avg(pm25_1h) END AS pm25,
                CASE WHEN count(no2_1h) >= 20 THEN avg(no2_1h) END AS no2,
                max(o3_1h) AS o3_1h
              FROM air_hourly GROUP BY station, to_date(time))
            SELECT c.city, s.date, min(s.first_hour) AS first_hour, avg(pm25) AS pm25,
              avg(no2) AS no2, avg(o3_1h) AS o3_1h
            FROM s JOIN station_city c USING (station) GROUP BY c.city, s.date
            """
        ).collect()
    }
    platform = air_selectors.city_daily(date(2026, 3, 10), date(2026, 3, 10))
    assert {(row["city"], row["date"]) for row in platform} == set(by_spark)
    for row in platform:
        mine = by_spark[(row["city"], row["date"])]
        assert mine["first_hour"] == 0  # local hours, as published
        values = row["rating"].values
        for item, column in (("PM2.5_24h", "pm25"), ("NO2_24h", "no2"), ("O3_1h", "o3_1h")):
            if values[item] is None:
                assert mine[column] is None
            else:
                assert mine[column] == pytest.approx(values[item], rel=1e-12)
    suzhou = by_spark[("320500", date(2026, 3, 10))]
    assert suzhou["pm25"] == pytest.approx((20 + 50) / 2 + 3 * 23 / 2)
    assert by_spark[("330100", date(2026, 3, 10))]["pm25"] is None
