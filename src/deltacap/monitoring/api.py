"""/api/v1/monitoring: outlets, hourly and daily figures, exceedances, annual totals, devices."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import require
from deltacap.domain.access import Action
from deltacap.inputs import Code, Day, Id, Measure, Text, Whole, Year
from deltacap.monitoring import figures, selectors, services
from deltacap.monitoring.store import store_root

router = Router(tags=["monitoring"], auth=AUTH)
# A concentration limit as the outlet's table stores it (4 decimals).
Concentration = Annotated[Decimal, Measure(10**9, 4, "a concentration limit, 4 decimals")]


class OutletOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    member: str
    code: str
    name: str
    medium: str
    mn: str | None
    minute_interval: int | None
    last_data_time: datetime | None
    capture_rate: Decimal | None
    valid_records: int
    expected_records: int
    exceedances: int


class HourOut(Schema):
    factor: str
    hour: datetime
    source_cn: str
    valid: int
    invalid: int
    stopped: int
    expected: int
    emission_kg: float | None
    flow_m3: float | None
    mean_concentration: float | None
    max_concentration: float | None


class DayOut(Schema):
    factor: str
    date: date
    emission_kg: float | None
    flow_m3: float | None
    valid: int
    expected: int
    hours: int


class ExceedanceOut(Schema):
    outlet_id: int
    enterprise: str
    factor: str
    start: datetime
    end: datetime
    hours: int
    peak: Decimal
    limit: Decimal


class TotalOut(Schema):
    enterprise_id: int
    enterprise: str
    member: str
    pollutant: str
    tonnes: Decimal


class DeviceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    mn: Annotated[str, Text(24)]
    password: Annotated[str, Text(24)]
    enterprise: Annotated[str, Text(40)]
    outlet: Annotated[str, Text(32)]
    name: Annotated[str, Text(200)] = ""
    medium: Annotated[str, Text(8)] = ""
    minute_interval: Annotated[int, Whole(1, 1440, "minutes between records")] = 10
    limits: dict[Code, Concentration] = {}


class DeviceOut(Schema):
    mn: str
    outlet_id: int | None
    minute_interval: int


class LimitsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    limits: dict[Code, Concentration]


@router.get("/outlets", response=list[OutletOut])
def list_outlets(
    request: HttpRequest,
    start: Day | None = None,
    end: Day | None = None,
    member: Code | None = None,
) -> list[OutletOut]:
    """Outlets the caller may see, with last data time, capture rate (有效数据率) over the
    period (default: the last 7 days) and the number of exceedance events."""
    now = selectors.local_now()
    first, last = selectors.default_period(now)
    rows = selectors.outlet_rows(
        request.user, start or first, end or last, now, member=member or ""
    )
    return [
        OutletOut(
            id=r.outlet.pk,
            enterprise_id=r.outlet.enterprise_id,
            enterprise=r.outlet.enterprise.name,
            member=r.outlet.enterprise.member_code,
            code=r.outlet.code,
            name=r.outlet.name,
            medium=r.outlet.medium,
            mn=r.outlet.device.mn,
            minute_interval=r.outlet.device.minute_interval,
            last_data_time=r.summary.last_data_time if r.summary else None,
            capture_rate=r.summary.capture_rate if r.summary else None,
            valid_records=r.summary.valid if r.summary else 0,
            expected_records=r.summary.expected if r.summary else 0,
            exceedances=r.exceedances,
        )
        for r in rows
    ]


def _readable_outlet(request: HttpRequest, outlet_id: int) -> int:
    outlet = services.get_outlet(outlet_id)
    require(request.user, Action.READ, outlet)
    return outlet.pk


@router.get("/outlets/{outlet_id}/hourly", response=list[HourOut])
def outlet_hourly(request: HttpRequest, outlet_id: Id, date: Day) -> list[HourOut]:
    """Hourly figures of one day: emission kg, flow m3, concentrations, record counts."""
    rows = figures.hourly(store_root(), _readable_outlet(request, outlet_id), date, date)
    return [HourOut(**{k: v for k, v in r.items() if k in HourOut.model_fields}) for r in rows]


@router.get("/outlets/{outlet_id}/daily", response=list[DayOut])
def outlet_daily(
    request: HttpRequest, outlet_id: Id, start: Day, end: Day | None = None
) -> list[DayOut]:
    """Daily sums per factor from ``start`` to ``end`` (inclusive; at most 366 days)."""
    end = end or start
    end = min(end, start + timedelta(days=365))
    rows = figures.daily(store_root(), [_readable_outlet(request, outlet_id)], start, end)
    return [DayOut(**{k: v for k, v in r.items() if k in DayOut.model_fields}) for r in rows]


@router.get("/exceedances", response=list[ExceedanceOut])
def list_exceedances(
    request: HttpRequest, start: Day | None = None, end: Day | None = None
) -> list[ExceedanceOut]:
    """Exceedance events of the caller's outlets (default: the last 30 days), newest first."""
    first, last = selectors.default_period(selectors.local_now(), days=30)
    rows = selectors.exceedance_rows(request.user, start or first, end or last)
    return [
        ExceedanceOut(
            outlet_id=r["outlet"].pk,
            enterprise=r["outlet"].enterprise.name,
            factor=r["factor"],
            start=r["start"],
            end=r["end"],
            hours=r["hours"],
            peak=r["peak"],
            limit=r["limit"],
        )
        for r in rows
    ]


@router.get("/totals", response=list[TotalOut])
def annual_totals(request: HttpRequest, year: Year) -> list[TotalOut]:
    """Actual emissions in ``year`` per enterprise and pollutant, in tonnes."""
    totals = selectors.annual_totals(request.user, year)
    return [
        TotalOut(
            enterprise_id=t["enterprise"].pk,
            enterprise=t["enterprise"].name,
            member=t["enterprise"].member_code,
            pollutant=t["pollutant"],
            tonnes=t["tonnes"],
        )
        for t in totals["enterprises"]
    ]


@router.post("/devices", response={201: DeviceOut})
def register_device(request: HttpRequest, payload: DeviceIn) -> Status:
    """Register a device on an outlet of an enterprise (member and city/county editors)."""
    device = services.register_device(
        by=request.user,
        channel="api",
        mn=payload.mn,
        password=payload.password,
        enterprise=payload.enterprise,
        outlet_code=payload.outlet,
        outlet_name=payload.name,
        medium=payload.medium,
        minute_interval=payload.minute_interval,
        limits=payload.limits,
    )
    return Status(
        201,
        DeviceOut(mn=device.mn, outlet_id=device.outlet_id, minute_interval=device.minute_interval),
    )


@router.patch("/outlets/{outlet_id}/limits", response=dict[str, str])
def set_limits(request: HttpRequest, outlet_id: Id, payload: LimitsIn) -> dict[str, str]:
    """Add or change concentration limits (``{"w01018": "50"}``); all of the outlet's limits."""
    outlet = services.set_limits(
        by=request.user, channel="api", outlet_id=outlet_id, limits=payload.limits
    )
    return {lim.factor: str(lim.limit) for lim in outlet.limits.all()}
