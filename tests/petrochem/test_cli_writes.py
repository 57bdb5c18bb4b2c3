"""The command line's writes for the Hangzhou Bay campaigns and findings: the office's
campaign, a finding recorded by the enterprise's bureaus, its rectification and closure,
each as the account ``--as`` names; refused or bad input: a message, nothing written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.petrochem.models import Campaign, Finding
from tests.petrochem.conftest import Bay

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "160", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--lang", "en"], env=ENV)


def test_the_office_starts_a_campaign(bay: Bay) -> None:
    rest = ("--member", "310000", "--member", "330000", "--enterprise", str(bay.ningbo.pk))
    head = ("petrochem", "campaign", "add", "--name", "2026 秋季联合检查", "--starts", "2026-09-01")
    args = (*head, "--ends", "2026-09-30", *rest)
    refused = _run(*args, "--as", "zj-editor")
    assert refused.exit_code == 2 and "Only the region office" in refused.output
    bad = _run(*head, "--ends", "2026-08-01", *rest, "--as", "office")
    assert bad.exit_code == 2 and "--ends:" in bad.output
    assert Campaign.objects.count() == 1
    done = _run(*args, "--as", "office", "--json")
    assert done.exit_code == 0, done.output
    made = json.loads(done.output)
    assert made["members"] == ["310000", "330000"] and made["enterprises"][0]["id"] == bay.ningbo.pk
    assert AuditEvent.objects.filter(action__startswith="petro_campaign", channel="cli").exists()


def test_a_finding_is_recorded_rectified_and_closed(bay: Bay) -> None:
    where = ("petrochem", "finding", "add", str(bay.ningbo.pk))
    rest = (
        "--description",
        "LDAR 台账缺失",
        "--found-on",
        "2026-05-02",
        "--deadline",
        "2026-07-31",
    )
    add = (*where, "--kind", "ldar_gap", *rest)
    refused = _run(*add, "--as", "js-editor")
    assert refused.exit_code == 2 and Finding.objects.count() == 1
    bad = _run(*where, "--kind", "smell", *rest, "--as", "zj-editor")
    assert bad.exit_code == 2 and "--finding-kind:" in bad.output
    done = _run(*add, "--as", "zj-editor")
    assert done.exit_code == 0 and "rectify by 2026-07-31" in done.output, done.output
    finding = Finding.objects.exclude(pk=bay.finding.pk).get()
    fixed = _run("petrochem", "finding", "rectify", str(finding.pk), "--measures", "补建台账",
                 "--day", "2026-05-20", "--as", "zj-editor")  # fmt: skip
    assert fixed.exit_code == 0, fixed.output
    assert _run("petrochem", "finding", "close", str(finding.pk), "--as",
                "sh-editor").exit_code == 2  # fmt: skip
    closed = _run("petrochem", "finding", "close", str(finding.pk), "--as", "office", "--json")
    assert closed.exit_code == 0 and json.loads(closed.output)["state"] == "closed"
    assert AuditEvent.objects.filter(action="petro_finding.rectify", channel="cli").exists()
