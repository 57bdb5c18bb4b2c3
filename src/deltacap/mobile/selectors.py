"""Reads of high-emission vehicles: a plate's record and detection history, the notices by
member and direction (to the registering member, from the member where it was found)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from deltacap.accounts.permissions import Actor, can, principal_of, require
from deltacap.domain.access import Action, Kind, Role, region_resource
from deltacap.domain.errors import InvalidInput
from deltacap.domain.mobile import check_plate
from deltacap.mobile import store
from deltacap.mobile.models import (
    Machine,
    MachineCheck,
    MachineNotice,
    MachineNoticeResponse,
    Notice,
    NoticeResponse,
    NoticeStatus,
    Vehicle,
    machine_resource,
)


def check_reader(actor: Actor | None) -> None:
    """Raise AccessDenied unless ``actor`` reads the shared vehicle records (the office,
    the members' and cities' officials; never the public or an enterprise)."""
    require(actor, Action.READ, region_resource(Kind.VEHICLE))


def normal_plate(text: str) -> str | None:
    """The plate as stored, None when it is not a plate."""
    try:
        return check_plate(text)
    except InvalidInput:
        return None


def vehicle(plate: str) -> Vehicle | None:
    return Vehicle.objects.select_related("city__parent").filter(plate=plate).first()


def history(plate: str, root: Path | None = None) -> list[dict[str, Any]]:
    """The plate's detections, the latest first (one bucket of the store read)."""
    table = store.history(root or store.root(), plate)
    return table.drop_columns(["imported_at", "batch"]).to_pylist()


def notices(
    *,
    member: str = "",
    direction: str = "",
    overdue: bool = False,
    status: str = "",
    plate: str = "",
    today: date | None = None,
) -> QuerySet[Notice]:
    """Notices, those due first: ``direction`` "to" (sent to ``member``, the registering
    member), "from" (found in ``member``), or either; only overdue ones if asked."""
    rows = Notice.objects.select_related("vehicle__city", "from_member").prefetch_related(
        Prefetch("responses", queryset=NoticeResponse.objects.order_by("day", "pk"))
    )
    if member and direction == "to":
        rows = rows.filter(to_member_code=member)
    elif member and direction == "from":
        rows = rows.filter(from_member_id=member)
    elif member:
        rows = rows.filter(to_member_code=member) | rows.filter(from_member_id=member)
    if overdue:
        rows = rows.filter(status=NoticeStatus.OPEN, due__lt=today or timezone.localdate())
    if status:
        rows = rows.filter(status=status)
    if plate:
        rows = rows.filter(vehicle__plate=plate)
    return rows.order_by("due", "pk")


# --- non-road machinery -----------------------------------------------------------------------


def machine(actor: Actor | None, code: str) -> Machine:
    """The machine of ``code`` with its registering member, for any member's official or
    its owner enterprise. Raises NotFound, AccessDenied."""
    from deltacap.mobile.machinery import get_machine

    found = get_machine(code)
    require(actor, Action.READ, found.as_resource())
    return found


def machines(actor: Actor | None, member: str = "") -> QuerySet[Machine]:
    """The machines ``actor`` reads: every member's for an official (``member``: one
    member's), an enterprise's own for an enterprise. Raises AccessDenied otherwise."""
    rows = Machine.objects.select_related("city", "enterprise").order_by("code")
    principal = principal_of(actor)
    if principal.role is Role.ENTERPRISE:
        return rows.filter(enterprise_id=principal.enterprise_id or 0)
    require(actor, Action.READ, region_resource(Kind.MACHINE))
    return rows.filter(member_code=member) if member else rows


def checks(target: Machine) -> QuerySet[MachineCheck]:
    return target.checks.select_related("city").order_by("-day", "-pk")


def check_machine_notices_reader(actor: Actor | None) -> None:
    """Raise AccessDenied unless ``actor`` reads every member's machine notices (an
    official); an enterprise reads those of its own machines only (``notices_of``)."""
    require(actor, Action.READ, region_resource(Kind.MACHINE_NOTICE))


def notices_of(actor: Actor | None, target: Machine) -> QuerySet[MachineNotice]:
    """The notices about ``target`` that ``actor`` reads: all of them for an official and
    for the enterprise that owns the machine; none for anyone else."""
    rows = machine_notices(code=target.code)
    resource = machine_resource(target.city, Kind.MACHINE_NOTICE, target.enterprise_id)
    return rows if can(actor, Action.READ, resource) else rows.none()


def machine_notice(actor: Actor | None, notice_id: int) -> MachineNotice:
    """One machine notice, for an official or the enterprise that owns the machine.
    Raises AccessDenied (an official's question first: no one else learns which exist),
    NotFound."""
    from deltacap.mobile.machinery import get_notice

    if principal_of(actor).role is not Role.ENTERPRISE:
        check_machine_notices_reader(actor)
    found = get_notice(notice_id)
    require(actor, Action.READ, found.as_resource())
    return found


def machine_notices(
    *,
    member: str = "",
    direction: str = "",
    overdue: bool = False,
    code: str = "",
    today: date | None = None,
) -> QuerySet[MachineNotice]:
    """Machine notices, those due first: to ``member`` (its machines failed elsewhere),
    from it (failed there), or either."""
    rows = MachineNotice.objects.select_related(
        "machine__city", "from_member", "check_record__city"
    ).prefetch_related(
        Prefetch("responses", queryset=MachineNoticeResponse.objects.order_by("day", "pk"))
    )
    if member and direction == "to":
        rows = rows.filter(to_member_code=member)
    elif member and direction == "from":
        rows = rows.filter(from_member_id=member)
    elif member:
        rows = rows.filter(to_member_code=member) | rows.filter(from_member_id=member)
    if overdue:
        rows = rows.filter(status=NoticeStatus.OPEN, due__lt=today or timezone.localdate())
    if code:
        rows = rows.filter(machine__code=code)
    return rows.order_by("due", "pk")
