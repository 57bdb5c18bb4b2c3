"""Tail-water wetlands: removal = treated volume × (inflow − outflow) per pollutant given."""

from decimal import Decimal
from fractions import Fraction

import pytest

from deltacap.domain.accounting import (
    InconsistentInputsError,
    MissingInputError,
    Pollutant,
    category,
)
from deltacap.domain.accounting.eligibility import requirements

GRAM_IN_TONNES = Fraction(1, 10**6)


def wetland(inputs: dict[str, object]):
    return category("tailwater_wetland").calculate(inputs)


def test_wetland_credits_each_pollutant_on_its_own_inflow_and_outflow() -> None:
    # 20 000 m³/d for a year; TP 0.5 → 0.3 mg/L, TN 15 → 10 mg/L, COD 40 → 30 mg/L.
    result = wetland(
        {
            "volume": "20000 m3/d",
            "period": "365 d",
            "inflow_tp": "0.5 mg/L",
            "outflow_tp": "0.3 mg/L",
            "inflow_tn": "15 mg/L",
            "outflow_tn": "10 mg/L",
            "inflow_cod": "40 mg/L",
            "outflow_cod": "30 mg/L",
        }
    )
    volume = 20_000 * 365
    assert result.reduction(Pollutant.TP).exact_tonnes == volume * Fraction(2, 10) * GRAM_IN_TONNES
    assert result.reduction(Pollutant.TP).tonnes == Decimal("1.46")
    assert result.reduction(Pollutant.TN).tonnes == Decimal("36.5")
    assert result.reduction(Pollutant.COD).tonnes == Decimal("73")
    assert {r.pollutant for r in result.reductions} == {Pollutant.TP, Pollutant.TN, Pollutant.COD}


def test_wetland_method_is_marked_unverified() -> None:
    result = wetland({"volume": "1000 m3", "inflow_nh3n": "2 mg/L", "outflow_nh3n": "1 mg/L"})
    assert result.unverified
    assert category("tailwater_wetland").source == "docs/domain/accounting.md §3.2"


def test_wetland_outflow_above_inflow_is_refused_naming_the_input() -> None:
    with pytest.raises(InconsistentInputsError) as caught:
        wetland({"volume": "1000 m3", "inflow_tp": "0.3 mg/L", "outflow_tp": "0.4 mg/L"})
    assert caught.value.input_name == "outflow_tp"


def test_wetland_without_volume_is_refused() -> None:
    with pytest.raises(MissingInputError):
        wetland({"inflow_tp": "0.3 mg/L", "outflow_tp": "0.2 mg/L"})


def test_wetland_has_its_monitoring_requirement() -> None:
    codes = {r.code for r in requirements("tailwater_wetland")}
    assert "inflow_outflow_monitored" in codes
