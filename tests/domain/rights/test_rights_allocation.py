"""Initial allocation after HJ 942-2018 method patterns (docs/domain/standards.md §10.1, [M])."""

from decimal import Decimal
from fractions import Fraction

import pytest

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights.allocation import (
    AirConcentrationInputs,
    Method,
    PerformanceInputs,
    WaterConcentrationInputs,
    air_concentration_kg,
    allocate,
    performance_kg,
    water_concentration_kg,
)
from deltacap.domain.rights.errors import (
    AmountNotValid,
    MethodNotApplicable,
    QuantityNotPositive,
    UnknownPollutant,
)
from deltacap.domain.rights.pollutants import DEFAULT_POLLUTANTS, Medium, PollutantSpec

D = Decimal
BOILER = PerformanceInputs(D("600"), D("5000"), D("0.175"))  # MW, h, g/kWh
STACK = AirConcentrationInputs(D("50"), D("2000000"), D("5000"))  # mg/m3, m3/h, h
OUTFALL = WaterConcentrationInputs(D("50"), D("1000000"))  # mg/L, m3/a


def test_performance_method_is_capacity_times_hours_times_performance() -> None:
    result = performance_kg(BOILER)
    assert result.kg == 525_000  # 600 MW × 5000 h × 0.175 g/kWh = 525 t
    assert result.inputs == {
        "capacity_mw": "600",
        "utilisation_hours": "5000",
        "performance_g_kwh": "0.175",
    }
    assert result.tag is Tag.MEMORY
    assert "HJ 942-2018" in result.source


def test_concentration_method_air_is_limit_times_flow_times_hours() -> None:
    assert air_concentration_kg(STACK).kg == 500_000  # 50 × 2e6 × 5000 mg = 500 t


def test_concentration_method_water_is_limit_times_volume() -> None:
    assert water_concentration_kg(OUTFALL).kg == 50_000  # 50 g/m3 × 1e6 m3 = 50 t


def test_the_smaller_applies_where_both_methods_do() -> None:
    allocation = allocate(
        "NOx", DEFAULT_POLLUTANTS, basis="ZJ pilot 2023", performance=BOILER, concentration=STACK
    )
    assert (allocation.kg, allocation.method) == (500_000, Method.AIR_CONCENTRATION)
    assert [c.method for c in allocation.candidates] == [
        Method.PERFORMANCE,
        Method.AIR_CONCENTRATION,
    ]
    assert allocation.basis == "ZJ pilot 2023"
    assert "smaller" in allocation.rule_source
    assert allocation.tags == {Tag.MEMORY}


def test_a_further_limit_such_as_the_eia_quantity_can_be_stricter() -> None:
    allocation = allocate(
        "NOx",
        DEFAULT_POLLUTANTS,
        basis="b",
        performance=BOILER,
        other_limits_kg={"EIA approval": 400_000},
    )
    assert (allocation.kg, allocation.method) == (400_000, Method.OTHER_LIMIT)
    assert allocation.candidates[-1].inputs == {"name": "EIA approval", "kg": "400000"}


def test_results_are_floored_to_whole_kilograms_and_keep_the_exact_figure() -> None:
    result = water_concentration_kg(WaterConcentrationInputs(D("1.0005"), D("1000")))
    assert result.kg == 1
    assert result.exact_kg == Fraction(10005, 10000)


def test_a_method_of_the_other_medium_is_refused() -> None:
    with pytest.raises(MethodNotApplicable, match="water_concentration"):
        allocate("NOx", DEFAULT_POLLUTANTS, basis="b", concentration=OUTFALL)
    with pytest.raises(MethodNotApplicable, match="performance"):
        allocate("COD", DEFAULT_POLLUTANTS, basis="b", performance=BOILER)
    with pytest.raises(MethodNotApplicable, match="none"):
        allocate("COD", DEFAULT_POLLUTANTS, basis="b")


def test_water_allocation_with_the_concentration_method() -> None:
    allocation = allocate("COD", DEFAULT_POLLUTANTS, basis="b", concentration=OUTFALL)
    assert (allocation.pollutant, allocation.kg) == ("COD", 50_000)


@pytest.mark.parametrize("bad", [D("0"), D("-1"), D("NaN"), D("Infinity"), 1.5])
def test_inputs_must_be_positive_finite_decimals(bad: object) -> None:
    with pytest.raises(AmountNotValid) as caught:
        performance_kg(PerformanceInputs(bad, D("1"), D("1")))  # type: ignore[arg-type]
    assert caught.value.field == "capacity_mw"


def test_an_allocation_below_one_kilogram_is_refused() -> None:
    tiny = WaterConcentrationInputs(D("0.1"), D("1"))
    with pytest.raises(QuantityNotPositive):
        allocate("COD", DEFAULT_POLLUTANTS, basis="b", concentration=tiny)
    with pytest.raises(QuantityNotPositive):
        allocate("COD", DEFAULT_POLLUTANTS, basis="b", other_limits_kg={"eia": 0})


def test_unknown_pollutants_are_refused_and_more_can_be_configured() -> None:
    with pytest.raises(UnknownPollutant, match="TP"):
        allocate("TP", DEFAULT_POLLUTANTS, basis="b", concentration=OUTFALL)
    with_tp = DEFAULT_POLLUTANTS.with_specs(
        PollutantSpec("TP", Medium.WATER, "总磷", "test", Tag.MEMORY)
    )
    assert allocate("TP", with_tp, basis="b", concentration=OUTFALL).kg == 50_000
    assert with_tp.is_water("TP") and not with_tp.is_water("VOCs")
