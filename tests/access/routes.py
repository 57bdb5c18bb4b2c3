"""What the generated access tests need to call a write route as someone: who is acting,
the records of the world as the access rules see them (its own and another's), sample
values for the fields a route asks for, and a watch on the database and on the rules
during one call.

Nothing here lists routes: the API's routes come from its OpenAPI document and the pages'
from the URL configuration. What is listed is the kinds of record a route may name (by
the name of its parameter) and sample values by field name; a route naming a record of a
kind not known here fails the test with a message that says so.
"""

from __future__ import annotations

import enum
import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from deltacap.domain import access
from deltacap.domain.access import EDITOR_ROLES, Action, Principal, Resource, Role

_counter = itertools.count(1)


class Variant(enum.StrEnum):
    """Which records a call names: the actor's own, another member's (another
    enterprise's), or, for those who have none, any."""

    OWN = "own"
    FOREIGN = "foreign"
    ANY = "any"


@dataclass(frozen=True)
class Who:
    name: str  # "" for the anonymous public
    principal: Principal
    member: str | None
    enterprise_id: int | None

    @property
    def is_reader_only(self) -> bool:
        return self.principal.role in (Role.PUBLIC, Role.MEMBER_VIEWER)

    @property
    def is_editor(self) -> bool:
        return self.principal.role in EDITOR_ROLES

    @property
    def is_enterprise(self) -> bool:
        return self.principal.role is Role.ENTERPRISE

    def variants(self) -> list[Variant]:
        if self.principal.role in (Role.PUBLIC, Role.OFFICE):
            return [Variant.ANY]
        return [Variant.OWN, Variant.FOREIGN]

    def owns(self, resource: Resource) -> bool:
        """A place of the record lies in the actor's area or is its enterprise."""
        code = self.principal.division_code
        for place in resource.places:
            if self.is_enterprise:
                if place.enterprise_id == self.enterprise_id:
                    return True
            elif code and code in place.division_path:
                return True
        return False

    def foreign(self, resource: Resource) -> bool:
        """No place of the record is the actor's: another member's record (for officials),
        another enterprise's (for enterprises). The region's records are nobody's."""
        for place in resource.places:
            if self.is_enterprise:
                if place.enterprise_id == self.enterprise_id:
                    return False
            elif self.member and place.member_code == self.member:
                return False
        return True

    def matches(self, variant: Variant, resource: Resource) -> bool:
        if variant is Variant.OWN:
            return self.owns(resource)
        if variant is Variant.FOREIGN:
            return self.foreign(resource)
        return True


def who(name: str) -> Who:
    from deltacap.accounts.models import User
    from deltacap.domain.access import PUBLIC

    if not name:
        return Who("", PUBLIC, None, None)
    user = User.objects.select_related("division").get(username=name)
    principal = user.principal()
    member = user.division.member_code if user.division else None
    return Who(name, principal, member, user.enterprise_id)


# --- the records a route may name ----------------------------------------------------------

Pool = list[tuple[Any, Resource]]


# The counties the world's records are in (Wujiang, Jiashan, Xihu of Hangzhou, Qingpu).
COUNTIES = ("320509", "330421", "330106", "310118")
# Fields that name a place, and which division of the chosen county's path each takes.
PLACE_FIELDS = {
    "member": "member",
    "member_code": "member",
    "city": "city",
    "scope": "city",
    "county": "county",
    "county_code": "county",
    "division": "county",
}


def place_pool() -> Pool:
    """The counties a call may be placed in (the places of the fields above)."""
    from deltacap.domain.access import Kind
    from deltacap.reference.models import Division

    rows = Division.objects.filter(code__in=COUNTIES).order_by("code")
    return [(d, Resource(Kind.TARGET, d.path(), level=d.level)) for d in rows]


def pick_place(actor: Who, variant: Variant) -> Any:
    """A county of the actor's own area, of another member, or any (for fields naming a
    place: an enterprise's own area is its enterprise's)."""
    code = actor.principal.division_code
    for county, resource in place_pool():
        if variant is Variant.ANY:
            return county
        if variant is Variant.OWN and code and code in resource.division_path:
            return county
        if variant is Variant.FOREIGN and resource.member_code != actor.member:
            return county
    return None


