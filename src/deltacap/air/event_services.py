"""Every write of key-period events: the office sets up an event (with a list for each
member involved); a member's editors change their own member's controlled-enterprise list,
each change a new version with who, when and why: one enterprise's measure saved or an
enterprise taken off (pages), the whole list replaced (API), or a workbook imported (pages,
command line; a dry run writes nothing, and a file with any fault writes nothing either).

Each write asks its rule once, then writes and records its audit event in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.air import event_excel
from deltacap.air.models import AirEvent, ControlList, ControlListVersion
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.air import events as rules
from deltacap.domain.air.events import Entry, Fault, Row
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division, Level

MAX_REASON = 500
# The headers of the fields of a list's row on a page's form (the domain's row fields).
FORM_COLUMNS = {"uscc": "uscc", "grade": "grade", "kind": "kind", "percent": "percent"}


# --- lookups --------------------------------------------------------------------------------


def get_event(event_id: int) -> AirEvent:
    found = AirEvent.objects.filter(pk=event_id).first()
    if found is None:
        raise NotFound(gettext_noop("No key-period event {id}."), field="event", id=event_id)
    return found


def get_list(list_id: int) -> ControlList:
    found = ControlList.objects.select_related("event", "member").filter(pk=list_id).first()
    if found is None:
        raise NotFound(gettext_noop("No controlled-enterprise list {id}."), field="id", id=list_id)
    return found


def list_of(event_id: int, member: str) -> ControlList:
    found = (
        ControlList.objects.select_related("event", "member")
        .filter(event_id=event_id, member_id=str(member or ""))
        .first()
    )
    if found is None:
        get_event(event_id)
        raise NotFound(
            gettext_noop("Member {member} has no list for this event."),
            field="member",
            member=member,
        )
    return found


def latest(control_list: ControlList) -> ControlListVersion | None:
    return control_list.versions.order_by("-number").first()


def current_entries(control_list: ControlList) -> tuple[Entry, ...]:
    version = latest(control_list)
    return rules.entries_from_json(version.entries) if version else ()


# --- events -----------------------------------------------------------------------------------


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=value
        ) from None


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    if len(text) > limit:
        raise InvalidInput(gettext_noop("At most {limit} characters."), field=field, limit=limit)
    return text


def _cities(codes: Iterable[str]) -> list[Division]:
    wanted = [str(c).strip() for c in codes if str(c).strip()]
    found = {d.code: d for d in Division.objects.filter(code__in=wanted, prefecture=True)}
    for code in wanted:
        if code not in found:
            raise InvalidInput(
                gettext_noop("No city of the region with code {code}."), field="cities", code=code
            )
    if not found:
        raise InvalidInput(gettext_noop("Choose at least one city."), field="cities")
    return [found[c] for c in dict.fromkeys(wanted)]


def _members(codes: Iterable[str], cities: Sequence[Division]) -> list[Division]:
    wanted = [str(c).strip() for c in codes if str(c).strip()]
    wanted += [c.member_code for c in cities if c.member_code]
    found = {d.code: d for d in Division.objects.filter(code__in=wanted, level=Level.MEMBER)}
    for code in wanted:
        if code not in found:
            raise InvalidInput(
                gettext_noop("No member with code {code}."), field="members", code=code
            )
    return [found[c] for c in dict.fromkeys(wanted)]


def create_event(
    *,
    by: Actor,
    channel: str,
    name: str,
    starts: Any,
    ends: Any,
    cities: Iterable[str],
    members: Iterable[str] = (),
    area: str = "",
    aqi_max: int | None = None,
    goals: str = "",
    contacts: str = "",
    required_shares: Mapping[str, Any] | None = None,
    synthetic: bool = False,
) -> AirEvent:
    """The office sets up an event; each member involved (named, or of a city named) gets
    an empty list (version 0: none yet). Raises AccessDenied, InvalidInput."""
    event = AirEvent(synthetic=synthetic)
    require(by, Action.CREATE_AIR_EVENT, event)
    event.name = _text(name, "name", rules.MAX_TEXT, required=True)
    event.starts, event.ends = _day(starts, "starts"), _day(ends, "ends")
    event.aqi_max = aqi_max
    rules.check_event(event.name, event.starts, event.ends, aqi_max)
    event.area = _text(area, "area", 300)
    event.goals = _text(goals, "goals", 2000)
    event.contacts = _text(contacts, "contacts", 2000)
    shares = rules.check_shares(required_shares or {})
    event.required_shares = shares or dict(rules.EventConfig().required_shares)
    chosen = _cities(cities)
    involved = _members(members, chosen)
    with transaction.atomic():
        event.save()
        event.cities.set(chosen)
        for member in involved:
            ControlList.objects.create(event=event, member=member)
        audit.record(
            actor=by,
            channel=channel,
            action="air_event.create",
            object_type="air_event",
            object_id=event.pk,
            after={
                "name": event.name,
                "starts": event.starts.isoformat(),
                "ends": event.ends.isoformat(),
                "aqi_max": event.aqi_max,
                "cities": [c.code for c in chosen],
                "members": [m.code for m in involved],
            },
        )
    return event


# --- lists ---------------------------------------------------------------------------------------


@dataclass
class ListReport:
    """What a change of a list found and did: the faults (then nothing was written), or the
    version written (None on a dry run) and what it changes against the list in force."""

    dry_run: bool
    faults: list[Fault] = field(default_factory=list)
    version: int | None = None
    entries: int = 0
    measures: int = 0
    diff: rules.ListDiff | None = None

    @property
    def written(self) -> bool:
        return self.version is not None

    def to_json(self, translate: Any = lambda s: s) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "written": self.written,
            "version": self.version,
            "enterprises": self.entries,
            "measures": self.measures,
            "errors": [
                {
                    "sheet": event_excel.SHEET if f.row is not None else None,
                    "row": f.row,
                    "column": f.column,
                    "message": f.error.render(translate),
                }
                for f in self.faults
            ],
            "diff": self.diff.to_json() if self.diff else None,
        }


def _registry_faults(
    control_list: ControlList, entries: Sequence[Entry], rows: Sequence[Row] | None, column: str
) -> list[Fault]:
    """Every USCC not in the registry, or of an enterprise of another member."""
    known = dict(
        Enterprise.objects.filter(uscc__in=[e.uscc for e in entries]).values_list(
            "uscc", "member_code"
        )
    )
    faults = []
    for entry in entries:
        row = next(
            (r.number for r in rows or () if str(r.uscc or "").strip().upper() == entry.uscc),
            None,
        )
        if entry.uscc not in known:
            faults.append(
                Fault(
                    row,
                    column,
                    InvalidInput(
                        gettext_noop("No enterprise with the code {uscc} in the registry."),
                        field="uscc",
                        uscc=entry.uscc,
                    ),
                )
            )
        elif known[entry.uscc] != control_list.member_id:
            faults.append(
                Fault(
                    row,
                    column,
                    InvalidInput(
                        gettext_noop("The enterprise {uscc} is not of this member."),
                        field="uscc",
                        uscc=entry.uscc,
                    ),
                )
            )
    return faults


def _write(
    *,
    by: Actor,
    channel: str,
    control_list: ControlList,
    entries: Sequence[Entry],
    reason: str,
    dry_run: bool = False,
) -> ListReport:
    """Write ``entries`` as the list's next version (the caller holds the decision and a
    transaction)."""
    before = current_entries(control_list)
    change = rules.diff(before, entries)
    report = ListReport(
        dry_run,
        entries=len(entries),
        measures=sum(len(e.measures) for e in entries),
        diff=change,
    )
    if change.empty and latest(control_list) is not None:
        raise InvalidInput(
            gettext_noop("The list is the same as the version in force: nothing to save."),
            field="file" if channel in ("import", "cli") else "reason",
        )
    if dry_run:
        return report
    number = (control_list.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    user = user_of(by)
    author = user.get_username() if user else ""
    ControlListVersion.objects.create(
        control_list=control_list,
        number=number,
        author=author,
        reason=reason,
        entries=rules.entries_to_json(entries),
    )
    audit.record(
        actor=by,
        channel=channel,
        action="control_list.version",
        object_type="control_list",
        object_id=control_list.pk,
        member_code=control_list.member_id,
        after={
            "version": number,
            "reason": reason,
            "enterprises": len(entries),
            "measures": report.measures,
        },
    )
    report.version = number
    return report


def _reason(reason: Any) -> str:
    return _text(reason, "reason", MAX_REASON, required=True)


def replace_list(
    *,
    by: Actor,
    channel: str,
    list_id: int,
    entries: Sequence[Mapping[str, Any]],
    reason: str,
) -> ListReport:
    """Replace the whole list (the API): ``entries`` as in ``domain.air.events.Entry``."""
    with transaction.atomic():
        control_list = get_list(list_id)
        require(by, Action.EDIT_CONTROL_LIST, control_list)
        text = _reason(reason)
        rows = [
            Row(
                n,
                uscc=e.get("uscc"),
                grade=e.get("grade"),
                kind=m.get("kind"),
                percent=m.get("percent"),
                detail=m.get("detail"),
                baseline=e.get("baseline") or {} if i == 0 else {},
                cuts=m.get("cuts") or {},
            )
            for n, e in enumerate(entries, start=1)
            for i, m in enumerate(e.get("measures") or [{}])
        ]
        parsed, faults = rules.check_rows(rows, {})
        faults += _registry_faults(control_list, parsed, rows, "uscc")
        if faults:
            first = faults[0]
            raise InvalidInput(
                gettext_noop("Entry {row}, {column}: {message}"),
                field=first.error.field or "entries",
                row=first.row or "—",
                column=first.column or "—",
                message=first.error.render(),
            )
        return _write(
            by=by, channel=channel, control_list=control_list, entries=parsed, reason=text
        )


def save_measure(
    *, by: Actor, channel: str, list_id: int, values: Mapping[str, Any], reason: str
) -> ListReport:
    """Add an enterprise's measure or change it (the measure of the same kind and detail),
    with the enterprise's grade and ordinary emission (a page's form)."""
    with transaction.atomic():
        control_list = get_list(list_id)
        require(by, Action.EDIT_CONTROL_LIST, control_list)
        text = _reason(reason)
        row = Row(
            1,
            uscc=values.get("uscc"),
            grade=values.get("grade"),
            kind=values.get("kind"),
            percent=values.get("percent"),
            detail=values.get("detail"),
            baseline={p: values.get(f"baseline_{p}") for p in rules.POLLUTANTS},
            cuts={p: values.get(f"cut_{p}") for p in rules.POLLUTANTS},
        )
        parsed, faults = rules.check_rows([row], {})
        faults += _registry_faults(control_list, parsed, [row], "uscc")
        if faults:
            raise faults[0].error
        new = parsed[0]
        entries = list(current_entries(control_list))
        was = next((e for e in entries if e.uscc == new.uscc), None)
        if was is None:
            entries.append(new)
        else:
            measures = [m for m in was.measures if m.key != new.measures[0].key]
            merged = Entry(
                new.uscc,
                new.grade,
                new.baseline or was.baseline,
                (*measures, new.measures[0]),
            )
            entries[entries.index(was)] = merged
        checked, faults = rules.check_rows(
            [Row(n, **_row_fields(r)) for n, r in enumerate(rules.rows_of(entries), start=1)], {}
        )
        if faults:
            raise faults[0].error
        return _write(
            by=by, channel=channel, control_list=control_list, entries=checked, reason=text
        )


def _row_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "uscc": row["uscc"],
        "grade": row["grade"].value,
        "kind": row["kind"].value if row["kind"] else None,
        "percent": row["percent"],
        "detail": row["detail"],
        "baseline": row["baseline"],
        "cuts": row["cuts"],
    }


def remove_enterprise(
    *, by: Actor, channel: str, list_id: int, uscc: str, reason: str
) -> ListReport:
    """Take an enterprise (with all its measures) off the list."""
    with transaction.atomic():
        control_list = get_list(list_id)
        require(by, Action.EDIT_CONTROL_LIST, control_list)
        text = _reason(reason)
        code = str(uscc or "").strip().upper()
        entries = [e for e in current_entries(control_list) if e.uscc != code]
        if len(entries) == len(current_entries(control_list)):
            raise InvalidInput(
                gettext_noop("The enterprise {uscc} is not on the list."), field="uscc", uscc=code
            )
        return _write(
            by=by, channel=channel, control_list=control_list, entries=entries, reason=text
        )


def import_list(
    *, by: Actor, channel: str, list_id: int, data: bytes, reason: str, dry_run: bool = True
) -> ListReport:
    """Check (``dry_run``) or import a list's workbook as its next version: every fault by
    sheet, row and column, and nothing written unless the whole file is valid."""
    with transaction.atomic():
        control_list = get_list(list_id)
        require(by, Action.EDIT_CONTROL_LIST, control_list)
        text = _reason(reason)
        rows = event_excel.read(data)
        entries, faults = rules.check_rows(rows, event_excel.HEADERS)
        faults += _registry_faults(control_list, entries, rows, event_excel.HEADERS["uscc"])
        if faults:
            faults.sort(key=lambda f: (f.row or 0, f.column or ""))
            return ListReport(dry_run, faults)
        return _write(
            by=by,
            channel=channel,
            control_list=control_list,
            entries=entries,
            reason=text,
            dry_run=dry_run,
        )


def export_list(*, by: Actor, list_id: int, version: int | None = None) -> tuple[bytes, str]:
    """The workbook of a list's version (the one in force by default) and its file name;
    read by the officials of every member (AccessDenied otherwise)."""
    from deltacap.accounts.permissions import can

    control_list = get_list(list_id)
    if not can(by, Action.READ, control_list):
        from deltacap.domain.access import AccessDenied, refusal

        raise AccessDenied(
            principal_of(by), Action.READ, control_list.as_resource(), refusal(Action.READ)
        )
    chosen = (
        control_list.versions.filter(number=version).first()
        if version is not None
        else latest(control_list)
    )
    if version is not None and chosen is None:
        raise NotFound(gettext_noop("No version {n} of this list."), field="version", n=version)
    entries = rules.entries_from_json(chosen.entries) if chosen else ()
    from deltacap.air.event_selectors import enterprise_names

    names = enterprise_names([x.uscc for x in entries])
    number = chosen.number if chosen else 0
    filename = f"control-list-{control_list.event_id}-{control_list.member_id}-v{number}.xlsx"
    return event_excel.write(entries, names), filename
