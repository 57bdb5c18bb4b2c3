"""The outfall register from an Excel workbook (as the other water imports read it) and the
rectification of outfalls: recorded as done by the member's own editors only (then awaiting
verification: tests/water/test_outfall_verification.py), overdue ones flagged, counts per
member on the page, the API, the command line and the tracking evaluation, in both
languages."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from deltacap.audit.changes import changes
from deltacap.audit.labels import action_label
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.water import outfall_rectification, outfalls
from deltacap.water.demo_outfalls import load_demo_outfalls
from deltacap.water.models_outfalls import Outfall

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The headings of a register's sheet as officials type them.
HEADINGS = ["排污口编码", "排污口名称", "类型", "经度", "纬度", "受纳水体", "省市", "核定排放量",
            "TP", "整治类型", "整治期限"]  # fmt: skip


@pytest.fixture
def demo(water: None) -> int:
    return load_demo_outfalls()


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _today() -> dt.date:
    return timezone.localdate()


# --- the register from Excel --------------------------------------------------------------


def test_an_excel_workbook_is_imported_as_a_csv_would_be(demo: int, users: Any) -> None:
    due = dt.datetime(2027, 6, 30)  # a date cell, as Excel stores it
    data = _xlsx([
        HEADINGS,
        ["X-1", "吴江工业排口（表格）", "工业", 120.7, 30.97, "太浦河", 320000, 1200, 0.4,
         "规范整治", due],
        ["X-2", "吴江污水厂排口（表格）", "municipal", 120.71, 30.98, "太浦河", "320000", 5000,
         None, None, None],
    ])  # fmt: skip
    checked = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=data)
    assert checked.errors == [] and checked.rows == 2 and checked.created == 2
    assert not Outfall.objects.filter(code__startswith="X-").exists()  # a check writes nothing
    done = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=data,
                                    dry_run=False)  # fmt: skip
    assert done.errors == [] and done.created == 2
    x1 = Outfall.objects.get(code="X-1")
    assert (x1.kind, x1.member_id, x1.rectification) == ("industrial", "320000", "regulate")
    assert x1.deadline == dt.date(2027, 6, 30) and x1.concentrations == {"TP": 0.4}
    assert x1.reach and x1.rectification_state == "pending"
    assert AuditEvent.objects.filter(action="water.outfall.import", object_id="X-1").exists()


def test_a_bad_row_of_a_workbook_is_named_by_row_and_column_and_nothing_is_written(
    demo: int, users: Any
) -> None:
    before = Outfall.objects.count()
    data = _xlsx([
        HEADINGS,
        ["Y-1", "好排口", "工业", 120.7, 30.97, "太浦河", 320000, 100, 0.3, None, None],
        ["Y-2", "坏排口", "工业", "东经120度", 30.97, "太浦河", 320000, 100, 0.3, "取缔", None],
    ])  # fmt: skip
    with translation.override("zh-hans"):
        report = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=data,
                                          dry_run=False)  # fmt: skip
    assert [(e.row, e.column) for e in report.errors] == [(3, "lon")]
    assert report.errors[0].message == "必须是数字。"
    with translation.override("en"):  # the same file, read in English
        report = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=data)
    assert report.errors[0].message == "This must be a number."
    no_deadline = _xlsx([
        HEADINGS, ["Y-3", "坏排口", "工业", 120.7, 30.97, "太浦河", 320000, 100, 0.3, "取缔", None]
    ])  # fmt: skip
    report = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=no_deadline,
                                      dry_run=False)  # fmt: skip
    assert [(e.row, e.column) for e in report.errors] == [(2, "deadline")]
    broken = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=b"PK\x03\x04x")
    assert broken.errors and broken.errors[0].row is None
    assert Outfall.objects.count() == before


def test_the_page_the_api_and_the_command_line_take_a_workbook(
    demo: int, client: Any, api: Any, users: Any, tmp_path: Any
) -> None:
    def book(code: str, member: int = 320000, lon: Any = 120.7) -> bytes:
        return _xlsx([HEADINGS, [code, "表格排口", "工业", lon, 30.97, "太浦河", member, 10, 0.2,
                                 None, None]])  # fmt: skip

    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "en"
    page = client.post("/water/outfalls/import/", {"action": "import", "file": SimpleUploadedFile(
        "o.xlsx", book("P-1"), XLSX)})  # fmt: skip
    assert page.status_code == 200 and Outfall.objects.filter(code="P-1").exists()
    bad = client.post("/water/outfalls/import/", {"action": "import", "file": SimpleUploadedFile(
        "o.xlsx", book("P-2", lon="x"), XLSX)})  # fmt: skip
    html = bad.content.decode()
    assert bad.status_code == 422 and "This must be a number." in html and ">lon<" in html
    assert not Outfall.objects.filter(code="P-2").exists()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token('js-editor')}"}
    ok = api.client.post("/api/v1/water/outfalls/import",
                         {"file": SimpleUploadedFile("o.xlsx", book("A-1"), XLSX),
                          "dry_run": "false"}, **headers)  # fmt: skip
    assert ok.status_code == 200 and ok.json()["created"] == 1
    refused = api.client.post("/api/v1/water/outfalls/import",
                              {"file": SimpleUploadedFile("o.xlsx", book("A-2", 330000), XLSX),
                               "dry_run": "false"}, **headers)  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["column"] == "member"
    from typer.testing import CliRunner

    from deltacap.cli import app

    path = tmp_path / "o.xlsx"
    path.write_bytes(book("C-1"))
    done = CliRunner().invoke(app, ["water", "outfalls", "import", str(path), "--as", "js-editor"])
    assert done.exit_code == 0, done.output
    assert Outfall.objects.filter(code="C-1").exists()


# --- rectification ------------------------------------------------------------------------


def test_the_demo_has_outfalls_verified_awaiting_sent_back_open_and_overdue(
    demo: int, users: Any
) -> None:
    statuses = {o.code: outfall_rectification.status_of(o).value for o in Outfall.objects.all()}
    assert sorted(c for c, s in statuses.items() if s == "rectified") == [
        "DEMO-JS-004",
        "DEMO-SH-001",
    ]
    assert [c for c, s in statuses.items() if s == "awaiting"] == ["DEMO-ZJ-003"]
    assert sorted(c for c, s in statuses.items() if s == "open") == ["DEMO-JS-001", "DEMO-ZJ-001"]
    assert [c for c, s in statuses.items() if s == "overdue"] == ["DEMO-JS-003"]
    summary = outfall_rectification.summary_out(Outfall.objects.select_related("member"))
    js = next(m for m in summary["members"] if m["member"] == "320000")
    assert (js["tasks"], js["rectified"], js["awaiting"], js["open"], js["overdue"]) == (
        3, 1, 0, 2, 1,
    )  # fmt: skip
    assert summary["total"] == {
        "tasks": 6, "rectified": 2, "awaiting": 1, "open": 3, "overdue": 1,
    }  # fmt: skip
    done = Outfall.objects.get(code="DEMO-JS-004")
    assert done.completed_on is not None and done.evidence
    assert done.recorded_by == users("js-editor") and done.verified_by == users("office")
    assert done.verified_on is not None and done.verified_on >= done.completed_on
    back = Outfall.objects.get(code="DEMO-ZJ-001")
    assert back.rectification_state == "pending" and back.completed_on is None
    assert back.return_reason and back.returned_by == users("office")
    assert outfall_rectification.rectification_out(back)["sent_back"] is True


def test_the_members_editor_records_the_rectification_done(demo: int, users: Any) -> None:
    o = Outfall.objects.get(code="DEMO-JS-003")  # overdue
    day = _today() - dt.timedelta(days=2)
    outfall_rectification.complete_rectification(
        by=users("js-editor"), channel="page", outfall_id=o.pk, evidence="已封堵，现场核查。",
        completed_on=day.isoformat(),
    )  # fmt: skip
    o.refresh_from_db()
    assert (o.rectification_state, o.completed_on, o.evidence) == (
        "completed",
        day,
        "已封堵，现场核查。",
    )
    assert o.recorded_by == users("js-editor") and o.verified_by is None
    task = outfall_rectification.rectification_out(o)
    assert task["status"] == "awaiting" and not task["overdue"]
    event = AuditEvent.objects.filter(action="water.outfall.rectify").latest("pk")
    assert event.object_id == "DEMO-JS-003" and event.member_code == "320000"
    assert event.before["outfall_rectified"] is False and event.after["outfall_rectified"] is True
    with pytest.raises(Conflict):  # recorded once
        outfall_rectification.complete_rectification(
            by=users("js-editor"), channel="page", outfall_id=o.pk, evidence="x"
        )
    none = Outfall.objects.get(code="DEMO-JS-002")  # nothing to rectify
    with pytest.raises(Conflict):
        outfall_rectification.complete_rectification(
            by=users("js-editor"), channel="page", outfall_id=none.pk, evidence="x"
        )
    # An import that keeps the action keeps the record; one that changes it starts anew.
    row = (f"DEMO-JS-003,黎里镇雨污混合排口（演示）,mixed,120.74,30.968,太浦河,320000,800,"
           f"ban,{o.deadline}")  # fmt: skip
    header = (
        "code,name,kind,lon,lat,receiving_water,member,approved_m3_per_day,rectification,deadline"
    )
    same = outfalls.import_outfalls(by=users("js-editor"), channel="page", dry_run=False,
                                    data=f"{header}\n{row}\n".encode())  # fmt: skip
    assert not same.errors
    assert Outfall.objects.get(pk=o.pk).rectification_state == "completed"
    changed = row.replace(",ban,", ",merge,")
    outfalls.import_outfalls(by=users("js-editor"), channel="page", dry_run=False,
                             data=f"{header}\n{changed}\n".encode())  # fmt: skip
    again = Outfall.objects.get(pk=o.pk)
    assert (again.rectification_state, again.completed_on, again.evidence) == ("pending", None, "")


def test_another_members_editor_a_viewer_and_the_office_are_refused(demo: int, users: Any) -> None:
    o = Outfall.objects.get(code="DEMO-JS-001")
    for name in ("zj-editor", "js-viewer", "office", "sz-editor"):
        with pytest.raises(AccessDenied):
            outfall_rectification.complete_rectification(
                by=users(name), channel="api", outfall_id=o.pk, evidence="x"
            )
    o.refresh_from_db()
    assert o.rectification_state == "pending" and o.completed_on is None
    assert not AuditEvent.objects.filter(action="water.outfall.rectify", object_id=o.code).exists()
    with pytest.raises(InvalidInput) as future:
        outfall_rectification.complete_rectification(
            by=users("js-editor"), channel="api", outfall_id=o.pk, evidence="x",
            completed_on=_today() + dt.timedelta(days=1),
        )  # fmt: skip
    assert future.value.field == "completed_on"
    with pytest.raises(InvalidInput) as empty:
        outfall_rectification.complete_rectification(
            by=users("js-editor"), channel="api", outfall_id=o.pk, evidence="  "
        )
    assert empty.value.field == "evidence"


def test_the_api_records_and_counts_rectification(demo: int, api: Any) -> None:
    o = Outfall.objects.get(code="DEMO-ZJ-001")
    url = f"/api/v1/water/outfalls/{o.pk}/rectification"
    body = {"evidence": "已合并接管。", "completed_on": _today().isoformat()}
    assert api.send("post", url, body, as_user="js-editor").status_code == 403
    assert api.send("post", url, body, as_user="sh-viewer").status_code == 403
    assert api.send("post", url, body).status_code == 401
    ok = api.send("post", url, body, as_user="zj-editor")
    assert ok.status_code == 200
    task = ok.json()["rectification_task"]
    assert task["status"] == "awaiting" and task["completed_on"] == _today().isoformat()
    assert api.send("post", url, body, as_user="zj-editor").status_code == 409
    future = {"evidence": "x", "completed_on": "2999-01-01"}
    late = Outfall.objects.get(code="DEMO-JS-001")
    bad = api.send("post", f"/api/v1/water/outfalls/{late.pk}/rectification", future,
                   as_user="js-editor")  # fmt: skip
    assert bad.status_code == 422
    counts = api.get("/api/v1/water/outfalls/rectifications", as_user="sh-viewer").json()
    zj = next(m for m in counts["members"] if m["member"] == "330000")
    assert (zj["rectified"], zj["awaiting"], zj["open"], zj["overdue"]) == (0, 2, 0, 0)
    assert counts["total"]["overdue"] == 1
    listed = api.get("/api/v1/water/outfalls", as_user="js-viewer", member="320000").json()
    flags = {x["code"]: x["rectification_task"]["overdue"] for x in listed}
    assert flags["DEMO-JS-003"] is True and flags["DEMO-JS-001"] is False
    public = api.get("/api/v1/water/outfalls/rectifications", as_user="ent-suzhou").json()
    assert public["members"] == []


def _get(client: Any, url: str, lang: str, status: int = 200) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == status
    return str(response.content.decode())


def test_the_pages_in_both_languages(demo: int, client: Any, users: Any) -> None:
    client.force_login(users("js-viewer"))
    html = _get(client, "/water/outfalls/", "zh-hans")
    assert 'id="rectification-summary"' in html and "各省市整治情况" in html
    assert 'data-status="overdue"' in html and "逾期" in html
    en = _get(client, "/water/outfalls/", "en")
    assert "Rectification by member" in en and "Not yet done" in en and "Overdue" in en
    overdue = _get(client, "/water/outfalls/?status=overdue", "en")
    assert "DEMO-JS-003" in overdue and "DEMO-JS-001" not in overdue
    late = Outfall.objects.get(code="DEMO-JS-003")
    seen = _get(client, f"/water/outfalls/{late.pk}/", "zh-hans")
    assert 'id="overdue"' in seen and "超过期限" in seen and 'id="rectification-form"' not in seen
    assert client.post(f"/water/outfalls/{late.pk}/rectification/",
                       {"evidence": "x"}).status_code == 403  # a viewer  # fmt: skip
    client.force_login(users("zj-editor"))
    assert client.post(f"/water/outfalls/{late.pk}/rectification/",
                       {"evidence": "x"}).status_code == 403  # another member  # fmt: skip
    client.force_login(users("js-editor"))
    form = _get(client, f"/water/outfalls/{late.pk}/", "zh-hans")
    assert 'id="rectification-form"' in form and "记录整治完成" in form
    form_en = _get(client, f"/water/outfalls/{late.pk}/", "en")
    assert "Record the rectification as done" in form_en and "days past the deadline" in form_en
    empty = client.post(f"/water/outfalls/{late.pk}/rectification/", {"evidence": " "})
    assert empty.status_code == 422 and "(the evidence)" in empty.content.decode()
    client.cookies["django_language"] = "zh-hans"
    posted = {"evidence": "已封堵取缔。", "completed_on": _today().isoformat()}
    done = client.post(f"/water/outfalls/{late.pk}/rectification/", posted)
    assert done.status_code == 302
    after = _get(client, f"/water/outfalls/{late.pk}/", "zh-hans")
    assert "已记录整治完成。" in after and "已封堵取缔。" in after and "待核查" in after
    assert 'id="rectification-form"' not in after
    event = AuditEvent.objects.filter(action="water.outfall.rectify").latest("pk")
    with translation.override("zh-hans"):
        zh = action_label(event.action)
        rows = {c.label: c.new for c in changes(event.object_type, event.before, event.after)}
    assert zh == "排污口整治记录为完成" and rows["已记录完成"] == "是"
    assert rows["佐证材料和说明"] == "已封堵取缔。"
    with translation.override("en"):
        assert action_label(event.action) == "Outfall's rectification recorded as done"
        rows = {c.label: c.new for c in changes(event.object_type, event.before, event.after)}
    assert rows["Recorded as done"] == "Yes"


def test_the_lakes_page_counts_the_rectification_of_its_outfalls(
    demo: int, client: Any, users: Any
) -> None:
    public = _get(client, "/water/lakes/taihu/loads/", "en")
    assert 'id="lake-rectification"' not in public
    client.force_login(users("sh-viewer"))
    html = _get(client, "/water/lakes/taihu/loads/", "zh-hans")
    assert 'id="lake-rectification"' in html and "入湖排污口整治情况" in html
    assert 'data-member="320000"' in html  # 武进漕桥河 (rectified) flows into Taihu
    en = _get(client, "/water/lakes/taihu/loads/", "en")
    assert "Rectification of the outfalls into the lake by member" in en


def test_the_tracking_evaluation_counts_rectification_per_member(demo: int) -> None:
    from deltacap.water import tracking

    (taipu,) = tracking.tracking(_today().year, "taipu")
    assert taipu.measures is not None
    per = {r.member: (r.rectified, r.open, r.overdue) for r in taipu.measures.rectification}
    assert per["320000"][2] == 1  # 黎里 overdue on the Taipu River
    out = tracking.tracking_out(taipu)["measures"]["outfalls_rectification_by_member"]
    assert any(m["member"] == "320000" and m["overdue"] == 1 for m in out)


def test_the_command_line_records_and_counts(demo: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app, water_outfalls

    monkeypatch.setattr(water_outfalls.console, "width", 240)
    runner = CliRunner(env={"COLUMNS": "240"})
    counts = runner.invoke(app, ["water", "outfalls", "rectifications", "--json"])
    assert counts.exit_code == 0, counts.output
    assert json.loads(counts.output)["total"]["overdue"] == 1
    table = runner.invoke(app, ["water", "outfalls", "rectifications", "--lang", "en"])
    assert table.exit_code == 0 and "Not yet done" in table.output
    refused = runner.invoke(app, ["water", "outfalls", "rectify", "DEMO-JS-001", "--evidence",
                                  "x", "--as", "zj-editor", "--lang", "en"])  # fmt: skip
    assert refused.exit_code == 2 and "Only the member's own editors" in refused.output
    done = runner.invoke(app, ["water", "outfalls", "rectify", "DEMO-JS-001", "--evidence",
                               "已规范整治。", "--as", "js-editor", "--lang", "zh"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "待核查" in done.output
    assert Outfall.objects.get(code="DEMO-JS-001").rectification_state == "completed"
    unknown = runner.invoke(app, ["water", "outfalls", "rectify", "NOPE", "--evidence", "x"])
    assert unknown.exit_code == 2
