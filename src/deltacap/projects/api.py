"""/api/v1/projects: key reduction projects, progress, target decomposition, the Excel exchange
and the annual evaluation rounds. Thin: schemas in, a service or selector call, schemas out."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap import public_cache
from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import principal_of
from deltacap.domain.accounting import schemas as category_schemas
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.domain.projects import check_progress_reader
from deltacap.inputs import Code, Day, Id, Limit, Offset, Text, Year
from deltacap.projects import services, steps
from deltacap.projects.api_exchange import router as exchange_router
from deltacap.projects.api_rounds import router as rounds_router
from deltacap.projects.coefficients import register_table
from deltacap.projects.decomposition import decomposition, history
from deltacap.projects.investment import investment_report
from deltacap.projects.models import CoefficientTable
from deltacap.projects.progress import dashboard_data, progress
from deltacap.projects.schemas import (
    AccountingIn,
    Inputs,
    ProjectDetail,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    StatusIn,
    project_detail,
    project_out,
)
from deltacap.projects.selectors import ProjectFilter, project_list, readable_project

router = Router(tags=["projects"], auth=AUTH)
# One project's routes (/{code}...) come last: ninja emits a router's own paths before its
# children's, so "/{code}" would otherwise swallow "/rounds" and "/exchange".
detail_router = Router(tags=["projects"])
router.add_router("/exchange", exchange_router)
router.add_router("/rounds", rounds_router)
router.add_router("", detail_router)


class ListQuery(Schema):
    period: Code | None = None
    member: Code | None = None
    city: Code | None = None
    status: Code | None = None
    category: Code | None = None
    pollutant: Code | None = None
    due_year: Year | None = None
    q: Annotated[str, Text(200)] | None = None
    limit: Annotated[int, Limit(1000)] = 100
    offset: Offset = 0


@router.get("", response=list[ProjectOut])
def list_projects(request: HttpRequest, q: Query[ListQuery]) -> list[dict[str, Any]]:
    """Projects the caller may read, filtered; ``limit`` at most 1000."""
    filters = ProjectFilter(
        q.period, q.member, q.city, q.status, q.category, q.pollutant, q.due_year, q.q
    )
    qs = project_list(request.user, filters).select_related("coefficients")
    qs = qs.defer("accounting", "coefficients__data")
    page = list(qs.prefetch_related("reductions")[q.offset : q.offset + q.limit])
    return [project_out(p) for p in page]


@router.post("", response={201: ProjectDetail})
def create_project(request: HttpRequest, body: ProjectIn) -> Status[dict[str, Any]]:
    """Create a project (member and city or county editors, in their area)."""
    data = body.model_dump()
    period = data.pop("period")
    project = services.create_project(by=request.user, channel="api", values=data, period=period)
    return Status(201, project_detail(project))


class ProgressQuery(Schema):
    period: Code = "14fyp"
    year: Year | None = None
    as_of: Day | None = None


@router.get("/progress", response=list[dict[str, Any]])
def get_progress(request: HttpRequest, q: Query[ProgressQuery]) -> list[dict[str, Any]]:
    """For each scope (``region`` and each member) and pollutant: target, verified reduction,
    completion rate, time progress and status; the same list as ``deltacap progress --json``."""
    check_progress_reader(principal_of(request.user))
    report = progress(services.get_period(q.period), year=q.year, as_of=q.as_of)
    return [f.to_json() for f in report.figures]


@router.get("/progress/dashboard", response=dict[str, Any])
def get_progress_dashboard(request: HttpRequest, q: Query[ProgressQuery]) -> dict[str, Any]:
    """Everything the dashboard draws: the figures, the sum checks, the pipeline of projects
    not yet verified, the year-end series of the period and verified tonnes by city."""
    check_progress_reader(principal_of(request.user))
    day = None if q.year is not None else (q.as_of or timezone.localdate())
    # The same for every reader: kept until projects, targets, rounds or a period change
    # (public_cache; a period's change renews every topic), so a kept answer needs no period
    # read; an unknown period is refused when the answer is computed, and nothing is kept.
    return public_cache.cached_json(  # type: ignore[return-value]
        public_cache.PROGRESS,
        ("dashboard", q.period, q.year, day),
        lambda: dashboard_data(services.get_period(q.period), year=q.year, as_of=q.as_of),
    )


class InvestmentQuery(Schema):
    period: Code = "14fyp"


@router.get("/investment", response=dict[str, Any])
def get_investment(request: HttpRequest, q: Query[InvestmentQuery]) -> dict[str, Any]:
    """Investment (万元, as decimal text) of the projects the caller may read, summed by the
    plan's priority areas (northern Jiangsu, northern Anhui, south-western Zhejiang, then the
    rest), each by member, accounting category and funding source."""
    return investment_report(request.user, services.get_period(q.period).code)


@router.get("/categories", response=list[dict[str, Any]])
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    """The accounting categories with their formulas' sources and input schemas."""
    return category_schemas()


