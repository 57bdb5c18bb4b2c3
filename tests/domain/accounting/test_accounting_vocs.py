"""VOCs: source substitution and capture/treatment upgrades (docs/domain/accounting.md §3.9)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from deltacap.domain.accounting import (
    DEFAULT_COEFFICIENTS,
    InconsistentInputsError,
    InvalidValueError,
    MissingInputError,
    NotCreditableError,
    Pollutant,
    Tag,
    UnitMismatchError,
    category,
)

VOCS = category("vocs")


def test_substitution_worked_example_credits_32_4_tonnes() -> None:
    # 200 t coating, VOCs content 0.55 → 0.10, existing control 0.8 × 0.8.
    expected = 200 * (Fraction("0.55") - Fraction("0.10")) * (1 - Fraction("0.8") * Fraction("0.8"))
    result = VOCS.calculate(
        {
            "material": "200 t",
            "content_before": "0.55",
            "content_after": "10 %",
            "capture_efficiency": "0.8",
            "treatment_efficiency": "0.8",
        },
        DEFAULT_COEFFICIENTS,
    )
    vocs = result.reduction(Pollutant.VOCS)
    assert vocs.exact_tonnes == expected
    assert vocs.tonnes == Decimal("32.4")


def test_substitution_without_control_credits_90_tonnes() -> None:
    expected = 200 * (Fraction("0.55") - Fraction("0.10"))
    result = VOCS.calculate(
        {"material": "200 t", "content_before": "0.55", "content_after": "0.10"},
        DEFAULT_COEFFICIENTS,
    )
    assert result.reductions[0].exact_tonnes == expected == 90


def test_substitution_with_contents_in_grams_per_litre() -> None:
    litres, before_g_l, after_g_l = 50_000, 420, 60
    expected_t = Fraction(litres * (before_g_l - after_g_l), 10**6)
    result = VOCS.calculate(
        {"material": "50000 L", "content_before": "420 g/L", "content_after": "60 g/L"},
        DEFAULT_COEFFICIENTS,
    )
    assert result.reductions[0].exact_tonnes == expected_t


def test_mass_fraction_content_for_a_volume_of_material_is_refused() -> None:
    with pytest.raises(UnitMismatchError) as caught:
        VOCS.calculate(
            {"material": "500 L", "content_before": "0.5", "content_after": "0.1"},
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "content_before"


def test_mass_fraction_above_one_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        VOCS.calculate(
            {"material": "5 t", "content_before": "55", "content_after": "0.1"},
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "content_before"


def test_substitute_with_more_vocs_is_refused() -> None:
    with pytest.raises(InconsistentInputsError) as caught:
        VOCS.calculate(
            {"material": "5 t", "content_before": "0.1", "content_after": "0.2"},
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "content_after"


def test_capture_upgrade_worked_example_credits_70_5_tonnes() -> None:
    # G = 100 t; before 外部式罩 0.3 × 活性炭 0.5; after 密闭负压 0.95 (table) × RTO 0.9.
    before = Fraction("0.3") * Fraction("0.5")
    after = Fraction("0.95") * Fraction("0.9")
    result = VOCS.calculate(
        {
            "method": "capture_treatment",
            "generated": "100 t",
            "capture_efficiency_before": "0.3",
            "treatment_efficiency_before": "0.5",
            "capture_form_after": "enclosed_negative_pressure",
            "treatment_efficiency_after": "0.9",
        },
        DEFAULT_COEFFICIENTS,
    )
    assert result.reductions[0].exact_tonnes == 100 * (after - before)
    assert result.reductions[0].tonnes == Decimal("70.5")
    (use,) = result.coefficients_used
    assert use.key == "vocs.capture_efficiency.enclosed_negative_pressure"
    assert use.tag is Tag.SECONDARY


def test_capture_given_twice_is_refused() -> None:
    with pytest.raises(InvalidValueError) as caught:
        VOCS.calculate(
            {
                "method": "capture_treatment",
                "generated": "1 t",
                "capture_efficiency_before": "0.3",
                "capture_form_before": "none",
                "treatment_efficiency_before": "0.5",
                "capture_efficiency_after": "0.9",
                "treatment_efficiency_after": "0.9",
            },
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "capture_efficiency_before"


def test_capture_upgrade_needs_tested_treatment_efficiency() -> None:
    with pytest.raises(MissingInputError) as caught:
        VOCS.calculate(
            {
                "method": "capture_treatment",
                "generated": "1 t",
                "capture_form_before": "none",
                "treatment_efficiency_before": "0",
                "capture_efficiency_after": "0.9",
            },
            DEFAULT_COEFFICIENTS,
        )
    assert caught.value.input_name == "treatment_efficiency_after"


def test_worse_capture_is_refused() -> None:
    with pytest.raises(NotCreditableError):
        VOCS.calculate(
            {
                "method": "capture_treatment",
                "generated": "1 t",
                "capture_efficiency_before": "0.9",
                "treatment_efficiency_before": "0.9",
                "capture_efficiency_after": "0.5",
                "treatment_efficiency_after": "0.9",
            },
            DEFAULT_COEFFICIENTS,
        )
