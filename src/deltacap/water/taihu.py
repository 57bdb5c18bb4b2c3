"""The 5 km Taihu zone (三(二)): the zone computed from the packaged lake outline, the
enterprises inside it by industry, their positions, and each member's plan per enterprise
(close, relocate or upgrade, with a deadline and its progress).

Writes follow the app's pattern: one access decision, the write and its audit event in
one transaction. The zone's distance, the lake and the industry groups are configuration
(``water/data/taihu_zone.json``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction
from shapely.geometry import mapping, shape

from deltacap import geodata
from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.water.zone import Zone, geodesic_area_km2
from deltacap.enterprises.models import Enterprise
from deltacap.inputs import LATITUDE_RANGE, LONGITUDE_RANGE
from deltacap.rights.journal import unit_of_work
from deltacap.water import taihu_reserve
from deltacap.water.models_lakes import EnterpriseSite, PlanAction, PlanStatus, TaihuPlan

PLAN_FIELDS = ["action", "deadline", "progress", "status", "completed_on", "note"]
SITE_FIELDS = ["lon", "lat", "source"]
MAX_SOURCE = 2000


@functools.cache
def config() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath("data/taihu_zone.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def zone() -> Zone:
    """The zone around the configured lake (Taihu) at the configured distance (5 km)."""
    data = config()
    return Zone(shape(geodata.lake_geometry(data["lake"])), float(data["distance_m"]))


@dataclass(frozen=True)
class Industry:
    code: str
    chemical: bool
    name_zh: str
    name_en: str


def industries() -> list[Industry]:
    groups = config()["industries"]
    found = [
        Industry(g["code"], g["chemical"], g["name_zh"], g["name_en"]) for g in groups["groups"]
    ]
    other = groups["other"]
    return [*found, Industry(other["code"], other["chemical"], other["name_zh"], other["name_en"])]


def industry_of(sector: str) -> Industry:
    """The configured group whose sector words the enterprise's sector contains."""
    groups = config()["industries"]
    for g in groups["groups"]:
        if any(word in sector for word in g["sectors"]):
            return Industry(g["code"], g["chemical"], g["name_zh"], g["name_en"])
    other = groups["other"]
    return Industry(other["code"], other["chemical"], other["name_zh"], other["name_en"])


# --- reads --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Inside:
    enterprise: Enterprise
    site: EnterpriseSite
    industry: Industry
    distance_m: float  # to the shore, geodesic; 0 for a point on the lake
    plan: TaihuPlan | None


def zone_summary() -> dict[str, Any]:
    z = zone()
    return {
        "lake": config()["lake"],
        "distance_m": z.distance,
        "lake_area_km2": round(geodesic_area_km2(z.lake), 1),
        "zone_area_km2": round(geodesic_area_km2(z.area), 1),
        "land_area_km2": round(z.land_area_km2(), 1),
        "source": config()["source"],
    }


def zone_geojson() -> dict[str, Any]:
    """The lake and the band of the zone around it, as a GeoJSON FeatureCollection."""
    z = zone()
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "zone"}, "geometry": mapping(z.land)},
            {"type": "Feature", "properties": {"name": "lake"}, "geometry": mapping(z.lake)},
        ],
    }


def _distance(z: Zone, site: EnterpriseSite) -> float:
    """Metres to the shore (geodesic); 0 for a site on the lake itself."""
    return z.distance_to_shore(site.lon, site.lat)


def inside(enterprises: list[Enterprise] | None = None) -> list[Inside]:
    """The located enterprises inside the zone (of ``enterprises``, or all), chemical ones
    first, then by distance to the shore."""
    z = zone()
    sites = EnterpriseSite.objects.select_related("enterprise__division")
    if enterprises is not None:
        sites = sites.filter(enterprise__in=enterprises)
    plans = {p.enterprise_id: p for p in TaihuPlan.objects.select_related("member")}
    found = [
        Inside(
            site.enterprise,
            site,
            industry_of(site.enterprise.sector),
            _distance(z, site),
            plans.get(site.enterprise_id),
        )
        for site in sites
        if z.contains(site.lon, site.lat)
    ]
    found.sort(key=lambda i: (not i.industry.chemical, i.distance_m, i.enterprise.name))
    return found


def by_industry(found: list[Inside]) -> list[dict[str, Any]]:
    """Counts of the enterprises inside per industry group (configured order)."""
    counts = {g.code: 0 for g in industries()}
    for i in found:
        counts[i.industry.code] += 1
    return [
        {"industry": g.code, "chemical": g.chemical, "name_zh": g.name_zh,
         "name_en": g.name_en, "count": counts[g.code]}
        for g in industries()
    ]  # fmt: skip


def plans() -> list[TaihuPlan]:
    return list(TaihuPlan.objects.select_related("enterprise", "member"))


def get_plan(plan_id: Any) -> TaihuPlan:
    plan = TaihuPlan.objects.select_related("enterprise", "member").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(gettext_noop("No plan with number {id}."), field="plan", id=plan_id)
    return plan


