"""Every write of the device registry: register a device on an outlet, set an outlet's limits."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain import hj212
from deltacap.domain.access import AccessDenied, Action, Kind, region_resource
from deltacap.domain.emissions import FLOW_FACTORS
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring.models import Device, Outlet, OutletLimit
from deltacap.reference.models import Medium

DEVICE_FIELDS = ["mn", "outlet", "minute_interval", "active"]
# MN: the codec's rule (``hj212.check_mn``), the receiver's STRICT default or, for devices
# that send other characters and a receiver run with --lenient, LENIENT.
MN_STANDARD = gettext_noop("MN: expected 1 to 24 characters 0-9 or A-F (HJ 212-2017); got {got!r}.")
MN_LENIENT = gettext_noop("Expected 1 to 24 letters, digits, '_', '.' or '-'; got {got!r}.")
# PW: printable ASCII without the packet's separators, at most 24 (6 in the standard).
_PW = re.compile(r"[!-~]{1,24}")
_PW_FORBIDDEN = frozenset(";,=&")
_OUTLET_CODE = re.compile(r"[0-9A-Za-z_\-]{1,32}")


def _mn(value: str, lenient: bool) -> str:
    template = MN_LENIENT if lenient else MN_STANDARD
    if not isinstance(value, str):
        raise InvalidInput(template, field="mn", got=value)
    try:
        return hj212.check_mn(value, hj212.LENIENT if lenient else hj212.STRICT)
    except hj212.Hj212FieldError:
        raise InvalidInput(template, field="mn", got=value) from None


def _password(value: str) -> str:
    if (
        not isinstance(value, str)
        or _PW.fullmatch(value) is None
        or not _PW_FORBIDDEN.isdisjoint(value)
    ):
        raise InvalidInput(
            gettext_noop("Expected 1 to 24 printable characters without ; , = or &."),
            field="password",
        )
    return value


def _enterprise(uscc: str) -> Enterprise:
    found = Enterprise.objects.select_related("division").filter(uscc=str(uscc).upper()).first()
    if found is None:
        raise NotFound(
            gettext_noop("No enterprise with code {code}."), field="enterprise", code=uscc
        )
    return found


def _medium(value: str) -> str:
    if value not in Medium.values:
        raise InvalidInput(
            gettext_noop("Expected one of {choices}; got {got!r}."),
            field="medium",
            choices=", ".join(Medium.values),
            got=value,
        )
    return value


def _interval(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 60:
        raise InvalidInput(
            gettext_noop("Expected whole minutes from 1 to 60; got {got!r}."),
            field="minute_interval",
            got=value,
        )
    return value


def parse_limits(limits: Mapping[str, Any]) -> dict[str, Decimal]:
    """``{factor code: limit}`` checked: a known HJ 212 factor (2005 codes mapped), a positive
    number. Raises InvalidInput naming ``limits.<code>``."""
    checked: dict[str, Decimal] = {}
    named: dict[str, str] = {}
    for code, value in limits.items():
        factor = hj212.code_2017(str(code))
        if factor is None or factor in FLOW_FACTORS.values():
            raise InvalidInput(
                gettext_noop("{code} is not an HJ 212-2017 pollutant code."),
                field=f"limits.{code}",
                code=code,
            )
        if factor in named:
            raise InvalidInput(
                gettext_noop("{code} and {other} name the same pollutant {factor}."),
                field=f"limits.{code}",
                code=code,
                other=named[factor],
                factor=factor,
            )
        named[factor] = str(code)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal(0)
        if not number.is_finite() or number <= 0:
            raise InvalidInput(
                gettext_noop("Expected a positive number; got {got!r}."),
                field=f"limits.{code}",
                got=value,
            )
        checked[factor] = number
    return checked


def register_device(
    *,
    by: Actor,
    channel: str,
    mn: str,
    password: str,
    enterprise: str | None = None,
    outlet_code: str | None = None,
    medium: str = "",
    outlet_name: str = "",
    minute_interval: int = 10,
    limits: Mapping[str, Any] | None = None,
    lenient: bool = False,
) -> Device:
    """Register device ``mn``, on the outlet ``outlet_code`` (default: the MN) of an enterprise.

    ``mn`` must be an MN the receiver accepts: HJ 212-2017's (``hj212.check_mn``), or with
    ``lenient`` what a receiver run with ``--lenient`` accepts.

    The outlet is created when the enterprise has none of that code. Without an
    enterprise (the command line only) the device is received and stored but
    counts in no outlet's totals until it is assigned. Raises InvalidInput,
    NotFound (enterprise), Conflict (MN taken, the outlet has a device or
    another medium) or AccessDenied.
    """
    owner = _authorised_owner(by, enterprise)
    mn, password = _mn(mn, lenient), _password(password)
    medium = _medium(medium) if medium else ""
    minute_interval = _interval(minute_interval)
    outlet_code = mn if outlet_code is None else outlet_code
    if _OUTLET_CODE.fullmatch(str(outlet_code)) is None:
        raise InvalidInput(
            gettext_noop("Expected 1 to 32 letters, digits, '_' or '-'."), field="outlet"
        )
    checked_limits = parse_limits(limits or {})
    with transaction.atomic():
        outlet = _outlet(owner, outlet_code, outlet_name, medium, mn)
        device = Device.objects.create(
            mn=mn, password=password, outlet=outlet, minute_interval=minute_interval
        )
        if outlet is not None:
            _write_limits(outlet, checked_limits)
        audit.record(
            actor=by,
            channel=channel,
            action="device.register",
            object_type="device",
            object_id=device.mn,
            member_code=outlet.enterprise.member_code if outlet else "",
            after={
                **audit.snapshot(device, DEVICE_FIELDS),
                "enterprise": outlet.enterprise.uscc if outlet else None,
                "outlet_code": outlet.code if outlet else None,
                "medium": outlet.medium if outlet else None,
                "limits": {k: str(v) for k, v in checked_limits.items()},
            },
        )
    return device


def _authorised_owner(by: Actor, enterprise: str | None) -> Enterprise | None:
    """The enterprise whose outlet the device goes on, once ``by`` may register devices
    there (the one access decision, before the values are looked at). A device on no
    enterprise's outlet is the region's: only the platform's operator registers one."""
    if enterprise is None:
        try:
            require(by, Action.REGISTER_DEVICE, region_resource(Kind.OUTLET))
        except AccessDenied:
            raise InvalidInput(
                gettext_noop("This field is required."), field="enterprise"
            ) from None
        return None
    owner = _enterprise(enterprise)
    require(by, Action.REGISTER_DEVICE, Outlet(enterprise=owner))
    return owner


