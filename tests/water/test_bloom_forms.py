"""The blooms page's forms and the command line's writes: an observation, a warning (the
other members around the lake told), its lift and an emergency action, each through the
service the API uses; shown and allowed to the member's own editors only; bad input
names its field, keeps the values and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.water.demo_lakes import load_demo_lakes
from deltacap.water.models_lakes import (
    BloomNotice,
    BloomObservation,
    BloomWarning,
    EmergencyAction,
)

TODAY = dt.date(2026, 8, 20)
FORMS = ('id="observation-form"', 'id="warning-form"', 'id="lift-form-', 'id="action-form-')


@pytest.fixture
def lakes(db: Any) -> int:
    return load_demo_lakes(TODAY)


def _orange() -> BloomWarning:
    """The demo's active warning, issued by Jiangsu for Taihu."""
    return BloomWarning.objects.get(lifted_at__isnull=True, member_id="320000")


def _counts() -> tuple[int, ...]:
    return (
        BloomObservation.objects.count(),
        BloomWarning.objects.count(),
        BloomWarning.objects.filter(lifted_at__isnull=True).count(),
        BloomNotice.objects.count(),
        EmergencyAction.objects.count(),
        AuditEvent.objects.count(),
    )


def _page(client: Any, lang: str = "zh-hans") -> str:
    client.cookies["django_language"] = lang
    response = client.get("/water/blooms/")
    assert response.status_code == 200
    return str(response.content.decode())


OBSERVATION = {
    "lake": "taihu", "point": "贡湖湾测点", "lon": "120.35", "lat": "31.42",
    "observed_on": "2026-08-19", "density": "6e7", "area_km2": "120",
}  # fmt: skip


def test_a_members_editor_records_warns_acts_and_lifts(lakes: int, client: Any, users: Any) -> None:
    client.force_login(users("js-editor"))
    html = _page(client)
    assert all(form in html for form in FORMS)
    assert "记录监测结果" in html and "发布预警" in html and "解除预警" in html
    assert "Record an observation" in _page(client, "en")
    client.cookies["django_language"] = "zh-hans"

    done = client.post("/water/blooms/observations/", OBSERVATION, follow=True)
    assert done.redirect_chain[-1][0].endswith("/water/blooms/#observations")
    assert "监测结果已记录。" in done.content.decode()
    o = BloomObservation.objects.get(point="贡湖湾测点")
    assert (o.member_id, o.density, o.area_km2, o.recorded_by) == (
        "320000", 6e7, 120.0, users("js-editor"),
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="water.bloom.observe", channel="page").exists()

    client.post("/water/blooms/warnings/", {
        "lake": "taihu", "level": "yellow", "message": "贡湖湾中度水华", "observation": o.pk,
    })  # fmt: skip
    w = BloomWarning.objects.get(message="贡湖湾中度水华")
    assert (w.member_id, w.level, w.observation_id, w.active) == ("320000", "yellow", o.pk, True)
    assert sorted(n.member_id for n in w.notices.all()) == ["310000", "330000"]

    acted = client.post(
        f"/water/blooms/warnings/{w.pk}/actions/",
        {"taken_on": "2026-08-19", "description": "贡湖水源地加密监测"},
    )
    assert acted.status_code == 302
    assert EmergencyAction.objects.get(warning=w).member_id == "320000"

    lifted = client.post(f"/water/blooms/warnings/{w.pk}/lift/")
    assert lifted.status_code == 302
    w.refresh_from_db()
    assert not w.active
    # another member around the lake records its own action under Jiangsu's warning
    client.force_login(users("zj-editor"))
    html = _page(client)
    assert f'id="action-form-{_orange().pk}"' in html
    assert f'id="lift-form-{_orange().pk}"' not in html  # not Zhejiang's warning
    ok = client.post(
        f"/water/blooms/warnings/{_orange().pk}/actions/",
        {"taken_on": "2026-08-19", "description": "南太湖沿岸巡查"},
    )
    assert ok.status_code == 302
    assert EmergencyAction.objects.filter(description="南太湖沿岸巡查", member_id="330000").exists()


