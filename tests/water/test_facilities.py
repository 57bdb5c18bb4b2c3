"""Shared facilities of the demonstration zone: the demo's three, who may write them
(the office, an editor of a sharing member), refusals naming the field with nothing
written, what the public sees, the API, the page in both languages and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.water import facilities
from deltacap.water.demo_facilities import load_demo_facilities
from deltacap.water.models_facilities import FacilityShare, SharedFacility

NEW = {
    "name": "示范区测试污水厂",
    "kind": "wastewater",
    "division": "320509",
    "capacity": "100000",
    "capacity_unit": "m³/d",
    "status": "planned",
    "shares": [{"member": "320000", "percent": 60}, {"member": "330000", "percent": 40}],
}


@pytest.fixture
def demo(db: Any) -> int:
    return load_demo_facilities()


def test_the_demo_has_three_synthetic_facilities(demo: int) -> None:
    assert demo == 3 == SharedFacility.objects.filter(synthetic=True).count()
    for f in facilities.facilities():
        assert sum(s.percent for s in f.shares.all()) == 100
        assert len(f.shares.all()) >= 2
    assert load_demo_facilities() == 0


def test_the_office_or_a_sharing_members_editor_writes(demo: int, users: Any) -> None:
    made = facilities.save_facility(by=users("js-editor"), channel="page", values=NEW)
    assert made.member_codes() == ["320000", "330000"]
    event = AuditEvent.objects.get(action="water.facility.create", object_id=str(made.pk))
    assert event.after["water_facility_shares"] == {"320000": "60.00", "330000": "40.00"}
    facilities.save_facility(
        by=users("zj-editor"), channel="page", facility=made, values={"status": "in_service"}
    )
    facilities.save_facility(
        by=users("office"), channel="page", facility=made, values={"capacity": 120000}
    )
    made.refresh_from_db()
    assert made.status == "in_service" and made.capacity == 120000
    for name in ("sh-editor", "js-viewer", "sz-editor", "qp-editor", "ent-suzhou"):
        with pytest.raises(AccessDenied):
            facilities.save_facility(
                by=users(name), channel="page", facility=made, values={"status": "planned"}
            )
    # An editor creates no facility its member does not share.
    with pytest.raises(AccessDenied):
        facilities.save_facility(by=users("sh-editor"), channel="page", values=NEW)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"shares": [{"member": "320000", "percent": 60}, {"member": "330000", "percent": 30}]},
         "shares"),
        ({"shares": [{"member": "320000", "percent": 100}]}, "shares"),
        ({"shares": [{"member": "320000", "percent": 50}, {"member": "320000", "percent": 50}]},
         "shares"),
        ({"shares": [{"member": "320000", "percent": 50}, {"member": "320500", "percent": 50}]},
         "shares"),
        ({"kind": "incinerator"}, "kind"),
        ({"status": "closed"}, "status"),
        ({"capacity": 0}, "capacity"),
        ({"division": "999999"}, "division"),
        ({"lon": 140}, "lon"),
        ({"name": ""}, "name"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_writes_nothing(
    db: Any, users: Any, change: dict[str, Any], field: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as e:
        facilities.save_facility(by=users("office"), channel="page", values={**NEW, **change})
    assert e.value.field == field
    assert not SharedFacility.objects.exists() and not FacilityShare.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_name_is_kept_once(demo: int, users: Any) -> None:
    taken = {**NEW, "name": "示范区太浦河联合水厂（演示）"}
    with pytest.raises(Conflict):
        facilities.save_facility(by=users("office"), channel="page", values=taken)


def test_the_api(demo: int, api: Any) -> None:
    public = api.get("/api/v1/water/facilities").json()
    assert len(public) == 3 and all("capacity" not in f for f in public)
    assert {s["member"] for s in public[0]["shares"]} and "kind" in public[0]
    full = api.get("/api/v1/water/facilities", as_user="sh-viewer").json()
    assert all("capacity" in f and "status" in f for f in full)
    one_id = full[0]["id"]
    one = api.get(f"/api/v1/water/facilities/{one_id}", as_user="js-viewer")
    assert one.status_code == 200 and one.json()["name"] == full[0]["name"]
    assert api.get(f"/api/v1/water/facilities/{one_id}", as_user="ent-suzhou").status_code == 404
    made = api.send("POST", "/api/v1/water/facilities", NEW, as_user="zj-editor")
    assert made.status_code == 201, made.content
    assert [s["percent"] for s in made.json()["shares"]] == [60.0, 40.0]
    bad = api.send(
        "POST", "/api/v1/water/facilities",
        {**NEW, "name": "另一厂", "shares": [{"member": "320000", "percent": 60},
                                            {"member": "330000", "percent": 30}]},
        as_user="js-editor", lang="en",
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "shares"
    assert "90.00 %" in bad.json()["detail"]
    path = f"/api/v1/water/facilities/{made.json()['id']}"
    refused = api.send("PUT", path, {"status": "in_service"}, as_user="sh-editor")
    assert refused.status_code == 403
    ok = api.send("PUT", path, {"status": "in_service"}, as_user="js-editor")
    assert ok.status_code == 200 and ok.json()["status"] == "in_service"


def _get(client: Any, url: str, lang: str) -> str:
    client.cookies["django_language"] = lang
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_page_in_both_languages(demo: int, client: Any, users: Any) -> None:
    assert "/water/facilities/" in _get(client, "/water/", "zh-hans")
    html = _get(client, "/water/facilities/", "zh-hans")
    assert "示范区共享设施" in html and "示范区太浦河联合水厂（演示）" in html and "供水" in html
    assert "300000" not in html  # the public sees no capacity
    client.force_login(users("office"))
    html = _get(client, "/water/facilities/", "zh-hans")
    assert "300,000 m³/d" in html and "在建" in html
    en = _get(client, "/water/facilities/", "en")
    assert "Shared facilities of the demonstration zone" in en and "Water supply" in en
    assert "Under construction" in en and "Shanghai" in en


def test_the_command_line(demo: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from deltacap.cli import app, water

    # The console takes its width when the module is first imported: wide enough here for
    # the table's words to stand unbroken, whichever test imported it first.
    monkeypatch.setattr(water.console, "width", 200)
    runner = CliRunner()
    out = runner.invoke(app, ["water", "facilities", "--json"])
    assert out.exit_code == 0, out.output
    found = json.loads(out.stdout)
    assert len(found) == 3 and all(f["synthetic"] for f in found)
    assert all(round(sum(s["percent"] for s in f["shares"]), 2) == 100 for f in found)
    text = runner.invoke(app, ["water", "facilities", "--lang", "en"], env={"COLUMNS": "200"})
    assert text.exit_code == 0 and "Sludge treatment" in text.stdout


def test_the_form_adds_a_facility_or_names_the_field(demo: int, client: Any, users: Any) -> None:
    form = {
        "name": "示范区表单测试水厂", "kind": "water_supply", "division": "330421",
        "capacity": "2000", "capacity_unit": "m³/d", "status": "planned",
        "share_310000": "", "share_320000": "50", "share_330000": "40",
    }  # fmt: skip
    assert 'id="facility-form"' not in _get(client, "/water/facilities/", "zh-hans")
    client.force_login(users("js-viewer"))
    assert 'id="facility-form"' not in _get(client, "/water/facilities/", "zh-hans")
    assert client.post("/water/facilities/new/", {**form, "share_330000": "50"}).status_code == 403
    client.force_login(users("zj-editor"))
    html = _get(client, "/water/facilities/", "zh-hans")
    assert 'id="facility-form"' in html and "合计恰为100%" in html
    bad = client.post("/water/facilities/new/", form)
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "共享成员及分担比例: 分担比例合计为 90.00%，不等于100%。" in html
    assert 'value="示范区表单测试水厂"' in html
    assert not SharedFacility.objects.filter(name=form["name"]).exists()
    ok = client.post("/water/facilities/new/", {**form, "share_330000": "50"})
    assert ok.status_code == 302
    made = SharedFacility.objects.get(name=form["name"])
    assert made.member_codes() == ["320000", "330000"] and not made.synthetic
