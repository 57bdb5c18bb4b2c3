"""Every write of high-emission vehicles: vehicle records and detections imported from the
members' files (``mobile/importing.py``), the evaluation that raises cross-member notices,
and a registering member's responses to them.

Each import asks the access rules first on the importer's own area (a viewer, the office
or the public is refused before the file is read), then on every city the file names,
checks the whole file, and writes all of it or nothing: vehicles and their audit events in
one transaction; detections as Parquet part files of the measurement store
(``mobile/store.py``), with their audit event in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from deltacap.accounts.permissions import Actor, principal_of, require
from deltacap.audit import services as audit
from deltacap.domain import mobile
from deltacap.domain.access import REGION, Action, Kind, Resource, region_resource
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.mobile.rules import FUELS, METHODS
from deltacap.mobile import config, store
from deltacap.mobile.importing import Issue, Read, read_detections, read_vehicles
from deltacap.mobile.labels import CLOSING_RESPONSES, RESPONSES
from deltacap.mobile.models import Notice, NoticeResponse, NoticeStatus, Vehicle, vehicle_resource
from deltacap.reference.models import Division

VEHICLE_FIELDS = [
    "plate_colour",
    "vehicle_type",
    "fuel",
    "emission_standard",
    "owner_kind",
    "city",
]


@dataclass
class ImportReport:
    """What an import found and did: counts, or the faults (then nothing was written)."""

    kind: str  # "vehicles" | "detections" | "machinery" | "phaseout"
    dry_run: bool = True
    issues: list[Issue] = field(default_factory=list)
    more: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    plates: int = 0
    first: str | None = None
    last: str | None = None
    # Detections: the cross-member notices the import raised (the rules applied to its
    # plates once it is stored).
    notices_raised: int = 0

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.issues

    def to_json(self, translate: Callable[[str], str] = gettext) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": self.kind, "dry_run": self.dry_run, "written": self.written}
        if self.kind in ("vehicles", "machinery", "phaseout"):
            body |= {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        else:
            body |= {
                "rows": self.rows,
                "plates": self.plates,
                "first": self.first,
                "last": self.last,
                "notices_raised": self.notices_raised,
            }
        body["errors"] = [
            {"row": i.row, "column": i.column, "message": i.error.render(translate)}
            for i in self.issues
        ]
        body["more_errors"] = self.more
        return body


def _report(kind: str, dry_run: bool, read: Read) -> ImportReport:
    issues = sorted(read.issues, key=lambda i: (i.row or 0, i.column or ""))
    return ImportReport(kind, dry_run, issues, read.more)


def own_area(by: Actor | None, kind: Kind = Kind.VEHICLE) -> Resource:
    """A record of the actor's own area (the region for the office and the platform)."""
    code = principal_of(by).division_code
    division = Division.objects.filter(code=code).first() if code else None
    if division is None:
        return Resource(kind, (REGION,), level=REGION)
    return Resource(kind, division.path(), level=division.level)


def places() -> tuple[dict[str, str], dict[str, str]]:
    """The region's cities: by code, Chinese name (with and without 市) and English name →
    code; and each city's member."""
    names: dict[str, str] = {}
    members: dict[str, str] = {}
    for city in Division.objects.filter(prefecture=True).select_related("parent"):
        for key in (city.code, city.name_zh, city.name_zh.removesuffix("市"), city.name_en.lower()):
            names[key] = city.code
        members[city.code] = city.member_code or ""
    return names, members


def china_now() -> datetime:
    """Now in China time, without a zone (as detections are stored)."""
    return timezone.localtime().replace(tzinfo=None)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _member_of(by: Actor | None) -> str:
    code = principal_of(by).division_code
    division = Division.objects.filter(code=code).first() if code else None
    return (division.member_code or "") if division else ""


# --- vehicles --------------------------------------------------------------------------------


