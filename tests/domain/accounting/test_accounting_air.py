"""Ultra-low retrofits, boilers and kilns, closures (docs/domain/accounting.md §3.7, §3.8,
§3.11)."""

from fractions import Fraction

import pytest

from deltacap.domain.accounting import (
    DEFAULT_COEFFICIENTS,
    Coefficient,
    InconsistentInputsError,
    InvalidValueError,
    MissingInputError,
    NotCreditableError,
    Pollutant,
    Tag,
    UnitMismatchError,
    category,
    meets_ultra_low_limits,
)
from deltacap.domain.accounting.air import at_reference_o2

MILLIGRAM_IN_TONNES = Fraction(1, 10**9)  # 1 mg/m³ × 1 m³ = 1 mg
FUELS = DEFAULT_COEFFICIENTS.derive(
    id="test-fuels",
    version="1",
    source="made up for tests",
    values=[
        Coefficient("fuel.generation.coal.nox", Fraction("2.94"), "kg/t", Tag.MEMORY, "fict."),
        Coefficient("fuel.generation.coal.so2", Fraction("16"), "kg/t", Tag.MEMORY, "fict."),
        Coefficient(
            "fuel.generation.natural_gas.nox", Fraction("18.7"), "kg/(1e4 m3)", Tag.MEMORY, "fict."
        ),
        Coefficient(
            "fuel.generation.natural_gas.so2", Fraction("0"), "kg/(1e4 m3)", Tag.MEMORY, "fict."
        ),
    ],
)


def test_ultra_low_worked_example_credits_325_tonnes_nox() -> None:
    # docs/domain/accounting.md §3.7: 10⁶ m³/h at 6 % O2, NOx 100 → 35 mg/m³, 5000 h.
    expected = Fraction(10**6) * (100 - 35) * 5000 * MILLIGRAM_IN_TONNES
    result = category("ule_power").calculate(
        {
            "flue_gas_flow": "1000000 m3/h",
            "hours": "5000 h",
            "concentration_before_nox": "100 mg/m3",
            "concentration_after_nox": "35 mg/m3",
        },
        DEFAULT_COEFFICIENTS,
    )
    nox = result.reduction(Pollutant.NOX)
    assert nox.exact_tonnes == expected
    assert nox.kg == 325_000
    assert result.notes == ()
    assert [use.key for use in result.coefficients_used] == ["ule.limit.power.nox"]


def test_ultra_low_outlet_above_the_limit_is_noted() -> None:
    result = category("ule_steel").calculate(
        {
            "flue_gas_flow": "500000 m3/h",
            "hours": "7000 h",
            "concentration_before_nox": "200 mg/m3",
            "concentration_after_nox": "80 mg/m3",
        },
        DEFAULT_COEFFICIENTS,
    )
    assert [note.code for note in result.notes] == ["above_ultra_low_limit"]


