"""/api/v1/water: sections and monthly quality for everyone, the import for a section's
members and the office (422 with every fault located, nothing written)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from deltacap.water.models import Sample

pytestmark = pytest.mark.usefixtures("water")


def test_sections_are_public_with_their_place_members_and_target(api: Any) -> None:
    response = api.get("/api/v1/water/sections")
    assert response.status_code == 200
    sections = {s["code"]: s for s in response.json()}
    jiekou = sections["jiekou"]
    assert jiekou["name_zh"] == "街口" and jiekou["water_body"] == "xinanjiang"
    assert jiekou["kind"] == "cross_border" and jiekou["water_type"] == "river"
    assert (jiekou["upstream"], jiekou["downstream"]) == ("340000", "330000")
    assert jiekou["responsible"] == ["330000", "340000"]
    assert jiekou["target_class"] == "II" and jiekou["approximate"] is True
    assert jiekou["synthetic"] is False and "街口" in jiekou["source"]
    assert sections["taihu-centre-demo"]["synthetic"] is True
    assert sections["taihu-centre-demo"]["water_type"] == "lake"


def test_quality_per_section_and_month_has_the_classification(api: Any) -> None:
    response = api.get("/api/v1/water/quality", section="jiekou", year=2025)
    assert response.status_code == 200
    months = response.json()
    assert [m["month"] for m in months] == [f"2025-{m:02d}" for m in range(1, 13)]
    first = months[0]
    assert set(first) >= {
        "class_per_parameter",
        "overall_class",
        "qualitative",
        "grade",
        "determining_parameters",
        "attains",
        "target_class",
    }
    # The Xin'anjiang is at class I–II: 优, meeting its class II target.
    assert {m["overall_class"] for m in months} <= {"I", "II"}
    assert all(m["qualitative"] == "优" and m["attains"] for m in months)
    taihu = api.get("/api/v1/water/quality", section="taihu-centre-demo", year=2025).json()
    # Taihu's TP by the lake row: class IV at least in summer, TN reported as a reference.
    assert any(m["class_per_parameter"]["TP"] in ("IV", "V") for m in taihu)
    assert all("TN" in m["lake_reference"] for m in taihu)
    assert all(m["tli"] is not None and m["trophic_state"] for m in taihu)
    july = next(m for m in taihu if m["month"] == "2025-07")
    assert july["determining_parameters"][0]["parameter"] == "TP"
    assert july["determining_parameters"][0]["multiple"] > 0


def test_an_unknown_section_is_a_404_naming_the_field(api: Any) -> None:
    response = api.get("/api/v1/water/quality", section="nowhere", lang="en")
    assert response.status_code == 404
    assert response.json()["field"] == "section"


def test_water_bodies_give_months_attaining_and_a_seasonal_kendall_trend(api: Any) -> None:
    bodies = {b["water_body"]: b for b in api.get("/api/v1/water/bodies", year=2025).json()}
    assert set(bodies) == {
        "xinanjiang", "qiandaohu", "taipu", "taihu", "chaohu", "dianshanhu", "hongzehu"
    }  # fmt: skip
    assert bodies["xinanjiang"]["months_with_data"] == 12
    assert bodies["xinanjiang"]["months_attaining"] == 12
    assert bodies["taihu"]["months_attaining"] < 12
    trends = {t["parameter"]: t for t in bodies["taihu"]["trends"]}
    assert set(trends) == {"CODMn", "NH3-N", "TP", "TN"}
    assert trends["TP"]["trend"] in ("increasing", "decreasing", "no trend")


def _upload(client: Any, token: str | None, body: str, **form: Any) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = {"file": SimpleUploadedFile("w.csv", body.encode(), "text/csv"), **form}
    return client.post("/api/v1/water/import", data, HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_the_import_checks_first_and_writes_when_asked(api: Any) -> None:
    body = "section,date,DO,TP\njiekou,2025-12-21,8.2,0.03\n"
    before = Sample.objects.count()
    token = api.token("zj-editor")
    checked = _upload(api.client, token, body)
    assert checked.status_code == 200
    assert checked.json() == {
        "rows": 1, "created": 1, "updated": 0, "sections": ["jiekou"], "dry_run": True,
        "errors": [],
    }  # fmt: skip
    assert Sample.objects.count() == before
    done = _upload(api.client, token, body, dry_run="false")
    assert done.status_code == 200 and done.json()["dry_run"] is False
    assert Sample.objects.count() == before + 1


def test_a_bad_import_is_a_422_with_each_error_located(api: Any) -> None:
    body = "section,date,DO,TP\njiekou,2025-12-21,8.2,x\nnowhere,2025-12-21,8,0.1\n"
    before = Sample.objects.count()
    response = _upload(api.client, api.token("office"), body, dry_run="false")
    assert response.status_code == 422
    data = response.json()
    assert data["field"] == "file"
    assert data["detail"].startswith("2 TP: ")
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(2, "TP"), (3, "section")]
    assert Sample.objects.count() == before


def test_the_public_may_not_import(api: Any) -> None:
    response = _upload(api.client, None, "section,date,TP\njiekou,2025-12-21,0.03\n")
    assert response.status_code == 401
