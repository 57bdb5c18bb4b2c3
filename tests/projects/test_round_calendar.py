"""The evaluation calendar: rounds open within their task-list window (outside it only with
the office's reason, kept in the audit trail), each member's lateness, reminders among the
working group's, and the yearly scheduling evaluation of a closed round: API, pages in both
languages and the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.projects import rounds
from deltacap.projects.models import EvaluationRound, Project
from deltacap.working import selectors as working

pytestmark = pytest.mark.django_db
ROUNDS = "/api/v1/projects/rounds"
ENV = {"COLUMNS": "160", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _office() -> User:
    return User.objects.get(username="office")


@pytest.fixture
def due(make_project: Callable[..., Project]) -> tuple[Project, Project]:
    """Jiangsu's 2023 task list: a plant commissioned in time, one still being built."""
    done = make_project(commissioning_date="2023-06-30")
    late = make_project(status="under_construction", commissioning_date="2024-04-30", due_year=2023)
    return done, late


def test_a_round_opened_outside_its_window_is_refused_unless_the_office_says_why(
    api: Any,
) -> None:
    body = {"period": "14fyp", "year": 2023}
    refused = api.send("POST", ROUNDS, body, "office", lang="en")
    assert refused.status_code == 422 and refused.json()["field"] == "override_reason"
    assert "2023-10-01 to 2024-03-31" in refused.json()["detail"]
    zh = api.send("POST", ROUNDS, body, "office", lang="zh")
    assert "说明理由" in zh.json()["detail"]
    assert not EvaluationRound.objects.exists()
    opened = api.send("POST", ROUNDS, {**body, "override_reason": "补开往年"}, "office")
    assert opened.status_code == 201, opened.content
    assert opened.json()["override_reason"] == "补开往年"
    event = AuditEvent.objects.get(action="round.open")
    assert event.after["override_reason"] == "补开往年"
    assert event.after["window_opens"] == "2023-10-01"


def test_within_its_window_a_round_opens_without_a_reason(db: Any) -> None:
    r = rounds.open_round(
        by=_office(), channel="api", period="14fyp", year=2023, today=date(2023, 11, 2)
    )
    assert (r.window_opens, r.window_closes, r.deadline, r.override_reason) == (
        date(2023, 10, 1),
        date(2024, 3, 31),
        date(2024, 3, 31),
        "",
    )


def test_the_configured_window_and_due_date_are_used(settings: Any) -> None:
    settings.DELTACAP_TASK_LIST_OPENS = "12-01"
    settings.DELTACAP_SUBMISSIONS_DUE = "04-15"
    r = rounds.open_round(
        by=_office(), channel="api", period="14fyp", year=2023, today=date(2023, 12, 1)
    )
    assert (r.window_opens, r.deadline) == (date(2023, 12, 1), date(2024, 4, 15))
    with pytest.raises(Exception, match="override_reason|window"):
        rounds.open_round(
            by=_office(), channel="api", period="14fyp", year=2024, today=date(2024, 11, 30)
        )


def _submit_jiangsu(due: tuple[Project, Project], year: int = 2023) -> None:
    done, late = due
    items = [
        {"project": done.code, "outcome": "done"},
        {"project": late.code, "outcome": "late", "reason": "equipment delivery"},
    ]
    rounds.submit(
        by=User.objects.get(username="js-editor"),
        channel="api",
        period="14fyp",
        year=year,
        member="320000",
        items=items,
    )


def test_the_calendar_shows_who_submitted_late_and_who_is_overdue(api: Any, due: Any) -> None:
    rounds.open_round(by=_office(), channel="api", period="14fyp", year=2023, override_reason="x")
    _submit_jiangsu(due)  # today: long after 31 March 2024
    cal = api.get(f"{ROUNDS}/calendar", "js-viewer", year="2023").json()
    assert (cal["window_opens"], cal["submissions_due"], cal["region_report_due"]) == (
        "2023-10-01",
        "2024-03-31",
        "2024-06-30",
    )
    states = {m["member"]: (m["lateness"], m["days_late"] > 200) for m in cal["members"]}
    assert states == {
        "320000": ("late", True),
        "310000": ("overdue", True),
        "330000": ("overdue", True),
        "340000": ("overdue", True),
    }
    assert {m["member"]: m["due_projects"] for m in cal["members"]}["320000"] == 2
    no_round = api.get(f"{ROUNDS}/calendar", "office", year="2022").json()
    assert no_round["round"] is None and no_round["members"] == []
    assert api.get(f"{ROUNDS}/calendar", "office", year="12").status_code == 422


