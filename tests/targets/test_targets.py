"""The plan's targets: loaded from the plan, served by the API and pages, edited by the office."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from deltacap.audit.models import AuditEvent
from deltacap.reference.models import PlanningPeriod
from deltacap.targets.models import Target
from deltacap.targets.selectors import target_table
from tests.support import SHARED

pytestmark = pytest.mark.django_db

MEMBER_CODES = {
    "长三角区域": "region",
    "上海市": "310000",
    "江苏省": "320000",
    "浙江省": "330000",
    "安徽省": "340000",
}


def plan_appendix() -> dict[tuple[str, str], Decimal]:
    """COD, NH3-N, NOx per scope in tonnes, read from the plan's own appendix table (万吨)."""
    text = next((SHARED / "reference").glob("*.txt")).read_text("utf-8")
    table = text[text.rindex("“十四五”长三角区域主要污染物减排目标") :]
    result = {}
    for name, code in MEMBER_CODES.items():
        match = re.search(rf"^{name}\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", table, re.MULTILINE)
        assert match, name
        for pollutant, wan in zip(("COD", "NH3-N", "NOx"), match.groups(), strict=True):
            result[(code, pollutant)] = Decimal(wan) * 10000
    return result


def test_api_returns_the_plans_appendix_table(client: Any) -> None:
    r = client.get("/api/v1/targets", {"period": "14fyp"})
    assert r.status_code == 200
    got = {(t["scope"], t["pollutant"]): Decimal(str(t["tonnes"])) for t in r.json()}
    for key, tonnes in plan_appendix().items():
        assert got[key] == tonnes, key
    # The VOCs column the appendix lost: the plan's text states the region total, 16.25 万吨.
    assert got[("region", "VOCs")] == Decimal("162500")
    assert {scope for scope, _ in got} == set(MEMBER_CODES.values())


def test_member_targets_add_up_to_the_region_for_every_pollutant() -> None:
    table = target_table(PlanningPeriod.objects.get(code="14fyp"))
    assert table.mismatches == []
    region_row = table.rows[0]
    for index, cell in enumerate(region_row.cells):
        members = sum(row.cells[index].tonnes for row in table.rows[1:])
        assert members == cell.tonnes


def test_table_names_the_pollutant_whose_parts_stop_adding_up(api: Any) -> None:
    r = api.send("PATCH", "/api/v1/targets/14fyp/320000/NOx", {"tonnes": 90000}, "office")
    assert r.status_code == 200
    mismatches = target_table(PlanningPeriod.objects.get(code="14fyp")).mismatches
    assert [(m.pollutant.code, m.members_tonnes - m.region_tonnes) for m in mismatches] == [
        ("NOx", Decimal(10000))
    ]


def test_office_changes_a_target_and_the_change_is_audited(api: Any) -> None:
    r = api.send("PATCH", "/api/v1/targets/14fyp/310000/COD", {"tonnes": 16500.5}, "office")
    assert r.status_code == 200, r.content
    assert r.json()["tonnes"] == 16500.5
    event = AuditEvent.objects.filter(action="target.set").latest("id")
    assert (event.actor_username, event.channel, event.object_id) == (
        "office",
        "api",
        "14fyp/310000/COD",
    )
    assert event.before["tonnes"] == "16300.000"
    assert event.after["tonnes"] == "16500.500"
    assert event.member_code == "310000"


@pytest.mark.parametrize("user", ["sh-editor", "sh-viewer", "sz-editor", "ent-suzhou"])
def test_everyone_but_the_office_is_refused_and_nothing_changes(api: Any, user: str) -> None:
    events = AuditEvent.objects.count()
    r = api.send("PATCH", "/api/v1/targets/14fyp/310000/COD", {"tonnes": 1}, user)
    assert r.status_code == 403
    assert r.json()["detail"] == "你无权修改此记录。"
    assert Target.objects.get(period="14fyp", division="310000", pollutant="COD").tonnes == 16300
    assert AuditEvent.objects.count() == events


