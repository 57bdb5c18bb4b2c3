"""Every write of the bay's petrochemicals: the office's scope and campaigns, a bay
enterprise's processes (its bureaus or the office), the findings at an enterprise, their
rectification (the enterprise's member) and their closure (the office or that member).
Each asks its rule once and leaves an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.petrochem import (
    FindingKind,
    FindingState,
    PointKind,
    Process,
    Step,
    in_scope,
    state_after,
)
from deltacap.domain.petrochem.scope import BAY_MEMBERS, check_codes
from deltacap.enterprises.models import Enterprise
from deltacap.petrochem import labels
from deltacap.petrochem.models import (
    BayEnterprise,
    Campaign,
    Finding,
    Rectification,
    ScopeDivision,
    campaign_resource,
    scope_resource,
)
from deltacap.petrochem.selectors import scope
from deltacap.reference.models import Division

MAX_TEXT = 1000


def text_of(value: Any, field: str, limit: int = MAX_TEXT, required: bool = True) -> str:
    """A field's text, trimmed: refused (naming ``field``) when missing where required, or
    longer than ``limit`` characters."""
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(gettext_noop("This value is missing."), field=field)
    if len(text) > limit:
        raise InvalidInput(gettext_noop("At most {limit} characters."), field=field, limit=limit)
    return text


def _day(value: date | str | None, field: str, default: date | None = None) -> date:
    if value in (None, ""):
        if default is not None:
            return default
        raise InvalidInput(gettext_noop("Enter the date as YYYY-MM-DD."), field=field)
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=value
        ) from None


# --- the scope (the office's) ----------------------------------------------------------------


def set_scope(*, by: Actor | None, channel: str, divisions: Iterable[str]) -> list[str]:
    """Replace the bay's cities and districts. Raises AccessDenied, InvalidInput."""
    require(by, Action.SET_PETRO_SCOPE, scope_resource())
    codes = check_codes(divisions)
    known = set(Division.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in known:
            raise InvalidInput(
                gettext_noop("{code} is not a division of the region."),
                field="divisions",
                code=code,
            )
    with transaction.atomic():
        before = sorted(scope().divisions)
        ScopeDivision.objects.all().delete()
        ScopeDivision.objects.bulk_create([ScopeDivision(division_id=c) for c in codes])
        audit.record(
            actor=by,
            channel=channel,
            action="petro_scope.set",
            object_type="petro_scope",
            object_id="bay",
            member_code="",
            before={"petro_scope": before},
            after={"petro_scope": list(codes)},
        )
    return list(codes)


# --- bay enterprises -------------------------------------------------------------------------


def plain(number: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (1400, 4.6)."""
    text = format(number.normalize(), "f")
    return text


def check_processes(rows: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """An enterprise's processes: each a known process, at most once, with a capacity above 0
    (or none) and its unit. Raises InvalidInput naming the row (1-based)."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        process = str(row.get("process", "")).strip()
        if process not in {p.value for p in Process}:
            raise InvalidInput(
                gettext_noop("Process {n}: choose one of the listed processes."),
                field="processes",
                n=n,
            )
        if process in seen:
            raise InvalidInput(gettext_noop("Process {n} is listed twice."), field="processes", n=n)
        seen.add(process)
        raw = str(row.get("capacity", "") or "").strip()
        unit = str(row.get("unit", "") or "").strip()
        capacity = ""
        if raw:
            try:
                number = Decimal(raw)
            except InvalidOperation:
                number = Decimal(-1)
            if not number.is_finite() or number <= 0 or number > Decimal(10) ** 9:
                raise InvalidInput(
                    gettext_noop("Process {n}: the capacity must be a number above 0."),
                    field="processes",
                    n=n,
                )
            if unit not in labels.CAPACITY_UNITS:
                raise InvalidInput(
                    gettext_noop("Process {n}: choose the unit of the capacity."),
                    field="processes",
                    n=n,
                )
            capacity = plain(number)
        out.append({"process": process, "capacity": capacity, "unit": unit if capacity else ""})
    if not out:
        raise InvalidInput(gettext_noop("Name at least one process."), field="processes")
    return out


def save_bay_enterprise(
    *,
    by: Actor | None,
    channel: str,
    enterprise_id: int,
    processes: Iterable[dict[str, Any]],
    synthetic: bool = False,
) -> BayEnterprise:
    """List an enterprise of the registry in the bay (or change its processes). The
    enterprise must lie in the bay's scope. Raises NotFound, AccessDenied, InvalidInput."""
    enterprise = Enterprise.objects.select_related("division").filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound(
            gettext_noop("No enterprise with number {id}."), field="enterprise_id", id=enterprise_id
        )
    existing = BayEnterprise.objects.filter(enterprise=enterprise).first()
    record = existing or BayEnterprise(enterprise=enterprise)
    require(by, Action.EDIT_PETRO_ENTERPRISE, record)
    if not in_scope(enterprise.division.path(), scope()):
        raise InvalidInput(
            gettext_noop("{name} does not lie in the Hangzhou Bay area as the office set it."),
            field="enterprise_id",
            name=enterprise.name,
        )
    checked = check_processes(processes)
    with transaction.atomic():
        before = None if existing is None else {"petro_processes": existing.processes}
        record.processes = checked
        record.synthetic = synthetic or (existing.synthetic if existing else False)
        record.save()
        audit.record(
            actor=by,
            channel=channel,
            action="petro_enterprise.create" if existing is None else "petro_enterprise.update",
            object_type="petro_enterprise",
            object_id=record.pk,
            member_code=enterprise.member_code,
            before=before,
            after={"petro_processes": checked, "enterprise": enterprise.uscc},
        )
    return record


def get_bay_enterprise(bay_id: int) -> BayEnterprise:
    found = BayEnterprise.objects.select_related("enterprise__division").filter(pk=bay_id).first()
    if found is None:
        raise NotFound(
            gettext_noop("No bay enterprise with number {id}."), field="petro_enterprise", id=bay_id
        )
    return found


# --- campaigns (the office's) ----------------------------------------------------------------


def create_campaign(
    *,
    by: Actor | None,
    channel: str,
    name: str,
    starts: date | str | None,
    ends: date | str | None,
    members: Iterable[str],
    enterprises: Iterable[int] = (),
    note: str = "",
    synthetic: bool = False,
) -> Campaign:
    """A joint inspection campaign of the members around the bay, visiting bay
    enterprises. Raises AccessDenied, InvalidInput."""
    require(by, Action.EDIT_PETRO_CAMPAIGN, campaign_resource())
    name = text_of(name, "name", 200)
    first = _day(starts, "starts")
    last = _day(ends, "ends")
    if last < first:
        raise InvalidInput(gettext_noop("The campaign ends before it starts."), field="ends")
    chosen = sorted({str(m).strip() for m in members if str(m).strip()})
    if not chosen:
        raise InvalidInput(gettext_noop("Choose the members taking part."), field="members")
    member_codes = set(Division.objects.filter(level="member").values_list("code", flat=True))
    for code in chosen:
        if code not in member_codes:
            raise InvalidInput(
                gettext_noop("{code} is not a member of the region."), field="members", code=code
            )
    if not set(chosen) & set(BAY_MEMBERS):
        raise InvalidInput(
            gettext_noop("A bay campaign takes Shanghai or Zhejiang, or both."), field="members"
        )
    ids = sorted({int(i) for i in enterprises})
    found = list(BayEnterprise.objects.filter(pk__in=ids).select_related("enterprise"))
    if len(found) != len(ids):
        raise InvalidInput(
            gettext_noop("Choose enterprises of the bay's list."), field="enterprises"
        )
    note = text_of(note, "note", MAX_TEXT, required=False)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name, starts=first, ends=last, members=chosen, note=note, synthetic=synthetic
        )
        campaign.enterprises.set(found)
        audit.record(
            actor=by,
            channel=channel,
            action="petro_campaign.create",
            object_type="petro_campaign",
            object_id=campaign.pk,
            member_code="",
            after={
                "name": name,
                "petro_starts": first.isoformat(),
                "petro_ends": last.isoformat(),
                "petro_members": chosen,
                "petro_enterprises": [b.enterprise.uscc for b in found],
            },
        )
    return campaign


def get_campaign(campaign_id: int) -> Campaign:
    found = Campaign.objects.filter(pk=campaign_id).first()
    if found is None:
        raise NotFound(
            gettext_noop("No campaign with number {id}."), field="petro_campaign", id=campaign_id
        )
    return found


# --- findings and their rectification --------------------------------------------------------


def _measurement(point: str, concentration: str | Decimal | None) -> Decimal | None:
    """A finding's measured NMHC (mg/m³) and its point, checked."""
    if point and point not in {p.value for p in PointKind}:
        raise InvalidInput(gettext_noop("Choose the monitoring point."), field="point")
    if concentration in (None, ""):
        return None
    try:
        measured = Decimal(str(concentration).strip())
    except InvalidOperation:
        measured = Decimal(-1)
    if not measured.is_finite() or measured < 0 or measured >= Decimal(10) ** 7:
        raise InvalidInput(
            gettext_noop("The concentration must be a number, 0 or more."),
            field="concentration",
        )
    if not point:
        raise InvalidInput(
            gettext_noop("Say at which point the concentration was measured."), field="point"
        )
    return measured.quantize(Decimal("0.001"))


def record_finding(
    *,
    by: Actor | None,
    channel: str,
    bay_id: int,
    kind: str,
    description: str,
    deadline: date | str | None,
    found_on: date | str | None = None,
    campaign_id: int | None = None,
    point: str = "",
    concentration: str | Decimal | None = None,
    synthetic: bool = False,
) -> Finding:
    """A finding at a bay enterprise, by the editors of its member or city. Raises
    NotFound, AccessDenied, InvalidInput."""
    bay = get_bay_enterprise(bay_id)
    require(by, Action.RECORD_PETRO_FINDING, bay.finding_resource())
    if kind not in {k.value for k in FindingKind}:
        raise InvalidInput(gettext_noop("Choose the kind of finding."), field="finding_kind")
    description = text_of(description, "description")
    today = timezone.localdate()
    found = _day(found_on, "found_on", today)
    if found > today:
        raise InvalidInput(gettext_noop("The date lies in the future."), field="found_on")
    due = _day(deadline, "deadline")
    if due < found:
        raise InvalidInput(
            gettext_noop("The deadline lies before the day of the finding."), field="deadline"
        )
    campaign = None
    if campaign_id:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None or not campaign.enterprises.filter(pk=bay.pk).exists():
            raise InvalidInput(
                gettext_noop("The enterprise is not among the campaign's enterprises."),
                field="petro_campaign",
            )
    measured = _measurement(point, concentration)
    with transaction.atomic():
        finding = Finding.objects.create(
            enterprise=bay,
            campaign=campaign,
            kind=kind,
            description=description,
            found_on=found,
            deadline=due,
            point=point,
            concentration=measured,
            synthetic=synthetic,
        )
        audit.record(
            actor=by,
            channel=channel,
            action="petro_finding.record",
            object_type="petro_finding",
            object_id=finding.pk,
            member_code=finding.member_code,
            after={
                "enterprise": bay.enterprise.uscc,
                "petro_finding_kind": kind,
                "deadline": due.isoformat(),
                "petro_campaign": campaign.pk if campaign else None,
            },
        )
    return finding


def get_finding(finding_id: int) -> Finding:
    found = (
        Finding.objects.select_related("enterprise__enterprise__division", "campaign")
        .filter(pk=finding_id)
        .first()
    )
    if found is None:
        raise NotFound(
            gettext_noop("No finding with number {id}."), field="petro_finding", id=finding_id
        )
    return found


def record_rectification(
    *,
    by: Actor | None,
    channel: str,
    finding_id: int,
    measures: str,
    day: date | str | None = None,
) -> Rectification:
    """What was done about a finding, by the editors of the enterprise's member or city;
    the finding is being rectified then. Raises NotFound, AccessDenied, InvalidInput,
    Conflict (a closed finding)."""
    with transaction.atomic():
        finding = get_finding(finding_id)
        require(by, Action.RECORD_PETRO_RECTIFICATION, finding)
        state = state_after(FindingState(finding.state), Step.RECTIFY)
        measures = text_of(measures, "measures")
        today = timezone.localdate()
        when = _day(day, "day", today)
        if when > today:
            raise InvalidInput(gettext_noop("The date lies in the future."), field="day")
        if when < finding.found_on:
            raise InvalidInput(
                gettext_noop("The date lies before the day of the finding."), field="day"
            )
        answer = Rectification.objects.create(finding=finding, day=when, measures=measures)
        before = finding.state
        Finding.objects.filter(pk=finding.pk).update(state=state)
        audit.record(
            actor=by,
            channel=channel,
            action="petro_finding.rectify",
            object_type="petro_finding",
            object_id=finding.pk,
            member_code=finding.member_code,
            before={"petro_finding_state": before},
            after={"petro_finding_state": state.value, "day": when.isoformat()},
        )
    return answer


def close_finding(*, by: Actor | None, channel: str, finding_id: int, note: str = "") -> Finding:
    """Close a finding (its rectification checked), by the office or the enterprise's
    member. Raises NotFound, AccessDenied, InvalidInput, Conflict (closed already)."""
    with transaction.atomic():
        finding = get_finding(finding_id)
        require(by, Action.CLOSE_PETRO_FINDING, finding)
        state = state_after(FindingState(finding.state), Step.CLOSE)
        note = text_of(note, "note", MAX_TEXT, required=False)
        before = finding.state
        finding.state = state
        finding.closed_at = timezone.now()
        finding.closing_note = note
        finding.save(update_fields=["state", "closed_at", "closing_note"])
        audit.record(
            actor=by,
            channel=channel,
            action="petro_finding.close",
            object_type="petro_finding",
            object_id=finding.pk,
            member_code=finding.member_code,
            before={"petro_finding_state": before},
            after={"petro_finding_state": state.value},
        )
    return finding
