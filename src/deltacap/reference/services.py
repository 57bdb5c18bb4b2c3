"""Loading the reference data shipped with the platform (idempotent)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from deltacap import geodata, public_cache
from deltacap.audit import services as audit
from deltacap.reference import tree
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


def _upsert(model: type[Any], code: str, values: dict[str, Any], who: tuple[Any, str]) -> None:
    """Create or bring up to date one record; each creation or change gets its audit event."""
    actor, channel = who
    found = model.objects.filter(pk=code).first()
    label = model._meta.model_name
    if found is None:
        model.objects.create(pk=code, **values)
        audit.record(
            actor=actor,
            channel=channel,
            action=f"{label}.create",
            object_type=label,
            object_id=code,
            after=dict(values),
        )
        return
    before = {k: getattr(found, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    if changed:
        model.objects.filter(pk=code).update(**changed)
        audit.record(
            actor=actor,
            channel=channel,
            action=f"{label}.update",
            object_type=label,
            object_id=code,
            before={k: before[k] for k in changed},
            after=changed,
        )


def _load_divisions(who: tuple[Any, str]) -> int:
    _upsert(
        Division,
        REGION_CODE,
        {
            "name_zh": "长三角区域",
            "name_en": "Yangtze River Delta",
            "level": Level.REGION.value,
            "parent_id": None,
        },
        who,
    )
    rows = sorted(geodata.divisions(), key=lambda r: ("member", "city", "county").index(r["level"]))
    members = {r["code"] for r in rows if r["level"] == "member"}
    cities = {r["code"] for r in rows if r["level"] == "city"}
    for row in rows:
        if row["level"] == "city" and row["code"] in members:
            continue  # Shanghai is a member and one of the 41 cities: one record, marked as both
        _upsert(
            Division,
            row["code"],
            {
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "level": row["level"],
                "parent_id": REGION_CODE if row["level"] == "member" else row["parent"],
                "lon": row.get("lon"),
                "lat": row.get("lat"),
                "demonstration_zone": bool(row.get("demonstration_zone")),
                "prefecture": row["code"] in cities,
            },
            who,
        )
    tree.forget()
    transaction.on_commit(tree.forget)
    # Every public figure shows names of divisions.
    public_cache.changed(*public_cache.TOPICS)
    return Division.objects.count()


def _load_pollutants(who: tuple[Any, str]) -> int:
    rows = read_data("deltacap.reference", "pollutants.json")["pollutants"]
    for position, row in enumerate(rows):
        values = {k: v for k, v in row.items() if k != "code"}
        _upsert(Pollutant, row["code"], {**values, "position": position}, who)
    return len(rows)


def _load_periods(who: tuple[Any, str]) -> int:
    rows = read_data("deltacap.reference", "periods.json")["periods"]
    for row in rows:
        if PlanningPeriod.objects.filter(code=row["code"]).exists():
            continue  # the office may have changed it since; never overwritten
        fields = {k: v for k, v in row.items() if k not in ("code", "controlled")}
        _upsert(PlanningPeriod, row["code"], fields, who)
        for position, code in enumerate(row["controlled"]):
            PeriodPollutant.objects.create(
                period_id=row["code"], pollutant_id=code, position=position
            )
    return len(rows)


def load_reference_data(*, actor: Any = None, channel: str = "system") -> LoadCounts:
    """Load divisions, pollutants and periods. Safe to run again: it updates, never duplicates,
    and records an audit event for each record it creates or changes.

    A period's controlled pollutants are set only when the period is first
    created, so that the office's later edits survive a reload.
    """
    with transaction.atomic():
        who = (actor, channel)
        counts = LoadCounts(
            divisions=_load_divisions(who),
            pollutants=_load_pollutants(who),
            periods=_load_periods(who),
        )
    return counts
