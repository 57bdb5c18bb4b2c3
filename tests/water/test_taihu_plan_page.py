"""A member's plans for the enterprises in the 5 km Taihu zone, kept on the zone's page: the
member's editors create and change their own (action, deadline, status and progress,
completion day, note) through the API's service, audited; viewers, the public and another
member's officials are refused; a bad value is named at its field in the user's language
and nothing is written. The command line does the same."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.enterprises.models import Enterprise
from deltacap.water import taihu
from deltacap.water.demo_lakes import load_demo_lakes
from deltacap.water.models_lakes import EnterpriseSite, TaihuPlan

TODAY = dt.date(2026, 8, 20)
runner = CliRunner()


@pytest.fixture
def plan(db: Any) -> TaihuPlan:
    """A Jiangsu plan not done, of an enterprise whose closure moves no rights."""
    load_demo_lakes(TODAY)
    found = (
        TaihuPlan.objects.filter(member_id="320000")
        .exclude(status="done")
        .exclude(action="close")
        .select_related("enterprise")
        .first()
    )
    assert found is not None
    return found


def _url(plan: TaihuPlan) -> str:
    return f"/water/taihu/plans/{plan.enterprise_id}/edit/"


def _form(plan: TaihuPlan, **changes: str) -> dict[str, str]:
    return {
        "action": plan.action,
        "deadline": plan.deadline.isoformat(),
        "status": plan.status,
        "progress": str(plan.progress),
        "completed_on": "",
        "note": plan.note,
    } | changes


def _events(plan: TaihuPlan) -> int:
    return AuditEvent.objects.filter(action="water.taihu_plan.save", object_id=plan.pk).count()


def _last_event(plan: TaihuPlan) -> AuditEvent:
    return AuditEvent.objects.filter(action="water.taihu_plan.save", object_id=plan.pk).latest("pk")


def test_the_member_s_editor_edits_its_plan_on_the_page(
    plan: TaihuPlan, client: Any, users: Any
) -> None:
    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "zh-hans"
    zone = client.get("/water/taihu/").content.decode()
    assert _url(plan) in zone and "编辑整治计划" in zone
    form = client.get(_url(plan))
    assert form.status_code == 200 and 'id="plan-form"' in form.content.decode()
    assert plan.enterprise.name in form.content.decode()
    before = _events(plan)
    saved = client.post(
        _url(plan), _form(plan, action="relocate", deadline="2027-06-30", progress="40",
                          note="已签订搬迁协议")
    )  # fmt: skip
    assert saved.status_code == 302 and saved["Location"] == "/water/taihu/#plans"
    plan.refresh_from_db()
    assert (plan.action, plan.deadline, plan.progress) == ("relocate", dt.date(2027, 6, 30), 40)
    assert plan.status == "under_way" and plan.note == "已签订搬迁协议"
    assert _events(plan) == before + 1
    assert _last_event(plan).channel == "page"
    # Done: the progress goes to 100 and the day is the one given.
    client.post(_url(plan), _form(plan, status="done", completed_on="2026-08-01"))
    plan.refresh_from_db()
    assert (plan.status, plan.progress, plan.completed_on) == ("done", 100, dt.date(2026, 8, 1))


def test_a_new_plan_for_an_enterprise_inside_the_zone(db: Any, client: Any, users: Any) -> None:
    load_demo_lakes(TODAY)
    enterprise = (
        Enterprise.objects.filter(member_code="320000", taihu_plan__isnull=True)
        .order_by("pk")
        .first()
    )
    assert enterprise is not None
    taihu.locate_enterprise(
        by=users("office"), channel="api", enterprise=enterprise, lon=120.0, lat=31.0
    )
    client.force_login(users("js-editor"))
    client.cookies["django_language"] = "en"
    assert "Add a plan" in client.get("/water/taihu/").content.decode()
    url = f"/water/taihu/plans/{enterprise.pk}/edit/"
    assert "Add a plan" in client.get(url).content.decode()
    missing = client.post(url, {"action": "upgrade", "deadline": "", "status": "planned"})
    assert missing.status_code == 422 and "Deadline: This field is required." in (
        missing.content.decode()
    )
    assert not TaihuPlan.objects.filter(enterprise=enterprise).exists()
    done = client.post(url, {"action": "upgrade", "deadline": "2027-12-31", "progress": "0"})
    assert done.status_code == 302
    made = TaihuPlan.objects.get(enterprise=enterprise)
    assert (made.member_id, made.action, made.status) == ("320000", "upgrade", "planned")


def test_bad_input_is_named_by_field_in_the_user_s_language_and_nothing_written(
    plan: TaihuPlan, client: Any, users: Any
) -> None:
    client.force_login(users("js-editor"))
    before = (plan.action, plan.deadline, plan.progress, plan.status, _events(plan))
    cases = [
        ("zh-hans", {"progress": "150"}, "进度（%）: "),
        ("en", {"progress": "half"}, "Progress (%): The progress is a whole percentage"),
        ("en", {"deadline": "31/12/2027"}, "Deadline: This must be a date (YYYY-MM-DD)."),
        ("en", {"deadline": ""}, "Deadline: This field is required."),
        ("en", {"action": "demolish"}, "Measure of the plan: demolish is not one of"),
        ("zh-hans", {"completed_on": "明天"}, "完成日期: "),
    ]
    for lang, change, said in cases:
        client.cookies["django_language"] = lang
        response = client.post(_url(plan), _form(plan, **change))
        assert response.status_code == 422, (change, response.status_code)
        error = response.content.decode().split('id="form-error"')[1].split("</p>")[0]
        assert said in error, (change, error)
    plan.refresh_from_db()
    assert (plan.action, plan.deadline, plan.progress, plan.status, _events(plan)) == before


@pytest.mark.parametrize("name", ["js-viewer", "zj-editor", "sh-editor", "office", None])
def test_refused_to_viewers_the_public_and_other_members(
    plan: TaihuPlan, client: Any, users: Any, name: str | None
) -> None:
    if name:
        client.force_login(users(name))
        assert _url(plan) not in client.get("/water/taihu/").content.decode()
    before = (plan.progress, plan.note, _events(plan))
    shown = client.get(_url(plan))
    posted = client.post(_url(plan), _form(plan, progress="90", note="越权"))
    if name is None:  # the public is sent to sign in
        assert shown.status_code == posted.status_code == 302
        assert "/login/" in posted["Location"]
    else:
        assert shown.status_code == posted.status_code == 403
    plan.refresh_from_db()
    assert (plan.progress, plan.note, _events(plan)) == before


def test_the_command_line_edits_a_plan_as_the_api_does(plan: TaihuPlan) -> None:
    out = runner.invoke(
        app, ["water", "taihu-plan", str(plan.enterprise_id), "--progress", "60",
              "--note", "设备已拆除一半", "--as", "js-editor", "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)
    assert (got["progress"], got["status"], got["note"]) == (60, "under_way", "设备已拆除一半")
    assert _last_event(plan).channel == "cli"
    text = runner.invoke(
        app, ["water", "taihu-plan", str(plan.enterprise_id), "--deadline", "2027-01-31",
              "--as", "js-editor", "--lang", "en"],
    )  # fmt: skip
    assert text.exit_code == 0 and "by 2027-01-31" in text.stdout
    refused = runner.invoke(
        app, ["water", "taihu-plan", str(plan.enterprise_id), "--progress", "70",
              "--as", "zj-editor", "--lang", "en"],
    )  # fmt: skip
    assert refused.exit_code == 2
    bad = runner.invoke(
        app, ["water", "taihu-plan", str(plan.enterprise_id), "--progress", "lots",
              "--as", "js-editor", "--lang", "en"],
    )  # fmt: skip
    assert bad.exit_code == 2 and "--progress:" in bad.output
    plan.refresh_from_db()
    assert plan.progress == 60 and plan.deadline == dt.date(2027, 1, 31)
    assert EnterpriseSite.objects.filter(enterprise=plan.enterprise).exists()
