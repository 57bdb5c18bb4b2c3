"""Demo data of automatic water-quality stations (synthetic, marked so): four weeks of
4-hourly readings at four of the demo's sections (街口, 太浦闸, 黎里 and the Taihu centre
point) to the day before ``today``, with a daily cycle of DO and pH (photosynthesis) and a
few days of higher N and P after rain, imported through the import as the platform
(audited) and stored in the measurement store marked synthetic. A second run adds
nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from deltacap.accounts.permissions import PLATFORM
from deltacap.water import automatic
from deltacap.water.models import Section

DAYS = 28
SECTIONS = ("jiekou", "taipuzha", "lili", "taihu-centre-demo")
DECIMALS = {"pH": 2, "DO": 2, "CODMn": 2, "NH3-N": 3, "TP": 3, "TN": 2, "Chla": 1}
# Days (counted back from the last) after rain: N and P run higher.
RAIN_DAYS = (5, 6, 17)


def _profiles() -> dict[str, Any]:
    text = resources.files("deltacap.water").joinpath("data/demo_sections.json").read_text()
    data: dict[str, Any] = json.loads(text)
    profile_of = {s["code"]: s["profile"] for s in data["sections"]}
    return {code: data["profiles"][profile_of[code]] for code in SECTIONS}


def synthetic_csv(today: dt.date, seed: int = 4) -> bytes:
    """The demo's readings as the CSV the import reads (the days before ``today``)."""
    rng = np.random.default_rng(seed)
    items = list(automatic.AUTOMATIC)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "time", *items])
    first = today - dt.timedelta(days=DAYS)
    for code, base in _profiles().items():
        for n in range(DAYS):
            day = first + dt.timedelta(days=n)
            rain = (DAYS - n) in RAIN_DAYS
            for hour in range(0, 24, automatic.HOURS):
                cycle = math.sin((hour - 8) / 24 * 2 * math.pi)  # highest mid-afternoon
                row = []
                for item in items:
                    if item not in base:
                        row.append("")
                        continue
                    value = base[item]
                    if item == "pH":
                        value += 0.2 * cycle + rng.normal(0, 0.05)
                    elif item == "DO":
                        value *= (1 + 0.12 * cycle) * rng.lognormal(0, 0.04)
                    else:
                        value *= 1.6 if rain and item in ("TP", "TN", "NH3-N") else 1.0
                        value *= rng.lognormal(0, 0.1)
                    row.append(f"{value:.{DECIMALS[item]}f}")
                writer.writerow([code, f"{day.isoformat()} {hour:02d}:00", *row])
    return out.getvalue().encode()


def load_demo_automatic(today: dt.date | None = None, data_dir: Path | None = None) -> int:
    """Four weeks of synthetic 4-hourly readings at the demo's sections (once); the
    readings written."""
    present = set(Section.objects.filter(code__in=SECTIONS).values_list("code", flat=True))
    if present != set(SECTIONS):
        return 0
    store = automatic.root(data_dir)
    if automatic.has_files(store):
        return 0
    report = automatic.import_readings(
        by=PLATFORM,
        channel="system",
        data=synthetic_csv(today or dt.date.today()),
        dry_run=False,
        synthetic=True,
        data_dir=data_dir,
    )
    if report.errors:
        raise RuntimeError(f"demo automatic readings refused: {report.errors[0]}")
    return report.rows
