"""Closure of obsolete capacity (落后产能淘汰、关停), and its base-emission helper."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.calculation import Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import CategorySpec, InputKind, per_pollutant, period_input


def credit_base_emissions(calc: Calculation) -> None:
    """Credit ΔE = E_base − E_current per pollutant with ``base_emission_<p>`` given.

    E_current (``current_emission_<p>``, default 0) is what the unit still
    emitted in the year of closure before it closed.
    """
    for pollutant in calc.given_pollutants(("base_emission",)):
        base, current = f"base_emission_{pollutant.value}", f"current_emission_{pollutant.value}"
        if calc.inputs.has(current):
            calc.not_above(current, base, "a closed unit cannot emit more than in its last year")
            remaining = calc.inputs.number(current)
        else:
            remaining = Fraction(0)
        calc.credit(pollutant, calc.inputs.number(base) - remaining, "negative")


def closure(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Closure of obsolete capacity: a closed plant, line, boiler or kiln.

    ΔE = E_base − E_current, E_base = the unit's emissions in the last full year
    before closure (environmental statistics, monitoring or permit execution
    report), E_current = its emissions in the closure year (0 when closed for
    the whole year). 12th FYP: "上年纳入环境统计数据库企业的排放量减去其当年实际排放量".

    Source: docs/domain/accounting.md §3.11 [V-2nd] (12th FYP air rules); its use for the
    14th FYP [M]. Eligibility (utilities cut, equipment removed, permit
    cancelled, capacity not moved within the region) is in ``eligibility``.
    """
    calc = Calculation(CLOSURE, inputs, coefficients)
    credit_base_emissions(calc)
    return calc.result()


ALL_POLLUTANTS: tuple[Pollutant, ...] = (
    Pollutant.COD,
    Pollutant.NH3_N,
    Pollutant.TP,
    Pollutant.TN,
    Pollutant.NOX,
    Pollutant.SO2,
    Pollutant.PM,
    Pollutant.VOCS,
)


def base_emission_inputs(
    pollutants: tuple[Pollutant, ...], methods: tuple[str, ...] = ()
) -> tuple[Any, ...]:
    return (
        *per_pollutant(
            "base_emission",
            pollutants,
            kind=InputKind.AMOUNT,
            units=("t",),
            methods=methods,
            en="{label} emitted in the last full year before",
            zh="关停前最后一个完整年度{label}排放量",
        ),
        *per_pollutant(
            "current_emission",
            pollutants,
            kind=InputKind.AMOUNT,
            units=("t",),
            methods=methods,
            en="{label} emitted in the closure year before closing",
            zh="关停当年关停前{label}排放量",
        ),
    )


CLOSURE = CategorySpec(
    code="closure",
    name_en="Closure of obsolete capacity",
    name_zh="落后产能淘汰、关停",
    calculate=closure,
    inputs=(period_input(), *base_emission_inputs(ALL_POLLUTANTS)),
    pollutants=ALL_POLLUTANTS,
    formula_tag=Tag.SECONDARY,
    source="docs/domain/accounting.md §3.11",
)
