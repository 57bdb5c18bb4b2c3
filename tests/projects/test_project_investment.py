"""Investment and funding source on every project, and the sums by the plan's priority areas:
services, the Excel exchange (located errors), the API, the pages and the command line."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook
from typer.testing import CliRunner

from deltacap.accounts.actors import PLATFORM
from deltacap.accounts.models import User
from deltacap.cli import app
from deltacap.domain.errors import InvalidInput
from deltacap.projects import exchange, services
from deltacap.projects.excel_layout import PROJECTS_SHEET, letter, project_columns
from deltacap.projects.importing import import_projects
from deltacap.projects.investment import investment_report
from deltacap.projects.models import Project
from deltacap.projects.selectors import ProjectFilter
from deltacap.sharing.services import set_policy
from tests.projects.conftest import fill_template, input_rows, project_values, sheet_row

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]


def _column(key: str) -> str:
    keys = [c.key for c in project_columns(services.get_period("14fyp"))]
    return letter(keys.index(key))


def _import(data: bytes, user: str = "js-editor") -> dict[str, Any]:
    by = User.objects.get(username=user)
    with translation.override("en"):
        return import_projects(by=by, channel="import", data=data, dry_run=False).to_json()


def test_a_project_keeps_its_investment_and_funding_source(make_project: MakeProject) -> None:
    project = make_project(investment_wan="1250.5", funding_source="中央资金")
    assert project.investment_wan == Decimal("1250.50")
    assert project.funding_source == "central"
    changed = services.update_project(
        by=PLATFORM, channel="system", code=project.code, changes={"funding_source": "local"}
    )
    assert (changed.investment_wan, changed.funding_source) == (Decimal("1250.50"), "local")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("investment_wan", "-3", "from 0 to"),
        ("investment_wan", "lots", "Expected an amount"),
        ("funding_source", "bank", "Unknown funding source bank"),
    ],
)
def test_bad_investment_is_refused_naming_the_field(field: str, value: str, words: str) -> None:
    values = project_values(**{field: value})
    with pytest.raises(InvalidInput) as caught, translation.override("en"):
        services.create_project(by=PLATFORM, channel="system", values=values, period="14fyp")
    assert caught.value.field == field
    assert words in caught.value.render()
    assert not Project.objects.filter(code=values["code"]).exists()


def test_the_import_names_bad_investment_cells_and_writes_nothing() -> None:
    rows = [
        sheet_row(investment_wan=-5),
        sheet_row(funding_source="银行贷款"),
        sheet_row(investment_wan=880, funding_source="企业自筹"),
    ]
    inputs = [line for row in rows for line in input_rows(row["code"])]
    report = _import(fill_template(rows, inputs))
    where = {(e["row"], e["column"]): e["message"] for e in report["errors"]}
    assert "from 0 to" in where[(2, _column("investment_wan"))]
    assert "Unknown funding source 银行贷款" in where[(3, _column("funding_source"))]
    assert report["written"] is False
    assert not Project.objects.filter(code__in=[r["code"] for r in rows]).exists()


def test_the_export_carries_investment_and_imports_back_unchanged(
    make_project: MakeProject,
) -> None:
    project = make_project(investment_wan="300", funding_source="provincial")
    data = exchange.export(PLATFORM, ProjectFilter(period="14fyp"), "xlsx")[0]
    sheet = load_workbook(io.BytesIO(data))[PROJECTS_SHEET]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == project.code)
    assert row[headers.index("投资额（万元）")] == 300
    assert row[headers.index("资金来源")] == "省级资金"
    report = _import(data)
    assert report["errors"] == [], [e["message"] for e in report["errors"]]
    assert report["updated"] == 0
    assert Project.objects.get(code=project.code).funding_source == "provincial"


def test_a_file_without_the_investment_columns_keeps_the_stored_values(
    make_project: MakeProject,
) -> None:
    project = make_project(investment_wan="42", funding_source="local")

    def drop_columns(workbook: Any) -> None:
        sheet = workbook[PROJECTS_SHEET]
        first = project_columns(services.get_period("14fyp"))
        index = [c.key for c in first].index("investment_wan")
        sheet.delete_cols(index + 1, 2)

    row = sheet_row(code=project.code, city="苏州市", county=None, note="changed")
    report = _import(fill_template([row], edit=drop_columns))
    assert report["errors"] == [], [e["message"] for e in report["errors"]]
    stored = Project.objects.get(code=project.code)
    assert (stored.investment_wan, stored.funding_source) == (Decimal("42.00"), "local")


def _areas_fixture(make_project: MakeProject) -> None:
    make_project(city="320300", investment_wan="100", funding_source="central")  # 徐州: 苏北
    make_project(city="320500", county="320509", investment_wan="40", funding_source="enterprise")
    make_project(
        member="340000", city="341200", investment_wan="60.25", funding_source="provincial"
    )  # 阜阳: 皖北
    make_project(member="330000", city="331100", investment_wan="10", funding_source="local")
    make_project(city="320700")  # no amount


def test_investment_is_summed_by_area_member_category_and_source(
    make_project: MakeProject,
) -> None:
    _areas_fixture(make_project)
    report = investment_report(PLATFORM, "14fyp")
    areas = {a["area"]: a for a in report["areas"]}
    assert areas["north_jiangsu"]["investment_wan"] == "100.00"
    assert areas["north_jiangsu"]["by_funding_source"] == {"central": "100.00"}
    assert areas["north_anhui"]["by_member"] == {"340000": "60.25"}
    assert areas["southwest_zhejiang"]["by_category"] == {"wwtp_new": "10.00"}
    assert areas["other"]["investment_wan"] == "40.00"
    assert report["total_wan"] == "210.25"
    assert report["projects_without_amount"] == 1
    assert report["areas_status"] == "unverified"
    # A member's editor sums only what it may read: every member's projects while the
    # office shares them with every member (the default), its own member's otherwise.
    editor = User.objects.get(username="ah-editor")
    assert investment_report(editor, "14fyp")["total_wan"] == "210.25"
    office = User.objects.get(username="office")
    set_policy(by=office, channel="system", category="projects", scope="own_member")
    assert investment_report(editor, "14fyp")["total_wan"] == "60.25"


def test_the_api_takes_investment_and_answers_the_sums(api: Any) -> None:
    body = project_values(investment_wan="99.5", funding_source="enterprise")
    r = api.send("POST", "/api/v1/projects", body, as_user="js-editor")
    assert r.status_code == 201, r.content
    assert (r.json()["investment_wan"], r.json()["funding_source"]) == (99.5, "enterprise")
    bad = project_values(funding_source="lottery")
    r = api.send("POST", "/api/v1/projects", bad, as_user="js-editor", lang="en")
    assert r.status_code in (400, 422) and r.json()["field"] == "funding_source"
    r = api.get("/api/v1/projects/investment", as_user="js-editor", period="14fyp")
    assert r.status_code == 200 and r.json()["total_wan"] == "99.50"
    assert api.get("/api/v1/projects/investment").status_code == 401


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-hans", ["按重点区域的投资", "苏北", "资金来源"]),
        ("en", ["Investment by priority area", "Northern Jiangsu", "Funding source"]),
    ],
)
def test_the_investment_page_in_both_languages(
    client: Any, make_project: MakeProject, lang: str, words: list[str]
) -> None:
    _areas_fixture(make_project)
    client.force_login(User.objects.get(username="office"))
    client.cookies["django_language"] = lang
    page = client.get("/projects/investment/")
    assert page.status_code == 200
    text = page.content.decode()
    for word in words:
        assert word in text, word
    assert 'id="investment-total">210.25<' in text
    assert 'href="/projects/investment/"' in client.get("/projects/").content.decode()


def test_the_project_page_and_form_show_investment(client: Any, make_project: MakeProject) -> None:
    project = make_project(investment_wan="12", funding_source="central")
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = "en"
    page = client.get(f"/projects/{project.code}/").content.decode()
    assert 'id="project-investment">12.00<' in page and "Central government" in page
    form = client.get(f"/projects/{project.code}/edit/").content.decode()
    assert 'name="investment_wan"' in form and 'name="funding_source"' in form


def test_the_command_line_prints_the_sums(make_project: MakeProject) -> None:
    _areas_fixture(make_project)
    result = CliRunner().invoke(app, ["projects", "investment", "--period", "14fyp", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total_wan"] == "210.25"
    assert [a["area"] for a in data["areas"]] == [
        "north_jiangsu",
        "north_anhui",
        "southwest_zhejiang",
        "other",
    ]
    table = CliRunner().invoke(app, ["projects", "investment"])
    assert table.exit_code == 0 and "210.25" in table.output


def test_the_form_saves_investment_and_shows_a_bad_amount_at_its_field(
    make_project: MakeProject,
) -> None:
    from django.test import Client

    from tests.projects.test_project_forms import _form, _message_at

    client = Client()
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = "en"
    bad = _form(investment_wan="-1", funding_source="central")
    response = client.post("/projects/new/", bad)
    assert response.status_code == 422
    assert "from 0 to" in _message_at(response.content.decode(), "investment_wan")
    assert not Project.objects.filter(code=bad["code"]).exists()
    good = _form(investment_wan="880.5", funding_source="local")
    assert client.post("/projects/new/", good).status_code == 302
    stored = Project.objects.get(code=good["code"])
    assert (stored.investment_wan, stored.funding_source) == (Decimal("880.50"), "local")
