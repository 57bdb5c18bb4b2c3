"""Coefficient tables: the default set, members' official tables, and which one a project uses."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.accounting import DEFAULT_COEFFICIENTS, AccountingError, CoefficientSet
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.projects.models import CoefficientTable
from deltacap.reference.models import Division, Level


def ensure_table(coefficients: CoefficientSet, member: Division | None = None) -> CoefficientTable:
    """The stored table of ``coefficients`` (id and version), registered when it is not yet.

    Safe when two requests register the same set at once: the loser reads the winner's row.
    """
    found = CoefficientTable.objects.filter(set_id=coefficients.id, version=coefficients.version)
    table = found.first()
    if table is not None:
        return table
    try:
        with transaction.atomic():
            return CoefficientTable.objects.create(
                set_id=coefficients.id,
                version=coefficients.version,
                source=coefficients.source,
                data=coefficients.to_json(),
                member=member,
            )
    except IntegrityError:
        return found.get()


def default_table() -> CoefficientTable:
    return ensure_table(DEFAULT_COEFFICIENTS)


def table_for(member_code: str) -> CoefficientTable:
    """The newest table registered for ``member_code``, else the platform's default."""
    own = (
        CoefficientTable.objects.filter(member_id=member_code)
        .order_by("-created_at", "-id")
        .first()
    )
    return own or default_table()


def find_table(label: str) -> CoefficientTable:
    """The table named "<set id> <version>"; raises NotFound naming the field."""
    set_id, _, version = label.strip().partition(" ")
    table = CoefficientTable.objects.filter(set_id=set_id, version=version.strip()).first()
    if table is None:
        raise NotFound(
            gettext_noop(
                'No coefficient table "{label}"; give the set and version, e.g. "{example}".'
            ),
            field="coefficients",
            label=label,
            example=default_table().label,
        )
    return table


def register_table(*, by: Actor, channel: str, data: Any, member: str | None) -> CoefficientTable:
    """Register a coefficient set (``CoefficientSet.to_json`` form) for a member or the region.

    The office registers for any member or the region; a member editor for its own member.
    Raises InvalidInput (malformed set), Conflict (id and version taken), AccessDenied.
    """
    division = Division.objects.filter(code=member).first() if member else None
    if member and (division is None or division.level != Level.MEMBER):
        raise NotFound(gettext_noop("No member with code {code}."), field="member", code=member)
    require(by, Action.SET_COEFFICIENTS, CoefficientTable(member=division))
    try:
        coefficients = CoefficientSet.from_json(data)
    except (AccountingError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            gettext_noop("The coefficient table is not valid: {reason}"),
            field="data",
            reason=str(exc),
        ) from None
    with transaction.atomic():
        try:
            with transaction.atomic():
                table = CoefficientTable.objects.create(
                    set_id=coefficients.id,
                    version=coefficients.version,
                    source=coefficients.source,
                    data=coefficients.to_json(),
                    member=division,
                    created_by=user_of(by),
                )
        except IntegrityError:
            raise Conflict(
                gettext_noop("Coefficient table {label} exists; give it a new version."),
                field="version",
                label=f"{coefficients.id} {coefficients.version}",
            ) from None
        audit.record(
            actor=by,
            channel=channel,
            action="coefficients.register",
            object_type="coefficient_table",
            object_id=table.label,
            member_code=member or "",
            after={"values": len(coefficients.values), "source": coefficients.source},
        )
    return table