def test_zero_hours_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        category("ule_cement").calculate(
            {
                "flue_gas_flow": "1 m3/h",
                "hours": "0 h",
                "concentration_before_nox": "1 mg/m3",
                "concentration_after_nox": "1 mg/m3",
            },
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "hours"


def test_flow_per_day_and_hours_in_days_are_converted() -> None:
    flow_m3_h, hours = Fraction(24_000_000, 24), 250 * 24
    expected = flow_m3_h * (100 - 35) * hours * MILLIGRAM_IN_TONNES
    result = category("ule_power").calculate(
        {
            "flue_gas_flow": "24000000 m3/d",
            "hours": "250 d",
            "concentration_before_nox": "100 mg/m3",
            "concentration_after_nox": "35 mg/m3",
        },
        DEFAULT_COEFFICIENTS,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == expected
    assert result.normalised_inputs()["hours"] == {"value": "6000", "unit": "h"}


def test_higher_outlet_after_retrofit_is_refused() -> None:
    with pytest.raises(InconsistentInputsError) as caught:
        category("ule_coking").calculate(
            {
                "flue_gas_flow": "1 m3/h",
                "hours": "1 h",
                "concentration_before_so2": "30 mg/m3",
                "concentration_after_so2": "40 mg/m3",
            },
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "concentration_after_so2"


def test_efficiency_method_recovers_generated_load() -> None:
    emitted, before, after, rate = Fraction(100), Fraction("0.5"), Fraction("0.8"), Fraction("0.95")
    generated = emitted / (1 - after * rate)
    expected = generated * (after * rate - before * rate)
    result = category("ule_cement").calculate(
        {
            "method": "efficiency",
            "emission_after_nox": "100 t",
            "efficiency_before_nox": "0.5",
            "efficiency_after_nox": "0.8",
            "operating_rate_before": "0.95",
            "operating_rate_after": "95 %",
        },
        DEFAULT_COEFFICIENTS,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == expected


def test_efficiency_of_one_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        category("ule_power").calculate(
            {
                "method": "efficiency",
                "emission_after_nox": "1 t",
                "efficiency_before_nox": "0.5",
                "efficiency_after_nox": "1",
            },
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "efficiency_after_nox"


def test_reference_o2_conversion() -> None:
    # 60 mg/m³ measured at 9 % O2, reference 6 %: 60 × (21 − 6) / (21 − 9) = 75.
    assert at_reference_o2(Fraction(60), Fraction(9), Fraction(6)) == 75
    with pytest.raises(InvalidValueError):
        at_reference_o2(Fraction(60), Fraction(21), Fraction(6))


def test_ultra_low_limit_check_uses_the_coefficient_set() -> None:
    assert meets_ultra_low_limits(
        "steel", {"nox": Fraction(45), "so2": Fraction(30)}, DEFAULT_COEFFICIENTS
    )
    assert not meets_ultra_low_limits("steel", {"pm": Fraction(12)}, DEFAULT_COEFFICIENTS)


def test_fuel_switch_coal_to_gas() -> None:
    coal_t, gas_1e4_m3 = 10_000, 500
    nox_kg = coal_t * Fraction("2.94") - gas_1e4_m3 * Fraction("18.7")
    so2_kg = coal_t * 16 * (1 - Fraction("0.9")) - 0
    result = category("boiler_kiln").calculate(
        {
            "fuel_before_type": "coal",
            "fuel_before": "10000 t",
            "removal_before_so2": {"value": "90", "unit": "%"},
            "fuel_after_type": "natural_gas",
            "fuel_after": "5000000 m3",
        },
        FUELS,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == nox_kg / 1000
    assert result.reduction(Pollutant.SO2).exact_tonnes == so2_kg / 1000


def test_fuel_switch_to_electricity_credits_all_on_site_emissions() -> None:
    result = category("boiler_kiln").calculate(
        {
            "fuel_before_type": "coal",
            "fuel_before": "2000 t/a",
            "period": "1 a",
            "fuel_after_type": "electricity",
        },
        FUELS,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == 2000 * Fraction("2.94") / 1000


def test_fuel_switch_with_a_gas_volume_for_a_per_tonne_factor_is_refused() -> None:
    with pytest.raises(UnitMismatchError) as caught:
        category("boiler_kiln").calculate(
            {
                "fuel_before_type": "coal",
                "fuel_before": "2000 m3",
                "fuel_after_type": "electricity",
            },
            FUELS,
        )
    assert caught.value.input_name == "fuel_before"


def test_fuel_switch_to_a_fuel_needs_its_quantity() -> None:
    with pytest.raises(MissingInputError) as caught:
        category("boiler_kiln").calculate(
            {"fuel_before_type": "coal", "fuel_before": "2000 t", "fuel_after_type": "natural_gas"},
            FUELS,
        )
    assert caught.value.input_name == "fuel_after"


def test_boiler_elimination_credits_last_year_emissions() -> None:
    result = category("boiler_kiln").calculate(
        {"method": "elimination", "base_emission_nox": "12.5 t"}, DEFAULT_COEFFICIENTS
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == Fraction("12.5")


def test_boiler_deep_treatment_uses_the_monitoring_formula() -> None:
    result = category("boiler_kiln").calculate(
        {
            "method": "deep_treatment",
            "flue_gas_flow": "20000 m3/h",
            "hours": "4000 h",
            "concentration_before_nox": "300 mg/m3",
            "concentration_after_nox": "50 mg/m3",
        },
        DEFAULT_COEFFICIENTS,
    )
    expected = Fraction(20_000) * (300 - 50) * 4000 * MILLIGRAM_IN_TONNES
    assert result.reduction(Pollutant.NOX).exact_tonnes == expected


def test_closure_credits_last_year_minus_this_year() -> None:
    result = category("closure").calculate(
        {
            "base_emission_so2": "120 t/a",
            "period": "1 a",
            "current_emission_so2": "20 t",
            "base_emission_cod": "3.5 t",
        },
        DEFAULT_COEFFICIENTS,
    )
    assert result.reduction(Pollutant.SO2).exact_tonnes == 100
    assert result.reduction(Pollutant.COD).exact_tonnes == Fraction("3.5")


def test_closure_emitting_more_than_before_is_refused() -> None:
    with pytest.raises(InconsistentInputsError):
        category("closure").calculate(
            {"base_emission_nox": "10 t", "current_emission_nox": "11 t"}, DEFAULT_COEFFICIENTS
        )


def test_efficiency_fall_through_operating_rate_is_not_credited() -> None:
    with pytest.raises(NotCreditableError):
        category("ule_power").calculate(
            {
                "method": "efficiency",
                "emission_after_nox": "1 t",
                "efficiency_before_nox": "0.8",
                "efficiency_after_nox": "0.85",
                "operating_rate_after": "0.5",
            },
            DEFAULT_COEFFICIENTS,
        )
