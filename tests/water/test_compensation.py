"""Eco-compensation settlements (issue 14 §2): the year's P from the annual means of the
samples at the assessment section (or given), who pays whom, every input frozen; approval
by both parties and the office, each once; the API's access rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from deltacap.audit.models import AuditEvent
from deltacap.domain.access import AccessDenied
from deltacap.domain.errors import Conflict, InvalidInput
from deltacap.water import selectors
from deltacap.water.models import Settlement
from deltacap.water.settlements import approve_settlement, compute_settlement

pytestmark = pytest.mark.usefixtures("water")


def test_the_demo_settles_2025_from_the_synthetic_samples_at_jiekou() -> None:
    demo = Settlement.objects.get(agreement="xinanjiang", year=2025)
    assert demo.synthetic and demo.settled and demo.round == 4
    assert demo.inputs["p_from"] == "samples"
    assert demo.inputs["samples"]["counts"] == {"CODMn": 12, "NH3-N": 12, "TP": 12, "TN": 12}
    assert sorted(a.side for a in demo.approvals.all()) == ["downstream", "office", "upstream"]
    # P recomputed by hand from the stored samples and the frozen inputs.
    means = selectors.annual_means("jiekou", 2025, ["CODMn", "NH3-N", "TP", "TN"]).means
    frozen = demo.inputs["indicators"]
    total = sum(
        frozen[i]["weight"]["value"] * means[i] / frozen[i]["base_mg_l"]["value"] for i in means
    )
    assert float(demo.p) == pytest.approx(demo.inputs["k0"]["value"] * total, abs=1e-4)
    payer, payee = ("330000", "340000") if demo.p <= 1 else ("340000", "330000")
    assert (demo.payer, demo.payee, demo.amount_fen) == (payer, payee, 200_000_000 * 100)


def test_a_given_p_above_one_has_anhui_pay_zhejiang(users: Any) -> None:
    settlement = compute_settlement(
        by=users("ah-editor"), channel="page", agreement="xinanjiang", year=2019, p="1.0200"
    )
    assert (settlement.payer, settlement.payee) == ("340000", "330000")
    assert settlement.p == Decimal("1.0200") and settlement.round == 3
    assert settlement.inputs["p_from"] == "given" and settlement.inputs["k0"]["value"] == 0.9
    assert AuditEvent.objects.filter(action="water.compensation.settle").count() == 2


def test_a_year_without_a_round_or_samples_names_the_field(users: Any) -> None:
    office = users("office")
    with pytest.raises(InvalidInput) as caught:
        compute_settlement(by=office, channel="page", agreement="xinanjiang", year=2021)
    assert caught.value.field == "year"
    with pytest.raises(InvalidInput) as caught:  # no samples at 街口 in 2023
        compute_settlement(by=office, channel="page", agreement="xinanjiang", year=2023)
    assert caught.value.field == "p"
    with pytest.raises(Conflict):
        compute_settlement(by=office, channel="page", agreement="xinanjiang", year=2025, p=1)
    assert Settlement.objects.count() == 1


def test_another_member_or_a_viewer_may_not_settle(users: Any) -> None:
    for name in ("js-editor", "js-viewer", "hz-editor"):
        with pytest.raises(AccessDenied):
            compute_settlement(
                by=users(name), channel="page", agreement="xinanjiang", year=2019, p=1
            )


def test_each_side_approves_once_and_three_settle_it(users: Any) -> None:
    s = compute_settlement(
        by=users("office"), channel="page", agreement="xinanjiang", year=2018, p="0.8"
    )
    with pytest.raises(AccessDenied):
        approve_settlement(by=users("js-editor"), channel="page", settlement_id=s.pk)
    with pytest.raises(AccessDenied):
        approve_settlement(by=users("sh-viewer"), channel="page", settlement_id=s.pk)
    approve_settlement(by=users("zj-editor"), channel="page", settlement_id=s.pk)
    with pytest.raises(Conflict):
        approve_settlement(by=users("zj-editor"), channel="page", settlement_id=s.pk)
    assert not approve_settlement(by=users("office"), channel="page", settlement_id=s.pk).settled
    done = approve_settlement(by=users("ah-editor"), channel="page", settlement_id=s.pk)
    assert done.settled
    with pytest.raises(Conflict):
        approve_settlement(by=users("office"), channel="page", settlement_id=s.pk)


def test_the_cli_contract_fields_come_from_the_api_too(api: Any) -> None:
    response = api.send(
        "post",
        "/api/v1/water/compensation/settlements",
        {"agreement": "xinanjiang", "year": 2016, "p": "0.95"},
        as_user="zj-editor",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["payer"], body["payee"], body["amount_yuan"]) == ("330000", "340000", 2e8)
    assert body["status"] == "pending" and body["round"] == 2
    approved = api.send(
        "post", f"/api/v1/water/compensation/settlements/{body['id']}/approve", {}, "ah-editor"
    )
    assert approved.status_code == 200
    assert [a["side"] for a in approved.json()["approvals"]] == ["upstream"]


def test_settled_results_are_public_and_pending_ones_the_officials(api: Any, users: Any) -> None:
    pending = compute_settlement(
        by=users("office"), channel="page", agreement="xinanjiang", year=2014, p="0.7"
    )
    public = api.get("/api/v1/water/compensation/settlements").json()
    assert [s["year"] for s in public] == [2025]
    viewer = api.get("/api/v1/water/compensation/settlements", as_user="js-viewer").json()
    assert [s["year"] for s in viewer] == [2014, 2025]
    assert api.get(f"/api/v1/water/compensation/settlements/{pending.pk}").status_code == 404
    refused = api.send(
        "post", f"/api/v1/water/compensation/settlements/{pending.pk}/approve", {}, "js-viewer"
    )
    assert refused.status_code == 403
    agreements = api.get("/api/v1/water/compensation/agreements").json()
    assert [a["code"] for a in agreements] == ["xinanjiang", "taipu"]
    assert agreements[0]["rounds"][0]["k0"] == {
        "value": 0.85, "status": "unverified", "source": agreements[0]["rounds"][0]["k0"]["source"]
    }  # fmt: skip


def test_a_bad_p_through_the_api_names_the_field(api: Any) -> None:
    response = api.send(
        "post",
        "/api/v1/water/compensation/settlements",
        {"agreement": "xinanjiang", "year": 2016, "p": "-1"},
        as_user="office",
        lang="en",
    )
    assert response.status_code in (400, 422)
    assert response.json()["field"] == "p"
    assert Settlement.objects.count() == 1
