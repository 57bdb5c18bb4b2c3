"""Output shapes of air quality, shared by the API, the pages and the command line."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema

from deltacap.air.models import Station
from deltacap.air.selectors import Rating


class StationOut(Schema):
    code: str
    name: str
    kind: str
    lon: float
    lat: float
    city: str
    member: str
    active: bool
    synthetic: bool


class RatingOut(Schema):
    standard: str
    aqi: int | None
    level: int | None
    category_cn: str
    colour: str
    primary_pollutants: list[str]
    iaqi: dict[str, int | None]
    values: dict[str, float | None]


class StationAqiOut(Schema):
    station: str
    name: str
    city: str
    time: datetime
    report: str
    rating: RatingOut


class CityAqiOut(Schema):
    city: str
    date: date
    stations: int
    report: str
    rating: RatingOut


def station_out(station: Station) -> StationOut:
    return StationOut(
        code=station.code,
        name=station.name,
        kind=station.kind,
        lon=station.lon,
        lat=station.lat,
        city=station.city_id,
        member=station.member_code,
        active=station.active,
        synthetic=station.synthetic,
    )


def rating_out(rating: Rating) -> RatingOut:
    return RatingOut(**rating.to_json())


def station_aqi_out(row: dict[str, Any]) -> StationAqiOut:
    station = row["station"]
    return StationAqiOut(
        station=station.code,
        name=station.name,
        city=station.city_id,
        time=row["time"],
        report="realtime",
        rating=rating_out(row["rating"]),
    )


def city_aqi_out(row: dict[str, Any]) -> CityAqiOut:
    return CityAqiOut(
        city=row["city"],
        date=row["date"],
        stations=row["stations"],
        report="daily",
        rating=rating_out(row["rating"]),
    )
