"""Demo data of the outfalls (synthetic, marked so): the curated river network of the
Taihu basin, the Taipu River, the Xin'anjiang, Chaohu and Hongze Lake (approximate), and
a few synthetic outfalls on it, some kept by synthetic enterprises with their wastewater
outlets, so that tracing from 金泽 or 黎里 on the Taipu River ranks them. Six are under
rectification, their deadlines counted from the day the demo is built: four recorded as
done by their member's editor (where the demo's accounts exist), of which the region
office verified two, sent one back (open again) and left one awaiting verification; one
more open and one open past its deadline (overdue). All through the services (audited).
A second run adds nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.utils import timezone

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.domain.access import Role
from deltacap.enterprises.models import Enterprise
from deltacap.water import outfall_rectification, outfalls
from deltacap.water.models_outfalls import Outfall, Reach

HEADER = (
    "code,name,kind,lon,lat,receiving_water,member,enterprise,outlets,approved_m3_per_day,"
    "COD,NH3-N,TP,TN,rectification,deadline"
)
# code, name, kind, lon, lat, water, member, enterprise slot, m³/d, COD, NH3-N, TP, TN,
# rectification, deadline (days from the demo's day). Enterprise slot: "js"/"zj" take a
# synthetic enterprise of that member (with its wastewater outlets), "" none.
ROWS = [
    ("DEMO-JS-001", "平望镇工业集中区排污口（演示）", "industrial", 120.62, 30.982, "太浦河",
     "320000", "js", 3000, 50, 5, 0.5, 15, "regulate", 200),
    ("DEMO-JS-002", "芦墟污水处理厂排口（演示）", "municipal", 120.88, 31.01, "太浦河",
     "320000", "", 20000, 30, 1.5, 0.3, 10, "none", None),
    ("DEMO-JS-003", "黎里镇雨污混合排口（演示）", "mixed", 120.74, 30.968, "太浦河",
     "320000", "", 800, 80, 8, 1.2, "", "ban", -45),
    ("DEMO-JS-004", "武进漕桥河工业排污口（演示）", "industrial", 119.90, 31.54, "漕桥河",
     "320000", "", 5000, 50, 5, 0.5, 15, "regulate", -20),
    ("DEMO-ZJ-001", "南浔印染企业排污口（演示）", "industrial", 120.42, 30.883, "頔塘",
     "330000", "zj", 1500, 60, 5, "", "", "merge", 200),
    ("DEMO-ZJ-002", "乌镇污水处理厂排口（演示）", "municipal", 120.50, 30.77, "澜溪塘",
     "330000", "", 10000, 30, 1.5, 0.3, 12, "none", None),
    ("DEMO-ZJ-003", "澜溪塘农业退水口（演示）", "agricultural", 120.57, 30.87, "澜溪塘",
     "330000", "", 2000, "", "", "", "", "regulate", -60),
    ("DEMO-SH-001", "黄浦江上游工业排污口（演示）", "industrial", 121.15, 31.00, "黄浦江",
     "310000", "", 500, 40, 2, 0.4, 12, "ban", 90),
    ("DEMO-AH-001", "屯溪污水处理厂排口（演示）", "municipal", 118.36, 29.73, "新安江",
     "340000", "", 30000, 30, 1.5, 0.3, 12, "none", None),
]  # fmt: skip
# Recorded as done: code, days before the demo's day, the evidence.
DONE = [
    ("DEMO-JS-004", 30, "排口已规范整治：设标志牌、采样井和流量计，现场核查合格（演示）。"),
    ("DEMO-ZJ-003", 75, "退水口已规范整治：加装闸门和计量设施，纳入日常巡查（演示）。"),
    ("DEMO-SH-001", 10, "排污口已封堵取缔，废水接入市政管网；现场核查照片存档（演示）。"),
    ("DEMO-ZJ-001", 20, "排污口已并入南浔污水处理厂管网（演示）。"),
]  # fmt: skip
# Then checked by the region office (核查销号): code, days before the demo's day, and the
# note (verified) or the reason (sent back); DEMO-ZJ-003 is left awaiting verification.
VERIFIED = [
    ("DEMO-JS-004", 25, "现场核查：标志牌、采样井和流量计齐全，同意销号（演示）。"),
    ("DEMO-SH-001", 3, "现场核查：排口已封堵，无渗漏，同意销号（演示）。"),
]  # fmt: skip
SENT_BACK = [
    ("DEMO-ZJ-001", "未见管网接驳验收记录和接管后的水质监测报告，请补充后重新报送（演示）。"),
]  # fmt: skip


def _enterprise(member: str, cities: tuple[str, ...]) -> tuple[str, str]:
    """A synthetic enterprise of ``member`` (in one of ``cities`` where there is one; one
    with wastewater outlets first): its credit code and its wastewater outlets' codes."""
    found = Enterprise.objects.filter(member_code=member, synthetic=True).order_by("pk")
    for city in cities:
        near = found.filter(division__code__startswith=city[:4])
        if near.exists():
            found = near
            break
    for e in found[:200]:
        codes = [o.code for o in e.outlets.all() if o.code.startswith("DW")]
        if codes:
            return e.uscc, ";".join(codes)
    first = found.first()
    return (first.uscc, "") if first else ("", "")


