"""Units: exact parsing, the 365-day accounting year, and refusal of wrong dimensions."""

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pint
import pytest

from deltacap.domain.accounting import DEFAULT_COEFFICIENTS as _DEFAULT
from deltacap.domain.accounting import InvalidValueError, UnitMismatchError, category
from deltacap.domain.accounting.units import convert, exact, exact_text, split_given
from deltacap.domain.errors import InvalidInput

WWTP_NEW = category("wwtp_new")
COD_PAIR = {"influent_cod": "250 mg/L", "effluent_cod": "30 mg/L"}


def test_an_accounting_year_is_365_days() -> None:
    assert convert(Fraction(1), "a", "d", name="x") == 365
    assert convert(Fraction(3_650_000), "m3/a", "m3/d", name="x") == 10_000


def test_daily_and_annual_rates_give_the_same_reduction_over_a_year() -> None:
    daily = WWTP_NEW.calculate({"volume": "10000 m3/d", "period": "365 d", **COD_PAIR}, _DEFAULT)
    annual = WWTP_NEW.calculate({"volume": "3650000 m3/a", "period": "1 a", **COD_PAIR}, _DEFAULT)
    total = WWTP_NEW.calculate({"volume": "3650000 m3", **COD_PAIR}, _DEFAULT)
    assert daily.reductions == annual.reductions == total.reductions


def test_equivalent_concentration_units_give_the_same_reduction() -> None:
    in_mg_l = WWTP_NEW.calculate({"volume": "1000 m3", **COD_PAIR}, _DEFAULT)
    in_g_m3 = WWTP_NEW.calculate(
        {"volume": "1000 m3", "influent_cod": "250 g/m3", "effluent_cod": "0.03 g/L"}, _DEFAULT
    )
    assert in_mg_l.reductions == in_g_m3.reductions


def test_litres_and_thousand_cubic_metres_convert_exactly() -> None:
    assert convert(Fraction(2500), "L", "m3", name="x") == Fraction(5, 2)
    assert convert(Fraction(1), "kg/(1e4 m3)", "kg/m3", name="x") == Fraction(1, 10_000)
    assert convert(Fraction(15), "mu", "m**2", name="x") == 10_000


def test_wrong_dimension_is_refused_naming_input_expected_unit_and_what_came() -> None:
    with pytest.raises(UnitMismatchError) as caught:
        WWTP_NEW.calculate(
            {"volume": "10000 m3", "influent_cod": "250 t/a", "effluent_cod": "30 mg/L"}, _DEFAULT
        )
    assert caught.value.input_name == "influent_cod"
    assert caught.value.field == "influent_cod"
    assert caught.value.params["expected"] == "mg/L"
    assert "250 t/a" in str(caught.value)


def test_a_mass_rate_for_a_volume_is_refused() -> None:
    with pytest.raises(UnitMismatchError) as caught:
        WWTP_NEW.calculate({"volume": "10 t/d", "period": "1 a", **COD_PAIR}, _DEFAULT)
    assert caught.value.input_name == "volume"
    assert "m3/d" in caught.value.params["expected"]


def test_a_bare_number_for_a_quantity_is_refused() -> None:
    with pytest.raises(UnitMismatchError):
        WWTP_NEW.calculate({"volume": "1000", **COD_PAIR}, _DEFAULT)


def test_unparseable_unit_is_refused() -> None:
    with pytest.raises(UnitMismatchError) as caught:
        WWTP_NEW.calculate({"volume": "1000 furlongs^^", **COD_PAIR}, _DEFAULT)
    assert caught.value.input_name == "volume"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3, Fraction(3)),
        ("1.5", Fraction(3, 2)),
        ("1/3", Fraction(1, 3)),
        ("1e4", Fraction(10_000)),
        (Decimal("0.1"), Fraction(1, 10)),
        (0.1, Fraction(1, 10)),
    ],
)
def test_exact_reads_numbers_without_binary_noise(raw: object, expected: Fraction) -> None:
    assert exact(raw, name="x") == expected


@pytest.mark.parametrize("raw", [True, "abc", float("nan"), Decimal("Infinity"), None, [1]])
def test_exact_refuses_non_numbers(raw: object) -> None:
    with pytest.raises(InvalidValueError) as caught:
        exact(raw, name="flow")
    assert caught.value.input_name == "flow"


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(803), "803"), (Fraction(949, 40), "23.725"), (Fraction(1, 3), "1/3")],
)
def test_exact_text_is_decimal_when_it_terminates(value: Fraction, text: str) -> None:
    assert exact_text(value) == text
    assert exact(text, name="x") == value


@pytest.mark.parametrize(
    "raw",
    ["10000 m3/d", {"value": "10000", "unit": "m3/d"}, ("10000", "m3/d"), ["1e4", "m³/d"]],
)
def test_quantity_forms_are_equivalent(raw: object) -> None:
    value, unit = split_given(raw, name="volume")
    assert convert(value, unit, "m3/d", name="volume") == 10_000


def test_pint_quantities_of_another_registry_are_accepted() -> None:
    other: Any = pint.UnitRegistry()
    value, unit = split_given(other.Quantity(10_000.0, "m**3/day"), name="volume")
    assert convert(value, unit, "m3/d", name="volume") == 10_000


def test_percent_is_a_fraction() -> None:
    assert convert(Fraction(80), "%", "dimensionless", name="x") == Fraction(4, 5)


def test_errors_carry_a_translatable_template_and_params() -> None:
    with pytest.raises(UnitMismatchError) as caught:
        WWTP_NEW.calculate({"volume": "3 kg", **COD_PAIR}, _DEFAULT)
    error = caught.value
    assert isinstance(error, InvalidInput)
    assert error.message_template == UnitMismatchError.template
    assert "{name!r}" in error.message_template
    assert error.render(lambda template: template.replace("input", "输入项")).startswith(
        "输入项 'volume'"
    )
