"""Reference data as loaded into the database: divisions, pollutants, periods."""

from __future__ import annotations

from typing import Any

import pytest

from deltacap.reference.models import Division, Level, PlanningPeriod, Pollutant
from deltacap.reference.services import load_reference_data

pytestmark = pytest.mark.django_db


def test_four_members_and_41_cities_with_their_gb2260_codes() -> None:
    members = {d.code: d.name_zh for d in Division.objects.filter(level=Level.MEMBER)}
    assert members == {
        "310000": "上海市",
        "320000": "江苏省",
        "330000": "浙江省",
        "340000": "安徽省",
    }
    cities = Division.objects.filter(prefecture=True)
    assert cities.count() == 41
    per_member = {m: cities.filter(parent_id=m).count() for m in members}
    assert per_member == {"310000": 0, "320000": 13, "330000": 11, "340000": 16}
    assert Division.objects.get(code="320500").name_en == "Suzhou"


def test_demonstration_zone_counties_are_marked_and_placed() -> None:
    zone = {
        d.code: (d.name_zh, d.parent_id) for d in Division.objects.filter(demonstration_zone=True)
    }
    assert zone == {
        "310118": ("青浦区", "310000"),
        "320509": ("吴江区", "320500"),
        "330421": ("嘉善县", "330400"),
    }


def test_division_path_runs_from_region_to_county() -> None:
    assert Division.objects.get(code="320509").path() == ("region", "320000", "320500", "320509")
    assert Division.objects.get(code="310118").member_code == "310000"


def test_pollutants_carry_hj212_2017_codes() -> None:
    codes = dict(Pollutant.objects.values_list("code", "hj212_code"))
    assert codes["COD"] == "w01018"
    assert codes["NH3-N"] == "w21003"
    assert codes["NOx"] == "a21002"
    assert codes["TP"] == "w21011"
    assert {"PM2.5", "PM10", "SO2", "NO2", "CO", "O3"} <= set(codes)


def test_each_period_controls_its_own_pollutants_as_data() -> None:
    fyp14 = PlanningPeriod.objects.get(code="14fyp")
    fyp15 = PlanningPeriod.objects.get(code="15fyp")
    assert [p.code for p in fyp14.controlled_pollutants()] == ["COD", "NH3-N", "NOx", "VOCs"]
    assert [p.code for p in fyp15.controlled_pollutants()] == ["COD", "TP", "NOx", "VOCs"]
    assert fyp14.target_form == "key_project_tonnes"
    assert fyp15.target_form == "percent_cut" and fyp15.base_year == 2025


def test_loading_again_duplicates_nothing_and_keeps_the_offices_changes() -> None:
    before = Division.objects.count()
    Division.objects.filter(code="320509").update(pilot_county=True)
    period = PlanningPeriod.objects.get(code="15fyp")
    period.period_pollutants.filter(pollutant_id="TP").delete()
    load_reference_data()
    assert Division.objects.count() == before
    assert Division.objects.get(code="320509").pilot_county is True
    assert "TP" not in [p.code for p in period.controlled_pollutants()]


def test_reference_api_is_public(client: Any) -> None:
    r = client.get("/api/v1/divisions", {"level": "member"})
    assert r.status_code == 200
    assert {d["code"] for d in r.json()} == {"310000", "320000", "330000", "340000"}
    periods = {p["code"]: p for p in client.get("/api/v1/periods").json()}
    assert periods["15fyp"]["controlled_pollutants"] == ["COD", "TP", "NOx", "VOCs"]


def test_a_reload_that_restores_a_name_records_the_change_record_by_record() -> None:
    from deltacap.audit.models import AuditEvent

    created = AuditEvent.objects.filter(action="division.create").count()
    assert created == Division.objects.count()  # one event per division loaded
    Division.objects.filter(code="320509").update(name_en="Wujiang")
    load_reference_data(channel="cli")
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.channel) == ("division.update", "320509", "cli")
    assert event.before == {"name_en": "Wujiang"}
    assert event.after == {"name_en": "Wujiang District"}
    assert AuditEvent.objects.filter(action="division.update").count() == 1
