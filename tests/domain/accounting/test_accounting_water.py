"""Water calculators: the worked examples of docs/domain/accounting.md §3.1–§3.3, §3.6 and
their refusals."""

from decimal import Decimal
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
    UnknownInputError,
    category,
)

GRAM_IN_TONNES = Fraction(1, 10**6)  # 1 mg/L × 1 m³ = 1 g


def calculate(code: str, inputs: dict[str, object], coefficients=DEFAULT_COEFFICIENTS):
    return category(code).calculate(inputs, coefficients)


def test_new_plant_worked_example_credits_803_tonnes_cod() -> None:
    # docs/domain/accounting.md §3.1: 10 000 m³/d × 365 d; C_in 250 mg/L, C_out 30 mg/L.
    volume_m3 = 10_000 * 365
    expected = Fraction(volume_m3 * (250 - 30)) * GRAM_IN_TONNES
    result = calculate(
        "wwtp_new",
        {
            "volume": "10000 m3/d",
            "period": "365 d",
            "influent_cod": "250 mg/L",
            "effluent_cod": "30 mg/L",
        },
    )
    cod = result.reduction(Pollutant.COD)
    assert cod.exact_tonnes == expected
    assert cod.tonnes == Decimal("803")
    assert cod.kg == 803_000
    assert result.coefficient_set_id == DEFAULT_COEFFICIENTS.id
    assert result.coefficient_set_version == DEFAULT_COEFFICIENTS.version


def test_result_records_normalised_inputs_with_units() -> None:
    result = calculate(
        "wwtp_new",
        {
            "volume": "10000 m3/d",
            "period": "1 a",
            "influent_cod": "250 mg/L",
            "effluent_cod": "30 mg/L",
        },
    )
    assert result.normalised_inputs()["volume"] == {"value": "3650000", "unit": "m3"}
    assert result.normalised_inputs()["period"] == {"value": "365", "unit": "d"}
    assert result.stored_inputs()["volume"] == {"value": "10000", "unit": "m3/d"}


def test_expansion_credits_the_rise_over_the_base_period() -> None:
    current = 5_000_000 * (240 - 25)
    base = 3_000_000 * (230 - 28)
    result = calculate(
        "wwtp_new",
        {
            "volume": "5000000 m3",
            "influent_cod": "240 mg/L",
            "effluent_cod": "25 mg/L",
            "base_volume": "3000000 m3",
            "base_influent_cod": "230 mg/L",
            "base_effluent_cod": "28 mg/L",
        },
    )
    assert result.reductions[0].exact_tonnes == (current - base) * GRAM_IN_TONNES


def test_expansion_whose_removed_load_fell_is_refused_not_clipped() -> None:
    with pytest.raises(NotCreditableError) as caught:
        calculate(
            "wwtp_new",
            {
                "volume": "1000 m3",
                "influent_cod": "200 mg/L",
                "effluent_cod": "30 mg/L",
                "base_volume": "2000 m3",
                "base_influent_cod": "200 mg/L",
                "base_effluent_cod": "30 mg/L",
            },
        )
    assert caught.value.params["pollutant"] == "COD"


def test_base_concentrations_without_base_volume_are_refused() -> None:
    with pytest.raises(MissingInputError) as caught:
        calculate(
            "wwtp_new",
            {
                "volume": "1000 m3",
                "influent_cod": "200 mg/L",
                "effluent_cod": "30 mg/L",
                "base_influent_cod": "150 mg/L",
            },
        )
    assert caught.value.input_name == "base_volume"


def test_effluent_above_influent_is_refused_naming_the_input() -> None:
    with pytest.raises(InconsistentInputsError) as caught:
        calculate(
            "wwtp_new", {"volume": "1000 m3", "influent_nh3n": "5 mg/L", "effluent_nh3n": "8 mg/L"}
        )
    assert caught.value.input_name == "effluent_nh3n"
    assert caught.value.params["other"] == "influent_nh3n"


def test_half_a_concentration_pair_is_refused() -> None:
    with pytest.raises(MissingInputError) as caught:
        calculate("wwtp_new", {"volume": "1000 m3", "influent_tp": "5 mg/L"})
    assert caught.value.input_name == "effluent_tp"


def test_no_pollutant_at_all_is_refused() -> None:
    with pytest.raises(MissingInputError):
        calculate("wwtp_new", {"volume": "1000 m3"})


def test_unknown_input_name_is_refused() -> None:
    with pytest.raises(UnknownInputError) as caught:
        calculate(
            "wwtp_new",
            {
                "volume": "1000 m3",
                "influent_cod": "1 mg/L",
                "effluent_cod": "1 mg/L",
                "inflow_cod": "3 mg/L",
            },
        )
    assert caught.value.input_name == "inflow_cod"


