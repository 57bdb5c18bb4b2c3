"""Loading the reference data shipped with the platform (idempotent)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from deltacap import geodata
from deltacap.audit import services as audit
from deltacap.reference.models import (
    REGION_CODE,
    Division,
    Level,
    PeriodPollutant,
    PlanningPeriod,
    Pollutant,
)


def read_data(package: str, name: str) -> Any:
    """A JSON data file shipped in ``package``'s ``data`` folder."""
    return json.loads(resources.files(package).joinpath("data", name).read_text("utf-8"))


@dataclass
class LoadCounts:
    divisions: int = 0
    pollutants: int = 0
    periods: int = 0


def _load_divisions() -> int:
    Division.objects.update_or_create(
        code=REGION_CODE,
        defaults={"name_zh": "长三角区域", "name_en": "Yangtze River Delta", "level": Level.REGION},
    )
    rows = sorted(geodata.divisions(), key=lambda r: ("member", "city", "county").index(r["level"]))
    members = {r["code"] for r in rows if r["level"] == "member"}
    for row in rows:
        if row["level"] == "city" and row["code"] in members:
            # Shanghai is a member and one of the 41 cities: one record, marked as both.
            Division.objects.filter(code=row["code"]).update(prefecture=True)
            continue
        parent = REGION_CODE if row["level"] == "member" else row["parent"]
        Division.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "level": row["level"],
                "parent_id": parent,
                "lon": row.get("lon"),
                "lat": row.get("lat"),
                "demonstration_zone": bool(row.get("demonstration_zone")),
                "prefecture": row["level"] == "city",
            },
        )
    return Division.objects.count()


def _load_pollutants() -> int:
    rows = read_data("deltacap.reference", "pollutants.json")["pollutants"]
    for position, row in enumerate(rows):
        Pollutant.objects.update_or_create(
            code=row["code"],
            defaults={**{k: v for k, v in row.items() if k != "code"}, "position": position},
        )
    return len(rows)


def _load_periods() -> int:
    rows = read_data("deltacap.reference", "periods.json")["periods"]
    for row in rows:
        fields = {k: v for k, v in row.items() if k not in ("code", "controlled")}
        period, created = PlanningPeriod.objects.get_or_create(code=row["code"], defaults=fields)
        if created:
            for position, code in enumerate(row["controlled"]):
                PeriodPollutant.objects.create(period=period, pollutant_id=code, position=position)
    return len(rows)


def load_reference_data(*, actor: Any = None, channel: str = "system") -> LoadCounts:
    """Load divisions, pollutants and periods. Safe to run again: it updates, never duplicates.

    A period's controlled pollutants are set only when the period is first
    created, so that the office's later edits survive a reload.
    """
    with transaction.atomic():
        counts = LoadCounts(
            divisions=_load_divisions(), pollutants=_load_pollutants(), periods=_load_periods()
        )
        audit.record(
            actor=actor,
            channel=channel,
            action="reference.load",
            object_type="reference",
            object_id="all",
            after=counts.__dict__,
        )
    return counts