def place_value(county: Any, name: str) -> str:
    path = county.path()
    which = PLACE_FIELDS[name]
    if which == "member":
        return str(path[1])
    if which == "city":
        return str(path[2] if len(path) > 3 else path[1])
    return str(county.code)


def record_pools() -> dict[str, Pool]:
    """Each kind of record a route may name, by the name of its parameter, with how the
    access rules see each record (a reserve's holdings first: the bureaus' own)."""
    from deltacap.accounts.models import User
    from deltacap.enterprises.models import Enterprise
    from deltacap.monitoring.models import Outlet
    from deltacap.projects.models import Project
    from deltacap.rights.models import Auction, BilateralOffer, Holding, Listing, Trade

    holdings = (
        Holding.objects.select_related("account")
        .filter(kg__gt=0)
        .exclude(account__kind__in=LEDGER_KINDS)
        .order_by(F("account__enterprise_id").asc(nulls_first=True), "pk")
    )
    enterprises = Enterprise.objects.select_related("division").filter(rights_account__isnull=False)
    pools: dict[str, Pool] = {
        "holding_id": [(h.pk, h.as_resource()) for h in holdings],
        "listing_id": [
            (x.pk, x.as_resource())
            for x in Listing.objects.select_related("seller").filter(status="open")
        ],
        "trade_id": [
            (t.pk, t.as_resource())
            for t in Trade.objects.select_related("seller", "buyer")
            .exclude(status="settled")
            .order_by("status", "pk")  # approved ones first: they settle
        ],
        "offer_id": [
            (o.pk, o.as_resource())
            for o in BilateralOffer.objects.select_related("seller", "buyer").filter(status="open")
        ],
        "auction_id": [
            (a.pk, a.as_resource())
            for a in Auction.objects.select_related("seller").filter(status="open")
        ],
        "enterprise_id": [(e.pk, e.as_resource()) for e in enterprises],
        "enterprise": [(e.uscc, e.as_resource()) for e in enterprises],
        "outlet_id": [
            (o.pk, o.as_resource()) for o in Outlet.objects.select_related("enterprise__division")
        ],
        "code": [
            (p.code, p.as_resource())
            for p in Project.objects.select_related("city", "county").filter(
                code__startswith="ACCESS-"
            )
        ],
    }
    from deltacap.water.models import Section

    pools["section_id"] = [
        (x.pk, x.as_resource())
        for x in Section.objects.prefetch_related("responsible").filter(code__startswith="ACCESS-")
    ]
    from deltacap.domain.water.compensation import Agreement
    from deltacap.water.config import agreements
    from deltacap.water.models import Settlement, settlement_resource

    pools["settlement_id"] = [(x.pk, x.as_resource()) for x in Settlement.objects.order_by("pk")]

    def _resource(a: Agreement) -> Resource:
        return settlement_resource(a.upstream, a.downstream)

    pools["agreement"] = [(a.code, _resource(a)) for a in agreements().values()]
    pools |= _working_pools()
    from deltacap.air.models import ControlList

    pools["list_id"] = [
        (x.pk, x.as_resource())
        for x in ControlList.objects.select_related("member").order_by("member_id")
    ]
    pools |= _warning_pools()
    from deltacap.mobile.models import Notice

    pools["vehicle_notice_id"] = [
        (n.pk, n.as_resource()) for n in Notice.objects.select_related("vehicle__city__parent")
    ]
    from deltacap.mobile.models import Machine, MachineNotice

    pools["machine_code"] = [
        (m.code, m.as_resource()) for m in Machine.objects.select_related("city__parent")
    ]
    pools["machine_notice_id"] = [
        (n.pk, n.as_resource()) for n in MachineNotice.objects.select_related("machine__city")
    ]
    from deltacap.water.models import BloomWarning

    pools["bloom_warning_id"] = [
        (w.pk, w.as_resource()) for w in BloomWarning.objects.filter(lifted_at__isnull=True)
    ]
    pools["consultation_id"] = _consultation_pool()
    # outfalls into rivers and lakes
    from deltacap.water.models_outfalls import Outfall

    pools["water_outfall_id"] = [(o.pk, o.as_resource()) for o in Outfall.objects.order_by("pk")]
    # N/P loads into the lakes: a lake (its page reads the region's water data)
    from deltacap.water.models import section_resource

    pools["loads_lake"] = [("taihu", section_resource([]))]
    # the 5 km Taihu zone: an enterprise's plan not done yet (its closure is recorded)
    from deltacap.water.models_lakes import TaihuPlan

    pools["taihu_enterprise_id"] = [
        (p.enterprise_id, p.as_resource())
        for p in TaihuPlan.objects.exclude(status="done").order_by("pk")
    ]
    pools |= _track_pools()
    # shared facilities of the demonstration zone
    from deltacap.water.models_facilities import SharedFacility

    pools["water_facility_id"] = [
        (f.pk, f.as_resource()) for f in SharedFacility.objects.prefetch_related("shares")
    ]
    # Hangzhou Bay petrochemicals: bay enterprises and findings at them
    from deltacap.petrochem.models import BayEnterprise, Finding

    pools["petro_enterprise_id"] = [
        (b.pk, b.as_resource()) for b in BayEnterprise.objects.select_related("enterprise")
    ]
    pools["petro_finding_id"] = [
        (f.pk, f.as_resource())
        for f in Finding.objects.select_related("enterprise__enterprise").exclude(state="closed")
    ]
    from deltacap.petrochem.models import FenceStation

    pools["petro_station_id"] = [
        (s.pk, s.as_resource())
        for s in FenceStation.objects.select_related("city", "enterprise").order_by("pk")
    ]
    pools["buyer_enterprise_id"] = pools["enterprise_id"]
    # information sharing: an enterprise's identifier crosswalk (its permit number)
    pools["sharing_enterprise_id"] = pools["enterprise_id"]
    pools["username"] = [
        (u.username, u.as_resource())
        for u in User.objects.select_related("division").filter(username__in=SIGN_IN_ACCOUNTS)
    ]
    return pools


