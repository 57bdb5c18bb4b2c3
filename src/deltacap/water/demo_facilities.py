"""Demo data of the demonstration zone's shared facilities (synthetic, marked so): three
facilities Qingpu, Wujiang and Jiashan share, with made-up capacities and shares. Through
the service as the platform (audited). A second run adds nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from deltacap.accounts.permissions import PLATFORM
from deltacap.water import facilities
from deltacap.water.models_facilities import SharedFacility

NOTE = "synthetic demo facility; capacities and shares are made up"
FACILITIES: list[dict[str, Any]] = [
    {
        "name": "示范区太浦河联合水厂（演示）",
        "kind": "water_supply",
        "division": "320509",
        "lon": 120.62,
        "lat": 30.97,
        "capacity": Decimal("300000"),
        "capacity_unit": "m³/d",
        "status": "under_construction",
        "shares": [
            {"member": "310000", "percent": "40"},
            {"member": "320000", "percent": "30"},
            {"member": "330000", "percent": "30"},
        ],
    },
    {
        "name": "示范区跨界污泥处置中心（演示）",
        "kind": "sludge",
        "division": "330421",
        "lon": 120.92,
        "lat": 30.84,
        "capacity": Decimal("600"),
        "capacity_unit": "t/d",
        "status": "in_service",
        "shares": [
            {"member": "330000", "percent": "55"},
            {"member": "310000", "percent": "45"},
        ],
    },
    {
        "name": "示范区再生水利用工程（演示）",
        "kind": "reclaimed",
        "division": "310118",
        "capacity": Decimal("50000"),
        "capacity_unit": "m³/d",
        "status": "planned",
        "shares": [
            {"member": "310000", "percent": "33.33"},
            {"member": "320000", "percent": "33.33"},
            {"member": "330000", "percent": "33.34"},
        ],
    },
]


def load_demo_facilities() -> int:
    """The synthetic shared facilities; the number added."""
    added = 0
    for values in FACILITIES:
        if SharedFacility.objects.filter(name=values["name"]).exists():
            continue
        facilities.save_facility(
            by=PLATFORM, channel="system", values={**values, "note": NOTE}, synthetic=True
        )
        added += 1
    return added
