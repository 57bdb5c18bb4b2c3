"""Rural calculators: scale livestock farms and rural domestic sewage."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.calculation import GRAM_IN_TONNES, KG_IN_TONNES, Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.errors import (
    InvalidValueError,
    MissingInputError,
    NotCreditableError,
)
from deltacap.domain.accounting.pollutants import WATER_POLLUTANTS, Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import (
    DIMENSIONLESS,
    CategorySpec,
    InputKind,
    InputSpec,
    method_input,
    per_pollutant,
    period_input,
)
from deltacap.domain.accounting.water import concentrations, removed_load, volume_input

ANIMAL_CLASSES = ("pig_finishing", "sow", "dairy", "beef", "layer", "broiler")
TREATMENT_MODES = ("dry_collection_fertiliser", "full_land_use", "treatment_to_standard", "none")
_POULTRY = ("layer", "broiler")


def livestock(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Scale livestock and poultry farm, manure treatment (规模化畜禽养殖场粪污治理).

    ΔE_j = N_j × g_i × d × (f_ij − f_i,avg) × 10⁻³ t, with N_j animals (存栏 for
    sows, cows, layers; 出栏 for finishing pigs and broilers), g_i generation
    coefficient in kg/(head·d) (``livestock.generation.<class>.<p>``), d days of
    the cycle in the period (input ``days``, else ``livestock.cycle_days.<class>``),
    f_ij the farm's removal rate (input ``farm_removal_rate`` from site
    inspection, else ``livestock.farm_removal_rate.<mode>``), f_i,avg last
    year's verified average (``livestock.average_removal_rate.<class>.<p>``).

    Source: docs/domain/accounting.md §3.5, 12th FYP agricultural rules: the variables and
    the 100 % rates [V-2nd]; the formula's structure [M]. Farms without the
    integrated measures are not credited (NotCreditableError) [V-2nd]; full
    land use needs at least 1 亩 per 10 pig equivalents (``land_area``) [V-2nd].
    """
    calc = Calculation(LIVESTOCK, inputs, coefficients)
    animal_class = calc.inputs.choice("animal_class")
    farm_rate = _farm_removal_rate(calc, animal_class)
    animal_days = calc.inputs.count("animals") * _days(calc, animal_class)
    template = f"livestock.generation.{animal_class}.{{p}}"
    for pollutant in calc.covered_pollutants(template):
        generated = calc.coefficient(template.format(p=pollutant.value), "kg/d")
        average_key = f"livestock.average_removal_rate.{animal_class}.{pollutant.value}"
        average = calc.coefficient(average_key, DIMENSIONLESS)
        tonnes = animal_days * generated * (farm_rate - average) * KG_IN_TONNES
        calc.credit(pollutant, tonnes, "farm removal rate below last year's average")
    return calc.result()


def _days(calc: Calculation, animal_class: str) -> Fraction:
    if calc.inputs.has("days"):
        return calc.inputs.number("days")
    return calc.coefficient(f"livestock.cycle_days.{animal_class}", "d")


def _farm_removal_rate(calc: Calculation, animal_class: str) -> Fraction:
    mode = calc.inputs.choice("treatment_mode")
    if mode == "none":
        reason = "未采取上述综合治理措施的，不纳入减排项目核算 (no integrated measures)"
        raise NotCreditableError(pollutant="all", reason=reason)
    if mode == "dry_collection_fertiliser" and animal_class not in _POULTRY:
        reason = "dry collection with full fertiliser use applies to layers and broilers"
        raise InvalidValueError(name="treatment_mode", reason=reason, got=mode)
    if mode == "full_land_use":
        _check_land(calc, animal_class)
    if calc.inputs.has("farm_removal_rate"):
        return calc.inputs.number("farm_removal_rate")
    return calc.coefficient(f"livestock.farm_removal_rate.{mode}", DIMENSIONLESS)


def _check_land(calc: Calculation, animal_class: str) -> None:
    if not calc.inputs.has("land_area"):
        reason = "full land use is credited only with matching land"
        raise MissingInputError(name="land_area", reason=reason)
    per_equivalent = calc.coefficient(
        f"livestock.animals_per_pig_equivalent.{animal_class}", DIMENSIONLESS
    )
    land_per_pig = calc.coefficient("livestock.land_per_pig_equivalent", "mu")
    needed = calc.inputs.count("animals") / per_equivalent * land_per_pig
    if calc.inputs.number("land_area") < needed:
        reason = f"land for manure use is below the {needed} mu the herd needs"
        raise InvalidValueError(name="land_area", reason=reason, got=calc.inputs.text("land_area"))


