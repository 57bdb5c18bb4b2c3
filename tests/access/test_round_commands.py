"""The evaluation round's write commands keep to the access rules: ``deltacap rounds open``
and ``deltacap rounds close`` are the region office's; every other account is refused
with the rule's message and nothing is written (no round, no audit event)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.demo.load import DEMO_ACCOUNTS
from deltacap.projects.models import EvaluationRound

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "200", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}
OPEN = ["rounds", "open", "--year", "2024", "--override-reason", "补开", "--lang", "en"]
CLOSE = ["rounds", "close", "--year", "2024", "--lang", "en"]
OTHERS = [a.username for a in DEMO_ACCOUNTS if a.role != "office"]


def _state() -> tuple[list[tuple[int, str]], int]:
    rounds = list(EvaluationRound.objects.values_list("year", "state"))
    return rounds, AuditEvent.objects.filter(action__startswith="round.").count()


def test_only_the_office_opens_and_closes_a_round_from_the_command_line() -> None:
    runner = CliRunner()
    before = _state()
    for username in OTHERS:
        refused = runner.invoke(app, [*OPEN, "--as", username], env=ENV)
        assert refused.exit_code == 2, (username, refused.output)
        assert "Only the region office may do this." in refused.output, username
    assert _state() == before
    opened = runner.invoke(app, [*OPEN, "--as", "office"], env=ENV)
    assert opened.exit_code == 0, opened.output
    after_open = _state()
    for username in OTHERS:
        refused = runner.invoke(app, [*CLOSE, "--as", username], env=ENV)
        assert refused.exit_code == 2 and "Only the region office" in refused.output, username
    assert _state() == after_open
    closed = runner.invoke(app, [*CLOSE, "--as", "office"], env=ENV)
    assert closed.exit_code == 0, closed.output
    assert EvaluationRound.objects.get(year=2024).state == "closed"
