"""A small world of every kind of record the write routes act on, kept by two members
(Jiangsu and Zhejiang) so that each principal meets records of its own and of another's:
rights and reserves, listings, pending and approved trades, bilateral offers, auctions,
projects, outlets with devices, an open evaluation round, water sections, an
eco-compensation settlement awaiting approval, air-quality
stations, the working group with its meetings, agenda and action items, a key-period
event with the members' controlled-enterprise lists, heavy-pollution warnings with their
notices, vehicles with notices to their registering members, the annual
reports (submitted, the region's compiled), enterprises in the 5 km Taihu zone with their
plans, bloom observations and warnings, an open forecast consultation, mobile-monitoring
tracks with a follow-up of a hotspot each. Built by the
platform itself (``PLATFORM``) through the services, on top of the session world of
tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from deltacap.accounts.actors import PLATFORM
from tests.rights.market_world import MarketWorld, build_market, issue

# The principals every route is tried as: the demo accounts of every role and two
# enterprises that hold rights (Wujiang in Jiangsu, Jiashan in Zhejiang).
ACCOUNTS = [
    "office",
    "js-editor",
    "zj-editor",
    "sh-editor",
    "sz-editor",
    "hz-editor",
    "qp-editor",
    "js-viewer",
    "sh-viewer",
    "ent-suzhou",
    "rights-wj1",
    "rights-js1",
]
ANONYMOUS = ""


@dataclass
class AccessWorld:
    market: MarketWorld
    round_year: int


def _user(name: str) -> Any:
    from deltacap.accounts.models import User

    return User.objects.get(username=name)


def _listing(firm: Any, tonnes: str = "1") -> Any:
    from deltacap.rights import services
    from deltacap.rights.models import Holding

    holding = Holding.objects.get(account__enterprise=firm.enterprise, pollutant="VOCs")
    return services.open_listing(
        by=firm.user,
        channel="api",
        holding_id=holding.pk,
        tonnes=tonnes,
        price_yuan_per_tonne="10000",
    )


def _trade(seller: Any, buyer: Any, bureau: str | None) -> Any:
    """A trade of 1 t from ``seller`` to ``buyer``, approved by ``bureau`` (both sides)."""
    from deltacap.rights import services

    listing = _listing(seller)
    trade = services.accept_listing(by=buyer.user, channel="api", listing_id=listing.pk, tonnes="1")
    if bureau:
        services.decide_trade(
            by=_user(bureau),
            channel="api",
            trade_id=trade.pk,
            approve=True,
            settle_when_approved=False,
        )
    return trade


def _reserve_auction(county: str) -> None:
    from deltacap.rights import services
    from deltacap.rights.models import Holding

    reserve = services.reserve_account(by=PLATFORM, channel="system", division_code=county)
    services.issue_rights(
        by=PLATFORM,
        channel="system",
        account_code=reserve.code,
        pollutant="VOCs",
        tonnes="20",
        valid_from="2025-01-01",
        valid_to="2029-12-31",
    )
    opens = datetime.now(UTC) - timedelta(days=1)
    services.open_auction(
        by=PLATFORM,
        channel="system",
        holding_id=Holding.objects.get(account=reserve, pollutant="VOCs").pk,
        tonnes="5",
        reserve_price_yuan_per_tonne="9000",
        opens_at=opens,
        closes_at=opens + timedelta(days=30),
    )


def _rights(market: MarketWorld) -> None:
    from deltacap.rights import services
    from deltacap.rights.models import Holding

    for firm in (market.wujiang, market.wujiang_2, market.jiashan, market.hangzhou):
        issue(firm, "20")
    _listing(market.wujiang)
    _listing(market.jiashan)
    _trade(market.wujiang, market.wujiang_2, None)
    _trade(market.wujiang, market.wujiang_2, "sz-editor")
    _trade(market.jiashan, market.hangzhou, None)
    _trade(market.jiashan, market.hangzhou, "zj-editor")
    # The buyers the offers name are enterprises the routes are tried as.
    for seller, buyer in ((market.wujiang_2, market.wujiang), (market.hangzhou, market.jiashan)):
        services.offer_bilateral(
            by=seller.user,
            channel="api",
            holding_id=Holding.objects.get(account__enterprise=seller.enterprise).pk,
            buyer_enterprise_id=buyer.enterprise.pk,
            tonnes="1",
            price_yuan_per_tonne="10000",
        )
    for county in ("320509", "330421"):
        _reserve_auction(county)


def _projects_and_outlets(market: MarketWorld) -> int:
    from deltacap.monitoring.services import register_device
    from deltacap.projects import rounds, services
    from tests.projects.conftest import project_values

    for n, (member, city, county) in enumerate(
        (("320000", "320500", "320509"), ("330000", "330100", None))
    ):
        services.create_project(
            by=PLATFORM,
            channel="system",
            values=project_values(code=f"ACCESS-{n}", member=member, city=city, county=county),
            period="14fyp",
        )
    for n, firm in enumerate((market.wujiang, market.jiashan)):
        register_device(
            by=PLATFORM,
            channel="system",
            mn=f"{n + 1:024X}",
            password="123456",
            enterprise=firm.enterprise.uscc,
            outlet_code=f"DW00{n}",
            medium="water",
        )
    year = 2024
    rounds.open_round(
        by=_user("office"), channel="system", period="14fyp", year=year, override_reason="test"
    )
    return year


def _sign_in() -> None:
    """An account locked out after failed logins, and one with two-factor sign-in on: the
    office's sign-in page then offers to unlock and to reset."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    AccessAttempt.objects.create(
        username="js-viewer",
        ip_address="10.0.0.9",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    TOTPDevice.objects.create(user=_user("sz-editor"), name="authenticator", confirmed=True)


