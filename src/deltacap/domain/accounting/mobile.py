"""Phase-out of old diesel trucks and non-road machinery (老旧柴油货车、非道路移动机械淘汰)."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.calculation import KG_IN_TONNES, Calculation
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.errors import MissingInputError
from deltacap.domain.accounting.pollutants import VEHICLE_POLLUTANTS, Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import CategorySpec, InputKind, InputSpec, method_input

VEHICLE_TYPES = ("mini", "light", "medium", "heavy")
VEHICLE_STANDARDS = ("china0", "china1", "china2", "china3", "china4", "china5")
VEHICLE_REPLACEMENTS = ("none", "china6", "electric")
VEHICLE_METHODS = ("reduction_factor", "emission_factor")
MACHINERY_TYPES = ("excavator", "loader", "forklift", "crane", "roller", "tractor", "other")
MACHINERY_STAGES = ("pre_china1", "china1", "china2", "china3")
MACHINERY_REPLACEMENTS = ("none", "china4", "electric")
_ZERO_ON_SITE = ("none", "electric")


def diesel_phaseout(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Old diesel trucks deregistered, one class (type × emission standard) per calculation.

    Reduction-factor method (national style): ΔE = N × r_k × T, r_k per-vehicle
    factor in t/(vehicle·a) (``vehicle.reduction_factor.diesel.<type>.<standard>.<p>``),
    T the period (default 1 a). Emission-factor method: r_k = (EF_k × VKT_k −
    EF_repl × VKT_k) × 10⁻⁶ t/a, EF in g/km
    (``vehicle.emission_factor.diesel.<type>.<standard>.<p>``, replacement
    ``...<type>.china6.<p>``; electric or none: 0), VKT in km/a
    (``vehicle.annual_mileage.diesel.<type>``), MEE 2014 road-vehicle inventory guide.

    Source: docs/domain/accounting.md §3.10; formulas [M]; the national r_k table was not
    found, so the default set has no vehicle values.
    """
    calc = Calculation(DIESEL_PHASEOUT, inputs, coefficients)
    vehicle_class = (
        f"{calc.inputs.choice('vehicle_type')}.{calc.inputs.choice('emission_standard')}"
    )
    vehicle_days = calc.inputs.count("vehicles") * calc.inputs.number("period")
    if calc.method == "reduction_factor":
        template = f"vehicle.reduction_factor.diesel.{vehicle_class}.{{p}}"
        for pollutant in calc.covered_pollutants(template):
            per_day = calc.coefficient(template.format(p=pollutant.value), "t/d")
            calc.credit(pollutant, vehicle_days * per_day, "negative reduction factor")
        return calc.result()
    template = f"vehicle.emission_factor.diesel.{vehicle_class}.{{p}}"
    for pollutant in calc.covered_pollutants(template):
        per_day = _emission_factor_gain(calc, pollutant, template)
        calc.credit(pollutant, vehicle_days * per_day, "the replacement emits more")
    return calc.result()


def _emission_factor_gain(calc: Calculation, pollutant: Pollutant, template: str) -> Fraction:
    """EF_old × VKT − EF_repl × VKT, in t/d."""
    vehicle_type = calc.inputs.choice("vehicle_type")
    mileage = calc.coefficient(f"vehicle.annual_mileage.diesel.{vehicle_type}", "km/d")
    old = calc.coefficient(template.format(p=pollutant.value), "t/km")
    replacement = calc.inputs.choice("replacement")
    if replacement in _ZERO_ON_SITE:
        return old * mileage
    key = f"vehicle.emission_factor.diesel.{vehicle_type}.{replacement}.{pollutant.value}"
    return (old - calc.coefficient(key, "t/km")) * mileage