def plan_of(enterprise: Enterprise) -> TaihuPlan:
    """The enterprise's plan, or a new one (not saved) of its member, for a form to show."""
    found = TaihuPlan.objects.select_related("member").filter(enterprise=enterprise).first()
    return found or TaihuPlan(enterprise=enterprise, member_id=enterprise.member_code)


def get_enterprise(enterprise_id: Any) -> Enterprise:
    found = Enterprise.objects.select_related("division").filter(pk=enterprise_id).first()
    if found is None:
        raise NotFound(
            gettext_noop("No enterprise with number {id}."), field="enterprise", id=enterprise_id
        )
    return found


def enterprise_by_code(text: str) -> Enterprise:
    """An enterprise by its number or its unified social credit code (统一社会信用代码), as
    typed on a command line. Raises NotFound naming ``enterprise``."""
    code = text.strip()
    found = None
    if code.isascii() and code.isdigit() and len(code) < 18:
        found = Enterprise.objects.select_related("division").filter(pk=int(code)).first()
    elif code:
        found = Enterprise.objects.select_related("division").filter(uscc=code.upper()).first()
    if found is None:
        raise NotFound(
            gettext_noop("No enterprise with number or credit code {code}."),
            field="enterprise",
            code=text,
        )
    return found


def site_out(site: EnterpriseSite) -> dict[str, Any]:
    """An enterprise's position and whether it lies in the zone, with its distance to the
    shore (metres, geodesic; 0 on the lake)."""
    z = zone()
    e = site.enterprise
    return {
        "enterprise": e.pk,
        "uscc": e.uscc,
        "name": e.name,
        "lon": site.lon,
        "lat": site.lat,
        "source": site.source,
        "inside": z.contains(site.lon, site.lat),
        "distance_to_shore_m": round(z.distance_to_shore(site.lon, site.lat)),
    }


# --- writes -------------------------------------------------------------------------------


# Outside the region's extent (deltacap.inputs: the three provinces and Shanghai with a
# margin), by coordinate.
OUTSIDE_EXTENT = {
    "lon": gettext_noop(
        "The longitude must lie in the Yangtze River Delta, from {low} to {high} degrees "
        "east; {value} lies outside it."
    ),
    "lat": gettext_noop(
        "The latitude must lie in the Yangtze River Delta, from {low} to {high} degrees "
        "north; {value} lies outside it."
    ),
}


def _coordinate(value: Any, field: str, bounds: tuple[Any, Any]) -> float:
    """A coordinate in WGS-84 degrees inside the region's extent; text as typed on a page
    or a command line is read as a number. Raises InvalidInput naming ``field``."""
    shown = value
    if isinstance(value, str):
        shown = value.strip()
        try:
            value = float(shown)
        except ValueError:
            raise InvalidInput(gettext_noop("This must be a number."), field=field) from None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(gettext_noop("This must be a number."), field=field)
    if not float(bounds[0]) <= value <= float(bounds[1]):
        raise InvalidInput(
            OUTSIDE_EXTENT[field], field=field, low=bounds[0], high=bounds[1], value=shown
        )
    return float(value)


def locate_enterprise(
    *,
    by: Actor,
    channel: str,
    enterprise: Enterprise,
    lon: Any,
    lat: Any,
    source: str = "",
    synthetic: bool = False,
) -> EnterpriseSite:
    """Set an enterprise's position (WGS-84 degrees, numbers or their text; inside the
    region's extent): the office or the bureaus over it. Raises AccessDenied, InvalidInput
    (``lon``, ``lat``)."""
    with transaction.atomic():
        require(by, Action.LOCATE_ENTERPRISE, enterprise)
        x = _coordinate(lon, "lon", LONGITUDE_RANGE)
        y = _coordinate(lat, "lat", LATITUDE_RANGE)
        source = source.strip()
        if len(source) > MAX_SOURCE:
            raise InvalidInput(
                gettext_noop("At most {n} characters."), field="source", n=MAX_SOURCE
            )
        site = EnterpriseSite.objects.select_for_update().filter(enterprise=enterprise).first()
        before = audit.snapshot(site, SITE_FIELDS) if site else None
        site = site or EnterpriseSite(enterprise=enterprise)
        site.lon, site.lat, site.source, site.synthetic = x, y, source, synthetic
        site.save()
        audit.record(
            actor=by,
            channel=channel,
            action="water.enterprise.locate",
            object_type="enterprise",
            object_id=enterprise.pk,
            member_code=enterprise.member_code,
            before=before,
            after=audit.snapshot(site, SITE_FIELDS),
        )
    return site


def _choice(value: Any, choices: type[PlanAction] | type[PlanStatus], field: str) -> str:
    if value not in choices.values:
        raise InvalidInput(
            gettext_noop("{value} is not one of {choices}."),
            field=field,
            value=str(value),
            choices=", ".join(choices.values),
        )
    return str(value)


