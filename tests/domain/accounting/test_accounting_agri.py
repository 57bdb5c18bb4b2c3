"""Livestock farms and rural sewage (docs/domain/accounting.md §3.4, §3.5), with fictional
coefficients.

The default set has no generation coefficients (none were found); the values
below are made up for the tests and tagged [M].
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

FICTIONAL = DEFAULT_COEFFICIENTS.derive(
    id="test-fictional",
    version="1",
    source="made up for tests",
    values=[
        Coefficient(
            "livestock.generation.pig_finishing.cod",
            Fraction("0.2"),
            "kg/d",
            Tag.MEMORY,
            "fictional",
        ),
        Coefficient(
            "livestock.generation.pig_finishing.nh3n",
            Fraction("0.01"),
            "kg/d",
            Tag.MEMORY,
            "fictional",
        ),
        Coefficient(
            "livestock.average_removal_rate.pig_finishing.cod",
            Fraction("0.5"),
            "dimensionless",
            Tag.MEMORY,
            "fictional",
        ),
        Coefficient(
            "livestock.average_removal_rate.pig_finishing.nh3n",
            Fraction("0.4"),
            "dimensionless",
            Tag.MEMORY,
            "fictional",
        ),
        Coefficient(
            "livestock.generation.layer.cod", Fraction("15"), "g/d", Tag.MEMORY, "fictional"
        ),
        Coefficient(
            "livestock.average_removal_rate.layer.cod",
            Fraction("0.6"),
            "dimensionless",
            Tag.MEMORY,
            "fictional",
        ),
        Coefficient("rural.generation.cod", Fraction(40), "g/d", Tag.MEMORY, "fictional"),
        Coefficient("rural.generation.nh3n", Fraction(4), "g/d", Tag.MEMORY, "fictional"),
    ],
)
LIVESTOCK = category("livestock")
RURAL = category("rural_sewage")


def test_livestock_credits_animal_days_times_removal_rate_gain() -> None:
    animals, cycle_days, generated = 1000, 180, Fraction("0.2")  # finishing pigs, 出栏
    farm_rate, average = Fraction(1), Fraction("0.5")  # full land use = 100 % [V-2nd]
    expected_cod = animals * cycle_days * generated * (farm_rate - average) / 1000
    result = LIVESTOCK.calculate(
        {
            "animal_class": "pig_finishing",
            "animals": 1000,
            "treatment_mode": "full_land_use",
            "land_area": "100 mu",
        },
        FICTIONAL,
    )
    assert result.reduction(Pollutant.COD).exact_tonnes == expected_cod
    nh3n_expected = animals * cycle_days * Fraction("0.01") * (1 - Fraction("0.4")) / 1000
    assert result.reduction(Pollutant.NH3_N).exact_tonnes == nh3n_expected
    keys = [use.key for use in result.coefficients_used]
    assert "livestock.cycle_days.pig_finishing" in keys
    assert result.unverified


def test_livestock_site_inspection_rate_overrides_the_mode_rate() -> None:
    result = LIVESTOCK.calculate(
        {
            "animal_class": "layer",
            "animals": 30_000,
            "days": "365 d",
            "treatment_mode": "treatment_to_standard",
            "farm_removal_rate": "0.85",
        },
        FICTIONAL,
    )
    expected = 30_000 * 365 * Fraction(15, 1000) * (Fraction("0.85") - Fraction("0.6")) / 1000
    assert result.reduction(Pollutant.COD).exact_tonnes == expected


def test_livestock_without_integrated_measures_is_not_credited() -> None:
    with pytest.raises(NotCreditableError):
        LIVESTOCK.calculate(
            {"animal_class": "sow", "animals": 100, "treatment_mode": "none"}, FICTIONAL
        )


def test_dry_collection_mode_is_for_poultry_only() -> None:
    with pytest.raises(InvalidValueError) as caught:
        LIVESTOCK.calculate(
            {
                "animal_class": "dairy",
                "animals": 100,
                "treatment_mode": "dry_collection_fertiliser",
            },
            FICTIONAL,
        )
    assert caught.value.input_name == "treatment_mode"


def test_full_land_use_needs_one_mu_per_ten_pigs() -> None:
    with pytest.raises(MissingInputError) as missing:
        LIVESTOCK.calculate(
            {"animal_class": "pig_finishing", "animals": 1000, "treatment_mode": "full_land_use"},
            FICTIONAL,
        )
    assert missing.value.input_name == "land_area"
    with pytest.raises(InvalidValueError) as short:
        LIVESTOCK.calculate(
            {
                "animal_class": "pig_finishing",
                "animals": 1000,
                "treatment_mode": "full_land_use",
                "land_area": "6 ha",
            },
            FICTIONAL,
        )
    assert short.value.input_name == "land_area"  # 6 ha = 90 亩 < 100 亩


def test_livestock_farm_rate_below_average_is_refused() -> None:
    with pytest.raises(NotCreditableError):
        LIVESTOCK.calculate(
            {
                "animal_class": "layer",
                "animals": 1000,
                "farm_removal_rate": "0.5",
                "treatment_mode": "treatment_to_standard",
            },
            FICTIONAL,
        )


def test_livestock_needs_a_member_table_with_the_default_set() -> None:
    with pytest.raises(MissingCoefficientError) as caught:
        LIVESTOCK.calculate(
            {
                "animal_class": "layer",
                "animals": 1000,
                "treatment_mode": "dry_collection_fertiliser",
            },
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.params["key"] == "livestock.generation.layer.cod"


def test_fractional_animals_are_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        LIVESTOCK.calculate(
            {"animal_class": "layer", "animals": "10.5", "treatment_mode": "none"}, FICTIONAL
        )
    assert caught.value.input_name == "animals"


def test_rural_coefficient_method() -> None:
    residents, days, share, efficiency = 1000, 365, Fraction("0.8"), Fraction("0.7")
    expected = residents * 40 * days * share * efficiency / 10**6
    result = RURAL.calculate(
        {
            "residents": 1000,
            "period": "1 a",
            "collection_share": "80 %",
            "removal_efficiency_cod": "0.7",
        },
        FICTIONAL,
    )
    assert result.reductions[0].exact_tonnes == expected
    assert result.method == "coefficient"


def test_rural_monitoring_method() -> None:
    result = RURAL.calculate(
        {
            "method": "monitoring",
            "volume": "50 m3/d",
            "period": "1 a",
            "influent_cod": "300 mg/L",
            "effluent_cod": "60 mg/L",
        },
        FICTIONAL,
    )
    assert result.reductions[0].exact_tonnes == Fraction(50 * 365 * 240, 10**6)


def test_rural_inputs_of_the_other_method_are_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        RURAL.calculate(
            {"residents": 10, "period": "1 a", "removal_efficiency_cod": "0.5", "volume": "10 m3"},
            FICTIONAL,
        )
    assert caught.value.input_name == "volume"


def test_efficiency_above_one_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        RURAL.calculate(
            {"residents": 10, "period": "1 a", "removal_efficiency_cod": "1.2"}, FICTIONAL
        )
    assert caught.value.input_name == "removal_efficiency_cod"
