"""The annual evaluation round: the office opens it, members submit their task lists, the office
reminds and closes it, and the frozen snapshot does not move when projects change later."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.audit.models import AuditEvent
from deltacap.projects import services, steps
from deltacap.projects.models import Project

pytestmark = pytest.mark.django_db
MakeProject = Callable[..., Project]
ROUNDS = "/api/v1/projects/rounds"


def _open(api: Any, year: int = 2023, user: str = "office", **extra: Any) -> Any:
    """Open a past year's round (outside its window: with the office's reason)."""
    body = {"period": "14fyp", "year": year, "override_reason": "catching up", **extra}
    return api.send("POST", ROUNDS, body, user, lang="en")


def _submit(
    api: Any, items: list[dict[str, str]], user: str = "js-editor", member: str = "320000"
) -> Any:
    body = {"member": member, "items": items}
    return api.send("POST", f"{ROUNDS}/14fyp/2023/submission", body, user, lang="en")


@pytest.fixture
def due(make_project: MakeProject) -> tuple[Project, Project]:
    """Jiangsu's task list for 2023: one plant commissioned in time, one still being built."""
    done = make_project(commissioning_date="2023-06-30")
    late = make_project(status="under_construction", commissioning_date="2024-04-30", due_year=2023)
    make_project(commissioning_date="2024-06-30")  # due in 2024: not on the 2023 list
    return done, late


def test_only_the_office_opens_a_round_once_per_year_within_the_period(api: Any) -> None:
    assert _open(api, user="js-editor").status_code == 403
    r = _open(api)
    assert r.status_code == 201, r.content
    assert (r.json()["deadline"], r.json()["state"]) == ("2024-03-31", "open")
    assert _open(api).status_code == 409
    outside = _open(api, year=2027)
    assert (outside.status_code, outside.json()["field"]) == (422, "year")


def test_a_member_sees_its_task_list_with_what_the_file_suggests(api: Any, due: Any) -> None:
    done, late = due
    _open(api)
    tasks = api.get(f"{ROUNDS}/14fyp/2023/tasks", "js-editor", member="320000").json()
    assert [(t["project"], t["suggested"], t["outcome"]) for t in tasks] == [
        (done.code, "done", None),
        (late.code, "late", None),
    ]
    assert api.get(f"{ROUNDS}/14fyp/2023/tasks", "zj-editor", member="320000").status_code == 403


def test_a_late_project_needs_a_reason_and_only_the_member_submits(api: Any, due: Any) -> None:
    done, late = due
    _open(api)
    items = [{"project": done.code, "outcome": "done"}, {"project": late.code, "outcome": "late"}]
    r = _submit(api, items)
    assert r.status_code == 422 and late.code in r.json()["detail"]
    items[1]["reason"] = "land acquisition took a year longer"
    assert _submit(api, items, user="zj-editor").status_code == 403
    assert _submit(api, items[:1]).status_code == 422  # the late project is missing
    assert _submit(api, items).status_code == 200
    overview = api.get(f"{ROUNDS}/14fyp/2023", "office").json()
    submitted = {m["member"]: m["submitted_at"] is not None for m in overview["members"]}
    assert submitted == {"310000": False, "320000": True, "330000": False, "340000": False}
    due_counts = {m["member"]: m["due"] for m in overview["members"]}
    assert due_counts["320000"] == 2


def test_the_office_reminds_the_members_that_have_not_submitted(api: Any, due: Any) -> None:
    done, late = due
    _open(api)
    dropped = {"project": late.code, "outcome": "dropped", "reason": "merged into JS-9"}
    _submit(api, [{"project": done.code, "outcome": "done"}, dropped])
    assert api.send("POST", f"{ROUNDS}/14fyp/2023/remind", {}, "js-editor").status_code == 403
    r = api.send("POST", f"{ROUNDS}/14fyp/2023/remind", {"message": "请于3月底前提交"}, "office")
    assert r.json() == {"reminded": ["310000", "330000", "340000"]}
    events = AuditEvent.objects.filter(action="round.remind").values_list("member_code", flat=True)
    assert sorted(events) == ["310000", "330000", "340000"]


def test_closing_freezes_a_snapshot_that_later_edits_cannot_change(api: Any, due: Any) -> None:
    done, late = due
    _open(api)
    items = [{"project": done.code, "outcome": "done"},
             {"project": late.code, "outcome": "late", "reason": "equipment delivery"}]  # fmt: skip
    _submit(api, items)
    assert api.get(f"{ROUNDS}/14fyp/2023/snapshot", "office").status_code == 409  # still open
    assert api.send("POST", f"{ROUNDS}/14fyp/2023/close", {}, "js-editor").status_code == 403
    assert api.send("POST", f"{ROUNDS}/14fyp/2023/close", {}, "office").status_code == 200
    frozen = api.get(f"{ROUNDS}/14fyp/2023/snapshot", "js-viewer").json()
    # Later: the late plant is commissioned, verified and renamed.
    services.update_project(
        by=PLATFORM, channel="system", code=late.code,
        changes={"status": "commissioned", "name": "已改名", "commissioning_date": "2023-12-30"},
    )  # fmt: skip
    steps.attach_evidence(
        by=PLATFORM, channel="system", code=late.code, filename="a.txt", content=b"x",
        content_type="text/plain", kind="acceptance",
    )  # fmt: skip
    steps.move_status(
        by=User.objects.get(username="office"), channel="api", code=late.code, to="verified"
    )
    assert api.get(f"{ROUNDS}/14fyp/2023/snapshot", "office").json() == frozen
    assert _submit(api, items).status_code == 409
    assert api.send("POST", f"{ROUNDS}/14fyp/2023/close", {}, "office").status_code == 409
    frozen_late = next(p for p in frozen["projects"] if p["code"] == late.code)
    assert frozen_late["status"] == "under_construction"
    assert frozen["submissions"]["320000"]["items"][1] == {
        "project": late.code, "outcome": "late", "reason": "equipment delivery"
    }  # fmt: skip
    js_cod = next(
        r for r in frozen["progress"] if r["scope"] == "320000" and r["pollutant"] == "COD"
    )
    assert js_cod["year"] == 2023 and js_cod["time_progress"] == 0.6


def test_the_round_pages_serve_the_office_and_the_member(client: Any, api: Any, due: Any) -> None:
    _open(api)
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = "en"  # the language switch's cookie
    page = client.get("/projects/rounds/14fyp/2023/")
    assert page.status_code == 200 and b'id="task-list"' in page.content
    done, late = due
    form = {"project": [done.code, late.code], f"outcome-{done.code}": "done",
            f"outcome-{late.code}": "late", f"reason-{late.code}": "weather"}  # fmt: skip
    assert client.post("/projects/rounds/14fyp/2023/submit/", form).status_code == 302
    client.force_login(User.objects.get(username="office"))
    assert (
        client.post("/projects/rounds/14fyp/2023/action/", {"action": "close"}).status_code == 302
    )
    client.cookies["django_language"] = "en"  # the language switch's cookie
    overview = client.get("/projects/rounds/14fyp/2023/")
    assert b"closed" in overview.content
