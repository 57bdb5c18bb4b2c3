"""Phase-out of old high-emission vehicles and non-road machinery (老旧车辆和非道路移动机械淘汰,
二(二)): each member's records imported from a file (CSV or Excel: 类别, 号牌或编码, 城市, 月份,
淘汰方式), its yearly target, progress by member, city and month against the target, and
the reduction a year's records account for through the ``diesel_phaseout`` and
``nonroad_phaseout`` calculators.

A record names a vehicle or machine already in the shared registry (its type, fuel and
stage come from there); whether it counts as old high-emission is decided by the unified
standard in force in its month (``mobile/phaseout_standard.py``: the configured versions
and the office's). Imports follow
the machinery's: the importer's own area asked first, every city of the file next, the
whole file checked, all of it written or nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from django.db import transaction

from deltacap.accounts.permissions import Actor, can, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Kind, Resource, region_resource
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.mobile import check_plate
from deltacap.domain.mobile.machinery import normal_code
from deltacap.domain.mobile.phaseout import (
    Outcome,
    PhaseoutReduction,
    Retired,
    Subject,
    qualifies,
    reduction,
)
from deltacap.mobile import config, phaseout_standard
from deltacap.mobile.importing import EMPTY, Read, _columns, text_table
from deltacap.mobile.models import Machine, PhaseoutRecord, PhaseoutTarget, Vehicle
from deltacap.mobile.services import ImportReport, _report, own_area, places
from deltacap.reference.models import Division

HEADERS = {
    "subject": ("类别", "subject"),
    "identifier": ("号牌或编码", "号牌号码", "环保登记编码", "identifier"),
    "city": ("城市", "city"),
    "month": ("月份", "month"),
    "outcome": ("淘汰方式", "outcome"),
}
SUBJECTS = {"车辆": Subject.VEHICLE, "vehicle": Subject.VEHICLE, "机械": Subject.MACHINE,
            "machine": Subject.MACHINE}  # fmt: skip
OUTCOMES = {"报废": Outcome.SCRAPPED, "scrapped": Outcome.SCRAPPED,
            "注销": Outcome.DEREGISTERED, "deregistered": Outcome.DEREGISTERED,
            "出口": Outcome.EXPORTED, "exported": Outcome.EXPORTED}  # fmt: skip
RECORD_FIELDS = ["subject", "identifier", "city", "month", "outcome", "qualifies"]
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")


def require_import(by: Actor | None) -> None:
    """The importer's decision on its own area (before a file is looked at)."""
    require(by, Action.EDIT_PHASEOUT, own_area(by, Kind.PHASEOUT))


def may_import(by: Actor | None) -> bool:
    """Whether to offer ``by`` the import of a phase-out list (its own area's editors)."""
    return can(by, Action.EDIT_PHASEOUT, own_area(by, Kind.PHASEOUT))


def _month(text: str) -> date | None:
    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        return None
    return date(int(found.group(1)), int(found.group(2)), 1)


def read_records(data: bytes) -> tuple[Read, list[dict[str, Any]]]:
    """The rows of a phase-out list, each checked against the registry and the standard."""
    read = Read()
    rows: list[dict[str, Any]] = []
    table = text_table(data, read)
    if table is None:
        return read, rows
    columns = _columns(table, HEADERS, read)
    if read.issues:
        return read, rows
    if table.num_rows == 0:
        read.add(None, None, EMPTY)
        return read, rows
    names, _members = places()
    cells = {key: table[header].to_pylist() for key, header in columns.items()}
    seen: dict[tuple[str, str], int] = {}
    for index in range(table.num_rows):
        line = index + 2
        row = {key: (cells[key][index] or "").strip() for key in HEADERS}
        if not any(row.values()):
            continue
        faults = len(read.issues) + read.more
        values = _row(read, line, row, columns, names)
        _unit(read, line, row["identifier"], columns["identifier"], values, seen)
        if len(read.issues) + read.more == faults:
            rows.append(values)
    return read, rows


def _row(
    read: Read, line: int, row: dict[str, str], columns: dict[str, str], names: dict[str, str]
) -> dict[str, Any]:
    values: dict[str, Any] = {"line": line}
    values["subject"] = SUBJECTS.get(row["subject"].lower())
    if values["subject"] is None:
        read.add(line, columns["subject"], gettext_noop("Enter 车辆 or 机械."))
    values["outcome"] = OUTCOMES.get(row["outcome"].lower())
    if values["outcome"] is None:
        read.add(line, columns["outcome"], gettext_noop("Enter 报废, 注销 or 出口."))
    values["month"] = _month(row["month"])
    if values["month"] is None:
        read.add(line, columns["month"], gettext_noop("Enter a month such as 2026-03."))
    values["city"] = names.get(row["city"]) or names.get(row["city"].lower())
    if values["city"] is None:
        read.add(
            line,
            columns["city"],
            gettext_noop("{city} is not one of the region's 41 cities."),
            city=row["city"],
        )
    return values