def _water_sections() -> None:
    """A water body with a section of Jiangsu, one of Zhejiang and a cross-border one of
    Jiangsu and Shanghai (their imports are the writes the water routes take)."""
    from deltacap.water.models import WaterBody
    from deltacap.water.services import save_section

    body = WaterBody.objects.create(
        code="access-river", name_zh="访问规则河", name_en="Access river", kind="river"
    )
    for code, members in (("ACCESS-JS", ["320000"]), ("ACCESS-ZJ", ["330000"]),
                          ("ACCESS-JS-SH", ["320000", "310000"])):  # fmt: skip
        save_section(
            by=PLATFORM,
            channel="system",
            code=code,
            water_body=body,
            values={
                "name_zh": code,
                "name_en": code,
                "kind": "provincial",
                "lon": 120.5,
                "lat": 31.0,
                "target_class": 3,
            },  # fmt: skip
            responsible=members,
        )


# One air-quality station in the city of each county of the world (tests/access/routes.py
# COUNTIES): Suzhou, Jiaxing, Hangzhou, Shanghai.
AIR_STATIONS = {"320500": "7501A", "330400": "7502A", "330100": "7503A", "310000": "7504A"}


def _air_stations() -> None:
    from deltacap.air import services

    rows = "\n".join(
        f"{code},访问规则测试站{n},{city},120.5,31.0,国控"
        for n, (city, code) in enumerate(AIR_STATIONS.items())
    )
    data = f"监测点编码,监测点名称,城市,经度,纬度,类型\n{rows}\n".encode()
    report = services.import_stations(by=PLATFORM, channel="system", data=data, dry_run=False)
    assert report.written, report.to_json()


def _working_group() -> None:
    """The working group: people of two members and of the office, a meeting to come (its
    agenda open to proposals, action items of both members) and one held (a document)."""
    from deltacap.working import services

    today = datetime.now(UTC).date()
    office = _user("office")
    coming = services.schedule_meeting(
        by=office, channel="system", day=today + timedelta(days=30), place="示例", host="320000"
    )
    held = services.schedule_meeting(
        by=office, channel="system", day=today - timedelta(days=30), place="示例", host="330000"
    )
    services.add_document(
        by=office,
        channel="system",
        meeting_id=held.pk,
        title="通知",
        link="https://example.invalid/notice",
    )
    for member in ("320000", "330000", ""):
        services.save_person(
            by=PLATFORM, channel="system", member=member, values={"name": "示例联络员"}
        )
    for member in ("320000", "330000"):
        services.propose_agenda_item(
            by=PLATFORM, channel="system", meeting_id=coming.pk, title="示例议题", member=member
        )
        # On the meeting to come, whose page every actor opens first.
        services.create_action_item(
            by=office,
            channel="system",
            meeting_id=coming.pk,
            owner=member,
            title="示例任务",
            due=today + timedelta(days=60),
        )


