"""The eco-compensation index and its direction rule (standards.md §7), on the configured
agreements and on small hand-made ones. The configured K0, base concentrations and round-4
values are unverified configuration (marked so in compensation.json); tests that lean on
them say so."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.errors import InvalidInput
from deltacap.domain.water.compensation import (
    UNVERIFIED,
    VERIFIED,
    agreement_of,
    compensation_index,
    settle,
)
from deltacap.water.config import agreements


def _fact(value: Any) -> dict[str, Any]:
    return {"value": value, "status": VERIFIED, "source": "test"}


def _agreement(k0: float = 0.9, amount: int = 100) -> Any:
    return agreement_of(
        {
            "code": "test",
            "name_zh": "测试",
            "name_en": "Test",
            "upstream": "340000",
            "downstream": "330000",
            "section": "s",
            "rounds": [
                {
                    "number": 1,
                    "first_year": 2012,
                    "last_year": 2014,
                    "k0": _fact(k0),
                    "amount_yuan": _fact(amount),
                    "indicators": {
                        "A": {"weight": _fact(0.5), "base_mg_l": _fact(2.0)},
                        "B": {"weight": _fact(0.5), "base_mg_l": _fact(0.1)},
                    },
                    "weights_from": [
                        {"from_year": 2014, "weights": {"A": _fact(0.2), "B": _fact(0.8)}}
                    ],
                }
            ],
        }
    )


def test_index_is_k0_times_the_weighted_ratios_to_the_base() -> None:
    rnd = _agreement().rounds[0]
    # 0.9 × (0.5 × 3/2 + 0.5 × 0.05/0.1) = 0.9 × 1.0
    assert compensation_index(rnd, 2012, {"A": Decimal(3), "B": Decimal("0.05")}) == Decimal("0.9")


def test_weights_change_from_their_year() -> None:
    rnd = _agreement().rounds[0]
    values = {"A": Decimal(3), "B": Decimal("0.05")}
    # 0.9 × (0.2 × 1.5 + 0.8 × 0.5) = 0.63
    assert compensation_index(rnd, 2014, values) == Decimal("0.6300")
    assert compensation_index(rnd, 2013, values) == Decimal("0.9000")


def test_p_at_one_has_the_downstream_pay_and_above_one_the_upstream() -> None:
    agreement = _agreement(amount=100)
    at_one = settle(agreement, 2013, p=Decimal("1.0000"))
    assert (at_one.payer, at_one.payee, at_one.amount_yuan) == ("330000", "340000", 100)
    above = settle(agreement, 2013, p=Decimal("1.0001"))
    assert (above.payer, above.payee) == ("340000", "330000")


@given(st.decimals(min_value=0, max_value=5, places=4))
def test_exactly_one_party_pays_the_other(p: Decimal) -> None:
    outcome = settle(_agreement(), 2013, p=p)
    assert {outcome.payer, outcome.payee} == {"340000", "330000"}
    assert (outcome.payer == "330000") == (p <= 1)


def test_a_year_outside_every_round_is_refused_naming_the_year() -> None:
    with pytest.raises(InvalidInput) as caught:
        settle(_agreement(), 2015, p=Decimal("0.5"))
    assert caught.value.field == "year"


def test_concentrations_must_name_every_indicator_and_be_positive() -> None:
    agreement = _agreement()
    with pytest.raises(InvalidInput) as caught:
        settle(agreement, 2013, concentrations={"A": "1"})
    assert caught.value.field == "concentrations"
    with pytest.raises(InvalidInput) as caught:
        settle(agreement, 2013, concentrations={"A": "1", "B": "-0.1"})
    assert caught.value.field == "concentrations.B"
    with pytest.raises(InvalidInput) as caught:
        settle(agreement, 2013, concentrations={"A": "1", "B": "0.1", "C": "1"})
    assert caught.value.field == "concentrations.C"


def test_weights_that_do_not_add_up_to_one_are_a_configuration_fault() -> None:
    node = json.loads(
        resources.files("deltacap.water").joinpath("data/compensation.json").read_text()
    )["agreements"][0]
    node["rounds"][0]["indicators"]["TP"]["weight"]["value"] = 0.3
    with pytest.raises(ValueError, match="add up"):
        agreement_of(node)


def test_xinanjiang_rounds_follow_standards_md() -> None:
    """Years and amounts of the four rounds, K0 per round (standards.md §7.2–7.3; K0 and
    round 2's amount are [M] there, so configured as unverified)."""
    xin = agreements()["xinanjiang"]
    assert (xin.upstream, xin.downstream, xin.section) == ("340000", "330000", "jiekou")
    spans = [(r.number, r.first_year, r.last_year) for r in xin.rounds]
    assert spans == [(1, 2012, 2014), (2, 2015, 2017), (3, 2018, 2020), (4, 2023, None)]
    assert [r.k0.value for r in xin.rounds[:3]] == [0.85, 0.89, 0.90]
    assert all(r.k0.status == UNVERIFIED for r in xin.rounds)
    assert [r.amount_yuan.value for r in xin.rounds[:3]] == [100_000_000, 200_000_000, 200_000_000]
    first = xin.rounds[0]
    assert {i.code: i.weight.value for i in first.indicators} == {
        "CODMn": 0.25, "NH3-N": 0.25, "TP": 0.25, "TN": 0.25,
    }  # fmt: skip
    # From 2017 the TP and TN weights are higher than the others (values unverified).
    w2017 = xin.rounds[1].weights(2017)
    assert w2017["TP"].value > w2017["CODMn"].value and w2017["TP"].status == UNVERIFIED


def test_every_configured_value_has_a_status_and_a_source() -> None:
    for agreement in agreements().values():
        for rnd in agreement.rounds:
            facts = [rnd.k0, rnd.amount_yuan]
            facts += [f for i in rnd.indicators for f in (i.weight, i.base_mg_l)]
            assert all(f.status in (VERIFIED, UNVERIFIED) and f.source for f in facts)
    assert agreements()["taipu"].illustrative
