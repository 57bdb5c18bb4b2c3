"""Demo data of the Hangzhou Bay petrochemicals: eight synthetic petrochemical and chemical
enterprises around the bay (made-up names marked （示例）, registered as synthetic records
of the enterprise registry) with their processes and capacities, one joint inspection
campaign of Shanghai and Zhejiang, and findings in every state: open, being rectified,
overdue, closed; two measured, one above the strictest limit. Then the shared monitoring
(simulated HJ 212 outlets) and four fence-line stations with four weeks of hourly readings.

Every write goes through the services (as the platform; rectifications and closure as the
enterprise's member editor where the demo accounts exist). A second run adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM, Actor
from deltacap.audit import services as audit
from deltacap.domain.uscc import check_character
from deltacap.enterprises.models import Enterprise
from deltacap.petrochem import services
from deltacap.petrochem.models import Campaign
from deltacap.reference.models import Division

CAMPAIGN = "环杭州湾石化化工 VOCs 联合执法检查（示例）"
# key, county, name, processes (process, capacity, unit)
ENTERPRISES = (
    ("jinshan_refinery", "310116", "金山滨海炼化有限公司（示例）",
     (("refining", "1400", "10kt/a"), ("petrochemical", "80", "10kt/a"))),
    ("fengxian_ethylene", "310120", "奉贤湾区乙烯化工有限公司（示例）",
     (("petrochemical", "120", "10kt/a"), ("synthetic_resin", "60", "10kt/a"))),
    ("fengxian_fine", "310120", "奉贤海湾精细化学品有限公司（示例）",
     (("fine_chemical", "5", "10kt/a"),)),
    ("zhenhai_refinery", "330211", "镇海湾口炼化有限公司（示例）",
     (("refining", "2300", "10kt/a"), ("petrochemical", "100", "10kt/a"),
      ("storage_loading", "300000", "m3"))),
    ("beilun_aromatics", "330206", "北仑港湾芳烃有限公司（示例）",
     (("petrochemical", "160", "10kt/a"), ("storage_loading", "120000", "m3"))),
    ("pinghu_chemical", "330482", "平湖独山港化工有限公司（示例）",
     (("fine_chemical", "12", "10kt/a"), ("synthetic_resin", "30", "10kt/a"))),
    ("shangyu_pharma", "330604", "上虞湾畔化学制药有限公司（示例）",
     (("pharmaceutical", "3000", "t/a"), ("fine_chemical", "2", "10kt/a"))),
    ("cixi_resin", "330282", "慈溪湾区新材料有限公司（示例）",
     (("synthetic_resin", "40", "10kt/a"),)),
)  # fmt: skip


def _uscc(county: str, n: int) -> str:
    first = f"91{county}MA7PC{n:03d}"[:17].ljust(17, "0")
    return first + check_character(first)


def _editor(member: str) -> Actor:
    name = {"310000": "sh-editor", "330000": "zj-editor"}[member]
    return User.objects.filter(username=name).first() or PLATFORM


def _enterprise(n: int, county: str, name: str) -> Enterprise:
    code = _uscc(county, n)
    found = Enterprise.objects.filter(uscc=code).first()
    if found is not None:
        return found
    division = Division.objects.get(code=county)
    firm = Enterprise.objects.create(
        uscc=code, name=name, division=division, sector="石油化工（示例）",
        address=f"{division.name_zh}（示例地址）", synthetic=True,
    )  # fmt: skip
    audit.record(
        actor=PLATFORM, channel="system", action="enterprise.create", object_type="enterprise",
        object_id=firm.pk, member_code=firm.member_code,
        after={"name": name, "uscc": code, "synthetic": True},
    )  # fmt: skip
    return firm


def load_demo_petrochem() -> int:
    """Create the demo's bay enterprises, campaign and findings; the findings made."""
    if Campaign.objects.filter(name=CAMPAIGN).exists():
        return 0
    bay = {}
    for n, (key, county, name, processes) in enumerate(ENTERPRISES, start=1):
        firm = _enterprise(n, county, name)
        bay[key] = services.save_bay_enterprise(
            by=PLATFORM, channel="system", enterprise_id=firm.pk, synthetic=True,
            processes=[{"process": p, "capacity": c, "unit": u} for p, c, u in processes],
        )  # fmt: skip
    today = timezone.localdate()
    visited = ("jinshan_refinery", "fengxian_ethylene", "zhenhai_refinery", "pinghu_chemical",
               "shangyu_pharma")  # fmt: skip
    campaign = services.create_campaign(
        by=PLATFORM, channel="system", name=CAMPAIGN, starts=today - timedelta(days=75),
        ends=today - timedelta(days=60), members=["310000", "330000"],
        enterprises=[bay[k].pk for k in visited], synthetic=True,
        note="沪浙两地交叉互查，统一标准、统一监测、统一执法（示例）",
    )  # fmt: skip
    found_on = today - timedelta(days=70)

    def finding(key: str, kind: str, text: str, days: int, **measured: str) -> int:
        f = services.record_finding(
            by=PLATFORM, channel="system", bay_id=bay[key].pk, kind=kind, description=text,
            found_on=found_on, deadline=today + timedelta(days=days), campaign_id=campaign.pk,
            synthetic=True, **measured,
        )  # fmt: skip
        return f.pk

    finding("zhenhai_refinery", "ldar_gap",
            "常减压装置 LDAR 检测覆盖率不足，部分法兰、阀门密封点未建档（示例）", 30)  # fmt: skip
    stack = finding("jinshan_refinery", "exceedance",
                    "RTO 焚烧炉出口非甲烷总烃监督性监测超标（示例）", 20,
                    point="stack", concentration="95.0")  # fmt: skip
    # Overdue and without rectification: the lists flag it.
    finding("pinghu_chemical", "unorganised",
                   "储罐区呼吸阀逸散，企业边界非甲烷总烃偏高（示例）", -10,
                   point="boundary", concentration="4.6")  # fmt: skip
    finding("fengxian_ethylene", "unorganised", "装车站台油气回收设施未正常运行（示例）", 45,
            point="in_plant", concentration="8.0")  # fmt: skip
    done = finding("shangyu_pharma", "ldar_gap", "LDAR 复测记录不全（示例）", 15)
    services.record_rectification(
        by=_editor("310000"), channel="system", finding_id=stack,
        measures="更换蓄热体、调整炉温，已委托复测（示例）", day=today - timedelta(days=20),
    )  # fmt: skip
    services.record_rectification(
        by=_editor("330000"), channel="system", finding_id=done,
        measures="补齐复测记录并建立台账（示例）", day=today - timedelta(days=40),
    )  # fmt: skip
    services.close_finding(by=_editor("330000"), channel="system", finding_id=done,
                           note="核查通过（示例）")  # fmt: skip
    return 5


