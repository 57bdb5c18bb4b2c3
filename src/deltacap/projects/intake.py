"""Checking project rows (a form, an API body, a row of an Excel file) before anything is written.

Every entry point turns its input into ``RawProject``s and calls ``Intake.prepare``, which
returns a ``Draft`` per valid row and an ``Issue`` per fault (all of them, not the first
only: an import lists every error). ``services.apply`` then writes the drafts. The rules
come from the domain: field rules and status steps (``domain.projects``), access
(``domain.access``), accounting (``domain.accounting``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from deltacap.accounts.permissions import Actor, principal_of
from deltacap.domain.access import (
    AccessDenied,
    Action,
    Kind,
    Place,
    Principal,
    Resource,
    require,
)
from deltacap.domain.accounting import AccountingError, ReductionResult, recompute
from deltacap.domain.accounting.units import exact, exact_text
from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop
from deltacap.domain.projects import (
    INITIAL_STATUSES,
    Facts,
    PeriodYears,
    ProjectStatus,
    check_code,
    check_dates,
    check_due_year,
    check_editable,
    check_step,
    route,
)
from deltacap.projects import fields as parse
from deltacap.projects.coefficients import table_for
from deltacap.projects.lookups import Lookups
from deltacap.projects.models import CoefficientTable, Project
from deltacap.reference.models import REGION_CODE, Division, PlanningPeriod

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Model fields a draft sets, in the order an import's columns give them.
MODEL_FIELDS = (
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
    # Investment
    "investment_wan",
    "funding_source",
)


@dataclass
class RawProject:
    """One project as given: ``values`` by field name, ``planned`` tonnes by pollutant code,
    accounting ``inputs`` (None: keep what is stored). ``locator`` is the caller's (a row)."""

    values: dict[str, Any]
    planned: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] | None = None
    locator: Any = None


@dataclass(frozen=True)
class Issue:
    """A fault: where (``locator`` and ``field``: a field, ``planned.<P>`` or ``inputs.<name>``)."""

    locator: Any
    field: str
    error: DeltacapError


@dataclass
class Draft:
    raw: RawProject
    code: str
    existing: Project | None
    values: dict[str, Any]
    planned: dict[str, Decimal | None]
    table: CoefficientTable | None
    result: ReductionResult | None
    accounting_changed: bool
    period: PlanningPeriod
    change: str = CREATED
    # Accounted tonnes by pollutant kept from the stored project when not recomputed.
    kept_accounted: dict[str, Decimal] = field(default_factory=dict)


class PlaceRefused(AccessDenied):
    def __init__(self, principal: Principal, resource: Resource, place: str, field: str) -> None:
        template = gettext_noop("You may not write projects of {place}.")
        super().__init__(
            principal, Action.EDIT_PROJECT, resource, template, field=field, place=place
        )