@router.get("/decomposition", response=list[dict[str, Any]])
def get_decomposition(
    request: HttpRequest, period: Code = "14fyp", member: Code | None = None
) -> list[dict[str, Any]]:
    """Do the parts add up? The region's split to members and each member's to cities."""
    return [c.to_json() for c in decomposition(services.get_period(period), member)]


@router.get("/decomposition/history", response=list[dict[str, Any]])
def get_target_history(
    request: HttpRequest, scope: Code, pollutant: Code, period: Code = "14fyp"
) -> list[dict[str, Any]]:
    """Every version of one target, newest first."""
    return [v.__dict__ for v in history(period, scope, pollutant)]


@router.get("/coefficients", response=list[dict[str, Any]])
def list_coefficients(request: HttpRequest) -> list[dict[str, Any]]:
    services.ensure_default_table()
    return [
        {"label": t.label, "member": t.member_id, "source": t.source, "data": t.data}
        for t in CoefficientTable.objects.order_by("set_id", "version")
    ]


class CoefficientsIn(Schema):
    member: Code | None = None
    data: Inputs


@router.post("/coefficients", response={201: dict[str, Any]})
def post_coefficients(request: HttpRequest, body: CoefficientsIn) -> Status[dict[str, Any]]:
    """Register a coefficient table (a member's official one) under a new id or version."""
    table = register_table(by=request.user, channel="api", data=body.data, member=body.member)
    return Status(201, {"label": table.label, "member": table.member_id})


@detail_router.get("/{code}", response=ProjectDetail)
def get_project(request: HttpRequest, code: Code) -> dict[str, Any]:
    project = readable_project(request.user, code)
    return project_detail(project)


@detail_router.patch("/{code}", response=ProjectDetail)
def patch_project(request: HttpRequest, code: Code, body: ProjectPatch) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    project = services.update_project(by=request.user, channel="api", code=code, changes=changes)
    return project_detail(project)


@detail_router.post("/{code}/status", response=ProjectDetail)
def post_status(request: HttpRequest, code: Code, body: StatusIn) -> dict[str, Any]:
    """Take one status step; the office verifies or rejects (with a reason)."""
    project = steps.move_status(
        by=request.user, channel="api", code=code, to=body.to, reason=body.reason
    )
    return project_detail(project)


@detail_router.put("/{code}/accounting", response=ProjectDetail)
def put_accounting(request: HttpRequest, code: Code, body: AccountingIn) -> dict[str, Any]:
    """Set the accounting inputs; the reduction is computed and stored with them."""
    changes: dict[str, Any] = {"inputs": body.inputs}
    if body.coefficients:
        changes["coefficients"] = body.coefficients
    project = services.update_project(by=request.user, channel="api", code=code, changes=changes)
    return project_detail(project)


@detail_router.post("/{code}/evidence", response={201: ProjectDetail})
def post_evidence(
    request: HttpRequest,
    code: Code,
    file: File[UploadedFile],
    kind: Annotated[Code, Form("other")] = "other",
) -> Status[dict[str, Any]]:
    steps.attach_evidence(
        by=request.user,
        channel="api",
        code=code,
        filename=file.name or "file",
        content=steps.read_upload(file, steps.MAX_EVIDENCE_BYTES),
        content_type=file.content_type or "application/octet-stream",
        kind=kind,
    )
    return Status(201, project_detail(services.get_project(code)))


@detail_router.get("/{code}/evidence/{evidence_id}")
def get_evidence(request: HttpRequest, code: Code, evidence_id: Id) -> HttpResponse:
    project = readable_project(request.user, code)
    evidence = project.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(gettext_noop("No such record."), field="evidence_id")
    response = HttpResponse(bytes(evidence.content), content_type=evidence.content_type)
    response["Content-Disposition"] = f'attachment; filename="{evidence.filename}"'
    return response