def rural_sewage(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Rural domestic sewage (农村生活污水治理).

    Coefficient method: ΔE = P × e × d × φ × η × 10⁻⁶ t, P connected residents,
    e per-capita generation in g/(person·d) (``rural.generation.<p>``), d days
    credited (``period``), φ collection share, η removal efficiency (monitored,
    else design). Monitoring method: ΔE = Q_w × (C_in − C_out) × 10⁻⁶ t.

    Source: docs/domain/accounting.md §3.4; both formulas [M]. No rural generation value was
    found; the urban 70 g/(person·d) COD must not be used as one.
    """
    calc = Calculation(RURAL_SEWAGE, inputs, coefficients)
    if calc.method == "monitoring":
        for pollutant in calc.given_pollutants(("influent", "effluent")):
            calc.credit(pollutant, removed_load(calc, "", pollutant), "negative removed load")
        return calc.result()
    if not calc.inputs.has("period"):
        raise MissingInputError(name="period", reason="the coefficient method needs the days")
    people_days = calc.inputs.count("residents") * calc.inputs.number("period")
    collected = people_days * calc.inputs.number("collection_share")
    for pollutant in calc.given_pollutants(("removal_efficiency",)):
        _credit_rural(calc, pollutant, collected)
    return calc.result()


def _credit_rural(calc: Calculation, pollutant: Pollutant, collected: Fraction) -> None:
    generated = calc.coefficient(f"rural.generation.{pollutant.value}", "g/d")
    efficiency = calc.inputs.number(f"removal_efficiency_{pollutant.value}")
    calc.credit(pollutant, collected * generated * efficiency * GRAM_IN_TONNES, "negative")


def _choice(name: str, choices: tuple[str, ...], en: str, zh: str) -> InputSpec:
    return InputSpec(name, InputKind.CHOICE, en, zh, required=True, choices=choices)


LIVESTOCK = CategorySpec(
    code="livestock",
    name_en="Scale livestock and poultry farms: manure treatment",
    name_zh="规模化畜禽养殖场粪污治理",
    calculate=livestock,
    inputs=(
        _choice("animal_class", ANIMAL_CLASSES, "Livestock class", "畜禽种类"),
        InputSpec(
            "animals",
            InputKind.COUNT,
            "Animals: stock for sows, cows, layers; marketed for finishing pigs, broilers",
            "养殖量：母猪、奶牛、蛋鸡按存栏，育肥猪、肉鸡按出栏",
            required=True,
            positive=True,
        ),
        InputSpec(
            "days",
            InputKind.QUANTITY,
            "Days of the cycle in the period (default: cycle)",
            "核算期内饲养周期天数（默认取周期）",
            units=("d",),
            positive=True,
        ),
        _choice("treatment_mode", TREATMENT_MODES, "Manure treatment mode", "粪污综合治理方式"),
        InputSpec(
            "farm_removal_rate",
            InputKind.FRACTION,
            "Farm removal rate set by site inspection (overrides the mode's rate)",
            "现场核定的养殖场去除率（优先于治理方式对应的去除率）",
        ),
        InputSpec(
            "land_area",
            InputKind.QUANTITY,
            "Land matched for manure use",
            "粪污消纳配套土地面积",
            units=("mu",),
        ),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.5",
)
_RURAL_METHODS = ("coefficient", "monitoring")
_MONITORING = ("monitoring",)
RURAL_SEWAGE = CategorySpec(
    code="rural_sewage",
    name_en="Rural domestic sewage treatment",
    name_zh="农村生活污水治理",
    calculate=rural_sewage,
    inputs=(
        method_input(_RURAL_METHODS, "Accounting method", "核算方法"),
        period_input(),
        InputSpec(
            "residents",
            InputKind.COUNT,
            "Connected residents",
            "接户人口",
            required=True,
            methods=("coefficient",),
        ),
        InputSpec(
            "collection_share",
            InputKind.FRACTION,
            "Share of sewage collected",
            "污水收集率",
            default="1",
            methods=("coefficient",),
        ),
        *per_pollutant(
            "removal_efficiency",
            WATER_POLLUTANTS,
            kind=InputKind.FRACTION,
            units=(),
            en="Removal efficiency for {label} (monitored, else design)",
            zh="{label}去除率（监测值，无则设计值）",
            methods=("coefficient",),
        ),
        volume_input(
            "volume", "Sewage treated in the period", "核算期处理水量", methods=_MONITORING
        ),
        *concentrations("influent", "Influent {label}", "进水{label}浓度", _MONITORING),
        *concentrations("effluent", "Effluent {label}", "出水{label}浓度", _MONITORING),
    ),
    pollutants=WATER_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.4",
    methods=_RURAL_METHODS,
)
