"""The shapes of vehicles, detections and notices that the API, the pages and the command
line share."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from ninja import Schema

from deltacap.mobile.models import Machine, MachineCheck, MachineNotice, Notice, Vehicle


class VehicleOut(Schema):
    plate: str
    plate_colour: str
    vehicle_type: str
    fuel: str
    emission_standard: int
    owner_kind: str
    member: str
    city: str
    synthetic: bool


class DetectionOut(Schema):
    time: datetime
    member: str
    city: str
    place: str
    method: str
    result: str
    co_percent: float | None = None
    hc_ppm: float | None = None
    no_ppm: float | None = None
    opacity_percent: float | None = None


class ResponseOut(Schema):
    response: str
    day: date
    note: str


class NoticeOut(Schema):
    id: int
    plate: str
    to_member: str
    from_member: str
    reasons: list[str]
    failures: int
    last_detection: datetime
    raised_at: datetime
    due: date
    status: str
    overdue: bool
    responses: list[ResponseOut]
    synthetic: bool


class VehicleHistoryOut(Schema):
    vehicle: VehicleOut | None
    detections: list[DetectionOut]
    notices: list[NoticeOut]


def vehicle_out(v: Vehicle) -> dict[str, Any]:
    return {
        "plate": v.plate,
        "plate_colour": v.plate_colour,
        "vehicle_type": v.vehicle_type,
        "fuel": v.fuel,
        "emission_standard": v.emission_standard,
        "owner_kind": v.owner_kind,
        "member": v.member_code,
        "city": v.city_id,
        "synthetic": v.synthetic,
    }


def detection_out(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row.get(key) for key in DetectionOut.model_fields}


def notice_out(n: Notice, today: date | None = None) -> dict[str, Any]:
    return {
        "id": n.pk,
        "plate": n.vehicle.plate,
        "to_member": n.to_member_code,
        "from_member": n.from_member_id,
        "reasons": list(n.reasons),
        "failures": n.failures,
        "last_detection": n.last_detection,
        "raised_at": n.raised_at,
        "due": n.due,
        "status": n.status,
        "overdue": n.overdue(today or timezone.localdate()),
        "responses": [
            {"response": r.kind, "day": r.day, "note": r.note} for r in n.responses.all()
        ],
        "synthetic": n.synthetic,
    }


def as_json(value: Any) -> Any:
    """Dates and times as ISO text (for ``--json``)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# --- non-road machinery -----------------------------------------------------------------------


class MachineOut(Schema):
    code: str
    machine_type: str
    engine_fuel: str
    engine_model: str
    rated_power_kw: float | None
    stage: int
    owner_uscc: str
    owner_name: str
    enterprise_id: int | None
    member: str
    city: str
    synthetic: bool


class MachineCheckOut(Schema):
    id: int
    machine: str
    member: str
    city: str
    place: str
    day: date
    result: str
    low_emission_zone: bool
    accepted: bool
    note: str
    notice: int | None


class MachineNoticeOut(Schema):
    id: int
    machine: str
    to_member: str
    from_member: str
    check: int
    raised_at: datetime
    due: date
    status: str
    overdue: bool
    responses: list[ResponseOut]
    synthetic: bool


class MachineRecordOut(Schema):
    machine: MachineOut
    checks: list[MachineCheckOut]
    notices: list[MachineNoticeOut]


def machine_out(m: Machine) -> dict[str, Any]:
    return {
        "code": m.code,
        "machine_type": m.machine_type,
        "engine_fuel": m.engine_fuel,
        "engine_model": m.engine_model,
        "rated_power_kw": None if m.rated_power_kw is None else float(m.rated_power_kw),
        "stage": m.stage,
        "owner_uscc": m.owner_uscc,
        "owner_name": m.enterprise.name if m.enterprise else m.owner_name,
        "enterprise_id": m.enterprise_id,
        "member": m.member_code,
        "city": m.city_id,
        "synthetic": m.synthetic,
    }


def machine_check_out(c: MachineCheck) -> dict[str, Any]:
    notice = MachineNotice.objects.filter(check_record=c).values_list("pk", flat=True).first()
    return {
        "id": c.pk,
        "machine": c.machine.code,
        "member": c.member_code,
        "city": c.city_id,
        "place": c.place,
        "day": c.day,
        "result": c.result,
        "low_emission_zone": c.low_emission_zone,
        "accepted": c.accepted,
        "note": c.note,
        "notice": notice,
    }


def machine_notice_out(n: MachineNotice, today: date | None = None) -> dict[str, Any]:
    return {
        "id": n.pk,
        "machine": n.machine.code,
        "to_member": n.to_member_code,
        "from_member": n.from_member_id,
        "check": n.check_record_id,
        "raised_at": n.raised_at,
        "due": n.due,
        "status": n.status,
        "overdue": n.overdue(today or timezone.localdate()),
        "responses": [
            {"response": r.kind, "day": r.day, "note": r.note} for r in n.responses.all()
        ],
        "synthetic": n.synthetic,
    }