def demo_csv(today: dt.date | None = None) -> bytes:
    day = today or timezone.localdate()
    slots = {
        "js": _enterprise("320000", ("320500",)),  # 苏州 (吴江)
        "zj": _enterprise("330000", ("330500", "330400")),  # 湖州, 嘉兴
    }
    lines = [HEADER]
    for row in ROWS:
        code, name, kind, lon, lat, water, member, slot, q, cod, nh3, tp, tn, rect, days = row
        uscc, outlets = slots.get(str(slot), ("", ""))
        due = "" if days is None else (day + dt.timedelta(days=int(days))).isoformat()
        cells = [code, name, kind, lon, lat, water, member, uscc, outlets, q, cod, nh3, tp, tn,
                 rect, due]  # fmt: skip
        lines.append(",".join(str(c) for c in cells))
    return ("\n".join(lines) + "\n").encode()


def load_demo_outfalls(today: dt.date | None = None) -> int:
    """The network and the outfalls, some rectified; the outfalls written."""
    if Outfall.objects.exists():
        return 0
    day = today or timezone.localdate()
    if not Reach.objects.exists():
        data = json.dumps(outfalls.demo_network_geojson(), ensure_ascii=False).encode()
        outfalls.import_network(by=PLATFORM, channel="system", data=data, dry_run=False)
    report = outfalls.import_outfalls(
        by=PLATFORM, channel="system", data=demo_csv(day), dry_run=False, synthetic=True
    )
    if report.errors:
        raise RuntimeError(f"demo outfalls: {report.errors}")
    base = min(day, timezone.localdate())
    for code, days, evidence in DONE:
        outfall = Outfall.objects.get(code=code)
        outfall_rectification.complete_rectification(
            by=_recorder(outfall.member_id), channel="system", outfall_id=outfall.pk,
            evidence=evidence, completed_on=base - dt.timedelta(days),
        )  # fmt: skip
    _check(base)
    return report.created


def _check(base: dt.date) -> None:
    """The office's verifications and sending back (a person's decision: none without the
    office's demo account)."""
    office = User.objects.filter(role=Role.OFFICE.value, is_active=True).order_by("pk").first()
    if office is None:
        return
    for code, days, note in VERIFIED:
        outfall_rectification.verify_rectification(
            by=office, channel="system", outfall_id=Outfall.objects.get(code=code).pk,
            verified_on=base - dt.timedelta(days), note=note,
        )  # fmt: skip
    for code, reason in SENT_BACK:
        outfall_rectification.send_back_rectification(
            by=office, channel="system", outfall_id=Outfall.objects.get(code=code).pk,
            reason=reason,
        )  # fmt: skip


def _recorder(member: str) -> Any:
    """The member's first editor among the demo's accounts, else the platform."""
    found = User.objects.filter(role=Role.MEMBER_EDITOR.value, division_id=member, is_active=True)
    return found.order_by("pk").first() or PLATFORM
