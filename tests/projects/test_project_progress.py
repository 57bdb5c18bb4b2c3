"""Progress against targets: only verified projects count, the region is the members' sum, and
the page, the API and ``deltacap progress --json`` give the same figures. Target splits."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.cli import app
from deltacap.projects import steps
from deltacap.projects.models import Project
from deltacap.targets.models import Target

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]
# docs/domain/accounting.md §3.1 worked example per WWTP project: 803 t COD, 102.2 t NH3-N.
COD_PER_PLANT = Decimal("803")
NH3N_PER_PLANT = Decimal("102.2")


def _verify(project: Project) -> None:
    steps.attach_evidence(
        by=PLATFORM, channel="system", code=project.code, filename="a.txt", content=b"x",
        content_type="text/plain", kind="acceptance",
    )  # fmt: skip
    office = User.objects.get(username="office")
    steps.move_status(by=office, channel="api", code=project.code, to="verified")


def _rows(data: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["scope"], r["pollutant"]): r for r in data}


def _target(scope: str, pollutant: str) -> Decimal:
    tonnes = Target.objects.get(period_id="14fyp", division_id=scope, pollutant_id=pollutant).tonnes
    assert tonnes is not None
    return tonnes


def test_only_verified_projects_count_and_the_region_sums_the_members(
    api: Any, make_project: MakeProject
) -> None:
    for year in (2022, 2023):
        _verify(make_project(commissioning_date=f"{year}-06-30"))
    _verify(make_project(member="330000", city="330100", commissioning_date="2024-03-01"))
    make_project()  # commissioned, awaiting verification: not counted
    r = api.get("/api/v1/projects/progress", "js-viewer", year=2023)
    assert r.status_code == 200
    rows = _rows(r.json())
    js = rows[("320000", "COD")]
    assert Decimal(str(js["verified_tonnes"])) == 2 * COD_PER_PLANT
    assert js["target_tonnes"] == float(_target("320000", "COD"))
    assert js["completion_rate"] == pytest.approx(
        float(2 * COD_PER_PLANT / _target("320000", "COD")), abs=1e-4
    )
    assert js["time_progress"] == 0.6
    assert js["status"] == "far_behind"
    # Zhejiang's 2024 plant is not yet in at the end of 2023; in 2024 it is.
    assert rows[("330000", "COD")]["verified_tonnes"] == 0
    later = _rows(api.get("/api/v1/projects/progress", "office", year=2024).json())
    assert Decimal(str(later[("330000", "NH3-N")]["verified_tonnes"])) == NH3N_PER_PLANT
    region = later[("region", "COD")]
    members = [
        later[(m, "COD")]["verified_tonnes"] for m in ("310000", "320000", "330000", "340000")
    ]
    assert region["verified_tonnes"] == pytest.approx(sum(members))
    assert region["target_tonnes"] == float(_target("region", "COD"))


def test_the_status_follows_the_documented_thresholds(api: Any, make_project: MakeProject) -> None:
    # Shanghai's NH3-N target is 1 200 t; at the end of 2021 the time progress is 20 %.
    target = _target("310000", "NH3-N")
    plant = {"member": "310000", "city": "310000", "start_date": "2020-05-01"}
    plant["commissioning_date"] = "2021-05-01"
    for _ in range(3):  # 3 × 102.2 t = 306.6 t: 25.6 % ≥ 20 %: on track
        _verify(make_project(**plant))
    rows = _rows(api.get("/api/v1/projects/progress", "office", year=2021).json())
    assert rows[("310000", "NH3-N")]["completion_rate"] == pytest.approx(
        float(3 * NH3N_PER_PLANT / target), abs=1e-4
    )
    assert rows[("310000", "NH3-N")]["status"] == "on_track"
    # At the end of 2022 (40 %) the same 25.6 % trails by more than 10 points: far behind.
    rows = _rows(api.get("/api/v1/projects/progress", "office", year=2022).json())
    assert rows[("310000", "NH3-N")]["status"] == "far_behind"


def test_the_cli_prints_the_same_figures_as_the_api(api: Any, make_project: MakeProject) -> None:
    _verify(make_project(commissioning_date="2022-06-30"))
    result = CliRunner().invoke(app, ["progress", "--period", "14fyp", "--year", "2024", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == api.get("/api/v1/projects/progress", "office", year=2024).json()
    assert {r["scope"] for r in printed} == {"region", "310000", "320000", "330000", "340000"}
    assert {r["pollutant"] for r in printed} == {"COD", "NH3-N", "NOx", "VOCs"}
    for row in printed:
        assert set(row) >= {
            "scope", "pollutant", "target_tonnes", "verified_tonnes", "completion_rate",
            "time_progress", "status",
        }  # fmt: skip


def test_progress_is_for_officials_only(api: Any) -> None:
    assert api.get("/api/v1/projects/progress").status_code == 401
    assert api.get("/api/v1/projects/progress", "ent-suzhou").status_code == 403
    assert api.get("/api/v1/projects/progress", "qp-editor").status_code == 200


def test_the_dashboard_shows_verified_and_pending_tonnes(
    client: Any, make_project: MakeProject
) -> None:
    _verify(make_project())
    make_project(status="planned", planned={"COD": "500"}, inputs=None)
    client.force_login(User.objects.get(username="js-viewer"))
    client.cookies["django_language"] = "en"  # the language switch's cookie
    page = client.get("/projects/progress/", {"year": 2025})
    assert page.status_code == 200
    data = page.context["data"]
    js = next(f for f in data["figures"] if f["scope"] == "320000" and f["pollutant"] == "COD")
    assert js["verified_tonnes"] == float(COD_PER_PLANT)
    assert js["in_progress_tonnes"] == 500.0  # the planned project, by its planned tonnes
    suzhou = next(c for c in data["cities"] if c["code"] == "320500")
    assert suzhou["COD"]["verified_tonnes"] == float(COD_PER_PLANT)
    assert len(data["cities"]) == 41
    assert b'id="progress-map"' in page.content


def test_a_member_splits_its_target_and_is_told_exactly_what_is_missing(api: Any) -> None:
    nanjing, suzhou = "320100", "320500"
    for city, tonnes in ((nanjing, 50000), (suzhou, 40000)):
        r = api.send("PATCH", f"/api/v1/targets/14fyp/{city}/COD", {"tonnes": tonnes}, "js-editor")
        assert r.status_code == 200, r.content
    checks = api.get("/api/v1/projects/decomposition", "js-editor", member="320000").json()
    cod = next(c for c in checks if c["pollutant"] == "COD")
    whole = _target("320000", "COD")
    assert cod["state"] == "incomplete"
    assert Decimal(cod["difference_tonnes"]) == Decimal(90000) - whole
    assert nanjing not in cod["missing"] and len(cod["missing"]) == 11  # 13 cities, 2 set
    other = api.send("PATCH", f"/api/v1/targets/14fyp/{nanjing}/COD", {"tonnes": 1}, "zj-editor")
    assert other.status_code == 403
    history = api.get(
        "/api/v1/projects/decomposition/history", "office", scope=nanjing, pollutant="COD"
    ).json()
    assert [(v["actor"], v["tonnes"]) for v in history] == [("js-editor", "50000.000")]


def test_the_region_split_reports_a_member_target_that_breaks_the_sum(api: Any) -> None:
    r = api.send("PATCH", "/api/v1/targets/14fyp/340000/NOx", {"tonnes": 83500}, "office")
    assert r.status_code == 200
    checks = api.get("/api/v1/projects/decomposition", "office").json()
    region = {c["pollutant"]: c for c in checks if c["scope"] == "region"}
    assert region["NOx"]["state"] == "mismatch"
    assert Decimal(region["NOx"]["difference_tonnes"]) == Decimal(500)
    assert all(region[p]["state"] == "ok" for p in ("COD", "NH3-N", "VOCs"))


def test_the_progress_table_exports_to_csv_and_excel(
    client: Any, make_project: MakeProject
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    _verify(make_project(commissioning_date="2022-06-30"))
    client.force_login(User.objects.get(username="office"))
    r = client.get("/projects/progress/export/", {"format": "csv", "year": 2024})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 20  # region and four members × four pollutants
    js = next(
        row for row in rows if row["范围 scope"] == "320000" and row["污染物 pollutant"] == "COD"
    )
    assert Decimal(js["核查确认减排量（吨） verified_tonnes"]) == COD_PER_PLANT
    r = client.get("/projects/progress/export/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet.max_row == 21
