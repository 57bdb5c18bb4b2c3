"""The bay's pages in both languages: the overview with open findings by member and the
overdue flagged, the limits side by side with the unverified marked, an enterprise with
its strictest limits and the finding form (errors at the field, nothing written), a
finding's rectification and closure, the office's campaigns and scope; an enterprise sees
its own findings only."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.petrochem.models import Campaign, Finding, ScopeDivision
from tests.petrochem.conftest import Bay

pytestmark = pytest.mark.django_db


def _as(client: Any, users: Any, name: str, lang: str = "zh-hans") -> Any:
    client.force_login(users(name))
    client.cookies["django_language"] = lang
    return client


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-hans", ("环杭州湾", "逾期", "超标排放", "浙江省", "未经核实")),
     ("en", ("Hangzhou Bay", "overdue", "Exceedance", "Zhejiang", "not verified"))],
)  # fmt: skip
def test_the_overview_lists_open_findings_by_member_and_flags_the_overdue(
    client: Any, users: Any, bay: Bay, lang: str, words: tuple[str, ...]
) -> None:
    Finding.objects.filter(pk=bay.finding.pk).update(deadline="2026-04-20")
    page = _as(client, users, "js-viewer", lang).get("/petrochem/")
    text = page.content.decode()
    assert page.status_code == 200
    for word in words:
        assert word in text, word
    assert 'id="by-member"' in text and "badge overdue" in text
    assert bay.ningbo.enterprise.name in text


def test_the_limits_page_puts_the_members_side_by_side(client: Any, users: Any) -> None:
    text = _as(client, users, "sh-viewer", "en").get("/petrochem/limits/").content.decode()
    for word in ("National", "Shanghai", "Zhejiang", "GB 31570", "GB 31571", "GB 37822",
                 "DB31/933", "values not verified"):  # fmt: skip
        assert word in text, word
    zh = _as(client, users, "sh-viewer").get("/petrochem/limits/").content.decode()
    assert "国家" in zh and "企业边界" in zh


def test_an_enterprise_page_shows_the_strictest_limit_and_records_a_finding(
    client: Any, users: Any, bay: Bay
) -> None:
    c = _as(client, users, "sh-editor", "en")
    text = c.get(f"/petrochem/enterprises/{bay.jinshan.pk}/").content.decode()
    assert "Strictest applicable limits" in text and "DB31/933" in text
    assert 'id="finding-form"' in text
    bad = c.post(f"/petrochem/enterprises/{bay.jinshan.pk}/findings/",
                 {"finding_kind": "ldar_gap", "description": "x", "found_on": "2026-04-15",
                  "deadline": "2026-01-01"})  # fmt: skip
    assert bad.status_code == 422 and "before the day of the finding" in bad.content.decode()
    assert Finding.objects.count() == 1
    good = c.post(f"/petrochem/enterprises/{bay.jinshan.pk}/findings/",
                  {"finding_kind": "unorganised", "description": "装车无油气回收",
                   "found_on": "2026-04-15", "deadline": "2026-07-01",
                   "petro_campaign": str(bay.campaign.pk), "point": "boundary",
                   "concentration": "5.2"})  # fmt: skip
    assert good.status_code == 302
    made = Finding.objects.exclude(pk=bay.finding.pk).get()
    page = c.get(good.url).content.decode()
    assert "Unorganised emissions" in page and "130.0% of the limit" in page
    assert made.campaign_id == bay.campaign.pk
    # Another member's editor sees no form at Jinshan and may not post one.
    other = _as(client, users, "zj-editor", "en")
    assert (
        'id="finding-form"'
        not in other.get(f"/petrochem/enterprises/{bay.jinshan.pk}/").content.decode()
    )
    refused = other.post(f"/petrochem/enterprises/{bay.jinshan.pk}/findings/",
                         {"finding_kind": "ldar_gap", "description": "x",
                          "deadline": "2026-12-01"})  # fmt: skip
    assert refused.status_code == 403 and Finding.objects.count() == 2


def test_a_finding_is_rectified_by_its_member_and_closed_by_the_office(
    client: Any, users: Any, bay: Bay
) -> None:
    url = f"/petrochem/findings/{bay.finding.pk}/"
    c = _as(client, users, "zj-editor")
    empty = c.post(url + "rectify/", {"measures": " "})
    assert empty.status_code == 422 and "field-error" in empty.content.decode()
    assert (
        c.post(url + "rectify/", {"measures": "更换活性炭", "day": "2026-05-02"}).status_code == 302
    )
    assert "整改中" in c.get(url).content.decode()
    office = _as(client, users, "office", "en")
    assert 'id="close-form"' in office.get(url).content.decode()
    assert office.post(url + "close/", {"note": "checked"}).status_code == 302
    assert Finding.objects.get(pk=bay.finding.pk).state == "closed"
    assert 'id="close-form"' not in office.get(url).content.decode()


def test_an_enterprise_sees_its_own_findings_and_no_other(
    client: Any, users: Any, bay: Bay
) -> None:
    c = _as(client, users, "ent-hangzhou", "en")
    assert c.get(f"/petrochem/findings/{bay.finding.pk}/").status_code == 403
    page = c.get("/petrochem/").content.decode()
    assert bay.ningbo.enterprise.name not in page
    assert c.get(f"/petrochem/enterprises/{bay.hangzhou.pk}/").status_code == 200
    assert c.get("/petrochem/campaigns/").status_code == 403


def test_the_office_creates_a_campaign_and_sets_the_scope(
    client: Any, users: Any, bay: Bay
) -> None:
    c = _as(client, users, "office", "en")
    bad = c.post("/petrochem/campaigns/create/", {"name": "秋季检查", "starts": "2026-10-10",
                                                  "ends": "2026-10-01",
                                                  "campaign_members": ["330000"]})  # fmt: skip
    assert bad.status_code == 422 and "ends before it starts" in bad.content.decode()
    ok = c.post("/petrochem/campaigns/create/", {"name": "秋季检查", "starts": "2026-10-01",
                                                 "ends": "2026-10-10",
                                                 "campaign_members": ["330000", "310000"],
                                                 "enterprises": [str(bay.ningbo.pk)]})  # fmt: skip
    assert ok.status_code == 302 and Campaign.objects.count() == 2
    assert "秋季检查" in c.get("/petrochem/campaigns/").content.decode()
    assert 'id="scope-form"' in c.get("/petrochem/scope/").content.decode()
    assert c.post("/petrochem/scope/set/", {"divisions": ["330200", "310116"]}).status_code == 302
    assert set(ScopeDivision.objects.values_list("division_id", flat=True)) == {"330200", "310116"}
    editor = _as(client, users, "zj-editor")
    assert editor.post("/petrochem/scope/set/", {"divisions": ["330200"]}).status_code == 403


def test_the_overview_maps_the_bay_s_enterprises_by_their_open_findings(
    client: Any, users: Any, bay: Bay
) -> None:
    import json
    import re

    Finding.objects.filter(pk=bay.finding.pk).update(deadline="2026-04-20")
    text = _as(client, users, "office", "en").get("/petrochem/").content.decode()
    assert 'id="bay-map"' in text and "echarts" in text
    found = re.search(r'<script id="bay-map-data" type="application/json">(.*?)</script>', text)
    assert found is not None
    data = json.loads(found.group(1))
    assert "310000" in data["bay"] and "330200" in data["bay"]
    states = {p["name"]: p["state"] for p in data["points"]}
    assert states[bay.ningbo.enterprise.name] == "open findings, overdue"
    assert states[bay.jinshan.enterprise.name] == "no open finding"
