"""/api/v1/water/taihu... and /api/v1/water/blooms...: the 5 km Taihu zone (its outline and
area, the enterprises inside by industry, enterprises' positions, the members' plans, the
members' reserves for the zone and their allocations) and
cyanobacteria blooms (observations with their grades, warnings with the members told,
emergency actions, each member's notices)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH, BearerToken
from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import Role
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.inputs import Code, Day, Id, Latitude, Longitude, Note, Text, Tonnes, Whole
from deltacap.water import blooms, taihu, taihu_reserve

router = Router(tags=["water lakes"])


# --- the 5 km Taihu zone ------------------------------------------------------------------


@router.get("/taihu/zone", response=dict[str, Any], auth=None)
def taihu_zone(request: HttpRequest) -> dict[str, Any]:
    """The zone around Taihu: its distance (m), the lake's, the zone's and the land band's
    geodesic areas (km²), and ``geojson`` with the band (``zone``) and the lake (``lake``)."""
    return {**taihu.zone_summary(), "geojson": taihu.zone_geojson()}


@router.get("/taihu/enterprises", response=dict[str, Any], auth=AUTH)
def taihu_enterprises(request: HttpRequest) -> dict[str, Any]:
    """The enterprises inside the zone the caller may read (chemical ones first), each with
    its industry group, its geodesic distance to the shore and its plan; counts by industry."""
    found = taihu.inside(list(visible_enterprises(request.user)))
    return {
        "enterprises": [taihu.inside_out(i) for i in found],
        "by_industry": taihu.by_industry(found),
    }


class SiteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    lon: Longitude
    lat: Latitude
    source: Annotated[str, Note(2000)] = ""


@router.put("/taihu/sites/{enterprise_id}", response=dict[str, Any], auth=AUTH)
def put_site(request: HttpRequest, enterprise_id: Id, body: SiteIn) -> dict[str, Any]:
    """Set an enterprise's position (WGS-84 degrees): the office or the bureaus over it.
    Answers whether it lies in the zone."""
    site = taihu.locate_enterprise(
        by=request.user,
        channel="api",
        enterprise=taihu.get_enterprise(enterprise_id),
        lon=float(body.lon),
        lat=float(body.lat),
        source=body.source,
    )
    return {
        "enterprise": site.enterprise_id,
        "lon": site.lon,
        "lat": site.lat,
        "inside": taihu.zone().contains(site.lon, site.lat),
    }


@router.get("/taihu/plans", response=list[dict[str, Any]], auth=AUTH)
def taihu_plans(request: HttpRequest) -> list[dict[str, Any]]:
    """The members' plans (the region's officials read all)."""
    p = principal_of(request.user)
    if p.role not in (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR):
        return []
    return [taihu.plan_out(plan) for plan in taihu.plans()]


Progress = Annotated[int, Whole(0, 100, "a whole percentage, 0 to 100")]


class PlanIn(Schema):
    """A plan's fields: ``action`` close, relocate or upgrade; ``status`` planned,
    under_way or done."""

    model_config = ConfigDict(extra="forbid")

    action: Code | None = None
    deadline: Day | None = None
    progress: Progress | None = None
    status: Code | None = None
    completed_on: Day | None = None
    note: Annotated[str, Note(2000)] | None = None


@router.put("/taihu/plans/{enterprise_id}", response=dict[str, Any], auth=AUTH)
def put_plan(request: HttpRequest, enterprise_id: Id, body: PlanIn) -> dict[str, Any]:
    """Create or change the plan for an enterprise inside the zone: the editors of its
    member. A new plan needs ``action`` and ``deadline``; only the fields given change."""
    plan = taihu.save_plan(
        by=request.user,
        channel="api",
        enterprise=taihu.get_enterprise(enterprise_id),
        values=body.model_dump(exclude_unset=True),
    )
    return taihu.plan_out(taihu.get_plan(plan.pk))


# --- the zone's government reserve --------------------------------------------------------

OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR)


@router.get("/taihu/reserve", response=dict[str, Any], auth=AUTH)
def taihu_reserve_moves(request: HttpRequest) -> dict[str, Any]:
    """The members' reserves for the zone (the region's officials read all): per member and
    pollutant the tonnes in from closures, allocated to strategic emerging industries and
    to others, and what remains; the reserves' holdings; every move (newest first), an
    inflow naming the closure plan, an allocation the industry it is for and whether that
    is a strategic emerging one (``strategic_emerging``: false is flagged, with its reason)."""
    if principal_of(request.user).role not in OFFICIALS:
        return {"totals": [], "holdings": [], "moves": [], "industries": []}
    found = taihu_reserve.moves()
    return {
        "totals": taihu_reserve.totals_out(taihu_reserve.totals(found)),
        "holdings": [taihu_reserve.holding_out(h) for h in taihu_reserve.balances()],
        "moves": [taihu_reserve.move_out(m) for m in found],
        "industries": [
            {
                "code": i.code,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "strategic_emerging": i.strategic,
            }
            for i in taihu_reserve.strategic_industries()
        ],  # fmt: skip
    }


class AllocationIn(Schema):
    """An allocation from a holding of a member's reserve for the zone: the receiving
    enterprise (of that member), tonnes a year, its ``industry`` (a code of
    ``GET /taihu/reserve``'s ``industries``), the decision it is made by, and the reason
    when the industry is not a strategic emerging one."""

    model_config = ConfigDict(extra="forbid")

    holding_id: Id
    enterprise_id: Id
    tonnes: Tonnes
    industry: Code
    decision: Annotated[str, Text(80)]
    reason: Annotated[str, Note(2000)] = ""


@router.post("/taihu/reserve/allocations", response={201: dict[str, Any]}, auth=AUTH)
def post_allocation(request: HttpRequest, body: AllocationIn) -> Status[dict[str, Any]]:
    """Allocate rights from a member's Taihu reserve: the bureaus over the reserve (the
    rights registry's rule). Refused with the field named: not a Taihu reserve's holding,
    an enterprise of another member, more than the holding can give, an industry not
    listed, another industry without a reason."""
    move = taihu_reserve.allocate(
        by=request.user,
        channel="api",
        holding_id=body.holding_id,
        enterprise_id=body.enterprise_id,
        tonnes=body.tonnes,
        industry_code=body.industry,
        decision=body.decision,
        reason=body.reason,
    )
    return Status(201, taihu_reserve.move_out(move))


# --- cyanobacteria blooms -----------------------------------------------------------------


@router.get("/blooms/grades", response=dict[str, Any], auth=None)
def bloom_grades(request: HttpRequest) -> dict[str, Any]:
    """The configured grading tables and warning levels, each with its source and whether
    it is verified."""
    config = blooms.config()
    return {name: config[name] for name in ("density_grades", "area_grades", "warning_levels")}


@router.get("/blooms/observations", response=list[dict[str, Any]], auth=AUTH)
def bloom_observations(request: HttpRequest, lake: Code | None = None) -> list[dict[str, Any]]:
    """Observations (newest first) with the density grade by HJ 1098-2020, the area's share
    of the lake and its scale, and the warning level they reach."""
    p = principal_of(request.user)
    return [blooms.observation_out(g) for g in blooms.observations(p, lake)]


class ObservationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    lake: Code
    point: Annotated[str, Text(60)]
    lon: Longitude
    lat: Latitude
    observed_on: Day
    density: float
    area_km2: float | None = None
    member: Code | None = None


@router.post("/blooms/observations", response={201: dict[str, Any]}, auth=AUTH)
def post_observation(request: HttpRequest, body: ObservationIn) -> Status[dict[str, Any]]:
    """A member's observation (algal density in cells/L, bloom area in km²): its editors."""
    o = blooms.record_observation(
        by=request.user,
        channel="api",
        lake=body.lake,
        point=body.point,
        lon=float(body.lon),
        lat=float(body.lat),
        observed_on=body.observed_on,
        density=body.density,
        area_km2=body.area_km2,
        member_code=body.member,
    )
    return Status(201, blooms.observation_out(blooms.graded(o)))


@router.get("/blooms/warnings", response=list[dict[str, Any]], auth=None)
def bloom_warnings(request: HttpRequest, active: bool = False) -> list[dict[str, Any]]:
    """Warnings, newest first (``active``: those not lifted). The public sees the active
    ones, without the members told and the actions."""
    BearerToken()(request)  # a token, where given, says who reads (the route is public)
    p = principal_of(request.user)
    full = p.role is not Role.PUBLIC and p.role is not Role.ENTERPRISE
    return [blooms.warning_out(w, full=full) for w in blooms.warnings(p, active=active)]


class WarningIn(Schema):
    model_config = ConfigDict(extra="forbid")

    lake: Code
    level: Code
    message: Annotated[str, Note(2000)] = ""
    observation: Id | None = None
    member: Code | None = None


@router.post("/blooms/warnings", response={201: dict[str, Any]}, auth=AUTH)
def post_warning(request: HttpRequest, body: WarningIn) -> Status[dict[str, Any]]:
    """Issue a warning for a lake (``level`` as configured: blue, yellow, orange, red): the
    issuing member's editors. The other members around the lake get a notice."""
    w = blooms.issue_warning(
        by=request.user,
        channel="api",
        lake=body.lake,
        level=body.level,
        message=body.message,
        observation_id=body.observation,
        member_code=body.member,
    )
    return Status(201, blooms.warning_out(blooms.get_warning(w.pk)))


@router.post("/blooms/warnings/{bloom_warning_id}/lift", response=dict[str, Any], auth=AUTH)
def lift_warning(request: HttpRequest, bloom_warning_id: Id) -> dict[str, Any]:
    """Lift an active warning: the issuing member's editors."""
    w = blooms.lift_warning(
        by=request.user, channel="api", warning=blooms.get_warning(bloom_warning_id)
    )
    return blooms.warning_out(blooms.get_warning(w.pk))


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    taken_on: Day
    description: Annotated[str, Note(2000)]
    member: Code | None = None


@router.post(
    "/blooms/warnings/{bloom_warning_id}/actions", response={201: dict[str, Any]}, auth=AUTH
)
def post_action(
    request: HttpRequest, bloom_warning_id: Id, body: ActionIn
) -> Status[dict[str, Any]]:
    """Record an emergency action under a warning: the editors of a member around the lake."""
    a = blooms.record_action(
        by=request.user,
        channel="api",
        warning=blooms.get_warning(bloom_warning_id),
        taken_on=body.taken_on,
        description=body.description,
        member_code=body.member,
    )
    return Status(
        201,
        {
            "id": a.pk,
            "warning": a.warning_id,
            "member": a.member_id,
            "taken_on": a.taken_on.isoformat(),
            "description": a.description,
        },
    )


@router.get("/blooms/notices", response=list[dict[str, Any]], auth=AUTH)
def bloom_notices(request: HttpRequest) -> list[dict[str, Any]]:
    """The warnings other members issued for a lake around which the caller's member lies."""
    p = principal_of(request.user)
    return [
        {"id": n.pk, "member": n.member_id, "created_at": n.created_at.isoformat(),
         "warning": blooms.warning_out(n.warning, full=False)}
        for n in blooms.notices(p)
    ]  # fmt: skip
