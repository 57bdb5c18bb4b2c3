"""Flue-gas calculators: ultra-low emission retrofits, boilers and kilns, closures.

Gas loads: E = Q_g × c × h × 10⁻⁹ t (Q_g in m³/h at standard state, dry, at
the reference O2; c in mg/m³ at the same O2; h in hours), docs/domain/accounting.md §3.0.
"""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.calculation import MILLIGRAM_IN_TONNES, Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.errors import InvalidValueError
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

_AIR_FREE = Fraction(21)
ULE_METHODS = ("monitoring", "efficiency")
_MONITORING = ("monitoring",)
_EFFICIENCY = ("efficiency",)


def at_reference_o2(
    concentration_mg_m3: Fraction, measured_o2_percent: Fraction, reference_o2_percent: Fraction
) -> Fraction:
    """Concentration at the reference O2: c_ref = c_meas × (21 − O2_ref) / (21 − O2_meas).

    O2 in % by volume. GB 13223 style, docs/domain/accounting.md §3.0 [M]. Raises
    InvalidValueError when an O2 value is outside 0 ≤ O2 < 21.
    """
    for name, value in (
        ("measured_o2", measured_o2_percent),
        ("reference_o2", reference_o2_percent),
    ):
        if not 0 <= value < _AIR_FREE:
            raise InvalidValueError(
                name=name, reason="O2 must lie in [0, 21) % by volume", got=value
            )
    return (
        concentration_mg_m3 * (_AIR_FREE - reference_o2_percent) / (_AIR_FREE - measured_o2_percent)
    )


def credit_monitored_drop(calc: Calculation, sector: str | None) -> None:
    """Credit ΔE = Q_g × (c_before − c_after) × h × 10⁻⁹ t per pollutant given."""
    flow_hours = calc.inputs.number("flue_gas_flow") * calc.inputs.number("hours")
    prefixes = ("concentration_before", "concentration_after")
    for pollutant in calc.given_pollutants(prefixes):
        before, after = (f"{prefix}_{pollutant.value}" for prefix in prefixes)
        calc.not_above(after, before, "a higher outlet concentration is not a reduction")
        drop = calc.inputs.number(before) - calc.inputs.number(after)
        calc.credit(pollutant, flow_hours * drop * MILLIGRAM_IN_TONNES, "concentration rose")
        if sector is not None:
            _note_limit(calc, sector, pollutant, after)


def _note_limit(calc: Calculation, sector: str, pollutant: Pollutant, after: str) -> None:
    limit = calc.optional_coefficient(f"ule.limit.{sector}.{pollutant.value}", "mg/m3")
    if limit is not None and calc.inputs.number(after) > limit:
        calc.note(
            "above_ultra_low_limit",
            "{name} is above the ultra-low limit of {limit} mg/m3",
            name=after,
            limit=str(limit),
        )


def _credit_efficiency_gain(calc: Calculation) -> None:
    """ΔE = G × (η_after − η_before), G = E_after / (1 − η_after).

    η = removal efficiency × operating rate.
    """
    rate_before = calc.inputs.number("operating_rate_before")
    rate_after = calc.inputs.number("operating_rate_after")
    prefixes = ("emission_after", "efficiency_before", "efficiency_after")
    for pollutant in calc.given_pollutants(prefixes):
        emitted, before, after = (f"{prefix}_{pollutant.value}" for prefix in prefixes)
        calc.not_above(before, after, "removal efficiency fell")
        eta_after = calc.inputs.number(after) * rate_after
        if eta_after == 1:
            reason = "an efficiency of 1 leaves the generated load unknown"
            raise InvalidValueError(name=after, reason=reason, got=calc.inputs.text(after))
        generated = calc.inputs.number(emitted) / (1 - eta_after)
        gain = eta_after - calc.inputs.number(before) * rate_before
        calc.credit(pollutant, generated * gain, "effective efficiency (with operating rate) fell")


def _ultra_low(
    spec: CategorySpec, sector: str, inputs: Mapping[str, Any], coefficients: CoefficientSet
) -> ReductionResult:
    calc = Calculation(spec, inputs, coefficients)
    if calc.method == "monitoring":
        credit_monitored_drop(calc, sector)
    else:
        _credit_efficiency_gain(calc)
    return calc.result()


_ULE_DOC = """Ultra-low emission retrofit, {what} (超低排放改造).

    Monitoring method (preferred): ΔE = Q_g × (c_before − c_after) × h × 10⁻⁹ t,
    c_before = pre-retrofit annual mean outlet concentration, c_after = mean of
    the hourly CEMS values after, both at the reference O2 ({o2}); a note flags
    c_after above ``ule.limit.{sector}.<p>``. Efficiency method (no CEMS before):
    ΔE = G × (η_after − η_before), G = E_after / (1 − η_after), η = removal
    efficiency × operating rate (投运率).

    Source: docs/domain/accounting.md §3.7; both formulas [M]; limits [M]. Only NOx counts
    toward 14th/15th FYP targets; SO2 and PM are recorded for information.
    """