def test_influent_cap_from_the_coefficient_set_is_applied_and_noted() -> None:
    capped = DEFAULT_COEFFICIENTS.derive(
        id="member",
        version="2024-1",
        source="test: fictional cap",
        values=[Coefficient("wwtp.influent_cap.cod", Fraction(200), "mg/L", Tag.MEMORY, "fict.")],
    )
    result = calculate(
        "wwtp_new",
        {"volume": "1000 m3", "influent_cod": "250 mg/L", "effluent_cod": "30 mg/L"},
        capped,
    )
    assert result.reductions[0].exact_tonnes == 1000 * (200 - 30) * GRAM_IN_TONNES
    assert [note.code for note in result.notes] == ["influent_capped"]
    assert [use.key for use in result.coefficients_used] == ["wwtp.influent_cap.cod"]
    assert result.coefficient_set_id == "member"


def test_upgrade_worked_example_credits_23_725_tonnes_nh3n() -> None:
    # docs/domain/accounting.md §3.2: 3 650 000 m³; NH3-N effluent 8 → 1.5 mg/L.
    expected = Fraction(3_650_000) * (Fraction(8) - Fraction("1.5")) * GRAM_IN_TONNES
    result = calculate(
        "wwtp_upgrade",
        {
            "volume": "3650000 m3",
            "effluent_before_nh3n": "8 mg/L",
            "effluent_after_nh3n": "1.5 mg/L",
        },
    )
    nh3n = result.reduction(Pollutant.NH3_N)
    assert nh3n.exact_tonnes == expected
    assert nh3n.tonnes == Decimal("23.725")
    assert nh3n.kg == 23_725


def test_upgrade_with_worse_effluent_is_refused() -> None:
    with pytest.raises(InconsistentInputsError) as caught:
        calculate(
            "wwtp_upgrade",
            {
                "volume": "1000 m3",
                "effluent_before_tp": "0.5 mg/L",
                "effluent_after_tp": "0.6 mg/L",
            },
        )
    assert caught.value.input_name == "effluent_after_tp"


def test_sewer_network_shares_the_plant_rise_and_notes_flat_bod5() -> None:
    rise = 3_650_000 * ((200 - 30) - (150 - 30))
    result = calculate(
        "sewer_network",
        {
            "volume": "3650000 m3",
            "influent_cod": "200 mg/L",
            "effluent_cod": "30 mg/L",
            "base_volume": "3650000 m3",
            "base_influent_cod": "150 mg/L",
            "base_effluent_cod": "30 mg/L",
            "share": "40 %",
            "influent_bod5": "80 mg/L",
            "base_influent_bod5": "80 mg/L",
        },
    )
    assert result.reductions[0].exact_tonnes == Fraction(2, 5) * rise * GRAM_IN_TONNES
    assert [note.code for note in result.notes] == ["bod5_not_risen"]


def test_sewer_network_needs_the_base_period() -> None:
    with pytest.raises(MissingInputError) as caught:
        calculate(
            "sewer_network",
            {"volume": "1000 m3", "influent_cod": "200 mg/L", "effluent_cod": "30 mg/L"},
        )
    assert caught.value.input_name == "base_volume"


def test_industrial_credits_the_concentration_drop_at_current_volume() -> None:
    result = calculate(
        "industrial_ww",
        {
            "volume": "800 m3/d",
            "period": "300 d",
            "concentration_before_cod": "120 mg/L",
            "concentration_after_cod": "45 mg/L",
            "concentration_before_tn": "30 mg/L",
            "concentration_after_tn": "12 mg/L",
        },
    )
    volume = 800 * 300
    assert result.reduction(Pollutant.COD).exact_tonnes == volume * (120 - 45) * GRAM_IN_TONNES
    assert result.reduction(Pollutant.TN).exact_tonnes == volume * (30 - 12) * GRAM_IN_TONNES


def test_reuse_credits_the_load_no_longer_discharged() -> None:
    result = calculate(
        "industrial_reuse",
        {"reused_volume": "100 m3/d", "period": "1 a", "concentration_cod": "50 mg/L"},
    )
    assert result.reductions[0].exact_tonnes == 100 * 365 * 50 * GRAM_IN_TONNES


def test_negative_volume_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        calculate(
            "wwtp_new", {"volume": "-1 m3", "influent_cod": "250 mg/L", "effluent_cod": "30 mg/L"}
        )
    assert caught.value.field == "volume"


def test_zero_period_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        calculate(
            "wwtp_new",
            {
                "volume": "10 m3/d",
                "period": "0 d",
                "influent_cod": "250 mg/L",
                "effluent_cod": "30 mg/L",
            },
        )
    assert caught.value.field == "period"
