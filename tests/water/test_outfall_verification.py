"""The verification (核查销号) of an outfall's rectification recorded as done: confirmed or
sent back by another official of the outfall's member or the region office, never by the
official who recorded it, another member, a viewer or the public; audited; only verified
rectifications count as rectified, those recorded and not yet verified are counted apart;
through the service, the API, the page (both languages) and the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.utils import timezone, translation

from deltacap.audit.changes import changes
from deltacap.audit.labels import action_label
from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.water import outfall_rectification as rectification
from deltacap.water.demo_outfalls import load_demo_outfalls
from deltacap.water.models_outfalls import Outfall


@pytest.fixture
def demo(water: None) -> int:
    return load_demo_outfalls()


@pytest.fixture
def js_checker(db: Any) -> Any:
    """A second editor of Jiangsu: an official of the member who did not record the work."""
    from deltacap.accounts.models import User

    return User.objects.create(
        username="js-checker", role="member_editor", division_id="320000", is_active=True
    )


def _today() -> dt.date:
    return timezone.localdate()


def _recorded(users: Any, code: str = "DEMO-JS-001", days_ago: int = 3) -> Outfall:
    """The outfall's rectification recorded as done by Jiangsu's editor ``days_ago``."""
    o = Outfall.objects.get(code=code)
    rectification.complete_rectification(
        by=users("js-editor"), channel="page", outfall_id=o.pk, evidence="已规范整治。",
        completed_on=_today() - dt.timedelta(days=days_ago),
    )  # fmt: skip
    o.refresh_from_db()
    return o


# --- the service ----------------------------------------------------------------------------


def test_the_recorder_may_not_verify_their_own_record(demo: int, users: Any) -> None:
    o = _recorded(users)
    for write in (
        lambda: rectification.verify_rectification(
            by=users("js-editor"), channel="api", outfall_id=o.pk
        ),  # fmt: skip
        lambda: rectification.send_back_rectification(
            by=users("js-editor"), channel="api", outfall_id=o.pk, reason="x"
        ),  # fmt: skip
    ):
        with pytest.raises(AccessDenied) as refused:
            write()
        with translation.override("en"):
            assert "not the official who recorded it" in str(refused.value)
    o.refresh_from_db()
    assert o.rectification_state == "completed" and o.verified_by is None
    assert not AuditEvent.objects.filter(
        action__in=["water.outfall.verify", "water.outfall.send_back"], object_id=o.code
    ).exists()


def test_another_member_a_viewer_a_city_and_the_platform_are_refused(demo: int, users: Any) -> None:
    from deltacap.accounts.permissions import PLATFORM

    o = _recorded(users)
    for actor in (users("zj-editor"), users("js-viewer"), users("sz-editor"),
                  users("ent-suzhou"), PLATFORM):  # fmt: skip
        with pytest.raises(AccessDenied):
            rectification.verify_rectification(by=actor, channel="api", outfall_id=o.pk)
        with pytest.raises(AccessDenied):
            rectification.send_back_rectification(by=actor, channel="api", outfall_id=o.pk,
                                                  reason="x")  # fmt: skip
    o.refresh_from_db()
    assert o.rectification_state == "completed"


def test_another_editor_of_the_member_verifies_and_only_then_it_counts_as_rectified(
    demo: int, users: Any, js_checker: Any
) -> None:
    o = _recorded(users)
    assert rectification.status_of(o).value == "awaiting"
    before = rectification.summary_out(Outfall.objects.select_related("member"))["total"]
    rectification.verify_rectification(
        by=js_checker, channel="page", outfall_id=o.pk, note=" 现场核查合格。 "
    )
    o.refresh_from_db()
    assert (o.rectification_state, o.verified_on, o.verified_by, o.verification_note) == (
        "verified", _today(), js_checker, "现场核查合格。",
    )  # fmt: skip
    assert o.recorded_by == users("js-editor")
    task = rectification.rectification_out(o)
    assert task["status"] == "rectified" and task["verified_by"] and task["recorded_by"]
    after = rectification.summary_out(Outfall.objects.select_related("member"))["total"]
    assert after["rectified"] == before["rectified"] + 1
    assert after["awaiting"] == before["awaiting"] - 1
    event = AuditEvent.objects.filter(action="water.outfall.verify").latest("pk")
    assert (event.object_id, event.member_code, event.channel) == (o.code, "320000", "page")
    assert event.before["outfall_verified"] is False and event.after["outfall_verified"] is True
    with translation.override("zh-hans"):
        assert action_label(event.action) == "排污口整治已核查销号"
        rows = {c.label: c.new for c in changes(event.object_type, event.before, event.after)}
    assert rows["核查意见"] == "现场核查合格。"
    with pytest.raises(Conflict):  # verified once
        rectification.verify_rectification(by=users("office"), channel="api", outfall_id=o.pk)
    with pytest.raises(Conflict):  # and no longer sent back
        rectification.send_back_rectification(by=users("office"), channel="api",
                                              outfall_id=o.pk, reason="x")  # fmt: skip


def test_sent_back_it_is_open_again_and_recorded_anew_awaits_another_check(
    demo: int, users: Any
) -> None:
    late = _recorded(users, "DEMO-JS-003")  # overdue before it was recorded
    assert rectification.status_of(late).value == "awaiting"
    rectification.send_back_rectification(
        by=users("office"), channel="api", outfall_id=late.pk, reason="缺少封堵照片。"
    )
    late.refresh_from_db()
    assert (late.rectification_state, late.completed_on, late.recorded_by) == (
        "pending", None, None,
    )  # fmt: skip
    assert (late.returned_on, late.returned_by, late.return_reason) == (
        _today(), users("office"), "缺少封堵照片。",
    )  # fmt: skip
    task = rectification.rectification_out(late)
    assert task["status"] == "overdue" and task["sent_back"] is True
    event = AuditEvent.objects.filter(action="water.outfall.send_back").latest("pk")
    assert event.object_id == "DEMO-JS-003" and event.after["outfall_return_reason"]
    rectification.complete_rectification(
        by=users("js-editor"), channel="api", outfall_id=late.pk, evidence="已补充照片。"
    )
    late.refresh_from_db()
    assert rectification.rectification_out(late)["status"] == "awaiting"
    rectification.verify_rectification(by=users("office"), channel="api", outfall_id=late.pk)
    late.refresh_from_db()
    assert rectification.status_of(late).value == "rectified"


def test_bad_input_writes_nothing(demo: int, users: Any) -> None:
    o = _recorded(users, days_ago=3)
    office = users("office")
    with pytest.raises(InvalidInput) as future:
        rectification.verify_rectification(by=office, channel="api", outfall_id=o.pk,
                                           verified_on=_today() + dt.timedelta(days=1))  # fmt: skip
    assert future.value.field == "verified_on"
    with pytest.raises(InvalidInput) as early:
        rectification.verify_rectification(by=office, channel="api", outfall_id=o.pk,
                                           verified_on=_today() - dt.timedelta(days=4))  # fmt: skip
    assert early.value.field == "verified_on"
    with pytest.raises(InvalidInput) as not_a_day:
        rectification.verify_rectification(by=office, channel="api", outfall_id=o.pk,
                                           verified_on="3 March")  # fmt: skip
    assert not_a_day.value.field == "verified_on"
    with pytest.raises(InvalidInput) as no_reason:
        rectification.send_back_rectification(by=office, channel="api", outfall_id=o.pk,
                                              reason="  ")  # fmt: skip
    assert no_reason.value.field == "note"
    pending = Outfall.objects.get(code="DEMO-ZJ-001")  # sent back: nothing to verify
    with pytest.raises(Conflict):
        rectification.verify_rectification(by=office, channel="api", outfall_id=pending.pk)
    o.refresh_from_db()
    assert o.rectification_state == "completed" and o.verified_on is None


# --- the API ----------------------------------------------------------------------------------


def test_the_api_verifies_and_sends_back(demo: int, api: Any, users: Any) -> None:
    o = _recorded(users)
    url = f"/api/v1/water/outfalls/{o.pk}/verification"
    verify = {"decision": "verify", "note": "合格。"}
    assert api.send("post", url, verify).status_code == 401
    own = api.send("post", url, verify, as_user="js-editor", lang="en")
    assert own.status_code == 403 and "not the official who recorded it" in own.json()["detail"]
    assert api.send("post", url, verify, as_user="zj-editor").status_code == 403
    assert api.send("post", url, verify, as_user="js-viewer").status_code == 403
    future = api.send("post", url, {"decision": "verify", "verified_on": "2999-01-01"},
                      as_user="office", lang="zh-hans")  # fmt: skip
    assert future.status_code == 422 and future.json()["field"] == "verified_on"
    early = (_today() - dt.timedelta(days=10)).isoformat()
    before = api.send("post", url, {"decision": "verify", "verified_on": early},
                      as_user="office", lang="zh-hans")  # fmt: skip
    assert before.status_code == 422 and before.json()["field"] == "verified_on"
    assert before.json()["detail"].startswith("核查日期不能早于")
    unknown = api.send("post", url, {"decision": "approve"}, as_user="office", lang="en")
    assert unknown.status_code == 422 and unknown.json()["field"] == "decision"
    no_reason = api.send("post", url, {"decision": "send_back"}, as_user="office", lang="en")
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "note"
    o.refresh_from_db()
    assert o.rectification_state == "completed"  # nothing written
    ok = api.send("post", url, verify, as_user="office")
    assert ok.status_code == 200
    task = ok.json()["rectification_task"]
    assert task["status"] == "rectified" and task["verified_on"] == _today().isoformat()
    assert api.send("post", url, verify, as_user="office").status_code == 409
    awaiting = Outfall.objects.get(code="DEMO-ZJ-003")
    back = api.send(
        "post", f"/api/v1/water/outfalls/{awaiting.pk}/verification",
        {"decision": "send_back", "note": "缺少验收记录。"}, as_user="office",
    )  # fmt: skip
    assert back.status_code == 200
    assert back.json()["rectification_task"]["sent_back"] is True
    counts = api.get("/api/v1/water/outfalls/rectifications", as_user="sh-viewer").json()
    assert counts["total"]["awaiting"] == 0 and counts["total"]["rectified"] == 3


# --- the page ---------------------------------------------------------------------------------


def _get(client: Any, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_shows_the_form_to_another_official_only(
    demo: int, client: Any, users: Any
) -> None:
    o = Outfall.objects.get(code="DEMO-ZJ-003")  # awaiting, recorded by zj-editor
    page = f"/water/outfalls/{o.pk}/"
    post = f"/water/outfalls/{o.pk}/verification/"
    client.force_login(users("zj-editor"))
    own = _get(client, page, "zh-hans")
    assert 'id="verification-form"' not in own and "待核查" in own
    assert "须由其他工作人员核查" in own
    assert client.post(post, {"decision": "verify"}).status_code == 403
    client.force_login(users("sh-viewer"))
    assert 'id="verification-form"' not in _get(client, page, "en")
    assert client.post(post, {"decision": "verify"}).status_code == 403
    client.force_login(users("js-editor"))  # another member
    assert client.post(post, {"decision": "send_back", "note": "x"}).status_code == 403
    client.force_login(users("office"))
    zh = _get(client, page, "zh-hans")
    assert 'id="verification-form"' in zh and 'id="send-back-form"' in zh and "核查整治" in zh
    en = _get(client, page, "en")
    assert "Verify the rectification" in en and "Send back for rework" in en
    empty = client.post(post, {"decision": "send_back", "note": " "})
    assert empty.status_code == 422 and "(what is missing)" in empty.content.decode()
    o.refresh_from_db()
    assert o.rectification_state == "completed"
    client.cookies["django_language"] = "zh-hans"
    done = client.post(post, {"decision": "verify", "verified_on": _today().isoformat(),
                              "note": "现场核查合格。"})  # fmt: skip
    assert done.status_code == 302
    after = _get(client, page, "zh-hans")
    assert "整治已核查销号。" in after and 'id="verified-on"' in after and "现场核查合格。" in after
    assert 'id="verification-form"' not in after


def test_the_register_shows_awaiting_and_sent_back_in_both_languages(
    demo: int, client: Any, users: Any
) -> None:
    client.force_login(users("js-viewer"))
    zh = _get(client, "/water/outfalls/", "zh-hans")
    assert "待核查" in zh and 'data-status="awaiting"' in zh and "已退回" in zh
    en = _get(client, "/water/outfalls/", "en")
    assert "Awaiting verification" in en and "sent back" in en
    only = _get(client, "/water/outfalls/?status=awaiting", "en")
    assert "DEMO-ZJ-003" in only and "DEMO-JS-004" not in only
    lake = _get(client, "/water/lakes/taihu/loads/", "en")
    assert "Awaiting verification" in lake
    back = Outfall.objects.get(code="DEMO-ZJ-001")
    client.force_login(users("zj-editor"))
    rework = _get(client, f"/water/outfalls/{back.pk}/", "zh-hans")
    assert 'id="sent-back"' in rework and "管网接驳验收记录" in rework
    assert 'id="rectification-form"' in rework  # open again: its member records it anew


def test_the_tracking_evaluation_counts_a_rectification_awaiting_verification_apart(
    demo: int, users: Any
) -> None:
    from deltacap.water import tracking

    def jiangsu() -> Any:
        (taipu,) = tracking.tracking(_today().year, "taipu")
        assert taipu.measures is not None
        return next(r for r in taipu.measures.rectification if r.member == "320000")

    assert (jiangsu().awaiting, jiangsu().rectified) == (0, 0)
    o = _recorded(users)  # 平望, on the Taipu River
    assert (jiangsu().awaiting, jiangsu().rectified) == (1, 0)
    rectification.verify_rectification(by=users("office"), channel="api", outfall_id=o.pk)
    assert (jiangsu().awaiting, jiangsu().rectified) == (0, 1)
    (taipu,) = tracking.tracking(_today().year, "taipu")
    out = tracking.tracking_out(taipu)["measures"]["outfalls_rectification_by_member"]
    assert next(m for m in out if m["member"] == "320000")["awaiting"] == 0


# --- the command line ------------------------------------------------------------------------


def test_the_command_line_verifies_and_sends_back(
    demo: int, users: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app, water_outfalls

    monkeypatch.setattr(water_outfalls.console, "width", 240)
    runner = CliRunner(env={"COLUMNS": "240"})
    listed = runner.invoke(app, ["water", "outfalls", "--json"])
    tasks = {o["code"]: o["rectification_task"] for o in json.loads(listed.output)}
    assert tasks["DEMO-ZJ-001"]["sent_back"] and tasks["DEMO-ZJ-003"]["status"] == "awaiting"
    table = runner.invoke(app, ["water", "outfalls", "--member", "330000", "--lang", "en"])
    assert table.exit_code == 0 and "sent" in table.output
    counts = runner.invoke(app, ["water", "outfalls", "rectifications", "--json"])
    assert json.loads(counts.output)["total"]["awaiting"] == 1
    summary = runner.invoke(app, ["water", "outfalls", "rectifications", "--lang", "en"])
    assert "Awaiting verification" in summary.output
    own = runner.invoke(app, ["water", "outfalls", "verify", "DEMO-ZJ-003", "--as", "zj-editor",
                              "--lang", "en"])  # fmt: skip
    assert own.exit_code == 2 and "not the official who recorded it" in own.output
    ok = runner.invoke(app, ["water", "outfalls", "verify", "DEMO-ZJ-003", "--as", "office",
                             "--note", "合格。", "--lang", "zh"])  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "核查销号" in ok.output
    assert Outfall.objects.get(code="DEMO-ZJ-003").rectification_state == "verified"
    _recorded(users)
    back = runner.invoke(app, ["water", "outfalls", "verify", "DEMO-JS-001", "--as", "office",
                               "--send-back", "缺少照片。", "--json"])  # fmt: skip
    assert back.exit_code == 0, back.output
    assert json.loads(back.output)["rectification_task"]["sent_back"] is True
    again = runner.invoke(app, ["water", "outfalls", "verify", "DEMO-JS-001", "--as", "office"])
    assert again.exit_code == 2  # open again: nothing to verify
