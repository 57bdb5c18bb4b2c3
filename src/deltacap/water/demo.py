"""Demo data of water quality: the plan's water bodies, sections on them (real named
places where their position could be sourced, marked approximate; made-up points marked
synthetic), and two years of synthetic monthly samples per section, imported through the
CSV import as the platform (audited). Plausible by design: the Xin'anjiang and Qiandao
Lake at class II, Taihu with high N and P (TP of the lake row at class IV), the Taipu
River at class III. The Xin'anjiang eco-compensation settlement of the last full year is
computed from the synthetic samples at 街口 and approved. A second run adds nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from importlib import resources
from typing import Any

import numpy as np

from deltacap.accounts.permissions import PLATFORM
from deltacap.water import services, settlements
from deltacap.water.models import Sample, Settlement, WaterBody

MONTHS = 24
# Items that follow the season (summer peak) and those that fall in summer.
SUMMER_HIGH = ("TP", "TN", "Chla", "CODMn", "NH3-N")
SUMMER_LOW = ("DO", "SD")
DECIMALS = {"pH": 2, "DO": 2, "CODMn": 2, "COD": 1, "BOD5": 2, "Chla": 1, "SD": 2}


def _data() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath("data/demo_sections.json").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


def _months(today: dt.date) -> list[dt.date]:
    """The sampling days (the 10th) of the 24 months before ``today``'s month."""
    y, m = today.year, today.month
    days = []
    for _ in range(MONTHS):
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        days.append(dt.date(y, m, 10))
    return sorted(days)


def synthetic_csv(data: dict[str, Any], today: dt.date, seed: int = 14) -> bytes:
    """The demo's samples as the CSV the import reads."""
    rng = np.random.default_rng(seed)
    items = ["pH", "DO", "CODMn", "COD", "BOD5", "NH3-N", "TP", "TN", "Chla", "SD"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "date", *items])
    days = _months(today)
    for section in data["sections"]:
        base = data["profiles"][section["profile"]]
        for n, day in enumerate(days):
            season = math.sin((day.month - 4) / 12 * 2 * math.pi)  # +1 in July
            trend = 1 - 0.04 * n / 12  # a slow improvement
            row = []
            for item in items:
                if item not in base:
                    row.append("")
                    continue
                value = base[item]
                if item == "pH":
                    value += rng.normal(0, 0.15)
                else:
                    factor = 1 + (0.25 * season if item in SUMMER_HIGH else 0)
                    factor -= 0.12 * season if item in SUMMER_LOW else 0
                    factor *= trend if item in ("TP", "TN", "NH3-N", "CODMn") else 1
                    value *= factor * rng.lognormal(0, 0.12)
                row.append(f"{value:.{DECIMALS.get(item, 3)}f}")
            writer.writerow([section["code"], day.isoformat(), *row])
    return out.getvalue().encode()


def load_demo_water(today: dt.date | None = None) -> int:
    """Water bodies, sections and two years of synthetic samples; the samples written."""
    if WaterBody.objects.exists():
        return 0
    data = _data()
    bodies = {}
    for b in data["bodies"]:
        bodies[b["code"]] = WaterBody.objects.create(
            code=b["code"],
            name_zh=b["name_zh"],
            name_en=b["name_en"],
            kind=b["kind"],
            source=b["source"],
        )
    for s in data["sections"]:
        services.save_section(
            by=PLATFORM,
            channel="system",
            code=s["code"],
            water_body=bodies[s["body"]],
            values={
                k: s[k]
                for k in (
                    "name_zh",
                    "name_en",
                    "kind",
                    "lon",
                    "lat",
                    "target_class",
                    "source",
                    "approximate",
                    "synthetic",
                )
            },  # fmt: skip
            responsible=s["responsible"],
            upstream=s["upstream"],
            downstream=s["downstream"],
        )
    report = services.import_samples(
        by=PLATFORM,
        channel="system",
        data=synthetic_csv(data, today or dt.date.today()),
        dry_run=False,
        synthetic=True,
    )
    if report.errors:
        raise RuntimeError(f"demo water data refused: {report.errors[0]}")
    load_demo_compensation((today or dt.date.today()).year - 1)
    return Sample.objects.count()


# The demo accounts that approve the Xin'anjiang settlement: Anhui (upstream), Zhejiang
# (downstream) and the region office.
APPROVERS = ("ah-editor", "zj-editor", "office")


def load_demo_compensation(year: int) -> Settlement | None:
    """The Xin'anjiang settlement of ``year`` computed from the demo's synthetic samples at
    街口 (marked synthetic) and approved by both parties and the office where their demo
    accounts exist. A second run adds nothing."""
    from deltacap.accounts.models import User

    if Settlement.objects.filter(agreement="xinanjiang", year=year).exists():
        return None
    settlement = settlements.compute_settlement(
        by=PLATFORM, channel="system", agreement="xinanjiang", year=year, synthetic=True
    )
    for name in APPROVERS:
        user = User.objects.filter(username=name).first()
        if user is not None:
            settlements.approve_settlement(by=user, channel="system", settlement_id=settlement.pk)
    return settlement
