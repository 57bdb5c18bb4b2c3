"""Every write of non-road mobile machinery (非道路移动机械识别标志区域互认, 二(二)): the
members' registrations imported from their files, field checks recorded by any member on
any member's machine, the notice a failed check sends back to the registering member, and
that member's responses.

A machine registered by one member is recognised by all: a check in another member's
low-emission zone accepts it on its home registration when it passes. Imports follow the
vehicles' (``mobile/services.py``): the importer's own area asked first, every city of the
file next, the whole file checked, all of it written or nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Kind
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.mobile.machinery import CheckResult, accepted_in_zone, normal_code
from deltacap.enterprises.models import Enterprise
from deltacap.mobile import config
from deltacap.mobile.importing import read_machines
from deltacap.mobile.models import (
    Machine,
    MachineCheck,
    MachineNotice,
    MachineNoticeResponse,
    machine_resource,
)
from deltacap.mobile.services import ImportReport, _report, answer_notice, own_area, places
from deltacap.reference.models import Division

MACHINE_FIELDS = [
    "machine_type",
    "engine_fuel",
    "engine_model",
    "rated_power_kw",
    "stage",
    "owner_uscc",
    "owner_name",
    "enterprise",
    "city",
]


# --- registrations ---------------------------------------------------------------------------


def require_import(by: Actor | None) -> None:
    """The importer's decision on its own area (before a file is looked at)."""
    require(by, Action.EDIT_MACHINE, own_area(by, Kind.MACHINE))


def import_machinery(
    *, by: Actor | None, channel: str, data: bytes, dry_run: bool = True, synthetic: bool = False
) -> ImportReport:
    """Check (and unless ``dry_run``, write) the machinery list ``data``: a known code is
    updated, a new one created; the owner enterprise linked where its credit code is
    registered. Raises AccessDenied for a city the actor may not write."""
    require_import(by)
    names, members = places()
    read = read_machines(data, names, members, config.machinery_code())
    report = _report("machinery", dry_run, read)
    cities = Division.objects.in_bulk([row["city"] for row in read.machines], field_name="code")
    owners = Enterprise.objects.in_bulk(
        [row["owner_uscc"] for row in read.machines if row["owner_uscc"]], field_name="uscc"
    )
    with transaction.atomic():
        existing = {
            m.code: m
            for m in Machine.objects.select_related("city__parent")
            .select_for_update(of=("self",))
            .filter(code__in=[row["code"] for row in read.machines])
        }
        for city in cities.values():
            require(by, Action.EDIT_MACHINE, machine_resource(city))
        for machine in existing.values():  # a move takes the machine from its city too
            require(by, Action.EDIT_MACHINE, machine.as_resource())
        if report.issues:
            return report
        changes = []
        for row in read.machines:
            machine = existing.get(row["code"]) or Machine(code=row["code"])
            before = audit.snapshot(machine, MACHINE_FIELDS) if machine.pk else None
            for name in ("machine_type", "engine_fuel", "engine_model", "rated_power_kw",
                         "stage", "owner_uscc", "owner_name"):  # fmt: skip
                setattr(machine, name, row[name])
            machine.enterprise = owners.get(row["owner_uscc"])
            machine.city = cities[row["city"]]
            machine.synthetic = synthetic
            after = audit.snapshot(machine, MACHINE_FIELDS)
            if before is None:
                report.created += 1
            elif before != after:
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            changes.append((machine, before, after))
        if not dry_run:
            for machine, before, after in changes:
                machine.save()
                changed = [k for k in after if before is None or before[k] != after[k]]
                audit.record(
                    actor=by,
                    channel=channel,
                    action="machine.create" if before is None else "machine.update",
                    object_type="machine",
                    object_id=machine.pk,
                    member_code=machine.member_code,
                    before=None if before is None else {k: before[k] for k in changed},
                    after={k: after[k] for k in changed} | {"machine_code": machine.code},
                )
    return report


def get_machine(code: str) -> Machine:
    found = (
        Machine.objects.select_related("city__parent", "enterprise")
        .filter(code=normal_code(code))
        .first()
    )
    if found is None:
        raise NotFound(
            gettext_noop("No member has registered a machine with the code {code}."),
            field="code",
            code=code,
        )
    return found