def _working_pools() -> dict[str, Pool]:
    """The working group's records (meetings to come first: agenda is proposed for them)."""
    from deltacap.working.models import (
        ActionItem,
        AgendaItem,
        GroupPerson,
        Meeting,
        MeetingDocument,
    )

    return {
        "person_id": [(p.pk, p.as_resource()) for p in GroupPerson.objects.order_by("pk")],
        "meeting_id": [(m.pk, m.as_resource()) for m in Meeting.objects.order_by("-day")],
        "agenda_id": [(a.pk, a.as_resource()) for a in AgendaItem.objects.filter(state="proposed")],
        "action_id": [(a.pk, a.as_resource()) for a in ActionItem.objects.order_by("pk")],
        "document_id": [(d.pk, d.as_resource()) for d in MeetingDocument.objects.order_by("pk")],
    }


def _warning_pools() -> dict[str, Pool]:
    """Heavy-pollution warnings in force and their notices to the members."""
    from deltacap.air.models import AirWarning, AirWarningNotice

    return {
        "warning_id": [
            (w.pk, w.as_resource())
            for w in AirWarning.objects.select_related("city__parent").filter(status="active")
        ],
        "notice_id": [(n.pk, n.as_resource()) for n in AirWarningNotice.objects.order_by("pk")],
    }


def _track_pools() -> dict[str, Pool]:
    """Mobile monitoring (走航): the tracks, their hotspots and open follow-ups."""
    from deltacap.air.track_models import AirTrack, AirTrackFollowUp, AirTrackHotspot

    return {
        "air_track_id": [
            (t.pk, t.as_resource()) for t in AirTrack.objects.defer("points").order_by("pk")
        ],
        "air_hotspot_id": [
            (h.pk, h.as_resource())
            for h in AirTrackHotspot.objects.select_related("track").order_by("pk")
        ],
        "air_follow_up_id": [
            (f.pk, f.as_resource())
            for f in AirTrackFollowUp.objects.select_related("hotspot__track")
            .filter(closed_on__isnull=True)
            .order_by("pk")
        ],
    }