def test_a_member_is_reminded_before_the_due_date_and_told_when_overdue(due: Any) -> None:
    today = date.today()
    rounds.open_round(
        by=_office(),
        channel="api",
        period="14fyp",
        year=2023,
        deadline=today + timedelta(days=10),
        override_reason="x",
    )
    texts = [n.text for n in working.notices("330000", today)]
    assert any("2023" in t and "evaluation round" in t.lower() or "评估" in t for t in texts)
    later = today + timedelta(days=12)
    overdue = [n for n in working.notices("330000", later) if n.overdue]
    assert overdue and any("2023" in n.text for n in overdue)
    _submit_jiangsu(due)
    assert not [n for n in working.notices("320000", later) if "2023" in n.text and n.overdue]
    office = [n.text for n in working.notices("", later) if n.overdue]
    assert len([t for t in office if "2023" in t]) == 3  # Shanghai, Zhejiang, Anhui


def test_the_scheduling_evaluation_reads_the_frozen_round(api: Any, due: Any) -> None:
    done, late = due
    rounds.open_round(by=_office(), channel="api", period="14fyp", year=2023, override_reason="x")
    _submit_jiangsu(due)
    assert api.get(f"{ROUNDS}/14fyp/2023/evaluation", "office").status_code == 409
    rounds.close_round(by=_office(), channel="api", period="14fyp", year=2023)
    rows = {r["member"]: r for r in api.get(f"{ROUNDS}/14fyp/2023/evaluation", "sh-viewer").json()}
    js = rows["320000"]
    assert (js["due_projects"], js["completed"], js["late"], js["submitted"]) == (2, 1, 1, True)
    accounted = sum(
        (r.accounted_tonnes or Decimal(0)) for r in done.reductions.filter(pollutant_id="COD")
    )
    cod = next(p for p in js["pollutants"] if p["pollutant"] == "COD")
    assert cod["accounted_tonnes"] == float(accounted) and cod["accounted_tonnes"] > 0
    assert rows["310000"]["submitted"] is False and rows["310000"]["due_projects"] == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["评估日历", "逾期提交", "逾期未提交"]),
        ("en", ["Evaluation calendar", "submitted late"]),
    ],
)
def test_the_calendar_and_evaluation_pages_in_both_languages(
    client: Any, due: Any, lang: str, words: list[str]
) -> None:
    rounds.open_round(by=_office(), channel="api", period="14fyp", year=2023, override_reason="x")
    _submit_jiangsu(due)
    client.force_login(User.objects.get(username="js-viewer"))
    client.cookies["django_language"] = lang
    page = client.get("/projects/rounds/calendar/?year=2023")
    assert page.status_code == 200
    text = page.content.decode()
    assert all(w in text for w in words), words
    assert 'data-member="320000" data-lateness="late"' in text
    open_eval = client.get("/projects/rounds/14fyp/2023/evaluation/").content.decode()
    assert 'id="evaluation-projects"' not in open_eval
    rounds.close_round(by=_office(), channel="api", period="14fyp", year=2023)
    closed = client.get("/projects/rounds/14fyp/2023/evaluation/").content.decode()
    assert 'id="evaluation-projects"' in closed and 'data-pollutant="COD"' in closed
    title = "年度调度评估" if lang == "zh" else "Yearly scheduling evaluation"
    assert title in closed


def test_the_office_opens_a_round_on_the_page_outside_the_window_only_with_a_reason(
    client: Any,
) -> None:
    client.force_login(_office())
    client.cookies["django_language"] = "en"
    refused = client.post("/projects/rounds/open/", {"year": "2023"}, follow=True)
    assert "state the reason" in refused.content.decode()
    assert not EvaluationRound.objects.exists()
    client.post("/projects/rounds/open/", {"year": "2023", "override_reason": "catching up"})
    page = client.get("/projects/rounds/14fyp/2023/").content.decode()
    assert "catching up" in page


def test_the_command_line_gives_the_calendar_and_the_evaluation(due: Any) -> None:
    runner = CliRunner()
    rounds.open_round(by=_office(), channel="api", period="14fyp", year=2023, override_reason="x")
    _submit_jiangsu(due)
    out = runner.invoke(app, ["rounds", "calendar", "--year", "2023", "--json"], env=ENV)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {m["member"]: m["lateness"] for m in data["members"]}["320000"] == "late"
    zh = runner.invoke(app, ["rounds", "calendar", "--year", "2023", "--lang", "zh"], env=ENV)
    assert "逾期未提交" in zh.stdout and "江苏省" in zh.stdout
    en = runner.invoke(app, ["rounds", "calendar", "--year", "2023", "--lang", "en"], env=ENV)
    assert "submitted late" in en.stdout and "Members' submissions due" in en.stdout
    still_open = runner.invoke(
        app, ["rounds", "evaluation", "--year", "2023", "--lang", "en"], env=ENV
    )
    assert still_open.exit_code == 2 and "still open" in still_open.output
    rounds.close_round(by=_office(), channel="api", period="14fyp", year=2023)
    ev = runner.invoke(app, ["rounds", "evaluation", "--year", "2023", "--json"], env=ENV)
    rows = {r["member"]: r for r in json.loads(ev.stdout)}
    assert rows["320000"]["completed"] == 1
    bad = runner.invoke(app, ["rounds", "calendar", "--year", "99", "--lang", "en"], env=ENV)
    assert bad.exit_code == 2 and "99" in bad.output and "Traceback" not in bad.output