def nonroad_phaseout(
    inputs: Mapping[str, Any], coefficients: CoefficientSet = DEFAULT_COEFFICIENTS
) -> ReductionResult:
    """Old non-road mobile machinery retired, one type and stage per calculation.

    Fuel-based: ΔE = (F_old × EF_old − F_repl × EF_repl) × 10⁻³ t, F = fuel the
    machines burn in the period (t), EF in kg per t of fuel
    (``nonroad.emission_factor.<type>.<stage>.<p>``); electric or no
    replacement: second term 0. 《非道路移动源大气污染物排放清单编制技术指南（试行）》.

    Source: docs/domain/accounting.md §3.10; formula [M]; no factor values in the default set.
    """
    calc = Calculation(NONROAD_PHASEOUT, inputs, coefficients)
    machinery = calc.inputs.choice("machinery_type")
    replacement = calc.inputs.choice("replacement")
    if replacement not in _ZERO_ON_SITE and not calc.inputs.has("replacement_fuel"):
        raise MissingInputError(name="replacement_fuel", reason=f"{replacement} burns fuel")
    template = f"nonroad.emission_factor.{machinery}.{calc.inputs.choice('emission_stage')}.{{p}}"
    for pollutant in calc.covered_pollutants(template):
        emitted = calc.inputs.number("fuel") * calc.coefficient(
            template.format(p=pollutant.value), "kg/t"
        )
        if replacement not in _ZERO_ON_SITE:
            key = f"nonroad.emission_factor.{machinery}.{replacement}.{pollutant.value}"
            emitted -= calc.inputs.number("replacement_fuel") * calc.coefficient(key, "kg/t")
        calc.credit(pollutant, emitted * KG_IN_TONNES, "the replacement emits more")
    return calc.result()


def _choice(name: str, choices: tuple[str, ...], en: str, zh: str, **extra: Any) -> InputSpec:
    return InputSpec(name, InputKind.CHOICE, en, zh, choices=choices, **extra)


DIESEL_PHASEOUT = CategorySpec(
    code="diesel_phaseout",
    name_en="Phase-out of old diesel trucks",
    name_zh="老旧柴油货车淘汰",
    calculate=diesel_phaseout,
    inputs=(
        method_input(VEHICLE_METHODS, "Accounting method", "核算方法"),
        _choice("vehicle_type", VEHICLE_TYPES, "Truck type", "货车类型", required=True),
        _choice(
            "emission_standard", VEHICLE_STANDARDS, "Emission standard", "排放标准", required=True
        ),
        InputSpec(
            "vehicles",
            InputKind.COUNT,
            "Vehicles deregistered in the period",
            "核算期注销登记车辆数",
            required=True,
            positive=True,
        ),
        InputSpec(
            "period",
            InputKind.QUANTITY,
            "Period credited per vehicle",
            "每车核算时长",
            units=("d",),
            default="1 a",
            positive=True,
        ),
        _choice(
            "replacement",
            VEHICLE_REPLACEMENTS,
            "Replacement vehicle",
            "替代车辆",
            default="none",
            methods=("emission_factor",),
        ),
    ),
    pollutants=VEHICLE_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.10",
    methods=VEHICLE_METHODS,
)
NONROAD_PHASEOUT = CategorySpec(
    code="nonroad_phaseout",
    name_en="Phase-out of old non-road mobile machinery",
    name_zh="老旧非道路移动机械淘汰",
    calculate=nonroad_phaseout,
    inputs=(
        _choice("machinery_type", MACHINERY_TYPES, "Machinery type", "机械类型", required=True),
        _choice("emission_stage", MACHINERY_STAGES, "Emission stage", "排放阶段", required=True),
        InputSpec(
            "period",
            InputKind.QUANTITY,
            "Length of the credited period",
            "核算期长度",
            units=("d",),
            positive=True,
        ),
        InputSpec(
            "fuel",
            InputKind.AMOUNT,
            "Fuel the retired machines burnt (last full year)",
            "淘汰机械燃油消耗量（最近完整年度）",
            units=("t",),
            required=True,
        ),
        _choice(
            "replacement",
            MACHINERY_REPLACEMENTS,
            "Replacement machinery",
            "替代机械",
            default="none",
        ),
        InputSpec(
            "replacement_fuel",
            InputKind.AMOUNT,
            "Fuel the replacement burns",
            "替代机械燃油消耗量",
            units=("t",),
        ),
    ),
    pollutants=VEHICLE_POLLUTANTS,
    formula_tag=Tag.MEMORY,
    source="docs/domain/accounting.md §3.10",
)
