"""The bay's shared monitoring: the simulated HJ 212 outlets of the demo's bay enterprises,
their daily NMHC against the strictest stack limit, shared with the officials of every
member (a Jiangsu viewer reads Zhejiang's) and an enterprise's own only; the page in both
languages and the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.cli import app
from deltacap.cli import petrochem as petrochem_cli
from deltacap.petrochem.demo import load_demo_petrochem, load_demo_petrochem_monitoring

pytestmark = pytest.mark.django_db
ENV = {"COLUMNS": "200", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture
def monitored(users: Any, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = str(tmp_path)
    load_demo_petrochem()
    assert load_demo_petrochem_monitoring() > 0


def test_every_official_reads_the_bay_s_daily_nmhc_against_the_strictest_limit(
    api: Any, monitored: None
) -> None:
    rows = api.get("/api/v1/petrochem/monitoring", "js-viewer", days=7).json()
    assert len(rows) == 4 and {r["member"] for r in rows} == {"310000", "330000"}
    for r in rows:
        assert r["factor"] == "a24088" and r["limit"] is not None
        assert r["limit"]["verified"] is False
        assert 7 <= len(r["days"]) <= 8
        day = r["days"][0]
        assert float(day["mean"]) > 0 and float(day["highest"]) >= float(day["mean"])
        # The gap is the daily mean less the strictest limit.
        assert float(day["difference"]) == pytest.approx(
            float(day["mean"]) - float(r["limit"]["value"])
        )
    shanghai = next(r for r in rows if r["member"] == "310000")
    assert shanghai["limit"]["standard"].startswith("DB31")
    assert api.get("/api/v1/petrochem/monitoring", "js-viewer", days=40).status_code == 422


def test_an_enterprise_reads_no_other_s_figures(api: Any, monitored: None) -> None:
    assert api.get("/api/v1/petrochem/monitoring", "ent-hangzhou").json() == []


def test_the_page_and_the_command_line_show_the_shared_figures(
    client: Any, users: Any, monitored: None
) -> None:
    client.force_login(users("js-viewer"))
    client.cookies["django_language"] = "en"
    text = client.get("/petrochem/monitoring/").content.decode()
    assert "Shared monitoring of the bay" in text and "of the limit" in text
    assert "镇海湾口炼化有限公司（示例）" in text
    client.cookies["django_language"] = "zh-hans"
    assert "共享监测" in client.get("/petrochem/monitoring/?days=14").content.decode()
    petrochem_cli.console.width = 200
    out = CliRunner().invoke(app, ["petrochem", "monitoring", "--json"], env=ENV)
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)) == 4
    table = CliRunner().invoke(app, ["petrochem", "monitoring", "--lang", "en"], env=ENV)
    assert "Hours above the limit" in table.output


def test_an_outlet_s_hours_of_a_day_are_shared_with_every_official(
    api: Any, monitored: None
) -> None:
    from django.utils import timezone

    rows = api.get("/api/v1/petrochem/monitoring", "js-viewer", days=3).json()
    outlet = rows[0]["outlet"]["id"]
    day = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    body = api.get(f"/api/v1/petrochem/monitoring/outlets/{outlet}", "js-viewer", day=day).json()
    assert 18 <= len(body["hours"]) <= 24 and body["limit"] is not None
    first = body["hours"][0]
    assert float(first["difference"]) == pytest.approx(
        float(first["mean"]) - float(body["limit"]["value"])
    )
    refused = api.get(f"/api/v1/petrochem/monitoring/outlets/{outlet}", "ent-hangzhou", day=day)
    assert refused.status_code == 404


def test_an_enterprise_s_page_shows_the_hours_of_a_chosen_day_against_its_strictest_limit(
    api: Any, client: Any, users: Any, monitored: None
) -> None:
    from django.utils import timezone

    from deltacap.petrochem.models import BayEnterprise

    bay = BayEnterprise.objects.get(enterprise__name="镇海湾口炼化有限公司（示例）")
    day = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    rows = api.get(f"/api/v1/petrochem/enterprises/{bay.pk}/hours", "sh-viewer", day=day).json()
    assert len(rows) == 1 and 18 <= len(rows[0]["hours"]) <= 24
    limit = rows[0]["limit"]["value"]
    for h in rows[0]["hours"]:
        assert h["above_limit"] == (float(h["mean"]) > float(limit))
    client.force_login(users("js-viewer"))
    client.cookies["django_language"] = "en"
    text = client.get(f"/petrochem/enterprises/{bay.pk}/?day={day}").content.decode()
    assert f"Online monitoring, hours of {day}" in text and 'id="outlet-hours-data"' in text
    empty = client.get(f"/petrochem/enterprises/{bay.pk}/?day=2001-01-01").content.decode()
    assert 'id="no-hours"' in empty
