"""Demo data of the outfalls (synthetic, marked so): the curated river network of the
Taihu basin, the Taipu River, the Xin'anjiang, Chaohu and Hongze Lake (approximate), and
a few synthetic outfalls on it, some kept by synthetic enterprises with their wastewater
outlets, so that tracing from 金泽 or 黎里 on the Taipu River ranks them. All through the
services as the platform (audited). A second run adds nothing."""

from __future__ import annotations

import json

from deltacap.accounts.permissions import PLATFORM
from deltacap.enterprises.models import Enterprise
from deltacap.water import outfalls
from deltacap.water.models_outfalls import Outfall, Reach

HEADER = (
    "code,name,kind,lon,lat,receiving_water,member,enterprise,outlets,approved_m3_per_day,"
    "COD,NH3-N,TP,TN,rectification,deadline"
)
# code, name, kind, lon, lat, water, member, enterprise slot, m³/d, COD, NH3-N, TP, TN,
# rectification, deadline. Enterprise slot: "js"/"zj" take a synthetic enterprise of that
# member (with its wastewater outlets), "" none.
ROWS = [
    ("DEMO-JS-001", "平望镇工业集中区排污口（演示）", "industrial", 120.62, 30.982, "太浦河",
     "320000", "js", 3000, 50, 5, 0.5, 15, "regulate", "2026-12-31"),
    ("DEMO-JS-002", "芦墟污水处理厂排口（演示）", "municipal", 120.88, 31.01, "太浦河",
     "320000", "", 20000, 30, 1.5, 0.3, 10, "none", ""),
    ("DEMO-JS-003", "黎里镇雨污混合排口（演示）", "mixed", 120.74, 30.968, "太浦河",
     "320000", "", 800, 80, 8, 1.2, "", "ban", "2026-06-30"),
    ("DEMO-JS-004", "武进漕桥河工业排污口（演示）", "industrial", 119.90, 31.54, "漕桥河",
     "320000", "", 5000, 50, 5, 0.5, 15, "none", ""),
    ("DEMO-ZJ-001", "南浔印染企业排污口（演示）", "industrial", 120.42, 30.883, "頔塘",
     "330000", "zj", 1500, 60, 5, "", "", "merge", "2027-06-30"),
    ("DEMO-ZJ-002", "乌镇污水处理厂排口（演示）", "municipal", 120.50, 30.77, "澜溪塘",
     "330000", "", 10000, 30, 1.5, 0.3, 12, "none", ""),
    ("DEMO-ZJ-003", "澜溪塘农业退水口（演示）", "agricultural", 120.57, 30.87, "澜溪塘",
     "330000", "", 2000, "", "", "", "", "none", ""),
    ("DEMO-SH-001", "黄浦江上游工业排污口（演示）", "industrial", 121.15, 31.00, "黄浦江",
     "310000", "", 500, 40, 2, 0.4, 12, "none", ""),
    ("DEMO-AH-001", "屯溪污水处理厂排口（演示）", "municipal", 118.36, 29.73, "新安江",
     "340000", "", 30000, 30, 1.5, 0.3, 12, "none", ""),
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


def demo_csv() -> bytes:
    slots = {
        "js": _enterprise("320000", ("320500",)),  # 苏州 (吴江)
        "zj": _enterprise("330000", ("330500", "330400")),  # 湖州, 嘉兴
    }
    lines = [HEADER]
    for row in ROWS:
        code, name, kind, lon, lat, water, member, slot, q, cod, nh3, tp, tn, rect, day = row
        uscc, outlets = slots.get(str(slot), ("", ""))
        cells = [code, name, kind, lon, lat, water, member, uscc, outlets, q, cod, nh3, tp, tn,
                 rect, day]  # fmt: skip
        lines.append(",".join(str(c) for c in cells))
    return ("\n".join(lines) + "\n").encode()


def load_demo_outfalls() -> int:
    """The network and the outfalls; the outfalls written."""
    if Outfall.objects.exists():
        return 0
    if not Reach.objects.exists():
        data = json.dumps(outfalls.demo_network_geojson(), ensure_ascii=False).encode()
        outfalls.import_network(by=PLATFORM, channel="system", data=data, dry_run=False)
    report = outfalls.import_outfalls(
        by=PLATFORM, channel="system", data=demo_csv(), dry_run=False, synthetic=True
    )
    if report.errors:
        raise RuntimeError(f"demo outfalls: {report.errors}")
    return report.created
