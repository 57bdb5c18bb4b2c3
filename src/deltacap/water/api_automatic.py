"""/api/v1/water/readings/import and /api/v1/water/sections/{section_id}/readings: the
4-hourly readings of automatic stations, imported from CSV or Excel by a section's members
and the office, and read by everyone (the region's water data are published) with each
reading's class and each day's class from the day's mean (``water/automatic.py``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.domain.water.classify import CLASS_NAMES
from deltacap.inputs import Id
from deltacap.water import automatic, services

router = Router(tags=["water automatic stations"])


@router.post("/readings/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_readings(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a CSV or Excel (.xlsx) file of 4-hourly
    readings: columns ``section`` (code), ``time`` (YYYY-MM-DD HH:MM, China Standard Time,
    on the hours 0, 4, 8, 12, 16, 20) and the items ``pH, DO, CODMn, NH3-N, TP, TN`` (mg/L)
    and ``Chla`` (mg/m³). A reading stored already is refused. 422 with every error by row
    and column when a row is at fault (then nothing was written)."""
    data = file.read(services.MAX_IMPORT_BYTES + 1)
    report = automatic.import_readings(by=request.user, channel="api", data=data, dry_run=dry_run)
    body = report.to_json()
    if not report.errors:
        return Status(200, body)
    first = report.errors[0]
    where = " ".join(str(p) for p in (first.row, first.column) if p)
    body["detail"] = f"{where}: {first.message}" if where else first.message
    body["field"] = "file"
    return Status(422, body)


@router.get("/sections/{section_id}/readings", response=dict[str, Any], auth=None)
def section_readings(request: HttpRequest, section_id: Id, days: int = 28) -> dict[str, Any]:
    """The section's readings of the ``days`` days (1–92) to its last one: each reading's
    values and class by GB 3838-2002, and each day's mean of each item, the number of
    readings and the class of the mean (the platform's rule) against the target class."""
    days = min(max(days, 1), 92)
    section = services.get_section(section_id)
    recent = automatic.recent(section, days=days)
    return {
        "section": section.code,
        "target_class": CLASS_NAMES[section.target_class],
        "first_day": recent.first.isoformat() if recent.first else None,
        "last_day": recent.last.isoformat() if recent.last else None,
        "day_rule": "mean_of_readings",
        "synthetic": recent.synthetic,
        "readings": [
            {
                "time": r.time.strftime("%Y-%m-%d %H:%M"),
                "values": r.values,
                "class": CLASS_NAMES[r.overall] or None,
            }
            for r in recent.readings
        ],
        "days": [
            {
                "date": d.day.isoformat(),
                "readings": d.readings,
                "means": {i: round(v, 4) for i, v in d.values.items()},
                "class": CLASS_NAMES[d.overall] or None,
                "attains": d.attains,
                "determining": [i for i, _ in d.determining],
            }
            for d in recent.days
        ],
    }