def _consultation_pool() -> Pool:
    """The open consultations, each as the region's record and as every member's forecast
    sheet in it (a member's editor writes its own member's forecasts of the session)."""
    from deltacap.air.forecast_models import Consultation, forecast_resource

    pool: Pool = []
    for consultation in Consultation.objects.filter(status="open").order_by("pk"):
        pool.append((consultation.pk, consultation.as_resource()))
        for member in ("310000", "320000", "330000", "340000"):
            pool.append((consultation.pk, forecast_resource(member)))
    return pool


# Accounts whose sign-in the office manages in the world (locked; with two-factor on).
SIGN_IN_ACCOUNTS = ("js-viewer", "sz-editor")


LEDGER_KINDS = ("issuance", "retired")


def water_csv(section_id: Any) -> bytes:
    """A CSV of one sample of the section (an import of the water routes); of no section
    when the call has none of its variant (it is not made then)."""
    from deltacap.water.models import Section

    section = Section.objects.filter(pk=section_id).first() if section_id else None
    code = section.code if section else "-"
    return f"section,date,DO,TP\n{code},2025-06-{next(_counter) % 28 + 1:02d},7.1,0.05\n".encode()


def readings_csv(section_id: Any) -> bytes:
    """A CSV of one 4-hourly reading at the section (the automatic stations' import), at a
    time drawn at random (the measurement store keeps what earlier runs wrote, and a
    reading stored already is refused); of no section when the call has none of its
    variant."""
    import datetime as dt
    import random

    from deltacap.water.models import Section

    section = Section.objects.filter(pk=section_id).first() if section_id else None
    code = section.code if section else "-"
    when = dt.datetime(1995, 1, 1) + dt.timedelta(hours=4 * random.randrange(60_000))
    return f"section,time,DO,TP\n{code},{when:%Y-%m-%d %H:%M},7.1,0.05\n".encode()


def fence_csv(station_id: Any) -> bytes:
    """A CSV of one hour of readings at the fence-line station (its import routes), at an
    hour drawn at random (the measurement store keeps what earlier runs wrote, and an hour
    stored already is refused); of no station when the call has none of its variant."""
    import datetime as dt
    import random

    from deltacap.petrochem.models import FenceStation

    station = FenceStation.objects.filter(pk=station_id).first() if station_id else None
    code = station.code if station else "-"
    when = dt.datetime(1995, 1, 1) + dt.timedelta(hours=random.randrange(200_000))
    return f"station,time,NMHC\n{code},{when:%Y-%m-%d %H:%M},0.8\n".encode()


def flows_csv(section_id: Any) -> bytes:
    """A CSV of one monthly flow at the section (the N/P loads' flows import); of no section
    when the call has none of its variant."""
    from deltacap.water.models import Section

    section = Section.objects.filter(pk=section_id).first() if section_id else None
    code = section.code if section else "-"
    return f"section,year,month,flow_m3_s\n{code},2025,{next(_counter) % 12 + 1},12.5\n".encode()


def network_geojson() -> bytes:
    """A GeoJSON of one new reach (the river network's import page)."""
    n = next(_counter)
    feature = {
        "type": "Feature",
        "properties": {"id": f"ACCESS-R{n}", "from": f"ACCESS-J{n}", "to": f"ACCESS-K{n}"},
        "geometry": {"type": "LineString", "coordinates": [[120.4, 31.0], [120.5, 31.02]]},
    }
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def outfall_csv(member: Any) -> bytes:
    """A CSV of one new outfall of ``member`` (the outfalls' import routes); of no member
    when the call has none of its variant."""
    code = f"ACCESS-{next(_counter)}"
    return (
        "code,name,kind,lon,lat,receiving_water,member,approved_m3_per_day,TP\n"
        f"{code},访问规则测试排口,industrial,120.6,30.98,太浦河,{member or '-'},100,0.3\n"
    ).encode()


def pick(pool: Pool, actor: Who, variant: Variant) -> tuple[Any, Resource] | None:
    for value, resource in pool:
        if actor.matches(variant, resource):
            return value, resource
    return None


# --- sample values for the other fields ------------------------------------------------------


def _now(days: int = 0) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


