"""/api/v1/mobile (non-road machinery): a machine by its registration code from any member,
the members' machinery lists (CSV or Excel), field checks by any member on any member's
machine, and the notices of failed checks with the registering member's responses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.domain.input_rules import file_too_large
from deltacap.inputs import BlankOrCode, Day, Id, Note
from deltacap.mobile import machinery, selectors
from deltacap.mobile.importing import MAX_IMPORT_BYTES
from deltacap.mobile.schemas import (
    MachineCheckOut,
    MachineNoticeOut,
    MachineOut,
    MachineRecordOut,
    machine_check_out,
    machine_notice_out,
    machine_out,
)

router = Router(tags=["mobile"], auth=AUTH)


@router.get("/machinery", response=list[MachineOut])
def machines(request: HttpRequest, member: BlankOrCode = "") -> list[dict[str, Any]]:
    """The machines one reads: every member's for an official (``member``: one member's),
    its own for an enterprise."""
    return [machine_out(m) for m in selectors.machines(request.user, member)]


@router.post("/machinery/import", response={200: dict[str, Any], 422: dict[str, Any]})
def import_machinery(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a machinery list (CSV or Excel:
    环保登记编码, 机械类型, 燃料类型, 排放阶段, 登记城市, and where known 发动机型号,
    额定功率(kW), 所有人统一社会信用代码, 所有人名称). 422 lists every fault by row and
    column; nothing is written then."""
    if (file.size or 0) > MAX_IMPORT_BYTES:
        machinery.require_import(request.user)
        raise file_too_large(file.size or 0, MAX_IMPORT_BYTES)
    report = machinery.import_machinery(
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


@router.get("/machines/{machine_code}", response=MachineRecordOut)
def machine(request: HttpRequest, machine_code: str) -> dict[str, Any]:
    """A machine by its registration code (any member's), with its registering member, its
    field checks by every member (the latest first) and its notices (an enterprise reads
    those of its own machines)."""
    found = selectors.machine(request.user, machine_code)
    return {
        "machine": machine_out(found),
        "checks": [machine_check_out(c) for c in selectors.checks(found)],
        "notices": [machine_notice_out(n) for n in selectors.notices_of(request.user, found)],
    }


class CheckIn(Schema):
    model_config = ConfigDict(extra="forbid")

    city: str
    place: Annotated[str, Note(100)]
    result: Literal["pass", "fail"]
    day: Day | None = None
    low_emission_zone: bool = False
    note: Annotated[str, Note(500)] = ""


@router.post("/machines/{machine_code}/checks", response={201: MachineCheckOut})
def record_check(request: HttpRequest, machine_code: str, body: CheckIn) -> Status[dict[str, Any]]:
    """A field check made in ``city`` (the checking member's own area) on any member's
    machine; a failed check on another member's machine raises a notice to it."""
    check = machinery.record_check(
        by=request.user,
        channel="api",
        code=machine_code,
        city=body.city,
        place=body.place,
        result=body.result,
        day=body.day,
        low_emission_zone=body.low_emission_zone,
        note=body.note,
    )
    return Status(201, machine_check_out(check))


@router.get("/machine-notices", response=list[MachineNoticeOut])
def machine_notices(
    request: HttpRequest,
    member: BlankOrCode = "",
    direction: Literal["", "to", "from"] = "",
    overdue: bool = False,
) -> list[dict[str, Any]]:
    """Notices of failed checks, those due first: to ``member`` (its machines), from it."""
    selectors.check_machine_notices_reader(request.user)
    today = timezone.localdate()
    rows = selectors.machine_notices(member=member, direction=direction, overdue=overdue,
                                     today=today)  # fmt: skip
    return [machine_notice_out(n, today) for n in rows]


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    response: Literal["notified_owner", "ordered_repair", "retest_passed", "scrapped"]
    day: Day | None = None
    note: Annotated[str, Note(500)] = ""


@router.post("/machine-notices/{machine_notice_id}/responses", response={201: MachineNoticeOut})
def respond(
    request: HttpRequest, machine_notice_id: Id, body: ResponseIn
) -> Status[dict[str, Any]]:
    """The registering member's response (re-test passed and scrapped close the notice)."""
    machinery.respond(
        by=request.user,
        channel="api",
        notice_id=machine_notice_id,
        response=body.response,
        day=body.day,
        note=body.note,
    )
    return Status(201, machine_notice_out(machinery.get_notice(machine_notice_id)))
