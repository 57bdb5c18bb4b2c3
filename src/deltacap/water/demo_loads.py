"""Demo data of the N/P loads into the four lakes (synthetic, marked so): inflow sections on
rivers entering 太湖 (苕溪, 漕桥河, 直湖港; made-up points), 巢湖 (南淝河, 杭埠河), 淀山湖
(急水港, 千灯浦) and 洪泽湖 (淮河, 怀洪新河): the rivers are real, their mouths placed by
place name (approximate), the sections, flows and samples made up (示例). Four years of
synthetic monthly samples and mean flows at them, through the services as the platform
(audited). At Taihu one month has no flow and one no sample, so that the gaps show. A
second run adds nothing; a run over an older demo adds the lakes it lacks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

from deltacap.accounts.permissions import PLATFORM
from deltacap.water import loads, services
from deltacap.water.models import Section, SectionFlow, WaterBody

MONTHS = 48
SOURCE = "演示入湖断面（虚构，位置近似），用于展示入湖氮磷负荷"
PLACED = "示例入湖断面：河流真实，入湖口按地名近似定位（未核实），流量与水质为虚构数据"


@dataclass(frozen=True)
class Inflow:
    """A demo inflow section: where, on which river, kept by whom, and its synthetic mean
    flow (m³/s) and concentrations (mg/L)."""

    code: str
    name_zh: str
    name_en: str
    river: tuple[str, str, str]  # code, name_zh, name_en
    lon: float
    lat: float
    responsible: tuple[str, ...]
    flow: float
    tn: float
    tp: float
    cod: float
    nh3: float
    source: str = SOURCE
    upstream: str | None = None
    downstream: str | None = None


INFLOWS = [
    Inflow("tiaoxi-inflow-demo", "苕溪入湖口（示意）", "Tiaoxi inflow (demo point)",
           ("tiaoxi-demo", "苕溪（示意）", "Tiaoxi River (demo)"), 120.13, 30.95, ("330000",),
           60.0, 2.2, 0.10, 14.0, 0.3),
    Inflow("caoqiao-inflow-demo", "漕桥河入湖口（示意）", "Caoqiao River inflow (demo point)",
           ("caoqiaohe-demo", "漕桥河（示意）", "Caoqiao River (demo)"), 119.93, 31.45,
           ("320000",), 15.0, 3.5, 0.18, 18.0, 0.8),
    Inflow("zhihugang-inflow-demo", "直湖港入湖口（示意）", "Zhihugang inflow (demo point)",
           ("zhihugang-demo", "直湖港（示意）", "Zhihugang (demo)"), 120.13, 31.50,
           ("320000",), 8.0, 3.0, 0.15, 17.0, 0.6),
    # 巢湖: 南淝河 enters at 施口 (north-west), 杭埠河 near 三河 (south-west).
    Inflow("nanfei-inflow-demo", "南淝河入湖口（示例，位置近似）",
           "Nanfei River inflow (example, approximate)",
           ("nanfeihe", "南淝河", "Nanfei River"), 117.40, 31.70, ("340000",),
           15.0, 5.5, 0.28, 22.0, 1.5, PLACED),
    Inflow("hangbu-inflow-demo", "杭埠河入湖口（示例，位置近似）",
           "Hangbu River inflow (example, approximate)",
           ("hangbuhe", "杭埠河", "Hangbu River"), 117.36, 31.52, ("340000",),
           55.0, 2.0, 0.09, 14.0, 0.35, PLACED),
    # 淀山湖: 急水港 from 周庄 (west), 千灯浦 (north); both from Kunshan.
    Inflow("jishuigang-inflow-demo", "急水港入湖口（示例，位置近似）",
           "Jishuigang inflow (example, approximate)",
           ("jishuigang", "急水港", "Jishuigang River"), 120.90, 31.15, ("310000", "320000"),
           45.0, 2.4, 0.13, 16.0, 0.5, PLACED, "320000", "310000"),
    Inflow("qiandengpu-inflow-demo", "千灯浦入湖口（示例，位置近似）",
           "Qiandengpu inflow (example, approximate)",
           ("qiandengpu", "千灯浦", "Qiandengpu River"), 120.96, 31.17, ("320000",),
           10.0, 2.9, 0.16, 18.0, 0.7, PLACED),
    # 洪泽湖: 淮河 at 老子山 (south-west), 怀洪新河 from Anhui into 溧河洼 (west).
    Inflow("huaihe-inflow-demo", "淮河入湖口（示例，位置近似）",
           "Huai River inflow (example, approximate)",
           ("huaihe", "淮河", "Huai River"), 118.56, 33.14, ("320000",),
           800.0, 2.2, 0.11, 15.0, 0.3, PLACED),
    Inflow("huaihong-inflow-demo", "怀洪新河入湖口（示例，位置近似）",
           "Huaihong New River inflow (example, approximate)",
           ("huaihongxinhe", "怀洪新河", "Huaihong New River"), 118.33, 33.33,
           ("320000", "340000"), 60.0, 2.8, 0.15, 18.0, 0.5, PLACED, "340000", "320000"),
]  # fmt: skip
GAPPY = ("caoqiao-inflow-demo", "zhihugang-inflow-demo")


def _months(today: dt.date) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(MONTHS):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.append((y, m))
    return sorted(out)


def _csvs(today: dt.date, inflows: list[Inflow]) -> tuple[bytes, bytes]:
    samples, flows = io.StringIO(), io.StringIO()
    s, f = csv.writer(samples, lineterminator="\n"), csv.writer(flows, lineterminator="\n")
    s.writerow(["section", "date", "TN", "TP", "COD", "NH3-N"])
    f.writerow(["section", "year", "month", "flow_m3_s"])
    months = _months(today)
    for i, inflow in enumerate(INFLOWS):
        if inflow not in inflows:
            continue
        for n, (y, m) in enumerate(months):
            wet = 1 + 0.5 * math.sin((m - 3) / 12 * 2 * math.pi)  # high in June
            trend = 1 - 0.05 * n / 12  # a slow cut
            wobble = 1 + 0.07 * math.sin(n * 1.7 + i % 3)
            # The gaps (in the first twelve months, so the last full years are whole): no
            # flow at 漕桥河 in February, no sample at 直湖港 in August.
            if not (inflow.code == GAPPY[0] and m == 2 and n < 12):
                f.writerow([inflow.code, y, m, f"{inflow.flow * wet * wobble:.1f}"])
            if not (inflow.code == GAPPY[1] and m == 8 and n < 12):
                c = trend * wobble
                s.writerow([inflow.code, dt.date(y, m, 12).isoformat(), f"{inflow.tn * c:.2f}",
                            f"{inflow.tp * c:.3f}", f"{inflow.cod * c:.1f}",
                            f"{inflow.nh3 * c:.2f}"])  # fmt: skip
    return samples.getvalue().encode(), flows.getvalue().encode()


def _section(inflow: Inflow) -> None:
    code, zh, en = inflow.river
    river, _created = WaterBody.objects.get_or_create(
        code=code,
        defaults={"name_zh": zh, "name_en": en, "kind": "river", "source": inflow.source,
                  "synthetic": True},
    )  # fmt: skip
    if Section.objects.filter(code=inflow.code).exists():
        return
    services.save_section(
        by=PLATFORM,
        channel="system",
        code=inflow.code,
        water_body=river,
        values={"name_zh": inflow.name_zh, "name_en": inflow.name_en,
                "kind": "cross_border" if inflow.upstream else "provincial",
                "lon": inflow.lon, "lat": inflow.lat, "target_class": 3,
                "source": inflow.source, "approximate": True, "synthetic": True},
        responsible=list(inflow.responsible),
        upstream=inflow.upstream,
        downstream=inflow.downstream,
    )  # fmt: skip


def load_demo_loads(today: dt.date | None = None) -> int:
    """The inflow sections without flows yet, their samples and flows; the flows written."""
    stocked = set(SectionFlow.objects.values_list("section__code", flat=True).distinct())
    todo = [i for i in INFLOWS if i.code not in stocked]
    if not todo:
        return 0
    for inflow in todo:
        _section(inflow)
    samples, flows = _csvs(today or dt.date.today(), todo)
    report = services.import_samples(
        by=PLATFORM, channel="system", data=samples, dry_run=False, synthetic=True
    )
    if report.errors:
        raise RuntimeError(f"demo inflow samples: {report.errors[0]}")
    report = loads.import_flows(
        by=PLATFORM, channel="system", data=flows, dry_run=False, synthetic=True
    )
    if report.errors:
        raise RuntimeError(f"demo flows: {report.errors[0]}")
    return report.created