SAMPLES: dict[str, Callable[[], Any]] = {
    "period": lambda: "14fyp",
    "pollutant": lambda: "VOCs",
    "tonnes": lambda: "1",
    "percent_cut": lambda: "5",
    "price_yuan_per_tonne": lambda: "10000",
    "reserve_price_yuan_per_tonne": lambda: "9000",
    "min_yuan_per_tonne": lambda: "5000",
    "max_yuan_per_tonne": lambda: "50000",
    "yuan_per_tonne_year": lambda: "1000",
    "valid_from": lambda: "2026-01-01",
    "valid_to": lambda: "2030-12-31",
    "opens_at": lambda: _now(),
    "closes_at": lambda: _now(14),
    "deadline": lambda: "2026-03-31",
    "start_date": lambda: "2022-03-01",
    "commissioning_date": lambda: "2023-06-30",
    "due_year": lambda: 2023,
    "year": lambda: 2025,
    "mn": lambda: f"{next(_counter) + 1000:024X}",
    "password": lambda: "123456",
    "uscc": lambda: "91320509MA1TEST01X",
    "name": lambda: "访问规则测试",
    "source": lambda: "访问规则测试",
    "basis": lambda: "访问规则测试",
    "category": lambda: "wwtp_new",
    "status": lambda: "under_construction",
    "to": lambda: "under_construction",
    "kind": lambda: "permit",
    "outlet": lambda: f"DW-T{next(_counter)}",
    "clearing": lambda: "pay_as_bid",
    "origin": lambda: "initial_free",
    "medium": lambda: "water",
    "ratio": lambda: "9/10",
    "approve": lambda: True,
    "pilot": lambda: True,
    "not_meeting_target": lambda: True,
    "minute_interval": lambda: 10,
    "limits": lambda: {"w01018": "50"},
    "planned": lambda: {"COD": "1"},
    "inputs": lambda: {},
    "items": lambda: [],
    "dry_run": lambda: False,
    "water_body": lambda: "access-river",
    "reason": lambda: "访问规则测试",
    "industry": lambda: "next_gen_it",
    "cities": lambda: ["320500"],
    "forecast_aqi": lambda: [210, 230, 180],
    "lake": lambda: "taihu",
    "level": lambda: "yellow",
    "action": lambda: "upgrade",
    # information sharing: an enterprise's discharge-permit number
    "permit_number": lambda: "91320500MA1XXXXXX0001P",
    # Hangzhou Bay petrochemicals: the scope, a campaign's members, a finding's day
    "divisions": lambda: ["330200", "330400", "310116"],
    "campaign_members": lambda: ["310000", "330000"],
    "found_on": lambda: "2026-01-15",
    "processes": lambda: [{"process": "refining", "capacity": "800", "unit": "10kt/a"}],
    # the bay's fence-line stations: a new code, a factor, a park, a place by the bay
    "station_code": lambda: f"ACCESS-FL-{next(_counter)}",
    "factors": lambda: ["NMHC"],
    "park": lambda: "访问规则测试园区",
    "lon": lambda: 121.1,
    "lat": lambda: 30.6,
}


def sample(name: str, schema: dict[str, Any]) -> Any:
    """A value for field ``name`` of JSON type ``schema`` that its schema accepts."""
    if name in SAMPLES:
        return SAMPLES[name]()
    kind = schema.get("type")
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {}
    if schema.get("format") == "date":
        return "2025-01-01"
    if schema.get("format") == "date-time":
        return _now()
    if "enum" in schema:
        return schema["enum"][0]
    return "测试"


def air_csv(route: str, city: str) -> bytes:
    """A file for an air-quality import route (its API path or page name): a new station of
    ``city``, or a new hour of the world's station of ``city``."""
    from tests.access.world import AIR_STATIONS

    if "track" in route:
        from deltacap.air.track_demo import track_csv

        return track_csv([(120.4452, 31.2301)], seed=next(_counter))
    n = next(_counter)
    if "stations" in route:
        header = "监测点编码,监测点名称,城市,经度,纬度,类型"
        return f"{header}\n7{n % 1000:03d}B,访问规则测试站,{city},120.5,31.0,省控\n".encode()
    hour = datetime(2026, 1, 1) + timedelta(hours=n)
    header = "监测点编码,时间,SO2,NO2,CO,O3,PM10,PM2.5"
    row = f"{AIR_STATIONS.get(city, '0000Z')},{hour:%Y-%m-%d %H:00},10,40,1.0,100,120,80"
    return f"{header}\n{row}\n".encode()


