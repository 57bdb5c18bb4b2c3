"""Non-point measures: N/P ecological interception credited on its own inflow and outflow;
less fertiliser credited with the member's loss rate (none in the default set)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from deltacap.domain.accounting import (
    DEFAULT_COEFFICIENTS,
    Coefficient,
    InconsistentInputsError,
    MissingCoefficientError,
    MissingInputError,
    Pollutant,
    Tag,
    category,
)
from deltacap.domain.accounting.eligibility import requirements

MEMBER_TABLE = DEFAULT_COEFFICIENTS.derive(
    id="test-member",
    version="1",
    source="made up for tests",
    values=[
        Coefficient("nonpoint.loss_rate.tn", Fraction(1, 10), "dimensionless", Tag.MEMORY, "test"),
        Coefficient("nonpoint.loss_rate.tp", Fraction(3, 100), "dimensionless", Tag.MEMORY, "test"),
    ],
)


def test_interception_credits_each_pollutant_on_its_inflow_and_outflow() -> None:
    # 3 000 000 m³ of drainage; TN 4.5 → 3.0 mg/L, TP 0.35 → 0.2 mg/L.
    result = category("ecological_interception").calculate(
        {
            "volume": "3000000 m3",
            "inflow_tn": "4.5 mg/L",
            "outflow_tn": "3.0 mg/L",
            "inflow_tp": "0.35 mg/L",
            "outflow_tp": "0.2 mg/L",
        }
    )
    assert result.reduction(Pollutant.TN).tonnes == Decimal("4.5")
    assert result.reduction(Pollutant.TP).tonnes == Decimal("0.45")
    assert {r.pollutant for r in result.reductions} == {Pollutant.TN, Pollutant.TP}
    assert result.unverified


def test_interception_refuses_an_outflow_above_the_inflow_and_no_volume() -> None:
    with pytest.raises(InconsistentInputsError) as caught:
        category("ecological_interception").calculate(
            {"volume": "1000 m3", "inflow_tp": "0.2 mg/L", "outflow_tp": "0.3 mg/L"}
        )
    assert caught.value.input_name == "outflow_tp"
    with pytest.raises(MissingInputError):
        category("ecological_interception").calculate(
            {"inflow_tp": "0.3 mg/L", "outflow_tp": "0.2 mg/L"}
        )


def test_less_fertiliser_is_credited_with_the_members_loss_rate() -> None:
    # 8 000 ha; N 280 → 240 kg/ha, P 60 → 50 kg/ha; loss 10 % of N, 3 % of P.
    inputs = {
        "area": "8000 ha",
        "base_applied_tn": "280 kg/ha",
        "applied_tn": "240 kg/ha",
        "base_applied_tp": "60 kg/ha",
        "applied_tp": "50 kg/ha",
    }
    result = category("nonpoint_fertiliser").calculate(inputs, MEMBER_TABLE)
    assert result.reduction(Pollutant.TN).exact_tonnes == Fraction(8000 * 40 * 1, 10 * 1000)
    assert result.reduction(Pollutant.TN).tonnes == Decimal("32")
    assert result.reduction(Pollutant.TP).tonnes == Decimal("2.4")
    assert result.unverified
    # 亩 are converted: 15 亩 to the hectare.
    in_mu = category("nonpoint_fertiliser").calculate({**inputs, "area": "120000 mu"}, MEMBER_TABLE)
    assert in_mu.reduction(Pollutant.TN).tonnes == Decimal("32")


def test_less_fertiliser_needs_a_loss_rate_and_a_real_cut() -> None:
    inputs = {"area": "100 ha", "base_applied_tn": "200 kg/ha", "applied_tn": "180 kg/ha"}
    with pytest.raises(MissingCoefficientError):
        category("nonpoint_fertiliser").calculate(inputs)
    with pytest.raises(InconsistentInputsError) as caught:
        category("nonpoint_fertiliser").calculate(
            {**inputs, "applied_tn": "220 kg/ha"}, MEMBER_TABLE
        )
    assert caught.value.input_name == "applied_tn"


def test_both_have_their_own_requirements() -> None:
    assert "inflow_outflow_monitored" in {r.code for r in requirements("ecological_interception")}
    assert "application_recorded" in {r.code for r in requirements("nonpoint_fertiliser")}
