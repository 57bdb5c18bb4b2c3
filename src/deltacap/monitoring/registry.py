"""Reads of the device registry: what the receiver checks packets against, what a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import READS_ALL, Role
from deltacap.domain.ingest import RegisteredDevice
from deltacap.monitoring.models import Device, Outlet, OutletLimit


def device_table() -> dict[str, RegisteredDevice]:
    """Every registered device by MN, as the receiver needs it (one query)."""
    rows = Device.objects.values_list(
        "mn", "password", "outlet_id", "outlet__enterprise_id", "outlet__medium", "active"
    )
    return {row[0]: RegisteredDevice(*row) for row in rows}


def visible_outlets(user: Any) -> QuerySet[Outlet]:
    """Outlets ``user`` may read, by the rules of ``domain.access`` (Kind.OUTLET), as a query."""
    p = principal_of(user)
    qs = Outlet.objects.select_related("enterprise__division", "device")
    if p.role in READS_ALL:
        return qs
    if p.role is Role.ENTERPRISE:
        return qs.filter(enterprise_id=p.enterprise_id or 0)
    if p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR) and p.division_code:
        code = p.division_code
        return qs.filter(
            Q(enterprise__member_code=code)
            | Q(enterprise__division_id=code)
            | Q(enterprise__division__parent_id=code)
        )
    return qs.none()


@dataclass(frozen=True, slots=True)
class OutletConfig:
    """What the roll-ups need to know of an outlet."""

    outlet_id: int
    enterprise_id: int
    medium: str
    minute_interval: int


def outlet_configs() -> dict[int, OutletConfig]:
    """Every outlet with a device, by outlet id."""
    rows = Device.objects.filter(outlet__isnull=False).values_list(
        "outlet_id", "outlet__enterprise_id", "outlet__medium", "minute_interval"
    )
    return {row[0]: OutletConfig(*row) for row in rows}


def limits_of(outlet_ids: list[int] | None = None) -> dict[tuple[int, str], Decimal]:
    """``{(outlet id, factor): limit}`` for the given outlets (all when None)."""
    qs = OutletLimit.objects.all()
    if outlet_ids is not None:
        qs = qs.filter(outlet_id__in=outlet_ids)
    return {(lim.outlet_id, lim.factor): lim.limit for lim in qs}
