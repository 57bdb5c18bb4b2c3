"""/api/v1/mobile/phaseout: the members' phase-out of old vehicles and machinery: progress by
member, city and month against the yearly target, the reduction a member's records of a
year account for, the import of a member's phase-out list (CSV or Excel), and the unified
standard's versions (the office sets a new one)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.input_rules import file_too_large
from deltacap.inputs import BlankOrCode
from deltacap.mobile import phaseout, phaseout_projects, phaseout_standard
from deltacap.mobile.importing import MAX_IMPORT_BYTES

router = Router(tags=["mobile"], auth=AUTH)


def _year(year: int | None) -> int:
    if year is None:
        return timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise InvalidInput(gettext_noop("Enter a year such as 2026."), field="year")
    return year


@router.get("/phaseout/progress", response=list[dict[str, Any]])
def progress(
    request: HttpRequest, member: BlankOrCode = "", year: int | None = None
) -> list[dict[str, Any]]:
    """Each member's phase-out of the year (default: this year): qualifying vehicles and
    machines against its target, by outcome, city and month."""
    return phaseout.progress(request.user, year=_year(year), member=member)


@router.get("/phaseout/reduction", response=dict[str, Any])
def reduction(request: HttpRequest, member: BlankOrCode, year: int | None = None) -> dict[str, Any]:
    """The NOx, VOCs and PM (t/a) a member's qualifying records of the year account for,
    per class with the calculator inputs; the coefficient table's id and version."""
    return phaseout.reduction_of(request.user, member=member, year=_year(year)).to_json()


@router.post("/phaseout/import", response={200: dict[str, Any], 422: dict[str, Any]})
def import_records(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a phase-out list (类别, 号牌或编码, 城市,
    月份, 淘汰方式). 422 lists every fault by row and column; nothing is written then."""
    if (file.size or 0) > MAX_IMPORT_BYTES:
        phaseout.require_import(request.user)
        raise file_too_large(file.size or 0, MAX_IMPORT_BYTES)
    report = phaseout.import_records(
        by=request.user, channel="api", data=file.read(), dry_run=dry_run
    )
    body = report.to_json()
    if not report.issues:
        return Status(200, body)
    first = body["errors"][0]
    where = " ".join(str(p) for p in (first["row"], first["column"]) if p)
    body["detail"] = f"{where}: {first['message']}" if where else first["message"]
    body["field"] = "file"
    return Status(422, body)


class ProjectsIn(Schema):
    member: str
    year: int


@router.post("/phaseout/projects", response=list[dict[str, Any]])
def make_projects(request: HttpRequest, body: ProjectsIn) -> list[dict[str, Any]]:
    """Make (or bring up to date) the key reduction projects of a member's phase-out of a
    year: one per city and calculator (old diesel trucks ``diesel_phaseout``, old machinery
    ``nonroad_phaseout``), planned reduction as the qualifying records account for it."""
    made = phaseout_projects.make_projects(
        by=request.user, channel="api", member=body.member, year=_year(body.year)
    )
    return [phaseout_projects.project_out(p) for p in made]


class ClauseIn(Schema):
    types: list[str] = []
    fuels: list[str]
    max_stage: int


class StandardIn(Schema):
    version: str
    start: str
    source: str = ""
    vehicles: list[ClauseIn] = []
    machines: list[ClauseIn] = []


@router.get("/phaseout/standard", response=list[dict[str, Any]])
def standard(request: HttpRequest) -> list[dict[str, Any]]:
    """The unified phase-out standard's versions, newest first: clauses (types, fuels,
    highest stage), start, source, status, who set it, whether in force today."""
    return phaseout_standard.history(request.user)


@router.post("/phaseout/standard", response=list[dict[str, Any]])
def set_standard(request: HttpRequest, body: StandardIn) -> list[dict[str, Any]]:
    """Set a new version of the standard (the office), in force from ``start`` (after the
    latest version's start); a clause with no types covers every type. Gives the history."""
    phaseout_standard.set_version(
        by=request.user,
        channel="api",
        version=body.version,
        start=body.start,
        source=body.source,
        vehicles=[c.dict() for c in body.vehicles],
        machines=[c.dict() for c in body.machines],
    )
    return phaseout_standard.history(request.user)