def import_vehicles(
    *, by: Actor | None, channel: str, data: bytes, dry_run: bool = True, synthetic: bool = False
) -> ImportReport:
    """Check (and unless ``dry_run``, write) the vehicle list ``data``: a known plate is
    updated, a new one created (``synthetic``: the demo's). Raises AccessDenied for a city
    the actor may not write."""
    require(by, Action.EDIT_VEHICLE, own_area(by))
    names, members = places()
    read = read_vehicles(data, names, members)
    report = _report("vehicles", dry_run, read)
    cities = Division.objects.in_bulk([row["city"] for row in read.vehicles], field_name="code")
    with transaction.atomic():
        existing = {
            v.plate: v
            for v in Vehicle.objects.select_related("city__parent")
            .select_for_update(of=("self",))
            .filter(plate__in=[row["plate"] for row in read.vehicles])
        }
        for city in cities.values():
            require(by, Action.EDIT_VEHICLE, vehicle_resource(city))
        for vehicle in existing.values():  # a move takes the vehicle from its city too
            require(by, Action.EDIT_VEHICLE, vehicle.as_resource())
        if report.issues:
            return report
        changes = _changes(read.vehicles, cities, existing, report)
        for vehicle, _before, _after in changes:
            vehicle.synthetic = synthetic
        if not dry_run:
            _save(changes, by=by, channel=channel)
    return report


Change = tuple[Vehicle, dict[str, Any] | None, dict[str, Any]]


def _changes(
    rows: list[dict[str, Any]],
    cities: dict[str, Division],
    existing: dict[str, Vehicle],
    report: ImportReport,
) -> list[Change]:
    changes = []
    for row in rows:
        vehicle = existing.get(row["plate"]) or Vehicle(plate=row["plate"])
        before = audit.snapshot(vehicle, VEHICLE_FIELDS) if vehicle.pk else None
        for name in ("plate_colour", "vehicle_type", "fuel", "emission_standard", "owner_kind"):
            setattr(vehicle, name, row[name])
        vehicle.city = cities[row["city"]]
        after = audit.snapshot(vehicle, VEHICLE_FIELDS)
        if before is None:
            report.created += 1
        elif before != after:
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        changes.append((vehicle, before, after))
    return changes


def _save(changes: list[Change], *, by: Actor | None, channel: str) -> None:
    for vehicle, before, after in changes:
        vehicle.save()
        changed = [k for k in after if before is None or before[k] != after[k]]
        audit.record(
            actor=by,
            channel=channel,
            action="vehicle.create" if before is None else "vehicle.update",
            object_type="vehicle",
            object_id=vehicle.pk,
            member_code=vehicle.member_code,
            before=None if before is None else {k: before[k] for k in changed},
            after={k: after[k] for k in changed} | {"plate": vehicle.plate},
        )


# --- detections ------------------------------------------------------------------------------


def import_detections(
    *,
    by: Actor | None,
    channel: str,
    data: bytes,
    dry_run: bool = True,
    root: Path | None = None,
    raise_notices: bool = True,
) -> ImportReport:
    """Check (and unless ``dry_run``, store) detections ``data``, then apply the rules to
    the vehicles of the file's plates as ``evaluate`` does to every vehicle: a vehicle now
    found high-emission in a member other than its registering one raises a notice to it
    (once per finding; ``notices_raised`` counts them). ``raise_notices`` False leaves that
    to ``evaluate`` (the demo, which raises its notices on past days). Raises AccessDenied
    for a city the actor may not write."""
    require(by, Action.IMPORT_VEHICLE_DETECTIONS, own_area(by, Kind.VEHICLE_DETECTION))
    names, members = places()
    read = read_detections(data, names, members, china_now())
    report = _report("detections", dry_run, read)
    if read.detections is None:
        return report
    table = read.detections
    cities = Division.objects.in_bulk(pc.unique(table["city"]).to_pylist(), field_name="code")
    for city in cities.values():
        require(
            by, Action.IMPORT_VEHICLE_DETECTIONS, vehicle_resource(city, Kind.VEHICLE_DETECTION)
        )
    root = root or store.root()
    _stored(report, table, root)
    if report.issues:
        return report
    report.rows = table.num_rows
    report.plates = len(pc.unique(table["plate"]))
    low, high = pc.min_max(table["time"]).values()
    report.first = low.as_py().isoformat(sep=" ", timespec="minutes")
    report.last = high.as_py().isoformat(sep=" ", timespec="minutes")
    if dry_run:
        return report
    digest = _digest(data)
    stamp = datetime.now(UTC).replace(tzinfo=None)
    full = table.append_column(
        "imported_at",
        pa.array(np.full(table.num_rows, stamp), pa.timestamp("us")).cast(
            pa.timestamp("us", tz="UTC")
        ),
    ).append_column("batch", pa.array(np.full(table.num_rows, digest), pa.string()))
    with transaction.atomic():
        audit.record(
            actor=by,
            channel=channel,
            action="vehicle_detections.import",
            object_type="file",
            object_id=digest,
            member_code=_member_of(by),
            after={
                "rows": report.rows,
                "plates": report.plates,
                "first": report.first,
                "last": report.last,
                "bytes": len(data),
            },  # fmt: skip
        )
        store.write(root, full)
    if raise_notices:
        # After the detections are stored and audited: the rules read them from the store.
        plates = pc.unique(table["plate"]).to_pylist()
        report.notices_raised = _evaluate(by=by, channel=channel, root=root, plates=plates).raised
    return report