PLATE_PREFIX = {"310000": "沪A", "320000": "苏E", "330000": "浙F", "340000": "皖A"}


def phaseout_plate(city: str) -> str:
    """The truck registered in ``city`` for the phase-out routes (tests/access/world.py)."""
    return f"{PLATE_PREFIX.get(city[:2] + '0000', '苏E')}P{city[2:6]}"


def mobile_csv(route: str, city: str) -> bytes:
    """A file for a vehicle import route (its API path or page name): a new vehicle
    registered in ``city``, or a new detection made in ``city``."""
    n = next(_counter)
    if "phaseout" in route:
        row = f"车辆,{phaseout_plate(city)},{city},2026-03,报废"
        return f"类别,号牌或编码,城市,月份,淘汰方式\n{row}\n".encode()
    if "machinery" in route:
        header = "环保登记编码,机械类型,燃料类型,排放阶段,登记城市"
        prefix = PLATE_PREFIX.get(city[:2] + "0000", "苏E")
        return f"{header}\n{prefix}{n % 1000000:06d},挖掘机,柴油,国三,{city}\n".encode()
    if "vehicles" in route:
        header = "号牌号码,号牌颜色,车辆类型,燃料类型,排放标准,注册城市,所有人类型"
        prefix = PLATE_PREFIX.get(city[:2] + "0000", "苏E")
        return f"{header}\n{prefix}{n % 100000:05d},黄,重型货车,柴油,国IV,{city},单位\n".encode()
    when = datetime(2026, 1, 1) + timedelta(hours=n)
    header = "号牌号码,号牌颜色,检测时间,城市,地点,检测方式,检测结果"
    return f"{header}\n苏E00001,黄,{when:%Y-%m-%d %H:%M},{city},示例路口,遥感监测,不合格\n".encode()


# --- watching one call -------------------------------------------------------------------------


@dataclass
class Decision:
    principal: Principal
    action: Action
    resource: Resource
    allowed: bool


@dataclass
class Watch:
    decisions: list[Decision] = field(default_factory=list)
    changed_rows: int = 0

    @property
    def allowed(self) -> list[Decision]:
        return [d for d in self.decisions if d.allowed]


# Sign-in state, not records: a token's last use, the lockout's log, sessions.
_NOT_RECORDS = ("accounts_apitoken", "django_session", "axes_accessattempt", "axes_accesslog")


def _changes() -> int:
    """Rows inserted, updated or deleted on this connection so far (every path, the
    settlement run's own cursor included)."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return int(connection.connection.total_changes)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE relname <> ALL(%s)",
            [list(_NOT_RECORDS)],
        )
        return int(cursor.fetchone()[0])


@contextmanager
def watched() -> Iterator[Watch]:
    """Run the block in a savepoint that is rolled back, and tell what it changed and
    which write decisions the access rules took meanwhile."""
    watch = Watch()
    stop = access.listen(lambda p, a, r, ok: watch.decisions.append(Decision(p, a, r, ok)))
    try:
        with transaction.atomic():
            before = _changes()
            try:
                yield watch
            finally:
                watch.changed_rows = _changes() - before
                transaction.set_rollback(True)
    finally:
        stop()


def violations(actor: Who, status: int, watch: Watch) -> list[str]:
    """What a call broke of the rules every write route keeps (see the test modules)."""
    found = []
    if status >= 500:
        found.append(f"server error {status}")
    changed = watch.changed_rows > 0
    if changed and not watch.allowed:
        found.append(f"{watch.changed_rows} rows changed without an allowed write decision")
    if actor.is_reader_only and (changed or 200 <= status < 300):
        found.append(f"a reader got {status} and changed {watch.changed_rows} rows")
    for decision in watch.allowed:
        foreign = actor.foreign(decision.resource)
        if actor.is_editor and foreign:
            found.append(f"an editor was allowed {decision.action} on another member's record")
        if actor.is_enterprise and foreign and not decision.resource.published:
            found.append(f"an enterprise was allowed {decision.action} on another's record")
    return found
