"""The unified phase-out standard as the office sets it (a new version, audited, never
changed; every official reads the history), and the phase-out page's forms: the import of
a phase-out list (checked first, located errors, nothing written on any) and a member's
yearly target. Through the service, the API, the pages and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.mobile import phaseout, phaseout_standard, services
from deltacap.mobile.models import PhaseoutRecord, PhaseoutStandardVersion, PhaseoutTarget
from tests.mobile.files import vehicles_csv

pytestmark = pytest.mark.django_db

HEAVY_5 = [{"types": ["heavy_truck"], "fuels": ["diesel"], "max_stage": 5}]
LIST = "类别,号牌或编码,城市,月份,淘汰方式\n车辆,苏E55555,苏州,{month},报废\n"
ENV = {"COLUMNS": "160", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture
def truck(users: Any) -> None:
    services.import_vehicles(
        by=users("js-editor"),
        channel="api",
        data=vehicles_csv("苏E55555,黄,重型货车,柴油,国V,苏州,单位"),
        dry_run=False,
    )


def _set(by: Any, **changes: Any) -> Any:
    values = {"version": "2027.1", "start": "2027-01-01", "source": "区域办公室决定",
              "vehicles": HEAVY_5, "machines": []} | changes  # fmt: skip
    return phaseout_standard.set_version(by=by, channel="api", **values)


def test_the_office_sets_a_new_version_that_judges_the_records_of_its_months(
    users: Any, truck: None
) -> None:
    def month(text: str) -> bytes:
        return LIST.format(month=text).encode()

    phaseout.import_records(by=users("js-editor"), channel="api", data=month("2026-06"),
                            dry_run=False)  # fmt: skip
    record = PhaseoutRecord.objects.get()
    assert not record.qualifies and record.standard_version == "2026.1"  # 国V: not yet
    made = _set(users("office"))
    assert made.version == "2027.1" and made.status == "office"
    event = AuditEvent.objects.get(action="phaseout.standard")
    assert event.after["phaseout_standard_vehicles"] == [
        {"types": ["heavy_truck"], "fuels": ["diesel"], "max_standard": 5}
    ]
    phaseout.import_records(by=users("js-editor"), channel="api", data=month("2027-02"),
                            dry_run=False)  # fmt: skip
    record.refresh_from_db()
    assert record.qualifies and record.standard_version == "2027.1"
    rows = phaseout_standard.history(users("js-viewer"))
    assert [r["version"] for r in rows] == ["2027.1", "2026.1", "2024.1"]
    assert rows[0]["set_by"] == "office" and rows[1]["status"] == "unverified"
    with pytest.raises(AccessDenied):
        phaseout_standard.history(users("ent-suzhou"))


def test_only_the_office_sets_it_and_bad_versions_are_named(users: Any) -> None:
    for name in ("js-editor", "sz-editor", "js-viewer"):
        with pytest.raises(AccessDenied):
            _set(users(name))
    bad = {
        "version": {"version": "2026.1"},  # taken by the configuration
        "start": {"start": "2025-06-01"},  # before the latest version's start
        "vehicles": {"vehicles": [{"types": ["boat"], "fuels": ["diesel"], "max_stage": 3}]},
        "machines": {"machines": [{"types": [], "fuels": ["diesel"], "max_stage": 9}]},
    }
    for field, changes in bad.items():
        with pytest.raises(InvalidInput) as caught:
            _set(users("office"), **changes)
        assert caught.value.field == field
    with pytest.raises(InvalidInput) as caught:
        _set(users("office"), start="next year")
    assert caught.value.field == "start"
    assert not PhaseoutStandardVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="phaseout.standard").exists()


def test_the_api(api: Any) -> None:
    body = {"version": "2027.1", "start": "2027-01-01", "vehicles": HEAVY_5}
    url = "/api/v1/mobile/phaseout/standard"
    refused = api.send("POST", url, body, as_user="js-editor")
    assert refused.status_code == 403 and not PhaseoutStandardVersion.objects.exists()
    bad = api.send("POST", url, body | {"start": "2020-01-01"}, as_user="office", lang="en")
    assert bad.status_code == 422 and bad.json()["field"] == "start"
    assert "after the latest one (2026-01-01)" in bad.json()["detail"]
    made = api.send("POST", url, body, as_user="office")
    assert made.status_code == 200 and made.json()[0]["version"] == "2027.1"
    listed = api.get(url, as_user="zj-editor").json()
    assert [r["version"] for r in listed][:2] == ["2027.1", "2026.1"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ("统一淘汰标准", "重型货车，柴油，国五及以下", "生效中")),
     ("en", ("Unified phase-out standard", "heavy truck, diesel, China 5 or older", "in force"))],
)  # fmt: skip
def test_the_standard_page(client: Any, users: Any, lang: str, words: tuple[str, ...]) -> None:
    client.cookies["django_language"] = lang
    client.force_login(users("js-viewer"))
    page = client.get("/mobile/phaseout/standard/").content.decode()
    assert 'id="standard-versions"' in page and 'id="standard-form"' not in page
    assert client.post("/mobile/phaseout/standard/", {"version": "x"}).status_code == 403
    client.force_login(users("office"))
    assert 'id="standard-form"' in client.get("/mobile/phaseout/standard/").content.decode()
    form = {"version": "2027.1", "start": "2027-01-01", "source": "决定",
            "vehicles": "重型货车 / 柴油 / 5", "machines": ""}  # fmt: skip
    bad = client.post("/mobile/phaseout/standard/", form | {"vehicles": "重型货车, 柴油"})
    assert bad.status_code == 422 and 'data-field="vehicles"' in bad.content.decode()
    assert not PhaseoutStandardVersion.objects.exists()
    done = client.post("/mobile/phaseout/standard/", form, follow=True).content.decode()
    assert 'data-version="2027.1"' in done
    for word in words:
        assert word in done, word


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--lang", "en"], env=ENV)


def test_the_command_line(users: Any) -> None:
    args = ("mobile", "phaseout", "set-standard", "--version", "2027.1", "--start", "2027-01-01",
            "--vehicles", "heavy truck, medium_truck / diesel / 5",
            "--machines", "/ diesel / 2")  # fmt: skip
    refused = _run(*args, "--as", "js-editor")
    assert refused.exit_code == 2 and "Only the region office" in refused.output
    bad = _run(*args[:-2], "--machines", "diesel 2", "--as", "office")
    assert bad.exit_code == 2 and "--machines: Line 1" in bad.output
    assert not PhaseoutStandardVersion.objects.exists()
    done = _run(*args, "--as", "office")
    assert done.exit_code == 0 and "Version 2027.1" in done.output, done.output
    shown = _run("mobile", "phaseout", "standard", "--json", "--as", "sh-viewer")
    rows = json.loads(shown.output)
    assert rows[0]["machines"] == [{"types": [], "fuels": ["diesel"], "max_stage": 2}]
    # Words in either language and codes alike.
    assert rows[0]["vehicles"] == [
        {"types": ["heavy_truck", "medium_truck"], "fuels": ["diesel"], "max_standard": 5}
    ]
    assert phaseout_standard.clauses_from_text("重型货车、中型货车 / 柴油 / 4", "vehicles") == [
        {"types": ["heavy_truck", "medium_truck"], "fuels": ["diesel"], "max_stage": "4"}
    ]
    table = _run("mobile", "phaseout", "standard")
    assert "2027.1" in table.output and "heavy truck" in table.output


def test_the_import_page_checks_then_imports(client: Any, users: Any, truck: None) -> None:
    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "en"
    progress = client.get("/mobile/phaseout/").content.decode()
    assert 'id="phaseout-import-link"' in progress and 'id="target-form"' in progress
    good = LIST.format(month="2026-05").encode()
    checked = client.post(
        "/mobile/phaseout/import/", {"file": SimpleUploadedFile("p.csv", good), "action": "check"}
    )
    assert checked.status_code == 200 and "The file is valid:" in checked.content.decode()
    assert not PhaseoutRecord.objects.exists()
    bad = LIST.format(month="2026-13").encode()
    refused = client.post(
        "/mobile/phaseout/import/", {"file": SimpleUploadedFile("p.csv", bad), "action": "import"}
    )
    text = refused.content.decode()
    assert refused.status_code == 422 and "nothing was written" in text and "月份" in text
    assert not PhaseoutRecord.objects.exists()
    done = client.post(
        "/mobile/phaseout/import/", {"file": SimpleUploadedFile("p.csv", good), "action": "import"}
    )
    assert done.status_code == 200 and "Imported:" in done.content.decode()
    assert PhaseoutRecord.objects.get().identifier == "苏E55555"
    client.force_login(users("zj-editor"))
    foreign = client.post(
        "/mobile/phaseout/import/", {"file": SimpleUploadedFile("p.csv", good), "action": "import"}
    )
    assert foreign.status_code == 403


def test_the_target_form(client: Any, users: Any) -> None:
    client.force_login(users("zj-editor"))
    refused = client.post(
        "/mobile/phaseout/target/",
        {"member": "320000", "year": "2026", "vehicles": "5", "machines": "2"},
    )
    assert refused.status_code == 403 and not PhaseoutTarget.objects.exists()
    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "zh-hans"
    bad = client.post(
        "/mobile/phaseout/target/",
        {"member": "320000", "year": "2026", "vehicles": "-5", "machines": "2"},
    )
    assert bad.status_code == 422 and "请填写零或正整数" in bad.content.decode()
    done = client.post(
        "/mobile/phaseout/target/",
        {"member": "320000", "year": "2026", "vehicles": "5", "machines": "2"},
        follow=True,
    ).content.decode()
    assert "2026年淘汰目标已保存：车辆5辆，机械2台" in done
    assert (PhaseoutTarget.objects.get().vehicles, PhaseoutTarget.objects.get().machines) == (5, 2)
    assert AuditEvent.objects.filter(action="phaseout.target", channel="page").exists()
