"""The chapters that exist where their capability holds data: the rights market, the
monitoring totals, the air quality (HJ 663 evaluation) and the surface water (GB 3838)
with the water bodies' tracking evaluation (跟踪评估)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import numpy as np

from deltacap.domain.air.evaluation import Result, Unit
from deltacap.domain.reports.data import AirRow, MarketRow, MemberData, TrackingRow, WaterRow
from deltacap.domain.water.classify import CLASS_NAMES, attains, classify
from deltacap.domain.water.gb3838 import WaterType

KG_PER_TONNE = Decimal(1000)


class Shared:
    """What every member's chapter reads from the same year-wide result, computed once."""

    def __init__(self, year: int, actor: Any) -> None:
        self.year, self.actor = year, actor
        self._cache: dict[str, Any] = {}

    def once(self, key: str, compute: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]


def fill(data: MemberData, shared: Shared) -> None:
    data.market = market(data.code, data.year)
    data.monitoring = shared.once("monitoring", lambda: monitoring(shared)).get(data.code, {})
    cities, members = shared.once("air", lambda: air(data.year))
    data.air = [r for code, r in cities if code == data.code]
    data.air_member = members.get(data.code)
    data.water = shared.once("water", lambda: water(data.year)).get(data.code, [])
    data.tracking = shared.once("tracking", lambda: tracking(data.year))[0].get(data.code, [])


def market(member: str, year: int) -> list[MarketRow]:
    """Settled trades of ``year`` sold from ``member``, per pollutant (CST dates)."""
    from deltacap.rights.selectors import completed_trades

    trades = [t for t in completed_trades(limit=100_000, member=member) if t.date.year == year]
    rows: dict[str, list[Any]] = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for t in trades:
        row = rows[t.pollutant]
        row[0] += 1
        row[1] += t.tonnes
        row[2] += t.value_yuan
    return [MarketRow(p, n, tonnes, value) for p, (n, tonnes, value) in sorted(rows.items())]


def monitoring(shared: Shared) -> dict[str, dict[str, Decimal]]:
    """Member → pollutant code → tonnes emitted in the year (HJ 212 hourly sums)."""
    from deltacap.monitoring.selectors import annual_totals
    from deltacap.monitoring.store import store_root

    if not store_root().exists():
        return {}
    totals = annual_totals(shared.actor, shared.year)
    out: dict[str, dict[str, Decimal]] = {}
    for row in totals["members"]:
        values = zip(totals["codes"], row["tonnes"], strict=True)
        out[row["code"]] = {code: t for code, t in values if t is not None}
    return out


def _air_row(result: Result, name: str) -> AirRow:
    return AirRow(
        code=result.code,
        name=name,
        composite_index=result.composite_index,
        good_share=result.good_share,
        pm25=result.means.get("PM2.5"),
        o3=result.percentiles.get("O3"),
        attains_all=result.attains_all,
        rank=result.rank,
    )


def air(year: int) -> tuple[list[tuple[str, AirRow]], dict[str, AirRow]]:
    """(member, city row) for each evaluated city, and each member's own row."""
    from deltacap.air.evaluation import evaluation
    from deltacap.reference.models import Division

    cities = evaluation(year, unit=Unit.CITY)
    if not cities.results:
        return [], {}
    members = evaluation(year, unit=Unit.MEMBER)
    codes = {r.code for r in cities.results} | {r.code for r in members.results}
    names = dict(Division.objects.filter(code__in=codes).values_list("code", "name_zh"))
    city_rows = [
        (cities.members.get(r.code, ""), _air_row(r, names.get(r.code, r.code)))
        for r in cities.results
    ]
    member_rows = {r.code: _air_row(r, names.get(r.code, r.code)) for r in members.results}
    return city_rows, member_rows


def water(year: int) -> dict[str, list[WaterRow]]:
    """Member → its sections' year: the class of the annual mean (mean of the monthly
    means, GB 3838-2002) against the target class."""
    from deltacap.water.config import gb3838_table
    from deltacap.water.selectors import monthly_quality, sections

    chosen = sections()
    quality = monthly_quality(chosen, year=year)
    out: dict[str, list[WaterRow]] = defaultdict(list)
    by_type: dict[str, list[tuple[Any, dict[str, float]]]] = defaultdict(list)
    for section in chosen:
        months = quality.get(section.pk, [])
        if not months:
            continue
        measured = {i for q in months for i in q.values}
        means = {
            i: float(np.mean([q.values[i] for q in months if i in q.values])) for i in measured
        }
        by_type[section.water_body.water_type].append((section, means))
    for water_type, rows in by_type.items():
        items = sorted({i for _, m in rows for i in m})
        columns = {i: np.array([m.get(i, np.nan) for _, m in rows]) for i in items}
        classed = classify(gb3838_table(), WaterType(water_type), columns)
        targets = np.array([s.target_class for s, _ in rows], dtype=np.int8)
        attained = attains(classed.overall, targets)
        for n, (section, _) in enumerate(rows):
            row = WaterRow(
                name=section.name_zh,
                body=section.water_body.name_zh,
                target_class=CLASS_NAMES[section.target_class],
                year_class=CLASS_NAMES[int(classed.overall[n])],
                attains=None if attained[n] < 0 else bool(attained[n]),
            )
            for member in _members_of(section):
                out[member].append(row)
    return dict(out)


def _members_of(section: Any) -> list[str]:
    codes = set()
    for division in section.responsible.all():
        codes.add(division.member_code or division.code)
    return sorted(codes)


def tracking(year: int) -> tuple[dict[str, list[TrackingRow]], list[TrackingRow]]:
    """Member → the tracking evaluation of the water bodies it keeps a section of, and every
    water body's; water bodies without data in the year are left out."""
    from deltacap.water.tracking import tracking as evaluate

    by_member: dict[str, list[TrackingRow]] = defaultdict(list)
    everyone = []
    for t in evaluate(year):
        if not t.months_with_data:
            continue
        m = t.measures
        row = TrackingRow(
            body=t.body.name_zh,
            sections=len(t.sections),
            months_with_data=t.months_with_data,
            months_attaining=t.months_attaining,
            trends=tuple((i, tr.trend) for i, tr in t.trends.items() if tr is not None),
            loads=tuple((x.parameter, x.load_t, x.target_t, x.complete) for x in t.loads),
            projects_in_place=m.projects_in_place if m else 0,
            investment_wan=m.investment_wan if m else Decimal(0),
            outfalls_rectifying=sum(m.rectifying.values()) if m else 0,
            zone_done=m.zone_done if m else None,
            measured=m is not None,
        )
        everyone.append(row)
        members = {code for s in t.sections for code in _members_of(s.section)}
        for member in sorted(members):
            by_member[member].append(row)
    return dict(by_member), everyone
