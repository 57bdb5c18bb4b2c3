"""Every write of enterprise records."""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from deltacap.accounts.permissions import Actor, principal_of, require
from deltacap.audit import services as audit
from deltacap.domain import uscc
from deltacap.domain.access import Action, Kind, editable_fields
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division, Level

AUDIT_FIELDS = ["uscc", "name", "division", "sector", "address", "contact_name", "contact_phone"]
_LIMITS = {"name": 200, "sector": 100, "address": 300, "contact_name": 100, "contact_phone": 40}
_PHONE = re.compile(r"^[0-9+()\- ]{5,40}$")


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput(gettext_noop("Enter text."), field=field)
    text = value.strip()
    if field == "name" and not text:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    if len(text) > _LIMITS[field]:
        raise InvalidInput(
            gettext_noop("At most {limit} characters."), field=field, limit=_LIMITS[field]
        )
    if field == "contact_phone" and text and not _PHONE.match(text):
        raise InvalidInput(
            gettext_noop("Enter a telephone number (digits, +, -, brackets)."), field=field
        )
    return text


def _division(code: Any) -> Division:
    division = Division.objects.filter(code=str(code), level__in=[Level.CITY, Level.COUNTY]).first()
    if division is None:
        raise InvalidInput(
            gettext_noop("No city or county with code {code}."), field="division", code=code
        )
    return division


def get_enterprise(enterprise_id: int, *, lock: bool = False) -> Enterprise:
    qs = Enterprise.objects.select_related("division")
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=enterprise_id)
    except Enterprise.DoesNotExist:
        raise NotFound(gettext_noop("No enterprise {id}."), field="id", id=enterprise_id) from None


def _apply(enterprise: Enterprise, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if name == "division":
            enterprise.division = _division(value)
        else:
            setattr(enterprise, name, _text(name, value))


def _check_fields(by: Actor, changes: dict[str, Any]) -> None:
    allowed = editable_fields(principal_of(by), Kind.ENTERPRISE)
    for name in changes:
        if name not in allowed:
            raise InvalidInput(gettext_noop("You may not change this field."), field=name)


def _destination(changes: dict[str, Any]) -> Division | None:
    """Where a change would move the enterprise (None: no move, or not a known place; the
    value is checked after access)."""
    if "division" not in changes:
        return None
    try:
        return _division(changes["division"])
    except InvalidInput:
        return None


def update_enterprise(
    *, by: Actor, channel: str, enterprise_id: int, changes: dict[str, Any]
) -> Enterprise:
    """Change the given fields. Raises NotFound, AccessDenied, InvalidInput (naming the field).

    A move is decided with the record: the editor must keep both the old and the new place.
    The record is locked while it changes and only the changed columns are written, so two
    editors changing different fields at once both keep their change.
    """
    with transaction.atomic():
        enterprise = get_enterprise(enterprise_id, lock=True)
        moved_to = _destination(changes)
        require(by, Action.EDIT_ENTERPRISE, enterprise.as_resource(moved_to=moved_to))
        _check_fields(by, changes)
        before = audit.snapshot(enterprise, AUDIT_FIELDS)
        _apply(enterprise, changes)
        after = audit.snapshot(enterprise, AUDIT_FIELDS)
        changed = [name for name in AUDIT_FIELDS if before[name] != after[name]]
        if not changed:
            return enterprise
        enterprise.save(update_fields=[*changed, "member_code", "updated_at"])
        audit.record(
            actor=by,
            channel=channel,
            action="enterprise.update",
            object_type="enterprise",
            object_id=enterprise.pk,
            member_code=enterprise.member_code,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return enterprise


def create_enterprise(
    *, by: Actor, channel: str, uscc_code: str, name: str, division: str, **fields: Any
) -> Enterprise:
    """Register an enterprise in a city or county the author may write to.

    Raises InvalidInput (naming the field), AccessDenied, Conflict for a registered code.
    """
    enterprise = Enterprise(division=_division(division))
    require(by, Action.REGISTER_ENTERPRISE, enterprise)
    enterprise.uscc = uscc.validate(uscc_code)
    _apply(enterprise, {"name": name, **fields})
    try:
        with transaction.atomic():
            enterprise.save()
            audit.record(
                actor=by,
                channel=channel,
                action="enterprise.create",
                object_type="enterprise",
                object_id=enterprise.pk,
                member_code=enterprise.member_code,
                after=audit.snapshot(enterprise, AUDIT_FIELDS),
            )
    except IntegrityError:
        raise Conflict(
            gettext_noop("An enterprise with this code is already registered."), field="uscc"
        ) from None
    return enterprise
