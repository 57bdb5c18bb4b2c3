"""The 5 km Taihu zone and cyanobacteria blooms: the demo's enterprises inside the zone by
industry with the members' plans, warnings told to the other members around the lake, who
may write what, the API and the pages in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import InvalidInput
from deltacap.water import blooms, taihu
from deltacap.water.demo_lakes import load_demo_lakes
from deltacap.water.models_lakes import BloomNotice, BloomWarning, EnterpriseSite, TaihuPlan

TODAY = dt.date(2026, 8, 20)


@pytest.fixture
def lakes(db: Any) -> int:
    return load_demo_lakes(TODAY)


def test_the_demo_places_enterprises_in_and_out_of_the_zone(lakes: int) -> None:
    assert lakes == EnterpriseSite.objects.count() >= 24
    inside = taihu.inside()
    assert 10 <= len(inside) < lakes  # some lie 7.5 and 11 km from the shore
    assert all(i.distance_m < 5000 for i in inside)
    outside = [s for s in EnterpriseSite.objects.all() if not taihu.zone().contains(s.lon, s.lat)]
    assert outside and all(taihu.zone().distance_to_shore(s.lon, s.lat) > 5000 for s in outside)
    chemical = [i for i in inside if i.industry.chemical]
    assert chemical and inside[0].industry.chemical  # chemical ones first
    counts = {g["industry"]: g["count"] for g in taihu.by_industry(inside)}
    assert sum(counts.values()) == len(inside) and counts["chemical"] == len(chemical)
    # Every enterprise inside has its member's plan; the chemical ones close or relocate.
    assert TaihuPlan.objects.count() == len(inside)
    assert all(i.plan and i.plan.action in ("close", "relocate") for i in chemical)
    assert all(i.plan.member_id == i.enterprise.member_code for i in inside if i.plan)
    assert load_demo_lakes(TODAY) == 0


def test_a_plan_is_kept_by_its_members_editors_only(lakes: int, users: Any) -> None:
    plan = TaihuPlan.objects.filter(member_id="320000").exclude(status="done").first()
    assert plan is not None
    taihu.save_plan(
        by=users("js-editor"), channel="api", enterprise=plan.enterprise, values={"progress": 100}
    )
    plan.refresh_from_db()
    assert plan.status == "done" and plan.completed_on is not None
    for name in ("zj-editor", "office", "js-viewer", "sz-editor"):
        with pytest.raises(AccessDenied):
            taihu.save_plan(
                by=users(name), channel="api", enterprise=plan.enterprise, values={"progress": 5}
            )
    with pytest.raises(InvalidInput) as e:
        taihu.save_plan(
            by=users("js-editor"), channel="api", enterprise=plan.enterprise,
            values={"action": "demolish"},
        )  # fmt: skip
    assert e.value.field == "action"


def test_no_plan_for_an_enterprise_outside_the_zone(lakes: int, users: Any) -> None:
    site = next(
        s for s in EnterpriseSite.objects.select_related("enterprise")
        if not taihu.zone().contains(s.lon, s.lat) and s.enterprise.member_code == "320000"
    )  # fmt: skip
    with pytest.raises(InvalidInput) as e:
        taihu.save_plan(
            by=users("js-editor"), channel="api", enterprise=site.enterprise,
            values={"action": "close", "deadline": TODAY},
        )  # fmt: skip
    assert e.value.field == "enterprise"


def test_a_warning_tells_the_other_members_around_the_lake(lakes: int, users: Any) -> None:
    active = BloomWarning.objects.get(lifted_at__isnull=True)
    assert active.member_id == "320000"
    assert sorted(n.member_id for n in active.notices.all()) == ["310000", "330000"]
    warning = blooms.issue_warning(
        by=users("zj-editor"), channel="api", lake="taihu", level="yellow", message="南太湖"
    )
    told = sorted(BloomNotice.objects.filter(warning=warning).values_list("member_id", flat=True))
    assert told == ["310000", "320000"]
    js = users("js-editor").principal()
    assert any(n.warning_id == warning.pk for n in blooms.notices(js))
    assert not any(
        n.warning_id == warning.pk for n in blooms.notices(users("zj-editor").principal())
    )
    with pytest.raises(AccessDenied):
        blooms.lift_warning(by=users("js-editor"), channel="api", warning=warning)
    with pytest.raises(AccessDenied):
        blooms.issue_warning(by=users("office"), channel="api", lake="taihu", level="red")
    blooms.lift_warning(by=users("zj-editor"), channel="api", warning=warning)
    with pytest.raises(InvalidInput) as e:
        blooms.issue_warning(by=users("zj-editor"), channel="api", lake="taihu", level="purple")
    assert e.value.field == "level"


def test_observations_are_graded(lakes: int, users: Any) -> None:
    o = blooms.record_observation(
        by=users("js-editor"), channel="api", lake="taihu", point="贡湖", lon=120.35,
        lat=31.4, observed_on=TODAY, density=6.0e7, area_km2=300.0,
    )  # fmt: skip
    g = blooms.graded(o)
    assert g.density_grade.code == "IV" and g.area_grade and g.area_grade.code == "local"
    assert g.suggested and g.suggested.code == "yellow"
    with pytest.raises(InvalidInput) as e:
        blooms.record_observation(
            by=users("js-editor"), channel="api", lake="taihu", point="贡湖", lon=120.35,
            lat=31.4, observed_on=TODAY, density=-1,
        )  # fmt: skip
    assert e.value.field == "density"
    with pytest.raises(AccessDenied):
        blooms.record_observation(
            by=users("js-viewer"), channel="api", lake="taihu", point="x", lon=120.35,
            lat=31.4, observed_on=TODAY, density=1.0,
        )  # fmt: skip


def test_the_api(lakes: int, api: Any) -> None:
    zone = api.get("/api/v1/water/taihu/zone").json()
    assert zone["distance_m"] == 5000 and 1200 < zone["land_area_km2"] < 1700
    assert api.get("/api/v1/water/taihu/enterprises").status_code == 401
    office = api.get("/api/v1/water/taihu/enterprises", as_user="office").json()
    js = api.get("/api/v1/water/taihu/enterprises", as_user="js-editor").json()
    assert len(js["enterprises"]) < len(office["enterprises"])  # Huzhou's are Zhejiang's
    assert {e["member"] for e in js["enterprises"]} == {"320000"}
    public = api.get("/api/v1/water/blooms/warnings").json()
    assert len(public) == 1 and public[0]["active"] and "notified" not in public[0]
    every = api.get("/api/v1/water/blooms/warnings", as_user="sh-viewer").json()
    assert len(every) == 2 and every[0]["notified"]
    notices = api.get("/api/v1/water/blooms/notices", as_user="sh-editor").json()
    assert notices and notices[0]["warning"]["member"] == "320000"
    made = api.send(
        "POST", "/api/v1/water/blooms/observations",
        {"lake": "taihu", "point": "东太湖", "lon": 120.45, "lat": 31.05,
         "observed_on": TODAY.isoformat(), "density": 2.5e6},
        as_user="js-editor",
    )  # fmt: skip
    assert made.status_code == 201 and made.json()["density_grade"] == "II"
    bad = api.send(
        "POST", "/api/v1/water/blooms/observations",
        {"lake": "taihu", "point": "东太湖", "lon": 120.45, "lat": 31.05,
         "observed_on": TODAY.isoformat(), "density": 1e13},
        as_user="js-editor", lang="en",
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "density"
    assert "cells per litre" in bad.json()["detail"]
    plan = TaihuPlan.objects.filter(member_id="330000").first()
    assert plan is not None
    refused = api.send(
        "PUT", f"/api/v1/water/taihu/plans/{plan.enterprise_id}", {"progress": 80},
        as_user="js-editor",
    )  # fmt: skip
    assert refused.status_code == 403
    ok = api.send(
        "PUT", f"/api/v1/water/taihu/plans/{plan.enterprise_id}", {"progress": 80},
        as_user="zj-editor",
    )  # fmt: skip
    assert ok.status_code == 200 and ok.json()["progress"] == 80


def _get(client: Any, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_pages_in_both_languages(lakes: int, client: Any, users: Any) -> None:
    assert "/water/taihu/" in _get(client, "/water/", "zh-hans")
    html = _get(client, "/water/taihu/", "zh-hans")
    assert "太湖5公里范围" in html and "taihu-map-data" in html
    assert 'id="inside"' not in html  # the public sees the zone, not the enterprises
    blooms_html = _get(client, "/water/blooms/", "zh-hans")
    assert "橙色预警（Ⅱ级）" in blooms_html and "重度水华" in blooms_html
    assert "蓝色预警（Ⅳ级）" not in blooms_html.split('id="warnings"')[1].split("</table>")[0]
    grades = blooms_html.split('id="density-grades"')[1].split("</table>")[0]
    cells = [c.split("</td>")[0] for c in grades.split("<td>")[1:]]
    assert cells[0:2] == ["Ⅰ", "0"] and "Ⅱ" in cells and "e+0" not in grades
    assert any("×10⁶" in c or c == "10⁶" for c in cells)
    client.force_login(users("office"))
    html = _get(client, "/water/taihu/", "zh-hans")
    assert 'id="inside"' in html and "化工" in html and "关闭" in html
    en = _get(client, "/water/taihu/", "en")
    assert "The 5 km Taihu zone" in en and "Chemicals" in en and "Close" in en
    assert "化工" not in en.split('id="inside"')[1].split("</table>")[0].replace("化工有限公司", "")
    en = _get(client, "/water/blooms/", "en")
    assert "Orange warning (level II)" in en and "Heavy bloom" in en and "lifted" in en


def test_the_command_line(lakes: int) -> None:
    import json

    from typer.testing import CliRunner

    from deltacap.cli import app

    runner = CliRunner()
    zone = runner.invoke(app, ["water", "taihu-zone", "--json"])
    assert zone.exit_code == 0, zone.output
    out = json.loads(zone.stdout)
    assert out["distance_m"] == 5000 and len(out["enterprises"]) == len(taihu.inside())
    assert out["enterprises"][0]["chemical"] and out["enterprises"][0]["plan"]["action"]
    assert sum(c["count"] for c in out["by_industry"]) == len(out["enterprises"])
    assert all(e["distance_to_shore_m"] < 5000 for e in out["enterprises"])
    text = runner.invoke(app, ["water", "taihu-zone", "--lang", "en"])
    assert text.exit_code == 0 and "Chemicals" in text.stdout
    active = json.loads(runner.invoke(app, ["water", "blooms", "--active", "--json"]).stdout)
    assert [w["level"] for w in active["warnings"]] == ["orange"]
    assert active["warnings"][0]["notified"] == ["310000", "330000"]
    assert "observations" not in active
    every = json.loads(runner.invoke(app, ["water", "blooms", "--json"]).stdout)
    assert len(every["warnings"]) == 2 and len(every["observations"]) == 15
    assert {o["density_grade"] for o in every["observations"]} >= {"II", "III", "V"}
    text = runner.invoke(app, ["water", "blooms", "--lang", "en"])
    assert text.exit_code == 0 and "Orange warning" in text.stdout
