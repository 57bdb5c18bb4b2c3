"""Invariants of the calculators, checked with hypothesis.

Reductions are never negative for valid inputs, linear in volume and flow,
zero when nothing changed, additive over periods, and the rounded figures
never exceed the exact one.
"""

from fractions import Fraction
from math import floor

from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.accounting import DEFAULT_COEFFICIENTS, Pollutant, category

amounts = st.fractions(min_value=0, max_value=10**9, max_denominator=1000)
positive = st.fractions(min_value=Fraction(1, 1000), max_value=10**7, max_denominator=1000)
concentrations = st.fractions(min_value=0, max_value=10**5, max_denominator=1000)
shares = st.fractions(min_value=0, max_value=1, max_denominator=1000)
scales = st.integers(min_value=1, max_value=1000)
days = st.integers(min_value=1, max_value=366)


def q(value: Fraction, unit: str) -> dict[str, str]:
    return {"value": str(value), "unit": unit}


def wwtp_new_tonnes(volume: Fraction, high: Fraction, low: Fraction) -> Fraction:
    result = category("wwtp_new").calculate(
        {
            "volume": q(volume, "m3"),
            "influent_cod": q(high, "mg/L"),
            "effluent_cod": q(low, "mg/L"),
        },
        DEFAULT_COEFFICIENTS,
    )
    return result.reductions[0].exact_tonnes


def ule_tonnes(flow: Fraction, hours: Fraction, before: Fraction, after: Fraction) -> Fraction:
    result = category("ule_power").calculate(
        {
            "flue_gas_flow": q(flow, "m3/h"),
            "hours": q(hours, "h"),
            "concentration_before_nox": q(before, "mg/m3"),
            "concentration_after_nox": q(after, "mg/m3"),
        },
        DEFAULT_COEFFICIENTS,
    )
    return result.reductions[0].exact_tonnes


@given(volume=amounts, a=concentrations, b=concentrations)
def test_wwtp_reduction_is_never_negative_and_matches_the_formula(
    volume: Fraction, a: Fraction, b: Fraction
) -> None:
    high, low = max(a, b), min(a, b)
    tonnes = wwtp_new_tonnes(volume, high, low)
    assert tonnes >= 0
    assert tonnes == volume * (high - low) / 10**6


@given(volume=amounts, a=concentrations, b=concentrations, k=scales)
def test_wwtp_reduction_is_linear_in_volume(
    volume: Fraction, a: Fraction, b: Fraction, k: int
) -> None:
    high, low = max(a, b), min(a, b)
    assert wwtp_new_tonnes(k * volume, high, low) == k * wwtp_new_tonnes(volume, high, low)


@given(first=amounts, second=amounts, a=concentrations, b=concentrations)
def test_wwtp_removed_load_is_additive_over_periods(
    first: Fraction, second: Fraction, a: Fraction, b: Fraction
) -> None:
    high, low = max(a, b), min(a, b)
    whole = wwtp_new_tonnes(first + second, high, low)
    assert whole == wwtp_new_tonnes(first, high, low) + wwtp_new_tonnes(second, high, low)


@given(volume=amounts, concentration=concentrations)
def test_no_change_gives_zero_reduction(volume: Fraction, concentration: Fraction) -> None:
    for code, before, after in (
        ("wwtp_upgrade", "effluent_before_cod", "effluent_after_cod"),
        ("industrial_ww", "concentration_before_cod", "concentration_after_cod"),
    ):
        result = category(code).calculate(
            {
                "volume": q(volume, "m3"),
                before: q(concentration, "mg/L"),
                after: q(concentration, "mg/L"),
            },
            DEFAULT_COEFFICIENTS,
        )
        assert result.reduction(Pollutant.COD).kg == 0
    assert wwtp_new_tonnes(volume, concentration, concentration) == 0


@given(flow=positive, hours=positive, a=concentrations, b=concentrations, k=scales)
def test_ultra_low_reduction_is_non_negative_and_linear_in_flow_and_hours(
    flow: Fraction, hours: Fraction, a: Fraction, b: Fraction, k: int
) -> None:
    before, after = max(a, b), min(a, b)
    base = ule_tonnes(flow, hours, before, after)
    assert base >= 0
    assert ule_tonnes(k * flow, hours, before, after) == k * base
    assert ule_tonnes(flow, k * hours, before, after) == k * base
    assert ule_tonnes(flow, hours, before, before) == 0


@given(per_day=amounts, period=days, a=concentrations, b=concentrations)
def test_a_rate_times_the_period_equals_the_total(
    per_day: Fraction, period: int, a: Fraction, b: Fraction
) -> None:
    high, low = max(a, b), min(a, b)
    rate = category("wwtp_new").calculate(
        {
            "volume": q(per_day, "m3/d"),
            "period": q(Fraction(period), "d"),
            "influent_cod": q(high, "mg/L"),
            "effluent_cod": q(low, "mg/L"),
        },
        DEFAULT_COEFFICIENTS,
    )
    assert rate.reductions[0].exact_tonnes == wwtp_new_tonnes(per_day * period, high, low)


@given(per_year=amounts, a=concentrations, b=concentrations)
def test_an_annual_rate_over_a_year_equals_the_total(
    per_year: Fraction, a: Fraction, b: Fraction
) -> None:
    high, low = max(a, b), min(a, b)
    rate = category("wwtp_new").calculate(
        {
            "volume": q(per_year, "m3/a"),
            "period": "1 a",
            "influent_cod": q(high, "mg/L"),
            "effluent_cod": q(low, "mg/L"),
        },
        DEFAULT_COEFFICIENTS,
    )
    assert rate.reductions[0].exact_tonnes == wwtp_new_tonnes(per_year, high, low)


@given(generated=amounts, capture=shares, treatment=shares, gain=shares)
def test_vocs_upgrade_is_never_negative_when_efficiency_does_not_fall(
    generated: Fraction, capture: Fraction, treatment: Fraction, gain: Fraction
) -> None:
    after = capture + (1 - capture) * gain
    result = category("vocs").calculate(
        {
            "method": "capture_treatment",
            "generated": q(generated, "t"),
            "capture_efficiency_before": str(capture),
            "treatment_efficiency_before": str(treatment),
            "capture_efficiency_after": str(after),
            "treatment_efficiency_after": str(treatment),
        },
        DEFAULT_COEFFICIENTS,
    )
    assert result.reductions[0].exact_tonnes == generated * treatment * (after - capture) >= 0


@given(volume=amounts, a=concentrations, b=concentrations)
def test_rounded_figures_never_exceed_the_exact_one(
    volume: Fraction, a: Fraction, b: Fraction
) -> None:
    high, low = max(a, b), min(a, b)
    result = category("wwtp_new").calculate(
        {
            "volume": q(volume, "m3"),
            "influent_cod": q(high, "mg/L"),
            "effluent_cod": q(low, "mg/L"),
        },
        DEFAULT_COEFFICIENTS,
    )
    (cod,) = result.reductions
    assert cod.kg == floor(cod.exact_tonnes * 1000)
    assert Fraction(cod.tonnes) <= cod.exact_tonnes < Fraction(cod.tonnes) + Fraction(1, 10**6)