def _stored(report: ImportReport, table: pa.Table, root: Path) -> None:
    """A detection stored already is a fault of its row: nothing is replaced."""
    stored = store.stored_keys(root, table.select(["plate", "time", "method"]))
    if not stored.num_rows:
        return

    def keys(t: pa.Table) -> pa.Array:
        when = pc.cast(pc.cast(t["time"], pa.int64()), pa.string())
        return pc.binary_join_element_wise(t["plate"], when, t["method"], "|")

    again = pc.is_in(keys(table), value_set=keys(stored)).to_numpy(zero_copy_only=False)
    for index in np.flatnonzero(again)[:200].tolist():
        report.issues.append(
            Issue(
                index + 2,
                "检测时间",
                InvalidInput(
                    gettext_noop(
                        "This detection of {plate} is stored already; nothing is replaced."
                    ),
                    field="检测时间",
                    plate=table["plate"][index].as_py(),
                ),
            )
        )
    report.more += max(0, int(np.count_nonzero(again)) - 200)


# --- evaluation and notices ------------------------------------------------------------------


@dataclass
class Evaluation:
    """What a run of the rules found: detections weighed, vehicles found high-emission in
    another member, notices raised (the rest had one on the same detections already)."""

    as_of: datetime
    rules_version: str
    detections: int = 0
    found: int = 0
    raised: int = 0
    notices: list[int] = field(default_factory=list)


MEMBERS = ("310000", "320000", "330000", "340000")


def evaluate(
    *, by: Actor | None, channel: str, as_of: datetime | None = None, root: Path | None = None
) -> Evaluation:
    """Run the configured rules over the detections of every member on vehicles registered
    in another, as of ``as_of`` (China time, default now: the day the notices are raised),
    and raise a notice to the registering member for each vehicle found
    high-emission in a member (none when a notice on the same detections exists, or one
    is still open)."""
    require(by, Action.EVALUATE_VEHICLES, region_resource(Kind.VEHICLE_NOTICE))
    return _evaluate(by=by, channel=channel, as_of=as_of, root=root)


_VEHICLE_COLUMNS = ("pk", "plate", "member_code", "emission_standard", "fuel", "synthetic")
_PLATES_A_QUERY = 5000


def _vehicles(plates: list[str] | None) -> list[tuple[Any, ...]]:
    """The registered vehicles (of ``plates`` only, where given) as ``_VEHICLE_COLUMNS``."""
    rows = Vehicle.objects.values_list(*_VEHICLE_COLUMNS)
    if plates is None:
        return list(rows)
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(plates), _PLATES_A_QUERY):
        found += rows.filter(plate__in=plates[start : start + _PLATES_A_QUERY])
    return found


