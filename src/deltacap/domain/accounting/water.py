"""Water calculators: urban WWTPs, sewer networks, industrial wastewater and reuse.

All follow the removed-load pattern E = Q × C × 10⁻⁶ t (Q in m³, C in mg/L),
docs/domain/accounting.md §2.3 and §3.0: 1 mg/L × 1 m³ = 1 g. With C the flow-weighted mean
of the period, Q × C equals the sum of the daily products Σ Q_d × C_d.
"""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.calculation import GRAM_IN_TONNES, Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.errors import MissingInputError
from deltacap.domain.accounting.pollutants import WATER_POLLUTANTS, Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import (
    CategorySpec,
    InputKind,
    InputSpec,
    per_pollutant,
    period_input,
)

MG_L = ("mg/L",)
CAP_KEY = "wwtp.influent_cap.{p}"


def volume_input(
    name: str, en: str, zh: str, *, required: bool = True, methods: tuple[str, ...] = ()
) -> InputSpec:
    return InputSpec(
        name, InputKind.AMOUNT, en, zh, units=("m3",), required=required, methods=methods
    )


def concentrations(
    prefix: str, en: str, zh: str, methods: tuple[str, ...] = ()
) -> tuple[InputSpec, ...]:
    return per_pollutant(
        prefix,
        WATER_POLLUTANTS,
        kind=InputKind.QUANTITY,
        units=MG_L,
        en=en,
        zh=zh,
        methods=methods,
    )


def removed_load(calc: Calculation, prefix: str, pollutant: Pollutant) -> Fraction:
    """R = Q × (C_in − C_out) × 10⁻⁶ t for inputs ``<prefix>volume``, ``<prefix>influent_<p>``…

    C_in is capped at ``wwtp.influent_cap.<p>`` (mg/L) when the set has one.
    """
    influent = f"{prefix}influent_{pollutant.value}"
    effluent = f"{prefix}effluent_{pollutant.value}"
    calc.not_above(effluent, influent, "effluent cannot carry more than the influent")
    concentration_in = calc.inputs.number(influent)
    cap = calc.optional_coefficient(CAP_KEY.format(p=pollutant.value), "mg/L")
    if cap is not None and concentration_in > cap:
        calc.note("influent_capped", "{name} capped at {cap} mg/L", name=influent, cap=str(cap))
        concentration_in = cap
    drop = concentration_in - calc.inputs.number(effluent)
    return calc.inputs.number(f"{prefix}volume") * drop * GRAM_IN_TONNES


def base_removed_load(calc: Calculation, pollutant: Pollutant) -> Fraction:
    """The same plant's removed load in the base period; 0 when no base is given (new plant)."""
    names = [f"base_influent_{pollutant.value}", f"base_effluent_{pollutant.value}"]
    if not calc.inputs.has("base_volume"):
        for name in names:
            if calc.inputs.has(name):
                raise MissingInputError(name="base_volume", reason=f"{name!r} is given")
        return Fraction(0)
    for name in names:
        if not calc.inputs.has(name):
            reason = f"the base period is given; {pollutant.label_en} needs its base values"
            raise MissingInputError(name=name, reason=reason)
    return removed_load(calc, "base_", pollutant)


def concentration_drop(calc: Calculation, before: str, after: str, volume: str) -> None:
    """Credit ΔE = Q × (C_before − C_after) × 10⁻⁶ t for every pollutant given."""
    for pollutant in calc.given_pollutants((before, after)):
        name_before, name_after = f"{before}_{pollutant.value}", f"{after}_{pollutant.value}"
        calc.not_above(name_after, name_before, "a higher concentration is not a reduction")
        drop = calc.inputs.number(name_before) - calc.inputs.number(name_after)
        tonnes = calc.inputs.number(volume) * drop * GRAM_IN_TONNES
        calc.credit(pollutant, tonnes, "concentration rose")