def _unit(
    read: Read,
    line: int,
    text: str,
    column: str,
    values: dict[str, Any],
    seen: dict[tuple[str, str], int],
) -> None:
    """The vehicle or machine the row names, from the shared registry."""
    subject = values["subject"]
    if subject is None:
        return
    try:
        key = check_plate(text) if subject is Subject.VEHICLE else normal_code(text)
    except InvalidInput as error:
        read.add(line, column, error.message_template, **error.params)
        return
    unit: Vehicle | Machine | None
    if subject is Subject.VEHICLE:
        unit = Vehicle.objects.filter(plate=key).first()
    else:
        unit = Machine.objects.filter(code=key).first()
    if unit is None:
        read.add(
            line,
            column,
            gettext_noop("{unit} is not registered: import the vehicle or machine first."),
            unit=key,
        )
        return
    if (subject.value, key) in seen:
        read.add(
            line,
            column,
            gettext_noop("{unit} is already on row {first}."),
            unit=key,
            first=seen[(subject.value, key)],
        )
        return
    seen[(subject.value, key)] = line
    values["identifier"] = key
    if isinstance(unit, Vehicle):
        values |= {"unit_type": unit.vehicle_type, "fuel": unit.fuel,
                   "stage": int(unit.emission_standard)}  # fmt: skip
    else:
        values |= {"unit_type": unit.machine_type, "fuel": unit.engine_fuel,
                   "stage": int(unit.stage)}  # fmt: skip


def import_records(
    *, by: Actor | None, channel: str, data: bytes, dry_run: bool = True, synthetic: bool = False
) -> ImportReport:
    """Check (and unless ``dry_run``, write) a phase-out list: a unit already listed is
    updated. Raises AccessDenied for a city the actor may not write."""
    require_import(by)
    read, rows = read_records(data)
    report = _report("phaseout", dry_run, read)
    cities = Division.objects.select_related("parent").in_bulk(
        [row["city"] for row in rows], field_name="code"
    )
    standard = phaseout_standard.versions()
    with transaction.atomic():
        for city in cities.values():
            require(by, Action.EDIT_PHASEOUT, _resource(city))
        existing = {
            (r.subject, r.identifier): r
            for r in PhaseoutRecord.objects.select_related("city__parent")
            .select_for_update(of=("self",))
            .filter(identifier__in=[row["identifier"] for row in rows])
        }
        for record in existing.values():
            require(by, Action.EDIT_PHASEOUT, record.as_resource())
        if report.issues:
            return report
        changes = []
        for row in rows:
            record = existing.get((row["subject"].value, row["identifier"])) or PhaseoutRecord(
                subject=row["subject"].value, identifier=row["identifier"]
            )
            before = audit.snapshot(record, RECORD_FIELDS) if record.pk else None
            ok, version = qualifies(
                standard, row["month"], row["subject"], row["unit_type"], row["fuel"], row["stage"]
            )
            record.city = cities[row["city"]]
            record.month = row["month"]
            record.outcome = row["outcome"].value
            record.unit_type, record.fuel, record.stage = (
                row["unit_type"], row["fuel"], row["stage"]
            )  # fmt: skip
            record.qualifies, record.standard_version = ok, version
            record.synthetic = synthetic
            after = audit.snapshot(record, RECORD_FIELDS)
            if before is None:
                report.created += 1
            elif before != after:
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            changes.append((record, before, after))
        if not dry_run:
            for record, before, after in changes:
                record.save()
                changed = [k for k in after if before is None or before[k] != after[k]]
                audit.record(
                    actor=by,
                    channel=channel,
                    action="phaseout.create" if before is None else "phaseout.update",
                    object_type="phaseout_record",
                    object_id=record.pk,
                    member_code=record.member_code,
                    before=None
                    if before is None
                    else {f"phaseout_{k}": before[k] for k in changed},
                    after={f"phaseout_{k}": after[k] for k in changed},
                )
    return report


def _resource(division: Division) -> Resource:
    return Resource(Kind.PHASEOUT, division.path(), level=division.level)


