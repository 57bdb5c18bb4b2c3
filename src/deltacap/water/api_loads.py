"""/api/v1/water/lakes/loads, /api/v1/water/lakes/{lake}/loads and
/api/v1/water/flows/import: every lake's loads against its targets, the N/P loads into a
lake by inflow river, month and year against its reduction targets (everyone reads the
region's water data), and the import of monthly flows at the inflow sections (each
member's editors, their own sections)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.inputs import Code, Year
from deltacap.water import loads

router = Router(tags=["water loads"])


@router.get("/lakes/loads", response=list[dict[str, Any]], auth=None)
def lakes_loads(request: HttpRequest, year: Year | None = None) -> list[dict[str, Any]]:
    """Every configured lake's totals of the year (t) against its targets and the base
    year, as ``/lakes/{lake}/loads`` gives them, with its number of inflow sections.
    ``year``: default the last full year."""
    return loads.lakes_overview(year or dt.date.today().year - 1)


@router.get("/lakes/{loads_lake}/loads", response=dict[str, Any], auth=None)
def lake_loads(request: HttpRequest, loads_lake: Code, year: Year | None = None) -> dict[str, Any]:
    """The loads (t) of TN and TP (COD and NH3-N where sampled) into the lake per inflow
    section and month (flow m³/s × seconds × concentration mg/L × 1e-6), each month's gap
    named ("flow", "concentration", "both") where it lacks data, and the year's totals
    against the target and the base year. ``year``: default the last full year."""
    return loads.lake_loads(loads_lake, year or dt.date.today().year - 1)


@router.post("/flows/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_flows(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a CSV of monthly mean flows: columns
    ``section`` (code), ``year``, ``month`` (1–12), ``flow_m3_s``. 422 with every error by
    row and column when a row is at fault (then nothing was written)."""
    data = file.read(loads.MAX_IMPORT_BYTES + 1)
    report = loads.import_flows(by=request.user, channel="api", data=data, dry_run=dry_run)
    body = report.to_json()
    if not report.errors:
        return Status(200, body)
    first = report.errors[0]
    where = " ".join(str(p) for p in (first.row, first.column) if p)
    body["detail"] = f"{where}: {first.message}" if where else first.message
    body["field"] = "file"
    return Status(422, body)
