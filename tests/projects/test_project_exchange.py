"""Excel exchange: the template, exports, and imports that either write a whole valid file or
name every fault by sheet, row and column and write nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import load_workbook
from typer.testing import CliRunner

from deltacap.accounts.actors import PLATFORM
from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.projects import exchange
from deltacap.projects.coefficients import ensure_table
from deltacap.projects.demo_profiles import DEMO_COEFFICIENTS, PROFILES
from deltacap.projects.excel_layout import INPUTS_SHEET, LISTS_SHEET, PROJECTS_SHEET
from deltacap.projects.importing import import_projects
from deltacap.projects.models import Project
from tests.projects.conftest import fill_template, input_rows, sheet_row

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]


def _import(data: bytes, user: str | None = "js-editor", dry_run: bool = False) -> dict[str, Any]:
    by = User.objects.get(username=user) if user else PLATFORM
    with translation.override("en"):
        return import_projects(by=by, channel="import", data=data, dry_run=dry_run).to_json()


def _state() -> tuple[int, int]:
    return Project.objects.count(), AuditEvent.objects.filter(action__startswith="project.").count()


def _where(report: dict[str, Any]) -> dict[tuple[str | None, int | None, str | None], str]:
    return {(e["sheet"], e["row"], e["column"]): e["message"] for e in report["errors"]}


def test_the_template_has_chinese_headers_drop_downs_and_the_inputs_sheet() -> None:
    workbook = load_workbook(io.BytesIO(exchange.template("14fyp")))
    assert workbook.sheetnames[:2] == [PROJECTS_SHEET, INPUTS_SHEET]
    sheet = workbook[PROJECTS_SHEET]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["项目编号", "项目名称", "省（市）", "地市"]
    assert "化学需氧量计划减排量（吨）" in headers
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1
        for dv in sheet.data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists["D"].startswith(f"'{LISTS_SHEET}'!$B$2")  # cities, from the hidden list sheet
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    cities = [
        row[1] for row in workbook[LISTS_SHEET].iter_rows(min_row=2, values_only=True) if row[1]
    ]
    assert len(cities) == 41 and "苏州市" in cities


def test_every_kind_of_bad_row_is_named_and_nothing_is_written() -> None:
    good = sheet_row()
    rows = [
        good,
        sheet_row(**{"planned.COD": "about 800"}),  # row 3: text in a number cell
        sheet_row(city="苏洲市"),  # row 4: unknown city
        sheet_row(code=good["code"]),  # row 5: duplicate code
        sheet_row(**{"planned.NH3-N": -3}),  # row 6: negative reduction
        sheet_row(commissioning_date=date(2026, 3, 1)),  # row 7: out of the period
        sheet_row(),  # row 8: cells merged below
    ]

    def merge(workbook: Any) -> None:
        workbook[PROJECTS_SHEET].merge_cells("B8:C8")

    before = _state()
    report = _import(fill_template(rows, input_rows(good["code"]), edit=merge))
    where = _where(report)
    assert "about 800" in where[(PROJECTS_SHEET, 3, "M")]
    assert "Unknown city 苏洲市" in where[(PROJECTS_SHEET, 4, "D")]
    assert "already on row 2" in where[(PROJECTS_SHEET, 5, "A")]
    assert "cannot be negative" in where[(PROJECTS_SHEET, 6, "N")]
    assert "outside the period 2021–2025" in where[(PROJECTS_SHEET, 7, "K")]
    assert "Merged cells (B8:C8)" in where[(PROJECTS_SHEET, 8, "B")]
    assert (report["created"], report["written"]) == (0, False)
    assert _state() == before


def test_control_and_invisible_only_text_in_cells_is_named_and_nothing_is_written() -> None:
    good, hidden, control = sheet_row(), sheet_row(name="\u200b\u200b"), sheet_row()
    rows = [good, hidden, sheet_row(sector="化工\u009b"), control]
    inputs = [*input_rows(good["code"]), (control["code"], "volume", 10000, "m3/d\u0085")]
    before = _state()
    report = _import(fill_template(rows, inputs))
    where = _where(report)
    assert "invisible characters" in where[(PROJECTS_SHEET, 3, "B")]
    assert "U+009B" in where[(PROJECTS_SHEET, 4, "G")]
    assert "U+0085" in where[(INPUTS_SHEET, 8, "D")]
    assert (report["created"], report["written"]) == (0, False)
    assert _state() == before


def test_wrong_headers_are_named_by_column() -> None:
    def rename(workbook: Any) -> None:
        workbook[PROJECTS_SHEET]["D1"] = "城市名称"

    report = _import(fill_template([sheet_row()], edit=rename))
    where = _where(report)
    assert "城市名称" in where[(PROJECTS_SHEET, 1, "D")]
    assert 'The column "地市" is missing' in where[(PROJECTS_SHEET, 1, None)]
    assert report["created"] == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\0" * (50 * 1024 * 1024), "The file is 50.0 MB; at most 20 MB"),
        ("项目编号,项目名称\nJS-1,x\n".encode(), "not an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old .xls workbook"),
        (b"PK\x03\x04 broken zip", "not an Excel workbook"),
    ],
    ids=["50-MB", "csv", "xls", "broken-zip"],
)
def test_files_that_are_not_an_importable_workbook_are_refused(data: bytes, words: str) -> None:
    before = _state()
    report = _import(data)
    assert [(e["sheet"], e["row"], e["column"]) for e in report["errors"]] == [(None, None, None)]
    assert words in report["errors"][0]["message"]
    assert _state() == before


def test_a_valid_file_imports_and_importing_it_again_changes_nothing() -> None:
    rows = [sheet_row(), sheet_row(status="计划", county=None)]
    data = fill_template(rows, input_rows(rows[0]["code"]))
    dry = _import(data, dry_run=True)
    assert (dry["created"], dry["errors"], dry["written"]) == (2, [], False)
    assert not Project.objects.filter(code=rows[0]["code"]).exists()
    first = _import(data)
    assert (first["created"], first["updated"], first["unchanged"], first["written"]) == (
        2,
        0,
        0,
        True,
    )
    project = Project.objects.get(code=rows[0]["code"])
    assert project.reductions.get(pollutant_id="COD").accounted_tonnes == 803
    events = AuditEvent.objects.filter(action__startswith="project.").count()
    second = _import(data)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert (
        AuditEvent.objects.filter(action__startswith="project.").count() == events + 1
    )  # the import
    rows[1]["name"] = "更名后的项目"
    third = _import(fill_template(rows, input_rows(rows[0]["code"])))
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 1)


def test_an_export_imports_back_unchanged(make_project: MakeProject) -> None:
    """Every category's inputs survive the trip through Excel (numbers, fractions, choices)."""
    table = ensure_table(DEMO_COEFFICIENTS)
    made = [
        make_project(
            category=p.category, inputs=p.sized(Decimal(40)), coefficients=table.label, planned={}
        )
        for p in PROFILES
    ]
    chosen = Project.objects.filter(pk__in=[p.pk for p in made])
    content, _, _ = exchange.export_queryset(chosen, "14fyp", "xlsx")
    report = _import(content, user=None)
    assert (report["errors"], report["unchanged"], report["created"], report["updated"]) == (
        [],
        len(made),
        0,
        0,
    )


