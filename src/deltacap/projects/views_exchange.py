"""Excel exchange pages: template and export downloads, import with a dry run first."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import (
    EDITOR_ROLES,
    AccessDenied,
    Action,
    Kind,
    refusal,
    region_resource,
)
from deltacap.domain.errors import DeltacapError, InvalidInput, NotFound, gettext_noop
from deltacap.projects import exchange
from deltacap.projects.excel_import import MAX_IMPORT_BYTES
from deltacap.projects.importing import import_projects
from deltacap.projects.models import PendingImport
from deltacap.projects.services import get_period
from deltacap.projects.steps import read_upload
from deltacap.projects.views import filters_of
from deltacap.reference.models import PlanningPeriod
from deltacap.web.errors import message_of, status_of

PENDING_HOURS = 2
IMPORTERS = EDITOR_ROLES  # each row's place is decided by the access rules on import


def _user_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return _download(*exchange.export(request.user, filters_of(request), fmt))


@login_required
@require_GET
def template_page(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period") or "14fyp"
    content = exchange.template(period)
    return _download(content, exchange.XLSX, f"projects-template-{period}.xlsx")


def _require_importer(request: HttpRequest) -> None:
    principal = principal_of(request.user)
    if principal.role not in IMPORTERS:
        raise AccessDenied(
            principal,
            Action.EDIT_PROJECT,
            region_resource(Kind.PROJECT),
            refusal(Action.EDIT_PROJECT),
        )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: a dry run of the uploaded file; when it is valid, the file is
    kept (for two hours) until the user confirms the import."""
    _require_importer(request)
    periods = PlanningPeriod.objects.filter(target_form="key_project_tonnes")
    context: dict[str, object] = {"periods": periods, "limit_mb": MAX_IMPORT_BYTES // 2**20}
    if request.method == "GET":
        return render(request, "projects/import.html", context)
    period = request.POST.get("period") or "14fyp"
    upload = request.FILES.get("file")
    try:
        get_period(period)
        if upload is None:
            raise InvalidInput(gettext_noop("Choose a file."), field="file")
        data = read_upload(upload, MAX_IMPORT_BYTES)
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "projects/import.html", context, status=status_of(exc))
    report = import_projects(by=request.user, channel="page", data=data, period=period)
    context.update(report=report.to_json(), filename=upload.name, period=period)
    counts = report.counts
    if not report.errors and (counts.created or counts.updated):
        # Only a file that would change something is kept to be imported.
        context["token"] = _keep(request, upload.name or "file", period, data)
    status = 422 if report.errors else 200
    return render(request, "projects/import.html", context, status=status)


def _keep(request: HttpRequest, filename: str, period: str, data: bytes) -> str:
    PendingImport.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=PENDING_HOURS)
    ).delete()
    token = secrets.token_urlsafe(24)
    PendingImport.objects.create(
        token=token,
        user_id=_user_id(request),
        filename=filename[-200:],
        period_id=period,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return token


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    pending = PendingImport.objects.filter(
        token=request.POST.get("token", ""),
        user_id=_user_id(request),
        created_at__gte=timezone.now() - timedelta(hours=PENDING_HOURS),
    ).first()
    if pending is None:
        raise NotFound(gettext_noop("This upload has expired; upload the file again."))
    report = import_projects(
        by=request.user,
        channel="import",
        data=bytes(pending.content),
        period=pending.period_id,
        dry_run=False,
    )
    if report.errors:
        context = {"report": report.to_json(), "filename": pending.filename}
        return render(request, "projects/import.html", context, status=422)
    pending.delete()
    counts = report.counts
    messages.success(
        request,
        _("Imported: {created} created, {updated} updated, {unchanged} unchanged.").format(
            created=counts.created, updated=counts.updated, unchanged=counts.unchanged
        ),
    )
    return redirect("projects:list")
