"""Exports (reads): the projects a user may see as the exchange workbook or CSV, and the
empty template. Shared by the pages, the API and the command line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from django.db.models import QuerySet

from deltacap.projects.coefficients import default_table
from deltacap.projects.excel_export import write_csv, write_workbook
from deltacap.projects.models import Project
from deltacap.projects.selectors import ProjectFilter, project_list
from deltacap.projects.services import get_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _rows(qs: QuerySet[Project]) -> Iterator[Project]:
    return (
        qs.select_related("member", "city", "county", "enterprise", "coefficients")
        .defer("accounting", "coefficients__data")
        .prefetch_related("reductions")
        .iterator(chunk_size=2000)
    )


def all_projects(period: str) -> QuerySet[Project]:
    """Every project of ``period`` (the operator's export on the command line)."""
    return Project.objects.filter(period_id=period).order_by("code")


def export(user: Any, filters: ProjectFilter, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the projects ``user`` may see under ``filters``."""
    period = get_period(filters.period or "14fyp")
    qs = project_list(user, replace(filters, period=period.code))
    return export_queryset(qs, period.code, fmt)


def export_queryset(qs: QuerySet[Project], period_code: str, fmt: str) -> tuple[bytes, str, str]:
    period = get_period(period_code)
    default_table()
    if fmt == "csv":
        return write_csv(period, _rows(qs)), CSV, f"projects-{period.code}.csv"
    return write_workbook(period, _rows(qs)), XLSX, f"projects-{period.code}.xlsx"


def template(period_code: str) -> bytes:
    default_table()
    return write_workbook(get_period(period_code), iter(()))
