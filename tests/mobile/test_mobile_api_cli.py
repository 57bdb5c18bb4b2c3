"""The API and the command line of high-emission vehicles: a plate's history, the notices
(overdue ones), a response, the imports with their located errors; the rules' run."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from typer.testing import CliRunner

from deltacap.cli import app
from deltacap.mobile.models import Notice
from tests.mobile.conftest import ago
from tests.mobile.files import detection, detections_csv, vehicles_csv

pytestmark = pytest.mark.django_db
ZJ_CAR = "浙A12345,蓝,小型客车,汽油,国V,杭州,个人"


def test_a_plate_reads_its_record_detections_and_notices(api: Any, mobile_world: Any) -> None:
    body = api.get("/api/v1/mobile/vehicles/苏E12345", as_user="ah-editor").json()
    assert body["vehicle"]["fuel"] == "diesel" and body["vehicle"]["member"] == "320000"
    assert [d["member"] for d in body["detections"]] == ["330000", "330000"]
    assert body["notices"][0]["from_member"] == "330000"
    bad = api.get("/api/v1/mobile/vehicles/苏E1", as_user="ah-editor", lang="en")
    assert bad.status_code == 422 and "not a number plate" in bad.json()["detail"]
    assert api.get("/api/v1/mobile/vehicles/苏E12345", as_user="ent-suzhou").status_code == 403


def test_notices_by_member_and_overdue_and_a_response(api: Any, mobile_world: Any) -> None:
    rows = api.get("/api/v1/mobile/notices", as_user="office", member="320000", direction="to")
    assert [n["plate"] for n in rows.json()] == ["苏E12345"]
    assert api.get("/api/v1/mobile/notices", as_user="office", overdue="true").json() == []
    Notice.objects.update(due=mobile_world.notice.due - timedelta(days=60))
    late = api.get("/api/v1/mobile/notices", as_user="js-viewer", overdue="true").json()
    assert late[0]["overdue"] is True
    url = f"/api/v1/mobile/notices/{mobile_world.notice.pk}/responses"
    refused = api.send("post", url, {"response": "scrapped"}, as_user="zj-editor")
    assert refused.status_code == 403
    done = api.send(
        "post", url, {"response": "retest_passed", "note": "复检合格"}, as_user="js-editor"
    )
    assert done.status_code == 201 and done.json()["status"] == "closed"
    assert done.json()["overdue"] is False


def test_the_api_imports_name_every_bad_row(api: Any, users: Any, data_dir: Path) -> None:
    data = detections_csv(detection("苏E12345", ago(2), "杭州"), detection("苏E1", ago(2), "杭州"))
    token = api.token("zj-editor")
    response = api.client.post(
        "/api/v1/mobile/detections/import",
        {"file": SimpleUploadedFile("d.csv", data), "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(3, "号牌号码")]
    good = api.client.post(
        "/api/v1/mobile/vehicles/import",
        {"file": SimpleUploadedFile("v.csv", vehicles_csv(ZJ_CAR)), "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert good.status_code == 200 and good.json()["created"] == 1


def _import(api: Any, user: str, data: bytes, dry_run: bool) -> Any:
    return api.client.post(
        "/api/v1/mobile/detections/import",
        {"file": SimpleUploadedFile("d.csv", data), "dry_run": "true" if dry_run else "false"},
        HTTP_AUTHORIZATION=f"Bearer {api.token(user)}",
    )


def test_an_api_import_notifies_the_registering_member_once(
    api: Any, users: Any, data_dir: Path
) -> None:
    """Zhejiang's detections of a Jiangsu truck that meet the rule: a notice to Jiangsu."""
    from deltacap.mobile import services

    services.import_vehicles(
        by=users("js-editor"),
        channel="api",
        data=vehicles_csv("苏E12345,黄,重型货车,柴油,国III,苏州,单位"),
        dry_run=False,
    )
    data = detections_csv(*[detection("苏E12345", ago(d), "杭州") for d in (40, 6)])
    dry = _import(api, "zj-editor", data, dry_run=True)
    assert dry.status_code == 200 and dry.json()["notices_raised"] == 0
    assert not Notice.objects.exists()
    done = _import(api, "zj-editor", data, dry_run=False)
    assert done.status_code == 200 and done.json()["notices_raised"] == 1
    notice = Notice.objects.get()
    assert (notice.to_member_code, notice.from_member_id) == ("320000", "330000")
    listed = api.get("/api/v1/mobile/notices", as_user="js-viewer", member="320000")
    assert [n["plate"] for n in listed.json()] == ["苏E12345"]
    more = detections_csv(detection("苏E12345", ago(1), "宁波"))
    again = _import(api, "zj-editor", more, dry_run=False)
    assert again.status_code == 200 and again.json()["notices_raised"] == 0
    assert Notice.objects.count() == 1


ENV = {"COLUMNS": "120", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--lang", "en"], env=ENV)


def test_the_command_line_imports_evaluates_and_lists(
    users: Any, data_dir: Path, tmp_path: Path
) -> None:
    vehicles = tmp_path / "v.csv"
    vehicles.write_bytes(vehicles_csv("苏E12345,黄,重型货车,柴油,国III,苏州,单位"))
    result = _run("mobile", "vehicles", "import", str(vehicles))
    assert result.exit_code == 0, result.output
    found = tmp_path / "d.csv"
    found.write_bytes(detections_csv(*[detection("苏E12345", ago(d), "杭州") for d in (3, 9)]))
    checked = _run("mobile", "detections", "import", str(found), "--dry-run")
    assert checked.exit_code == 0 and "Notices raised" not in checked.output
    assert not Notice.objects.exists()
    result = _run("mobile", "detections", "import", str(found))
    assert result.exit_code == 0 and "2 detections of 1 plates" in result.output
    assert "Notices raised to the registering members: 1." in result.output
    again = _run("mobile", "detections", "import", str(found))
    assert again.exit_code == 1 and "stored already" in again.output
    run = _run("mobile", "evaluate", "--json")
    assert json.loads(run.output)["raised"] == 0  # raised by the import already
    listed = _run("mobile", "notices", "--member", "320000", "--json")
    assert [n["plate"] for n in json.loads(listed.output)] == ["苏E12345"]
    assert json.loads(_run("mobile", "notices", "--overdue", "--json").output) == []
    plate = _run("mobile", "vehicle", "苏E12345")
    assert (
        plate.exit_code == 0 and "remote sensing" in plate.output and "heavy truck" in plate.output
    )
    body = json.loads(_run("mobile", "vehicle", "苏E12345", "--json").output)
    assert len(body["detections"]) == 2 and body["vehicle"]["emission_standard"] == 3
    more = tmp_path / "more.csv"
    more.write_bytes(detections_csv(detection("苏E12345", ago(1), "宁波")))
    assert _run("mobile", "detections", "import", str(more)).exit_code == 0
    compacted = _run("mobile", "detections", "compact")
    assert compacted.exit_code == 0, compacted.output
    assert "Buckets compacted: 1 (2 files into 1, 3 detections)." in compacted.output
    after = json.loads(_run("mobile", "vehicle", "苏E12345", "--json").output)
    assert len(after["detections"]) == 3
    wrong = _run("mobile", "vehicle", "苏E1")
    assert wrong.exit_code == 2 and "--plate" in wrong.output and "Traceback" not in wrong.output
    unknown = _run("mobile", "notices", "--member", "999999")
    assert unknown.exit_code == 2