# Shared monitoring: simulated HJ 212 flue-gas devices (NMHC among their factors) on four
# of the demo's bay enterprises, with the monitoring demo's days of data.
MONITORED = ("jinshan_refinery", "fengxian_ethylene", "zhenhai_refinery", "pinghu_chemical")
MN_PREFIX = "BA"
MN_SEED = 2612
PACKETS_FROM = 500_000_000


def load_demo_petrochem_monitoring(now: datetime | None = None, root: Path | None = None) -> int:
    """Register the bay's simulated outlets and write their data; the value rows written
    (none when the bay's demo enterprises are missing)."""
    from deltacap.domain.china_time import CHINA_STANDARD_TIME
    from deltacap.monitoring import simulated, store
    from deltacap.monitoring.demo import DEMO_MINUTES, write_records
    from deltacap.monitoring.models import Device
    from deltacap.monitoring.registry import device_table
    from deltacap.monitoring.services import register_device

    now = now or datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)
    names = dict((key, name) for key, _county, name, _p in ENTERPRISES)
    firms = {e.name: e for e in Enterprise.objects.filter(name__in=names.values())}
    sims = [s for s in simulated.devices(2 * len(MONITORED), prefix=MN_PREFIX, seed=MN_SEED)
            if s.medium == "air"]  # fmt: skip
    known = set(Device.objects.filter(mn__in=[s.mn for s in sims]).values_list("mn", flat=True))
    for sim, key in zip(sims, MONITORED, strict=True):
        firm = firms.get(names[key])
        if firm is None:
            return 0
        if sim.mn not in known:
            register_device(
                by=PLATFORM, channel="system", mn=sim.mn, password=sim.password,
                enterprise=firm.uscc, outlet_code="DA001", outlet_name="RTO 排气筒（示例）",
                medium="air", minute_interval=DEMO_MINUTES, limits=sim.limits(),
            )  # fmt: skip
    table = device_table()
    registry = {s.mn: table[s.mn] for s in sims if s.mn in table}
    return write_records(sims, registry, now, root or store.store_root(),
                         part="petrochem-demo.parquet", first_packet_id=PACKETS_FROM)  # fmt: skip