def test_anonymous_write_is_refused_with_401(api: Any) -> None:
    r = api.send("PATCH", "/api/v1/targets/14fyp/310000/COD", {"tonnes": 1})
    assert r.status_code == 401


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("/api/v1/targets/14fyp/310000/COD", {"tonnes": "many"}, 422, "tonnes"),
        ("/api/v1/targets/14fyp/310000/COD", {"tonnes": -5}, 422, "tonnes"),
        ("/api/v1/targets/14fyp/310000/COD", {"tonnes": 5, "colour": "red"}, 422, "colour"),
        ("/api/v1/targets/14fyp/310000/COD", {"percent_cut": 5}, 422, "tonnes"),
        ("/api/v1/targets/14fyp/310000/TP", {"tonnes": 5}, 422, "pollutant"),
        ("/api/v1/targets/15fyp/310000/NH3-N", {"percent_cut": 5}, 422, "pollutant"),
        ("/api/v1/targets/15fyp/310000/TP", {"percent_cut": 150}, 422, "percent_cut"),
        ("/api/v1/targets/16fyp/310000/COD", {"tonnes": 5}, 404, "period"),
        ("/api/v1/targets/14fyp/999999/COD", {"tonnes": 5}, 404, "scope"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    api: Any, path: str, body: Any, status: int, field: str
) -> None:
    targets = list(Target.objects.values_list("tonnes", "percent_cut"))
    events = AuditEvent.objects.count()
    r = api.send("PATCH", path, body, "office")
    assert r.status_code == status, r.content
    assert r.json()["field"] == field
    assert r.json()["detail"]
    assert list(Target.objects.values_list("tonnes", "percent_cut")) == targets
    assert AuditEvent.objects.count() == events


def test_messages_follow_the_users_language(api: Any) -> None:
    r = api.send(
        "PATCH", "/api/v1/targets/15fyp/310000/NH3-N", {"percent_cut": 5}, "office", lang="en"
    )
    assert r.json()["detail"] == "NH3-N is not a controlled pollutant of 15fyp."
    r = api.send("PATCH", "/api/v1/targets/15fyp/310000/NH3-N", {"percent_cut": 5}, "office")
    assert r.json()["detail"] == "NH3-N 不是 15fyp 的总量控制污染物。"


def test_office_enters_a_15th_fyp_percentage_target(api: Any) -> None:
    r = api.send("PATCH", "/api/v1/targets/15fyp/region/TP", {"percent_cut": "6"}, "office")
    assert r.status_code == 200
    listed = api.get("/api/v1/targets", period="15fyp").json()
    assert {"scope": "region", "pollutant": "TP", "percent_cut": 6.0}.items() <= listed[0].items()


# Values the declared types of the API take (the schema is public, so refusing what breaks
# it at the door tells a writer nothing); the service refuses them, but only after access.
@pytest.mark.parametrize("body", [{"tonnes": 0}, {"tonnes": 99_999_999}, {"percent_cut": 3}])
def test_a_refused_writer_gets_403_whatever_it_sends(api: Any, body: dict[str, Any]) -> None:
    for path in ("/api/v1/targets/14fyp/310000/COD", "/api/v1/targets/14fyp/310000/SO2"):
        r = api.send("PATCH", path, body, "sh-editor")
        assert r.status_code == 403, (path, body, r.content)


def test_a_member_splits_its_target_to_a_city_and_the_plan_table_stays_as_it_was(
    api: Any,
) -> None:
    r = api.send("PATCH", "/api/v1/targets/14fyp/320500/COD", {"tonnes": 30000}, "js-editor")
    assert r.status_code == 200, r.content
    assert (
        api.send(
            "PATCH", "/api/v1/targets/14fyp/320500/COD", {"tonnes": 1}, "zj-editor"
        ).status_code
        == 403
    )
    default = api.get("/api/v1/targets", period="14fyp").json()
    assert {t["scope"] for t in default} == set(MEMBER_CODES.values())
    split = api.get("/api/v1/targets", period="14fyp", scope="320500").json()
    assert [(t["scope"], t["tonnes"]) for t in split] == [("320500", 30000.0)]
    everything = api.get("/api/v1/targets", period="14fyp", include_cities="true").json()
    assert len(everything) == len(default) + 1
