"""Non-road machinery: the members' imports (dry run, located errors in the reader's
language, nothing written on any error), the look-up by code from any member, field checks
by any member on any member's machine (accepted in a low-emission zone on the home
registration; a failed one notifies the registering member), the responses, who may do
what, the API, the pages in both languages and the command line."""

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
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.mobile import machinery, selectors
from deltacap.mobile.models import Machine, MachineCheck, MachineNotice

pytestmark = pytest.mark.django_db

HEADER = "环保登记编码,机械类型,燃料类型,排放阶段,登记城市,所有人统一社会信用代码"
DIGGER = "苏E00A101,挖掘机,柴油,国三,苏州,{uscc}"
LOADER = "苏E00B202,装载机,柴油,国二,320500,"


def _csv(*rows: str) -> bytes:
    return ("\n".join((HEADER, *rows)) + "\n").encode()


@pytest.fixture
def world(users: Any) -> dict[str, Any]:
    owner = users("ent-suzhou").enterprise
    report = machinery.import_machinery(
        by=users("js-editor"),
        channel="api",
        data=_csv(DIGGER.format(uscc=owner.uscc), LOADER),
        dry_run=False,
    )
    assert report.written and report.created == 2
    return {"owner": owner}


def test_a_dry_run_writes_nothing_and_an_import_links_the_owner(
    users: Any, world: dict[str, Any]
) -> None:
    dry = machinery.import_machinery(
        by=users("js-editor"), channel="api", data=_csv("苏E00C303,叉车,电,国四,苏州,")
    )
    assert dry.created == 1 and not dry.written
    assert not Machine.objects.filter(code="苏E00C303").exists()
    digger = Machine.objects.get(code="苏E00A101")
    assert digger.enterprise == world["owner"] and digger.member_code == "320000"
    assert Machine.objects.get(code="苏E00B202").enterprise is None
    assert AuditEvent.objects.filter(action="machine.create").count() == 2


def test_every_bad_row_is_named_and_nothing_is_written(users: Any, world: Any) -> None:
    from django.utils import translation

    data = _csv(
        "苏E00D404,挖掘机,柴油,国三,苏州,",
        "苏E1,挖掘机,柴油,国三,苏州,",
        "浙F00E505,飞机,柴油,国九,苏州,91320000XXXXXXXXXX",
        "苏E00D404,挖掘机,柴油,国三,苏州,",
    )
    report = machinery.import_machinery(by=users("js-editor"), channel="api", data=data,
                                        dry_run=False)  # fmt: skip
    with translation.override("en"):
        errors = report.to_json()["errors"]
    assert {e["row"] for e in errors} == {3, 4, 5}
    messages = " ".join(e["message"] for e in errors)
    assert "not a machinery registration code" in messages
    assert "listed twice (first in row 2)" in messages
    assert "not of the member of the registering city" in messages
    with translation.override("zh-hans"):
        chinese = report.to_json()["errors"]
    assert any("环保登记编码" in (e["column"] or "") for e in chinese)
    assert not Machine.objects.filter(code="苏E00D404").exists()


def test_another_members_city_is_refused_before_anything_is_written(users: Any, world: Any) -> None:
    with pytest.raises(AccessDenied):
        machinery.import_machinery(
            by=users("zj-editor"), channel="api", data=_csv("苏E00F606,挖掘机,柴油,国三,苏州,"),
            dry_run=False,
        )  # fmt: skip
    for name in ("js-viewer", "office", "ent-suzhou"):
        with pytest.raises(AccessDenied):
            machinery.require_import(users(name))


def test_a_check_in_another_members_zone_accepts_the_home_registration(
    users: Any, world: Any
) -> None:
    found = selectors.machine(users("zj-editor"), "苏e00a101")
    assert found.member_code == "320000"
    check = machinery.record_check(
        by=users("zj-editor"), channel="api", code="苏E00A101", city="330100",
        place="杭州低排放区工地", result="pass", low_emission_zone=True,
    )  # fmt: skip
    assert check.accepted and check.member_code == "330000"
    assert not MachineNotice.objects.exists()


def test_a_failed_check_notifies_the_registering_member_which_alone_answers(
    users: Any, world: Any
) -> None:
    check = machinery.record_check(
        by=users("hz-editor"), channel="api", code="苏E00B202", city="330100",
        place="工地", result="fail", low_emission_zone=True, note="黑烟",
    )  # fmt: skip
    assert not check.accepted
    notice = MachineNotice.objects.get()
    assert notice.to_member_code == "320000" and notice.from_member_id == "330000"
    assert [n.pk for n in selectors.machine_notices(member="320000", direction="to")] == [notice.pk]
    for name in ("zj-editor", "js-viewer", "office"):
        with pytest.raises(AccessDenied):
            machinery.respond(by=users(name), channel="api", notice_id=notice.pk,
                              response="scrapped")  # fmt: skip
    machinery.respond(by=users("sz-editor"), channel="api", notice_id=notice.pk,
                      response="ordered_repair")  # fmt: skip
    machinery.respond(by=users("js-editor"), channel="api", notice_id=notice.pk,
                      response="retest_passed")  # fmt: skip
    notice.refresh_from_db()
    assert notice.status == "closed"
    with pytest.raises(Conflict):
        machinery.respond(by=users("js-editor"), channel="api", notice_id=notice.pk,
                          response="scrapped")  # fmt: skip
    # A failed check at home sends no notice (the member knows).
    machinery.record_check(by=users("js-editor"), channel="api", code="苏E00B202",
                           city="320500", place="工地", result="fail")  # fmt: skip
    assert MachineNotice.objects.count() == 1