@pytest.mark.parametrize("name", ["", "js-viewer", "office", "sz-editor"])
def test_who_may_not_write_gets_no_form_and_a_refusal(
    lakes: int, client: Any, users: Any, name: str
) -> None:
    if name:
        client.force_login(users(name))
    html = _page(client)
    assert not any(form in html for form in FORMS)
    before = _counts()
    warning = _orange().pk
    for url, data in [
        ("/water/blooms/observations/", OBSERVATION),
        ("/water/blooms/warnings/", {"lake": "taihu", "level": "red"}),
        (f"/water/blooms/warnings/{warning}/lift/", {}),
        (f"/water/blooms/warnings/{warning}/actions/",
         {"taken_on": "2026-08-19", "description": "x"}),
    ]:  # fmt: skip
        response = client.post(url, data)
        if name:
            assert response.status_code == 403, url
            assert 'role="alert"' in response.content.decode()
        else:
            assert response.status_code == 302 and "/login" in response["Location"]
    assert _counts() == before


def test_another_member_may_not_lift_nor_act_off_its_lake(
    lakes: int, client: Any, users: Any
) -> None:
    client.force_login(users("zj-editor"))
    before = _counts()
    refused = client.post(f"/water/blooms/warnings/{_orange().pk}/lift/")
    assert refused.status_code == 403 and _orange().active
    # Anhui lies around no lake of Jiangsu's warning: no action form, the post refused
    client.force_login(users("ah-editor"))
    html = _page(client)
    assert 'id="warning-form"' in html and 'id="action-form-' not in html
    refused = client.post(
        f"/water/blooms/warnings/{_orange().pk}/actions/",
        {"taken_on": "2026-08-19", "description": "巢湖巡查"},
    )
    assert refused.status_code == 422
    error = refused.content.decode().split('id="form-error">')[1].split("</p>")[0]
    assert error == "省市: 该方不在此湖周边。"
    assert _counts() == before


@pytest.mark.parametrize(
    ("change", "field", "label"),
    [
        ({"density": "很多"}, "density", "藻密度"),
        ({"density": "６e7"}, "density", "藻密度"),  # full-width digits are no number
        ({"density": "1_000"}, "density", "藻密度"),
        ({"lon": "150"}, "lon", "经度"),
        ({"observed_on": "2026-02-30"}, "observed_on", "日期"),
        ({"point": ""}, "point", "点位"),
        ({"area_km2": "99999"}, "area_km2", "水华面积"),
        ({"lake": "erhai"}, "lake", "湖泊"),
    ],
)
def test_a_bad_observation_names_its_field_and_keeps_the_values(
    lakes: int, client: Any, users: Any, change: dict[str, str], field: str, label: str
) -> None:
    client.force_login(users("js-editor"))
    before = _counts()
    response = client.post("/water/blooms/observations/", {**OBSERVATION, **change})
    assert response.status_code in (409, 422)
    html = response.content.decode()
    error = html.split('id="observation-error">')[1].split("</p>")[0]
    assert error.startswith(label), error
    assert 'class="field-error"><label for="observation-' in html
    if field != "point":
        assert 'value="贡湖湾测点"' in html  # the values posted are kept
    assert _counts() == before


def test_a_bad_warning_or_action_names_its_field(lakes: int, client: Any, users: Any) -> None:
    client.force_login(users("js-editor"))
    before = _counts()
    bad = client.post(
        "/water/blooms/warnings/", {"lake": "taihu", "level": "purple", "message": "留着"}
    )
    assert bad.status_code == 422
    html = bad.content.decode()
    assert html.split('id="warning-error">')[1].startswith("预警等级")
    assert "留着</textarea>" in html
    bad = client.post(
        "/water/blooms/warnings/", {"lake": "taihu", "level": "red", "observation": "abc"}
    )
    assert bad.status_code == 422
    assert bad.content.decode().split('id="warning-error">')[1].startswith("依据的监测记录")
    bad = client.post(
        f"/water/blooms/warnings/{_orange().pk}/actions/",
        {"taken_on": "2026-08-19", "description": "  "},
    )
    assert bad.status_code == 422
    assert bad.content.decode().split('id="action-error">')[1].startswith("采取的应急措施")
    missing = client.post("/water/blooms/warnings/999999/lift/")
    assert missing.status_code == 404 and "999999" in missing.content.decode()
    client.cookies["django_language"] = "en"
    en = client.post("/water/blooms/warnings/", {"lake": "taihu", "level": "purple"})
    assert "Warning level: " in en.content.decode()
    assert _counts() == before


