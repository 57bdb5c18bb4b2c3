"""Reads for pages, the API and the command line: registry records joined with store figures.

Each function starts from the outlets the reader may see (``visible_outlets``),
so the store is only asked about those.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from deltacap.domain import emissions as rules
from deltacap.domain.china_time import CHINA_STANDARD_TIME
from deltacap.monitoring import figures
from deltacap.monitoring.models import Outlet
from deltacap.monitoring.registry import limits_of, visible_outlets
from deltacap.monitoring.store import store_root
from deltacap.reference import labels
from deltacap.reference.models import Division, Level, Pollutant

KG_PER_TONNE = Decimal(1000)


def local_now() -> datetime:
    """Now in China Standard Time, without zone, as HJ 212 times are."""
    return datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)


def default_period(now: datetime, days: int = 7) -> tuple[date, date]:
    """The last ``days`` days, today included."""
    return now.date() - timedelta(days=days - 1), now.date()


def _factor_names(codes: set[str]) -> dict[str, str]:
    """Each factor's name in the page's language (reference/labels.py)."""
    return {code: labels.factor_name(code) for code in codes}


@dataclass(frozen=True)
class OutletRow:
    outlet: Outlet
    summary: figures.OutletSummary | None
    exceedances: int


def outlet_rows(
    user: Any,
    start: date,
    end: date,
    now: datetime,
    *,
    member: str = "",
    root: Path | None = None,
) -> list[OutletRow]:
    """The outlets ``user`` may see, each with last data time, capture rate and exceedances."""
    qs = visible_outlets(user).filter(device__isnull=False)
    if member:
        qs = qs.filter(enterprise__member_code=member)
    outlets = list(qs.order_by("enterprise__division_id", "enterprise__name", "code"))
    root = root or store_root()
    pairs = [(o.pk, o.device.minute_interval) for o in outlets]
    found = figures.summaries(root, pairs, start, end, now)
    counts: dict[int, int] = defaultdict(int)
    for outlet_id, _factor, _event in figures.exceedances(
        root, limits_of([o.pk for o in outlets]), start, end
    ):
        counts[outlet_id] += 1
    return [OutletRow(o, found.get(o.pk), counts[o.pk]) for o in outlets]


def exceedance_rows(
    user: Any, start: date, end: date, root: Path | None = None
) -> list[dict[str, Any]]:
    """Exceedance events of the outlets ``user`` may see, newest first."""
    outlets = {o.pk: o for o in visible_outlets(user)}
    events = figures.exceedances(root or store_root(), limits_of(list(outlets)), start, end)
    names = _factor_names({factor for _, factor, _ in events})
    return [
        {
            "outlet": outlets[outlet_id],
            "factor": factor,
            "factor_name": names[factor],
            "start": event.start,
            "end": event.end,
            "hours": event.hours,
            "peak": event.peak,
            "limit": event.limit,
        }
        for outlet_id, factor, event in events
    ]


def exceedances_by_outlet_day(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``exceedance_rows`` grouped by outlet and the day each event began: newest day
    first, then by enterprise and outlet; each group with its events (earliest first),
    the pollutants exceeded, the hours in which any was over its limit and the highest
    peak as a multiple of its limit."""
    groups: dict[tuple[int, date], dict[str, Any]] = {}
    for row in rows:
        key = (row["outlet"].pk, row["start"].date())
        group = groups.setdefault(
            key,
            {"outlet": row["outlet"], "day": key[1], "events": [], "factors": [], "over": set()},
        )
        group["events"].append(row)
        group["over"].update(row["start"] + timedelta(hours=h) for h in range(row["hours"]))
        if row["factor_name"] not in group["factors"]:
            group["factors"].append(row["factor_name"])
    for group in groups.values():
        group["hours"] = len(group.pop("over"))
        group["events"].sort(key=lambda e: e["start"])
        group["worst"] = max(
            (float(e["peak"]) / float(e["limit"]) for e in group["events"] if e["limit"]),
            default=None,
        )
    ordered = sorted(groups.values(), key=lambda g: (g["outlet"].enterprise.name, g["outlet"].code))
    return sorted(ordered, key=lambda g: g["day"], reverse=True)