def test_checks_are_recorded_in_ones_own_area_only(users: Any, world: Any) -> None:
    for name, city in (("zj-editor", "320500"), ("hz-editor", "330200"), ("js-viewer", "320500"),
                       ("office", "320500"), ("ent-suzhou", "320500")):  # fmt: skip
        with pytest.raises(AccessDenied):
            machinery.record_check(by=users(name), channel="api", code="苏E00A101", city=city,
                                   place="工地", result="pass")  # fmt: skip
    with pytest.raises(InvalidInput):
        machinery.record_check(by=users("zj-editor"), channel="api", code="苏E00A101",
                               city="330100", place="", result="pass")  # fmt: skip
    assert not MachineCheck.objects.exists()


def test_enterprises_see_their_own_machinery_only(users: Any, world: Any) -> None:
    mine = selectors.machines(users("ent-suzhou"))
    assert [m.code for m in mine] == ["苏E00A101"]
    assert selectors.machine(users("ent-suzhou"), "苏E00A101").code == "苏E00A101"
    with pytest.raises(AccessDenied):
        selectors.machine(users("ent-suzhou"), "苏E00B202")
    assert list(selectors.machines(users("ent-hangzhou"))) == []
    assert len(selectors.machines(users("ah-editor"))) == 2


def test_the_api_looks_up_checks_and_imports(api: Any, users: Any, world: Any) -> None:
    body = api.get("/api/v1/mobile/machines/苏E00A101", as_user="ah-editor").json()
    assert body["machine"]["member"] == "320000" and body["machine"]["stage"] == 3
    assert api.get("/api/v1/mobile/machines/苏E00A101", as_user="ent-hangzhou").status_code == 403
    missing = api.get("/api/v1/mobile/machines/苏E99A999", as_user="ah-editor", lang="en")
    assert missing.status_code == 404 and "No member has registered" in missing.json()["detail"]
    made = api.send(
        "post", "/api/v1/mobile/machines/苏E00B202/checks",
        {"city": "310000", "place": "上海工地", "result": "fail", "low_emission_zone": True},
        as_user="sh-editor",
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["notice"] is not None
    notices = api.get("/api/v1/mobile/machine-notices", as_user="js-viewer", member="320000")
    notice_id = notices.json()[0]["id"]
    url = f"/api/v1/mobile/machine-notices/{notice_id}/responses"
    assert api.send("post", url, {"response": "scrapped"}, as_user="sh-editor").status_code == 403
    done = api.send("post", url, {"response": "notified_owner"}, as_user="js-editor")
    assert done.status_code == 201 and done.json()["status"] == "answered"
    refused = api.send(
        "post", "/api/v1/mobile/machines/苏E00B202/checks",
        {"city": "310000", "place": "x", "result": "pass"}, as_user="sh-viewer",
    )  # fmt: skip
    assert refused.status_code == 403
    response = api.client.post(
        "/api/v1/mobile/machinery/import",
        {"file": SimpleUploadedFile("m.csv", _csv("苏E1,挖掘机,柴油,国三,苏州,")),
         "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {api.token('js-editor')}", HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 422 and response.json()["errors"][0]["row"] == 2


def test_an_enterprise_reads_the_notices_of_its_own_machines(
    api: Any, client: Any, users: Any, world: Any
) -> None:
    machinery.record_check(
        by=users("hz-editor"), channel="api", code="苏E00A101", city="330100",
        place="工地", result="fail", low_emission_zone=True,
    )  # fmt: skip
    notice = MachineNotice.objects.get()
    body = api.get("/api/v1/mobile/machines/苏E00A101", as_user="ent-suzhou").json()
    assert [n["id"] for n in body["notices"]] == [notice.pk]
    assert api.get("/api/v1/mobile/machines/苏E00A101", as_user="ent-hangzhou").status_code == 403
    assert api.get("/api/v1/mobile/machine-notices", as_user="ent-suzhou").status_code == 403
    url = f"/api/v1/mobile/machine-notices/{notice.pk}/responses"
    answer = api.send("post", url, {"response": "notified_owner"}, as_user="ent-suzhou")
    assert answer.status_code == 403
    client.force_login(users("ent-suzhou"))
    page = client.get("/mobile/machinery/machine/", {"code": "苏E00A101"}).content.decode()
    assert 'id="machine-notices"' in page and f'data-notice="{notice.pk}"' in page
    shown = client.get(f"/mobile/machinery/notices/{notice.pk}/")
    assert shown.status_code == 200 and 'id="response-form"' not in shown.content.decode()
    posted = client.post(
        f"/mobile/machinery/notices/{notice.pk}/respond/", {"response": "scrapped"}
    )
    assert posted.status_code == 403 and notice.responses.count() == 0
    client.force_login(users("ent-hangzhou"))
    assert client.get(f"/mobile/machinery/notices/{notice.pk}/").status_code == 403
    client.logout()
    assert client.get(f"/mobile/machinery/notices/{notice.pk}/").status_code == 302


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ("非道路移动机械", "挖掘机", "按注册地登记予以认可")),
     ("en", ("Non-road mobile machinery", "excavator", "accepted on its home registration"))],
)  # fmt: skip
def test_the_pages_in_both_languages(
    client: Any, users: Any, world: Any, lang: str, words: tuple[str, ...]
) -> None:
    machinery.record_check(
        by=users("zj-editor"), channel="api", code="苏E00A101", city="330100",
        place="杭州工地", result="pass", low_emission_zone=True,
    )  # fmt: skip
    client.force_login(users("zj-editor"))
    client.cookies["django_language"] = lang
    index = client.get("/mobile/machinery/").content.decode()
    page = client.get("/mobile/machinery/machine/", {"code": "苏E00A101"})
    text = index + page.content.decode()
    assert page.status_code == 200 and 'id="check-form"' in text
    for word in words:
        assert word in text, word
    posted = client.post(
        "/mobile/machinery/checks/",
        {"machine_code": "苏E00B202", "city": "330100", "place": "", "result": "fail"},
    )
    assert posted.status_code == 422 and 'id="form-error"' in posted.content.decode()
    ok = client.post(
        "/mobile/machinery/checks/",
        {"machine_code": "苏E00B202", "city": "330100", "place": "工地", "result": "fail"},
    )
    assert ok.status_code == 302
    notice = MachineNotice.objects.get()
    client.force_login(users("js-editor"))
    shown = client.get(f"/mobile/machinery/notices/{notice.pk}/").content.decode()
    assert 'id="response-form"' in shown
    client.force_login(users("ent-suzhou"))
    assert client.get("/mobile/machinery/").status_code == 200
    assert client.get("/mobile/machinery/machine/", {"code": "苏E00B202"}).status_code == 403
    client.logout()
    assert client.get("/mobile/machinery/").status_code == 302