def _member_or_none(code: str) -> Division | None:
    return Division.objects.filter(code=code, level="member").first()


def _member(code: str) -> Division:
    """The member of ``code``, or the refusal naming the field ``member``."""
    division = _member_or_none(code)
    if division is None:
        raise InvalidInput(gettext_noop("{member} is not a member."), field="member", member=code)
    return division


def _whole(value: int | str, field: str) -> int:
    """A count as given (a number, or its digits as typed); raises InvalidInput."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise InvalidInput(gettext_noop("Enter a whole number of zero or more."), field=field)


def set_target(
    *,
    by: Actor | None,
    channel: str,
    member: str,
    year: int | str,
    vehicles: int | str,
    machines: int | str,
) -> PhaseoutTarget:
    """A member's phase-out target for ``year`` (its member editors set it); the counts as
    numbers or as typed. Raises AccessDenied, InvalidInput naming the field."""
    division = _member(member)
    with transaction.atomic():
        require(by, Action.EDIT_PHASEOUT, _resource(division))
        year = _whole(year, "year")
        if not 2000 <= year <= 2100:
            raise InvalidInput(gettext_noop("Enter a year such as 2026."), field="year")
        vehicles, machines = _whole(vehicles, "vehicles"), _whole(machines, "machines")
        target, _created = PhaseoutTarget.objects.select_for_update().get_or_create(
            member_code=member, year=year
        )
        before = {"phaseout_vehicles": target.vehicles, "phaseout_machines": target.machines}
        target.vehicles, target.machines = vehicles, machines
        target.save()
        audit.record(
            actor=by,
            channel=channel,
            action="phaseout.target",
            object_type="phaseout_target",
            object_id=target.pk,
            member_code=member,
            before=before,
            after={"phaseout_vehicles": vehicles, "phaseout_machines": machines},
        )
    return target


# --- reads -------------------------------------------------------------------------------------


def check_reader(actor: Actor | None) -> None:
    """Raise AccessDenied unless ``actor`` is an official (every official reads)."""
    require(actor, Action.READ, region_resource(Kind.PHASEOUT))


def _records(member: str, year: int) -> Any:
    records = PhaseoutRecord.objects.filter(month__year=year)
    return records.filter(member_code=member) if member else records


def progress(actor: Actor | None, *, year: int, member: str = "") -> list[dict[str, Any]]:
    """Per member: its target, records by outcome, qualifying vehicles and machines against
    the target, and the counts by city and by month."""
    check_reader(actor)
    targets = {t.member_code: t for t in PhaseoutTarget.objects.filter(year=year)}
    rows: dict[str, dict[str, Any]] = {}

    def entry(code: str) -> dict[str, Any]:
        if code not in rows:
            target = targets.get(code)
            rows[code] = {
                "member": code,
                "year": year,
                "target_vehicles": target.vehicles if target else None,
                "target_machines": target.machines if target else None,
                "vehicles": 0,
                "machines": 0,
                "not_qualifying": 0,
                "outcomes": defaultdict(int),
                "cities": defaultdict(int),
                "months": defaultdict(int),
            }
        return rows[code]

    for code in (c for c in targets if not member or c == member):
        entry(code)
    for r in _records(member, year).select_related("city"):
        e = entry(r.member_code)
        e["outcomes"][r.outcome] += 1
        e["cities"][r.city.code] += 1
        e["months"][r.month.strftime("%Y-%m")] += 1
        if not r.qualifies:
            e["not_qualifying"] += 1
        elif r.subject == Subject.VEHICLE:
            e["vehicles"] += 1
        else:
            e["machines"] += 1
    return [_finished(rows[code]) for code in sorted(rows)]


def _finished(e: dict[str, Any]) -> dict[str, Any]:
    for key in ("outcomes", "cities", "months"):
        e[key] = dict(sorted(e[key].items()))
    for kind in ("vehicles", "machines"):
        goal = e[f"target_{kind}"]
        e[f"{kind}_share"] = round(e[kind] / goal, 3) if goal else None
    return e


def reduction_of(actor: Actor | None, *, member: str, year: int) -> PhaseoutReduction:
    """The reduction a member's qualifying phase-out records of ``year`` account for (one
    year of the retired units' emissions; factors from the versioned phase-out table)."""
    check_reader(actor)
    records = [
        Retired(Subject(r.subject), r.unit_type, r.fuel, r.stage, r.qualifies)
        for r in _records(member, year)
    ]
    return reduction(records, config.phaseout_coefficients())