def hourly_table(
    outlet: Outlet, day: date, now: datetime, root: Path | None = None
) -> dict[str, Any]:
    """One day of an outlet: per hour a cell per factor; per factor the day's totals."""
    rows = figures.hourly(root or store_root(), outlet.pk, day, day)
    codes = sorted({r["factor"] for r in rows}, key=lambda c: (c in rules.FLOW_FACTOR_CODES, c))
    names = _factor_names(set(codes))
    by_hour: dict[datetime, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in rows:
        by_hour[row["hour"]][row["factor"]] = row
    totals = []
    for code in codes:
        mine = [r for r in rows if r["factor"] == code]
        valid, expected = sum(r["valid"] for r in mine), sum(r["expected"] for r in mine)
        totals.append(
            {
                "factor": code,
                "flow": code in rules.FLOW_FACTOR_CODES,
                "emission_kg": sum(r["emission_kg"] or 0.0 for r in mine),
                "flow_m3": sum(r["flow_m3"] or 0.0 for r in mine),
                "capture_rate": rules.capture_rate(
                    valid,
                    rules.period_expected(
                        hours_in_period=24,
                        hours_seen=len(mine),
                        expected_seen=expected,
                        per_hour=rules.per_hour(outlet.device.minute_interval),
                    ),
                ),
            }
        )
    return {
        "factors": [
            {"code": c, "name": names[c], "flow": c in rules.FLOW_FACTOR_CODES} for c in codes
        ],
        "hours": [
            {
                "hour": hour,
                "cells": [
                    {"factor": c, "flow": c in rules.FLOW_FACTOR_CODES, "row": by_hour[hour].get(c)}
                    for c in codes
                ],
            }
            for hour in sorted(by_hour)
        ],
        "day_totals": totals,
    }


def flagged_values(outlet: Outlet, day: date, root: Path | None = None) -> list[dict[str, Any]]:
    """The outlet's values of ``day`` that count in no total, with the factor's name."""
    rows = figures.flagged(root or store_root(), outlet.pk, day, day)
    names = _factor_names({r["factor"] for r in rows})
    return [{**row, "factor_name": names[row["factor"]]} for row in rows]


def chart_series(
    outlet: Outlet, start: date, end: date, root: Path | None = None
) -> dict[str, Any]:
    """Hourly mean concentrations per factor and flow, for ECharts (times as ISO strings)."""
    rows = figures.hourly(root or store_root(), outlet.pk, start, end)
    hours = sorted({r["hour"] for r in rows})
    index = {h: i for i, h in enumerate(hours)}
    series: dict[str, list[float | None]] = {}
    for row in rows:
        values = series.setdefault(row["factor"], [None] * len(hours))
        mean = row["mean_concentration"]
        values[index[row["hour"]]] = None if mean is None else round(mean, 4)
    names = _factor_names(set(series))
    return {
        "axes": _chart_axes(set(series)),
        "hours": [h.strftime("%Y-%m-%d %H:%M") for h in hours],
        "series": [
            {
                "code": code,
                "name": names[code],
                "flow": code in rules.FLOW_FACTOR_CODES,
                "data": data,
            }
            for code, data in sorted(series.items())
        ],
    }


def _chart_axes(codes: set[str]) -> dict[str, str]:
    """The names of the chart's two axes with their units (mg/L, L/s; mg/m³, m³/s)."""
    flows = sorted(codes & set(rules.FLOW_FACTOR_CODES))
    others = sorted(codes - set(flows))
    concentration = labels.factor_unit(others[0]) if others else ""
    flow = labels.factor_unit(flows[0]) if flows else ""
    return {
        "concentration": f"{_('Concentration')} ({concentration})" if concentration else "",
        "flow": f"{_('Flow')} ({flow})" if flow else _("Flow"),
    }


def annual_totals(user: Any, year: int, root: Path | None = None) -> dict[str, Any]:
    """Actual emissions in ``year`` (tonnes) by member and pollutant, and by enterprise."""
    outlets = list(visible_outlets(user).filter(device__isnull=False))
    rows = figures.annual_by_enterprise(root or store_root(), year, [o.pk for o in outlets])
    enterprises = {o.enterprise_id: o.enterprise for o in outlets}
    pollutants = {p.hj212_code: p for p in Pollutant.objects.exclude(hj212_code="")}
    members = {d.code: d for d in Division.objects.filter(level=Level.MEMBER)}
    by_member: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    by_enterprise = []
    for row in rows:
        enterprise = enterprises[row["enterprise_id"]]
        tonnes = Decimal(repr(row["emission_kg"])) / KG_PER_TONNE
        code = pollutants[row["factor"]].code if row["factor"] in pollutants else row["factor"]
        by_member[enterprise.member_code][code] += tonnes
        by_enterprise.append({"enterprise": enterprise, "pollutant": code, "tonnes": tonnes})
    codes = sorted({c for m in by_member.values() for c in m})
    return {
        "pollutants": codes,
        "codes": codes,
        "members": [
            {"member": members.get(m), "code": m, "tonnes": [by_member[m].get(c) for c in codes]}
            for m in sorted(by_member)
        ],
        "enterprises": by_enterprise,
    }
