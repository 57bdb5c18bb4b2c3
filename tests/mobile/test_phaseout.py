"""Phase-out of old vehicles and machinery: the members' imports (dry run, located errors,
nothing written on any error), who may write, progress against the target, the reduction
the records account for, the API and the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.mobile import machinery, phaseout, phaseout_projects, services
from deltacap.mobile.models import PhaseoutRecord
from tests.mobile.files import vehicles_csv

pytestmark = pytest.mark.django_db

HEADER = "类别,号牌或编码,城市,月份,淘汰方式"
TRUCK = "车辆,苏E12345,苏州,2026-03,报废"
CAR = "车辆,苏E6789A,苏州,2026-04,注销"
DIGGER = "机械,苏E00A101,苏州,2026-03,出口"


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode()


@pytest.fixture
def registry(users: Any) -> None:
    services.import_vehicles(
        by=users("js-editor"),
        channel="api",
        data=vehicles_csv("苏E12345,黄,重型货车,柴油,国III,苏州,单位",
                          "苏E6789A,蓝,小型客车,汽油,国V,苏州市,个人"),
        dry_run=False,
    )  # fmt: skip
    machinery.import_machinery(
        by=users("js-editor"),
        channel="api",
        data="环保登记编码,机械类型,燃料类型,排放阶段,登记城市\n苏E00A101,挖掘机,柴油,国一,苏州\n".encode(),
        dry_run=False,
    )


def test_a_dry_run_writes_nothing_and_an_import_decides_by_the_standard(
    users: Any, registry: None
) -> None:
    dry = phaseout.import_records(by=users("js-editor"), channel="api", data=_csv(TRUCK, CAR))
    assert dry.created == 2 and not dry.written and not PhaseoutRecord.objects.exists()
    done = phaseout.import_records(
        by=users("sz-editor"), channel="api", data=_csv(TRUCK, CAR, DIGGER), dry_run=False
    )
    assert done.written and done.created == 3
    truck = PhaseoutRecord.objects.get(identifier="苏E12345")
    assert truck.qualifies and truck.standard_version == "2026.1" and truck.member_code == "320000"
    assert not PhaseoutRecord.objects.get(identifier="苏E6789A").qualifies  # 国V petrol car
    assert AuditEvent.objects.filter(action="phaseout.create").count() == 3


def test_every_bad_row_is_named_and_nothing_is_written(users: Any, registry: None) -> None:
    data = _csv(TRUCK, "船,苏E12345,苏州,2026-03,报废", "车辆,苏E99999,苏州,2026-13,卖掉",
                "车辆,苏E12345,上海,2026-03,报废")  # fmt: skip
    report = phaseout.import_records(by=users("js-editor"), channel="api", data=data, dry_run=False)
    where = {(i.row, i.column) for i in report.issues}
    assert {
        (3, "类别"),
        (4, "月份"),
        (4, "淘汰方式"),
        (4, "号牌或编码"),
        (5, "号牌或编码"),
    } <= where
    assert not report.written and not PhaseoutRecord.objects.exists()
    missing = phaseout.import_records(by=users("js-editor"), channel="api", data=b"a,b\n1,2\n")
    assert missing.issues and missing.issues[0].row == 1


def test_only_the_members_own_editors_write(users: Any, registry: None) -> None:
    for name in ("zj-editor", "js-viewer", "office"):
        with pytest.raises(AccessDenied):
            phaseout.import_records(by=users(name), channel="api", data=_csv(TRUCK), dry_run=False)
    assert not PhaseoutRecord.objects.exists()
    with pytest.raises(AccessDenied):
        phaseout.set_target(by=users("zj-editor"), channel="api", member="320000", year=2026,
                            vehicles=10, machines=5)  # fmt: skip
    with pytest.raises(InvalidInput):
        phaseout.set_target(by=users("js-editor"), channel="api", member="999999", year=2026,
                            vehicles=10, machines=5)  # fmt: skip


def test_progress_against_the_target_and_the_reduction(users: Any, registry: None) -> None:
    phaseout.import_records(
        by=users("js-editor"), channel="api", data=_csv(TRUCK, CAR, DIGGER), dry_run=False
    )
    phaseout.set_target(by=users("js-editor"), channel="api", member="320000", year=2026,
                        vehicles=4, machines=2)  # fmt: skip
    (row,) = phaseout.progress(users("sh-viewer"), year=2026, member="320000")
    assert (row["vehicles"], row["machines"], row["not_qualifying"]) == (1, 1, 1)
    assert row["vehicles_share"] == 0.25 and row["machines_share"] == 0.5
    assert row["months"] == {"2026-03": 2, "2026-04": 1} and row["cities"] == {"320500": 3}
    assert row["outcomes"] == {"deregistered": 1, "exported": 1, "scrapped": 1}
    result = phaseout.reduction_of(users("office"), member="320000", year=2026).to_json()
    assert result["tonnes"]["nox"] == "1.200"  # 8 g/km × 60 000 km + 18 t × 40 kg/t
    with pytest.raises(AccessDenied):
        phaseout.progress(None, year=2026)


def test_the_api(api: Any, users: Any, registry: None) -> None:
    url = "/api/v1/mobile/phaseout/import"
    made = api.client.post(
        url, {"file": SimpleUploadedFile("p.csv", _csv(TRUCK)), "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {api.token('js-editor')}",
    )  # fmt: skip
    assert made.status_code == 200 and made.json()["created"] == 1
    bad = api.client.post(
        url, {"file": SimpleUploadedFile("p.csv", _csv("车辆,苏E1,苏州,2026-03,报废")),
              "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {api.token('js-editor')}", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"][0]["row"] == 2
    refused = api.client.post(
        url, {"file": SimpleUploadedFile("p.csv", _csv(CAR)), "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {api.token('zj-editor')}",
    )  # fmt: skip
    assert refused.status_code == 403 and PhaseoutRecord.objects.count() == 1
    body = api.get("/api/v1/mobile/phaseout/progress", as_user="sh-viewer", year=2026).json()
    assert body[0]["member"] == "320000" and body[0]["vehicles"] == 1
    red = api.get("/api/v1/mobile/phaseout/reduction", as_user="sh-viewer", member="320000",
                  year=2026)  # fmt: skip
    assert red.status_code == 200 and red.json()["tonnes"]["nox"] == "0.480"
    assert api.get("/api/v1/mobile/phaseout/progress", as_user="ent-suzhou").status_code == 403


ENV = {"COLUMNS": "120", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--lang", "en"], env=ENV)


def test_the_command_line(users: Any, registry: None, tmp_path: Path) -> None:
    good = tmp_path / "p.csv"
    good.write_bytes(_csv(TRUCK, DIGGER))
    dry = _run("mobile", "phaseout", "import", str(good), "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.output, dry.output
    assert not PhaseoutRecord.objects.exists()
    done = _run("mobile", "phaseout", "import", str(good))
    assert done.exit_code == 0 and "2 new" in done.output, done.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("车辆,苏E12345,苏州,March,报废"))
    refused = _run("mobile", "phaseout", "import", str(bad))
    assert refused.exit_code == 1 and "3" not in refused.output.split(":")[0]
    target = _run("mobile", "phaseout", "target", "--member", "320000", "--year", "2026",
                  "--vehicles", "4", "--machines", "2")  # fmt: skip
    assert target.exit_code == 0, target.output
    shown = _run("mobile", "phaseout", "progress", "--year", "2026", "--json")
    assert shown.exit_code == 0, shown.output
    (row,) = json.loads(shown.output)
    assert row["target_vehicles"] == 4 and row["reduction"]["tonnes"]["nox"] == "1.200"
    table = _run("mobile", "phaseout", "progress", "--member", "320000", "--year", "2026")
    assert table.exit_code == 0 and "1.200" in table.output, table.output


def test_the_demo_phases_out_synthetic_units(users: Any, data_dir: Path) -> None:
    from django.utils import timezone

    from deltacap.mobile.demo import load_demo_mobile

    load_demo_mobile()
    assert PhaseoutRecord.objects.filter(synthetic=True).count() == 4
    year = timezone.localdate().year
    rows = {r["member"]: r for r in phaseout.progress(users("office"), year=year)}
    assert rows["320000"]["target_vehicles"] == 40 and rows["340000"]["machines"] == 1
    result = phaseout.reduction_of(users("office"), member="340000", year=year)
    assert result.to_json()["tonnes"]["nox"] != "0.000"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ("2026 年老旧车辆和非道路移动机械淘汰", "江苏", "标准未经核实", "1 / 4",
                  "减排量如何核算", "<td>重型货车 · 国Ⅲ</td><td>1</td><td>60000 km/a</td>",
                  "<td>挖掘机 · 国Ⅰ</td><td>1</td><td>1200 h/a × 0.015 t/h</td>")),
     ("en", ("Phase-out of old vehicles and machinery, 2026", "Jiangsu", "standard not verified",
             "How the reduction is accounted", "<td>Heavy truck · China III</td>"))],
)  # fmt: skip
def test_the_page_in_both_languages(
    client: Any, users: Any, registry: None, lang: str, words: tuple[str, ...]
) -> None:
    phaseout.import_records(
        by=users("js-editor"), channel="api", data=_csv(TRUCK, DIGGER), dry_run=False
    )
    phaseout.set_target(by=users("js-editor"), channel="api", member="320000", year=2026,
                        vehicles=4, machines=2)  # fmt: skip
    client.force_login(users("sh-viewer"))
    client.cookies["django_language"] = lang
    index = client.get("/mobile/").content.decode()
    assert 'id="phaseout-link"' in index
    response = client.get("/mobile/phaseout/", {"year": "2026"})
    text = response.content.decode()
    assert response.status_code == 200 and 'id="phaseout-progress"' in text
    for word in words:
        assert word in text, word
    client.force_login(users("ent-suzhou"))
    assert client.get("/mobile/phaseout/").status_code == 403


def test_a_members_phaseout_becomes_key_reduction_projects(
    users: Any, registry: None, api: Any, client: Any
) -> None:
    from datetime import date

    from deltacap.projects.models import Project

    phaseout.import_records(
        by=users("js-editor"), channel="api", data=_csv(TRUCK, CAR, DIGGER), dry_run=False
    )
    for name in ("zj-editor", "js-viewer"):
        with pytest.raises(AccessDenied):
            phaseout_projects.make_projects(
                by=users(name), channel="api", member="320000", year=2026
            )
    assert not Project.objects.filter(code__startswith="PO-").exists()

    made = phaseout_projects.make_projects(
        by=users("js-editor"), channel="api", member="320000", year=2026, today=date(2027, 2, 1)
    )
    projects = {p.code: p for p in made}
    truck_code, digger_code = "PO-2026-320500-V-heavy-china3", "PO-2026-320500-M-excavator-china1"
    assert set(projects) == {truck_code, digger_code}
    truck, digger = projects[truck_code], projects[digger_code]
    assert (truck.category, digger.category) == ("diesel_phaseout", "nonroad_phaseout")
    assert truck.period_id == "15fyp" and truck.status == "commissioned"  # a past year
    # Each project carries its class's inputs and the phase-out table: the platform
    # accounts it (one heavy 国III truck: 8 g/km × 60 000 km = 0.48 t NOx).
    assert truck.accounting_inputs["vehicles"] == 1
    assert truck.accounting_inputs["vehicle_type"] == "heavy"
    assert truck.coefficients.label == "deltacap-phaseout 2026.1"
    assert digger.accounting_inputs["fuel"] == {"value": "18", "unit": "t"}  # 1200 h × 15 kg/h
    accounted = {
        code: {r.pollutant_id: r.accounted_tonnes for r in p.reductions.all()}
        for code, p in projects.items()
    }
    assert f"{accounted[truck_code]['NOx']:.3f}" == "0.480"
    nox = accounted[truck_code]["NOx"] + accounted[digger_code]["NOx"]
    total = phaseout.reduction_of(users("office"), member="320000", year=2026)
    assert f"{nox:.3f}" == total.to_json()["tonnes"]["nox"] == "1.200"
    assert "1台（辆）重型国III符合统一淘汰标准" in truck.note  # the petrol car does not qualify
    assert "60000 km" in truck.note and "1200 小时" in digger.note
    assert AuditEvent.objects.filter(action="project.create").count() == 2
    client.force_login(users("office"))
    detail = client.get(f"/projects/{truck_code}/").content.decode()
    # Its page names the table, marks it unverified and shows the inputs as used.
    assert "deltacap-phaseout 2026.1" in detail and 'id="unverified"' in detail
    assert '<td class="num">0.48</td><td class="num">0.48</td>' in detail  # planned, accounted
    assert "<td>排放因子法</td>" in detail

    # Made again through the API: the same two projects, brought up to date.
    body = {"member": "320000", "year": 2026}
    again = api.send("POST", "/api/v1/mobile/phaseout/projects", body, as_user="js-editor")
    assert again.status_code == 200, again.content
    assert {p["code"] for p in again.json()} == set(projects)
    assert Project.objects.filter(code__startswith="PO-").count() == 2

    # The page offers it to the member's editors only, and names what was made.
    client.force_login(users("sh-viewer"))
    assert (
        'data-make-projects="320000"'
        not in client.get("/mobile/phaseout/", {"year": "2026"}).content.decode()
    )
    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/mobile/phaseout/", {"year": "2026"}).content.decode()
    assert 'data-make-projects="320000"' in page
    done = client.post("/mobile/phaseout/projects/", {"member": "320000", "year": "2026"},
                       follow=True)  # fmt: skip
    assert "已生成或更新2个重点减排工程" in done.content.decode()
    assert f'href="/projects/{truck_code}/"' in done.content.decode()  # linked from its row

    # Nothing accounted: a clear refusal naming the year.
    with pytest.raises(InvalidInput) as caught:
        phaseout_projects.make_projects(
            by=users("ah-editor"), channel="api", member="340000", year=2026
        )
    assert caught.value.field == "year"


def test_the_command_line_makes_the_projects(users: Any, registry: None) -> None:
    phaseout.import_records(
        by=users("js-editor"), channel="api", data=_csv(TRUCK, DIGGER), dry_run=False
    )
    made = _run("mobile", "phaseout", "projects", "--member", "320000", "--year", "2026",
                "--json")  # fmt: skip
    assert made.exit_code == 0, made.output
    rows = json.loads(made.output)
    assert {r["code"] for r in rows} == {
        "PO-2026-320500-V-heavy-china3",
        "PO-2026-320500-M-excavator-china1",
    }
    assert sum(float(r["accounted"]["NOx"]) for r in rows) == pytest.approx(1.2)
    assert {r["coefficients"] for r in rows} == {"deltacap-phaseout 2026.1"}
    assert rows[0]["inputs"]
