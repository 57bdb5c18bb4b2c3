"""The audit page as an official reads it: words, not codes; what changed; one row per
operation; filters labelled for what they are; "more" for the next events."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from deltacap.accounts.models import User
from deltacap.audit import services

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """What a reader sees: the page without its tags and attributes."""
    body = html.split("<main", 1)[-1]
    body = re.sub(r"<(script|style|select)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _office(client: Any, language: str = "zh-hans") -> Any:
    client.force_login(User.objects.get(username="office"))
    client.cookies["django_language"] = language
    return client


def test_a_target_change_shows_in_words_with_old_and_new_value(client: Any, api: Any) -> None:
    from deltacap.targets.models import Target

    target = Target.objects.get(period="14fyp", division="330000", pollutant="NOx")
    assert target.tonnes is not None
    new = target.tonnes + Decimal("777")
    api.send("PATCH", "/api/v1/targets/14fyp/330000/NOx", {"tonnes": str(new)}, "office")
    zh = _text(_office(client).get("/audit/", {"action": "target.set"}).content.decode())
    assert "设定目标" in zh and "浙江" in zh and "target.set" not in zh
    assert f"{target.tonnes.normalize():,f} → {new.normalize():,f}" in zh
    assert "{" not in zh and "None" not in zh  # no record as JSON
    en = _text(_office(client, "en").get("/audit/", {"action": "target.set"}).content.decode())
    assert "Target set" in en and "Zhejiang" in en and "Tonnes" in en


def test_the_date_filters_are_labelled_as_a_range_and_include_the_last_day(client: Any) -> None:
    today = timezone.localdate().isoformat()
    html = _office(client).get("/audit/", {"since": today, "until": today}).content.decode()
    assert re.search(r"<label[^>]*>从", html) and re.search(r"<label[^>]*>至", html)
    assert "修改前" not in html
    services.record(
        actor=None, channel="system", action="round.remind", object_type="trade", object_id=1
    )
    html = client.get("/audit/", {"until": today, "action": "round.remind"}).content.decode()
    assert "发送催办提醒" in _text(html)
    html = client.get("/audit/", {"until": date(2000, 1, 1).isoformat()}).content.decode()
    assert "没有符合筛选条件的记录" in html
    en = _office(client, "en").get("/audit/").content.decode()
    assert re.search(r"<label[^>]*>Date from", en) and re.search(r"<label[^>]*>Date to", en)


def test_one_operation_is_one_row_and_more_leads_to_the_next_events(client: Any) -> None:
    with transaction.atomic():
        for i in range(60):  # sixty writes, each another action than the one before
            services.record(
                actor=None,
                channel="system",
                action=["rights.ratio", "rights.pilot_county"][i % 2],
                object_type="market_setting",
                object_id=i,
            )
        for i in range(30):
            services.record(
                actor=None,
                channel="import",
                action="enterprise.create",
                object_type="enterprise",
                object_id=f"bulk-{i}",
                after={"name": f"企业{i}"},
            )
    _office(client)
    first = client.get("/audit/").content.decode()
    assert first.count('<tr class="group">') >= 1
    assert "同一操作写入的 30 条记录" in _text(first) and "企业29" in first
    more = re.search(r'<a href="([^"]+)" rel="next">更多</a>', first)
    assert more is not None
    second = client.get("/audit/" + more.group(1).replace("&amp;", "&")).content.decode()
    assert "最新" in _text(second)
    assert _rows(first) and _rows(second) and not set(_rows(first)) & set(_rows(second))


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="(?:event|group)">(.*?)</tr>', html, flags=re.S)


def test_a_cursor_that_was_not_given_out_shows_the_newest_events(client: Any) -> None:
    r = _office(client).get("/audit/", {"cursor": "x' or 1=1"})
    assert r.status_code == 200 and "Traceback" not in r.content.decode()


def test_a_range_that_ends_before_it_starts_is_named_and_an_empty_result_says_why(
    client: Any,
) -> None:
    r = _office(client).get("/audit/", {"since": "2026-12-06", "until": "2026-12-01"})
    assert r.status_code == 422 and "截止日期早于起始日期" in r.content.decode()
    html = client.get("/audit/", {"until": "2000-01-01"}).content.decode()
    assert "没有符合筛选条件的记录" in html


def test_a_members_staff_are_offered_their_own_member_only(client: Any) -> None:
    client.force_login(User.objects.get(username="js-viewer"))
    html = client.get("/audit/").content.decode()
    select = html.split('name="member"', 1)[1].split("</select>", 1)[0]
    assert "江苏省 (320000)" in select and "浙江省" not in select
    office = _office(client).get("/audit/").content.decode()
    assert "浙江省 (330000)" in office.split('name="member"', 1)[1].split("</select>", 1)[0]


def test_an_accounts_user_name_is_shown_as_written_in_both_languages(client: Any) -> None:
    """A user name has no other language: the trail marks it as written (``translate="no"``)
    where it names the record and where it is a changed value, so neither language's page
    presents it as words to translate."""
    for language in ("zh-hans", "en"):
        html = _office(client, language).get("/audit/", {"action": "user.create"}).content.decode()
        rows = re.findall(r'<tr class="event">(.*?)</tr>', html, flags=re.S)
        assert rows, "the demo's accounts were created with an event each"
        for row in rows:
            record_cell = re.findall(r"<td>(.*?)</td>", row, flags=re.S)[2]
            assert re.match(r'<span translate="no">[^<]+</span><br>', record_cell), record_cell
