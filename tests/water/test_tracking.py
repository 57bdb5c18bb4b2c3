"""The tracking evaluation of each water body and year: months in attainment that follow
the data, a trend from the data up to the year's end only, the lake's load against its
target, and the measures in the area (officials only) through the page, API and CLI."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.accounts.permissions import PLATFORM
from deltacap.water import tracking
from deltacap.water.services import import_samples

pytestmark = pytest.mark.usefixtures("water")
TODAY = dt.date(2026, 1, 15)


def _body(year: int, code: str) -> tracking.Tracking:
    (found,) = tracking.tracking(year, code)
    return found


def test_a_month_fails_when_its_mean_misses_the_target() -> None:
    before = _body(2025, "xinanjiang")
    jiekou = before.sections[0]
    assert (before.months_with_data, jiekou.months_with_data) == (12, 12)
    assert jiekou.months_attaining == 12  # the demo's Xin'anjiang is class I–II, target II
    # A second June sample at TP 0.5: the month's mean TP is class IV for a river.
    data = b"section,date,TP\njiekou,2025-06-20,0.5\n"
    assert import_samples(by=PLATFORM, channel="system", data=data, dry_run=False).errors == []
    after = _body(2025, "xinanjiang")
    assert after.sections[0].months_attaining == 11
    assert after.months_attaining == before.months_attaining - 1


def test_the_trend_reads_the_data_up_to_the_years_end_only() -> None:
    # The demo holds 2024 and 2025: up to 2024 one year only, too short for a trend.
    assert all(t is None for t in _body(2024, "taihu").trends.values())
    trends = _body(2025, "taihu").trends
    assert trends["TP"] is not None and trends["TP"].n == 24


def test_the_lakes_load_against_its_target() -> None:
    from deltacap.water.demo_loads import load_demo_loads

    load_demo_loads(TODAY)
    loads = {x.parameter: x for x in _body(2025, "taihu").loads}
    assert sorted(loads) == ["TN", "TP"]
    assert (loads["TN"].target_t, loads["TP"].target_t) == (5600, 270)  # tracking.json
    assert loads["TN"].load_t > 0 and loads["TN"].base_year == 2024
    assert _body(2025, "taipu").loads == []  # a river: no lake
    # An inflow river without an area in tracking.json: its measures are not counted.
    inflow = _body(2025, "caoqiaohe-demo")
    assert inflow.months_with_data == 12 and inflow.measures is None and inflow.cities == []
    order = [t.body.code for t in tracking.tracking(2025, measures=False)]
    assert order[:3] == ["xinanjiang", "qiandaohu", "taipu"]  # tracking.json's order first


def test_the_measures_count_the_areas_projects_and_outfalls(db: Any) -> None:
    from deltacap.projects import services
    from deltacap.water.models_outfalls import Outfall

    def project(city: str, member: str, category: str, status: str, day: str) -> None:
        values = {
            "code": f"TRK-{city}-{category}-{day}",
            "name": "污水处理厂提标改造（测试）",
            "member": member,
            "city": city,
            "county": None,
            "enterprise": None,
            "sector": "污水处理",
            "category": category,
            "status": status,
            "start_date": "2022-03-01",
            "commissioning_date": day,
            "planned": {"COD": "800", "NH3-N": "100"},
            "inputs": {
                "volume": "10000 m3/d", "period": "365 d", "influent_cod": "250 mg/L",
                "effluent_cod": "30 mg/L", "influent_nh3n": "30 mg/L", "effluent_nh3n": "2 mg/L",
            },
        }  # fmt: skip
        services.create_project(by=PLATFORM, channel="system", values=values, period="14fyp")

    project("320500", "320000", "wwtp_new", "commissioned", "2024-06-30")  # Suzhou: in place
    project("320200", "320000", "wwtp_new", "commissioned", "2025-06-30")  # Wuxi: after 2024
    project("340100", "340000", "wwtp_new", "commissioned", "2024-06-30")  # Hefei: not Taihu
    for code, water, kind, deadline in (
        ("T-1", "太湖", "ban", dt.date(2024, 6, 30)),
        ("T-2", "漕桥河", "regulate", dt.date(2025, 6, 30)),
        ("T-3", "太湖", "none", None),
        ("T-4", "巢湖", "ban", dt.date(2025, 6, 30)),
    ):
        Outfall.objects.create(
            code=code, name=code, kind="industrial", lon=120.1, lat=31.2, receiving_water=water,
            member_id="320000", rectification=kind, deadline=deadline,
        )  # fmt: skip
    m = _body(2024, "taihu").measures
    assert m is not None
    assert (m.projects_in_place, m.projects_under_way) == (1, 1)
    assert m.by_category == {"wwtp_new": 1}
    assert (m.outfalls, m.rectifying, m.due_by_year_end) == (3, {"ban": 1, "regulate": 1}, 1)
    assert (m.zone_done, m.zone_open) == (0, 0)
    chaohu = _body(2024, "chaohu").measures
    assert chaohu is not None and chaohu.projects_in_place == 1 and chaohu.zone_done is None


def test_the_page_in_both_languages_shows_measures_to_officials(client: Any, users: Any) -> None:
    client.cookies["django_language"] = "zh-hans"
    public = client.get("/water/tracking/?year=2025")
    html = public.content.decode()
    assert public.status_code == 200
    assert "水体跟踪评估" in html and 'id="body-taihu"' in html and "新安江" in html
    assert "tracking-measures" not in html and 'id="measures-note"' in html
    client.force_login(users("js-viewer"))
    html = client.get("/water/tracking/?year=2025&water_body=taihu").content.decode()
    assert "tracking-measures" in html and "苏州市" in html and 'id="body-xinanjiang"' not in html
    client.cookies["django_language"] = "en"
    en = client.get("/water/tracking/?year=2025").content.decode()
    assert "Tracking evaluation of the water bodies, 2025" in en and "Measures in place" in en
    assert client.get("/water/tracking/?water_body=nowhere").status_code == 404


def test_the_api_hides_the_measures_from_the_public(api: Any) -> None:
    public = api.client.get("/api/v1/water/tracking?year=2025&water_body=taihu")
    assert public.status_code == 200
    (body,) = public.json()
    assert body["water_body"] == "taihu" and body["measures"] is None
    assert body["months_with_data"] == 12
    assert {t["parameter"] for t in body["trends"]} == {"CODMn", "NH3-N", "TP", "TN"}
    token = api.token("office")
    official = api.client.get(
        "/api/v1/water/tracking?year=2025", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert all(b["measures"] is not None for b in official.json())
    missing = api.client.get("/api/v1/water/tracking?water_body=nowhere")
    assert missing.status_code == 404 and missing.json()["field"] == "water_body"


def test_the_command_line(db: Any) -> None:
    from deltacap.cli import app, water_tracking

    water_tracking.console.width = 160
    runner = CliRunner()
    got = runner.invoke(app, ["water", "tracking", "--year", "2025", "--json"])
    assert got.exit_code == 0, got.output
    codes = [b["water_body"] for b in json.loads(got.stdout)]
    assert "taihu" in codes and "xinanjiang" in codes
    one = runner.invoke(
        app, ["water", "tracking", "--year", "2025", "--water-body", "taihu", "--lang", "en"]
    )
    assert one.exit_code == 0, one.output
    assert "Every section met its target in" in one.stdout and "Xin'anjiang" not in one.stdout
    bad = runner.invoke(app, ["water", "tracking", "--water-body", "nowhere", "--lang", "en"])
    assert bad.exit_code == 2 and "No water body with code nowhere." in bad.output


def test_the_annual_reports_water_chapter_holds_the_tracking_evaluation() -> None:
    from deltacap.reference.models import PlanningPeriod
    from deltacap.reports.generate import member_document, region_document

    period = PlanningPeriod.objects.get(code="14fyp")
    evaluated = {t.body.name_zh: t for t in tracking.tracking(2025) if t.months_with_data}
    member = member_document(period, 2025, "330000")  # Zhejiang keeps 街口, 黎里, 千岛湖
    table = next(t for t in member.tables() if t.key == "water_tracking")
    assert sorted(r[0] for r in table.rows) == ["千岛湖", "太浦河", "新安江"]
    row = next(r for r in table.rows if r[0] == "新安江")
    x = evaluated["新安江"]
    assert row[2] == f"{x.months_attaining}/{x.months_with_data}"
    region = region_document(period, 2025)
    rows = next(t for t in region.tables() if t.key == "water_tracking").rows
    assert sorted(r[0] for r in rows) == sorted(evaluated)
