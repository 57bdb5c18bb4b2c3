"""Demo data of the lakes (synthetic, marked so): positions for synthetic enterprises of
the four cities around Taihu (Wuxi, Suzhou, Changzhou, Huzhou) placed 1 to 12 km from the
shore on the side of the lake their city lies on, the members' plans for those inside the
5 km zone (the chemical ones closed or closing), bloom observations at Taihu points over
the last weeks, a warning Jiangsu issued (telling Zhejiang and Shanghai) and emergency
actions; the closed chemical enterprises' rights in Jiangsu's and Zhejiang's reserves for
the zone and two allocations from Jiangsu's (one to a strategic emerging industry, one
flagged). All through the services as the platform (audited). A second run adds nothing."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from deltacap.accounts.permissions import PLATFORM
from deltacap.enterprises.models import Enterprise
from deltacap.water import blooms, taihu
from deltacap.water.models_lakes import EnterpriseSite, PlanAction, PlanStatus

SOURCE = "synthetic demo position"
# Rights confirmed to the chemical enterprises inside the zone before their closure
# (tonnes a year, made up), so that the closures feed the zone's reserve.
RIGHTS = {"COD": "18", "NH3-N": "2.5"}
RIGHTS_FROM, RIGHTS_TO = dt.date(2025, 1, 1), dt.date(2029, 12, 31)
RIGHTS_AT = dt.datetime(2025, 1, 6, 2, 0, tzinfo=dt.UTC)
# City: the bearings (degrees from north, seen from the lake's centre) of its shore.
CITIES = {
    "320200": (330, 60),  # 无锡: north and north-east
    "320500": (60, 170),  # 苏州: east and south-east
    "330500": (170, 250),  # 湖州: south
    "320400": (250, 330),  # 常州 (宜兴): west
}
PER_CITY = 8
# Distances from the shore (km): most inside the 5 km zone, some outside.
DISTANCES = (0.8, 1.5, 2.4, 3.2, 4.1, 4.6, 7.5, 11.0)
POINTS = [
    # point, lon, lat, member, density (cells/L), area (km²)
    ("梅梁湾（演示）", 120.20, 31.45, "320000", 1.6e8, 340.0),
    ("竺山湾（演示）", 120.06, 31.40, "320000", 7.2e7, None),
    ("贡湖（演示）", 120.35, 31.40, "320000", 3.1e7, None),
    ("湖心区（演示）", 120.20, 31.20, "320000", 8.5e6, None),
    ("南太湖（演示）", 120.20, 30.98, "330000", 2.4e7, 60.0),
]


def _bearing(x0: float, y0: float, x1: float, y1: float) -> float:
    return math.degrees(math.atan2(x1 - x0, y1 - y0)) % 360


def _in(bearing: float, span: tuple[int, int]) -> bool:
    lo, hi = span
    return lo <= bearing < hi if lo < hi else bearing >= lo or bearing < hi


def _positions(city: str, count: int, rng: random.Random) -> list[tuple[float, float]]:
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    lake = taihu.zone().lake
    c = lake.centroid
    shore = [(x, y) for x, y in lake.exterior.coords if _in(_bearing(c.x, c.y, x, y), CITIES[city])]
    out: list[tuple[float, float]] = []
    n = 0
    while len(out) < count:
        x, y = shore[rng.randrange(len(shore))]
        azimuth = _bearing(c.x, c.y, x, y)
        km = DISTANCES[len(out) % len(DISTANCES)]
        lon, lat, _ = geod.fwd(x, y, azimuth, km * 1000)
        n += 1
        # Bays and islands: keep a point only where its distance to the shore is the one
        # meant (not on the water, not nearer another stretch of shore).
        near = taihu.zone().distance_to_shore(lon, lat)  # 0 on the water
        if n > 500 or abs(near - km * 1000) < 300:
            out.append((round(lon, 5), round(lat, 5)))
    return out


def load_demo_lakes(today: dt.date | None = None) -> int:
    """Positions, plans, bloom observations, a warning and actions; the sites written."""
    if EnterpriseSite.objects.exists():
        return 0
    day = today or dt.date.today()
    rng = random.Random(14)
    written = 0
    for city in CITIES:
        chosen = list(
            Enterprise.objects.filter(synthetic=True, division__parent_id=city).order_by("uscc")
        ) + list(Enterprise.objects.filter(synthetic=True, division_id=city).order_by("uscc"))
        chosen.sort(key=lambda e: (taihu.industry_of(e.sector).code != "chemical", e.uscc))
        chosen = chosen[:PER_CITY]
        for enterprise, (lon, lat) in zip(chosen, _positions(city, len(chosen), rng), strict=True):
            taihu.locate_enterprise(
                by=PLATFORM, channel="system", enterprise=enterprise, lon=lon, lat=lat,
                source=SOURCE, synthetic=True,
            )  # fmt: skip
            written += 1
    inside = taihu.inside()
    _confirm_rights([i.enterprise for i in inside if i.industry.chemical])
    for n, i in enumerate(inside):
        values: dict[str, Any]
        if i.industry.chemical:
            values = {
                "action": PlanAction.CLOSE if n % 3 else PlanAction.RELOCATE,
                "deadline": dt.date(day.year, 12, 31),
                "progress": 100 if n % 2 == 0 else 60,
            }
            if n % 2 == 0:
                values["status"] = PlanStatus.DONE
                values["completed_on"] = day - dt.timedelta(days=30 + n)
        else:
            values = {
                "action": PlanAction.UPGRADE,
                "deadline": dt.date(day.year + 1, 6, 30),
                "progress": (n * 17) % 90,
            }
        values["note"] = "合成演示计划 (synthetic demo plan)"
        taihu.save_plan(
            by=PLATFORM, channel="system", enterprise=i.enterprise, values=values, synthetic=True
        )
    observations = []
    for k, (point, lon, lat, member, density, area) in enumerate(POINTS):
        for week in range(3):
            factor = (0.45, 0.7, 1.0)[week]
            observations.append(
                blooms.record_observation(
                    by=PLATFORM,
                    channel="system",
                    lake="taihu",
                    point=point,
                    lon=lon,
                    lat=lat,
                    observed_on=day - dt.timedelta(days=14 - 7 * week + k % 2),
                    density=round(density * factor, -4),
                    area_km2=round(area * factor, 1) if area else None,
                    member_code=member,
                    synthetic=True,
                )  # fmt: skip
            )
    basis = max(observations, key=lambda o: o.density)
    warning = blooms.issue_warning(
        by=PLATFORM, channel="system", lake="taihu", level="orange",
        message="梅梁湾藻密度达重度水华，启动橙色预警",
        observation_id=basis.pk, member_code="320000", synthetic=True,
    )  # fmt: skip
    blooms.record_action(
        by=PLATFORM, channel="system", warning=warning, taken_on=day,
        description="梅梁湾、竺山湾加密巡查，启用藻水分离站打捞蓝藻（合成演示）",
        member_code="320000", synthetic=True,
    )  # fmt: skip
    blooms.record_action(
        by=PLATFORM, channel="system", warning=warning, taken_on=day,
        description="南太湖沿岸加密监测，水厂启动应急预案（合成演示）",
        member_code="330000", synthetic=True,
    )  # fmt: skip
    old = blooms.issue_warning(
        by=PLATFORM, channel="system", lake="taihu", level="blue",
        message="竺山湾轻度水华", member_code="320000", synthetic=True,
    )  # fmt: skip
    blooms.lift_warning(by=PLATFORM, channel="system", warning=old)
    _allocate(day)
    return written


def _located_in_county(enterprise: Enterprise) -> bool:
    return bool(enterprise.division.parent_id) and enterprise.division.level == "county"


def _confirm_rights(chemical: list[Enterprise]) -> None:
    """Rights for the chemical enterprises inside the zone that hold none yet (the ones in
    the rights demo's pilot counties have theirs), so that their closures have rights to
    move into the reserve: made-up quantities, through the registry's service."""
    from deltacap.rights import services as rights
    from deltacap.rights.models import RightsAccount

    for enterprise in chemical:
        if not _located_in_county(enterprise):
            continue
        if RightsAccount.objects.filter(enterprise=enterprise).exists():
            continue
        for pollutant, tonnes in RIGHTS.items():
            rights.issue_rights(
                by=PLATFORM, channel="system", pollutant=pollutant, tonnes=tonnes,
                valid_from=RIGHTS_FROM, valid_to=RIGHTS_TO, enterprise_id=enterprise.pk,
                decision=f"demo-taihu-{enterprise.uscc}-{pollutant}", at=RIGHTS_AT,
            )  # fmt: skip


def _allocate(day: dt.date) -> None:
    """From Jiangsu's reserve for the zone: COD to a new-materials enterprise (a strategic
    emerging industry) and a little to another industry with the reason given (flagged)."""
    from deltacap.rights.models import Holding
    from deltacap.water import taihu_reserve

    holding = (
        Holding.objects.filter(
            account_id=taihu_reserve.reserve_code("320000"), pollutant="COD", kg__gt=0
        )
        .order_by("-kg", "pk")
        .first()
    )
    if holding is None:
        return
    closed = set(taihu_reserve.TaihuReserveMove.objects.values_list("enterprise_id", flat=True))
    jiangsu = [
        e
        for e in Enterprise.objects.select_related("division")
        .filter(synthetic=True, division__parent__parent_id="320000")
        .order_by("uscc")
        if e.pk not in closed
    ]
    # Near the lake first (Suzhou, Wuxi, Changzhou), then anywhere in Jiangsu.
    jiangsu.sort(key=lambda e: e.division.parent_id not in ("320500", "320200", "320400"))
    electronics = next((e for e in jiangsu if "电子" in e.sector), None)
    other = next((e for e in jiangsu if not taihu.industry_of(e.sector).chemical
                  and "电子" not in e.sector), None)  # fmt: skip
    free = holding.kg // 1000
    if electronics is None or other is None or free < 2:
        return
    plan = [
        (electronics, free // 2, "next_gen_it", "", "苏政示〔演示〕1号"),
        (other, 1, "other", "本期战略性新兴产业项目暂无需求，配置给本地企业的减排技改项目（演示）",
         "苏政示〔演示〕2号"),
    ]  # fmt: skip
    for enterprise, tonnes, industry, reason, decision in plan:
        taihu_reserve.allocate(
            by=PLATFORM, channel="system", holding_id=holding.pk, enterprise_id=enterprise.pk,
            tonnes=str(tonnes), industry_code=industry, decision=decision, reason=reason,
            at=dt.datetime.combine(day, dt.time(2, 0), tzinfo=dt.UTC), synthetic=True,
        )  # fmt: skip