def _evaluate(
    *,
    by: Actor | None,
    channel: str,
    as_of: datetime | None = None,
    root: Path | None = None,
    plates: list[str] | None = None,
) -> Evaluation:
    """The rules run over the registered vehicles (those of ``plates`` only, where given:
    the store's buckets of those plates read, not the whole store), notices raised as
    ``evaluate`` says. The caller has taken the access decision."""
    rules = config.rules()
    end = as_of or china_now()
    result = Evaluation(end, rules.version)
    vehicles = _vehicles(plates)
    if not vehicles:
        return result
    among = None if plates is None else {store.bucket_of(v[1]) for v in vehicles}
    columns = _cross_member(vehicles, end - timedelta(days=rules.window_days), end, root, among)
    result.detections = len(columns["vehicle"])
    finding = mobile.evaluate(
        rules,
        as_of=np.datetime64(end, "s"),
        standard=np.array([v[3] for v in vehicles]),
        fuel=np.array([FUELS.index(mobile.Fuel(v[4])) for v in vehicles]),
        **columns,
    )
    result.found = len(finding)
    _raise(finding, vehicles, rules, result, by=by, channel=channel)
    return result


def _cross_member(
    vehicles: list[tuple[Any, ...]],
    start: datetime,
    end: datetime,
    root: Path | None,
    among: set[int] | None = None,
) -> dict[str, np.ndarray]:
    """The window's detections of vehicles made outside their registering member, as
    columns of indices (vehicle, member, method), failed and time; from the store's
    buckets ``among`` only, where given."""
    table = pa.table(
        {
            "plate": [v[1] for v in vehicles],
            "idx": np.arange(len(vehicles)),
            "home": [v[2] for v in vehicles],
        }
    )
    connection = store.connect(root or store.root(), among=among)
    try:
        connection.register("vehicles", table)
        found = connection.sql(
            "SELECT v.idx AS vehicle, d.member, d.method, d.result = 'fail' AS failed, d.time "
            "FROM vehicle_detections d JOIN vehicles v ON v.plate = d.plate "
            "WHERE d.member <> v.home AND d.time > ? AND d.time <= ?",
            params=[start, end],
        ).to_arrow_table()
    finally:
        connection.close()
    index = pc.index_in(found["member"], value_set=pa.array(MEMBERS))
    method = pc.index_in(found["method"], value_set=pa.array([m.value for m in METHODS]))
    return {
        "vehicle": found["vehicle"].to_numpy(),
        "member": pc.fill_null(index, -1).to_numpy(),
        "method": pc.fill_null(method, -1).to_numpy(),
        "failed": found["failed"].to_numpy(zero_copy_only=False),
        "time": found["time"].to_numpy(),
    }


def _raise(
    finding: mobile.Finding,
    vehicles: list[tuple[Any, ...]],
    rules: mobile.Rules,
    result: Evaluation,
    *,
    by: Actor | None,
    channel: str,
) -> None:
    """One notice per finding (few: a loop over findings, not detections)."""
    pks = [vehicles[i][0] for i in finding.vehicle.tolist()]
    members = Division.objects.in_bulk(list(MEMBERS), field_name="code")
    zone = timezone.get_current_timezone()
    now = timezone.make_aware(result.as_of, zone)
    with transaction.atomic():
        # The vehicles found locked first: two imports (or an import and a run of the
        # rules) at once raise one notice between them, the later one seeing the first's.
        list(Vehicle.objects.select_for_update().filter(pk__in=pks).order_by("pk").values("pk"))
        known = {
            (n.vehicle_id, n.from_member_id): n
            for n in Notice.objects.filter(vehicle_id__in=pks).order_by("raised_at")
        }
        for n, pk in enumerate(pks):
            member = MEMBERS[int(finding.member[n])]
            last = timezone.make_aware(finding.last[n].astype(datetime), zone)
            before = known.get((pk, member))
            if before is not None and (
                before.status != NoticeStatus.CLOSED or before.last_detection >= last
            ):
                continue
            reasons = [str(r.name).lower() for r in mobile.reasons_of(int(finding.reasons[n]))]
            notice = Notice.objects.create(
                vehicle_id=pk,
                from_member=members[member],
                to_member_code=vehicles[int(finding.vehicle[n])][2],
                reasons=reasons,
                failures=int(finding.failures[n]),
                last_detection=last,
                raised_at=now,
                due=timezone.localdate(now) + timedelta(days=rules.notice_days),
                rules_version=rules.version,
                synthetic=vehicles[int(finding.vehicle[n])][5],
            )
            audit.record(
                actor=by,
                channel=channel,
                action="vehicle_notice.raise",
                object_type="vehicle_notice",
                object_id=notice.pk,
                member_code=notice.to_member_code,
                after={
                    "plate": vehicles[int(finding.vehicle[n])][1],
                    "from_member": member,
                    "reasons": reasons,
                    "due": notice.due.isoformat(),
                },  # fmt: skip
            )
            result.raised += 1
            result.notices.append(notice.pk)


