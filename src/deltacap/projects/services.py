"""Every write of projects: create and change (one or an imported list), status steps, evidence.

All writes of project data go through ``save`` (``Intake.prepare`` checks, ``apply``
writes): the pages, the API, the Excel import and the command line. Each write records its
audit event in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import AccessDenied
from deltacap.domain.accounting import PLAN_PERIOD_RULES, PLAN_PERIODS, ReductionResult
from deltacap.domain.errors import Conflict, NotFound, gettext_noop
from deltacap.projects.coefficients import default_table
from deltacap.projects.intake import CREATED, UNCHANGED, UPDATED, Draft, Intake, RawProject
from deltacap.projects.lookups import POLLUTANT_CODES
from deltacap.projects.models import Project, ProjectReduction
from deltacap.reference.models import PlanningPeriod
from deltacap.reference.periods import period_by_code

AUDIT_FIELDS = [
    "name",
    "member",
    "city",
    "county",
    "enterprise",
    "sector",
    "category",
    "status",
    "start_date",
    "commissioning_date",
    "due_year",
    "note",
    "coefficients",
    "review_note",
    "investment_wan",
    "funding_source",
]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def to_json(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def get_project(code: str) -> Project:
    project = (
        Project.objects.select_related("member", "city", "county", "enterprise", "coefficients")
        .filter(code=code)
        .first()
    )
    if project is None:
        raise NotFound(gettext_noop("No project with code {code}."), field="code", code=code)
    return project


def ensure_default_table() -> None:
    default_table()


def get_period(code: str) -> PlanningPeriod:
    period = period_by_code(code)
    if period is None:
        raise NotFound(gettext_noop("No planning period {code}."), field="period", code=code)
    return period


def raw_of(project: Project) -> RawProject:
    """The project as a row, to be changed and checked again (codes, not names)."""
    values = {
        "code": project.code,
        "name": project.name,
        "member": project.member_id,
        "city": project.city_id,
        "county": project.county_id,
        "enterprise": project.enterprise.uscc if project.enterprise else None,
        "sector": project.sector,
        "category": project.category,
        "status": project.status,
        "start_date": project.start_date,
        "commissioning_date": project.commissioning_date,
        "due_year": project.due_year,
        "note": project.note,
        "coefficients": project.coefficients.label if project.coefficients else None,
        "investment_wan": project.investment_wan,
        "funding_source": project.funding_source,
    }
    planned = {
        r.pollutant_id: r.planned_tonnes
        for r in project.reductions.all()
        if r.planned_tonnes is not None
    }
    return RawProject(values=values, planned=planned)


def save(
    *, by: Actor, channel: str, raws: list[RawProject], period: str, create: bool = False
) -> tuple[Counts, Draft]:
    """Create or change projects given as rows; raises the first issue's error.

    For one project from a form or the API; imports use ``Intake`` and ``apply`` directly
    to report every issue. With ``create`` a code that exists is refused, not updated.
    """
    with transaction.atomic():
        intake = Intake(by=by, period=get_period(period), lock=True)
        drafts, issues = intake.prepare(raws)
        if issues:
            # A refused writer hears of its refusal, not of its values (access comes first).
            refused = [i for i in issues if isinstance(i.error, AccessDenied)]
            raise (refused or issues)[0].error
        if create and any(d.change != CREATED for d in drafts):
            raise _exists(drafts[0].code)
        try:
            with transaction.atomic():
                counts = apply(drafts, by=by, channel=channel)
        except IntegrityError:
            # Another writer created the same code between our check and our insert.
            raise _exists(drafts[0].code) from None
    return counts, drafts[0]


def _exists(code: str) -> Conflict:
    return Conflict(
        gettext_noop("A project with code {code} exists already."), field="code", code=code
    )


def create_project(*, by: Actor, channel: str, values: dict[str, Any], period: str) -> Project:
    """Create one project; ``values`` as a row (``planned``: tonnes by pollutant, ``inputs``:
    accounting inputs). Raises InvalidInput, Conflict, AccessDenied, NotFound."""
    code = str(values.get("code") or "").strip()
    raw = RawProject(
        values={k: v for k, v in values.items() if k not in ("planned", "inputs")},
        planned=dict(values.get("planned") or {}),
        inputs=values.get("inputs") or None,
    )
    save(by=by, channel=channel, raws=[raw], period=period, create=True)
    return get_project(code)


def update_project(*, by: Actor, channel: str, code: str, changes: dict[str, Any]) -> Project:
    """Change fields of one project (``planned`` and ``inputs`` as in ``create_project``).

    The row is locked before it is read, so two writers changing different fields of the
    same project at once both keep their change.
    """
    with transaction.atomic():
        project = get_project(code)
        Project.objects.select_for_update(of=("self",)).filter(pk=project.pk).first()
        project = get_project(code)
        raw = raw_of(project)
        for name, value in changes.items():
            if name == "planned":
                raw.planned.update(value or {})
            elif name == "inputs":
                raw.inputs = value
            elif name != "code":
                raw.values[name] = value
        save(by=by, channel=channel, raws=[raw], period=project.period_id)
    return get_project(code)


def apply(drafts: list[Draft], *, by: Actor, channel: str) -> Counts:
    """Write checked drafts in the caller's transaction, with an audit event for each change."""
    counts = Counts(**Counter(d.change for d in drafts))
    actor = user_of(by)
    new = [d for d in drafts if d.change == CREATED]
    changed = [d for d in drafts if d.change == UPDATED]
    befores = {d.code: snapshot(d.existing) for d in changed}
    created = [_new_project(d, actor) for d in new]
    Project.objects.bulk_create(created, batch_size=500)
    updated = [_changed_project(d, actor) for d in changed]
    recomputed = [p for d, p in zip(changed, updated, strict=True) if d.result is not None]
    kept = [p for d, p in zip(changed, updated, strict=True) if d.result is None]
    Project.objects.bulk_update(recomputed, [*_UPDATE_FIELDS], batch_size=500)
    data_fields = [f for f in _UPDATE_FIELDS if f not in _ACCOUNTING_FIELDS]
    Project.objects.bulk_update(kept, data_fields, batch_size=500)
    ids = [p.pk for p in updated]
    for start in range(0, len(ids), 500):
        ProjectReduction.objects.filter(project_id__in=ids[start : start + 500]).delete()
    pairs = list(zip(new + changed, created + updated, strict=True))
    reductions = {draft.code: _reductions(project, draft) for draft, project in pairs}
    ProjectReduction.objects.bulk_create(
        [r for rows in reductions.values() for r in rows], batch_size=1000
    )
    for draft, project in pairs:
        action = "project.create" if draft.change == CREATED else "project.update"
        _audit(by, channel, action, project, befores.get(draft.code), reductions[draft.code])
    return counts


