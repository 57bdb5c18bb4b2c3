"""N/P loads into the lakes by inflow river: the flows' import (checked whole, errors by row
and column in the user's language, nothing written; members their own sections only,
audited), the loads of every configured lake (Taihu, Chaohu, Dianshan, Hongze) with their
gaps against the targets, the API, the pages in both languages and the command line."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.water.loads import import_flows, lake_config, lake_loads
from deltacap.water.models import Sample, SectionFlow

TODAY = dt.date(2026, 1, 15)  # the demo's months: 2022-01 to 2025-12, gaps in 2022
runner = CliRunner()


@pytest.fixture
def inflows(db: Any) -> None:
    from deltacap.water.demo_loads import load_demo_loads

    assert load_demo_loads(TODAY) == 48 * 9 - 1  # nine inflow sections, one month missing
    assert load_demo_loads(TODAY) == 0  # a second run adds nothing


pytestmark = pytest.mark.usefixtures("inflows")

GOOD = (
    "section,year,month,flow_m3_s\n"
    "caoqiao-inflow-demo,2022,2,12.5\n"
    "zhihugang-inflow-demo,2025,1,9\n"
)


def test_the_demo_s_loads_with_their_gaps_and_targets() -> None:
    full = lake_loads("taihu", 2025)
    assert [r["section"] for r in full["rivers"]] == [
        "tiaoxi-inflow-demo", "caoqiao-inflow-demo", "zhihugang-inflow-demo",
    ]  # fmt: skip
    assert set(full["totals"]) == {"TN", "TP", "COD", "NH3-N"}
    tn = full["totals"]["TN"]
    assert tn["complete"] and tn["target_t"] == 5600 and tn["over_target"] is not None
    assert tn["base_year"] == 2024 and tn["base_t"] > 0 and tn["change_from_base"] < 0
    month = full["rivers"][0]["parameters"]["TN"]["months"][0]
    assert month["load_t"] == pytest.approx(
        month["flow_m3_s"] * 31 * 86400 * month["concentration_mg_l"] * 1e-6, rel=1e-3
    )
    gappy = lake_loads("taihu", 2022)
    caoqiao = gappy["rivers"][1]["parameters"]["TP"]
    assert caoqiao["gaps"] == [2] and caoqiao["months"][1]["gap"] == "flow"
    zhihu = gappy["rivers"][2]["parameters"]["TN"]
    assert zhihu["gaps"] == [8] and zhihu["months"][7]["gap"] == "concentration"
    assert not gappy["totals"]["TN"]["complete"] and gappy["totals"]["TN"]["over_target"] is None
    assert lake_loads("qiandao", 2025)["rivers"] == []  # a lake of the platform, none configured
    assert gappy["method_status"] == "unverified"


def test_the_import_checks_then_writes_audited_for_the_section_s_members(users: Any) -> None:
    editor = users("js-editor")
    before = SectionFlow.objects.count()
    checked = import_flows(by=editor, channel="api", data=GOOD.encode())
    assert checked.errors == [] and (checked.created, checked.updated) == (1, 1)
    assert SectionFlow.objects.count() == before
    done = import_flows(by=editor, channel="api", data=GOOD.encode(), dry_run=False)
    assert done.errors == [] and SectionFlow.objects.count() == before + 1
    events = AuditEvent.objects.filter(action="water.flows.import", channel="api")
    assert sorted(e.object_id for e in events) == ["caoqiao-inflow-demo", "zhihugang-inflow-demo"]
    assert lake_loads("taihu", 2022)["rivers"][1]["parameters"]["TP"]["gaps"] == []
    # Zhejiang's editor may not write Jiangsu's sections: nothing written.
    refused = import_flows(by=users("zj-editor"), channel="api", data=GOOD.encode(), dry_run=False)
    assert [(e.row, e.column) for e in refused.errors] == [(2, "section"), (3, "section")]
    viewer = import_flows(by=users("js-viewer"), channel="api", data=GOOD.encode(), dry_run=False)
    assert viewer.errors and SectionFlow.objects.count() == before + 1


def test_a_bad_file_names_each_fault_in_the_user_s_language(users: Any) -> None:
    bad = (
        b"section,year,month,flow_m3_s\n"
        b"caoqiao-inflow-demo,2024,13,1\n"
        b"nowhere,2024,1,1\n"
        b"caoqiao-inflow-demo,2024,1,-3\n"
        b"caoqiao-inflow-demo,2024,3,2\n"
        b"caoqiao-inflow-demo,2024,3,2\n"
    )
    before = SectionFlow.objects.count()
    with translation.override("en"):
        report = import_flows(by=users("office"), channel="api", data=bad, dry_run=False)
    where = [(e.row, e.column) for e in report.errors]
    assert where == [(2, "month"), (3, "section"), (4, "flow_m3_s"), (6, "month")]
    assert "No section with code nowhere." in report.errors[1].message
    with translation.override("zh-hans"):
        zh = import_flows(by=users("office"), channel="api", data=bad)
    assert "nowhere" in zh.errors[1].message and "No section" not in zh.errors[1].message
    # The flow's fault names the column in words, in the reader's language.
    assert "月均流量（m³/s）" in zh.errors[2].message and "flow_m3_s" not in zh.errors[2].message
    assert "mean flow (m³/s)" in report.errors[2].message
    assert "flow_m3_s" not in report.errors[2].message
    with translation.override("en"):
        header = import_flows(by=users("office"), channel="api", data=b"section,year,flow\n")
    assert header.errors[0].column == "month"
    assert "“month”" in header.errors[0].message
    with translation.override("zh-hans"):
        no_flow = import_flows(by=users("office"), channel="api", data=b"section,year,month\n")
    assert "“月均流量（m³/s）”" in no_flow.errors[0].message
    assert SectionFlow.objects.count() == before


def test_the_api_reads_loads_and_imports_flows(api: Any, client: Any) -> None:
    got = api.get("/api/v1/water/lakes/taihu/loads", year=2025)
    assert got.status_code == 200 and got.json()["totals"]["TP"]["target_t"] == 270
    assert api.get("/api/v1/water/lakes/nowhere/loads", year=2025).status_code == 404
    token = api.token("js-editor")
    data = {"file": SimpleUploadedFile("f.csv", GOOD.encode(), "text/csv"), "dry_run": False}
    done = client.post("/api/v1/water/flows/import", data, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert done.status_code == 200 and done.json()["created"] == 1
    bad = {"file": SimpleUploadedFile("f.csv", b"section,year,month,flow_m3_s\nx,1,1,1\n")}
    refused = client.post(
        "/api/v1/water/flows/import", bad, HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert refused.status_code == 422 and refused.json()["detail"].startswith("2 year:")
    anonymous = client.post("/api/v1/water/flows/import", {"file": GOOD})
    assert anonymous.status_code == 401


def _page(client: Any, lang: str, url: str = "/water/lakes/taihu/loads/?year=2022") -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_page_in_chinese_and_english(client: Any) -> None:
    zh = _page(client, "zh-hans")
    assert "入湖氮磷负荷" in zh and "漕桥河入湖口（示意）" in zh and "无流量" in zh
    assert "无监测数据" in zh and "未核实" in zh and 'id="loads-totals"' in zh
    en = _page(client, "en")
    assert "N/P loads into the lake" in en and "Caoqiao River inflow (demo point)" in en
    assert "no flow" in en and "no sample" in en and "入湖" not in en
    assert "/water/lakes/taihu/loads/" in _page(client, "zh-hans", "/water/taihu/")
    assert "/water/lakes/loads/" in _page(client, "en", "/water/")
    client.cookies["django_language"] = "en"
    assert client.get("/water/lakes/nowhere/loads/").status_code == 404


def test_the_command_line(tmp_path: Path) -> None:
    out = runner.invoke(app, ["water", "loads", "taihu", "--year", "2025", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["totals"]["TN"]["target_t"] == 5600
    table = runner.invoke(app, ["water", "loads", "taihu", "--year", "2022", "--lang", "en"])
    assert table.exit_code == 0 and "no flow" in table.stdout
    nowhere = runner.invoke(app, ["water", "loads", "nowhere", "--lang", "en"])
    assert nowhere.exit_code == 2 and "No lake nowhere." in nowhere.output
    good = tmp_path / "flows.csv"
    good.write_text(GOOD, encoding="utf-8")
    before = SectionFlow.objects.count()
    dry = runner.invoke(
        app, ["water", "flows", "import", str(good), "--dry-run", "--as", "js-editor",
              "--lang", "en"],
    )  # fmt: skip
    assert dry.exit_code == 0 and "The file is valid: 2 monthly flows" in dry.stdout
    done = runner.invoke(app, ["water", "flows", "import", str(good), "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)["created"] == 1
    assert SectionFlow.objects.count() == before + 1
    bad = tmp_path / "bad.csv"
    bad.write_text("section,year,month,flow_m3_s\nnowhere,2024,1,1\n", encoding="utf-8")
    refused = runner.invoke(app, ["water", "flows", "import", str(bad), "--lang", "en"])
    assert refused.exit_code == 1 and "2 section: No section with code nowhere." in refused.output


def test_the_import_pages_of_flows_and_of_the_river_network(client: Any, users: Any) -> None:
    from deltacap.water.models import Reach

    client.cookies["django_language"] = "zh-hans"
    client.force_login(users("js-viewer"))
    assert client.get("/water/flows/import/").status_code == 403
    client.force_login(users("js-editor"))
    page = client.get("/water/lakes/taihu/loads/").content.decode()
    assert "/water/flows/import/" in page and "导入月均流量" in page
    assert "导入月均流量" in client.get("/water/flows/import/").content.decode()
    bad = SimpleUploadedFile(
        "f.csv", b"section,year,month,flow_m3_s\ncaoqiao-inflow-demo,2025,1,-1\n"
    )
    refused = client.post("/water/flows/import/", {"file": bad, "action": "import"})
    text = refused.content.decode()
    assert refused.status_code == 422 and "月均流量（m³/s）" in text
    before = SectionFlow.objects.count()
    checked = client.post(
        "/water/flows/import/", {"file": SimpleUploadedFile("f.csv", GOOD.encode())}
    )
    assert checked.status_code == 200 and "dry-run-summary" in checked.content.decode()
    assert SectionFlow.objects.count() == before
    done = client.post(
        "/water/flows/import/",
        {"file": SimpleUploadedFile("f.csv", GOOD.encode()), "action": "import"},
    )
    assert done.status_code == 200 and "import-summary" in done.content.decode()
    assert SectionFlow.objects.count() == before + 1  # one new month, one replaced
    # The river network: the office only.
    assert client.get("/water/network/import/").status_code == 403
    client.force_login(users("office"))
    client.cookies["django_language"] = "en"
    assert "Import the river network" in client.get("/water/outfalls/").content.decode()
    geojson = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"id": "page-r1", "from": "a", "to": "b"},
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[120.4, 31.0], [120.5, 31.02]],
                    },
                }
            ],
        }  # fmt: skip
    ).encode()
    upload = SimpleUploadedFile("n.geojson", geojson, "application/json")
    imported = client.post(
        "/water/network/import/", {"file": upload, "action": "import", "source": "test"}
    )
    assert imported.status_code == 200, imported.content.decode()[-800:]
    assert "Imported 1 reaches" in imported.content.decode()
    assert Reach.objects.filter(code="page-r1").exists()
    broken = client.post(
        "/water/network/import/", {"file": SimpleUploadedFile("n.geojson", b"not json")}
    )
    assert broken.status_code == 422 and "not GeoJSON" in broken.content.decode()


CHAOHU = ["nanfei-inflow-demo", "hangbu-inflow-demo"]


def _expected_t(codes: list[str], year: int, parameter: str) -> float:
    """The year's load from the stored flows and samples, month by month: flow (m³/s) ×
    seconds × the month's mean concentration (mg/L) × 1e-6."""
    total = 0.0
    for code in codes:
        flows = {
            f.month: f.flow_m3_s for f in SectionFlow.objects.filter(section__code=code, year=year)
        }
        by_month: dict[int, list[float]] = defaultdict(list)
        for sample in Sample.objects.filter(section__code=code, sampled_on__year=year):
            by_month[sample.sampled_on.month].append(float(sample.values[parameter]))
        for month, values in by_month.items():
            seconds = calendar.monthrange(year, month)[1] * 86400
            total += flows[month] * seconds * sum(values) / len(values) * 1e-6
    return total


