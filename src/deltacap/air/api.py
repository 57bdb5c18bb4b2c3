"""/api/v1/air: stations, the latest real-time AQI of each station, the daily AQI of each
city, and the imports of the national network's CSV files (stations, hourly data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.air import evaluation, selectors, services
from deltacap.air.api_warnings import router as warnings_router
from deltacap.air.importing import MAX_IMPORT_BYTES
from deltacap.air.schemas import (
    CityAqiOut,
    EvaluationRowOut,
    StationAqiOut,
    StationOut,
    city_aqi_out,
    evaluation_rows,
    station_aqi_out,
    station_out,
)
from deltacap.air.services import ImportReport
from deltacap.domain.air.evaluation import Unit
from deltacap.domain.input_rules import check_file_size
from deltacap.inputs import BlankOrCode, Day, Month, Year

router = Router(tags=["air"])
router.add_router("/warnings", warnings_router)


@router.get("/stations", response=list[StationOut], auth=None)
def list_stations(
    request: HttpRequest, member: BlankOrCode = "", city: BlankOrCode = "", kind: BlankOrCode = ""
) -> list[StationOut]:
    """The region's air-quality stations (shared with everyone), optionally of a member,
    a city or a kind (national, provincial)."""
    rows = selectors.stations(member=member, city=city, kind=kind)
    return [station_out(s) for s in rows]


@router.get("/aqi/stations", response=list[StationAqiOut], auth=None)
def station_aqi(request: HttpRequest) -> list[StationAqiOut]:
    """Each station's latest hour rated as an HJ 633 real-time report (the version in force
    on its date): IAQI per item, AQI, primary pollutants, level, category, colour."""
    return [station_aqi_out(row) for row in selectors.latest_station_aqi()]


@router.get("/aqi/cities", response=list[CityAqiOut], auth=None)
def city_aqi(
    request: HttpRequest, date: Day | None = None, city: BlankOrCode = ""
) -> list[CityAqiOut]:
    """Each city's daily AQI on ``date`` (default: today, China time): the mean of its
    stations' daily values rated as an HJ 633 daily report."""
    day = date or selectors.local_now().date()
    rows = selectors.city_daily(day, day, city=city or None)
    return [city_aqi_out(row) for row in rows]


@router.get("/evaluation", response=list[EvaluationRowOut], auth=None)
def evaluate(
    request: HttpRequest, year: Year, month: Month | None = None, by: Unit = Unit.CITY
) -> list[EvaluationRowOut]:
    """The HJ 663 evaluation of the stored hourly observations over the ``year`` (or its
    ``month``) per city (every one of the 41, those without data last), member or the
    region, ranked by the composite index (ties by the PM2.5 mean): valid days, days by AQI
    category, share of good days, means and percentiles, attainment of GB 3095 of the
    version in force at the period's end."""
    return evaluation_rows(evaluation.kept(year, month, by))


def _read(file: UploadedFile) -> bytes:
    check_file_size(file.size or 0, MAX_IMPORT_BYTES)
    data: bytes = file.read()
    return data


def _answer(report: ImportReport) -> Status[dict[str, Any]]:
    body = report.to_json()
    if not report.issues:
        return Status(200, body)
    first = body["errors"][0]
    where = " ".join(str(p) for p in (first["row"], first["column"]) if p)
    body["detail"] = f"{where}: {first['message']}" if where else first["message"]
    body["field"] = "file"
    return Status(422, body)


@router.post("/stations/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_stations(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a station list (CSV: 监测点编码,
    监测点名称, 城市, 经度, 纬度, 类型). 422 lists every fault by row and column; nothing
    is written then."""
    report = services.import_stations(
        by=request.user, channel="api", data=_read(file), dry_run=dry_run
    )
    return _answer(report)


@router.post("/observations/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_observations(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import hourly observations (CSV: 监测点编码, 时间,
    SO2, SO2_24h, NO2, NO2_24h, CO, CO_24h, O3, O3_8h, PM10, PM10_24h, PM2.5, PM2.5_24h).
    A station-hour stored already is refused (nothing is replaced)."""
    report = services.import_observations(
        by=request.user, channel="api", data=_read(file), dry_run=dry_run
    )
    return _answer(report)


# Joint forecast consultation (联合会商): /api/v1/air/consultations (a module of its own).
from deltacap.air.api_forecasts import router as forecasts_router  # noqa: E402

router.add_router("/consultations", forecasts_router)

# Mobile monitoring (走航): /api/v1/air/tracks (a module of its own).
from deltacap.air.api_tracks import router as tracks_router  # noqa: E402

router.add_router("/tracks", tracks_router)
