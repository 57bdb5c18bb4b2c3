"""The trail as people read it: actions in words, what changed field by field, the events of
one operation together, and pages that follow each other by cursor."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation

from deltacap.audit import services
from deltacap.audit.models import AuditEvent
from deltacap.audit.schemas import readable, readable_groups
from deltacap.audit.selectors import (
    AuditFilter,
    BadCursor,
    event_page,
    group_page,
)

pytestmark = pytest.mark.django_db


def _target_tonnes() -> Decimal:
    from deltacap.targets.models import Target

    tonnes = Target.objects.get(period="14fyp", division="330000", pollutant="NOx").tonnes
    assert tonnes is not None
    return tonnes


def test_a_target_change_reads_as_words_with_the_old_and_new_value(api: Any) -> None:
    old = _target_tonnes()
    new = old + Decimal("1234.5")
    api.send("PATCH", "/api/v1/targets/14fyp/330000/NOx", {"tonnes": str(new)}, "office")
    event = AuditEvent.objects.filter(action="target.set").latest("id")
    with translation.override("en"):
        [en] = readable([event])
    with translation.override("zh-hans"):
        [zh] = readable([event])
    assert (en.action, zh.action) == ("Target set", "设定目标")
    assert "Zhejiang" in en.record and "NOx" in en.record and "浙江" in zh.record
    assert "330000" not in en.record.replace("(330000)", "")  # the code only as a hint
    [change] = [c for c in en.changes if c.field == "tonnes"]
    assert (change.old, change.new) == (f"{old.normalize():,f}", f"{new.normalize():,f}")
    assert [c.field for c in en.changes] == ["tonnes"]  # unchanged fields are left out
    # The author as people know them: the holder's name, the login beside it.
    assert en.member.startswith("Zhejiang") and en.actor == "周明华 (office)"
    assert en.role and "None" not in repr(en)


def test_an_enterprise_is_named_by_its_name_and_a_created_record_lists_its_fields(
    api: Any,
) -> None:
    from deltacap.accounts.models import User

    firm = User.objects.get(username="ent-hangzhou").enterprise
    assert firm is not None
    address = {"address": "杭州市某路9号"}
    api.send("PATCH", f"/api/v1/enterprises/{firm.pk}", address, "ent-hangzhou")
    [updated] = readable([AuditEvent.objects.filter(action="enterprise.update").latest("id")])
    assert updated.record == firm.name
    assert [(c.label, c.new) for c in updated.changes][0][1] == "杭州市某路9号"
    created = AuditEvent.objects.filter(action="enterprise.create").first()
    assert created is not None
    [row] = readable([created])
    assert row.changes and all(c.old == "—" for c in row.changes)
    assert all(c.new != "None" and c.label != c.field for c in row.changes if c.field == "name")


def _record_many(action: str, n: int, actor: Any = None) -> list[int]:
    with transaction.atomic():
        return [
            services.record(
                actor=actor,
                channel="system",
                action=action,
                object_type="trade",
                object_id=i,
                after={"kg": i},
            ).pk
            for i in range(n)
        ]


def test_the_events_of_one_operation_are_one_group(users: Any) -> None:
    batch = _record_many("rights.settle", 4)
    alone = _record_many("rights.ratio", 1, actor=users("office"))
    page = group_page(users("office"), AuditFilter(), limit=2)
    assert [[e.pk for e in g] for g in page.groups] == [alone, sorted(batch, reverse=True)]
    assert page.next_cursor is not None
    [one, settled] = readable_groups(page.groups)
    with translation.override("en"):
        [settled_en] = readable_groups(page.groups[1:])
    assert (one.size, settled.size, settled_en.first.action) == (1, 4, "Trade settled")


def test_pages_follow_each_other_by_cursor_and_show_every_event_once(users: Any) -> None:
    written = _record_many("test.paging", 7)
    office, only = users("office"), AuditFilter(action="test.paging")
    seen: list[int] = []
    cursor = None
    for _ in range(10):
        page = event_page(office, only, cursor=cursor, limit=3)
        seen += [e.pk for e in page.events]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(written, reverse=True)


def test_a_group_larger_than_a_page_goes_on_over_the_next(users: Any) -> None:
    written = _record_many("test.bulk", 5)
    office, only = users("office"), AuditFilter(action="test.bulk")
    first = group_page(office, only, limit=10, max_events=3)
    second = group_page(office, only, cursor=first.next_cursor, limit=10, max_events=3)
    assert [len(g) for g in first.groups] == [3] and [len(g) for g in second.groups] == [2]
    assert second.next_cursor is None
    assert [e.pk for g in first.groups + second.groups for e in g] == sorted(written)[::-1]


def test_a_cursor_not_given_out_is_refused_naming_it(users: Any) -> None:
    with pytest.raises(BadCursor) as refused:
        event_page(users("office"), AuditFilter(), cursor="2026-12-06T0")
    assert refused.value.field == "cursor"


def test_a_project_change_names_its_status_enterprise_and_inputs_in_words(users: Any) -> None:
    from deltacap.domain.accounting.labels import CHOICE_NAMES
    from deltacap.domain.accounting.registry import CATEGORIES

    firm = users("ent-hangzhou").enterprise
    inputs = (i for c in CATEGORIES.values() for i in c.inputs)
    spec = next(i for i in inputs if i.name == "method" and len(i.choices) > 1)
    first, second = spec.choices[0], spec.choices[-1]
    services.record(
        actor=users("office"),
        channel="page",
        action="project.update",
        object_type="project",
        object_id="ZJ-TEST-1",
        before={
            "name": "某工程",
            "status": "planned",
            "enterprise": None,
            "accounting_inputs": {"method": first},
            "reductions": {"NOx": {"planned": "1.000"}},
        },
        after={
            "name": "某工程",
            "status": "under_construction",
            "enterprise": str(firm.pk),
            "accounting_inputs": {"method": second},
            "reductions": {"NOx": {"planned": "2.500"}},
        },
    )
    event = AuditEvent.objects.latest("id")
    with translation.override("en"):
        [en] = readable([event])
    rows = {c.field: (c.label, c.old, c.new) for c in en.changes}
    assert rows["status"][1:] == ("Planned", "Under construction")
    assert rows["enterprise"][2] == firm.name and en.record == "某工程"
    label, old, new = rows["accounting_inputs.method"]
    assert label.endswith(spec.description_en)
    reduction = rows["reductions.NOx.planned"]
    assert reduction == ("Reductions (t) · Nitrogen oxides (NOx) · planned", "1", "2.5")
    assert (old, new) == (CHOICE_NAMES[first][0], CHOICE_NAMES[second][0])  # names, not codes


def test_more_is_offered_only_when_there_is_more(users: Any) -> None:
    _record_many("test.exact", 3)
    office, only = users("office"), AuditFilter(action="test.exact")
    assert group_page(office, only, limit=10, max_events=3).next_cursor is None
    assert group_page(office, only, limit=1).next_cursor is None
    assert event_page(office, only, limit=3).next_cursor is None
    assert event_page(office, only, limit=2).next_cursor is not None


def test_an_outlets_limits_name_the_factor_in_the_pages_language() -> None:
    services.record(
        actor=None,
        channel="cli",
        action="outlet.limits",
        object_type="outlet",
        object_id=1,
        before={"limits": {"w01018": "50"}},
        after={"limits": {"w01018": "40"}},
    )
    with translation.override("zh-hans"):
        [row] = readable([AuditEvent.objects.latest("id")])
    [change] = row.changes
    assert "化学需氧量 (w01018)" in change.label and (change.old, change.new) == ("50", "40")
    assert row.action == "设定排污口限值"
    with translation.override("en"):
        [row] = readable([AuditEvent.objects.latest("id")])
    assert "Chemical oxygen demand (w01018)" in row.changes[0].label


def test_a_settlement_shows_tonnage_and_money_in_yuan_and_not_its_internal_key() -> None:
    services.record(
        actor=None,
        channel="system",
        action="rights.settle",
        object_type="trade",
        object_id=24,
        after={"key": "settle:d7ddc8dc438d40dc", "kg": 4000, "fen": 3740000},
    )
    with translation.override("zh-hans"):
        [row] = readable([AuditEvent.objects.latest("id")])
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("数量（千克）", "—", "4,000"),
        ("金额（元）", "—", "37,400.00"),
    ]
    assert row.action == "成交结算"


def test_the_api_gives_times_in_china_time_as_the_page_and_the_command_line(api: Any) -> None:
    [event] = api.get("/api/v1/audit", "office", limit="1").json()
    assert event["at"].endswith("+08:00")


def test_a_buyer_reads_as_its_enterprise_not_its_account_code(world: None) -> None:
    from deltacap.enterprises.models import Enterprise
    from deltacap.rights.models import RightsAccount

    enterprise = Enterprise.objects.order_by("id")[0]
    account = RightsAccount.objects.create(
        code=f"ent-{enterprise.pk}", kind="enterprise", enterprise=enterprise
    )
    services.record(
        actor=None,
        channel="system",
        action="rights.buy",
        object_type="trade",
        object_id=99,
        after={"listing": 1, "buyer": account.code, "kg": 2000},
    )
    with translation.override("zh-hans"):
        [row] = readable([AuditEvent.objects.latest("id")])
    buyer = next(c for c in row.changes if c.label == "买方")
    assert buyer.new == enterprise.name and account.code not in buyer.new


def test_records_named_otherwise_in_the_trail_show_their_choices_and_places_by_name() -> None:
    services.record(
        actor=None,
        channel="api",
        action="petro_finding.rectify",
        object_type="petro_finding",
        object_id=3,
        before={"petro_finding_state": "open"},
        after={"petro_finding_state": "rectifying"},
    )
    services.record(
        actor=None,
        channel="api",
        action="petro_campaign.create",
        object_type="petro_campaign",
        object_id=2,
        after={"name": "环杭州湾联合检查", "members": ["310000", "330000"]},
    )
    services.record(
        actor=None,
        channel="api",
        action="water.facility.create",
        object_type="water_facility",
        object_id=1,
        after={"name_zh": "太浦闸", "kind": "water_supply"},
    )
    with translation.override("zh-hans"):
        kinds = ("petro_finding", "petro_campaign", "water_facility")
        events = AuditEvent.objects.filter(object_type__in=kinds).order_by("id")
        finding, campaign, facility = readable(list(events))
    [status] = finding.changes
    assert "open" not in (status.old, status.new) and status.new != "rectifying"
    members = next(c for c in campaign.changes if c.field == "members")
    assert members.new == "上海市 (310000)、浙江省 (330000)"
    labels = {c.field: (c.label, c.new) for c in facility.changes}
    assert labels["name_zh"] == ("中文名称", "太浦闸")
    assert labels["kind"][1] != "water_supply"