def get_notice(notice_id: int) -> Notice:
    found = (
        Notice.objects.select_related("vehicle__city__parent", "from_member")
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
) -> NoticeResponse:
    """Record what the registering member did. ``re-test passed`` and ``scrapped`` close
    the notice. Raises AccessDenied, InvalidInput, Conflict (a closed notice)."""
    notice = get_notice(notice_id)
    return answer_notice(
        by=by,
        channel=channel,
        notice=notice,
        action=Action.RESPOND_VEHICLE_NOTICE,
        response=response,
        day=day,
        note=note,
        audit_action="vehicle_notice.respond",
        subject={"plate": notice.vehicle.plate},
    )


def answer_notice(
    *,
    by: Actor | None,
    channel: str,
    notice: Any,
    action: Action,
    response: str,
    day: date | str | None,
    note: str,
    audit_action: str,
    subject: dict[str, str],
) -> Any:
    """The registering member's answer to a notice (a vehicle's or a machine's: both have
    a status, a day raised and ``responses``): one access decision, the answer stored and
    the notice answered or closed, audited as ``audit_action`` with ``subject`` (what the
    notice is about) in the same transaction."""
    require(by, action, notice)
    if response not in RESPONSES:
        raise InvalidInput(
            gettext_noop(
                "Choose what was done: owner notified, repair ordered, re-test passed or scrapped."
            ),
            field="response",
        )
    when = _response_day(day, notice)
    note = (note or "").strip()
    if len(note) > 500:
        raise InvalidInput(gettext_noop("A note has at most 500 characters."), field="note")
    with transaction.atomic():
        locked = type(notice).objects.select_for_update().get(pk=notice.pk)
        if locked.status == NoticeStatus.CLOSED:
            raise Conflict(gettext_noop("This notice is closed."), field="response")
        answer = locked.responses.create(kind=response, day=when, note=note)
        before = locked.status
        locked.status = (
            NoticeStatus.CLOSED if response in CLOSING_RESPONSES else NoticeStatus.ANSWERED
        )
        locked.save(update_fields=["status"])
        audit.record(
            actor=by,
            channel=channel,
            action=audit_action,
            object_type=audit_action.split(".")[0],
            object_id=locked.pk,
            member_code=locked.to_member_code,
            before={"status": before},
            after={
                "status": locked.status,
                "response": response,
                "day": when.isoformat(),
                **subject,
            },  # fmt: skip
        )
    return answer


def _response_day(value: date | str | None, notice: Any) -> date:
    today = timezone.localdate()
    if value in (None, ""):
        return today
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field="day", got=value
        ) from None
    raised = timezone.localdate(notice.raised_at)
    if not raised <= day <= today:
        raise InvalidInput(
            gettext_noop("The date lies between the notice's day ({raised}) and today."),
            field="day",
            raised=raised.isoformat(),
        )
    return day


def require_import(by: Actor | None, kind: str) -> None:
    """The importer's decision on its own area (before a file is looked at)."""
    if kind == "vehicles":
        require(by, Action.EDIT_VEHICLE, own_area(by))
    else:
        require(by, Action.IMPORT_VEHICLE_DETECTIONS, own_area(by, Kind.VEHICLE_DETECTION))
