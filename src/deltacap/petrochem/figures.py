"""The bay's shared monitoring ("统一监测", a sharing exception): the HJ 212 outlets of the
bay's enterprises, their hourly NMHC and TVOC means from the measurement store, summed up
per day against each enterprise's strictest stack limit, shared with the officials of every
member (the monitoring pages keep other enterprises' data to their own member); an
enterprise reads its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from deltacap.accounts.permissions import Actor
from deltacap.domain.petrochem import PointKind
from deltacap.domain.petrochem.monitoring import NMHC, VOC_FACTORS, DayFigure, days_of
from deltacap.monitoring import figures, store
from deltacap.monitoring.models import Outlet
from deltacap.petrochem import selectors
from deltacap.petrochem.models import BayEnterprise

MAX_DAYS = 31
FACTOR_NAMES = {NMHC: "NMHC", "a99054": "TVOC"}


@dataclass
class OutletFigures:
    bay: BayEnterprise
    outlet: Outlet
    factor: str
    limit: Any  # the strictest stack limit (Strictest) or None
    days: list[DayFigure] = field(default_factory=list)

    @property
    def hours_above(self) -> int:
        return sum(d.hours_above for d in self.days)

    @property
    def latest(self) -> DayFigure | None:
        return self.days[-1] if self.days else None


def period(end: date | None, days: int) -> tuple[date, date]:
    from django.utils import timezone

    last = end or timezone.localdate()
    days = max(1, min(int(days), MAX_DAYS))
    return last - timedelta(days=days - 1), last


def bay_figures(
    actor: Actor | None, start: date, end: date, root: Path | None = None
) -> list[OutletFigures]:
    """Per bay outlet with NMHC (or TVOC) data in the period, its days against the limit."""
    bays = {b.enterprise_id: b for b in selectors.bay_enterprises(actor)}
    if not bays:
        return []
    outlets = list(
        Outlet.objects.select_related("enterprise").filter(enterprise_id__in=bays).order_by("pk")
    )
    base = root or store.store_root()
    if not store.has_files(base, "hourly"):
        return []
    out = []
    for outlet in outlets:
        rows = [r for r in figures.hourly(base, outlet.pk, start, end)
                if r["factor"] in VOC_FACTORS]  # fmt: skip
        if not rows:
            continue
        bay = bays[outlet.enterprise_id]
        limit = selectors.strictest_of(bay).get(PointKind.STACK)
        for factor in VOC_FACTORS:
            mine = [(r["hour"], r["mean_concentration"]) for r in rows if r["factor"] == factor]
            if mine:
                value = None if limit is None else limit.value
                out.append(OutletFigures(bay, outlet, factor, limit, days_of(mine, value)))
    return out


def figures_out(f: OutletFigures) -> dict[str, Any]:
    return {
        "enterprise": {"id": f.bay.pk, "name": f.bay.enterprise.name},
        "member": f.bay.member_code,
        "outlet": {"id": f.outlet.pk, "code": f.outlet.code, "name": f.outlet.name},
        "factor": f.factor,
        "factor_name": FACTOR_NAMES.get(f.factor, f.factor),
        "limit": None
        if f.limit is None
        else {
            "value": str(f.limit.value),
            "standard": f.limit.row.standard,
            "verified": f.limit.verified,
        },  # fmt: skip
        "hours_above": f.hours_above,
        "days": [
            {
                "day": d.day.isoformat(),
                "hours": d.hours,
                "mean": str(d.mean),
                "highest": str(d.highest),
                "hours_above": d.hours_above,
                "difference": None if d.gap is None else str(d.gap.difference),
                "percent_of_limit": None if d.gap is None else str(d.gap.percent_of_limit),
            }
            for d in f.days
        ],
    }


def outlet_hours(
    actor: Actor | None, outlet_id: int, day: date, root: Path | None = None
) -> dict[str, Any]:
    """One bay outlet's hourly NMHC (and TVOC) means of ``day`` against the strictest stack
    limit: every official reads any bay outlet, an enterprise its own. Raises NotFound."""
    from deltacap.domain.errors import NotFound, gettext_noop

    bays = {b.enterprise_id: b for b in selectors.bay_enterprises(actor)}
    outlet = (
        Outlet.objects.select_related("enterprise")
        .filter(pk=outlet_id, enterprise_id__in=bays)
        .first()
    )
    if outlet is None:
        raise NotFound(
            gettext_noop("No outlet of a bay enterprise with number {id}."),
            field="petro_outlet",
            id=outlet_id,
        )
    bay = bays[outlet.enterprise_id]
    limit = selectors.strictest_of(bay).get(PointKind.STACK)
    base = root or store.store_root()
    rows = figures.hourly(base, outlet.pk, day, day) if store.has_files(base, "hourly") else []
    hours = []
    for r in rows:
        if r["factor"] not in VOC_FACTORS or r["mean_concentration"] is None:
            continue
        mean = Decimal(repr(r["mean_concentration"])).quantize(Decimal("0.01"))
        hours.append({
            "hour": r["hour"].isoformat(),
            "factor": r["factor"],
            "factor_name": FACTOR_NAMES.get(r["factor"], r["factor"]),
            "mean": str(mean),
            "above_limit": limit is not None and mean > limit.value,
            "difference": None if limit is None else str(mean - limit.value),
        })  # fmt: skip
    return {
        "enterprise": {"id": bay.pk, "name": bay.enterprise.name},
        "outlet": {"id": outlet.pk, "code": outlet.code, "name": outlet.name},
        "day": day.isoformat(),
        "limit": None
        if limit is None
        else {
            "value": str(limit.value),
            "standard": limit.row.standard,
            "verified": limit.verified,
        },  # fmt: skip
        "hours": hours,
    }
