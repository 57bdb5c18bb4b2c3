"""``deltacap working meetings|actions|remind`` in the run's language, with JSON for
scripts, errors in one line (exit 2)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.cli import app

pytestmark = pytest.mark.django_db
runner = CliRunner()
ENV = {"COLUMNS": "120", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _run(*args: str, lang: str = "zh") -> Any:
    return runner.invoke(app, ["working", *args, "--lang", lang], env=ENV)


def test_meetings_and_the_next_one(group: Any) -> None:
    zh = _run("meetings")
    assert zh.exit_code == 0, zh.output
    assert "示例会场" in zh.stdout and "下次会议已安排" in zh.stdout
    en = _run("meetings", "--json", lang="en")
    data = json.loads(en.stdout)
    assert [m["id"] for m in data["meetings"]] == [group.coming.pk, group.past.pk]
    assert data["half_year_without_meeting"] is False


def test_actions_of_a_member_and_the_overdue_ones(group: Any) -> None:
    overdue = json.loads(_run("actions", "--overdue", "--json").stdout)
    assert [a["id"] for a in overdue] == [group.js_item.pk]
    zj = json.loads(_run("actions", "--member", "330000", "--json").stdout)
    assert [a["owner"] for a in zj] == ["330000"]
    table = _run("actions", lang="en")
    assert "overdue" in table.stdout and "Jiangsu" in table.stdout and "not started" in table.stdout
    bad = _run("actions", "--member", "999", lang="en")
    assert bad.exit_code == 2 and "999" in bad.output and "Traceback" not in bad.output


def test_remind_lists_what_is_due_and_sends_only_when_turned_on(group: Any, settings: Any) -> None:
    listed = _run("remind", "--json")
    notices = json.loads(listed.stdout)["notices"]
    assert any("报送意见" in line for line in notices["320000"])
    refused = _run("remind", "--send", lang="en")
    assert refused.exit_code == 2 and "DELTACAP_WORKING_EMAIL" in refused.output
    settings.DELTACAP_WORKING_EMAIL = True
    sent = _run("remind", "--send", "--json")
    assert sent.exit_code == 0, sent.output
    assert json.loads(sent.stdout)["emails_sent"] == 2


def test_an_owner_updates_its_item_and_bad_input_writes_nothing(group: Any) -> None:
    from deltacap.working.models import ActionItem

    item = str(group.js_item.pk)
    started = _run(
        "action", item, "--as", "js-editor", "--status", "in_progress", "--note", "已汇总三市材料"
    )
    assert started.exit_code == 0, started.output
    assert "报送意见" in started.stdout and "推进中" in started.stdout

    def unchanged() -> None:
        kept = ActionItem.objects.get(pk=group.js_item.pk)
        assert (kept.status, kept.note, kept.evidence) == ("in_progress", "已汇总三市材料", "")

    no_evidence = _run(
        "action", item, "--as", "js-editor", "--status", "done", "--note", "改", lang="en"
    )
    assert no_evidence.exit_code == 2 and no_evidence.output.startswith("--evidence: ")
    assert "Traceback" not in no_evidence.output
    bad_status = _run("action", item, "--as", "js-editor", "--status", "closed", "--note", "改")
    assert bad_status.exit_code == 2 and bad_status.output.startswith("--status: ")
    assert "closed" in bad_status.output
    missing = _run("action", item, "--as", "js-editor", "--status", "done", "--file", "/nope.pdf")
    assert missing.exit_code == 2 and missing.output.startswith("--file: ")
    nobody = _run("action", item, "--as", "nobody", "--status", "done", "--evidence", "x")
    assert nobody.exit_code == 2 and nobody.output.startswith("--as: ")
    unchanged()

    theirs = _run(
        "action", str(group.zj_item.pk), "--as", "js-editor", "--status", "done", "--evidence", "x"
    )
    assert theirs.exit_code == 2 and "Traceback" not in theirs.output
    assert ActionItem.objects.get(pk=group.zj_item.pk).status == "open"
    unknown = _run("action", "99999", "--as", "js-editor", "--status", "done", lang="en")
    assert unknown.exit_code == 2 and "99999" in unknown.output

    done = _run(
        "action", item, "--as", "js-editor", "--status", "done", "--evidence", "已报送", "--json"
    )
    assert done.exit_code == 0, done.output
    row = json.loads(done.stdout)
    assert (row["status"], row["overdue"], row["note"], row["evidence"]) == (
        "done",
        False,
        "已汇总三市材料",
        "已报送",
    )
