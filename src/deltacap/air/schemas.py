"""Output shapes of air quality, shared by the API, the pages and the command line."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema

from deltacap.air.evaluation import Evaluation
from deltacap.air.models import Station
from deltacap.air.selectors import Rating
from deltacap.domain.air.evaluation import Unit


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
    # Items with IAQI above 100 (超标污染物) under HJ 633-2012; always empty under HJ 633-2026.
    over_standard_pollutants: list[str]
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


class EvaluationRowOut(Schema):
    """One city (member, the region) evaluated by HJ 663 over a year or a month.

    Concentrations in µg/m³ (CO mg/m³), null where the period has no valid day; ``rank``
    null where the unit cannot be ranked (too few valid days, or no data: ``has_data``
    false); ``failing`` the pollutants that do not attain; ``days_by_level`` the valid days
    of AQI level 1 (excellent) to 6 (severely polluted)."""

    unit: str
    code: str
    member: str
    period: str
    start: date
    end: date
    has_data: bool
    rank: int | None
    limits: str
    valid_days: int
    min_days: int
    aqi_days: int
    good_days: int
    good_share: float | None
    pm25_mean: float | None
    composite_index: float | None
    attains_all: bool | None
    attains: dict[str, bool | None]
    failing: list[str]
    means: dict[str, float | None]
    percentiles: dict[str, float | None]
    days_by_level: list[int]
    cities: int
    cities_attaining: int


def _rounded(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def evaluation_rows(evaluation: Evaluation) -> list[EvaluationRowOut]:
    """The evaluation's rows, ranked first, then the unranked, then the cities without data."""
    members = evaluation.members
    rows = [
        EvaluationRowOut(
            unit=r.unit.value,
            code=r.code,
            member=members.get(r.code, "") if r.unit is Unit.CITY else "",
            period=r.period,
            start=r.start,
            end=r.end,
            has_data=True,
            rank=r.rank,
            limits=r.limits.value,
            valid_days=min(r.valid_days.values()),
            min_days=r.min_days,
            aqi_days=r.aqi_days,
            good_days=r.good_days,
            good_share=_rounded(r.good_share, 4),
            pm25_mean=_rounded(r.means["PM2.5"]),
            composite_index=_rounded(r.composite_index),
            attains_all=r.attains_all,
            attains=r.attains,
            failing=[p for p, ok in r.attains.items() if ok is False],
            means={k: _rounded(v) for k, v in r.means.items()},
            percentiles={k: _rounded(v) for k, v in r.percentiles.items()},
            days_by_level=list(r.days_by_level),
            cities=r.cities,
            cities_attaining=r.cities_attaining,
        )
        for r in evaluation.results
    ]
    label = (
        str(evaluation.year)
        if evaluation.month is None
        else (f"{evaluation.year}-{evaluation.month:02d}")
    )
    for code in evaluation.without_data:
        rows.append(
            EvaluationRowOut(
                unit=Unit.CITY.value,
                code=code,
                member=members.get(code, ""),
                period=label,
                start=evaluation.start,
                end=evaluation.end,
                has_data=False,
                rank=None,
                limits=evaluation.limits.value,
                valid_days=0,
                min_days=evaluation.min_days,
                aqi_days=0,
                good_days=0,
                good_share=None,
                pm25_mean=None,
                composite_index=None,
                attains_all=None,
                attains={},
                failing=[],
                means={},
                percentiles={},
                days_by_level=[0] * 6,
                cities=1,
                cities_attaining=0,
            )
        )
    return rows
