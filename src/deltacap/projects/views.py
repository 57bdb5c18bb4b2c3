"""Project pages: the list, one project (its status steps by name, evidence). Views stay thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from deltacap.accounts.permissions import can, principal_of, resource_of
from deltacap.domain.access import EDITOR_ROLES, Action
from deltacap.domain.errors import DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.domain.input_rules import ascii_whole
from deltacap.domain.projects import TRANSITIONS, Facts, Need, may_take, steps_from, unmet_needs
from deltacap.projects import services, steps
from deltacap.projects.accounting_form import (
    AccountingForm,
    accounting_form,
    coefficients_used,
    note_texts,
    stored_values,
    used_inputs,
)
from deltacap.projects.labels import categories, category_name, tonnes
from deltacap.projects.models import EvidenceKind, Project, Status
from deltacap.projects.selectors import ProjectFilter, project_list, readable_project
from deltacap.reference.models import Division, Level
from deltacap.reference.periods import period_by_code
from deltacap.web.errors import message_of

FILTERS = (
    "period", "member", "city", "status", "category", "pollutant", "due_year", "q", "enterprise",
)  # fmt: skip


def filters_of(request: HttpRequest) -> ProjectFilter:
    values = {name: request.GET.get(name, "").strip() or None for name in FILTERS}
    due, enterprise = values.pop("due_year"), ascii_whole(values.pop("enterprise"))
    if enterprise is not None and enterprise >= 2**63:
        enterprise = 0  # no record has such an id (and a database column holds none)
    return ProjectFilter(**values, due_year=ascii_whole(due), enterprise=enterprise)


@login_required
@require_GET
def project_list_page(request: HttpRequest) -> HttpResponse:
    filters = filters_of(request)
    period_code = filters.period or "14fyp"
    period = period_by_code(period_code)
    pollutants = period.controlled_pollutants() if period else []
    qs = project_list(request.user, filters).prefetch_related("reductions")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for project in page:
        by_pollutant = {r.pollutant_id: r for r in project.reductions.all()}
        rows.append(
            {
                "project": project,
                "category": category_name(project.category),
                "cells": [by_pollutant.get(p.code) for p in pollutants],
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "pollutants": pollutants,
        "filters": filters,
        "members": Division.objects.filter(level=Level.MEMBER),
        "statuses": Status.choices,
        "categories": categories(),
        "query": request.GET.urlencode(),
        "may_import": principal_of(request.user).role in EDITOR_ROLES,
        "may_create": principal_of(request.user).role in EDITOR_ROLES,
    }
    return render(request, "projects/list.html", context)


# What a step needs, as the page names it (a reason is asked for by the step's own field).
NEED_NAMES = {
    Need.COMMISSIONING_DATE: gettext_noop("the commissioning date"),
    Need.EVIDENCE: gettext_noop("an evidence file"),
    Need.REDUCTION: gettext_noop("the computed reduction (enter the accounting inputs)"),
}


def _facts(project: Project) -> Facts:
    accounting = project.accounting or {}
    return Facts(
        has_commissioning_date=project.commissioning_date is not None,
        has_evidence=project.evidence.exists(),
        has_reduction=bool(accounting.get("reductions")),
    )


def _steps(request: HttpRequest, project: Project) -> list[dict[str, Any]]:
    """The status steps this user may take on this project now, by their names: the next
    ones first, then those that undo the step before (``domain.projects.TRANSITIONS``)."""
    principal = principal_of(request.user)
    resource = resource_of(project)
    facts = _facts(project)
    found = []
    for target, step in steps_from(project.status_enum):
        if not may_take(principal, resource, step):
            continue
        unmet = [n for n in unmet_needs(step, facts) if n is not Need.REASON]
        found.append(
            {
                "to": target.value,
                "name": _(step.name),
                "backward": step.backward,
                "needs_reason": Need.REASON in step.needs,
                "unmet": [_(NEED_NAMES[n]) for n in unmet],
            }
        )
    return found


def _reduction_rows(project: Project) -> list[dict[str, Any]]:
    """The project's reductions by pollutant, in tonnes as the page shows them."""
    rows = project.reductions.select_related("pollutant").order_by("pollutant__position")
    return [
        {
            "code": r.pollutant_id,
            "name": r.pollutant.name,
            "planned": tonnes(r.planned_tonnes),
            "accounted": tonnes(r.accounted_tonnes),
            "computed": r.accounted_tonnes is not None,
        }
        for r in rows
    ]


