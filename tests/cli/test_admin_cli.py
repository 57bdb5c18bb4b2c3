"""The operator's commands: accounts, targets, audit, and the guarded Django commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.cli import app

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_setpassword_changes_the_password_and_is_audited_with_who_ran_it() -> None:
    result = runner.invoke(app, ["setpassword", "js-viewer", "--password", "New-password-2026"])
    assert result.exit_code == 0, result.output
    assert User.objects.get(username="js-viewer").check_password("New-password-2026")
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.channel, event.member_code) == (
        "user.set_password",
        "cli",
        "320000",
    )
    assert event.origin.startswith("cli:") and "@" in event.origin


def test_setpassword_refuses_a_short_password_and_an_unknown_account() -> None:
    result = runner.invoke(app, ["setpassword", "js-viewer", "--password", "short"])
    assert result.exit_code == 2 and "password:" in result.output
    assert runner.invoke(app, ["setpassword", "nobody", "--password", "x" * 12]).exit_code == 2


@pytest.mark.parametrize(
    "command", ["shell", "createsuperuser", "changepassword", "flush", "loaddata", "dbshell"]
)
def test_django_commands_that_would_bypass_the_audit_trail_are_refused(command: str) -> None:
    result = runner.invoke(app, ["manage", command])
    assert result.exit_code == 2
    assert "migrate" in result.output  # the message lists what is allowed


def test_targets_list_names_an_unknown_period_without_a_trace() -> None:
    result = runner.invoke(app, ["targets", "list", "--period", "nope"])
    assert result.exit_code == 2
    assert "period:" in result.output and "Traceback" not in result.output


def test_targets_list_gives_every_target_as_the_api_does(client: Any) -> None:
    result = runner.invoke(app, ["targets", "list", "--period", "14fyp", "--json"])
    assert result.exit_code == 0, result.output
    api = client.get("/api/v1/targets", {"period": "14fyp", "include_cities": "true"}).json()
    assert len(api) >= 20  # region and members by four pollutants at least
    assert json.loads(result.output) == api


def test_audit_lists_events_as_json_and_refuses_a_negative_limit() -> None:
    result = runner.invoke(app, ["audit", "--limit", "3", "--json"])
    assert result.exit_code == 0
    events = json.loads(result.stdout)  # the next page's cursor is on standard error
    assert len(events) == 3 and {"actor", "action", "origin"} <= set(events[0])
    assert runner.invoke(app, ["audit", "--limit", "-1"]).exit_code == 2


def test_a_command_on_a_folder_without_a_database_says_to_run_init(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DELTACAP_DATA_DIR")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from deltacap.cli import main; main()",
            "audit",
            "--data-dir",
            str(tmp_path / "empty"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "deltacap init" in result.stderr and "Traceback" not in result.stderr
