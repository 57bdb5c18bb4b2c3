"""Shared facilities of the demonstration zone (长三角生态绿色一体化发展示范区: Qingpu of
Shanghai, Wujiang of Suzhou, Jiashan of Jiaxing): water supply, wastewater, sludge and
reclaimed-water facilities, where they lie, their capacity and status, and the members
sharing each with their shares (the rule of the shares: deltacap.domain.water.facilities).

Who writes: the region office, or an editor of a member sharing the facility (a change:
of a member sharing it before the change). Who reads: every official reads the whole
record; the public reads the list of facilities with their names, kinds, location,
members and shares only (no capacity, position, status or note).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Principal, Role
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.water import facilities as rules
from deltacap.inputs import LATITUDE_RANGE, LONGITUDE_RANGE
from deltacap.reference.models import Division, Level
from deltacap.water.models_facilities import (
    FacilityKind,
    FacilityShare,
    FacilityStatus,
    SharedFacility,
    facility_resource,
)

FIELDS = ["name", "kind", "division", "lon", "lat", "capacity", "capacity_unit", "status", "note"]
REQUIRED = ("name", "kind", "division", "capacity", "capacity_unit", "status", "shares")
OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR, Role.SYSTEM)
MAX_CAPACITY = Decimal("1e11")


def is_official(principal: Principal) -> bool:
    return principal.role in OFFICIALS


# --- reads --------------------------------------------------------------------------------


def _rows() -> QuerySet[SharedFacility]:
    return SharedFacility.objects.select_related("division").prefetch_related(
        Prefetch("shares", FacilityShare.objects.select_related("member"))
    )


def facilities() -> list[SharedFacility]:
    """Every shared facility, by name (officials see all of each; the public, through
    :func:`facility_out` with ``full=False``, the list's public part)."""
    return list(_rows())


def get_facility(facility_id: Any) -> SharedFacility:
    found = _rows().filter(pk=facility_id).first()
    if found is None:
        raise NotFound(
            gettext_noop("No shared facility with number {id}."), field="facility", id=facility_id
        )
    return found


# --- writes -------------------------------------------------------------------------------


def _text(value: Any, field: str, limit: int) -> str:
    text = str(value or "").strip()
    if not text:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    if len(text) > limit:
        raise InvalidInput(gettext_noop("At most {limit} characters."), field=field, limit=limit)
    return text


def _choice(value: Any, field: str, choices: list[str]) -> str:
    if value not in choices:
        raise InvalidInput(
            gettext_noop("{value} is not one of {choices}."),
            field=field,
            value=str(value),
            choices=", ".join(choices),
        )
    return str(value)


def _position(value: Any, field: str, bounds: tuple[Decimal, Decimal]) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(gettext_noop("This must be a number."), field=field) from None
    if not float(bounds[0]) <= number <= float(bounds[1]):
        raise InvalidInput(
            gettext_noop("The position must lie in the Yangtze River Delta."), field=field
        )
    return number


def _capacity(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(gettext_noop("This must be a number."), field="capacity") from None
    if not number.is_finite() or not Decimal(0) < number < MAX_CAPACITY:
        raise InvalidInput(gettext_noop("The capacity must be above 0."), field="capacity")
    return number.quantize(Decimal("0.01"))


def _division(value: Any) -> str:
    code = str(value or "").strip()
    if not Division.objects.filter(code=code).exists():
        raise InvalidInput(gettext_noop("Name a division of the region."), field="division")
    return code


def _share_pairs(value: Any) -> list[tuple[str, Any]]:
    """The shares as given: a list of ``{"member": code, "percent": number}``."""
    if not isinstance(value, list | tuple):
        raise InvalidInput(
            gettext_noop("A shared facility has at least two sharing members."), field="shares"
        )
    pairs = []
    for item in value:
        if not isinstance(item, dict):
            raise InvalidInput(gettext_noop("This value is not valid."), field="shares")
        pairs.append((str(item.get("member") or "").strip(), item.get("percent")))
    return pairs


def _members_of(value: Any) -> list[str]:
    """The sharing members a request names (for the access decision, before any check)."""
    try:
        return [m for m, _ in _share_pairs(value) if m]
    except InvalidInput:
        return []


def _check_members(codes: list[str]) -> None:
    known = set(
        Division.objects.filter(code__in=codes, level=Level.MEMBER).values_list("code", flat=True)
    )
    for code in codes:
        if code not in known:
            raise InvalidInput(
                gettext_noop("{member} is not one of the four members."),
                field="shares",
                member=code,
            )


def _cleaned(values: dict[str, Any], current: SharedFacility | None) -> dict[str, Any]:
    """The given fields checked (a new facility needs every required one)."""
    if current is None:
        for name in REQUIRED:
            if values.get(name) in (None, ""):
                raise InvalidInput(gettext_noop("This field is required."), field=name)
    out: dict[str, Any] = {}
    checks = {
        "name": lambda v: _text(v, "name", 120),
        "kind": lambda v: _choice(v, "kind", FacilityKind.values),
        "division": _division,
        "lon": lambda v: _position(v, "lon", LONGITUDE_RANGE),
        "lat": lambda v: _position(v, "lat", LATITUDE_RANGE),
        "capacity": _capacity,
        "capacity_unit": lambda v: _text(v, "capacity_unit", 20),
        "status": lambda v: _choice(v, "status", FacilityStatus.values),
        "note": lambda v: str(v or "").strip()[:2000],
    }
    for name, check in checks.items():
        if name in values:
            out[name] = check(values[name])
    if "shares" in values:
        shares = rules.check_shares(_share_pairs(values["shares"]))
        _check_members([m for m, _ in shares])
        out["shares"] = shares
    return out


def _snapshot(facility: SharedFacility) -> dict[str, Any]:
    return {
        **audit.snapshot(facility, FIELDS),
        "water_facility_shares": {s.member_id: str(s.percent) for s in facility.shares.all()},
    }


def save_facility(
    *,
    by: Actor,
    channel: str,
    values: dict[str, Any],
    facility: SharedFacility | None = None,
    synthetic: bool = False,
) -> SharedFacility:
    """Create a shared facility (``facility`` None) or change the fields given of one; the
    ``shares`` given replace all its shares. The office, or an editor of a sharing member
    (of a change: a member sharing the facility before it)."""
    with transaction.atomic():
        if facility is None:
            require(
                by, Action.EDIT_WATER_FACILITY, facility_resource(_members_of(values.get("shares")))
            )
            current = None
            before: dict[str, Any] | None = None
        else:
            current = SharedFacility.objects.select_for_update().get(pk=facility.pk)
            require(by, Action.EDIT_WATER_FACILITY, current)
            before = _snapshot(current)
        cleaned = _cleaned(values, current)
        name = cleaned.get("name")
        clash = SharedFacility.objects.filter(name=name)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if name and clash.exists():
            raise Conflict(gettext_noop("A facility of this name exists already."), field="name")
        shares = cleaned.pop("shares", None)
        division = cleaned.pop("division", None)
        target = current or SharedFacility(synthetic=synthetic)
        for field, value in cleaned.items():
            setattr(target, field, value)
        if division is not None:
            target.division_id = division
        target.save()
        if shares is not None:
            target.shares.all().delete()
            FacilityShare.objects.bulk_create(
                [FacilityShare(facility=target, member_id=m, percent=p) for m, p in shares]
            )
        saved = get_facility(target.pk)
        audit.record(
            actor=by,
            channel=channel,
            action="water.facility.update" if current else "water.facility.create",
            object_type="water_facility",
            object_id=saved.pk,
            member_code=(saved.member_codes() or [""])[0],
            before=before,
            after=_snapshot(saved),
        )
    return saved


# --- output shapes (the API, the page and the command line) -------------------------------


def facility_out(f: SharedFacility, *, full: bool = True) -> dict[str, Any]:
    """A facility; ``full`` for the officials (the public: name, kind, location, shares)."""
    out: dict[str, Any] = {
        "id": f.pk,
        "name": f.name,
        "kind": f.kind,
        "kind_name": str(FacilityKind(f.kind).label),
        "division": f.division_id,
        "division_name": str(f.division),
        "shares": [
            {"member": s.member_id, "member_name": str(s.member), "percent": float(s.percent)}
            for s in f.shares.all()
        ],
        "synthetic": f.synthetic,
    }
    if full:
        out |= {
            "lon": f.lon,
            "lat": f.lat,
            "capacity": float(f.capacity),
            "capacity_unit": f.capacity_unit,
            "status": f.status,
            "status_name": str(FacilityStatus(f.status).label),
            "note": f.note,
            "updated_at": f.updated_at.isoformat(),
        }
    return out