def _air_event() -> None:
    """A key-period event of Jiangsu, Zhejiang and Shanghai (a list for each, Jiangsu's and
    Zhejiang's with one enterprise of their own)."""
    from deltacap.air import event_services
    from deltacap.enterprises.models import Enterprise

    event = event_services.create_event(
        by=_user("office"),
        channel="system",
        name="访问规则测试活动",
        starts="2025-11-05",
        ends="2025-11-06",
        cities=["310000", "320500", "330400"],
    )
    for member in ("320000", "330000"):
        firm = Enterprise.objects.filter(member_code=member).order_by("uscc").first()
        assert firm is not None
        event_services.replace_list(
            by=PLATFORM,
            channel="system",
            list_id=event_services.list_of(event.pk, member).pk,
            entries=[{"uscc": firm.uscc, "measures": [{"kind": "stop", "cuts": {"SO2": 1}}]}],
            reason="访问规则测试",
        )


def _air_warnings() -> None:
    """Heavy-pollution warnings in force: Suzhou's (Jiangsu), Hangzhou's (Zhejiang) and the
    region's, each with its notices to the other members."""
    from deltacap.air import warnings

    today = datetime.now(UTC).date()
    for city, editor in (("320500", "js-editor"), ("330100", "zj-editor"), ("", "office")):
        warnings.issue_warning(
            by=_user(editor),
            channel="system",
            city=city,
            start=today,
            expected_end=today + timedelta(days=3),
            forecast_aqi=[210, 230, 180],
        )


def _settlements() -> None:
    """A Xin'anjiang settlement (Anhui upstream, Zhejiang downstream) awaiting approval, on
    a given P (the world has no samples at its section)."""
    from deltacap.water.settlements import compute_settlement

    compute_settlement(by=PLATFORM, channel="system", agreement="xinanjiang", year=2024, p="0.93")


# A vehicle registered in Suzhou and one in Jiaxing, each found high-emission in the other
# member (a notice to each registering member).
VEHICLES = {"苏E00001": ("320500", "330400"), "浙F00001": ("330400", "320500")}


def _vehicles() -> None:
    from deltacap.mobile import services

    rows = "\n".join(
        f"{plate},黄,重型货车,柴油,国III,{home},单位" for plate, (home, _) in VEHICLES.items()
    )
    data = f"号牌号码,号牌颜色,车辆类型,燃料类型,排放标准,注册城市,所有人类型\n{rows}\n".encode()
    assert services.import_vehicles(by=PLATFORM, channel="system", data=data, dry_run=False).written
    now = services.china_now().replace(microsecond=0)
    found = "\n".join(
        f"{plate},黄,{now - timedelta(days=days):%Y-%m-%d %H:%M},{there},示例路口,遥感监测,不合格"
        for plate, (_, there) in VEHICLES.items()
        for days in (3, 30)
    )
    header = "号牌号码,号牌颜色,检测时间,城市,地点,检测方式,检测结果"
    data = f"{header}\n{found}\n".encode()
    report = services.import_detections(by=PLATFORM, channel="system", data=data, dry_run=False)
    assert report.written and report.notices_raised == 2  # the import raises the notices
    assert services.evaluate(by=PLATFORM, channel="system").raised == 0


def _reports(year: int) -> None:
    """The annual reports of the round's year: Shanghai's, Jiangsu's and Zhejiang's
    submitted (the office's review form shows), the region's compiled and not yet
    published."""
    from deltacap.reports import services

    for member, editor in (("310000", "sh-editor"), ("320000", "js-editor"),
                           ("330000", "zj-editor")):  # fmt: skip
        services.save_narrative(
            by=_user(editor), channel="system", member=member, year=year,
            values={"measures": "示例做法"},
        )  # fmt: skip
        services.submit(by=_user(editor), channel="system", member=member, year=year)
    services.compile_region(by=_user("office"), channel="system", year=year)