def _check_plan(values: dict[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in values.items():
        if name == "action":
            checked[name] = _choice(value, PlanAction, name)
        elif name == "status":
            checked[name] = _choice(value, PlanStatus, name)
        elif name == "progress":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise InvalidInput(
                    gettext_noop("The progress is a whole percentage from 0 to 100."), field=name
                )
            checked[name] = value
        elif name in ("deadline", "completed_on"):
            if value is None and name == "deadline":
                raise InvalidInput(gettext_noop("This field is required."), field=name)
            if value is not None and not isinstance(value, dt.date):
                raise InvalidInput(gettext_noop("This must be a date (YYYY-MM-DD)."), field=name)
            checked[name] = value
        elif name == "note":
            checked[name] = str(value)[:2000]
        else:
            raise InvalidInput(gettext_noop("This field is not accepted here."), field=name)
    return checked


def save_plan(
    *,
    by: Actor,
    channel: str,
    enterprise: Enterprise,
    values: dict[str, Any],
    synthetic: bool = False,
) -> TaihuPlan:
    """Create or change the plan for an enterprise inside the zone: the editors of the
    enterprise's member. A new plan needs ``action`` and ``deadline``; ``done`` sets the
    progress to 100 % and the completion day (today unless given).

    A closure of a chemical enterprise recorded as done moves its rights into its member's
    reserve for the zone in the same transaction (``taihu_reserve.recover_on_closure``,
    through the ledger's services and their own access rule), so the transaction is the
    journal's (it may append to it)."""
    return _save_plan(
        by=by, channel=channel, enterprise=enterprise, values=values, synthetic=synthetic
    )


@unit_of_work(journal=True)
def _save_plan(
    *,
    by: Actor,
    channel: str,
    enterprise: Enterprise,
    values: dict[str, Any],
    synthetic: bool,
) -> TaihuPlan:
    plan = TaihuPlan.objects.select_for_update().filter(enterprise=enterprise).first()
    plan = plan or TaihuPlan(enterprise=enterprise, member_id=enterprise.member_code)
    require(by, Action.EDIT_TAIHU_PLAN, plan)
    checked = _check_plan(values)
    if plan.pk is None:
        site = EnterpriseSite.objects.filter(enterprise=enterprise).first()
        if site is None or not zone().contains(site.lon, site.lat):
            raise InvalidInput(
                gettext_noop("The enterprise does not lie in the zone around the lake."),
                field="enterprise",
            )
        for needed in ("action", "deadline"):
            if checked.get(needed) is None:
                raise InvalidInput(gettext_noop("This field is required."), field=needed)
    before = audit.snapshot(plan, PLAN_FIELDS) if plan.pk else None
    before_state = (plan.action, plan.status) if plan.pk else None
    for name, value in checked.items():
        setattr(plan, name, value)
    if plan.status == PlanStatus.DONE:
        plan.progress = 100
        plan.completed_on = plan.completed_on or dt.date.today()
    elif plan.progress == 100:
        plan.status = PlanStatus.DONE
        plan.completed_on = plan.completed_on or dt.date.today()
    elif plan.progress > 0 and plan.status == PlanStatus.PLANNED:
        plan.status = PlanStatus.UNDER_WAY
    plan.synthetic = plan.synthetic or synthetic
    plan.save()
    audit.record(
        actor=by,
        channel=channel,
        action="water.taihu_plan.save",
        object_type="taihu_plan",
        object_id=plan.pk,
        member_code=plan.member_id,
        before=before,
        after=audit.snapshot(plan, PLAN_FIELDS),
    )
    if taihu_reserve.closes(plan, before_state):
        taihu_reserve.recover_on_closure(
            by=by, channel=channel, plan=plan, synthetic=plan.synthetic
        )
    return plan


# --- output shapes (the API and the command line) -----------------------------------------


def plan_out(plan: TaihuPlan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "enterprise": plan.enterprise_id,
        "enterprise_name": plan.enterprise.name,
        "member": plan.member_id,
        "action": plan.action,
        "deadline": plan.deadline.isoformat(),
        "progress": plan.progress,
        "status": plan.status,
        "completed_on": plan.completed_on.isoformat() if plan.completed_on else None,
        "overdue": plan.status != PlanStatus.DONE and plan.deadline < dt.date.today(),
        "note": plan.note,
        "synthetic": plan.synthetic,
    }


def inside_out(i: Inside) -> dict[str, Any]:
    e = i.enterprise
    return {
        "enterprise": e.pk,
        "uscc": e.uscc,
        "name": e.name,
        "member": e.member_code,
        "division": e.division_id,
        "sector": e.sector,
        "industry": i.industry.code,
        "chemical": i.industry.chemical,
        "lon": i.site.lon,
        "lat": i.site.lat,
        "distance_to_shore_m": round(i.distance_m),
        "plan": plan_out(i.plan) if i.plan else None,
        "synthetic": e.synthetic or i.site.synthetic,
    }
