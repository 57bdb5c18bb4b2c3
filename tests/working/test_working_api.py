"""/api/v1/working: the group's staff read; writes as the rules allow; refusals are 4xx
with the field, in the request's language; the public and enterprises see nothing."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db
BASE = "/api/v1/working"


def test_the_group_reads_and_outsiders_are_refused(api: Any, group: Any) -> None:
    people = api.get(f"{BASE}/group", as_user="js-viewer")
    assert people.status_code == 200
    assert {p["member"] for p in people.json()} == {"320000", "330000"}
    assert people.json()[0]["email"] == "liaison@example.invalid"
    assert api.get(f"{BASE}/group").status_code == 401
    for outsider in ("ent-suzhou", "sz-editor"):
        refused = api.get(f"{BASE}/group", as_user=outsider, lang="en")
        assert refused.status_code == 403 and refused.json()["detail"]
    meetings = api.get(f"{BASE}/meetings", as_user="office").json()
    assert [m["held"] for m in meetings] == [False, True]
    one = api.get(f"{BASE}/meetings/{group.past.pk}", as_user="zj-editor").json()
    assert [a["title"] for a in one["actions"]] == ["报送意见", "编制方案"]
    overdue = api.get(f"{BASE}/actions", as_user="office", overdue="true").json()
    assert [(a["owner"], a["overdue"]) for a in overdue] == [("320000", True)]
    assert (
        api.get(f"{BASE}/actions", as_user="office", member="330000").json()[0]["owner"] == "330000"
    )
    nxt = api.get(f"{BASE}/meetings/next", as_user="office").json()
    assert nxt["scheduled"] == group.coming.day.isoformat()
    calendar = api.get(f"{BASE}/calendar", as_user="js-editor").json()
    assert calendar["deadlines"] and calendar["notices"][0]["overdue"]


def test_a_member_closes_its_own_item_and_not_another_members(api: Any, group: Any) -> None:
    path = f"{BASE}/actions/{group.js_item.pk}"
    refused = api.send("PATCH", path, {"status": "done"}, as_user="js-editor", lang="en")
    assert refused.status_code == 422 and refused.json()["field"] == "evidence"
    other = api.send("PATCH", path, {"status": "done", "evidence": "x"}, as_user="zj-editor")
    assert other.status_code == 403
    viewer = api.send("PATCH", path, {"status": "done", "evidence": "x"}, as_user="js-viewer")
    assert viewer.status_code == 403
    started = api.send(
        "PATCH", path, {"status": "in_progress", "note": "已汇总"}, as_user="js-editor"
    )
    assert started.status_code == 200 and started.json()["note"] == "已汇总"
    done = api.send("PATCH", path, {"status": "done", "evidence": "已报送"}, as_user="js-editor")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert not done.json()["overdue"] and done.json()["note"] == "已汇总"  # kept


def test_the_office_runs_the_meetings(api: Any, group: Any) -> None:
    made = api.send(
        "POST",
        f"{BASE}/meetings",
        {"day": "2027-06-20", "place": "示例会场", "host": "340000"},
        as_user="office",
    )
    assert made.status_code == 201
    bad_host = api.send(
        "POST",
        f"{BASE}/meetings",
        {"day": "2027-06-20", "place": "x", "host": "999999"},
        as_user="office",
        lang="en",
    )
    assert bad_host.status_code == 422 and bad_host.json()["field"] == "host"
    assert "999999" in bad_host.json()["detail"]
    editor = api.send(
        "POST",
        f"{BASE}/meetings",
        {"day": "2027-06-20", "place": "x", "host": "320000"},
        as_user="js-editor",
    )
    assert editor.status_code == 403
    agenda = api.send(
        "POST", f"{BASE}/meetings/{group.coming.pk}/agenda", {"title": "议题"}, as_user="zj-editor"
    )
    assert agenda.status_code == 201 and agenda.json()["member"] == "330000"
    decided = api.send(
        "POST",
        f"{BASE}/agenda/{agenda.json()['id']}/decision",
        {"accept": True},
        as_user="office",
    )
    assert decided.json()["state"] == "accepted"
    action = api.send(
        "POST",
        f"{BASE}/meetings/{group.coming.pk}/actions",
        {"member": "340000", "title": "任务", "due": "2027-01-31"},
        as_user="office",
    )
    assert action.status_code == 201 and action.json()["owner"] == "340000"
    minutes = api.send(
        "PATCH", f"{BASE}/meetings/{group.past.pk}", {"decisions": "甲\n乙"}, as_user="office"
    )
    assert minutes.json()["decisions"] == ["甲", "乙"]
    link = api.send(
        "POST",
        f"{BASE}/meetings/{group.past.pk}/documents",
        {"title": "通知", "link": "https://example.invalid/n"},
        as_user="office",
    )
    assert link.status_code == 201
    person = api.send(
        "POST", f"{BASE}/group", {"member": "340000", "name": "示例"}, as_user="ah-editor"
    )
    assert person.status_code == 201
    pid = person.json()["id"]
    assert (
        api.send("PATCH", f"{BASE}/group/{pid}", {"phone": "x"}, as_user="ah-editor").json()[
            "field"
        ]
        == "phone"
    )
    assert api.send("DELETE", f"{BASE}/group/{pid}", {}, as_user="js-editor").status_code == 403
    assert api.send("DELETE", f"{BASE}/group/{pid}", {}, as_user="ah-editor").status_code == 204