def _lakes() -> None:
    """The lakes: every enterprise with a rights account placed 2.6 km off Taihu's south-west shore
    (inside the 5 km zone) with its member's plan, and for Jiangsu and Zhejiang each a bloom
    observation and an active warning (their lifts and actions are the blooms' writes)."""
    from datetime import date

    from deltacap.enterprises.models import Enterprise
    from deltacap.water import blooms, taihu

    enterprises = Enterprise.objects.select_related("division").filter(rights_account__isnull=False)
    for n, enterprise in enumerate(enterprises.order_by("pk")):
        taihu.locate_enterprise(
            by=PLATFORM, channel="system", enterprise=enterprise,
            lon=120.0 + 0.0005 * (n % 5), lat=31.0 + 0.0005 * (n // 5),
        )  # fmt: skip
        taihu.save_plan(
            by=PLATFORM, channel="system", enterprise=enterprise,
            values={"action": "close", "deadline": date(2026, 12, 31)},
        )  # fmt: skip
    for member in ("320000", "330000"):
        blooms.record_observation(
            by=PLATFORM, channel="system", lake="taihu", point=f"访问规则{member}",
            lon=120.2, lat=31.2, observed_on=date(2025, 7, 1), density=6e7, member_code=member,
        )  # fmt: skip
        blooms.issue_warning(
            by=PLATFORM, channel="system", lake="taihu", level="yellow", member_code=member
        )


def _taihu_reserves() -> None:
    """Jiangsu's and Zhejiang's reserves for the Taihu zone, each holding COD rights (what
    closures would have moved in), so that allocations from them are tried for real."""
    from datetime import date

    from deltacap.rights import services as rights
    from deltacap.water import taihu_reserve

    for member in ("320000", "330000"):
        rights.reserve_account(
            by=PLATFORM, channel="system", division_code=member, purpose=taihu_reserve.purpose()
        )
        rights.issue_rights(
            by=PLATFORM, channel="system", pollutant="COD", tonnes="20",
            valid_from=date(2025, 1, 1), valid_to=date(2029, 12, 31),
            account_code=taihu_reserve.reserve_code(member), origin="freed_capacity",
            decision=f"access-taihu-{member}",
        )  # fmt: skip


def _outfalls() -> None:
    """Outfalls into rivers and lakes: one of Jiangsu's and one of Zhejiang's (no network),
    each under rectification: Zhejiang's, so that its completion can be recorded; Jiangsu's
    (overdue) recorded as done by its editor, so that another official verifies it (and its
    recorder may not)."""
    from deltacap.water import outfall_rectification, outfalls
    from deltacap.water.models_outfalls import Outfall

    data = (
        "code,name,kind,lon,lat,receiving_water,member,approved_m3_per_day,TP,rectification,"
        "deadline\n"
        "ACCESS-JS,访问规则江苏排口,industrial,120.6,30.98,太浦河,320000,100,0.3,regulate,"
        "2025-06-30\n"
        "ACCESS-ZJ,访问规则浙江排口,municipal,120.5,30.77,澜溪塘,330000,100,0.3,ban,2030-06-30\n"
    ).encode()
    report = outfalls.import_outfalls(by=PLATFORM, channel="system", data=data, dry_run=False)
    assert not report.errors, report.errors
    outfall_rectification.complete_rectification(
        by=_user("js-editor"), channel="system", evidence="访问规则测试",
        outfall_id=Outfall.objects.get(code="ACCESS-JS").pk,
    )  # fmt: skip


def _consultation() -> None:
    """An open forecast consultation of the world's four cities (Shanghai its host city),
    which every member forecasts and the office records the consensus of."""
    from deltacap.air import forecast_services

    forecast_services.open_consultation(
        by=_user("office"),
        channel="system",
        day=datetime.now(UTC).date(),
        horizon=3,
        cities=list(AIR_STATIONS),
        hosts=["310000"],
    )


# A machine registered in Suzhou and one in Jiaxing, each failed a field check in the other
# member (a notice to each registering member).
MACHINES = {"苏E00A001": ("320500", "330400"), "浙F00A001": ("330400", "320500")}


def _machinery() -> None:
    from deltacap.mobile import machinery

    rows = "\n".join(f"{code},挖掘机,柴油,国三,{home}" for code, (home, _) in MACHINES.items())
    data = f"环保登记编码,机械类型,燃料类型,排放阶段,登记城市\n{rows}\n".encode()
    made = machinery.import_machinery(by=PLATFORM, channel="system", data=data, dry_run=False)
    assert made.written
    for code, (_, there) in MACHINES.items():
        machinery.record_check(
            by=PLATFORM, channel="system", code=code, city=there, place="示例工地", result="fail"
        )


def _phaseout() -> None:
    """Phase-out: a registered diesel truck in every city (the phase-out import routes name
    the one of their city) and a record of Suzhou's."""
    from deltacap.mobile import phaseout, services
    from deltacap.reference.models import Division
    from tests.access.routes import phaseout_plate

    cities = Division.objects.filter(prefecture=True).values_list("code", flat=True)
    rows = "\n".join(f"{phaseout_plate(c)},黄,重型货车,柴油,国III,{c},单位" for c in cities)
    data = f"号牌号码,号牌颜色,车辆类型,燃料类型,排放标准,注册城市,所有人类型\n{rows}\n".encode()
    made = services.import_vehicles(by=PLATFORM, channel="system", data=data, dry_run=False)
    assert made.written, made.to_json()
    data = (
        f"类别,号牌或编码,城市,月份,淘汰方式\n车辆,{phaseout_plate('320500')},320500,2026-03,报废\n"
    )
    assert phaseout.import_records(
        by=PLATFORM, channel="system", data=data.encode(), dry_run=False
    ).written


def _air_tracks() -> None:
    """Mobile monitoring (走航): a track of Jiangsu's and one of Zhejiang's, each with its
    hotspots and an open follow-up of its first hotspot."""
    from deltacap.air import tracks
    from deltacap.air.track_demo import track_csv

    for member, sites in (
        ("320000", [(120.4452, 31.2301), (120.4631, 31.2415)]),
        ("330000", [(120.1, 30.9), (120.12, 30.91)]),
    ):
        report = tracks.import_track(
            by=PLATFORM, channel="system", data=track_csv(sites), member=member, dry_run=False
        )
        assert report.written, report.to_json()
        hotspot = tracks.get_track(report.track_id or 0).hotspots.order_by("number").first()
        assert hotspot is not None
        tracks.record_follow_up(
            by=PLATFORM,
            channel="system",
            hotspot_id=hotspot.pk,
            inspector="访问规则测试",
            inspected_on="2025-11-24",
            finding="访问规则测试",
            deadline="2025-12-31",
        )


def _water_facilities() -> None:
    """Shared facilities of the demonstration zone: one Jiangsu and Zhejiang share, one
    Shanghai and Zhejiang share (so each editor meets one it shares and one it does not)."""
    from deltacap.water import facilities

    for name, members in (
        ("访问规则江浙共享设施", ("320000", "330000")),
        ("访问规则沪浙共享设施", ("310000", "330000")),
    ):
        facilities.save_facility(
            by=PLATFORM, channel="system",
            values={"name": name, "kind": "wastewater", "division": "320509", "capacity": 1000,
                    "capacity_unit": "m³/d", "status": "planned",
                    "shares": [{"member": m, "percent": 50} for m in members]},
        )  # fmt: skip


def _petrochem() -> None:
    """Hangzhou Bay petrochemicals: a bay enterprise of Zhejiang (Jiashan, in Jiaxing) and
    one of Shanghai (Jinshan), each with an open finding and a fence-line station."""
    from deltacap.enterprises.models import Enterprise
    from deltacap.petrochem import services, stations

    for county in ("330421", "310116"):
        firm = Enterprise.objects.filter(division_id=county).order_by("pk").first()
        assert firm is not None, county
        bay = services.save_bay_enterprise(
            by=PLATFORM, channel="system", enterprise_id=firm.pk,
            processes=[{"process": "petrochemical", "capacity": "100", "unit": "10kt/a"}],
        )  # fmt: skip
        services.record_finding(
            by=PLATFORM, channel="system", bay_id=bay.pk, kind="ldar_gap",
            description="访问规则测试", deadline="2026-12-31", found_on="2026-01-10",
        )  # fmt: skip
        stations.save_station(
            by=PLATFORM, channel="system", code=f"ACCESS-FL-{county}", name="访问规则测试站",
            city=firm.division.parent_id if county.startswith("33") else "310000",
            lon=121.0, lat=30.7, factors=["NMHC"], enterprise_id=bay.pk,
        )  # fmt: skip


def build_access_world() -> AccessWorld:
    market = build_market()
    _rights(market)
    year = _projects_and_outlets(market)
    _sign_in()
    _water_sections()
    _air_stations()
    _working_group()
    _air_event()
    _air_warnings()
    _settlements()
    _vehicles()
    _reports(year)
    _lakes()
    _taihu_reserves()
    _consultation()
    _machinery()
    _outfalls()
    _air_tracks()
    _phaseout()
    _water_facilities()
    _petrochem()
    return AccessWorld(market, year)
