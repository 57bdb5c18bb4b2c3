"""The tracking evaluation (跟踪评估) of each water body and year (规划二(三)、三(二)):

- **attainment**: for each section, the months of the year whose monthly class (GB 3838-2002,
  ``water.selectors.monthly_quality``) meets its target class; for the water body, the
  months in which every section with data met its target;
- **trend**: the Seasonal Kendall test (``domain/water/trend.py``) of the body's monthly
  mean of CODMn, NH3-N, TP and TN over all its data up to the end of the year;
- **load**: the N/P load into the lake where its inflow sections are configured
  (``water/loads.py``), against the year's target and the base year;
- **measures in place**: the projects of the water categories in the water body's area
  (commissioned or verified by the end of the year, and those under way), its outfalls in
  the register by their rectification (per member: rectified (verified), awaiting
  verification, open and overdue at the year's end, or today in the current year), and
  for Taihu the closures and relocations of the 5 km zone's enterprises done by the end
  of the year.

The area (cities), the lake, the outfalls' receiving waters and the Taihu zone's flag are
configuration (``water/data/tracking.json``, unverified). The measures are counts of
records that only officials read one by one; the pages show them to officials only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from django.utils import timezone

from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.domain.water import rectification as rect
from deltacap.domain.water.rectification import Tally
from deltacap.domain.water.trend import Trend
from deltacap.water import loads, selectors
from deltacap.water.models import Section, WaterBody
from deltacap.water.selectors import MonthQuality

IN_PLACE = ("commissioned", "verified")
UNDER_WAY = ("planned", "under_construction")


@cache
def config() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath("data/tracking.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def body_config(code: str) -> dict[str, Any] | None:
    """The water body's area, lake, receiving waters and Taihu flag; None when it has none
    configured (its measures are not counted)."""
    found: dict[str, Any] | None = config()["bodies"].get(code)
    return found


@dataclass
class SectionYear:
    section: Section
    months_with_data: int
    months_attaining: int


@dataclass
class LoadYear:
    parameter: str
    load_t: float
    complete: bool
    target_t: float | None
    over_target: bool | None
    base_year: int
    base_t: float | None
    change_from_base: float | None


@dataclass
class Measures:
    projects_in_place: int = 0
    projects_under_way: int = 0
    investment_wan: Decimal = Decimal(0)  # of the projects in place
    by_category: dict[str, int] = field(default_factory=dict)  # in place
    outfalls: int = 0
    rectifying: dict[str, int] = field(default_factory=dict)  # ban, merge, regulate
    due_by_year_end: int = 0  # outfalls whose rectification deadline falls in or before it
    # per member: rectified (verified), awaiting verification, open and overdue at the
    # year's end (today for the current year)
    rectification: list[Tally] = field(default_factory=list)
    zone_done: int | None = None  # Taihu: closures/relocations done by the year's end
    zone_open: int | None = None


@dataclass
class Tracking:
    body: WaterBody
    year: int
    sections: list[SectionYear]
    months_with_data: int
    months_attaining: int
    trends: dict[str, Trend | None]
    loads: list[LoadYear]
    lake: str | None
    measures: Measures | None  # None: not asked for, or no area configured
    cities: list[str]  # the area's; empty when none is configured


def tracking(year: int, water_body: str | None = None, *, measures: bool = True) -> list[Tracking]:
    """Each water body's (or one's, by code) tracking evaluation of ``year``; ``measures``:
    with the measures in place (officials only)."""
    order = list(config()["bodies"])
    bodies = sorted(
        WaterBody.objects.all(),
        key=lambda b: (order.index(b.code) if b.code in order else len(order), b.code),
    )
    if water_body is not None:
        bodies = [b for b in bodies if b.code == water_body]
        if not bodies:
            raise NotFound(
                gettext_noop("No water body with code {code}."), field="water_body", code=water_body
            )
    chosen = [s for s in selectors.sections() if s.water_body_id in {b.pk for b in bodies}]
    quality = selectors.monthly_quality(chosen)
    last = f"{year:04d}-12"
    out = []
    for body in bodies:
        own = [s for s in chosen if s.water_body_id == body.pk]
        per_month: dict[str, list[MonthQuality]] = defaultdict(list)
        section_years = []
        for section in own:
            months = [q for q in quality[section.pk] if q.month <= last]
            for q in months:
                per_month[q.month].append(q)
            in_year = [q for q in months if q.month.startswith(f"{year:04d}-")]
            section_years.append(
                SectionYear(section, len(in_year), sum(1 for q in in_year if q.attains))
            )
        summary = selectors.body_year(body, year, per_month)
        conf = body_config(body.code) or {"cities": [], "lake": None}
        configured = body_config(body.code) is not None
        out.append(
            Tracking(
                body=body,
                year=year,
                sections=section_years,
                months_with_data=summary.months_with_data,
                months_attaining=summary.months_attaining,
                trends=summary.trends,
                loads=_loads(conf.get("lake"), year),
                lake=conf.get("lake"),
                measures=_measures(conf, year) if measures and configured else None,
                cities=list(conf["cities"]),
            )
        )
    return out


def _loads(lake: str | None, year: int) -> list[LoadYear]:
    if not lake or not loads.lake_config(lake)["inflow_sections"]:
        return []
    totals = loads.lake_loads(lake, year)["totals"]
    return [
        LoadYear(
            parameter=p,
            load_t=t["load_t"],
            complete=t["complete"],
            target_t=t["target_t"],
            over_target=t["over_target"],
            base_year=t["base_year"],
            base_t=t["base_t"],
            change_from_base=t["change_from_base"],
        )
        for p, t in sorted(totals.items())
        if p in ("TN", "TP")
    ]


def _measures(conf: dict[str, Any], year: int) -> Measures:
    from deltacap.projects.models import Project
    from deltacap.water.models_lakes import PlanStatus, TaihuPlan
    from deltacap.water.models_outfalls import Outfall, Rectification

    end = dt.date(year, 12, 31)
    got = Measures()
    projects = Project.objects.filter(
        city_id__in=conf["cities"], category__in=config()["project_categories"]
    ).only("category", "status", "commissioning_date", "investment_wan")
    in_place: Counter[str] = Counter()
    for p in projects:
        if p.status in IN_PLACE and p.commissioning_date <= end:
            got.projects_in_place += 1
            in_place[p.category] += 1
            got.investment_wan += p.investment_wan or 0
        elif p.status in UNDER_WAY or p.status in IN_PLACE:
            got.projects_under_way += 1
    got.by_category = dict(sorted(in_place.items()))
    outfalls = Outfall.objects.filter(receiving_water__in=conf["receiving_waters"])
    kinds: Counter[str] = Counter()
    day = min(end, timezone.localdate())
    statuses: list[tuple[str, rect.Status]] = []
    for o in outfalls.only(
        "member_id", "rectification", "deadline", "rectification_state", "completed_on",
        "verified_on",
    ):  # fmt: skip
        got.outfalls += 1
        if o.rectification != Rectification.NONE:
            kinds[o.rectification] += 1
            if o.deadline is not None and o.deadline <= end:
                got.due_by_year_end += 1
        # as it stood on ``day``: recorded or verified later, it was still open (or awaiting)
        state = rect.state_on(o.rectification_state, o.completed_on, o.verified_on, day)
        statuses.append((o.member_id, rect.status(o.rectification, state, o.deadline, day)))
    got.rectifying = {k: kinds[k] for k in ("ban", "merge", "regulate") if kinds[k]}
    got.rectification = rect.tally(statuses)
    if conf.get("taihu_zone"):
        plans = list(TaihuPlan.objects.only("status", "completed_on"))
        done = [
            p
            for p in plans
            if p.status == PlanStatus.DONE and (p.completed_on is None or p.completed_on <= end)
        ]
        got.zone_done, got.zone_open = len(done), len(plans) - len(done)
    return got


def default_year() -> int:
    return selectors.default_year()


def tracking_out(t: Tracking) -> dict[str, Any]:
    """A water body's tracking evaluation as JSON (the API's and ``--json``'s shape)."""
    from deltacap.domain.water.classify import CLASS_NAMES

    m = t.measures
    return {
        "water_body": t.body.code,
        "name_zh": t.body.name_zh,
        "name_en": t.body.name_en,
        "year": t.year,
        "months_with_data": t.months_with_data,
        "months_attaining": t.months_attaining,
        "sections": [
            {
                "section": s.section.code,
                "name_zh": s.section.name_zh,
                "name_en": s.section.name_en,
                "target_class": CLASS_NAMES[s.section.target_class],
                "months_with_data": s.months_with_data,
                "months_attaining": s.months_attaining,
            }
            for s in t.sections
        ],
        "trends": [
            {
                "parameter": item,
                "trend": tr.trend if tr else None,
                "p": round(tr.p, 4) if tr else None,
                "slope_per_year": round(tr.slope, 5) if tr else None,
            }
            for item, tr in t.trends.items()
        ],
        "lake": t.lake,
        "loads": [
            {
                "parameter": x.parameter,
                "load_t": x.load_t,
                "complete": x.complete,
                "target_t": x.target_t,
                "over_target": x.over_target,
                "base_year": x.base_year,
                "base_t": x.base_t,
                "change_from_base": x.change_from_base,
            }
            for x in t.loads
        ],
        "measures": None
        if m is None
        else {
            "area_cities": t.cities,
            "projects_in_place": m.projects_in_place,
            "projects_under_way": m.projects_under_way,
            "investment_wan": float(m.investment_wan),
            "projects_by_category": m.by_category,
            "outfalls": m.outfalls,
            "outfalls_rectifying": m.rectifying,
            "outfalls_due_by_year_end": m.due_by_year_end,
            "outfalls_rectification_by_member": [
                {
                    "member": r.member,
                    "tasks": r.tasks,
                    "rectified": r.rectified,
                    "awaiting": r.awaiting,
                    "open": r.open,
                    "overdue": r.overdue,
                }
                for r in m.rectification
            ],  # fmt: skip
            "taihu_zone_plans_done": m.zone_done,
            "taihu_zone_plans_open": m.zone_open,
        },
        "area_status": config()["status"],
    }