def _outlet(owner: Enterprise | None, code: str, name: str, medium: str, mn: str) -> Outlet | None:
    """The outlet a new device goes on, created when new."""
    if owner is None:
        _check_free(mn, None, medium)
        return None
    outlet = Outlet.objects.filter(enterprise=owner, code=code).first()
    if outlet is None:
        outlet = Outlet(enterprise=owner, code=code, name=name, medium=medium)
    _check_free(mn, outlet, medium)
    if outlet.pk is None:
        outlet.save()
    return outlet


def _check_free(mn: str, outlet: Outlet | None, medium: str) -> None:
    if Device.objects.filter(mn=mn).exists():
        raise Conflict(gettext_noop("Device {mn} is already registered."), field="mn", mn=mn)
    if outlet is None or outlet.pk is None:
        return
    if medium and outlet.medium and outlet.medium != medium:
        raise Conflict(
            gettext_noop("Outlet {code} is a {medium} outlet."),
            field="medium",
            code=outlet.code,
            medium=outlet.medium,
        )
    if Device.objects.filter(outlet=outlet).exists():
        raise Conflict(
            gettext_noop("Outlet {code} already has a device."), field="outlet", code=outlet.code
        )


def _write_limits(outlet: Outlet, limits: Mapping[str, Decimal]) -> None:
    for factor, limit in limits.items():
        OutletLimit.objects.update_or_create(
            outlet=outlet, factor=factor, defaults={"limit": limit}
        )


def get_outlet(outlet_id: int) -> Outlet:
    try:
        return Outlet.objects.select_related("enterprise__division", "device").get(pk=outlet_id)
    except Outlet.DoesNotExist:
        raise NotFound(gettext_noop("No outlet {id}."), field="id", id=outlet_id) from None


def set_limits(*, by: Actor, channel: str, outlet_id: int, limits: Mapping[str, Any]) -> Outlet:
    """Set (add or change) an outlet's concentration limits. Raises as ``register_device``."""
    checked = parse_limits(limits)
    with transaction.atomic():
        outlet = get_outlet(outlet_id)
        require(by, Action.SET_LIMITS, outlet)
        before = {lim.factor: str(lim.limit) for lim in outlet.limits.all()}
        _write_limits(outlet, checked)
        after = {**before, **{k: str(v) for k, v in checked.items()}}
        if after != before:
            audit.record(
                actor=by,
                channel=channel,
                action="outlet.limits",
                object_type="outlet",
                object_id=outlet.pk,
                member_code=outlet.enterprise.member_code,
                before={"limits": before},
                after={"limits": after},
            )
    return outlet
