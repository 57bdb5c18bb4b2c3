"""Information sharing: what changed since a day per member and category, read from the
audit trail and kept to what the reader may read; the office's policy per category; a
person's own subscriptions and the daily digest (page, API, command line, e-mail)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from deltacap.accounts.models import User
from deltacap.accounts.permissions import PLATFORM
from deltacap.audit import services as audit
from deltacap.audit.models import AuditEvent
from deltacap.cli import app

pytestmark = pytest.mark.django_db
CHANGES = "/api/v1/sharing/changes"
ENV = {"COLUMNS": "160", "DELTACAP_LANG": "", "LC_ALL": "", "LC_MESSAGES": ""}


def _event(action: str, kind: str, oid: str, member: str, **after: Any) -> None:
    audit.record(
        actor=PLATFORM,
        channel="system",
        action=action,
        object_type=kind,
        object_id=oid,
        member_code=member,
        after={"name": f"{oid} 示例", **after},
    )


@pytest.fixture
def trail(db: Any) -> None:
    """A change of each category in Zhejiang and Jiangsu, a region target, and what is no
    category (an enterprise's rights holding, a monitoring outlet)."""
    _START.append(timezone.localtime().isoformat())
    _event("project.update", "project", "ZJ-1", "330000", status="commissioned")
    _event("project.update", "project", "JS-1", "320000", status="verified")
    _event("target.set", "target", "14fyp/region/COD", "", tonnes="100")
    _event("target.set", "target", "14fyp/330100/COD", "330000", tonnes="10")
    _event("water.import", "water_section", "ZJ-S1", "330000", samples=3)
    _event("air_station.update", "air_station", "7", "330000")
    _event("rights.issue", "holding", "5", "330000", kg=1000)
    _event("outlet.limits", "outlet", "9", "330000")


_START: list[str] = []


def _since() -> str:
    """The moment the trail began (the session's world wrote events earlier today)."""
    return _START[-1]


def _records(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {c["record"] for c in response.json()}


def test_every_member_reads_the_shared_categories_but_no_enterprise_detail(
    api: Any, trail: None
) -> None:
    seen = _records(api.get(CHANGES, "js-viewer", since=_since()))
    assert seen == {
        "ZJ-1", "JS-1", "14fyp/region/COD", "14fyp/330100/COD", "ZJ-S1", "7"
    }  # fmt: skip
    everything = _records(api.get(CHANGES, "office", since=_since()))
    assert "5" not in everything and "9" not in everything  # rights and outlets: not shared
    rows = api.get(CHANGES, "office", since=_since()).json()
    categories = {c["record"]: c["category"] for c in rows}
    assert categories["14fyp/region/COD"] == "targets"
    assert categories["14fyp/330100/COD"] == "indicators"
    assert categories["ZJ-S1"] == "water" and categories["7"] == "air"
    assert api.get(CHANGES, "ent-suzhou", since=_since()).status_code == 403
    assert api.get(CHANGES, "sz-editor", since=_since()).status_code == 403


def test_the_office_keeps_a_category_to_its_own_member(api: Any, trail: None) -> None:
    body = {"category": "projects", "scope": "own_member"}
    assert api.send("PUT", "/api/v1/sharing/policy", body, "js-editor").status_code == 403
    r = api.send("PUT", "/api/v1/sharing/policy", body, "office")
    assert r.status_code == 200 and {"category": "projects", "scope": "own_member"} in r.json()
    assert AuditEvent.objects.filter(action="sharing.policy", object_id="projects").exists()
    js = _records(api.get(CHANGES, "js-viewer", since=_since(), category="projects"))
    assert js == {"JS-1"}  # Zhejiang's project is no longer Jiangsu's to read
    zj = _records(api.get(CHANGES, "zj-editor", since=_since(), category="projects"))
    assert zj == {"ZJ-1"}
    assert _records(api.get(CHANGES, "office", since=_since(), category="projects")) == {
        "ZJ-1",
        "JS-1",
    }
    bad = api.send(
        "PUT", "/api/v1/sharing/policy", {"category": "projects", "scope": "x"}, "office"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "scope"


def test_the_feed_filters_by_member_category_and_day(api: Any, trail: None) -> None:
    zj_water = api.get(CHANGES, "js-editor", since=_since(), member="330000", category="water,air")
    assert _records(zj_water) == {"ZJ-S1", "7"}
    region = api.get(CHANGES, "js-editor", since=_since(), member="region")
    assert _records(region) == {"14fyp/region/COD"}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert _records(api.get(CHANGES, "office", since=tomorrow)) == set()
    bad = api.get(CHANGES, "office", since=_since(), category="rights", lang="en")
    assert bad.status_code == 422 and bad.json()["field"] == "category"
    assert "targets, indicators" in bad.json()["detail"]
    assert api.get(CHANGES, "office", since="yesterday").status_code == 422


def test_a_person_subscribes_only_itself(api: Any) -> None:
    url = "/api/v1/sharing/subscriptions"
    r = api.send("PUT", url, {"categories": ["water", "projects"]}, "js-editor")
    assert r.status_code == 200 and r.json() == {"categories": ["projects", "water"]}
    assert api.get(url, "js-editor").json() == {"categories": ["projects", "water"]}
    assert api.get(url, "zj-editor").json() == {"categories": []}
    assert api.send("PUT", url, {"categories": ["water"]}, "js-viewer").status_code == 403
    assert api.send("PUT", url, {"categories": ["rights"]}, "js-editor").status_code == 422


def test_the_daily_digest_on_the_command_line_and_by_mail(
    api: Any, trail: None, settings: Any
) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["sharing", "digest", "--since", _since(), "--json"], env=ENV)
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    parts = {(p["member"], p["category"]) for p in data["parts"]}
    assert ("330000", "projects") in parts and ("", "targets") in parts
    assert data["count"] == 6
    zh = runner.invoke(app, ["sharing", "digest", "--since", _since(), "--lang", "zh"], env=ENV)
    assert "浙江省" in zh.stdout and "ZJ-S1 示例" in zh.stdout
    refused = runner.invoke(
        app, ["sharing", "digest", "--since", _since(), "--send", "--lang", "en"], env=ENV
    )
    assert refused.exit_code == 2 and "DELTACAP_SHARING_EMAIL" in refused.output
    User.objects.filter(username__in=["js-editor", "zj-editor"]).update(email="x@example.invalid")
    api.send("PUT", "/api/v1/sharing/subscriptions", {"categories": ["projects"]}, "js-editor")
    api.send(
        "PUT", "/api/v1/sharing/policy", {"category": "projects", "scope": "own_member"}, "office"
    )
    settings.DELTACAP_SHARING_EMAIL = True
    sent = runner.invoke(app, ["sharing", "digest", "--since", _since(), "--send"], env=ENV)
    assert sent.exit_code == 0, sent.output
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["x@example.invalid"]
    body = mail.outbox[0].body
    assert "JS-1" in body and "ZJ-1" not in body and "ZJ-S1" not in body
    bad = runner.invoke(app, ["sharing", "digest", "--since", "soon", "--lang", "en"], env=ENV)
    assert bad.exit_code == 2 and "soon" in bad.output and "Traceback" not in bad.output


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["共享变化", "地表水水质"]), ("en", ["What changed since", "Surface-water quality"])],
)
def test_the_page_in_both_languages(client: Any, trail: None, lang: str, words: list[str]) -> None:
    client.force_login(User.objects.get(username="js-editor"))
    client.cookies["django_language"] = lang
    page = client.get("/sharing/", {"since": _since()})
    text = page.content.decode()
    assert page.status_code == 200 and all(w in text for w in words), words
    assert 'data-member="330000" data-category="water"' in text
    assert 'id="save-subscriptions"' in text and 'name="scope"' not in text
    only_air = client.get("/sharing/", {"since": _since(), "category": "air"}).content.decode()
    assert 'data-member="330000" data-category="water"' not in only_air
    assert 'data-member="330000" data-category="air"' in only_air
    client.post("/sharing/subscriptions/", {"category": ["air"]})
    assert 'value="air" checked' in client.get("/sharing/").content.decode()


def test_the_office_sets_the_policy_on_the_page(client: Any) -> None:
    client.force_login(User.objects.get(username="office"))
    client.cookies["django_language"] = "en"
    assert 'name="scope"' in client.get("/sharing/").content.decode()
    client.post("/sharing/policy/", {"category": "water", "scope": "own_member"})
    page = client.get("/sharing/").content.decode()
    assert 'data-category="water" data-scope="own_member"' in page
    client.force_login(User.objects.get(username="js-viewer"))
    refused = client.post("/sharing/policy/", {"category": "water", "scope": "all_members"})
    assert refused.status_code == 403
