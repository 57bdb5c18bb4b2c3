"""End to end, in one process: simulated devices send minute data over loopback to the
receiver, which answers and stores it; the hourly totals in the store and on the outlet
page equal what the devices themselves computed (their -Cou amounts) for the same hours."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from deltacap.enterprises.models import Enterprise
from deltacap.monitoring import figures, simulated
from deltacap.monitoring.demo import register_simulated
from deltacap.monitoring.registry import device_table
from tests.monitoring.conftest import device_amounts, run_simulated_devices

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 8, 0)


def test_simulated_devices_to_hourly_totals_in_the_store_and_on_the_page(
    users: Any, client: Any, api: Any, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    root = tmp_path / "measurements"
    sims = simulated.devices(4, prefix="E2", seed=3)
    register_simulated(sims, minute_interval=10)
    record = tmp_path / "sent.txt"

    summary = run_simulated_devices(root, sims, record, START)

    assert summary["sent"] == summary["answered"] == 4 * 12
    assert summary["answers"] == {"9014": 48}
    expected = device_amounts(record)
    assert len(expected) == 4 * 4 * 2  # devices x pollutants x hours (08:00 and 09:00)
    registry = device_table()
    outlet_of = {mn: int(device.outlet_id or 0) for mn, device in registry.items()}
    for (mn, code, hour), kg in expected.items():
        rows = [
            r
            for r in figures.hourly(root, outlet_of[mn], START.date(), START.date())
            if r["factor"] == code and r["hour"].hour == hour
        ]
        assert len(rows) == 1
        assert rows[0]["emission_kg"] == pytest.approx(kg, abs=6 * 0.00006 + kg * 1e-3)
        assert (rows[0]["valid"], rows[0]["expected"]) == (6, 6)

    # The outlet page (as the office) shows the same hourly totals, to 3 decimals.
    client.force_login(users("office"))
    mn = sims[0].mn
    page = client.get(f"/monitoring/outlets/{outlet_of[mn]}/", {"date": "2026-03-02"})
    assert page.status_code == 200
    html = page.content.decode()
    for hour in (8, 9):
        row = re.search(rf'<tr data-hour="{hour:02d}">(.*?)</tr>', html, re.S)
        assert row is not None
        cell = re.search(r'data-factor="w01018">.*?<span class="kg">([0-9.]+)</span>', row[1], re.S)
        assert cell is not None
        assert float(cell[1]) == pytest.approx(expected[(mn, "w01018", hour)], abs=0.0015)

    # The outlet list: last data time, and capture 12 of 144 records expected on that day.
    listing = client.get("/monitoring/", {"start": "2026-03-02", "end": "2026-03-02"})
    row = re.search(
        rf'<tr data-outlet="{outlet_of[mn]}">(.*?)</tr>', listing.content.decode(), re.S
    )
    assert row is not None
    assert "2026-03-02 09:50" in row[1]
    assert re.search(r'class="num capture">\s*8 %', row[1])

    # The API gives the same figures, and only to those who may read the outlet.
    hourly = api.get(
        f"/api/v1/monitoring/outlets/{outlet_of[mn]}/hourly", as_user="office", date="2026-03-02"
    ).json()
    cod = [h for h in hourly if h["factor"] == "w01018"]
    assert [round(h["emission_kg"], 6) for h in cod] == [
        pytest.approx(expected[(mn, "w01018", hour)], abs=0.0004) for hour in (8, 9)
    ]
    member = Enterprise.objects.get(pk=int(registry[mn].enterprise_id or 0)).member_code
    outsider = "js-viewer" if member == "310000" else "sh-viewer"
    assert (
        api.get(
            f"/api/v1/monitoring/outlets/{outlet_of[mn]}/hourly",
            as_user=outsider,
            date="2026-03-02",
        ).status_code
        == 403
    )

    # Annual totals: per enterprise and pollutant, the devices' amounts in tonnes.
    totals = api.get("/api/v1/monitoring/totals", as_user="office", year=2026).json()
    code_of = {
        "w01018": "COD",
        "w21003": "NH3-N",
        "w21011": "TP",
        "w21001": "TN",
        "a21026": "SO2",
        "a21002": "NOx",
        "a34013": "PM",
        "a24088": "VOCs",
    }
    want: dict[tuple[int, str], float] = defaultdict(float)
    for (device_mn, code, _hour), kg in expected.items():
        enterprise = registry[device_mn].enterprise_id
        assert enterprise is not None
        want[(enterprise, code_of[code])] += kg / 1000
    got = {(t["enterprise_id"], t["pollutant"]): float(t["tonnes"]) for t in totals}
    assert got.keys() == want.keys()
    for key, tonnes in want.items():
        assert got[key] == pytest.approx(tonnes, abs=1e-5)
    page = client.get("/monitoring/totals/", {"year": "2026"})
    assert page.status_code == 200 and f'data-member="{member}"' in page.content.decode()
