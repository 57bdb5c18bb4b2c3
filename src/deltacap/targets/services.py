"""Every write of targets: loading the plan's table and the office's edits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from deltacap.accounts.permissions import PLATFORM, Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import decimal_of
from deltacap.reference.models import Division, PlanningPeriod, Pollutant, TargetForm
from deltacap.reference.periods import period_by_code
from deltacap.reference.services import read_data
from deltacap.targets.models import Target

AUDIT_FIELDS = ["tonnes", "percent_cut", "source"]
MAX_TONNES = Decimal("100000000")


def get_period(code: str) -> PlanningPeriod:
    period = period_by_code(code)
    if period is None:
        raise NotFound(gettext_noop("No planning period {code}."), field="period", code=code)
    return period


def _division(code: str) -> Division:
    try:
        return Division.objects.get(code=code)
    except Division.DoesNotExist:
        raise NotFound(
            gettext_noop("No region, member or city with code {code}."), field="scope", code=code
        ) from None


def _controlled_pollutant(period: PlanningPeriod, code: str) -> Pollutant:
    for pollutant in period.controlled_pollutants():
        if pollutant.code == code:
            return pollutant
    raise InvalidInput(
        gettext_noop("{pollutant} is not a controlled pollutant of {period}."),
        field="pollutant",
        pollutant=code,
        period=period.code,
    )


def _decimal(value: Any, field: str, upper: Decimal) -> Decimal:
    """A target as stored: 0 to ``upper`` in ASCII digits, at most 3 decimals (more is
    refused, not rounded away), never -0. Raises InvalidInput naming ``field``."""
    return decimal_of(value, places=3, lower=Decimal(0), upper=upper, field=field).quantize(
        Decimal("0.001")
    )


def _value_for_form(period: PlanningPeriod, tonnes: Any, percent_cut: Any) -> dict[str, Decimal]:
    if period.target_form == TargetForm.KEY_PROJECT_TONNES:
        if tonnes is None:
            raise InvalidInput(
                gettext_noop("This period's targets are given in tonnes."), field="tonnes"
            )
        return {"tonnes": _decimal(tonnes, "tonnes", MAX_TONNES)}
    if percent_cut is None:
        raise InvalidInput(
            gettext_noop("This period's targets are percentage cuts."), field="percent_cut"
        )
    return {"percent_cut": _decimal(percent_cut, "percent_cut", Decimal(100))}


def set_target(
    *,
    by: Actor,
    channel: str,
    period: str,
    scope: str,
    pollutant: str,
    tonnes: Any = None,
    percent_cut: Any = None,
    source: str | None = None,
) -> Target:
    """Create or change one target. Raises NotFound, AccessDenied, InvalidInput, Conflict.

    Who may write is decided before the value is looked at: a refused writer learns only
    that it may not, whatever it sent.
    """
    period_obj = get_period(period)
    division = _division(scope)
    require(by, Action.SET_TARGET, Target(period=period_obj, division=division))
    pollutant_obj = _controlled_pollutant(period_obj, pollutant)
    values = _value_for_form(period_obj, tonnes, percent_cut)
    try:
        return _write_target(by, channel, period_obj, division, pollutant_obj, values, source)
    except IntegrityError:
        raise Conflict(field="pollutant") from None


def _write_target(
    by: Actor,
    channel: str,
    period_obj: PlanningPeriod,
    division: Division,
    pollutant_obj: Pollutant,
    values: dict[str, Decimal],
    source: str | None,
) -> Target:
    with transaction.atomic():
        target = (
            Target.objects.select_for_update()
            .filter(period=period_obj, division=division, pollutant=pollutant_obj)
            .first()
        ) or Target(period=period_obj, division=division, pollutant=pollutant_obj)
        before = audit.snapshot(target, AUDIT_FIELDS) if target.pk else None
        for name, value in values.items():
            setattr(target, name, value)
        if source is not None:
            target.source = source
        target.updated_by = user_of(by)
        target.save()
        audit.record(
            actor=by,
            channel=channel,
            action="target.set",
            object_type="target",
            object_id=f"{period_obj.code}/{division.code}/{pollutant_obj.code}",
            member_code=division.member_code,
            before=before,
            after=audit.snapshot(target, AUDIT_FIELDS),
        )
    return target


def load_plan_targets(*, actor: Actor = PLATFORM, channel: str = "system") -> int:
    """Load the 14th FYP table of the plan; targets that already exist are left as edited.
    Each target created gets its own audit event (action ``target.load_plan``)."""
    data = read_data("deltacap.targets", "targets_14fyp.json")
    period = get_period(data["period"])
    created = 0
    with transaction.atomic():
        for row in data["targets"]:
            target, was_created = Target.objects.get_or_create(
                period=period,
                division_id=row["scope"],
                pollutant_id=row["pollutant"],
                defaults={
                    "tonnes": Decimal(row["tonnes"]),
                    "source": data["sources"][row["source"]],
                },
            )
            if was_created:
                created += 1
                audit.record(
                    actor=actor,
                    channel=channel,
                    action="target.load_plan",
                    object_type="target",
                    object_id=f"{period.code}/{row['scope']}/{row['pollutant']}",
                    member_code=target.division.member_code,
                    after=audit.snapshot(target, AUDIT_FIELDS),
                )
    return created
