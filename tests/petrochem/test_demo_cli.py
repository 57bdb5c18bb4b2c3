"""The demo of the bay (synthetic, marked 示例, findings in every state, one overdue; a
second run adds nothing) and the command line (limits, campaigns, findings --open
--member, in both languages and as JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.cli import app
from deltacap.cli import petrochem as petrochem_cli
from deltacap.domain.uscc import validate
from deltacap.petrochem.demo import load_demo_petrochem
from deltacap.petrochem.models import BayEnterprise, Campaign, Finding

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "200", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture
def demo(users: Any, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = str(tmp_path)
    assert load_demo_petrochem() == 5


def _run(*args: str) -> Any:
    petrochem_cli.console.width = 200
    return CliRunner().invoke(app, ["petrochem", *args], env=ENV)


def test_the_demo_is_synthetic_marked_and_has_findings_in_every_state(demo: None) -> None:
    bay = list(BayEnterprise.objects.select_related("enterprise"))
    assert len(bay) == 8
    assert all(b.synthetic and b.enterprise.synthetic and "示例" in b.enterprise.name for b in bay)
    assert all(validate(b.enterprise.uscc) for b in bay)
    assert {b.member_code for b in bay} == {"310000", "330000"}
    campaign = Campaign.objects.get()
    assert "示例" in campaign.name and campaign.enterprises.count() == 5
    states = sorted(Finding.objects.values_list("state", flat=True))
    assert states == ["closed", "open", "open", "open", "rectifying"]
    from django.utils import timezone

    today = timezone.localdate()
    assert [f.enterprise.enterprise.name for f in Finding.objects.all() if f.overdue(today)] == [
        "平湖独山港化工有限公司（示例）"
    ]
    assert load_demo_petrochem() == 0 and Finding.objects.count() == 5


def test_the_command_line_lists_limits_campaigns_and_open_findings(demo: None) -> None:
    limits = _run("limits", "--lang", "en")
    assert limits.exit_code == 0, limits.output
    assert "GB 31571" in limits.output and "not verified" in limits.output
    zh = _run("limits", "--lang", "zh")
    assert "VOCs 限值对照" in zh.output and "国家" in zh.output
    rows = json.loads(_run("limits", "--json", "--lang", "zh").output)
    assert {"石油炼制", "全部工艺"} <= {r["process_name"] for r in rows}
    campaigns = _run("campaigns", "--lang", "en")
    assert "示例" in campaigns.output and "Shanghai" in campaigns.output
    open_zj = _run("findings", "--open", "--member", "330000", "--json")
    rows = json.loads(open_zj.output)
    assert {r["member"] for r in rows} == {"330000"} and len(rows) == 2
    assert all(r["state"] != "closed" for r in rows)
    overdue = json.loads(_run("findings", "--overdue", "--json").output)
    assert [r["enterprise"]["name"] for r in overdue] == ["平湖独山港化工有限公司（示例）"]
    table = _run("findings", "--open", "--lang", "en")
    assert "overdue" in table.output and "Unorganised emissions" in table.output
    bad = _run("findings", "--member", "999999", "--lang", "en")
    assert bad.exit_code == 2 and "no member" in bad.output.lower()
    scope = _run("scope", "--lang", "zh")
    assert "金山区" in scope.output and "未经核实" in scope.output


def test_the_demo_s_fence_line_stations_have_four_weeks_with_one_exceedance(
    demo: None, api: Any
) -> None:
    from datetime import datetime

    from deltacap.petrochem.demo import fence_days, load_demo_petrochem_fence
    from deltacap.petrochem.models import FenceStation

    now = datetime(2026, 12, 7, 10)
    assert load_demo_petrochem_fence(now) == 4 * 28 * 24
    assert load_demo_petrochem_fence(now) == 0  # a second run adds nothing
    stations = list(FenceStation.objects.all())
    assert len(stations) == 4 and all(s.synthetic and "示例" in s.name for s in stations)
    first, days = fence_days(now)
    assert first == datetime(2026, 7, 1) and days == 28
    # Inside the demo's year of air data (up to now) and an ozone season, even in June.
    june_first, _ = fence_days(datetime(2027, 6, 10))
    assert june_first.date().isoformat() == "2027-05-13"
    found = api.get("/api/v1/petrochem/fence/exceedances", "sh-viewer", end="2026-07-28",
                    days=28).json()  # fmt: skip
    assert [(e["station"]["code"], e["hour"]) for e in found] == [
        ("DEMO-FL-03", "2026-07-10T14:00:00")
    ]