_UPDATE_FIELDS = (
    "name",
    "member",
    "city",
    "county",
    "enterprise",
    "sector",
    "category",
    "status",
    "start_date",
    "commissioning_date",
    "due_year",
    "note",
    "investment_wan",
    "funding_source",
    "accounting_inputs",
    "coefficients",
    "accounting",
    "unverified_coefficients",
    "revision",
    "updated_at",
    "updated_by",
)


_ACCOUNTING_FIELDS = (
    "accounting_inputs",
    "coefficients",
    "accounting",
    "unverified_coefficients",
)


def _assign(project: Project, draft: Draft) -> None:
    for name in ("name", "member", "city", "county", "enterprise", "sector", "category"):
        setattr(project, name, draft.values[name])
    for name in ("status", "start_date", "commissioning_date", "due_year", "note"):
        setattr(project, name, draft.values[name])
    for name in ("investment_wan", "funding_source"):
        setattr(project, name, draft.values[name])
    if draft.result is not None:
        project.accounting_inputs = draft.result.stored_inputs()
        project.coefficients = draft.table
        project.accounting = _accounting_json(draft.result, project)
        project.unverified_coefficients = draft.result.unverified


def _new_project(draft: Draft, actor: Any) -> Project:
    project = Project(code=draft.code, period=draft.period, updated_by=actor)
    _assign(project, draft)
    return project


def _changed_project(draft: Draft, actor: Any) -> Project:
    project = draft.existing
    assert project is not None
    _assign(project, draft)
    project.revision += 1
    project.updated_at = timezone.now()
    project.updated_by = actor
    return project


def _accounting_json(result: ReductionResult, project: Project) -> dict[str, Any]:
    """The result as stored, with the crediting rule of the project's plan period."""
    data = result.to_json()
    period = next(
        (p for p in PLAN_PERIODS.values() if p.first_year == project.period.start_year), None
    )
    rule = PLAN_PERIOD_RULES.get(period.code) if period else None
    if rule is not None:
        data["crediting"] = {
            "policy": rule.policy.value,
            "tag": rule.tag.value,
            "source": rule.source,
            "year": project.commissioning_date.year,
        }
    return data


def accounted_tonnes(result: ReductionResult) -> dict[str, Decimal]:
    """The result's reductions by reference pollutant code, in tonnes to the kilogram."""
    tonnes = {}
    for item in result.reductions:
        code = POLLUTANT_CODES.get(item.pollutant)
        if code is not None:
            tonnes[code] = Decimal(item.kg) / 1000
    return tonnes


def _reductions(project: Project, draft: Draft) -> list[ProjectReduction]:
    if draft.result is not None:
        accounted = accounted_tonnes(draft.result)
    else:
        accounted = dict(draft.kept_accounted)
    pollutants = [p for p, t in draft.planned.items() if t is not None]
    pollutants += [p for p in accounted if p not in pollutants]
    return [
        ProjectReduction(
            project=project,
            pollutant_id=code,
            planned_tonnes=draft.planned.get(code),
            accounted_tonnes=accounted.get(code),
            period_id=project.period_id,
            member_id=project.member_id,
            city_id=project.city_id,
            status=project.status,
            credit_year=project.commissioning_date.year,
        )
        for code in pollutants
    ]


def snapshot(project: Project | None) -> dict[str, Any] | None:
    if project is None:
        return None
    data = audit.snapshot(project, AUDIT_FIELDS)
    data["accounting_inputs"] = project.accounting_inputs
    return data


def _audit(
    by: Any,
    channel: str,
    action: str,
    project: Project,
    before: Any,
    reductions: list[ProjectReduction],
) -> None:
    after = snapshot(project)
    assert after is not None
    after["reductions"] = {
        r.pollutant_id: {"planned": _text(r.planned_tonnes), "accounted": _text(r.accounted_tonnes)}
        for r in reductions
    }
    audit.record(
        actor=by,
        channel=channel,
        action=action,
        object_type="project",
        object_id=project.code,
        member_code=project.member_id,
        before=before,
        after=after,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


__all__ = ["CREATED", "UNCHANGED", "UPDATED", "Counts", "apply", "save"]
