"""Non-point source measures (面源污染治理, 三(二) of the plan: rural non-point control with
N and P ecological interception): ecological interception works on farmland drainage, and
cutting the fertiliser applied to farmland.

Neither is in docs/domain/accounting.md: both formulas are [M] (unverified) and the loss
coefficient of the fertiliser method is not in the default set. A member's official table
supplies ``nonpoint.loss_rate.<p>``; until then the calculation raises
MissingCoefficientError (the demo's set carries an illustrative value, tagged M).
"""

from collections.abc import Mapping
from typing import Any

from deltacap.domain.accounting.calculation import KG_IN_TONNES, Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.pollutants import WATER_POLLUTANTS, Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import (
    DIMENSIONLESS,
    CategorySpec,
    InputKind,
    InputSpec,
    per_pollutant,
    period_input,
)
from deltacap.domain.accounting.water import concentration_drop, concentrations, volume_input

NUTRIENTS: tuple[Pollutant, ...] = (Pollutant.TN, Pollutant.TP)


def ecological_interception(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """N and P ecological interception (生态拦截: ecological ditches, buffer strips, pre-ponds
    and interception wetlands on farmland drainage), credited on its own inflow and outflow.

    ΔE = Q_t × (C_in − C_out) × 10⁻⁶ t per pollutant given (COD, NH3-N, TP, TN), Q_t the
    drainage passing the works in the credited period (m³), C_in and C_out the flow-weighted
    mean concentrations entering and leaving them (mg/L). No coefficient is used.

    Source: the plan names N/P ecological interception (三(二)); credited as
    docs/domain/accounting.md §3.2 credits a tail-water wetland, on its own inflow and
    outflow: [M], unverified. Raises InputError subclasses naming the input, NotCreditableError when
    the outflow carries more than the inflow.
    """
    calc = Calculation(ECOLOGICAL_INTERCEPTION, inputs, coefficients)
    concentration_drop(calc, "inflow", "outflow", "volume")
    return calc.result()


def fertiliser_reduction(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Farmland non-point: less fertiliser applied (化肥减量增效、测土配方施肥).

    ΔE = A × (F_base − F_t) × r_p × 10⁻³ t for TN and TP given, A the farmland area
    covered (ha), F_base and F_t the pure nutrient (N, P) applied per hectare in the base
    period and in the credited period (kg/ha), r_p the share of the applied nutrient lost to
    water (``nonpoint.loss_rate.<p>``, dimensionless, from the member's table).

    Source: docs/domain/accounting.md has no non-point method; formula [M], unverified, and
    no loss coefficient is in the default set. Raises
    InputError subclasses naming the input, MissingCoefficientError without the loss rate.
    """
    calc = Calculation(FERTILISER_REDUCTION, inputs, coefficients)
    area = calc.inputs.number("area")
    for pollutant in calc.given_pollutants(("base_applied", "applied")):
        before, after = f"base_applied_{pollutant.value}", f"applied_{pollutant.value}"
        calc.not_above(after, before, "more fertiliser applied is not a reduction")
        cut = calc.inputs.number(before) - calc.inputs.number(after)
        loss = calc.coefficient(f"nonpoint.loss_rate.{pollutant.value}", DIMENSIONLESS)
        calc.credit(pollutant, area * cut * loss * KG_IN_TONNES, "more fertiliser applied")
    return calc.result()


ECOLOGICAL_INTERCEPTION = CategorySpec(
    code="ecological_interception",
    name_en="N and P ecological interception of farmland drainage",
    name_zh="氮磷生态拦截工程",
    calculate=ecological_interception,
    inputs=(
        volume_input(
            "volume",
            "Drainage passing the interception works in the credited period",
            "核算期流经拦截工程的排水量",
        ),
        period_input(),
        *concentrations(
            "inflow",
            "Inflow {label} (flow-weighted mean)",
            "进水{label}浓度（流量加权均值）",
        ),
        *concentrations(
            "outflow",
            "Outflow {label} (flow-weighted mean)",
            "出水{label}浓度（流量加权均值）",
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.2 (the wetland's inflow-outflow pattern)",
)

FERTILISER_REDUCTION = CategorySpec(
    code="nonpoint_fertiliser",
    name_en="Farmland non-point: less fertiliser applied",
    name_zh="农田面源污染治理（化肥减量）",
    calculate=fertiliser_reduction,
    inputs=(
        InputSpec(
            "area",
            InputKind.QUANTITY,
            "Farmland area covered",
            "覆盖农田面积",
            units=("ha",),
            required=True,
            positive=True,
        ),
        *per_pollutant(
            "base_applied",
            NUTRIENTS,
            kind=InputKind.QUANTITY,
            units=("kg/ha",),
            en="{label} applied per hectare in the base period (pure nutrient)",
            zh="基准期每公顷{label}施用量（折纯）",
        ),
        *per_pollutant(
            "applied",
            NUTRIENTS,
            kind=InputKind.QUANTITY,
            units=("kg/ha",),
            en="{label} applied per hectare in the credited period (pure nutrient)",
            zh="核算期每公顷{label}施用量（折纯）",
        ),
    ),
    pollutants=NUTRIENTS,
    formula_tag=Tag.MEMORY,
    source="not in docs/domain/accounting.md: formula [M], unverified",
)
