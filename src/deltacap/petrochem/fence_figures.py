"""Reads of the bay's fence-line stations, shared with the officials of every member (an
enterprise reads the stations at its own boundary): the register, a station's hours of a
day and its days against the configured boundary limits, the exceedances of a period; and
the hours of a day of an enterprise's HJ 212 outlets against its strictest stack limit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from deltacap.accounts.permissions import Actor, principal_of
from deltacap.domain.access import AccessDenied, Action, Role, allowed, refusal
from deltacap.domain.petrochem.fence import Exceedance, FenceConfig, exceedances
from deltacap.domain.petrochem.monitoring import DayFigure, days_of
from deltacap.monitoring.models import Outlet
from deltacap.petrochem import config, fence_store, figures, selectors
from deltacap.petrochem.models import FenceStation
from deltacap.petrochem.stations import get_station

MAX_DAYS = 31


def stations(actor: Actor | None, member: str = "") -> QuerySet[FenceStation]:
    """The stations one reads: every member's for an official, those at its own boundary
    for an enterprise, none for the public."""
    p = principal_of(actor)
    found = FenceStation.objects.select_related("city", "enterprise__enterprise")
    if p.role is Role.ENTERPRISE:
        found = found.filter(enterprise__enterprise_id=p.enterprise_id or 0)
    elif p.role not in selectors.OFFICIALS:
        return found.none()
    if member:
        found = found.filter(member_code=member)
    return found.order_by("city_id", "code")


def station(actor: Actor | None, station_id: int) -> FenceStation:
    """One station, if one may read it. Raises NotFound, AccessDenied."""
    found = get_station(station_id)
    p = principal_of(actor)
    if not allowed(p, Action.READ, found.as_resource()):
        raise AccessDenied(p, Action.READ, found.as_resource(), refusal(Action.READ))
    return found


def limit_out(code: str, fence: FenceConfig | None = None) -> dict[str, Any] | None:
    factor = (fence or config.fence()).factors.get(code)
    if factor is None or factor.limit is None:
        return None
    return {"value": str(factor.limit), "unit": factor.unit, "standard": factor.standard,
            "clause": factor.clause, "verified": factor.verified}  # fmt: skip


def _plain(value: float | Decimal) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else value
    return format(number.quantize(Decimal("0.001")).normalize(), "f")


def station_hours(s: FenceStation, day: date, root: Path | None = None) -> dict[str, Any]:
    """The station's hourly values of ``day`` per factor, each against its limit."""
    base = root or fence_store.root()
    rows = fence_store.hours(base, [s.code], day, day)
    fence = config.fence()
    factors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _code, time, factor, value, _synthetic in rows:
        limit = fence.factors[factor].limit if factor in fence.factors else None
        number = Decimal(repr(value))
        factors[factor].append({
            "hour": time.isoformat(), "value": _plain(number),
            "above_limit": limit is not None and number > limit,
        })  # fmt: skip
    return {
        "station": {"id": s.pk, "code": s.code, "name": s.name},
        "day": day.isoformat(),
        "synthetic": any(r[4] for r in rows),
        "factors": [
            {
                "factor": code,
                "name_zh": fence.factors[code].name_zh if code in fence.factors else code,
                "limit": limit_out(code, fence),
                "hours": factors[code],
            }
            for code in s.factors
            if factors.get(code)
        ],  # fmt: skip
    }


@dataclass
class StationDays:
    station: FenceStation
    factor: str
    days: list[DayFigure]

    @property
    def hours_above(self) -> int:
        return sum(d.hours_above for d in self.days)


def station_days(
    found: list[FenceStation], start: date, end: date, root: Path | None = None
) -> list[StationDays]:
    """Per station and factor with readings in the period, its days against the limit."""
    base = root or fence_store.root()
    by_code = {s.code: s for s in found}
    rows = fence_store.hours(base, list(by_code), start, end)
    grouped: dict[tuple[str, str], list[tuple[datetime, float]]] = defaultdict(list)
    for code, time, factor, value, _synthetic in rows:
        grouped[(code, factor)].append((time, value))
    fence = config.fence()
    out = []
    for (code, factor), hours in sorted(grouped.items()):
        limit = fence.factors[factor].limit if factor in fence.factors else None
        out.append(StationDays(by_code[code], factor, days_of(hours, limit)))
    return out


def days_out(d: StationDays) -> dict[str, Any]:
    return {
        "station": {"id": d.station.pk, "code": d.station.code, "name": d.station.name},
        "member": d.station.member_code,
        "factor": d.factor,
        "limit": limit_out(d.factor),
        "hours_above": d.hours_above,
        "days": [
            {
                "day": x.day.isoformat(),
                "hours": x.hours,
                "mean": str(x.mean),
                "highest": str(x.highest),
                "hours_above": x.hours_above,
            }
            for x in d.days
        ],  # fmt: skip
    }


def period_exceedances(
    actor: Actor | None, start: date, end: date, root: Path | None = None
) -> list[Exceedance]:
    """Every hourly value of the readable stations above its factor's limit in the period,
    by station and hour."""
    codes = list(stations(actor).values_list("code", flat=True))
    rows = fence_store.hours(root or fence_store.root(), codes, start, end)
    return exceedances(((c, t, f, v) for c, t, f, v, _s in rows), config.fence())


def exceedance_out(e: Exceedance, names: dict[str, FenceStation]) -> dict[str, Any]:
    s = names.get(e.station)
    return {
        "station": {"id": s.pk if s else None, "code": e.station, "name": s.name if s else ""},
        "member": s.member_code if s else "",
        "hour": e.time.isoformat(),
        "day": e.day.isoformat(),
        "hour_text": e.time.strftime("%Y-%m-%d %H:%M"),
        "factor": e.factor,
        "value": _plain(e.value),
        "limit": str(e.limit),
        "difference": _plain(e.difference),
        "verified": config.fence().factors[e.factor].verified,
    }


def enterprise_hours(
    actor: Actor | None, bay_id: int, day: date, root: Path | None = None
) -> list[dict[str, Any]]:
    """The hours of ``day`` of each HJ 212 outlet of a bay enterprise (NMHC, TVOC) against
    its strictest stack limit; outlets without data that day are left out. Raises
    NotFound, AccessDenied."""
    bay = selectors.bay_enterprise(actor, bay_id)
    out = []
    for outlet in Outlet.objects.filter(enterprise_id=bay.enterprise_id).order_by("pk"):
        found = figures.outlet_hours(actor, outlet.pk, day, root)
        if found["hours"]:
            out.append(found)
    return out
