"""Server-rendered pages: language, dashboard, editing targets in place, error pages, assets."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from deltacap.accounts.models import User
from deltacap.audit.models import AuditEvent
from deltacap.targets.models import Target

pytestmark = pytest.mark.django_db


def test_dashboard_is_chinese_by_default_and_shows_the_plans_table(client: Any) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "减排目标" in html and "长三角区域" in html
    # Region COD as the plan states it, in 万吨.
    assert re.search(r'id="cell-region-cod"[^>]*>\s*34\.71\s*</td>', html)
    assert 'id="cell-340000-vocs"' in html


def test_language_switch_stays_for_later_pages(client: Any) -> None:
    r = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Reduction targets" in html
    assert "Jiangsu" in html
    html = client.get("/login/").content.decode()
    assert "User name" in html


def test_every_script_and_style_is_served_by_the_platform(client: Any) -> None:
    html = client.get("/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for url in assets:
        assert not re.match(r"^(https?:)?//", url), url
    for url in [u for u in assets if u.startswith("/static/")]:
        response = client.get(url)
        assert response.status_code == 200, url
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()


def test_map_boundaries_are_served(client: Any) -> None:
    geo = client.get("/geo/cities.geojson").json()
    assert len(geo["features"]) == 41


def test_office_edits_a_target_in_place_in_wan_tonnes(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    url = "/targets/14fyp/320000/COD/"
    form = client.get(url, {"edit": "1"}).content.decode()
    assert 'name="value"' in form and "13.98" in form
    cell = client.post(url, {"value": "14.1"}).content.decode()
    assert "14.1" in cell
    assert Target.objects.get(period="14fyp", division="320000", pollutant="COD").tonnes == 141000
    assert AuditEvent.objects.latest("id").channel == "page"


def test_a_bad_value_in_place_shows_the_message_and_keeps_the_target(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    r = client.post("/targets/14fyp/320000/COD/", {"value": "很多"})
    assert r.status_code == 422
    assert "请输入数字" in r.content.decode()
    assert Target.objects.get(period="14fyp", division="320000", pollutant="COD").tonnes == 139800


def test_a_member_cannot_open_the_editor_of_a_target(client: Any) -> None:
    client.force_login(User.objects.get(username="js-editor"))
    assert "hx-get" not in client.get("/").content.decode().split("targets-table")[1][:4000]
    r = client.get("/targets/14fyp/320000/COD/", {"edit": "1"})
    assert r.status_code == 403
    assert "区域和省（市）目标由专班办公室设定" in r.content.decode()
    r = client.post("/targets/14fyp/320000/COD/", {"value": "1"})
    assert r.status_code == 403


def test_wrong_login_says_so_and_a_right_one_reaches_the_dashboard(client: Any) -> None:
    r = client.post("/login/", {"username": "office", "password": "nope"})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.content.decode()
    from tests.support import PASSWORD

    r = client.post("/login/", {"username": "office", "password": PASSWORD, "next": "/audit/"})
    assert r.status_code == 302 and r["Location"] == "/audit/"
    r = client.post(
        "/login/", {"username": "office", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert r["Location"] == "/"


def test_unknown_pages_and_records_answer_in_chinese_without_a_trace(client: Any) -> None:
    r = client.get("/no/such/page/")
    assert r.status_code == 404 and "没有该页面" in r.content.decode()
    client.force_login(User.objects.get(username="office"))
    r = client.get("/enterprises/999999/")
    assert r.status_code == 404 and "没有编号为 999999 的企业" in r.content.decode()
    assert "Traceback" not in r.content.decode()
    r = client.get("/?period=99fyp")
    assert r.status_code == 404


def test_an_editor_changes_an_enterprise_on_its_page(client: Any) -> None:
    user = User.objects.get(username="sz-editor")
    firm = User.objects.get(username="ent-suzhou").enterprise
    client.force_login(user)
    r = client.post(f"/enterprises/{firm.pk}/", {"contact_phone": "0512-6666 8888"})
    assert r.status_code == 302
    firm.refresh_from_db()
    assert firm.contact_phone == "0512-6666 8888"
    r = client.post(f"/enterprises/{firm.pk}/", {"contact_phone": "call me"})
    assert r.status_code == 422
    assert "请输入电话号码" in r.content.decode()
    firm.refresh_from_db()
    assert firm.contact_phone == "0512-6666 8888"


def test_enterprise_list_shows_only_what_the_reader_may_see(client: Any) -> None:
    client.force_login(User.objects.get(username="ent-hangzhou"))
    html = client.get("/enterprises/").content.decode()
    own = User.objects.get(username="ent-hangzhou").enterprise
    assert own.name in html
    assert re.findall(r'href="/enterprises/(\d+)/"', html) == [str(own.pk)]
    assert "共 1 家企业" in html


def test_audit_page_filters_and_is_closed_to_enterprises(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    html = client.get("/audit/", {"action": "user.create"}).content.decode()
    rows = html.split("<tbody>", 1)[1]
    assert "创建账号" in rows and "新增行政区划" not in rows
    r = client.get("/audit/", {"since": "not a date"})
    assert r.status_code == 422 and "日期" in r.content.decode()
    for outsider in ("ent-suzhou", "sz-editor"):
        client.force_login(User.objects.get(username=outsider))
        refused = client.get("/audit/")
        assert refused.status_code == 403 and "创建账号" not in refused.content.decode()


def test_office_enters_a_new_15th_fyp_target_in_an_empty_cell(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    html = client.get("/", {"period": "15fyp"}).content.decode()
    assert re.search(r'id="cell-region-tp"[^>]*hx-get="[^"]+"', html)
    assert "—" in html.split('id="cell-region-tp"')[1][:600]
    cell = client.post("/targets/15fyp/region/TP/", {"value": "6"}).content.decode()
    assert ">6<" in cell.replace("\n", "").replace(" ", "")
    target = Target.objects.get(period="15fyp", division="region", pollutant="TP")
    assert target.percent_cut == 6 and target.tonnes is None


def test_zero_can_be_entered_and_an_absurd_number_is_refused_cleanly(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    url = "/targets/14fyp/310000/NOx/"
    assert client.post(url, {"value": "0"}).status_code == 200
    assert Target.objects.get(period="14fyp", division="310000", pollutant="NOx").tonnes == 0
    r = client.post(url, {"value": "1e999999"})
    assert r.status_code == 422
    assert "请输入不大于 100000000 的数字" in r.content.decode()


def test_the_editor_starts_from_the_exact_figure_so_an_unchanged_save_changes_nothing(
    client: Any,
) -> None:
    Target.objects.filter(period="14fyp", division="310000", pollutant="NOx").update(
        tonnes=Decimal("1234.5")
    )
    client.force_login(User.objects.get(username="office"))
    url = "/targets/14fyp/310000/NOx/"
    form = client.get(url, {"edit": "1"}).content.decode()
    value = re.search(r'name="value"[^>]*value="([^"]*)"', form).group(1)  # type: ignore[union-attr]
    assert value == "0.12345"
    client.post(url, {"value": value})
    assert Target.objects.get(period="14fyp", division="310000", pollutant="NOx").tonnes == Decimal(
        "1234.5"
    )


def test_a_saved_cell_updates_the_warnings_and_the_chart_without_a_reload(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    r = client.post("/targets/14fyp/320000/NOx/", {"value": "9"})
    body = r.content.decode()
    assert 'id="target-warnings" hx-swap-oob="true"' in body
    region = Target.objects.get(period="14fyp", division="region", pollutant="NOx").tonnes
    members = sum(
        t.tonnes
        for t in Target.objects.filter(period="14fyp", division__level="member", pollutant="NOx")
    )
    assert members == region + 10000  # Jiangsu went from 8 to 9 万吨
    # In 万吨, as the table above the warning.
    wan = Decimal(10000)
    assert f"各省市目标合计 {members / wan:.2f} 万吨，区域目标为 {region / wan:.2f} 万吨" in body
    trigger = json.loads(r["HX-Trigger"])["targetsChanged"]
    nox = next(s for s in trigger["series"] if s["name"] == "氮氧化物")
    assert nox["data"][1] == 9.0  # Jiangsu, in 万吨


def test_htmx_calls_get_errors_in_the_flash_and_login_redirects_as_a_whole_page(
    client: Any,
) -> None:
    r = client.get("/targets/14fyp/320000/COD/", {"edit": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 403 and r["HX-Retarget"] == "#flash"
    assert "<html" not in r.content.decode()
    r = client.get("/enterprises/", HTTP_HX_REQUEST="true")
    assert r["HX-Redirect"].startswith("/login/")


def test_pages_refuse_a_post_without_its_csrf_token() -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="office"))
    r = strict.post("/targets/14fyp/320000/COD/", {"value": "1"})
    assert r.status_code == 403
    assert Target.objects.get(period="14fyp", division="320000", pollutant="COD").tonnes == 139800


def test_a_session_api_call_needs_the_csrf_token_but_a_bearer_call_does_not() -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="office"))
    url = "/api/v1/targets/14fyp/320000/COD"
    r = strict.patch(url, {"tonnes": 1}, content_type="application/json")
    assert r.status_code == 403
    assert "CSRF" in r.json()["detail"]
    strict.get("/")  # the page sets the CSRF cookie, as a browser would get it
    token = strict.cookies["csrftoken"].value
    r = strict.patch(
        url, {"tonnes": 139900}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert r.status_code == 200, r.content


def test_pages_stay_chinese_for_an_english_browser_until_the_user_switches(client: Any) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in html


def test_an_address_that_takes_a_form_opened_says_where_the_form_is(client: Any) -> None:
    client.force_login(User.objects.get(username="zj-editor"))
    response = client.get("/sharing/subscriptions/")
    text = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "此地址用于提交表单" in text and "Traceback" not in text
    assert client.get("/api/v1/targets", HTTP_ACCEPT="application/json").status_code == 200


def test_the_login_page_does_not_send_its_own_login_back_to_itself(client: Any) -> None:
    html = client.get("/login/").content.decode()
    assert "?next=/login/" not in html and "next=%2Flogin%2F" not in html
    assert "?next=/water/" in client.get("/water/").content.decode()
