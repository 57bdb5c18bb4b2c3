"""API schemas of projects, and turning a project into them (shared by the API and pages)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict

from deltacap.inputs import Code, Day, Note, Text, Tonnes, Year
from deltacap.projects.models import Project

Place = Annotated[str, Text(100)]  # a member, city or county by name or code
Planned = dict[Code, Tonnes | None]  # tonnes by pollutant code
Inputs = dict[Annotated[str, Text(100)], Any]  # accounting inputs by name (any JSON)


class ReductionOut(Schema):
    pollutant: str
    planned_tonnes: float | None
    accounted_tonnes: float | None


class ProjectOut(Schema):
    code: str
    name: str
    period: str
    member: str
    city: str
    county: str | None
    enterprise: str | None
    sector: str
    category: str
    status: str
    start_date: date
    commissioning_date: date
    due_year: int
    note: str
    coefficients: str | None
    unverified_coefficients: bool
    review_note: str
    revision: int
    reductions: list[ReductionOut]
    investment_wan: float | None  # 万元
    funding_source: str  # central, provincial, local, enterprise, other; "" when not given


class EvidenceOut(Schema):
    id: int
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class ProjectDetail(ProjectOut):
    accounting_inputs: Any
    accounting: Any
    evidence: list[EvidenceOut]


class ProjectIn(Schema):
    """A project as the API takes it. Places by name or code; ``planned``: tonnes by
    pollutant code (COD, NH3-N, NOx, VOCs); ``inputs``: accounting inputs by name."""

    model_config = ConfigDict(extra="forbid")

    code: Code
    name: Annotated[str, Text(200)]
    period: Code = "14fyp"
    member: Place
    city: Place
    county: Place | None = None
    enterprise: Annotated[str, Text(18)] | None = None
    sector: Annotated[str, Text(100)] = ""
    category: Annotated[str, Text(100)]
    status: Annotated[str, Text(32)] = "planned"
    start_date: Day
    commissioning_date: Day
    due_year: Year | None = None
    note: Annotated[str, Note(4000)] = ""
    coefficients: Annotated[str, Text(100)] | None = None
    planned: Planned = {}
    inputs: Inputs | None = None
    investment_wan: Decimal | None = None  # 万元, 0 to 10,000,000
    funding_source: Annotated[str, Text(32)] | None = None


class ProjectPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Text(200)] | None = None
    member: Place | None = None
    city: Place | None = None
    county: Place | None = None
    enterprise: Annotated[str, Text(18)] | None = None
    sector: Annotated[str, Text(100)] | None = None
    category: Annotated[str, Text(100)] | None = None
    status: Annotated[str, Text(32)] | None = None
    start_date: Day | None = None
    commissioning_date: Day | None = None
    due_year: Year | None = None
    note: Annotated[str, Note(4000)] | None = None
    coefficients: Annotated[str, Text(100)] | None = None
    planned: Planned | None = None
    inputs: Inputs | None = None
    investment_wan: Decimal | None = None
    funding_source: Annotated[str, Text(32)] | None = None


class StatusIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: Annotated[str, Text(32)]
    reason: Annotated[str, Note(2000)] = ""


class AccountingIn(Schema):
    model_config = ConfigDict(extra="forbid")

    inputs: Inputs
    coefficients: Annotated[str, Text(100)] | None = None


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def project_out(project: Project, reductions: list[Any] | None = None) -> dict[str, Any]:
    rows = reductions if reductions is not None else list(project.reductions.all())
    return {
        "code": project.code,
        "name": project.name,
        "period": project.period_id,
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
        "unverified_coefficients": project.unverified_coefficients,
        "review_note": project.review_note,
        "revision": project.revision,
        "reductions": [
            {
                "pollutant": r.pollutant_id,
                "planned_tonnes": _float(r.planned_tonnes),
                "accounted_tonnes": _float(r.accounted_tonnes),
            }
            for r in sorted(rows, key=lambda r: r.pollutant_id)
        ],
        "investment_wan": _float(project.investment_wan),
        "funding_source": project.funding_source,
    }


def project_detail(project: Project) -> dict[str, Any]:
    data = project_out(project)
    data["accounting_inputs"] = project.accounting_inputs
    data["accounting"] = project.accounting
    data["evidence"] = [
        {
            "id": e.pk,
            "kind": e.kind,
            "filename": e.filename,
            "content_type": e.content_type,
            "size": e.size,
            "sha256": e.sha256,
            "uploaded_at": e.uploaded_at,
        }
        for e in project.evidence.defer("content")
    ]
    return data