class _Row:
    """Collects the issues of one row while its fields are checked one by one."""

    def __init__(self, raw: RawProject) -> None:
        self.raw = raw
        self.issues: list[Issue] = []

    def take(self, name: str, check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except DeltacapError as error:
            self.issues.append(Issue(self.raw.locator, error.field or name, error))
            return None

    def fail(self, name: str, error: DeltacapError) -> None:
        self.issues.append(Issue(self.raw.locator, name, error))


class Intake:
    """Checks rows for ``by`` in ``period``."""

    def __init__(self, *, by: Actor, period: PlanningPeriod, lock: bool = False) -> None:
        self.by = by
        self.principal: Principal = principal_of(by)
        self.period = period
        self.years = PeriodYears(period.start_year, period.end_year)
        self.lookups = Lookups(period)
        self.lock = lock
        self._member_tables: dict[str, CoefficientTable] = {}

    def prepare(self, raws: list[RawProject]) -> tuple[list[Draft], list[Issue]]:
        """A draft for every valid row and every issue of the others (nothing is written)."""
        self.lookups.load_enterprises(str(r.values.get("enterprise") or "") for r in raws)
        self.lookups.load_tables()
        codes = [str(r.values.get("code") or "").strip() for r in raws]
        self.lookups.load_existing([c for c in codes if c], lock=self.lock)
        drafts, issues = [], []
        for raw in raws:
            row = _Row(raw)
            draft = self._draft(row)
            issues.extend(row.issues)
            if draft is not None and not row.issues:
                drafts.append(draft)
        return drafts, issues

    # ------------------------------------------------------------ one row

    def _draft(self, row: _Row) -> Draft | None:
        code = row.take("code", _check_code, str(row.raw.values.get("code") or ""))
        values = self._values(row)
        planned = self._planned(row)
        if row.issues or code is None:
            return None
        existing = self.lookups.existing.get(code)
        if existing is not None:
            for name in ("investment_wan", "funding_source"):
                if name not in row.raw.values:  # a file without the column keeps the value
                    values[name] = getattr(existing, name)
        self._check_place(row, values, existing)
        table = self._table(values, existing)
        result, changed = self._accounting(row, values, existing, table)
        if row.issues:
            return None
        draft = Draft(row.raw, code, existing, values, planned, table, result, changed, self.period)
        draft.change = self._change(draft)
        if existing is not None and result is None:
            draft.kept_accounted = {
                code: r.accounted_tonnes
                for code, r in self.lookups.reductions.get(existing.pk, {}).items()
                if r.accounted_tonnes is not None
            }
        if existing is not None and draft.change == UPDATED:
            row.take("status", check_editable, existing.status_enum, code)
            self._check_route(row, draft)
        elif existing is None and ProjectStatus(values["status"]) not in INITIAL_STATUSES:
            row.fail("status", _office_status(values["status"]))
        return draft

    def _values(self, row: _Row) -> dict[str, Any]:
        raw = row.raw.values
        member = row.take("member", parse.member, self.lookups, raw.get("member"))
        city = county = None
        if member is not None:
            city = row.take("city", parse.city, self.lookups, member, raw.get("city"))
        if city is not None:
            county = row.take("county", parse.county, self.lookups, city, raw.get("county"))
        values = {
            "name": row.take("name", parse.text, raw.get("name"), "name", True, 200),
            "member": member,
            "city": city,
            "county": county,
            "enterprise": row.take(
                "enterprise", parse.enterprise, self.lookups, member, raw.get("enterprise")
            ),
            "sector": row.take("sector", parse.text, raw.get("sector"), "sector", False, 100),
            "category": row.take("category", parse.category, self.lookups, raw.get("category")),
            "status": row.take("status", parse.status, self.lookups, raw.get("status")),
            "start_date": row.take(
                "start_date", parse.date_of, raw.get("start_date"), "start_date"
            ),
            "commissioning_date": row.take(
                "commissioning_date",
                parse.date_of,
                raw.get("commissioning_date"),
                "commissioning_date",
            ),
            "note": row.take("note", parse.text, raw.get("note"), "note", False, 2000),
            "coefficients": row.take(
                "coefficients", parse.table, self.lookups, raw.get("coefficients")
            ),
            "investment_wan": row.take(
                "investment_wan", parse.investment, raw.get("investment_wan")
            ),
            "funding_source": row.take(
                "funding_source", parse.funding_source, raw.get("funding_source")
            ),
        }
        self._dates(row, values)
        return values

    def _dates(self, row: _Row, values: dict[str, Any]) -> None:
        start, commissioning = values["start_date"], values["commissioning_date"]
        if start is not None and commissioning is not None:
            row.take("commissioning_date", check_dates, start, commissioning, self.years)
        due = row.raw.values.get("due_year")
        if parse.blank(due) and commissioning is not None:
            values["due_year"] = commissioning.year
        elif not parse.blank(due):
            year = row.take("due_year", parse.year, due, "due_year")
            values["due_year"] = (
                None if year is None else row.take("due_year", check_due_year, year, self.years)
            )
        else:
            values["due_year"] = None

    def _planned(self, row: _Row) -> dict[str, Decimal | None]:
        planned: dict[str, Decimal | None] = {}
        for pollutant in self.lookups.pollutants:
            value = row.raw.planned.get(pollutant.code)
            name = f"planned.{pollutant.code}"
            planned[pollutant.code] = (
                None if parse.blank(value) else row.take(name, parse.tonnes, value, name)
            )
        return planned

    def _resource(
        self, values: dict[str, Any], existing: Project | None = None
    ) -> tuple[Resource, Division]:
        """The row's project at its place, and at the place it has now when it moves."""
        place: Division = values["county"] or values["city"]
        path = [REGION_CODE, values["member"].code, values["city"].code]
        if values["county"] is not None:
            path.append(values["county"].code)
        enterprise = values["enterprise"]
        other = None
        if existing is not None:
            old = existing.as_resource()
            if old.places != (Place(tuple(dict.fromkeys(path)), old.enterprise_id),):
                other = old.place
        resource = Resource(
            Kind.PROJECT,
            tuple(dict.fromkeys(path)),
            level=place.level,
            enterprise_id=enterprise.pk if enterprise else None,
            other=other,
        )
        return resource, place

    def _check_place(self, row: _Row, values: dict[str, Any], existing: Project | None) -> None:
        """The row's one access decision: its writer keeps the project's place (and, when
        the row moves it, the place it leaves)."""
        resource, place = self._resource(values, existing)
        try:
            require(self.principal, Action.EDIT_PROJECT, resource)
            return
        except AccessDenied:
            pass
        if existing is not None and resource.other is None:
            refused = PlaceRefused(self.principal, resource, existing.division.name, "code")
        else:
            refused = PlaceRefused(self.principal, resource, place.name, "city")
        row.fail(refused.field or "city", refused)

    def _table(self, values: dict[str, Any], existing: Project | None) -> CoefficientTable:
        if values["coefficients"] is not None:
            table: CoefficientTable = values["coefficients"]
            return table
        if existing is not None and existing.coefficients_id in self.lookups.tables_by_id:
            return self.lookups.tables_by_id[existing.coefficients_id]
        member = values["member"].code
        if member not in self._member_tables:
            found = table_for(member)
            self._member_tables[member] = self.lookups.tables_by_id.get(found.pk, found)
        return self._member_tables[member]

    def _accounting(
        self,
        row: _Row,
        values: dict[str, Any],
        existing: Project | None,
        table: CoefficientTable,
    ) -> tuple[ReductionResult | None, bool]:
        """The new accounting result and whether it differs from the stored one."""
        category = values["category"]
        inputs = row.raw.inputs
        if (
            inputs
            and existing is not None
            and existing.accounting_inputs is not None
            and (category, table.pk) == (existing.category, existing.coefficients_id)
            and _canonical(inputs) == _canonical(existing.accounting_inputs)
        ):
            return None, False  # the stored inputs again (a re-import): nothing to recompute
        if not inputs:
            if existing is None or existing.accounting_inputs is None:
                return None, False
            if category == existing.category and table.pk == existing.coefficients_id:
                return None, False
            inputs = existing.accounting_inputs
        try:
            result = recompute(category, inputs, table.as_domain())
        except AccountingError as error:
            row.fail(f"inputs.{error.field or ''}".rstrip("."), error)
            return None, False
        changed = (
            existing is None
            or existing.accounting_inputs != result.stored_inputs()
            or existing.coefficients_id != table.pk
            or existing.category != category
        )
        return result, changed

    def _change(self, draft: Draft) -> str:
        existing = draft.existing
        if existing is None:
            return CREATED
        if draft.accounting_changed:
            return UPDATED
        for name in MODEL_FIELDS:
            if _stored(existing, name) != _given(draft.values[name]):
                return UPDATED
        stored = self.lookups.reductions.get(existing.pk, {})
        for code, tonnes in draft.planned.items():
            old = stored.get(code)
            if (old.planned_tonnes if old else None) != tonnes:
                return UPDATED
        return UNCHANGED

    def _check_route(self, row: _Row, draft: Draft) -> None:
        existing = draft.existing
        assert existing is not None
        current, target = existing.status_enum, ProjectStatus(draft.values["status"])
        steps = row.take("status", route, current, target)
        if not steps:
            return
        resource, _ = self._resource(draft.values)
        has_reduction = draft.result is not None or existing.accounting_inputs is not None
        facts = Facts(
            has_commissioning_date=True,
            has_evidence=self.lookups.evidence_counts.get(existing.pk, 0) > 0,
            has_reduction=has_reduction,
        )
        for step_to in steps:
            if row.take("status", check_step, self.principal, resource, current, step_to, facts):
                current = step_to
            else:
                return


# Codes that name pages of /projects/ and so cannot name a project.
RESERVED_CODES = frozenset(
    {"progress", "targets", "export", "template", "import", "rounds", "new", "investment"}
)


def _check_code(text: str) -> str:
    code = check_code(text)
    if code.casefold() in RESERVED_CODES:
        raise InvalidInput(
            gettext_noop("The code {got} is reserved; choose another."), field="code", got=code
        )
    return code


def _office_status(status: str) -> InvalidInput:
    return InvalidInput(
        gettext_noop(
            "A new project starts as planned, under construction or commissioned; "
            "{status} is the region office's decision."
        ),
        field="status",
        status=status,
    )


def _canonical(inputs: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Inputs as (exact value text, unit): the stored form and an import's form compare equal
    when they give the calculator the same numbers."""
    result = {}
    for name, given in inputs.items():
        value, unit = (
            (given.get("value"), given.get("unit") or "")
            if isinstance(given, dict)
            else (given, "")
        )
        try:
            text = exact_text(exact(value, name=name))
        except AccountingError:
            text = str(value)
        result[name] = (text, str(unit).strip())
    return result


def _stored(project: Project, name: str) -> Any:
    if name in ("member", "city", "county", "enterprise"):
        return getattr(project, f"{name}_id")
    return getattr(project, name)


def _given(value: Any) -> Any:
    return getattr(value, "pk", value)
