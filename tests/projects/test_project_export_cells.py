"""Project exports are safe to open: a name that looks like a formula stays text, and a
control character in stored text never makes the export fail (issue 10, section 7)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from openpyxl import load_workbook

from deltacap.accounts.actors import PLATFORM
from deltacap.accounts.models import User
from deltacap.projects import exchange
from deltacap.projects.excel_layout import PROJECTS_SHEET
from deltacap.projects.importing import import_projects
from deltacap.projects.models import Project

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]
FORMULA = '=HYPERLINK("http://x","y")'


def _stored(make_project: MakeProject, name: str) -> Project:
    """A project whose stored name is ``name``, however it got there."""
    project = make_project()
    Project.objects.filter(pk=project.pk).update(name=name)
    return project


def _csv_rows(client: Any) -> list[list[str]]:
    client.force_login(User.objects.get(username="js-editor"))
    response = client.get("/projects/export/", {"format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheet(client: Any) -> Any:
    client.force_login(User.objects.get(username="js-editor"))
    response = client.get("/projects/export/", {"format": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))[PROJECTS_SHEET]


def test_a_formula_name_is_quoted_in_the_csv_export(client: Any, make_project: MakeProject) -> None:
    project = _stored(make_project, FORMULA)
    rows = _csv_rows(client)
    row = next(r for r in rows if r[0] == project.code)
    assert row[1] == "'" + FORMULA
    assert row[rows[0].index("化学需氧量计划减排量（吨）")] == "800.000"


def test_a_formula_name_is_text_in_the_excel_export_and_imports_back_unchanged(
    client: Any, make_project: MakeProject
) -> None:
    project = _stored(make_project, FORMULA)
    sheet = _sheet(client)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == project.code)
    assert (row[1].value, row[1].data_type, row[1].quotePrefix) == (FORMULA, "s", True)
    content, _, _ = exchange.export_queryset(Project.objects.filter(pk=project.pk), "14fyp", "xlsx")
    report = import_projects(by=PLATFORM, channel="import", data=content, dry_run=True).to_json()
    assert (report["errors"], report["unchanged"]) == ([], 1)


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x08"])
def test_a_control_character_in_a_name_does_not_break_the_exports(
    client: Any, make_project: MakeProject, control: str
) -> None:
    if control == "\x00" and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL text cannot hold NUL, so no stored name has one there")
    project = _stored(make_project, f"苏州{control}污水厂")
    sheet = _sheet(client)
    names = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert names[project.code] == "苏州\ufffd污水厂"
    rows = {r[0]: r[1] for r in _csv_rows(client)[1:]}
    assert rows[project.code] == "苏州\ufffd污水厂"
