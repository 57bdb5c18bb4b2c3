"""/api/v1/water/outfalls... and /api/v1/water/trace...: the register of outfalls into
rivers and lakes (the officials of every member read it, each member's editors import
their own and record their rectification done, which another official verifies or sends
back; the public sees none), the rectification
counts per member, the river network, and tracing a section's exceedance to the upstream
outfalls and enterprises ranked by load."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import principal_of
from deltacap.domain.water.rectification import MAX_EVIDENCE
from deltacap.inputs import Code, Day, Id, Note
from deltacap.water import outfall_rectification, outfalls

router = Router(tags=["water outfalls"])


@router.get("/outfalls", response=list[dict[str, Any]], auth=AUTH)
def list_outfalls(request: HttpRequest, member: Code | None = None) -> list[dict[str, Any]]:
    """The outfalls (of ``member``, or all) with their reach, enterprise, HJ 212 outlets,
    approved discharge (m³/d), concentrations (mg/L) and rectification (``rectification_task``:
    its state and status today, overdue or not, and when done the day, evidence and who
    verified it); for the officials of every member (others get an empty list)."""
    p = principal_of(request.user)
    names = outfalls.reach_names()
    return [outfalls.outfall_out(o, names) for o in outfalls.outfalls(p, member)]


@router.post("/outfalls/import", response={200: dict[str, Any], 422: dict[str, Any]}, auth=AUTH)
def import_outfalls(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a CSV file (UTF-8) or an Excel workbook
    (.xlsx, its first sheet) of outfalls: columns ``code``,
    ``name``, ``kind`` (industrial, municipal, mixed, agricultural, other), ``lon``, ``lat``,
    ``receiving_water``, ``member`` (code), optional ``enterprise`` (credit code),
    ``outlets`` (its HJ 212 outlet codes, ``;`` between), ``approved_m3_per_day``,
    ``COD``/``CODMn``/``NH3-N``/``TP``/``TN`` (mg/L), ``rectification`` (none, ban, merge,
    regulate) with ``deadline``, ``reach``. 422 with every error by row and column when a
    row is at fault (then nothing was written)."""
    data = file.read(outfalls.MAX_IMPORT_BYTES + 1)
    report = outfalls.import_outfalls(by=request.user, channel="api", data=data, dry_run=dry_run)
    body = report.to_json()
    if not report.errors:
        return Status(200, body)
    first = report.errors[0]
    where = " ".join(str(p) for p in (first.row, first.column) if p)
    body["detail"] = f"{where}: {first.message}" if where else first.message
    body["field"] = "file"
    return Status(422, body)


@router.get("/outfalls/rectifications", response=dict[str, Any], auth=AUTH)
def rectifications(request: HttpRequest) -> dict[str, Any]:
    """Per member and in all, its outfalls under rectification today: ``tasks``,
    ``rectified`` (recorded as done and verified), ``awaiting`` (recorded as done, awaiting
    verification), ``open`` (pending, the overdue included) and ``overdue`` (pending past
    the deadline); for the officials of every member (others get no member)."""
    found = outfalls.outfalls(principal_of(request.user))
    return outfall_rectification.summary_out(found)


class RectificationDoneIn(Schema):
    model_config = ConfigDict(extra="forbid")

    evidence: Annotated[str, Note(MAX_EVIDENCE)]
    completed_on: Day | None = None


@router.post("/outfalls/{water_outfall_id}/rectification", response=dict[str, Any], auth=AUTH)
def complete_rectification(
    request: HttpRequest, water_outfall_id: Id, body: RectificationDoneIn
) -> dict[str, Any]:
    """Record the outfall's rectification as done on ``completed_on`` (today when not
    given) with its ``evidence`` (what was done, how it was checked): the editors of the
    outfall's own member; it then awaits verification by another official. 409 when it has
    no rectification or is recorded already; 422 for a future day or no evidence."""
    outfall_rectification.complete_rectification(
        by=request.user, channel="api", outfall_id=water_outfall_id,
        evidence=body.evidence, completed_on=body.completed_on,
    )  # fmt: skip
    return outfalls.outfall_out(outfalls.get_outfall(principal_of(request.user), water_outfall_id))


class VerificationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["verify", "send_back"]
    verified_on: Day | None = None
    note: Annotated[str, Note(MAX_EVIDENCE)] = ""


@router.post("/outfalls/{water_outfall_id}/verification", response=dict[str, Any], auth=AUTH)
def verify_rectification(
    request: HttpRequest, water_outfall_id: Id, body: VerificationIn
) -> dict[str, Any]:
    """Verify (核查销号) the outfall's rectification recorded as done (``decision``
    ``verify``: on ``verified_on``, today when not given, with an optional ``note``), or
    send it back (``send_back``: the reason in ``note``; it is open again). By the editors
    of the outfall's member or the region office, not the official who recorded it (403).
    409 when it is not recorded as done or is verified already; 422 for a day in the future
    or before the rectification was done, or no reason to send it back."""
    if body.decision == "send_back":
        outfall_rectification.send_back_rectification(
            by=request.user, channel="api", outfall_id=water_outfall_id, reason=body.note
        )
    else:
        outfall_rectification.verify_rectification(
            by=request.user, channel="api", outfall_id=water_outfall_id,
            verified_on=body.verified_on, note=body.note,
        )  # fmt: skip
    return outfalls.outfall_out(outfalls.get_outfall(principal_of(request.user), water_outfall_id))


@router.get("/outfalls/{water_outfall_id}", response=dict[str, Any], auth=AUTH)
def get_outfall(request: HttpRequest, water_outfall_id: Id) -> dict[str, Any]:
    """One outfall (404 for those who may not read it)."""
    return outfalls.outfall_out(outfalls.get_outfall(principal_of(request.user), water_outfall_id))


@router.get("/network", response=dict[str, Any], auth=AUTH)
def network(request: HttpRequest) -> dict[str, Any]:
    """The river network as GeoJSON (reaches with ``id``, ``from``, ``to``, ``name``) and
    whether it is approximate."""
    return outfalls.network_geojson()


@router.get("/trace/{section_code}", response=dict[str, Any], auth=AUTH)
def trace(request: HttpRequest, section_code: Code, parameter: Code) -> dict[str, Any]:
    """From a section and a parameter (COD, CODMn, NH3-N, TP, TN): the latest value against
    the section's target class, and the outfalls upstream of its reach ranked by their load
    (kg/d = approved discharge m³/d × concentration mg/L / 1000; ``basis`` says which
    concentration: the outfall's own, its HJ 212 outlets' permit limit, or unknown), with
    their enterprises ranked by the sum."""
    p = principal_of(request.user)
    section = outfalls.section_by_code(section_code)
    return outfalls.trace_out(outfalls.trace_section(p, section, parameter))
