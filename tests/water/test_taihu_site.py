"""An enterprise's position, set on the Taihu zone's page (htmx form) and on the command
line through the API's service: the office or the bureaus over the enterprise; whether it
lies in the 5 km zone follows at once; a position outside the Yangtze River Delta, text
that is no number, or a refusal is named in the user's language and nothing is written."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from deltacap.audit.models import AuditEvent
from deltacap.cli import app
from deltacap.enterprises.models import Enterprise
from deltacap.water import taihu
from deltacap.water.demo_lakes import load_demo_lakes
from deltacap.water.models_lakes import EnterpriseSite

TODAY = dt.date(2026, 8, 20)
HTMX = {"HTTP_HX_REQUEST": "true"}
runner = CliRunner()


@pytest.fixture
def lakes(db: Any) -> tuple[float, float]:
    """The demo's lakes; a position inside the zone (a located enterprise's)."""
    load_demo_lakes(TODAY)
    inside = taihu.inside()[0].site
    return inside.lon, inside.lat


def _unlocated(member: str) -> Enterprise:
    found = Enterprise.objects.filter(member_code=member, site__isnull=True).order_by("pk").first()
    assert found is not None
    return found


def _written() -> tuple[int, int]:
    return (
        EnterpriseSite.objects.count(),
        AuditEvent.objects.filter(action="water.enterprise.locate").count(),
    )


def _page(client: Any, lang: str = "zh-hans") -> str:
    client.cookies["django_language"] = lang
    response = client.get("/water/taihu/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_an_editor_sets_a_position_inside_the_zone_and_the_page_shows_it(
    lakes: tuple[float, float], client: Any, users: Any
) -> None:
    client.force_login(users("js-editor"))
    page = _page(client)
    assert 'id="site-form"' in page and "设置企业位置" in page
    e = _unlocated("320000")
    assert f'data-enterprise="{e.pk}"' not in page
    assert f'<option value="{_unlocated("330000").pk}"' not in page  # Zhejiang's: not its own
    lon, lat = lakes
    done = client.post(
        "/water/taihu/sites/",
        {"enterprise_id": e.pk, "lon": str(lon), "lat": str(lat), "source": "现场核实"},
        **HTMX,
    )
    assert done.status_code == 200
    said = done.content.decode().split('id="site-saved">')[1].split("</p>")[0]
    assert said.startswith(f"{e.name}：位置已设为") and "位于 5 公里范围内" in said
    site = EnterpriseSite.objects.get(enterprise=e)
    assert (site.lon, site.lat, site.source) == (lon, lat, "现场核实")
    event = AuditEvent.objects.get(action="water.enterprise.locate", object_id=e.pk)
    assert event.channel == "page"
    assert f'data-enterprise="{e.pk}"' in _page(client)  # now among those inside the zone


def test_a_plain_post_outside_the_zone_redirects_with_the_message_in_english(
    lakes: tuple[float, float], client: Any, users: Any
) -> None:
    client.force_login(users("office"))
    client.cookies["django_language"] = "en"
    e = _unlocated("330000")
    done = client.post(
        "/water/taihu/sites/", {"enterprise_id": e.pk, "lon": "118.80", "lat": "32.05"}, follow=True
    )
    assert done.status_code == 200
    html = done.content.decode()
    assert f"{e.name}: position set to 118.8, 32.05; outside the 5 km zone" in html
    assert f'data-enterprise="{e.pk}"' not in html


def test_bad_positions_are_named_in_the_users_language_and_nothing_is_written(
    lakes: tuple[float, float], client: Any, users: Any
) -> None:
    client.force_login(users("js-editor"))
    e = _unlocated("320000")
    before = _written()
    for values, lang, expected in [
        ({"lon": "140.5", "lat": "31.2"}, "zh-hans",
         "经度: 经度必须位于长三角区域内（东经 113 至 124 度），140.5 不在此范围内。"),
        ({"lon": "120.2", "lat": "40"}, "en",
         "Latitude: The latitude must lie in the Yangtze River Delta, from 26.5 to 36 degrees "
         "north; 40 lies outside it."),
        ({"lon": "东经120", "lat": "31.2"}, "zh-hans", "经度: 必须是数字。"),
        ({"lon": "", "lat": "31.2"}, "en", "Longitude: This must be a number."),
    ]:  # fmt: skip
        client.cookies["django_language"] = lang
        bad = client.post("/water/taihu/sites/", {"enterprise_id": e.pk, **values}, **HTMX)
        assert bad.status_code == 422, values
        html = bad.content.decode()
        assert html.split('id="site-error">')[1].split("</p>")[0] == expected
        assert f'value="{values["lon"]}"' in html  # the values typed are kept
    assert _written() == before


def test_who_may_not_locate_gets_no_form_and_a_refusal(
    lakes: tuple[float, float], client: Any, users: Any
) -> None:
    lon, lat = lakes
    before = _written()
    client.force_login(users("js-viewer"))
    assert 'id="site-form"' not in _page(client)
    refused = client.post(
        "/water/taihu/sites/", {"enterprise_id": _unlocated("320000").pk, "lon": lon, "lat": lat}
    )
    assert refused.status_code == 403
    client.force_login(users("zj-editor"))
    refused = client.post(
        "/water/taihu/sites/",
        {"enterprise_id": _unlocated("320000").pk, "lon": lon, "lat": lat},
        **HTMX,
    )
    assert refused.status_code == 403
    assert "只有专班办公室或企业所在地的主管部门" in refused.content.decode()
    client.logout()
    anonymous = client.post("/water/taihu/sites/", {"enterprise_id": 1, "lon": lon, "lat": lat})
    assert anonymous.status_code == 302
    assert _written() == before


# --- the command line ---------------------------------------------------------------------


def _run(*args: str) -> Any:
    return runner.invoke(app, ["water", "taihu-locate", *args])


def test_the_command_line_sets_a_position_as_a_named_account(
    lakes: tuple[float, float], users: Any
) -> None:
    e = _unlocated("320000")
    lon, lat = lakes
    done = _run(e.uscc, "--lon", str(lon), "--lat", str(lat), "--as", "js-editor", "--json")
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["enterprise"] == e.pk and out["inside"] and out["distance_to_shore_m"] <= 5000
    event = AuditEvent.objects.get(action="water.enterprise.locate", object_id=e.pk)
    assert event.channel == "cli" and event.actor.username == "js-editor"
    moved = _run(str(e.pk), "--lon", "118.8", "--lat", "32.05", "--as", "office", "--lang", "en")
    assert moved.exit_code == 0, moved.output
    assert f"{e.name}: position set to 118.8, 32.05; outside the 5 km zone" in moved.stdout
    assert EnterpriseSite.objects.get(enterprise=e).lon == 118.8


def test_the_command_line_names_the_option_and_writes_nothing(
    lakes: tuple[float, float], users: Any
) -> None:
    e = _unlocated("320000")
    before = _written()
    for args, expected in [
        ([e.uscc, "--lon", "100", "--lat", "31", "--as", "js-editor"],
         "--lon: 经度必须位于长三角区域内"),
        ([e.uscc, "--lon", "120.2", "--lat", "north", "--as", "js-editor", "--lang", "en"],
         "--lat: This must be a number."),
        ([e.uscc, "--lon", "120.2", "--lat", "31.3", "--as", "zj-editor", "--lang", "en"],
         "Only the region office or the bureaus over the enterprise set its position."),
        ([e.uscc, "--lon", "120.2", "--lat", "31.3", "--as", "js-viewer"], "只有专班办公室"),
        (["NOSUCHCODE", "--lon", "120.2", "--lat", "31.3", "--as", "office"],
         "--enterprise: 没有编号或统一社会信用代码为 NOSUCHCODE 的企业。"),
        ([e.uscc, "--lon", "120.2", "--lat", "31.3", "--as", "nobody"], "--as:"),
    ]:  # fmt: skip
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert _written() == before