def detail_context(
    request: HttpRequest, project: Project, form: AccountingForm | None = None
) -> dict[str, Any]:
    """Everything the project page shows; ``form``: the accounting inputs as posted."""
    may_write = can(request.user, Action.EDIT_PROJECT, project) and (
        project.status != Status.VERIFIED
    )
    if form is None:
        stored = stored_values(project.category, project.accounting_inputs)
        form = accounting_form(project.category, stored)
    error = request.session.pop("project_error", None)
    steps_offered = _steps(request, project)
    error_step = error.get("step") if isinstance(error, dict) else None
    if error_step not in {step["to"] for step in steps_offered}:
        error_step = None  # no form of that step here (a reader's): the message on top
    return {
        "project": project,
        "category": category_name(project.category),
        "reductions": _reduction_rows(project),
        "accounting": project.accounting or {},
        "used_inputs": used_inputs(project.category, project.accounting),
        "notes": note_texts(project.category, project.accounting),
        "coefficients_used": coefficients_used(project.accounting),
        "form": form,
        "evidence": project.evidence.defer("content"),
        "evidence_kinds": EvidenceKind.choices,
        "steps": steps_offered,
        "next_steps": [step for step in steps_offered if not step["backward"]],
        "undo_steps": [step for step in steps_offered if step["backward"]],
        "awaiting_review": project.status == Status.COMMISSIONED
        and not any(not step["backward"] for step in steps_offered),
        "may_write": may_write,
        "error": error.get("message") if isinstance(error, dict) else error,
        "error_step": error_step,
    }


@login_required
@require_GET
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = readable_project(request.user, code)
    return render(request, "projects/detail.html", detail_context(request, project))


def _back_with_error(
    request: HttpRequest, code: str, exc: DeltacapError, step: str | None = None
) -> HttpResponse:
    request.session["project_error"] = {"message": message_of(exc), "step": step}
    return redirect("projects:detail", code=code)


@login_required
@require_POST
def project_status(request: HttpRequest, code: str) -> HttpResponse:
    """Take the status step to ``to`` (``steps.move_status``); its name says what was done."""
    to = request.POST.get("to", "")
    try:
        before = services.get_project(code).status_enum
        project = steps.move_status(
            by=request.user, channel="page", code=code, to=to, reason=request.POST.get("reason", "")
        )
    except DeltacapError as exc:
        return _back_with_error(request, code, exc, step=to)
    step = TRANSITIONS[(before, project.status_enum)]
    messages.success(
        request,
        _("{step}: done. The project is now {status}.").format(
            step=_(step.name), status=project.get_status_display()
        ),
    )
    return redirect("projects:detail", code=code)


@login_required
@require_POST
def project_evidence(request: HttpRequest, code: str) -> HttpResponse:
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise InvalidInput(gettext_noop("Choose a file."), field="file")
        steps.attach_evidence(
            by=request.user,
            channel="page",
            code=code,
            filename=upload.name or "file",
            content=steps.read_upload(upload, steps.MAX_EVIDENCE_BYTES),
            content_type=upload.content_type or "application/octet-stream",
            kind=request.POST.get("kind", "other"),
        )
    except DeltacapError as exc:
        return _back_with_error(request, code, exc)
    messages.success(request, _("Evidence attached."))
    return redirect("projects:detail", code=code)


@login_required
@require_GET
def evidence_file(request: HttpRequest, code: str, evidence_id: int) -> HttpResponse:
    project = readable_project(request.user, code)
    evidence = project.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(gettext_noop("No such record."))
    response = HttpResponse(bytes(evidence.content), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition_header(True, evidence.filename) or ""
    return response
