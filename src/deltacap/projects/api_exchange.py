"""/api/v1/projects/exchange: the Excel template, exports (xlsx, csv) and the import."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from deltacap.accounts.auth import AUTH
from deltacap.inputs import Code, Text, Year
from deltacap.projects import exchange
from deltacap.projects.excel_import import MAX_IMPORT_BYTES
from deltacap.projects.importing import import_projects
from deltacap.projects.selectors import ProjectFilter
from deltacap.projects.steps import read_upload

router = Router(tags=["projects"], auth=AUTH)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


@router.get("/template")
def get_template(request: HttpRequest, period: Code = "14fyp") -> HttpResponse:
    """The empty import template: Chinese headers, drop-down lists, the inputs sheet, help."""
    return _download(exchange.template(period), exchange.XLSX, f"projects-template-{period}.xlsx")


class ExportQuery(Schema):
    format: Code = "xlsx"
    period: Code = "14fyp"
    member: Code | None = None
    city: Code | None = None
    status: Code | None = None
    category: Code | None = None
    pollutant: Code | None = None
    due_year: Year | None = None
    q: Annotated[str, Text(200)] | None = None


@router.get("/export")
def get_export(request: HttpRequest, q: Query[ExportQuery]) -> HttpResponse:
    """The projects the caller may read, in the import template's format (or CSV)."""
    filters = ProjectFilter(
        q.period, q.member, q.city, q.status, q.category, q.pollutant, q.due_year, q.q
    )
    fmt = "csv" if q.format == "csv" else "xlsx"
    return _download(*exchange.export(request.user, filters, fmt))


@router.post("/import", response={200: dict[str, Any], 422: dict[str, Any]})
def post_import(
    request: HttpRequest,
    file: File[UploadedFile],
    period: Annotated[Code, Form("14fyp")] = "14fyp",
    dry_run: Form[bool] = True,
) -> Status[dict[str, Any]]:
    """Check (``dry_run``, the default) or import a filled template. Answers
    ``{"created", "updated", "unchanged", "errors": [{"sheet", "row", "column", "message"}]}``;
    422 when there are errors (then nothing was written)."""
    data = read_upload(file, MAX_IMPORT_BYTES)
    report = import_projects(
        by=request.user, channel="api", data=data, period=period, dry_run=dry_run
    )
    body = report.to_json()
    if not report.errors:
        return Status(200, body)
    # A refusal like any other: the first fault as "detail" (where, then what), the file.
    first = body["errors"][0]
    where = " ".join(str(p) for p in (first["sheet"], first["column"], first["row"]) if p)
    body["detail"] = f"{where}: {first['message']}" if where else first["message"]
    body["field"] = "file"
    return Status(422, body)
