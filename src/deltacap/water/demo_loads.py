"""Demo data of the N/P loads into Taihu (synthetic, marked so): three made-up inflow
sections on rivers entering the lake (苕溪, 漕桥河, 直湖港; approximate positions), four
years of synthetic monthly samples and mean flows at them, through the services as the
platform (audited). One month has no flow and one no sample, so that the gaps show. A
second run adds nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

from deltacap.accounts.permissions import PLATFORM
from deltacap.water import loads, services
from deltacap.water.models import Section, SectionFlow, WaterBody

MONTHS = 48
SOURCE = "演示入湖断面（虚构，位置近似），用于展示入湖氮磷负荷"
# code, name_zh, name_en, river code, river zh, river en, lon, lat, member, mean flow
# (m³/s), TN, TP, COD, NH3-N (mg/L).
INFLOWS = [
    ("tiaoxi-inflow-demo", "苕溪入湖口（示意）", "Tiaoxi inflow (demo point)", "tiaoxi-demo",
     "苕溪（示意）", "Tiaoxi River (demo)", 120.13, 30.95, "330000", 60.0, 2.2, 0.10, 14.0, 0.3),
    ("caoqiao-inflow-demo", "漕桥河入湖口（示意）", "Caoqiao River inflow (demo point)",
     "caoqiaohe-demo", "漕桥河（示意）", "Caoqiao River (demo)", 119.93, 31.45, "320000",
     15.0, 3.5, 0.18, 18.0, 0.8),
    ("zhihugang-inflow-demo", "直湖港入湖口（示意）", "Zhihugang inflow (demo point)",
     "zhihugang-demo", "直湖港（示意）", "Zhihugang (demo)", 120.13, 31.50, "320000",
     8.0, 3.0, 0.15, 17.0, 0.6),
]  # fmt: skip


def _months(today: dt.date) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(MONTHS):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        out.append((y, m))
    return sorted(out)


def _csvs(today: dt.date) -> tuple[bytes, bytes]:
    samples, flows = io.StringIO(), io.StringIO()
    s, f = csv.writer(samples, lineterminator="\n"), csv.writer(flows, lineterminator="\n")
    s.writerow(["section", "date", "TN", "TP", "COD", "NH3-N"])
    f.writerow(["section", "year", "month", "flow_m3_s"])
    months = _months(today)
    for i, row in enumerate(INFLOWS):
        code, flow, tn, tp, cod, nh3 = row[0], row[9], row[10], row[11], row[12], row[13]
        for n, (y, m) in enumerate(months):
            wet = 1 + 0.5 * math.sin((m - 3) / 12 * 2 * math.pi)  # high in June
            trend = 1 - 0.05 * n / 12  # a slow cut
            wobble = 1 + 0.07 * math.sin(n * 1.7 + i)
            # The gaps (in the first twelve months, so the last full years are whole): no
            # flow at 漕桥河 in February, no sample at 直湖港 in August.
            if not (i == 1 and m == 2 and n < 12):
                f.writerow([code, y, m, f"{flow * wet * wobble:.1f}"])
            if not (i == 2 and m == 8 and n < 12):
                c = trend * wobble
                s.writerow([code, dt.date(y, m, 12).isoformat(), f"{tn * c:.2f}",
                            f"{tp * c:.3f}", f"{cod * c:.1f}", f"{nh3 * c:.2f}"])  # fmt: skip
    return samples.getvalue().encode(), flows.getvalue().encode()


def load_demo_loads(today: dt.date | None = None) -> int:
    """The inflow sections, their samples and flows; the flows written."""
    if SectionFlow.objects.exists():
        return 0
    for code, zh, en, body, body_zh, body_en, lon, lat, member, *_ in INFLOWS:
        river, _created = WaterBody.objects.get_or_create(
            code=body,
            defaults={"name_zh": body_zh, "name_en": body_en, "kind": "river",
                      "source": SOURCE, "synthetic": True},
        )  # fmt: skip
        if not Section.objects.filter(code=code).exists():
            services.save_section(
                by=PLATFORM,
                channel="system",
                code=code,
                water_body=river,
                values={"name_zh": zh, "name_en": en, "kind": "provincial", "lon": lon,
                        "lat": lat, "target_class": 3, "source": SOURCE, "approximate": True,
                        "synthetic": True},
                responsible=[member],
            )  # fmt: skip
    samples, flows = _csvs(today or dt.date.today())
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