def test_a_second_lake_s_loads_are_computed_from_its_own_flows_and_samples(users: Any) -> None:
    got = lake_loads("chaohu", 2025)
    assert got["lake_name"] and [r["section"] for r in got["rivers"]] == CHAOHU
    assert all(r["synthetic"] for r in got["rivers"])
    targets = lake_config("chaohu")["targets"]["by_year"]["2025"]
    for p in ("TN", "TP"):
        expected = _expected_t(CHAOHU, 2025, p)
        total = got["totals"][p]
        assert expected > 0 and total["complete"]
        assert total["load_t"] == pytest.approx(expected, abs=0.01)
        assert total["target_t"] == targets[p]
        assert total["over_target"] is (expected > targets[p])
        assert total["base_t"] == pytest.approx(_expected_t(CHAOHU, 2024, p), abs=0.01)
    # The other lakes' rivers are not counted in Chaohu's, nor Chaohu's in theirs.
    taihu = lake_loads("taihu", 2025)["totals"]["TN"]["load_t"]
    assert taihu == pytest.approx(
        _expected_t(["tiaoxi-inflow-demo", "caoqiao-inflow-demo", "zhihugang-inflow-demo"],
                    2025, "TN"), abs=0.01,
    )  # fmt: skip
    # A new flow for a month of 杭埠河, imported by Anhui's editor, changes that month's load
    # (and the year's) by the flow times the month's concentration.
    month = got["rivers"][1]["parameters"]["TN"]["months"][0]
    flow = b"section,year,month,flow_m3_s\nhangbu-inflow-demo,2025,1,100\n"
    report = import_flows(by=users("ah-editor"), channel="api", data=flow, dry_run=False)
    assert report.errors == [] and report.updated == 1
    after = lake_loads("chaohu", 2025)["rivers"][1]["parameters"]["TN"]["months"][0]
    assert after["load_t"] == pytest.approx(
        100 * 31 * 86400 * month["concentration_mg_l"] * 1e-6, abs=0.001
    )
    # Jiangsu's editor may not write Anhui's inflow sections.
    refused = import_flows(by=users("js-editor"), channel="api", data=flow, dry_run=False)
    assert [(e.row, e.column) for e in refused.errors] == [(2, "section")]


