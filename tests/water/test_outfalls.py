"""Outfalls into rivers and lakes, the river network and tracing: the demo's network and
outfalls, the CSV import (errors by row in the reader's language, nothing written on an
error; each member's editors their own), tracing a section's exceedance upstream, the API,
the pages in both languages and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from deltacap.accounts.permissions import PLATFORM
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import SYSTEM, AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring.models import Outlet, OutletLimit
from deltacap.water import outfalls
from deltacap.water.demo_outfalls import load_demo_outfalls
from deltacap.water.models_outfalls import Outfall, Reach

HEADER = "code,name,kind,lon,lat,receiving_water,member,enterprise,outlets,approved_m3_per_day,TP"


@pytest.fixture
def demo(water: None) -> int:
    return load_demo_outfalls()


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_the_demo_network_and_outfalls(demo: int) -> None:
    assert demo == Outfall.objects.count() == 9
    assert Reach.objects.count() >= 20 and all(r.approximate for r in Reach.objects.all())
    reaches = dict(Outfall.objects.values_list("code", "reach"))
    assert reaches["DEMO-JS-001"] == "taipu-1" and reaches["DEMO-ZJ-001"] == "ditang"
    assert reaches["DEMO-JS-002"] == "taipu-3" and reaches["DEMO-AH-001"] == "xinanjiang-1"
    assert load_demo_outfalls() == 0


def test_tracing_from_jinze_ranks_the_upstream_outfalls(demo: int) -> None:
    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "tp")
    assert t.parameter == "TP" and t.reach == "taipu-3"
    codes = [r.outfall.code for r in t.ranked]
    # Upstream: the Taipu River, its Zhejiang tributaries and the Taihu inflows; not the
    # Huangpu downstream nor the Xin'anjiang.
    assert codes[0] == "DEMO-JS-002"  # 20000 m³/d × 0.3 mg/L = 6 kg/d
    assert "DEMO-SH-001" not in codes and "DEMO-AH-001" not in codes
    assert {"DEMO-JS-001", "DEMO-JS-004", "DEMO-ZJ-001", "DEMO-ZJ-002"} <= set(codes)
    loads = [r.load for r in t.ranked if r.load is not None]
    assert loads == sorted(loads, reverse=True) and loads[0] == pytest.approx(6.0)
    unknown = [r for r in t.ranked if r.load is None]
    assert unknown and t.ranked[-len(unknown) :] == unknown  # unknown loads last
    assert all(r.basis == "unknown" for r in unknown)
    assert t.exceedance is not None and t.exceedance.target_class == 2
    tn = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "TN").exceedance
    assert tn is not None and tn.exceeded and tn.limit == 0.5  # class II: TN ≤ 0.5 mg/L
    out = outfalls.trace_out(t)
    assert out["outfalls"][0]["basis"] == "outfall" and "approved" in out["load_rule"]
    lili = outfalls.trace_section(SYSTEM, outfalls.section_by_code("lili"), "TP")
    assert "DEMO-JS-002" not in [r.outfall.code for r in lili.ranked]  # below Lili
    with pytest.raises(InvalidInput) as e:
        outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "pH")
    assert e.value.field == "parameter"


def test_an_outlets_permit_limit_stands_in_for_an_unknown_concentration(
    demo: int, users: Any
) -> None:
    ent = Enterprise.objects.filter(member_code="320000").order_by("pk").first()
    assert ent is not None
    outlet = Outlet.objects.create(enterprise=ent, code="DW901", medium="water")
    OutletLimit.objects.create(outlet=outlet, factor="w21011", limit="0.5")
    report = outfalls.import_outfalls(
        by=users("js-editor"), channel="api", dry_run=False,
        data=_csv(f"T-1,试验排口,industrial,120.60,30.983,太浦河,320000,{ent.uscc},DW901,40000,"),
    )  # fmt: skip
    assert not report.errors and report.created == 1
    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "TP")
    first = t.ranked[0]
    assert first.outfall.code == "T-1" and first.basis == "outlet_limit"
    assert first.load == pytest.approx(20.0)  # 40000 m³/d × 0.5 mg/L
    assert t.enterprises[0]["id"] == ent.pk and t.enterprises[0]["load_kg_per_day"] >= 20.0


def test_the_import_checks_every_row_and_writes_nothing_on_an_error(demo: int, users: Any) -> None:
    before = Outfall.objects.count()
    data = _csv(
        "N-1,新排口,industrial,120.70,30.97,太浦河,320000,,,500,0.3",
        "N-2,坏排口,factory,200,30.97,太浦河,320000,,,-5,0.3",
        "N-1,重复,industrial,120.70,30.97,太浦河,320000,,,500,0.3",
        "N-3,别人的,industrial,120.70,30.97,太浦河,330000,,,500,0.3",
    )
    with translation.override("zh-hans"):
        report = outfalls.import_outfalls(by=users("js-editor"), channel="page", data=data,
                                          dry_run=False)  # fmt: skip
    where = {(e.row, e.column) for e in report.errors}
    assert {
        (3, "kind"),
        (3, "lon"),
        (3, "approved_m3_per_day"),
        (4, "code"),
        (5, "member"),
    } <= where
    assert any(
        "取缔" in e.message or "工业" in e.message for e in report.errors if e.column == "kind"
    )
    assert Outfall.objects.count() == before
    with translation.override("en"):
        short = _csv("N-1,x,industrial,120.7,30.97,w,320000,,,1,1,9")
        report = outfalls.import_outfalls(
            by=users("js-editor"), channel="page", dry_run=True, data=short
        )
    assert report.errors[0].row == 2 and "cells" in report.errors[0].message
    good = _csv("N-1,新排口,industrial,120.70,30.97,太浦河,320000,,,500,0.3")
    ok = outfalls.import_outfalls(by=users("js-editor"), channel="page", dry_run=True, data=good)
    assert not ok.errors and ok.created == 1 and Outfall.objects.count() == before


def test_members_write_their_own_outfalls_only(demo: int, users: Any) -> None:
    row = "DEMO-ZJ-002,改名,municipal,120.50,30.77,澜溪塘,330000,,,10000,0.3"
    for name in ("js-editor", "office", "js-viewer", "sz-editor"):
        report = outfalls.import_outfalls(by=users(name), channel="api", data=_csv(row),
                                          dry_run=False)  # fmt: skip
        assert report.errors and report.errors[0].column == "member"
    # Moving another member's outfall to one's own is refused too.
    moved = row.replace("330000", "320000")
    report = outfalls.import_outfalls(by=users("js-editor"), channel="api", data=_csv(moved))
    assert report.errors and report.errors[0].column == "code"
    report = outfalls.import_outfalls(by=users("zj-editor"), channel="api", data=_csv(row),
                                      dry_run=False)  # fmt: skip
    assert not report.errors and report.updated == 1
    assert Outfall.objects.get(code="DEMO-ZJ-002").name == "改名"
    event = AuditEvent.objects.filter(action="water.outfall.import").latest("pk")
    assert event.object_id == "DEMO-ZJ-002" and event.member_code == "330000"


def test_only_the_office_imports_the_network(demo: int, users: Any) -> None:
    data = json.dumps(outfalls.demo_network_geojson()).encode()
    with pytest.raises(AccessDenied):
        outfalls.import_network(by=users("js-editor"), channel="cli", data=data, dry_run=False)
    report = outfalls.import_network(by=users("office"), channel="cli", data=data)
    assert report.updated == report.reaches and report.dry_run
    with pytest.raises(InvalidInput):
        outfalls.import_network(by=PLATFORM, channel="cli", data=b"{not json")


def test_the_api(demo: int, api: Any) -> None:
    assert api.get("/api/v1/water/outfalls").status_code == 401
    listed = api.get("/api/v1/water/outfalls", as_user="sh-viewer").json()
    assert len(listed) == 9  # every member's officials read the region's outfalls
    assert api.get("/api/v1/water/outfalls", as_user="ent-suzhou").json() == []
    zj = api.get("/api/v1/water/outfalls", as_user="office", member="330000").json()
    assert {o["member"] for o in zj} == {"330000"}
    one = api.get(f"/api/v1/water/outfalls/{zj[0]['id']}", as_user="js-viewer").json()
    assert one["code"] == zj[0]["code"] and one["reach_name"]
    assert api.get(f"/api/v1/water/outfalls/{zj[0]['id']}", as_user="ent-suzhou").status_code == 404
    trace = api.get("/api/v1/water/trace/jinze", as_user="js-viewer", parameter="TP").json()
    assert trace["outfalls"][0]["code"] == "DEMO-JS-002" and trace["network_approximate"]
    bad = api.get("/api/v1/water/trace/jinze", as_user="js-viewer", parameter="pH", lang="en")
    assert bad.status_code == 422 and bad.json()["field"] == "parameter"
    assert (
        api.get("/api/v1/water/trace/nowhere", as_user="js-viewer", parameter="TP").status_code
        == 404
    )
    upload = SimpleUploadedFile(
        "o.csv", _csv("A-1,排口,industrial,120.7,30.97,太浦河,320000,,,10,0.2")
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.token('js-editor')}"}
    ok = api.client.post("/api/v1/water/outfalls/import", {"file": upload, "dry_run": "false"},
                         **headers)  # fmt: skip
    assert ok.status_code == 200 and ok.json()["created"] == 1
    upload = SimpleUploadedFile(
        "o.csv", _csv("A-2,排口,industrial,120.7,30.97,太浦河,330000,,,10,0.2")
    )
    refused = api.client.post("/api/v1/water/outfalls/import", {"file": upload, "dry_run": "false"},
                              **headers)  # fmt: skip
    assert refused.status_code == 422 and refused.json()["errors"][0]["row"] == 2
    assert not Outfall.objects.filter(code="A-2").exists()


def _get(client: Any, url: str, lang: str, status: int = 200) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == status
    return str(response.content.decode())


def test_the_pages_in_both_languages(demo: int, client: Any, users: Any) -> None:
    assert "/water/outfalls/" in _get(client, "/water/", "zh-hans")
    public = _get(client, "/water/outfalls/", "zh-hans")
    assert 'id="outfalls-closed"' in public and "DEMO-JS-001" not in public
    traced = _get(client, "/water/trace/?section=jinze&parameter=TP", "zh-hans")
    assert 'id="exceedance"' in traced and "DEMO-JS-002" not in traced
    client.force_login(users("js-editor"))
    html = _get(client, "/water/outfalls/", "zh-hans")
    assert (
        "平望镇工业集中区排污口（演示）" in html
        and "规范整治" in html
        and 'id="import-outfalls"' in html
    )
    en = _get(client, "/water/outfalls/", "en")
    assert "Outfalls into rivers and lakes" in en and "Regulation" in en
    o = Outfall.objects.get(code="DEMO-ZJ-001")
    one = _get(client, f"/water/outfalls/{o.pk}/", "zh-hans")
    assert "頔塘" in one and "合并" in one
    traced = _get(client, "/water/trace/?section=jinze&parameter=TP", "zh-hans")
    assert (
        'id="trace-outfalls"' in traced
        and "芦墟污水处理厂排口（演示）" in traced
        and "千克" in traced
    )
    traced = _get(client, "/water/trace/?section=jinze&parameter=TP", "en")
    assert "Load (kg/d)" in traced and "the outfall's own" in traced
    _get(client, "/water/trace/?section=jinze&parameter=pH", "en", status=422)
    form = _get(client, "/water/outfalls/import/", "zh-hans")
    assert 'id="upload-form"' in form
    client.cookies["django_language"] = "en"
    bad = client.post("/water/outfalls/import/", {"action": "import", "file": SimpleUploadedFile(
        "o.csv", _csv("P-1,x,industrial,120.7,30.97,w,320000,,,abc,0.2"))})  # fmt: skip
    assert bad.status_code == 422 and "This must be a number" in bad.content.decode()
    assert not Outfall.objects.filter(code="P-1").exists()
    client.force_login(users("js-viewer"))
    assert client.get("/water/outfalls/import/").status_code == 403


def test_the_command_line(demo: int, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app, water_outfalls

    # The console takes its width when the module is first imported: wide enough here for
    # the table's words to stand unbroken, whichever test imported it first.
    monkeypatch.setattr(water_outfalls.console, "width", 240)
    runner = CliRunner(env={"COLUMNS": "240"})
    listed = runner.invoke(app, ["water", "outfalls", "--member", "330000", "--json"])
    assert listed.exit_code == 0, listed.output
    assert {o["member"] for o in json.loads(listed.output)} == {"330000"}
    table = runner.invoke(app, ["water", "outfalls", "--lang", "en"])
    assert table.exit_code == 0 and "Regulation" in table.output
    traced = runner.invoke(app, ["water", "trace", "jinze", "--parameter", "TP", "--json"])
    assert traced.exit_code == 0, traced.output
    assert json.loads(traced.output)["outfalls"][0]["code"] == "DEMO-JS-002"
    text = runner.invoke(app, ["water", "trace", "jinze", "--parameter", "TP", "--lang", "en"])
    assert text.exit_code == 0 and "Load (kg/d)" in text.output
    bad = runner.invoke(app, ["water", "trace", "jinze", "--parameter", "pH", "--lang", "en"])
    assert bad.exit_code == 2 and "--parameter" in bad.output
    good = tmp_path / "o.csv"
    good.write_bytes(_csv("C-1,排口,industrial,120.7,30.97,太浦河,320000,,,10,0.2"))
    dry = runner.invoke(app, ["water", "outfalls", "import", str(good), "--dry-run", "--json"])
    assert dry.exit_code == 0 and json.loads(dry.output)["created"] == 1
    done = runner.invoke(app, ["water", "outfalls", "import", str(good), "--as", "zj-editor",
                               "--lang", "en"])  # fmt: skip
    assert done.exit_code == 1 and "2 member" in done.output
    done = runner.invoke(app, ["water", "outfalls", "import", str(good), "--as", "js-editor"])
    assert done.exit_code == 0 and Outfall.objects.filter(code="C-1").exists()
    net = tmp_path / "n.geojson"
    net.write_text(json.dumps(outfalls.demo_network_geojson()))
    checked = runner.invoke(app, ["water", "network", "import", str(net), "--dry-run", "--json"])
    assert checked.exit_code == 0 and json.loads(checked.output)["updated"] >= 20