def test_accounting_faults_point_at_the_inputs_sheet() -> None:
    row = sheet_row()
    wrong = {"volume": "10000 kg/d", "influent_cod": "250 mg/L", "effluent_cod": "30 mg/L"}
    inputs = input_rows(row["code"], {"period": "365 d", **wrong})
    report = _import(fill_template([row], inputs))
    assert list(_where(report)) == [(INPUTS_SHEET, 3, "C")]  # the volume's row
    assert "volume" in report["errors"][0]["message"]


def test_a_member_cannot_import_another_members_projects_or_the_offices_decisions() -> None:
    rows = [sheet_row(member="浙江省", city="杭州市", county=None), sheet_row(status="核查确认")]
    report = _import(fill_template(rows))
    where = _where(report)
    assert "You may not write projects of Hangzhou" in where[(PROJECTS_SHEET, 2, "D")]
    assert "the region office's decision" in where[(PROJECTS_SHEET, 3, "I")]


def test_the_csv_export_lists_the_visible_projects(client: Any, make_project: MakeProject) -> None:
    from deltacap.sharing.services import set_policy

    mine = make_project()
    other = make_project(member="330000", city="330100")
    client.force_login(User.objects.get(username="js-viewer"))

    def exported() -> tuple[list[list[str]], list[str]]:
        r = client.get("/projects/export/", {"format": "csv"})
        assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        return rows, [row[0] for row in rows[1:]]

    # The office shares the projects with every member by default; then only the member's.
    rows, codes = exported()
    assert rows[0][0] == "项目编号"
    assert mine.code in codes and other.code in codes
    office = User.objects.get(username="office")
    set_policy(by=office, channel="system", category="projects", scope="own_member")
    rows, codes = exported()
    assert mine.code in codes and other.code not in codes
    assert "volume=10000 m3/d" in rows[codes.index(mine.code) + 1][-1]


