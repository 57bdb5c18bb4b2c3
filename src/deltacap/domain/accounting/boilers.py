"""Boilers and industrial kilns: fuel switch, elimination, deep treatment."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.air import credit_monitored_drop, flue_gas_inputs
from deltacap.domain.accounting.calculation import KG_IN_TONNES, Calculation
from deltacap.domain.accounting.closure import base_emission_inputs, credit_base_emissions
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.errors import MissingInputError, UnitMismatchError
from deltacap.domain.accounting.pollutants import FLUE_GAS_POLLUTANTS, Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import (
    CategorySpec,
    InputKind,
    InputSpec,
    method_input,
    per_pollutant,
    period_input,
)
from deltacap.domain.accounting.units import is_compatible

METHODS = ("fuel_switch", "elimination", "deep_treatment")
FUELS = ("coal", "fuel_oil", "natural_gas", "biomass")
ELECTRICITY = "electricity"
EF_KEY = "fuel.generation.{fuel}.{p}"


def boiler_kiln(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Boiler and industrial kiln retrofit, clean-energy substitution (锅炉/工业炉窑综合治理).

    Fuel switch: ΔE = [B_before × EF_before × (1 − η_before) − B_after × EF_after
    × (1 − η_after)] × 10⁻³ t per pollutant, B = fuel used in the period (t, or m³ of gas),
    EF = generation coefficient in kg per unit of fuel
    (``fuel.generation.<fuel>.<p>``, 《排放源统计调查产排污核算方法和系数手册》),
    η = removal efficiency (``removal_before_<p>``, ``removal_after_<p>``, default 0);
    electricity on site: second term 0. B_after is the
    period's actual use at the same heat output, not design capacity.
    Elimination: ΔE = E_base (last full year). Deep treatment (SCR/SNCR,
    low-NOx burners): the CEMS formula of the ultra-low retrofits.

    Source: docs/domain/accounting.md §3.8; fuel switch [M]; elimination [V-2nd] for the
    12th FYP (closed coal boilers); deep treatment as §3.7 [M].
    """
    calc = Calculation(BOILER_KILN, inputs, coefficients)
    if calc.method == "fuel_switch":
        _credit_fuel_switch(calc)
    elif calc.method == "elimination":
        credit_base_emissions(calc)
    else:
        credit_monitored_drop(calc, sector=None)
    return calc.result()


def _credit_fuel_switch(calc: Calculation) -> None:
    fuel_before = calc.inputs.choice("fuel_before_type")
    fuel_after = calc.inputs.choice("fuel_after_type")
    if fuel_after != ELECTRICITY and not calc.inputs.has("fuel_after"):
        raise MissingInputError(name="fuel_after", reason=f"{fuel_after} is burnt on site")
    for pollutant in calc.covered_pollutants(EF_KEY.replace("{fuel}", fuel_before)):
        before = _emitted(calc, "before", fuel_before, pollutant)
        after = (
            Fraction(0)
            if fuel_after == ELECTRICITY
            else _emitted(calc, "after", fuel_after, pollutant)
        )
        calc.credit(pollutant, (before - after) * KG_IN_TONNES, "emissions after the switch rose")


def _emitted(calc: Calculation, side: str, fuel: str, pollutant: Pollutant) -> Fraction:
    """B × EF × (1 − η) in kg for one side of the switch."""
    fuel_name = f"fuel_{side}"
    fuel_unit = calc.inputs.unit(fuel_name)
    key = EF_KEY.format(fuel=fuel, p=pollutant.value)
    factor = calc.coefficients.get(key)
    if not is_compatible(factor.unit, f"kg/{fuel_unit}", name=key):
        expected = f"the fuel unit of {key} ({factor.unit})"
        raise UnitMismatchError(name=fuel_name, expected=expected, got=calc.inputs.text(fuel_name))
    kg_per_unit = calc.coefficient(key, f"kg/{fuel_unit}")
    kept = 1 - calc.inputs.number(f"removal_{side}_{pollutant.value}")
    return calc.inputs.number(fuel_name) * kg_per_unit * kept


_SWITCH = ("fuel_switch",)


def _removals(side: str, zh: str) -> tuple[InputSpec, ...]:
    return per_pollutant(
        f"removal_{side}",
        FLUE_GAS_POLLUTANTS,
        kind=InputKind.FRACTION,
        units=(),
        methods=_SWITCH,
        default="0",
        en=f"{{label}} removal efficiency {side} the switch",
        zh=f"{zh}{{label}}去除效率",
    )


def _switch_inputs() -> tuple[InputSpec, ...]:
    fuel_units = ("t", "m3")
    return (
        InputSpec(
            "fuel_before_type",
            InputKind.CHOICE,
            "Fuel before",
            "改造前燃料",
            required=True,
            methods=_SWITCH,
            choices=FUELS,
        ),
        InputSpec(
            "fuel_before",
            InputKind.AMOUNT,
            "Fuel used before (period, same heat output)",
            "改造前燃料用量（核算期，同等供热量）",
            units=fuel_units,
            required=True,
            methods=_SWITCH,
        ),
        *_removals("before", "改造前"),
        InputSpec(
            "fuel_after_type",
            InputKind.CHOICE,
            "Fuel or energy after",
            "改造后燃料或能源",
            required=True,
            methods=_SWITCH,
            choices=(*FUELS, ELECTRICITY),
        ),
        InputSpec(
            "fuel_after",
            InputKind.AMOUNT,
            "Fuel used after (credited period)",
            "改造后燃料用量（核算期）",
            units=fuel_units,
            methods=_SWITCH,
        ),
        *_removals("after", "改造后"),
    )


BOILER_KILN = CategorySpec(
    code="boiler_kiln",
    name_en="Boilers and industrial kilns: retrofit, clean-energy substitution, elimination",
    name_zh="锅炉/工业炉窑综合治理、清洁能源替代、淘汰",
    calculate=boiler_kiln,
    inputs=(
        method_input(METHODS, "Measure", "治理方式"),
        period_input(),
        *_switch_inputs(),
        *base_emission_inputs(FLUE_GAS_POLLUTANTS, methods=("elimination",)),
        *flue_gas_inputs(("deep_treatment",)),
    ),
    pollutants=FLUE_GAS_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.8",
    methods=METHODS,
)