# --- field checks ----------------------------------------------------------------------------


def _day(value: date | str | None, field: str = "day") -> date:
    today = timezone.localdate()
    if value in (None, ""):
        return today
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=value
        ) from None
    if day > today:
        raise InvalidInput(gettext_noop("The date lies in the future."), field=field)
    return day


def record_check(
    *,
    by: Actor | None,
    channel: str,
    code: str,
    city: str,
    place: str,
    result: str,
    day: date | str | None = None,
    low_emission_zone: bool = False,
    note: str = "",
    synthetic: bool = False,
) -> MachineCheck:
    """A field check made in ``city`` (the checking member's own) on any member's machine.
    In a low-emission zone, a machine that passes is accepted on its home registration; a
    failed check on a machine of another member raises a notice to that member. Raises
    AccessDenied, NotFound, InvalidInput."""
    machine = get_machine(code)
    where = Division.objects.select_related("parent").filter(code=(city or "").strip()).first()
    if where is None or not where.member_code:
        raise InvalidInput(
            gettext_noop("{city} is not a city or county of the region."), field="city", city=city
        )
    require(by, Action.RECORD_MACHINE_CHECK, machine_resource(where, Kind.MACHINE_CHECK))
    place = (place or "").strip()
    if not place or len(place) > 100:
        raise InvalidInput(
            gettext_noop("Enter the place of the check (at most 100 characters)."), field="place"
        )
    if result not in {r.value for r in CheckResult}:
        raise InvalidInput(gettext_noop("Choose the result: passed or failed."), field="result")
    when = _day(day)
    note = (note or "").strip()
    if len(note) > 500:
        raise InvalidInput(gettext_noop("A note has at most 500 characters."), field="note")
    outcome = CheckResult(result)
    with transaction.atomic():
        check = MachineCheck.objects.create(
            machine=machine,
            city=where,
            place=place,
            day=when,
            result=outcome,
            low_emission_zone=bool(low_emission_zone),
            accepted=bool(low_emission_zone) and accepted_in_zone(outcome, registered=True),
            note=note,
            synthetic=synthetic,
        )
        after: dict[str, Any] = {
            "machine_code": machine.code,
            "city": where.code,
            "place": place,
            "day": when.isoformat(),
            "machine_check_result": outcome.value,
            "machine_check_lez": check.low_emission_zone,
            "machine_check_accepted": check.accepted,
        }
        if outcome is CheckResult.FAIL and where.member_code != machine.member_code:
            notice = MachineNotice.objects.create(
                check_record=check,
                machine=machine,
                from_member_id=where.member_code,
                to_member_code=machine.member_code,
                raised_at=timezone.now(),
                due=timezone.localdate() + timedelta(days=config.machinery_notice_days()),
                synthetic=synthetic,
            )
            after["machine_notice"] = notice.pk
        audit.record(
            actor=by,
            channel=channel,
            action="machine_check.record",
            object_type="machine_check",
            object_id=check.pk,
            member_code=check.member_code,
            after=after,
        )
    return check


# --- notices ---------------------------------------------------------------------------------


def get_notice(notice_id: int) -> MachineNotice:
    found = (
        MachineNotice.objects.select_related(
            "machine__city__parent", "from_member", "check_record__city"
        )
        .filter(pk=notice_id)
        .first()
    )
    if found is None:
        raise NotFound(gettext_noop("No notice {id}."), field="id", id=notice_id)
    return found


def respond(
    *,
    by: Actor | None,
    channel: str,
    notice_id: int,
    response: str,
    day: date | str | None = None,
    note: str = "",
) -> MachineNoticeResponse:
    """What the registering member did (the words of the vehicles' notices); ``re-test
    passed`` and ``scrapped`` close the notice. Raises AccessDenied, InvalidInput,
    Conflict (a closed notice)."""
    notice = get_notice(notice_id)
    answer: MachineNoticeResponse = answer_notice(
        by=by,
        channel=channel,
        notice=notice,
        action=Action.RESPOND_MACHINE_NOTICE,
        response=response,
        day=day,
        note=note,
        audit_action="machine_notice.respond",
        subject={"machine_code": notice.machine.code},
    )
    return answer
