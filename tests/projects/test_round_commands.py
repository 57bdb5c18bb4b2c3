"""``deltacap rounds open`` and ``deltacap rounds close``: the office opens a year's round
and closes (freezes) it from the command line, through the same services as the pages and
the API, acting as the account ``--as`` names; anyone else is refused in their language
and nothing is written."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.projects.models import EvaluationRound

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "200", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}
REASON = ["--override-reason", "补开2024年度评估"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["rounds", *args], env=ENV)
    return result.exit_code, result.output


def test_the_office_opens_and_closes_a_round() -> None:
    code, out = _run("open", "--year", "2024", *REASON, "--as", "office", "--lang", "en")
    assert code == 0, out
    assert "Evaluation round 14fyp 2024 opened; submissions due 2025-03-31." in out
    opened = AuditEvent.objects.filter(action="round.open").latest("id")
    assert opened.channel == "cli" and opened.actor.username == "office"
    assert opened.after["override_reason"] == "补开2024年度评估"
    code, out = _run("close", "--year", "2024", "--as", "office", "--json")
    assert code == 0, out
    closed = json.loads(out)
    assert closed["state"] == "closed" and closed["closed_at"] and closed["projects"] is not None
    frozen = EvaluationRound.objects.get(period_id="14fyp", year=2024)
    assert frozen.state == "closed" and frozen.snapshot is not None
    assert AuditEvent.objects.filter(action="round.close", channel="cli").count() == 1
    # Closed once: a second close is refused, in Chinese by default.
    code, out = _run("close", "--year", "2024", "--as", "office")
    assert code == 2 and "已" in out and "Traceback" not in out


@pytest.mark.parametrize("username", ["zj-editor", "js-viewer", "ent-suzhou"])
def test_a_round_is_opened_and_closed_by_the_office_only(username: str) -> None:
    code, out = _run("open", "--year", "2024", *REASON, "--as", username)
    assert code == 2 and "只有专班办公室可以执行此操作。" in out
    assert not EvaluationRound.objects.filter(year=2024).exists()
    code, out = _run("open", "--year", "2024", *REASON, "--as", username, "--lang", "en")
    assert code == 2 and "Only the region office may do this." in out
    assert _run("open", "--year", "2024", *REASON, "--as", "office")[0] == 0
    code, out = _run("close", "--year", "2024", "--as", username, "--lang", "en")
    assert code == 2 and "Only the region office may do this." in out
    assert EvaluationRound.objects.get(year=2024).state == "open"


def test_bad_input_is_named_and_nothing_is_written() -> None:
    code, out = _run("open", "--year", "2024", "--as", "office", "--lang", "en")
    assert code == 2 and "--override-reason: The round for 2024 opens within" in out
    code, out = _run(
        "open", "--year", "2024", *REASON, "--deadline", "31/03/2025", "--as", "office"
    )
    assert code == 2 and "--deadline: 请按 YYYY-MM-DD 格式输入截止日期。" in out
    code, out = _run("open", "--year", "2024", *REASON, "--as", "nobody", "--lang", "en")
    assert code == 2 and "--as: No active account nobody." in out
    code, out = _run("close", "--year", "2023", "--as", "office", "--lang", "en")
    assert code == 2 and "--round: No evaluation round for 14fyp 2023." in out
    assert not EvaluationRound.objects.filter(year__in=(2023, 2024)).exists()
    assert not AuditEvent.objects.filter(action__startswith="round.").exists()