def test_every_lake_against_its_target_on_the_page_api_and_command_line(
    client: Any, api: Any
) -> None:
    overview = api.get("/api/v1/water/lakes/loads", year=2025).json()
    assert [o["lake"] for o in overview] == ["taihu", "chaohu", "dianshan", "hongze"]
    for o in overview:
        assert o["inflow_sections"] >= 2
        assert o["totals"]["TN"]["load_t"] == lake_loads(o["lake"], 2025)["totals"]["TN"]["load_t"]
        assert (
            o["totals"]["TN"]["target_t"]
            == lake_config(o["lake"])["targets"]["by_year"]["2025"]["TN"]
        )
    zh = _page(client, "zh-hans", "/water/lakes/loads/?year=2025")
    for name in ("太湖", "巢湖", "淀山湖", "洪泽湖"):
        assert name in zh
    for lake in ("taihu", "chaohu", "dianshan", "hongze"):
        assert f'data-lake="{lake}"' in zh and f"/water/lakes/{lake}/loads/?year=2025" in zh
    assert "目标未核实" in zh
    en = _page(client, "en", "/water/lakes/loads/?year=2025")
    assert "Hongze Lake" in en and "Dianshan Lake" in en and "洪泽湖" not in en
    # Each lake's own page, the lake chosen on it.
    hongze = _page(client, "zh-hans", "/water/lakes/hongze/loads/?year=2025")
    assert "洪泽湖" in hongze and "淮河入湖口（示例，位置近似）" in hongze
    assert "怀洪新河入湖口" in hongze and 'value="chaohu"' in hongze
    dianshan = _page(client, "en", "/water/lakes/dianshan/loads/?year=2024")
    assert "Jishuigang inflow (example, approximate)" in dianshan
    chosen = client.get("/water/lakes/loads/", {"lake": "chaohu", "year": "2024"})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/water/lakes/chaohu/loads/?year=2024"
    out = runner.invoke(app, ["water", "loads", "--year", "2025", "--json"])
    assert out.exit_code == 0, out.output
    assert [o["lake"] for o in json.loads(out.stdout)] == [o["lake"] for o in overview]
    table = runner.invoke(app, ["water", "loads", "--year", "2025", "--lang", "en"])
    assert table.exit_code == 0 and "Chaohu" in table.stdout
    one = runner.invoke(app, ["water", "loads", "hongze", "--year", "2025", "--json"])
    assert json.loads(one.stdout)["rivers"][0]["section"] == "huaihe-inflow-demo"