# --- the command line ---------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["water", "blooms", *args])


def test_the_command_line_writes_as_an_editor(lakes: int) -> None:
    done = _run(
        "observe", "--lake", "taihu", "--point", "梅梁湾CLI", "--lon", "120.2", "--lat", "31.45",
        "--density", "1.2e8", "--on", "2026-08-19", "--as", "js-editor", "--json",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    o = json.loads(done.stdout)
    assert o["member"] == "320000" and o["density_grade"] == "V"
    warned = _run(
        "warn", "--lake", "taihu", "--level", "orange", "--message", "梅梁湾",
        "--observation", str(o["id"]), "--as", "js-editor", "--json",
    )  # fmt: skip
    assert warned.exit_code == 0, warned.output
    w = json.loads(warned.stdout)
    assert w["notified"] == ["310000", "330000"] and w["active"]
    acted = _run(
        "act", str(w["id"]), "--description", "打捞蓝藻", "--as", "zj-editor", "--lang", "en"
    )
    assert acted.exit_code == 0, acted.output
    assert f"recorded under warning {w['id']}" in acted.stdout
    lifted = _run("lift", str(w["id"]), "--as", "js-editor")
    assert lifted.exit_code == 0 and f"预警 {w['id']} 已解除" in lifted.stdout
    assert not BloomWarning.objects.get(pk=w["id"]).active
    listed = json.loads(_run("--json").stdout)
    assert any(x["id"] == w["id"] and x["actions"] for x in listed["warnings"])


def test_the_command_line_names_the_field_and_writes_nothing(lakes: int) -> None:
    before = _counts()
    base = ["--lake", "taihu", "--point", "P", "--lon", "120.2", "--lat", "31.45"]
    for args, where in [
        (["observe", *base, "--density", "lots", "--as", "js-editor"], "--density:"),
        (["observe", *base, "--density", "1e7", "--on", "2026-13-01", "--as", "js-editor"],
         "--observed-on:"),
        (["observe", *base, "--density", "1e7", "--area-km2", "-1", "--as", "js-editor"],
         "--area-km2:"),
        (["warn", "--lake", "erhai", "--level", "red", "--as", "js-editor"], "--lake:"),
        (["warn", "--lake", "taihu", "--level", "purple", "--as", "js-editor"], "--level:"),
        (["warn", "--lake", "taihu", "--level", "red"], "--member:"),
        (["warn", "--lake", "taihu", "--level", "red", "--as", "nobody"], "--as:"),
        (["lift", "12x", "--as", "js-editor"], "--warning:"),
        (["lift", str(_orange().pk), "--as", "zj-editor"], ""),
        (["act", str(_orange().pk), "--description", "x", "--on", "someday", "--as",
          "zj-editor"], "--taken-on:"),
        (["act", str(_orange().pk), "--description", "x", "--as", "ah-editor"], "--member:"),
        (["act", str(_orange().pk), "--description", "x", "--as", "js-viewer"], ""),
    ]:  # fmt: skip
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert where in result.output, (args, result.output)
    assert _counts() == before


def test_the_operator_writes_for_a_member(lakes: int) -> None:
    warned = _run("warn", "--lake", "dianshan", "--level", "blue", "--member", "310000")
    assert warned.exit_code == 0, warned.output
    w = BloomWarning.objects.get(lake="dianshan")
    assert w.member_id == "310000" and [n.member_id for n in w.notices.all()] == ["320000"]
