"""The register of the bay's fence-line VOCs stations (厂界/边界 VOCs 监测站): a station
saved (created, or changed by its code) by the editors of its member or city, asking the
access rules once and leaving its audit event in the same transaction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.petrochem.fence import check_factors
from deltacap.inputs import LATITUDE_RANGE, LONGITUDE_RANGE
from deltacap.petrochem import config
from deltacap.petrochem.models import BayEnterprise, FenceStation
from deltacap.petrochem.selectors import bay_cities
from deltacap.petrochem.services import text_of
from deltacap.reference.models import Division

STATION_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$")


def _degrees(value: Any, field: str, bounds: tuple[Any, Any]) -> float:
    low, high = float(bounds[0]), float(bounds[1])
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not low <= number <= high:  # NaN fails too
        raise InvalidInput(
            gettext_noop("Enter a position in the Yangtze River Delta: {low} to {high} degrees."),
            field=field,
            low=low,
            high=high,
        )
    return round(number, 6)


def _city(code: str) -> Division:
    found = Division.objects.filter(code=str(code).strip(), prefecture=True).first()
    if found is None:
        raise InvalidInput(
            gettext_noop("{code} is not a city of the region."), field="city", code=code
        )
    return found


def _enterprise(bay_id: int | None, city: Division) -> BayEnterprise | None:
    if not bay_id:
        return None
    found = BayEnterprise.objects.select_related("enterprise__division").filter(pk=bay_id).first()
    if found is None or city.code not in found.enterprise.division.path():
        raise InvalidInput(
            gettext_noop("Choose a bay enterprise of the station's city."), field="petro_enterprise"
        )
    return found


def save_station(
    *,
    by: Actor | None,
    channel: str,
    code: str,
    name: str,
    city: str,
    lon: Any,
    lat: Any,
    factors: Iterable[str],
    enterprise_id: int | None = None,
    park: str = "",
    synthetic: bool = False,
) -> FenceStation:
    """Register a fence-line station of the bay, or change the one of ``code`` (its city
    stays). At an enterprise of the bay's list or a chemical park (one of them). Raises
    InvalidInput, AccessDenied."""
    code = str(code or "").strip()
    place = _city(city)
    existing = FenceStation.objects.select_related("city").filter(code=code).first()
    record = existing or FenceStation(code=code, city=place)
    require(by, Action.EDIT_PETRO_STATION, record)
    if not STATION_CODE.match(code):
        raise InvalidInput(
            gettext_noop("A station code is 1 to 32 letters, digits, '-', '_' or '.'."),
            field="station_code",
        )
    if existing is not None and existing.city_id != place.code:
        raise InvalidInput(
            gettext_noop("A station's city cannot be changed; register a new station."),
            field="city",
        )
    if place.code not in bay_cities():
        raise InvalidInput(
            gettext_noop("{name} is not a city of the Hangzhou Bay area as the office set it."),
            field="city",
            name=place.name,
        )
    values = {
        "name": text_of(name, "name", 200),
        "park": text_of(park, "park", 200, required=False),
        "lon": _degrees(lon, "lon", LONGITUDE_RANGE),
        "lat": _degrees(lat, "lat", LATITUDE_RANGE),
        "factors": check_factors(factors, config.fence()),
    }
    bay = _enterprise(enterprise_id, place)
    if bay is None and not values["park"]:
        raise InvalidInput(
            gettext_noop("Name the enterprise or the chemical park the station watches."),
            field="park",
        )
    return _write(by, channel, record, existing, values, bay, synthetic)


def _write(
    by: Actor | None,
    channel: str,
    record: FenceStation,
    existing: FenceStation | None,
    values: dict[str, Any],
    bay: BayEnterprise | None,
    synthetic: bool,
) -> FenceStation:
    before = None if existing is None else _snapshot(existing)
    with transaction.atomic():
        for key, value in values.items():
            setattr(record, key, value)
        record.enterprise = bay
        record.synthetic = synthetic or (existing.synthetic if existing else False)
        record.save()
        audit.record(
            actor=by,
            channel=channel,
            action="petro_station.create" if existing is None else "petro_station.update",
            object_type="petro_station",
            object_id=record.pk,
            member_code=record.member_code,
            before=before,
            after=_snapshot(record),
        )
    return record


def _snapshot(station: FenceStation) -> dict[str, Any]:
    """A station as its audit events keep it (the keys have words in audit/labels.py)."""
    bay = station.enterprise
    return {
        "petro_station_code": station.code,
        "petro_station_name": station.name,
        "city": station.city_id,
        "enterprise": bay.enterprise.uscc if bay else None,
        "petro_park": station.park,
        "lon": station.lon,
        "lat": station.lat,
        "petro_factors": list(station.factors),
    }


def get_station(station_id: int) -> FenceStation:
    found = (
        FenceStation.objects.select_related("city", "enterprise__enterprise")
        .filter(pk=station_id)
        .first()
    )
    if found is None:
        raise NotFound(
            gettext_noop("No fence-line station with number {id}."),
            field="petro_station",
            id=station_id,
        )
    return found
