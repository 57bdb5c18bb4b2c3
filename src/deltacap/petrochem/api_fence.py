"""/api/v1/petrochem: the bay's fence-line VOCs stations (厂界/边界 VOCs 监测站) shared with
every member (register, hourly readings imported from CSV or Excel, hours of a day, days
against the configured boundary limits, exceedances), the hours of a day of a bay
enterprise's HJ 212 outlets, and the ozone cooperation (O3 beside the bay's VOCs per day
of the ozone season)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.inputs import BlankOrCode, Code, Day, Id, Latitude, Longitude, Text, Whole, Year
from deltacap.petrochem import (
    fence_figures,
    fence_import,
    fence_store,
    figures,
    ozone,
    schemas,
    stations,
)
from deltacap.water.services import MAX_IMPORT_BYTES

router = Router(tags=["petrochem fence-line and ozone"], auth=AUTH)


@router.get("/stations", response=list[dict[str, Any]])
def station_list(request: HttpRequest, member: BlankOrCode = "") -> list[dict[str, Any]]:
    """The fence-line stations with their factors and boundary limits (every official
    reads every member's; an enterprise those at its boundary)."""
    return [schemas.station_out(s) for s in fence_figures.stations(request.user, member)]


class FenceStationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    station_code: Code
    name: Annotated[str, Text(200)]
    city: Code
    lon: Longitude
    lat: Latitude
    factors: list[Code]
    bay_enterprise: Id | None = None
    park: Annotated[str, Text(200)] = ""


@router.post("/stations", response={201: dict[str, Any]})
def save_station(request: HttpRequest, body: FenceStationIn) -> Status[dict[str, Any]]:
    """Register a fence-line station (or change the one of ``station_code``): at a bay
    enterprise of its city or a chemical park, with its factors (NMHC, benzene, toluene,
    xylene). The editors of the station's member or city."""
    s = stations.save_station(
        by=request.user, channel="api", code=body.station_code, name=body.name, city=body.city,
        lon=body.lon, lat=body.lat, factors=body.factors, enterprise_id=body.bay_enterprise,
        park=body.park,
    )  # fmt: skip
    return Status(201, schemas.station_out(stations.get_station(s.pk)))


@router.post("/stations/readings", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_readings(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a CSV or Excel (.xlsx) file of hourly
    readings: columns ``station`` (code), ``time`` (YYYY-MM-DD HH:00, China Standard Time)
    and one per factor (``NMHC``, ``benzene``, ``toluene``, ``xylene``; mg/m³). A
    station-hour stored already is refused. 422 with every error by row and column when a
    row is at fault (then nothing was written)."""
    data = file.read(MAX_IMPORT_BYTES + 1)
    report = fence_import.import_readings(
        by=request.user, channel="api", data=data, dry_run=dry_run
    )
    body = fence_import.report_json(report)
    if not report.errors:
        return Status(200, body)
    first = report.errors[0]
    where = " ".join(str(p) for p in (first.row, first.column) if p)
    body["detail"] = f"{where}: {first.message}" if where else first.message
    body["field"] = "file"
    return Status(422, body)


@router.get("/stations/{petro_station_id}", response=dict[str, Any])
def station_detail(
    request: HttpRequest, petro_station_id: Id, day: Day | None = None
) -> dict[str, Any]:
    """One station and its hourly values of ``day`` (default: its last day with readings)
    per factor, each against the factor's limit (mg/m³)."""
    s = fence_figures.station(request.user, petro_station_id)
    when = day or fence_store.last_day(fence_store.root(), [s.code]) or timezone.localdate()
    return schemas.station_out(s) | {"hours": fence_figures.station_hours(s, when)}


@router.get("/stations/{petro_station_id}/days", response=list[dict[str, Any]])
def station_days(
    request: HttpRequest,
    petro_station_id: Id,
    end: Day | None = None,
    days: Annotated[int, Whole(1, fence_figures.MAX_DAYS)] = 7,
) -> list[dict[str, Any]]:
    """The station's days up to ``end`` per factor: the mean of the hourly values, the
    highest, the hours above the limit."""
    s = fence_figures.station(request.user, petro_station_id)
    start, last = _period(end, days)
    return [fence_figures.days_out(d) for d in fence_figures.station_days([s], start, last)]


def _period(end: date | None, days: int) -> tuple[date, date]:
    return figures.period(end, days)


@router.get("/fence/exceedances", response=list[dict[str, Any]])
def exceedances(
    request: HttpRequest,
    end: Day | None = None,
    days: Annotated[int, Whole(1, fence_figures.MAX_DAYS)] = 7,
) -> list[dict[str, Any]]:
    """Every hourly fence-line value above its factor's configured limit (marked
    unverified where the limit is) in the ``days`` up to ``end``."""
    start, last = _period(end, days)
    names = {s.code: s for s in fence_figures.stations(request.user)}
    found = fence_figures.period_exceedances(request.user, start, last)
    return [fence_figures.exceedance_out(e, names) for e in found]


@router.get("/enterprises/{petro_enterprise_id}/hours", response=list[dict[str, Any]])
def enterprise_hours(
    request: HttpRequest, petro_enterprise_id: Id, day: Day | None = None
) -> list[dict[str, Any]]:
    """The hours of ``day`` (default today) of each HJ 212 outlet of a bay enterprise:
    hourly NMHC (TVOC) means against its strictest stack limit."""
    when = day or timezone.localdate()
    return fence_figures.enterprise_hours(request.user, petro_enterprise_id, when)


@router.get("/ozone", response=dict[str, Any])
def ozone_season(request: HttpRequest, year: Year | None = None) -> dict[str, Any]:
    """Ozone cooperation: per day of the year's ozone season (configuration, May to
    September by default), each bay city's O3 (the daily maximum 8-hour mean the air
    app computes, µg/m³) beside the bay's VOCs (outlets' NMHC emission in kg and mean,
    fence-line stations' mean and highest NMHC in mg/m³, hours above the limit). Without
    ``year``: the latest year whose season has readings (this year when none has)."""
    chosen = year or ozone.default_year(request.user)
    return ozone.season_out(ozone.ozone_season(request.user, chosen))