def ule_power(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    return _ultra_low(ULE_POWER, "power", inputs, coefficients)


def ule_steel(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    return _ultra_low(ULE_STEEL, "steel", inputs, coefficients)


def ule_cement(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    return _ultra_low(ULE_CEMENT, "cement", inputs, coefficients)


def ule_coking(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    return _ultra_low(ULE_COKING, "coking", inputs, coefficients)


ule_power.__doc__ = _ULE_DOC.format(what="coal power", o2="6 %", sector="power")
ule_steel.__doc__ = _ULE_DOC.format(what="steel (sintering)", o2="16 %", sector="steel")
ule_cement.__doc__ = _ULE_DOC.format(what="cement kilns", o2="10 %", sector="cement")
ule_coking.__doc__ = _ULE_DOC.format(what="coking", o2="8 %", sector="coking")


def flue_gas_inputs(methods: tuple[str, ...]) -> tuple[InputSpec, ...]:
    """Inputs of the monitoring (CEMS) method."""
    return (
        InputSpec(
            "flue_gas_flow",
            InputKind.QUANTITY,
            "Flue-gas flow, standard state, dry, at the reference O2 (mean)",
            "标态干烟气流量（基准含氧量，均值）",
            units=("m3/h",),
            required=True,
            methods=methods,
            positive=True,
        ),
        InputSpec(
            "hours",
            InputKind.QUANTITY,
            "Operating hours in the credited period",
            "核算期运行小时数",
            units=("h",),
            required=True,
            methods=methods,
            positive=True,
        ),
        *per_pollutant(
            "concentration_before",
            FLUE_GAS_POLLUTANTS,
            kind=InputKind.QUANTITY,
            units=("mg/m3",),
            methods=methods,
            en="Outlet {label} before (annual mean, reference O2)",
            zh="改造前排口{label}浓度（年均值，基准含氧量）",
        ),
        *per_pollutant(
            "concentration_after",
            FLUE_GAS_POLLUTANTS,
            kind=InputKind.QUANTITY,
            units=("mg/m3",),
            methods=methods,
            en="Outlet {label} in the credited period (mean of hourly CEMS values)",
            zh="核算期排口{label}浓度（小时均值的均值）",
        ),
    )


def _fraction(name: str, en: str, zh: str, default: str | None = None) -> InputSpec:
    return InputSpec(name, InputKind.FRACTION, en, zh, default=default, methods=_EFFICIENCY)


_EFFICIENCY_INPUTS = (
    period_input(),
    *per_pollutant(
        "emission_after",
        FLUE_GAS_POLLUTANTS,
        kind=InputKind.AMOUNT,
        units=("t",),
        methods=_EFFICIENCY,
        en="{label} emitted in the credited period",
        zh="核算期{label}排放量",
    ),
    *per_pollutant(
        "efficiency_before",
        FLUE_GAS_POLLUTANTS,
        kind=InputKind.FRACTION,
        units=(),
        methods=_EFFICIENCY,
        en="{label} removal efficiency before",
        zh="改造前{label}去除效率",
    ),
    *per_pollutant(
        "efficiency_after",
        FLUE_GAS_POLLUTANTS,
        kind=InputKind.FRACTION,
        units=(),
        methods=_EFFICIENCY,
        en="{label} removal efficiency after",
        zh="改造后{label}去除效率",
    ),
    _fraction("operating_rate_before", "Facility operating rate before", "改造前设施投运率", "1"),
    _fraction("operating_rate_after", "Facility operating rate after", "改造后设施投运率", "1"),
)


def _ule_spec(code: str, calculate: Any, sector_en: str, sector_zh: str) -> CategorySpec:
    return CategorySpec(
        code=code,
        name_en=f"Ultra-low emission retrofit: {sector_en}",
        name_zh=f"{sector_zh}超低排放改造",
        calculate=calculate,
        inputs=(
            method_input(ULE_METHODS, "Accounting method", "核算方法"),
            *flue_gas_inputs(_MONITORING),
            *_EFFICIENCY_INPUTS,
        ),
        pollutants=FLUE_GAS_POLLUTANTS,
        formula_tag=Tag.MEMORY,
        source="docs/domain/accounting.md §3.7",
        methods=ULE_METHODS,
    )


ULE_POWER = _ule_spec("ule_power", ule_power, "coal power", "燃煤电厂")
ULE_STEEL = _ule_spec("ule_steel", ule_steel, "steel", "钢铁")
ULE_CEMENT = _ule_spec("ule_cement", ule_cement, "cement", "水泥")
ULE_COKING = _ule_spec("ule_coking", ule_coking, "coking", "焦化")
