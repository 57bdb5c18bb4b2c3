"""/api/v1/mobile: high-emission vehicles shared among the members: a plate's record and
detection history, the cross-member notices and their responses, and the imports of
vehicle lists and detections (CSV or Excel)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import ConfigDict

from deltacap.accounts.auth import AUTH
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.input_rules import check_file_size
from deltacap.inputs import BlankOrCode, Day, Id, Note
from deltacap.mobile import selectors, services
from deltacap.mobile.importing import MAX_IMPORT_BYTES
from deltacap.mobile.schemas import (
    NoticeOut,
    VehicleHistoryOut,
    detection_out,
    notice_out,
    vehicle_out,
)
from deltacap.mobile.services import ImportReport

router = Router(tags=["mobile"], auth=AUTH)


@router.get("/notices", response=list[NoticeOut])
def notices(
    request: HttpRequest,
    member: BlankOrCode = "",
    direction: Literal["", "to", "from"] = "",
    overdue: bool = False,
) -> list[dict[str, Any]]:
    """Notices, those due first: to ``member`` (its registered vehicles found elsewhere),
    from it (found in it), or both; only overdue ones (no response by the due day)."""
    selectors.check_reader(request.user)
    today = timezone.localdate()
    rows = selectors.notices(member=member, direction=direction, overdue=overdue, today=today)
    return [notice_out(n, today) for n in rows]


@router.get("/notices/{vehicle_notice_id}", response=NoticeOut)
def notice(request: HttpRequest, vehicle_notice_id: Id) -> dict[str, Any]:
    selectors.check_reader(request.user)
    return notice_out(services.get_notice(vehicle_notice_id))


class ResponseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    response: Literal["notified_owner", "ordered_repair", "retest_passed", "scrapped"]
    day: Day | None = None
    note: Annotated[str, Note(500)] = ""


@router.post("/notices/{vehicle_notice_id}/responses", response={201: NoticeOut})
def respond(
    request: HttpRequest, vehicle_notice_id: Id, body: ResponseIn
) -> Status[dict[str, Any]]:
    """The registering member's response (re-test passed and scrapped close the notice)."""
    services.respond(
        by=request.user,
        channel="api",
        notice_id=vehicle_notice_id,
        response=body.response,
        day=body.day,
        note=body.note,
    )
    return Status(201, notice_out(services.get_notice(vehicle_notice_id)))


def _read(file: UploadedFile) -> bytes:
    check_file_size(file.size or 0, MAX_IMPORT_BYTES)
    data: bytes = file.read()
    return data


def _answer(report: ImportReport) -> Status[dict[str, Any]]:
    body = report.to_json()
    if not report.issues:
        return Status(200, body)
    first = body["errors"][0]
    where = " ".join(str(p) for p in (first["row"], first["column"]) if p)
    body["detail"] = f"{where}: {first['message']}" if where else first["message"]
    body["field"] = "file"
    return Status(422, body)


@router.post("/vehicles/import", response={200: dict[str, Any], 422: dict[str, Any]})
def import_vehicles(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a vehicle list (CSV or Excel: 号牌号码,
    号牌颜色, 车辆类型, 燃料类型, 排放标准, 注册城市, 所有人类型). 422 lists every fault by
    row and column; nothing is written then."""
    report = services.import_vehicles(
        by=request.user, channel="api", data=_read(file), dry_run=dry_run
    )
    return _answer(report)


@router.post("/detections/import", response={200: dict[str, Any], 422: dict[str, Any]})
def import_detections(
    request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = True
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import detections (CSV or Excel: 号牌号码, 号牌颜色,
    检测时间, 城市, 地点, 检测方式, 检测结果, and as measured CO(%), HC(ppm), NO(ppm),
    不透光度(%)). A detection stored already is refused (nothing is replaced)."""
    report = services.import_detections(
        by=request.user, channel="api", data=_read(file), dry_run=dry_run
    )
    return _answer(report)


# After /vehicles/import: a path parameter would take "import" for a plate.
@router.get("/vehicles/{plate}", response=VehicleHistoryOut)
def vehicle(request: HttpRequest, plate: str) -> dict[str, Any]:
    """A plate's vehicle record (null when no member registered it), its detections by
    every member (the latest first) and its notices."""
    selectors.check_reader(request.user)
    found = selectors.normal_plate(plate)
    if found is None:
        raise InvalidInput(
            gettext_noop("{plate} is not a number plate."), field="plate", plate=plate
        )
    record = selectors.vehicle(found)
    return {
        "vehicle": vehicle_out(record) if record else None,
        "detections": [detection_out(row) for row in selectors.history(found)],
        "notices": [notice_out(n) for n in selectors.notices(plate=found)],
    }
