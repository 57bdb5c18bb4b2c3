"""The bay's petrochemicals through their services: the office's scope and campaigns, the
bay enterprises and their strictest limits, findings with rectification and closure by
the right people only, the open ones by member with the overdue flagged; nothing written
on bad input; an audit event for every write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.petrochem import selectors, services
from deltacap.petrochem.models import BayEnterprise, Campaign, Finding, ScopeDivision
from tests.petrochem.conftest import Bay, firm_in

pytestmark = pytest.mark.django_db


def test_the_default_scope_is_the_configured_one_until_the_office_sets_it(users: Any) -> None:
    assert selectors.scope_is_default() and "330200" in selectors.scope().divisions
    with pytest.raises(AccessDenied):
        services.set_scope(by=users("zj-editor"), channel="api", divisions=["330200"])
    services.set_scope(by=users("office"), channel="api", divisions=["330200", "310116"])
    assert selectors.scope().divisions == ("310116", "330200")
    assert AuditEvent.objects.filter(action="petro_scope.set").count() == 1
    # A Jiaxing enterprise is no longer in the bay.
    with pytest.raises(InvalidInput) as raised:
        services.save_bay_enterprise(
            by=users("zj-editor"), channel="api", enterprise_id=firm_in("330400").pk,
            processes=[{"process": "refining"}],
        )  # fmt: skip
    assert raised.value.field == "enterprise_id"


def test_a_bad_scope_is_refused_and_the_old_one_kept(users: Any) -> None:
    with pytest.raises(InvalidInput) as raised:
        services.set_scope(by=users("office"), channel="api", divisions=["330200", "320500"])
    assert "320500" in str(raised.value)
    assert not ScopeDivision.objects.exists()


def test_an_enterprise_outside_the_bay_or_of_another_member_is_refused(
    users: Any, bay: Bay
) -> None:
    suzhou = users("ent-suzhou").enterprise
    with pytest.raises(InvalidInput):
        services.save_bay_enterprise(
            by=users("js-editor"), channel="api", enterprise_id=suzhou.pk,
            processes=[{"process": "refining"}],
        )  # fmt: skip
    with pytest.raises(AccessDenied):
        services.save_bay_enterprise(
            by=users("sh-editor"), channel="api", enterprise_id=bay.ningbo.enterprise_id,
            processes=[{"process": "refining"}],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("processes", "words"),
    [
        ([], "at least one"),
        ([{"process": "bakery"}], "Process 1"),
        ([{"process": "refining"}, {"process": "refining"}], "Process 2"),
        ([{"process": "refining", "capacity": "-5", "unit": "t/a"}], "capacity"),
        ([{"process": "refining", "capacity": "5", "unit": "barrels"}], "unit"),
    ],
)
def test_bad_processes_name_the_row_and_write_nothing(
    users: Any, bay: Bay, processes: list, words: str
) -> None:
    before = BayEnterprise.objects.get(pk=bay.ningbo.pk).processes
    with pytest.raises(InvalidInput) as raised:
        services.save_bay_enterprise(
            by=users("zj-editor"), channel="api", enterprise_id=bay.ningbo.enterprise_id,
            processes=processes,
        )  # fmt: skip
    assert words in str(raised.value)
    assert BayEnterprise.objects.get(pk=bay.ningbo.pk).processes == before


def test_the_strictest_limit_follows_the_member_s_local_standard(bay: Bay) -> None:
    ningbo = selectors.strictest_of(bay.ningbo)
    jinshan = selectors.strictest_of(bay.jinshan)
    # Both have petrochemicals; Shanghai's local standard is lower than the national one.
    assert jinshan["stack"].value < ningbo["stack"].value
    assert jinshan["stack"].row.member == "310000"
    assert ningbo["stack"].row.member == "national"
    assert ningbo["in_plant"].row.standard.startswith("GB 37822")
    assert not ningbo["stack"].verified


def test_a_measured_finding_shows_its_gap_to_the_strictest_limit(bay: Bay) -> None:
    limit, measured = selectors.finding_gap(bay.finding)
    assert limit is not None and measured is not None
    assert measured.exceeds
    assert measured.difference == Decimal("150") - limit.value


def test_only_the_office_creates_a_campaign_and_a_bad_one_is_refused(users: Any, bay: Bay) -> None:
    with pytest.raises(AccessDenied):
        services.create_campaign(
            by=users("zj-editor"), channel="api", name="x", starts="2026-01-01",
            ends="2026-01-02", members=["330000"],
        )  # fmt: skip
    for change, field in (
        ({"ends": "2025-12-01"}, "ends"),
        ({"members": []}, "members"),
        ({"members": ["320000"]}, "members"),
        ({"members": ["999999"]}, "members"),
        ({"enterprises": [10**9]}, "enterprises"),
        ({"name": " "}, "name"),
    ):
        values: dict[str, Any] = {"name": "检查", "starts": "2026-01-01", "ends": "2026-01-31",
                                  "members": ["330000"]} | change  # fmt: skip
        with pytest.raises(InvalidInput) as raised:
            services.create_campaign(by=users("office"), channel="api", **values)
        assert raised.value.field == field
    assert Campaign.objects.count() == 1


def test_findings_are_recorded_by_the_enterprise_s_bureaus_only(users: Any, bay: Bay) -> None:
    for name in ("sh-editor", "office", "js-editor", "ent-hangzhou", "js-viewer"):
        with pytest.raises(AccessDenied):
            services.record_finding(
                by=users(name), channel="api", bay_id=bay.ningbo.pk, kind="ldar_gap",
                description="x", deadline="2026-12-31", found_on="2026-04-01",
            )  # fmt: skip
    # The city's editor records at its own city's enterprise.
    f = services.record_finding(
        by=users("hz-editor"), channel="api", bay_id=bay.hangzhou.pk, kind="unorganised",
        description="储罐呼吸阀泄漏", deadline="2026-05-31", found_on="2026-04-01",
    )  # fmt: skip
    assert f.member_code == "330000" and f.state == "open"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "bad"}, "finding_kind"),
        ({"description": ""}, "description"),
        ({"deadline": "2026-03-01"}, "deadline"),
        ({"deadline": "soon"}, "deadline"),
        ({"found_on": "2999-01-01"}, "found_on"),
        ({"concentration": "12"}, "point"),
        ({"concentration": "-1", "point": "stack"}, "concentration"),
        ({"point": "roof"}, "point"),
    ],
)
def test_a_bad_finding_names_its_field_and_writes_nothing(
    users: Any, bay: Bay, change: dict, field: str
) -> None:
    values: dict[str, Any] = {"kind": "ldar_gap", "description": "x", "deadline": "2026-06-30",
                              "found_on": "2026-04-01"} | change  # fmt: skip
    with pytest.raises(InvalidInput) as raised:
        services.record_finding(by=users("zj-editor"), channel="api", bay_id=bay.ningbo.pk,
                                **values)  # fmt: skip
    assert raised.value.field == field
    assert Finding.objects.count() == 1


def test_a_campaign_finding_must_be_at_one_of_its_enterprises(users: Any, bay: Bay) -> None:
    with pytest.raises(InvalidInput):
        services.record_finding(
            by=users("zj-editor"), channel="api", bay_id=bay.hangzhou.pk, kind="ldar_gap",
            description="x", deadline="2026-06-30", found_on="2026-04-01",
            campaign_id=bay.campaign.pk,
        )  # fmt: skip


def test_rectified_then_closed_by_the_member_and_closed_findings_take_nothing(
    users: Any, bay: Bay
) -> None:
    with pytest.raises(AccessDenied):
        services.record_rectification(
            by=users("sh-editor"), channel="api", finding_id=bay.finding.pk, measures="x"
        )
    services.record_rectification(
        by=users("zj-editor"), channel="api", finding_id=bay.finding.pk,
        measures="更换 RTO 蓄热体并复测", day="2026-05-20",
    )  # fmt: skip
    assert Finding.objects.get(pk=bay.finding.pk).state == "rectifying"
    with pytest.raises(AccessDenied):
        services.close_finding(by=users("sh-editor"), channel="api", finding_id=bay.finding.pk)
    with pytest.raises(AccessDenied):
        services.close_finding(by=users("ent-hangzhou"), channel="api", finding_id=bay.finding.pk)
    services.close_finding(by=users("office"), channel="api", finding_id=bay.finding.pk,
                           note="复测达标")  # fmt: skip
    closed = Finding.objects.get(pk=bay.finding.pk)
    assert closed.state == "closed" and closed.closing_note == "复测达标"
    with pytest.raises(Conflict):
        services.record_rectification(
            by=users("zj-editor"), channel="api", finding_id=bay.finding.pk, measures="x"
        )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"petro_finding.record", "petro_finding.rectify", "petro_finding.close"} <= actions


def test_open_findings_by_member_flag_the_overdue(users: Any, bay: Bay) -> None:
    services.record_finding(
        by=users("sh-editor"), channel="api", bay_id=bay.jinshan.pk, kind="ldar_gap",
        description="LDAR 未按季度开展", deadline="2026-05-01", found_on="2026-04-12",
        campaign_id=bay.campaign.pk,
    )  # fmt: skip
    today = date(2026, 6, 1)
    counts = {c.member: (c.open, c.overdue) for c in selectors.open_by_member(users("office"),
                                                                             today)}  # fmt: skip
    assert counts == {"310000": (1, 1), "330000": (1, 0)}
    overdue = selectors.findings(users("js-viewer"), overdue=True, today=today)
    assert [f.member_code for f in overdue] == ["310000"]


def test_an_enterprise_sees_its_own_findings_only_and_the_public_none(users: Any, bay: Bay) -> None:
    services.record_finding(
        by=users("zj-editor"), channel="api", bay_id=bay.hangzhou.pk, kind="ldar_gap",
        description="x", deadline="2026-06-30", found_on="2026-04-01",
    )  # fmt: skip
    own = selectors.findings(users("ent-hangzhou"))
    assert [f.enterprise_id for f in own] == [bay.hangzhou.pk]
    assert selectors.findings(None).count() == 0
    assert selectors.findings(users("js-viewer")).count() == 2
    with pytest.raises(AccessDenied):
        selectors.finding(users("ent-hangzhou"), bay.finding.pk)
    with pytest.raises(AccessDenied):
        selectors.campaigns(users("ent-hangzhou"))
