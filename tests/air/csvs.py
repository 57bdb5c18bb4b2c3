"""CSV files as the national network publishes them, for the air tests."""

from __future__ import annotations

STATION_HEADER = "监测点编码,监测点名称,城市,经度,纬度,类型"
OBSERVATION_HEADER = (
    "监测点编码,时间,SO2,SO2_24h,NO2,NO2_24h,CO,CO_24h,O3,O3_8h,PM10,PM10_24h,PM2.5,PM2.5_24h"
)


def stations_csv(*rows: str) -> bytes:
    return ("\n".join([STATION_HEADER, *rows]) + "\n").encode()


def two_stations() -> bytes:
    """Two stations of Suzhou (Jiangsu) and one of Hangzhou (Zhejiang)."""
    return stations_csv(
        "8001A,测试站甲,苏州市,120.62,31.30,国控",
        "8002A,测试站乙,苏州,120.70,31.32,省控",
        "8003A,测试站丙,330100,120.16,30.27,国控",
    )


def day_rows(station: str, day: str, pm25: float, hours: int = 24) -> list[str]:
    """A day of constant hourly values: SO2 10, NO2 40, CO 1.0, O3 100, PM10 120, PM2.5
    ``pm25``; 24-hour and 8-hour means as published (the same constants)."""
    return [
        f"{station},{day} {hour:02d}:00,10,10,40,40,1.0,1.0,100,100,120,120,{pm25:g},{pm25:g}"
        for hour in range(hours)
    ]


def observations_csv(*rows: str) -> bytes:
    return ("\n".join([OBSERVATION_HEADER, *rows]) + "\n").encode()