def test_the_import_page_checks_first(client: Any, users: Any, world: Any) -> None:
    client.force_login(users("js-editor"))
    data = SimpleUploadedFile("m.csv", _csv("苏E00G707,平地机,柴油,国四,苏州,"))
    checked = client.post("/mobile/machinery/import/", {"file": data, "action": "check"})
    assert checked.status_code == 200 and not Machine.objects.filter(code="苏E00G707").exists()
    data = SimpleUploadedFile("m.csv", _csv("苏E00G707,平地机,柴油,国四,苏州,"))
    client.post("/mobile/machinery/import/", {"file": data, "action": "import"})
    assert Machine.objects.filter(code="苏E00G707").exists()


ENV = {"COLUMNS": "120", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--lang", "en"], env=ENV)


def test_the_command_line_imports_and_looks_up(users: Any, tmp_path: Path) -> None:
    good = tmp_path / "m.csv"
    good.write_bytes(_csv("苏E00A101,挖掘机,柴油,国三,苏州,"))
    dry = _run("mobile", "machinery", "import", str(good), "--dry-run")
    assert dry.exit_code == 0 and "dry run" in dry.output, dry.output
    assert not Machine.objects.exists()
    done = _run("mobile", "machinery", "import", str(good))
    assert done.exit_code == 0 and "1 new" in done.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("苏E1,挖掘机,柴油,国三,苏州,"))
    refused = _run("mobile", "machinery", "import", str(bad))
    assert refused.exit_code == 1 and "Nothing was written" in refused.output
    shown = _run("mobile", "machine", "苏E00A101")
    assert shown.exit_code == 0 and "excavator" in shown.output and "Suzhou" in shown.output
    body = json.loads(_run("mobile", "machine", "苏E00A101", "--json").output)
    assert body["machine"]["member"] == "320000" and body["checks"] == []
    missing = _run("mobile", "machine", "苏E99A999")
    assert missing.exit_code != 0 and "Traceback" not in missing.output


def test_the_demo_has_machines_checks_across_members_and_notices(users: Any) -> None:
    from deltacap.mobile.demo import load_demo_machinery

    assert load_demo_machinery() == 4
    assert not Machine.objects.filter(synthetic=False).exists()
    assert Machine.objects.get(code="苏E00A101").enterprise == users("ent-suzhou").enterprise
    assert MachineCheck.objects.filter(accepted=True).count() == 1
    statuses = {n.machine.code: n.status for n in MachineNotice.objects.select_related("machine")}
    assert statuses == {"苏A00B202": "answered", "皖A00E505": "open"}
    assert load_demo_machinery() == 0
