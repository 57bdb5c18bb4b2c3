"""Target decomposition (reads): the region's split to the members, the members' to cities,
and every version of a target (the audit trail of ``targets.services.set_target``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from deltacap.audit.models import AuditEvent
from deltacap.domain.decomposition import SplitCheck, check_split
from deltacap.reference.models import REGION_CODE, Division, Level, PlanningPeriod
from deltacap.targets.models import Target


def decomposition(period: PlanningPeriod, member: str | None = None) -> list[SplitCheck]:
    """One check per pollutant for the region's split, then per member and pollutant for the
    member's split to its cities (Shanghai is its own only city: nothing to split)."""
    pollutants = [p.code for p in period.controlled_pollutants()]
    tonnes: dict[tuple[str, str], Decimal | None] = {
        (t.division_id, t.pollutant_id): t.tonnes for t in Target.objects.filter(period=period)
    }
    members = list(Division.objects.filter(level=Level.MEMBER).order_by("code"))
    cities: dict[str, list[str]] = {}
    for city in Division.objects.filter(prefecture=True).order_by("code"):
        if city.level == Level.CITY:
            cities.setdefault(city.member_code or "", []).append(city.code)
    checks = []
    if member is None:
        for pollutant in pollutants:
            parts = {m.code: tonnes.get((m.code, pollutant)) for m in members}
            whole = tonnes.get((REGION_CODE, pollutant))
            checks.append(check_split(REGION_CODE, pollutant, whole, parts, required=True))
    for m in members:
        if member is not None and m.code != member or not cities.get(m.code):
            continue
        for pollutant in pollutants:
            parts = {c: tonnes.get((c, pollutant)) for c in cities[m.code]}
            checks.append(check_split(m.code, pollutant, tonnes.get((m.code, pollutant)), parts))
    return checks


@dataclass(frozen=True)
class Version:
    at: datetime
    actor: str
    channel: str
    tonnes: str | None
    percent_cut: str | None
    before_tonnes: str | None


def history(period: str, scope: str, pollutant: str) -> list[Version]:
    """Every recorded change of one target, newest first (the audit trail keeps them all)."""
    events = AuditEvent.objects.filter(
        action="target.set", object_id=f"{period}/{scope}/{pollutant}"
    ).order_by("-at", "-id")
    return [
        Version(
            e.at,
            e.actor_username,
            e.channel,
            _get(e.after, "tonnes"),
            _get(e.after, "percent_cut"),
            _get(e.before, "tonnes"),
        )
        for e in events
    ]


def _get(data: Any, key: str) -> str | None:
    return data.get(key) if isinstance(data, dict) else None
