"""/api/v1/petrochem: the limits side by side, the bay's enterprises with their strictest
limits, campaigns, findings with rectification and closure, open findings by member;
bad input answered with the field in the caller's language, nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.petrochem.models import Finding
from tests.petrochem.conftest import Bay

pytestmark = pytest.mark.django_db
BASE = "/api/v1/petrochem"


def test_the_limits_table_names_standards_members_and_the_unverified(api: Any) -> None:
    rows = api.get(f"{BASE}/limits", "js-viewer", "en").json()
    assert {r["member_name"] for r in rows} >= {"National", "Shanghai", "Zhejiang Province"}
    assert all(r["verified"] is False and r["clause"] and r["unit"] == "mg/m3" for r in rows)
    zh = api.get(f"{BASE}/limits", "js-viewer", "zh-hans").json()
    assert "国家" in {r["member_name"] for r in zh}


def test_an_official_reads_the_enterprises_with_their_strictest_limits(api: Any, bay: Bay) -> None:
    rows = api.get(f"{BASE}/enterprises", "js-viewer", "en").json()
    jinshan = next(r for r in rows if r["id"] == bay.jinshan.pk)
    assert jinshan["strictest"]["stack"]["standard"].startswith("DB31")
    assert jinshan["strictest"]["stack"]["verified"] is False
    assert [p["process_name"] for p in jinshan["processes"]] == ["Petrochemicals"]
    own = api.get(f"{BASE}/enterprises", "ent-hangzhou").json()
    assert [r["id"] for r in own] == [bay.hangzhou.pk]
    assert api.get(f"{BASE}/enterprises").status_code == 401


def test_a_finding_recorded_rectified_and_closed_through_the_api(api: Any, bay: Bay) -> None:
    body = {"finding_kind": "ldar_gap", "description": "动静密封点未检测", "deadline": "2026-09-30",
            "found_on": "2026-04-15", "petro_campaign": bay.campaign.pk}  # fmt: skip
    made = api.send("post", f"{BASE}/enterprises/{bay.jinshan.pk}/findings", body, "sh-editor")
    assert made.status_code == 201, made.content
    fid = made.json()["id"]
    refused = api.send("post", f"{BASE}/findings/{fid}/rectifications", {"measures": "x"},
                       "zj-editor")  # fmt: skip
    assert refused.status_code == 403
    ok = api.send("post", f"{BASE}/findings/{fid}/rectifications",
                  {"measures": "完成全部密封点检测", "day": "2026-05-01"}, "sh-editor")  # fmt: skip
    assert ok.status_code == 201 and ok.json()["state"] == "rectifying"
    closed = api.send("post", f"{BASE}/findings/{fid}/close", {"note": "核查通过"}, "office")
    assert closed.json()["state"] == "closed"
    again = api.send("post", f"{BASE}/findings/{fid}/close", {}, "office", "en")
    assert again.status_code == 409 and "closed already" in again.json()["detail"]


def test_a_bad_finding_is_answered_with_its_field_and_nothing_written(api: Any, bay: Bay) -> None:
    body = {"finding_kind": "ldar_gap", "description": "x", "deadline": "2026-03-01",
            "found_on": "2026-04-15"}  # fmt: skip
    response = api.send("post", f"{BASE}/enterprises/{bay.ningbo.pk}/findings", body,
                        "zj-editor", "zh-hans")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["field"] == "deadline" and "整改期限" in response.json()["detail"]
    assert Finding.objects.count() == 1


def test_the_measured_finding_shows_the_gap_and_the_open_list_by_member(api: Any, bay: Bay) -> None:
    rows = api.get(f"{BASE}/findings", "sh-viewer", open="true", member="330000").json()
    assert [r["id"] for r in rows] == [bay.finding.pk]
    assert rows[0]["gap"]["exceeds"] is True and rows[0]["limit"]["verified"] is False
    counts = api.get(f"{BASE}/findings/open-by-member", "office").json()
    assert [(c["member"], c["open"]) for c in counts] == [("330000", 1)]


def test_only_the_office_sets_the_scope_and_creates_campaigns(api: Any, bay: Bay) -> None:
    assert (
        api.send("put", f"{BASE}/scope", {"divisions": ["330200"]}, "zj-editor").status_code == 403
    )
    bad = api.send("put", f"{BASE}/scope", {"divisions": ["320500"]}, "office", "en")
    assert bad.status_code == 422 and bad.json()["field"] == "divisions"
    assert api.send("put", f"{BASE}/scope", {"divisions": ["330200", "310116"]},
                    "office").json()["divisions"] == ["310116", "330200"]  # fmt: skip
    body = {"name": "2026 第二轮", "starts": "2026-09-01", "ends": "2026-09-15",
            "campaign_members": ["330000"], "enterprises": [bay.ningbo.pk]}  # fmt: skip
    assert api.send("post", f"{BASE}/campaigns", body, "zj-editor").status_code == 403
    made = api.send("post", f"{BASE}/campaigns", body, "office")
    assert made.status_code == 201 and made.json()["enterprises"][0]["id"] == bay.ningbo.pk
    assert len(api.get(f"{BASE}/campaigns", "js-viewer").json()) == 2
    assert api.get(f"{BASE}/campaigns", "ent-hangzhou").status_code == 403
