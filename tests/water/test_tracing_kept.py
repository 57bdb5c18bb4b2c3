"""Tracing keeps the river network, its spatial index and the outfalls indexed by reach in
each process until a write changes them: the next trace after a committed import of an
outfall, of the network or of an outlet's permit limits sees the change."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection

from deltacap.accounts.permissions import PLATFORM
from deltacap.domain.access import SYSTEM
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring import services as monitoring
from deltacap.monitoring.models import Outlet
from deltacap.water import outfalls
from deltacap.water.demo_outfalls import load_demo_outfalls
from deltacap.water.models_outfalls import Outfall

HEADER = "code,name,kind,lon,lat,receiving_water,member,enterprise,outlets,approved_m3_per_day,TP"


@pytest.fixture
def committed(water: None, django_capture_on_commit_callbacks: Any) -> Any:
    """The demo's outfalls, committed (the versions they renewed given), and a way to run
    a write as committed."""

    def run(write: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            result = write()
        connection.run_on_commit.clear()
        return result

    run(load_demo_outfalls)
    return run


def _codes(section: str = "jinze", parameter: str = "TP") -> list[str]:
    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code(section), parameter)
    return [r.outfall.code for r in t.ranked]


def _import(by: Any, *rows: str) -> Any:
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    report = outfalls.import_outfalls(by=by, channel="page", data=data, dry_run=False)
    assert not report.errors
    return report


def test_the_network_is_built_once_and_kept(committed: Any) -> None:
    first = outfalls.traceable()
    _codes()
    assert outfalls.traceable() is first
    assert outfalls.sources("TP") is outfalls.sources("TP")
    # A write that bypasses the services (and so the audit trail) is not seen: the kept
    # index is what is traced.
    Outfall.objects.filter(code="DEMO-JS-002").update(approved_m3_per_day=1)
    assert _codes()[0] == "DEMO-JS-002"


def test_a_newly_imported_outfall_appears_in_the_next_trace(committed: Any, users: Any) -> None:
    before = _codes()
    assert "NEW-1" not in before
    row = "NEW-1,新排口,industrial,120.70,30.97,太浦河,320000,,,90000,0.5"
    committed(lambda: _import(users("js-editor"), row))
    after = _codes()
    assert after[0] == "NEW-1"  # 90000 m³/d × 0.5 mg/L = 45 kg/d, the largest upstream
    assert set(after) == set(before) | {"NEW-1"}


def test_the_api_traces_the_new_outfall_on_the_next_request(
    committed: Any, api: Any, users: Any
) -> None:
    def trace() -> list[str]:
        r = api.get("/api/v1/water/trace/jinze", as_user="js-viewer", parameter="TP")
        assert r.status_code == 200
        return [o["code"] for o in r.json()["outfalls"]]

    assert "NEW-2" not in trace()
    row = "NEW-2,新排口,industrial,120.70,30.97,太浦河,320000,,,90000,0.5"
    committed(lambda: _import(users("js-editor"), row))
    assert trace()[0] == "NEW-2"


def test_an_imported_reach_is_traced_at_once(committed: Any, users: Any) -> None:
    """A new tributary of the reach at 金泽 and an outfall on it: both are seen by the next
    trace, after the network's import renewed what was kept."""
    assert "TRIB-1" not in _codes()
    reach = next(r for r in outfalls.traceable().graph.net.reaches.values() if r.id == "taipu-3")
    x, y = reach.coords[0]
    feature = {
        "type": "Feature",
        "properties": {"id": "trib-new", "from": "trib-spring", "to": reach.source},
        "geometry": {"type": "LineString", "coordinates": [[x + 0.3, y + 0.3], [x, y]]},
    }
    data = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    committed(lambda: outfalls.import_network(by=users("office"), channel="page", data=data,
                                              dry_run=False))  # fmt: skip
    assert "trib-new" in outfalls.traceable().graph.net.reaches
    row = f"TRIB-1,支流排口,industrial,{x + 0.3},{y + 0.3},新支流,320000,,,10,0.1"
    committed(lambda: _import(users("js-editor"), row))
    assert Outfall.objects.get(code="TRIB-1").reach == "trib-new"
    assert "TRIB-1" in _codes()


def test_an_outlets_new_permit_limit_changes_the_next_trace(committed: Any, users: Any) -> None:
    ent = Enterprise.objects.filter(member_code="320000").order_by("pk").first()
    assert ent is not None
    Outlet.objects.create(enterprise=ent, code="DW902", medium="water")
    row = f"L-1,限值排口,industrial,120.60,30.983,太浦河,320000,{ent.uscc},DW902,40000,"
    committed(lambda: _import(users("js-editor"), row))
    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "TP")
    assert next(r for r in t.ranked if r.outfall.code == "L-1").basis == "unknown"
    committed(lambda: monitoring.set_limits(
        by=PLATFORM, channel="system", outlet_id=Outlet.objects.get(code="DW902").pk,
        limits={"w21011": "0.5"},
    ))  # fmt: skip
    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "TP")
    first = t.ranked[0]
    assert first.outfall.code == "L-1" and first.basis == "outlet_limit"
    assert first.load == pytest.approx(20.0)  # 40000 m³/d × 0.5 mg/L


def test_a_renamed_enterprise_is_named_anew_in_the_next_trace(committed: Any, users: Any) -> None:
    """The kept index holds the outfalls' numbers and loads; their enterprises are read by
    each trace."""
    from deltacap.enterprises.services import update_enterprise

    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "TP")
    first = next(r for r in t.ranked if r.outfall.enterprise is not None)
    ent = first.outfall.enterprise
    assert ent is not None
    editor = users({"310000": "sh-editor", "320000": "js-editor", "330000": "zj-editor",
                    "340000": "ah-editor"}[ent.member_code])  # fmt: skip
    committed(lambda: update_enterprise(by=editor, channel="page", enterprise_id=ent.pk,
                                        changes={"name": "改名后的企业"}))  # fmt: skip
    t = outfalls.trace_section(SYSTEM, outfalls.section_by_code("jinze"), "TP")
    again = next(r for r in t.ranked if r.outfall.pk == first.outfall.pk)
    assert again.outfall.enterprise is not None
    assert again.outfall.enterprise.name == "改名后的企业"
    assert any(g["name"] == "改名后的企业" for g in t.enterprises)


def test_a_kept_trace_reads_the_ranked_outfalls_in_one_query(
    committed: Any, client: Any, users: Any, django_assert_max_num_queries: Any
) -> None:
    """What a trace shows of each outfall is read with it (no query per outfall), on the
    API's answer and on the page."""
    _codes()
    section = outfalls.section_by_code("jinze")
    with django_assert_max_num_queries(3):  # the outfalls, the section's latest samples
        out = outfalls.trace_out(outfalls.trace_section(SYSTEM, section, "TP"))
    assert len(out["outfalls"]) >= 5 and out["outfalls"][0]["code"] == "DEMO-JS-002"
    assert any(o["enterprise"] for o in out["outfalls"])
    client.force_login(users("js-viewer"))
    client.get("/water/trace/?section=jinze&parameter=TP")
    with django_assert_max_num_queries(12):
        page = client.get("/water/trace/?section=jinze&parameter=TP")
    assert page.status_code == 200
    assert out["outfalls"][0]["name"] in page.content.decode()
