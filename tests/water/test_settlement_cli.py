"""The command line's eco-compensation writes: a year settled and approved by both parties
and the office, each as a named account through the service the API and the pages use;
a refusal or bad input is one translated line naming what was wrong (exit 2), nothing
written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.water.models import Settlement, SettlementApproval

pytestmark = pytest.mark.usefixtures("water")


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, ["water", "settlements", *args])


def _written() -> tuple[int, int, int]:
    return (
        Settlement.objects.count(),
        SettlementApproval.objects.count(),
        AuditEvent.objects.filter(action__startswith="water.compensation").count(),
    )


def test_a_year_settled_and_approved_by_three_accounts() -> None:
    done = _run("settle", "xinanjiang", "--year", "2019", "--p", "1.02", "--as", "ah-editor")
    assert done.exit_code == 0, done.output
    s = Settlement.objects.get(agreement="xinanjiang", year=2019)
    # P > 1: upstream Anhui pays downstream Zhejiang; round 3 (2018–2020).
    assert done.stdout.startswith(f"结算 {s.pk}：xinanjiang 2019 年（第 3 轮）：P = 1.0200；")
    assert "340000 向 330000 支付 200,000,000 元" in done.stdout
    assert (s.payer, s.payee, s.round, str(s.p)) == ("340000", "330000", 3, "1.0200")
    event = AuditEvent.objects.get(action="water.compensation.settle", object_id="xinanjiang-2019")
    assert event.channel == "cli" and event.actor.username == "ah-editor"
    first = _run("approve", str(s.pk), "--as", "zj-editor", "--lang", "en")
    assert first.exit_code == 0, first.output
    assert "Approvals: Downstream party. Awaiting approval." in first.stdout
    _run("approve", str(s.pk), "--as", "office")
    last = _run("approve", str(s.pk), "--as", "ah-editor", "--json")
    assert last.exit_code == 0, last.output
    out = json.loads(last.stdout)
    assert out["status"] == "settled" and out["payer"] == "340000"
    assert sorted(a["approved_by"] for a in out["approvals"]) == [
        "ah-editor",
        "office",
        "zj-editor",
    ]
    listed = json.loads(_run("--json", "--agreement", "xinanjiang").stdout)
    assert [x["year"] for x in listed] == [2019, 2025]


def test_a_year_from_the_samples_at_jiekou() -> None:
    Settlement.objects.filter(year=2025).delete()
    done = _run("settle", "xinanjiang", "--year", "2025", "--as", "office", "--json")
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["inputs"]["p_from"] == "samples" and out["status"] == "pending"


def test_refusals_and_bad_input_name_what_was_wrong_and_write_nothing() -> None:
    pending = Settlement.objects.create(
        agreement="xinanjiang", year=2018, round=3, upstream="340000", downstream="330000",
        section="jiekou", p="0.8", payer="330000", payee="340000", amount_fen=1, inputs={},
    )  # fmt: skip
    before = _written()
    for args, expected in [
        # Jiangsu is no party of the Xin'anjiang agreement; a viewer writes nothing.
        (["settle", "xinanjiang", "--year", "2019", "--p", "1", "--as", "js-editor"],
         "只有专班办公室或协议一方可以生成年度结算"),
        (["settle", "xinanjiang", "--year", "2019", "--p", "1", "--as", "sh-viewer",
          "--lang", "en"], "Only the region office or a party of the agreement settles"),
        (["approve", str(pending.pk), "--as", "sh-viewer", "--lang", "en"],
         "Only the region office or a party of the agreement approves"),
        (["settle", "xinanjiang", "--year", "2021", "--p", "1", "--as", "office"], "--year:"),
        (["settle", "xinanjiang", "--year", "20x9", "--as", "office", "--lang", "en"],
         "--year: The year must be a whole number"),
        (["settle", "xinanjiang", "--year", "2019", "--p", "lots", "--as", "office"], "--p:"),
        (["settle", "xinanjiang", "--year", "2023", "--as", "office"], "--p:"),
        (["settle", "nile", "--year", "2019", "--p", "1", "--as", "office"], "--agreement:"),
        (["settle", "xinanjiang", "--year", "2025", "--p", "1", "--as", "office"], "--year:"),
        (["settle", "xinanjiang", "--year", "2019", "--p", "1", "--as", "nobody"], "--as:"),
        (["approve", "12x", "--as", "office"], "--settlement:"),
        (["approve", "999999", "--as", "office", "--lang", "en"], "No settlement with id"),
    ]:  # fmt: skip
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert _written() == before