def test_the_command_line_exports_and_imports(tmp_path: Path, make_project: MakeProject) -> None:
    project = make_project()
    runner = CliRunner()
    target = tmp_path / "projects.xlsx"
    assert runner.invoke(app, ["projects", "export", str(target)]).exit_code == 0
    result = runner.invoke(app, ["projects", "import", str(target), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["unchanged"] == Project.objects.count() and report["errors"] == []
    assert project.code in [
        r[0] for r in load_workbook(target)[PROJECTS_SHEET].iter_rows(values_only=True)
    ]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["projects", "import", str(bad), "--json"])
    assert result.exit_code == 1
    assert set(json.loads(result.output)) >= {"created", "updated", "unchanged", "errors"}


def test_the_api_answers_422_with_every_error(api: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.client.force_login(User.objects.get(username="js-editor"))
    data = fill_template([sheet_row(city="苏洲市")])
    upload = SimpleUploadedFile("p.xlsx", data)
    r = api.client.post(
        "/api/v1/projects/exchange/import",
        {"file": upload, "dry_run": "true"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert r.status_code == 422, r.content
    assert [(e["sheet"], e["row"], e["column"]) for e in r.json()["errors"]] == [
        (PROJECTS_SHEET, 2, "D")
    ]
    assert r.json()["field"] == "file" and "D 2: Unknown city 苏洲市" in r.json()["detail"]


def test_the_import_page_checks_first_then_imports_on_confirmation(client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(User.objects.get(username="js-editor"))
    bad = fill_template([sheet_row(city="苏洲市")])
    client.cookies["django_language"] = "en"  # the language switch's cookie
    page = client.post(
        "/projects/import/",
        {"file": SimpleUploadedFile("p.xlsx", bad), "period": "14fyp"},
    )
    assert page.status_code == 422
    assert "Unknown city 苏洲市" in page.content.decode()
    row = sheet_row()
    good = fill_template([row], input_rows(row["code"]))
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("p.xlsx", good)})
    assert page.status_code == 200
    assert not Project.objects.filter(code=row["code"]).exists()  # a dry run only
    token = page.context["token"]
    done = client.post("/projects/import/confirm/", {"token": token})
    assert done.status_code == 302
    assert Project.objects.get(code=row["code"]).updated_by == User.objects.get(
        username="js-editor"
    )
    event = AuditEvent.objects.get(action="project.create", object_id=row["code"])
    assert (event.actor_username, event.channel) == ("js-editor", "import")
    again = client.post("/projects/import/confirm/", {"token": token})
    assert again.status_code == 404  # a confirmed upload is gone


def test_reimporting_an_unchanged_file_offers_no_import(client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from deltacap.projects.models import PendingImport

    client.force_login(User.objects.get(username="js-editor"))
    row = sheet_row()
    data = fill_template([row], input_rows(row["code"]))
    assert _import(data)["created"] == 1
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("p.xlsx", data)})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="confirm-import"' not in html and "立即导入" not in html
    assert "不会有任何变化：文件中的 1 个工程与已存数据相同，无需导入。" in html
    assert not PendingImport.objects.exists()  # nothing is kept to be imported
    changed = fill_template(
        [{**row, "name": "苏州某污水处理厂扩建工程（二期）"}], input_rows(row["code"])
    )
    page = client.post("/projects/import/", {"file": SimpleUploadedFile("p.xlsx", changed)})
    assert 'id="confirm-import"' in page.content.decode()


def test_the_office_and_viewers_have_no_import_page(client: Any) -> None:
    for name in ("office", "js-viewer"):
        client.force_login(User.objects.get(username=name))
        assert client.get("/projects/import/").status_code == 403
