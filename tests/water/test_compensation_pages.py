"""The eco-compensation pages in both languages: an agreement's P by year against 1 with
the money flows and its rounds (unverified values marked), the settlement with its frozen
inputs and the approvals of both parties and the office."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.water.models import Settlement

pytestmark = pytest.mark.usefixtures("water")


def _get(client: Any, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_water_page_links_the_agreements(client: Any) -> None:
    html = _get(client, "/water/", "zh-hans")
    table = html.split('id="agreements"')[1].split("</table>")[0]
    assert "新安江流域上下游横向生态补偿" in table and "/water/compensation/xinanjiang/" in table
    assert "2025" in table and "已结算" in table
    en = _get(client, "/water/", "en")
    assert "Eco-compensation" in en and "Settled" in en


def test_the_agreement_page_in_chinese(client: Any) -> None:
    demo = Settlement.objects.get(agreement="xinanjiang", year=2025)
    html = _get(client, "/water/compensation/xinanjiang/", "zh-hans")
    assert "p-chart-data" in html and 'id="p-chart"' in html
    flows = html.split('id="settlements"')[1].split("</table>")[0]
    payer, payee = ("浙江省", "安徽省") if demo.p <= 1 else ("安徽省", "浙江省")
    assert f"<td>{payer}</td><td>→ {payee}</td>" in flows
    assert "2 亿元" in flows and str(demo.p) in flows and "合成" in flows
    assert "第 1 轮（2012–2014）" in html and "稳定系数 K0" in html and "未核实" in html
    assert "街口" in html and "结算年度" not in html  # no form for the public
    assert client.get("/water/compensation/nowhere/").status_code == 404


def test_the_agreement_page_in_english_and_the_example_agreement(client: Any) -> None:
    html = _get(client, "/water/compensation/xinanjiang/", "en")
    assert "P by year" in html and "Money flows" in html and "Zhejiang" in html
    assert "200 million yuan" in html and "unverified" in html and "Round 4 (from 2023)" in html
    assert "未核实" not in html
    assert "the central government pays Anhui" in html and "第一轮" not in html
    assert "monitored jointly by Anhui and Zhejiang" in html
    taipu = _get(client, "/water/compensation/taipu/", "en")
    assert "every value is an example configuration" in taipu and "示例" not in taipu
    assert 'id="illustrative"' in taipu and "No settlement yet." in taipu


def test_a_party_settles_a_year_and_a_bad_value_is_shown_at_its_field(
    client: Any, users: Any
) -> None:
    client.force_login(users("zj-editor"))
    html = _get(client, "/water/compensation/xinanjiang/", "en")
    assert 'id="settle-form"' in html
    bad = client.post("/water/compensation/xinanjiang/settle/", {"year": "2021", "p": ""})
    assert bad.status_code == 422
    assert 'id="error-year"' in bad.content.decode()
    bad = client.post("/water/compensation/xinanjiang/settle/", {"year": "2019", "p": "abc"})
    assert bad.status_code == 422 and 'id="error-p"' in bad.content.decode()
    assert Settlement.objects.count() == 1
    done = client.post("/water/compensation/xinanjiang/settle/", {"year": "2019", "p": "1.1"})
    assert done.status_code == 302
    made = Settlement.objects.get(year=2019)
    assert done["Location"] == f"/water/compensation/settlements/{made.pk}/"


def test_the_settlement_page_approves_side_by_side(client: Any, users: Any) -> None:
    client.force_login(users("office"))
    client.post("/water/compensation/xinanjiang/settle/", {"year": "2019", "p": "1.1"})
    s = Settlement.objects.get(year=2019)
    url = f"/water/compensation/settlements/{s.pk}/"
    for name, lang in (("zj-editor", "zh-hans"), ("ah-editor", "en"), ("office", "zh-hans")):
        client.force_login(users(name))
        html = _get(client, url, lang)
        assert 'id="approve"' in html
        assert client.post(f"{url}approve/").status_code == 302
        assert 'id="approve"' not in _get(client, url, lang)
    s.refresh_from_db()
    assert s.settled
    zh = _get(client, url, "zh-hans")
    assert "安徽省 → 浙江省: 2 亿元" in zh.replace("</strong>", "").replace("<strong>", "")
    assert "已结算" in zh and "批准" in zh and "给定" in zh
    client.logout()
    en = _get(client, url, "en")  # settled: the public reads it
    assert "Settled" in en and "Downstream party" in en and "Region office" in en


def test_a_pending_settlement_is_hidden_from_the_public_and_a_viewer_cannot_approve(
    client: Any, users: Any
) -> None:
    client.force_login(users("office"))
    client.post("/water/compensation/xinanjiang/settle/", {"year": "2019", "p": "0.9"})
    s = Settlement.objects.get(year=2019)
    url = f"/water/compensation/settlements/{s.pk}/"
    client.force_login(users("js-viewer"))
    assert 'id="approve"' not in _get(client, url, "en")
    assert client.post(f"{url}approve/").status_code == 403
    client.force_login(users("js-editor"))
    assert client.post(f"{url}approve/").status_code == 403
    client.logout()
    assert client.get(url).status_code == 404
    assert not s.approvals.exists()


def test_the_demo_settlement_shows_its_frozen_inputs(client: Any) -> None:
    demo = Settlement.objects.get(agreement="xinanjiang", year=2025)
    html = _get(client, f"/water/compensation/settlements/{demo.pk}/", "zh-hans")
    inputs = html.split('id="inputs"')[1].split("</table>")[0]
    assert "高锰酸盐指数" in inputs and "总磷" in inputs and inputs.count(">12<") == 4
    assert "合成" in html and "2025-01-10" in html
