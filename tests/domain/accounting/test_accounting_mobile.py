"""Diesel trucks and non-road machinery (docs/domain/accounting.md §3.10), with fictional factors.

No national per-vehicle factor was found; the values here are made up.
"""

from fractions import Fraction

import pytest

from deltacap.domain.accounting import (
    DEFAULT_COEFFICIENTS,
    Coefficient,
    InvalidValueError,
    MissingCoefficientError,
    MissingInputError,
    NotCreditableError,
    Pollutant,
    Tag,
    category,
)


def _c(key: str, value: str, unit: str) -> Coefficient:
    return Coefficient(key, Fraction(value), unit, Tag.MEMORY, "fictional")


FICTIONAL = DEFAULT_COEFFICIENTS.derive(
    id="test-vehicles",
    version="1",
    source="made up for tests",
    values=[
        _c("vehicle.reduction_factor.diesel.heavy.china3.nox", "0.3", "t/a"),
        _c("vehicle.reduction_factor.diesel.heavy.china3.pm", "0.01", "t/a"),
        _c("vehicle.emission_factor.diesel.heavy.china3.nox", "8", "g/km"),
        _c("vehicle.emission_factor.diesel.heavy.china6.nox", "1", "g/km"),
        _c("vehicle.annual_mileage.diesel.heavy", "50000", "km/a"),
        _c("nonroad.emission_factor.excavator.china1.nox", "40", "g/kg"),
        _c("nonroad.emission_factor.excavator.china4.nox", "10", "g/kg"),
        _c("nonroad.emission_factor.excavator.china1.vocs", "3", "kg/t"),
        _c("nonroad.emission_factor.excavator.china4.vocs", "5", "kg/t"),
    ],
)
DIESEL = category("diesel_phaseout")
NONROAD = category("nonroad_phaseout")


def test_reduction_factor_method_is_vehicles_times_factor_for_a_year() -> None:
    result = DIESEL.calculate(
        {"vehicle_type": "heavy", "emission_standard": "china3", "vehicles": 120}, FICTIONAL
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == 120 * Fraction("0.3")
    assert result.reduction(Pollutant.PM).exact_tonnes == 120 * Fraction("0.01")
    assert result.normalised_inputs()["period"] == {"value": "365", "unit": "d"}


def test_reduction_factor_is_prorated_over_a_shorter_period() -> None:
    result = DIESEL.calculate(
        {"vehicle_type": "heavy", "emission_standard": "china3", "vehicles": 10, "period": "73 d"},
        FICTIONAL,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == 10 * Fraction("0.3") * Fraction(73, 365)


def test_emission_factor_method_subtracts_the_replacement() -> None:
    per_vehicle_t = (Fraction(8) - 1) * 50_000 / 10**6
    result = DIESEL.calculate(
        {
            "method": "emission_factor",
            "vehicle_type": "heavy",
            "emission_standard": "china3",
            "vehicles": 100,
            "replacement": "china6",
        },
        FICTIONAL,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == 100 * per_vehicle_t


def test_pure_scrappage_has_no_replacement_emissions() -> None:
    result = DIESEL.calculate(
        {
            "method": "emission_factor",
            "vehicle_type": "heavy",
            "emission_standard": "china3",
            "vehicles": 1,
        },
        FICTIONAL,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == Fraction(8 * 50_000, 10**6)


def test_default_set_has_no_vehicle_factors() -> None:
    with pytest.raises(MissingCoefficientError) as caught:
        DIESEL.calculate(
            {"vehicle_type": "light", "emission_standard": "china2", "vehicles": 1},
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.params["key"] == "vehicle.reduction_factor.diesel.light.china2.nox"


def test_zero_vehicles_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        DIESEL.calculate(
            {"vehicle_type": "heavy", "emission_standard": "china3", "vehicles": 0}, FICTIONAL
        )
    assert caught.value.input_name == "vehicles"


def test_unknown_vehicle_type_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        DIESEL.calculate(
            {"vehicle_type": "bus", "emission_standard": "china3", "vehicles": 1}, FICTIONAL
        )
    assert caught.value.input_name == "vehicle_type"


def test_nonroad_fuel_based_reduction() -> None:
    result = NONROAD.calculate(
        {
            "machinery_type": "excavator",
            "emission_stage": "china1",
            "fuel": "100 t/a",
            "period": "1 a",
        },
        FICTIONAL,
    )
    assert result.reduction(Pollutant.NOX).exact_tonnes == 100 * Fraction(40, 1000)


def test_nonroad_replacement_that_emits_more_is_refused() -> None:
    with pytest.raises(NotCreditableError):
        NONROAD.calculate(
            {
                "machinery_type": "excavator",
                "emission_stage": "china1",
                "fuel": "100 t",
                "replacement": "china4",
                "replacement_fuel": "90 t",
            },
            FICTIONAL,
        )


def test_nonroad_fuel_replacement_needs_its_fuel() -> None:
    with pytest.raises(MissingInputError) as caught:
        NONROAD.calculate(
            {
                "machinery_type": "excavator",
                "emission_stage": "china1",
                "fuel": "100 t",
                "replacement": "china4",
            },
            FICTIONAL,
        )
    assert caught.value.input_name == "replacement_fuel"