def wwtp_new(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Urban WWTP, new plant or capacity expansion (城镇污水处理设施新建/扩建).

    ΔE = R_t − R_base, R = Q_w × (C_in − C_out) × 10⁻⁶ t; R_base = 0 for a new
    plant whose influent was discharged untreated before. Q_w in m³ (or a rate
    with ``period``), C in mg/L (flow-weighted means). C_in is capped at
    ``wwtp.influent_cap.<p>`` when the set has one.

    Source: docs/domain/accounting.md §3.1 (removed-load method); pattern [M], matching the
    permit/monitoring convention [V-2nd]. Raises InputError subclasses naming the
    input, NotCreditableError when the removed load fell.
    """
    calc = Calculation(WWTP_NEW, inputs, coefficients)
    for pollutant in calc.given_pollutants(("influent", "effluent")):
        tonnes = removed_load(calc, "", pollutant) - base_removed_load(calc, pollutant)
        calc.credit(pollutant, tonnes, "removed load fell below the base period's")
    return calc.result()


def wwtp_upgrade(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Urban WWTP upgrade: stricter effluent, N and P removal (提标改造、脱氮除磷).

    ΔE = Q_w,t × (C_out,before − C_out,after) × 10⁻⁶ t, Q_w,t = volume treated in
    the credited period (not design capacity), C_out,before = flow-weighted mean
    effluent of the last full year before the upgrade.

    Source: docs/domain/accounting.md §3.2; formula [M]. A tail-water wetland is credited
    the same way on its own inflow and outflow [M].
    """
    calc = Calculation(WWTP_UPGRADE, inputs, coefficients)
    concentration_drop(calc, "effluent_before", "effluent_after", "volume")
    return calc.result()


def sewer_network(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Sewer networks, separation, 提质增效 (城镇污水管网建设、雨污分流).

    ΔE = s × (R_t − R_base) at the receiving plant, R as for ``wwtp_new``; s =
    this project's share when several projects feed one plant in the same year
    (by added connected population or design flow). A project that only raises
    influent concentration earns ΔE through the higher C_in. Influent BOD5 is
    recorded for the eligibility check; a note says when it did not rise.

    Source: docs/domain/accounting.md §3.3; formula and sharing [M], BOD5 indicator [V-2nd].
    """
    calc = Calculation(SEWER_NETWORK, inputs, coefficients)
    share = calc.inputs.number("share")
    for pollutant in calc.given_pollutants(("influent", "effluent")):
        tonnes = removed_load(calc, "", pollutant) - base_removed_load(calc, pollutant)
        calc.credit(pollutant, share * tonnes, "removed load at the plant fell")
    _note_bod5(calc)
    return calc.result()


def _note_bod5(calc: Calculation) -> None:
    names = ("influent_bod5", "base_influent_bod5")
    if not all(calc.inputs.has(name) for name in names):
        return
    if calc.inputs.number(names[0]) <= calc.inputs.number(names[1]):
        calc.note("bod5_not_risen", "influent BOD5 did not rise above the base period's")


def industrial_ww(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Industrial wastewater treatment and industrial-park plants (工业废水治理).

    ΔE = Q_w,t × (C_b − C_t) × 10⁻⁶ t: the concentration drop at the current
    volume, so a volume drop from lower output earns nothing. For a new park
    plant taking wastewater discharged directly before, C_b = the firms'
    previous discharge concentration; wastewater that went to a municipal plant
    before gives no reduction (eligibility, not checked here).

    Source: docs/domain/accounting.md §3.6; formula [M].
    """
    calc = Calculation(INDUSTRIAL_WW, inputs, coefficients)
    concentration_drop(calc, "concentration_before", "concentration_after", "volume")
    return calc.result()


def industrial_reuse(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Water reuse, zero discharge (中水回用).

    ΔE = Q_reused × C_would-be-discharged × 10⁻⁶ t. Source: docs/domain/accounting.md §3.6; [M].
    """
    calc = Calculation(INDUSTRIAL_REUSE, inputs, coefficients)
    for pollutant in calc.given_pollutants(("concentration",)):
        load = calc.inputs.number("reused_volume") * calc.inputs.number(
            f"concentration_{pollutant.value}"
        )
        calc.credit(pollutant, load * GRAM_IN_TONNES, "negative load")
    return calc.result()


def tailwater_wetland(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Tail-water wetland after a plant (尾水湿地净化工程): a measure of its own.

    ΔE = Q_t × (C_in − C_out) × 10⁻⁶ t per pollutant given (COD, NH3-N, TP, TN), Q_t =
    tail water treated by the wetland in the credited period (m³), C_in and C_out the
    flow-weighted mean inflow and outflow concentrations (mg/L). No coefficient is used.

    Source: docs/domain/accounting.md §3.2 (the YRD plan names the wetlands [V]; crediting a
    wetland on its own inflow and outflow is [M], unverified). Raises InputError subclasses
    naming the input, NotCreditableError when the outflow carries more than the inflow.
    """
    calc = Calculation(TAILWATER_WETLAND, inputs, coefficients)
    concentration_drop(calc, "inflow", "outflow", "volume")
    return calc.result()


_VOLUME_EN = "Wastewater treated in the credited period"
_VOLUME_ZH = "核算期内实际处理水量"
_BASE = (
    volume_input(
        "base_volume", "Wastewater treated in the base period", "基准期处理水量", required=False
    ),
    *concentrations(
        "base_influent",
        "Base-period influent {label} (flow-weighted mean)",
        "基准期进水{label}浓度（流量加权均值）",
    ),
    *concentrations(
        "base_effluent",
        "Base-period effluent {label} (flow-weighted mean)",
        "基准期出水{label}浓度（流量加权均值）",
    ),
)
_CURRENT = (
    volume_input("volume", _VOLUME_EN, _VOLUME_ZH),
    period_input(),
    *concentrations(
        "influent", "Influent {label} (flow-weighted mean)", "进水{label}浓度（流量加权均值）"
    ),
    *concentrations(
        "effluent", "Effluent {label} (flow-weighted mean)", "出水{label}浓度（流量加权均值）"
    ),
)

WWTP_NEW = CategorySpec(
    code="wwtp_new",
    name_en="Urban WWTP: new plant or capacity expansion",
    name_zh="城镇污水处理设施新建/扩建",
    calculate=wwtp_new,
    inputs=(*_CURRENT, *_BASE),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.1",
)
WWTP_UPGRADE = CategorySpec(
    code="wwtp_upgrade",
    name_en="Urban WWTP upgrade: stricter effluent, N and P removal",
    name_zh="城镇污水处理设施提标改造、脱氮除磷",
    calculate=wwtp_upgrade,
    inputs=(
        volume_input("volume", _VOLUME_EN, _VOLUME_ZH),
        period_input(),
        *concentrations(
            "effluent_before",
            "Effluent {label} in the last full year before",
            "改造前最后一个完整年度出水{label}浓度",
        ),
        *concentrations(
            "effluent_after", "Effluent {label} in the credited period", "核算期出水{label}浓度"
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.2",
)
SEWER_NETWORK = CategorySpec(
    code="sewer_network",
    name_en="Sewer networks, separation and quality improvement",
    name_zh="城镇污水管网建设、雨污分流、提质增效",
    calculate=sewer_network,
    inputs=(
        *_CURRENT,
        volume_input("base_volume", "Wastewater treated in the base period", "基准期处理水量"),
        *_BASE[1:],
        InputSpec(
            "share",
            InputKind.FRACTION,
            "This project's share of the plant's reduction",
            "本项目在该厂减排量中的分摊比例",
            default="1",
        ),
        InputSpec(
            "influent_bod5",
            InputKind.QUANTITY,
            "Influent BOD5 (eligibility evidence)",
            "进水BOD5浓度（资格佐证）",
            units=MG_L,
        ),
        InputSpec(
            "base_influent_bod5",
            InputKind.QUANTITY,
            "Base-period influent BOD5",
            "基准期进水BOD5浓度",
            units=MG_L,
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.3",
)
INDUSTRIAL_WW = CategorySpec(
    code="industrial_ww",
    name_en="Industrial wastewater treatment and industrial-park plants",
    name_zh="工业废水治理、工业园区污水集中处理",
    calculate=industrial_ww,
    inputs=(
        volume_input("volume", "Wastewater discharged in the credited period", "核算期排水量"),
        period_input(),
        *concentrations(
            "concentration_before",
            "Discharge {label} before the project",
            "项目实施前排放{label}浓度",
        ),
        *concentrations(
            "concentration_after",
            "Discharge {label} in the credited period",
            "核算期排放{label}浓度",
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.6",
)
INDUSTRIAL_REUSE = CategorySpec(
    code="industrial_reuse",
    name_en="Industrial water reuse, zero discharge",
    name_zh="中水回用、零排放",
    calculate=industrial_reuse,
    inputs=(
        volume_input("reused_volume", "Water reused instead of discharged", "回用水量"),
        period_input(),
        *concentrations(
            "concentration",
            "{label} the reused water would have been discharged at",
            "回用水原排放{label}浓度",
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.6",
)
# Water infrastructure (tail-water wetlands)
TAILWATER_WETLAND = CategorySpec(
    code="tailwater_wetland",
    name_en="Tail-water wetland after a wastewater plant",
    name_zh="污水处理厂尾水湿地净化工程",
    calculate=tailwater_wetland,
    inputs=(
        volume_input(
            "volume",
            "Tail water treated by the wetland in the credited period",
            "核算期湿地处理尾水量",
        ),
        period_input(),
        *concentrations(
            "inflow",
            "Wetland inflow {label} (flow-weighted mean)",
            "湿地进水{label}浓度（流量加权均值）",
        ),
        *concentrations(
            "outflow",
            "Wetland outflow {label} (flow-weighted mean)",
            "湿地出水{label}浓度（流量加权均值）",
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.2",
)
