"""The project form of the pages (create and edit): its fields with their labels and
choices, the values it shows (a project's, or what was posted), the values it hands to
``services.create_project`` / ``update_project``, and a refusal placed at the field it
names. The services check everything; the form only gathers and shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from deltacap.domain.errors import DeltacapError
from deltacap.domain.projects import INITIAL_STATUSES
from deltacap.projects.labels import categories, language
from deltacap.projects.models import FundingSource, Project, Status
from deltacap.projects.services import raw_of
from deltacap.reference.models import PlanningPeriod, Pollutant
from deltacap.web.errors import message_of

PLACE_FIELDS = ("member", "city", "county", "enterprise")
PROJECT_FIELDS = ("name", "sector", "category", "start_date", "commissioning_date", "due_year")
CREATE_ONLY = ("code", "status", "period")
INVESTMENT_FIELDS = ("investment_wan", "funding_source")
PLANNED_HINT = _("At most 3 decimals; leave a pollutant empty when no reduction of it is planned.")


@dataclass
class Field:
    """One field as the template draws it."""

    name: str
    label: Any
    kind: str  # text, select, date, number, textarea
    value: str = ""
    required: bool = False
    options: list[tuple[str, str]] = field(default_factory=list)
    hint: Any = ""
    error: str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def html_id(self) -> str:
        return "id-" + self.name.replace(".", "-")


@dataclass
class Section:
    title: Any
    fields: list[Field]
    hint: Any = ""


@dataclass
class ProjectForm:
    """The create or edit form: its sections, the place fields (drawn apart, for htmx),
    and an error that names no field of the form."""

    sections: list[Section]
    places: list[Field]
    error: str = ""

    def all_fields(self) -> list[Field]:
        return [*self.places, *(f for s in self.sections for f in s.fields)]

    def refuse(self, exc: DeltacapError) -> None:
        """Show ``exc`` at the field it names, or above the form."""
        message = message_of(exc)
        found = next((f for f in self.all_fields() if f.name == exc.field), None)
        if found is None:
            self.error = message
        else:
            found.error = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def _tonnes(value: Any) -> str:
    """Tonnes as a number field takes them: 678.7, not 678.700."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


def values_of(project: Project) -> dict[str, str]:
    """A project's values as the form shows them (codes for places, the enterprise's USCC)."""
    raw = raw_of(project)
    values = {name: _text(value) for name, value in raw.values.items()}
    values.update({f"planned.{code}": _tonnes(t) for code, t in raw.planned.items()})
    return values


def posted(post: QueryDict, pollutants: list[Pollutant]) -> dict[str, str]:
    """What was posted, by field name (blank where a field is missing)."""
    names = (*CREATE_ONLY, *PLACE_FIELDS, *PROJECT_FIELDS, "note", *INVESTMENT_FIELDS)
    values = {name: post.get(name, "").strip() for name in names}
    for p in pollutants:
        values[f"planned.{p.code}"] = post.get(f"planned.{p.code}", "").strip()
    return values


def service_values(values: dict[str, str], pollutants: list[Pollutant]) -> dict[str, Any]:
    """Posted values as the services take a project: blank optional fields as None,
    ``planned`` tonnes by pollutant code (blank: none planned)."""
    result: dict[str, Any] = {name: values.get(name) or None for name in PLACE_FIELDS}
    result.update({name: values.get(name, "") for name in (*PROJECT_FIELDS, "note")})
    result["due_year"] = values.get("due_year") or None
    result["investment_wan"] = values.get("investment_wan") or None
    result["funding_source"] = values.get("funding_source") or ""
    result["planned"] = {p.code: values.get(f"planned.{p.code}") or None for p in pollutants}
    return result


def _categories() -> list[tuple[str, str]]:
    return [("", "—"), *categories()]


def _identity(values: dict[str, str], periods: list[PlanningPeriod] | None) -> list[Field]:
    fields = []
    if periods is not None:
        fields.append(
            Field(
                "code",
                _("Project code"),
                "text",
                values.get("code", ""),
                True,
                hint=_("Letters, digits and _ . - (at most 40); it cannot be changed later."),
                attrs={"maxlength": "40"},
            )
        )
    fields.append(
        Field(
            "name",
            _("Project name"),
            "text",
            values.get("name", ""),
            True,
            attrs={"maxlength": "200", "size": "50"},
        )
    )
    if periods is not None:
        options = [(p.code, p.name) for p in periods]
        fields.append(
            Field("period", _("Planning period"), "select", values.get("period", ""), True, options)
        )
    fields.append(
        Field(
            "category",
            _("Accounting category"),
            "select",
            values.get("category", ""),
            True,
            _categories(),
        )
    )
    fields.append(
        Field("sector", _("Sector"), "text", values.get("sector", ""), attrs={"maxlength": "100"})
    )
    return fields


def _schedule(values: dict[str, str], creating: bool, period: PlanningPeriod) -> list[Field]:
    fields = []
    if creating:
        options = [(s.value, str(s.label)) for s in Status if s.value in INITIAL_STATUSES]
        fields.append(
            Field("status", _("Status"), "select", values.get("status", ""), True, options)
        )
    years = {"min": str(period.start_year), "max": str(period.end_year)}
    fields += [
        Field("start_date", _("Start date"), "date", values.get("start_date", ""), True),
        Field(
            "commissioning_date",
            _("Commissioning date"),
            "date",
            values.get("commissioning_date", ""),
            True,
            hint=_("The planned date until the project is commissioned, then the actual one."),
        ),
        Field(
            "due_year",
            _("Year due"),
            "number",
            values.get("due_year", ""),
            hint=_("Empty: the year of commissioning."),
            attrs=years,
        ),
    ]
    return fields


def _planned(values: dict[str, str], pollutants: list[Pollutant]) -> list[Field]:
    return [
        Field(
            f"planned.{p.code}",
            f"{p.name} ({p.code})" if language() == "en" else f"{p.name}（{p.code}）",
            "number",
            values.get(f"planned.{p.code}", ""),
            attrs={"min": "0", "step": "0.001"},
        )
        for p in pollutants
    ]


def _investment(values: dict[str, str]) -> list[Field]:
    options = [("", "—"), *((f.value, str(f.label)) for f in FundingSource)]
    return [
        Field(
            "investment_wan",
            _("Investment (10,000 yuan)"),
            "number",
            values.get("investment_wan", ""),
            hint=_("Optional; at most 2 decimals."),
            attrs={"min": "0", "step": "0.01"},
        ),
        Field(
            "funding_source",
            _("Funding source"),
            "select",
            values.get("funding_source", ""),
            options=options,
        ),
    ]


def project_form(
    values: dict[str, str],
    places: list[Field],
    *,
    period: PlanningPeriod,
    periods: list[PlanningPeriod] | None = None,
) -> ProjectForm:
    """The form with ``values``; ``periods`` (the periods to choose from) for a new project,
    None when editing one (its code, period and status are then not fields)."""
    creating = periods is not None
    note = Field("note", _("Note"), "textarea", values.get("note", ""), attrs={"maxlength": "2000"})
    return ProjectForm(
        [
            Section(_("The project"), [*_identity(values, periods), note]),
            Section(_("Status and dates"), _schedule(values, creating, period)),
            Section(_("Investment"), _investment(values)),
            Section(
                _("Planned reductions, t"),
                _planned(values, period.controlled_pollutants()),
                PLANNED_HINT,
            ),
        ],
        places,
    )