# Fence-line stations (synthetic, marked 示例): three at the boundary of demo enterprises and
# one of a chemical park, with four weeks of hourly readings in the ozone season of the
# demo's air year (the year of hourly air data up to now), one hour above the NMHC limit.
# code, enterprise key (or ""), park, city, lon, lat, factors
FENCE_STATIONS = (
    ("DEMO-FL-01", "jinshan_refinery", "", "310000", 121.332, 30.705,
     ("NMHC", "benzene", "toluene", "xylene")),
    ("DEMO-FL-02", "zhenhai_refinery", "", "330200", 121.705, 29.962,
     ("NMHC", "benzene", "toluene", "xylene")),
    ("DEMO-FL-03", "pinghu_chemical", "", "330400", 121.085, 30.605, ("NMHC",)),
    ("DEMO-FL-04", "", "杭州湾上虞经济技术开发区（示例）", "330600", 120.875, 30.135,
     ("NMHC", "toluene")),
)  # fmt: skip
FENCE_WEEKS = 4
FENCE_SEED = 37822
# The one exceedance: the Pinghu station, on the tenth day at 14:00, NMHC 4.8 mg/m³.
EXCEEDANCE = ("DEMO-FL-03", 9, 14, "4.8")
TYPICAL = {"NMHC": 0.9, "benzene": 0.02, "toluene": 0.06, "xylene": 0.04}


def fence_days(now: datetime) -> tuple[datetime, int]:
    """The first hour and the number of days of the demo's readings: the four weeks up to
    28 July of the latest ozone season begun four weeks ago, or up to yesterday while that
    July is still to come (always inside the year of air data up to now)."""
    length = 7 * FENCE_WEEKS
    yesterday = now.date() - timedelta(days=1)
    year = yesterday.year if yesterday >= date(yesterday.year, 5, length) else yesterday.year - 1
    end = min(yesterday, date(year, 7, length))
    return datetime.combine(end - timedelta(days=length - 1), datetime.min.time()), length


def fence_csv(now: datetime) -> bytes:
    """The demo's hourly readings as the import takes them (CSV)."""
    import numpy as np

    rng = np.random.default_rng(FENCE_SEED)
    first, days = fence_days(now)
    lines = ["station,time," + ",".join(TYPICAL)]
    for code, _key, _park, _city, _lon, _lat, factors in FENCE_STATIONS:
        for hour in range(days * 24):
            time = first + timedelta(hours=hour)
            # More VOCs at night and in the morning, when the boundary layer is low.
            shape = 1.0 + 0.35 * np.cos((time.hour - 4) / 24 * 2 * np.pi)
            cells = []
            for factor, typical in TYPICAL.items():
                value = typical * shape * rng.lognormal(0.0, 0.25)
                cells.append(f"{min(value, typical * 3):.3f}" if factor in factors else "")
            if (code, hour // 24, time.hour) == EXCEEDANCE[:3]:
                cells[0] = EXCEEDANCE[3]
            lines.append(f"{code},{time:%Y-%m-%d %H:%M}," + ",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def load_demo_petrochem_fence(now: datetime | None = None) -> int:
    """Register the demo's fence-line stations and import their readings (through the
    services, as the platform); the hours imported (none when done before or when the bay's
    demo enterprises are missing)."""
    from deltacap.domain.china_time import CHINA_STANDARD_TIME
    from deltacap.petrochem import fence_import, stations
    from deltacap.petrochem.models import BayEnterprise, FenceStation

    if FenceStation.objects.filter(code=FENCE_STATIONS[0][0]).exists():
        return 0
    names = {key: name for key, _county, name, _p in ENTERPRISES}
    bays = {b.enterprise.name: b for b in BayEnterprise.objects.select_related("enterprise")}
    for code, key, park, city, lon, lat, factors in FENCE_STATIONS:
        bay = bays.get(names[key]) if key else None
        if key and bay is None:
            return 0
        where = (bay.enterprise.name if bay else park).removesuffix("（示例）")
        stations.save_station(
            by=PLATFORM, channel="system", code=code, name=f"{where}厂界站（示例）", city=city,
            lon=lon, lat=lat, factors=factors, enterprise_id=bay.pk if bay else None, park=park,
            synthetic=True,
        )  # fmt: skip
    now = now or datetime.now(CHINA_STANDARD_TIME).replace(tzinfo=None)
    report = fence_import.import_readings(
        by=PLATFORM, channel="system", data=fence_csv(now), dry_run=False, synthetic=True
    )
    return report.rows
