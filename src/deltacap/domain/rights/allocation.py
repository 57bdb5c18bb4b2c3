"""Initial allocation of emission rights (确权核算) after HJ 942-2018 and the pilot rules.

Two method patterns of the HJ 942-2018 sector specifications (docs/domain/standards.md §10.1; the
formula shapes are tagged [M] there, so every coefficient is an input, not a constant):

- performance method (绩效法): E = CAP × h × GPS × 10⁻³ t/a, with CAP the capacity in MW,
  h the utilisation hours and GPS the performance value in g/kWh; in kilograms,
  E = CAP × h × GPS.
- concentration method: air, E = C × Q × T × 10⁻⁹ t/a (C mg/m³, Q m³/h, T h), in
  kilograms C × Q × T × 10⁻⁶; water, E = C × Q_w × 10⁻⁶ t/a (C mg/L, Q_w m³/a), in
  kilograms C × Q_w × 10⁻³.

Where more than one applies the smallest wins (issue 4 item 2: "the smaller where both
apply"; HJ 942-2018's "strictest of the spec calculation, the EIA quantity and the
total-control allocation", docs/domain/standards.md §10.1, [M]); further limits such as an EIA
quantity are passed as ``other_limits_kg``. Each candidate is floored to whole
kilograms: an allocation never includes a kilogram that was not computed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights.errors import AmountNotValid, MethodNotApplicable
from deltacap.domain.rights.pollutants import Medium, PollutantCatalogue
from deltacap.domain.rights.quantities import floor_kg, require_positive_kg

FORMULA_SOURCE = "HJ 942-2018 sector-spec method patterns, docs/domain/standards.md §10.1"
SMALLEST_RULE_SOURCE = (
    "the smaller where both apply: issue 4 item 2; HJ 942-2018 'strictest of', "
    "docs/domain/standards.md §10.1"
)


class Method(StrEnum):
    PERFORMANCE = "performance"
    AIR_CONCENTRATION = "air_concentration"
    WATER_CONCENTRATION = "water_concentration"
    OTHER_LIMIT = "other_limit"


_MEDIUM_OF: dict[Method, Medium] = {
    Method.PERFORMANCE: Medium.AIR,
    Method.AIR_CONCENTRATION: Medium.AIR,
    Method.WATER_CONCENTRATION: Medium.WATER,
}


@dataclass(frozen=True)
class PerformanceInputs:
    capacity_mw: Decimal
    utilisation_hours: Decimal
    performance_g_kwh: Decimal


@dataclass(frozen=True)
class AirConcentrationInputs:
    limit_mg_m3: Decimal
    flow_m3_h: Decimal
    hours: Decimal


@dataclass(frozen=True)
class WaterConcentrationInputs:
    limit_mg_l: Decimal
    volume_m3_a: Decimal


ConcentrationInputs = AirConcentrationInputs | WaterConcentrationInputs


@dataclass(frozen=True)
class Candidate:
    """One method's result: whole kilograms per year, the exact figure and its inputs."""

    method: Method
    kg: int
    exact_kg: Fraction
    inputs: Mapping[str, str]
    formula: str
    source: str
    tag: Tag


@dataclass(frozen=True)
class Allocation:
    """The rights allocated for one pollutant, the method that set them and every input.

    ``basis`` names the member's pilot rule (or decision) under which it was made.
    """

    pollutant: str
    kg: int
    method: Method
    candidates: tuple[Candidate, ...]
    basis: str
    rule_source: str = SMALLEST_RULE_SOURCE
    tags: frozenset[Tag] = field(default_factory=frozenset)


def _exact(value: Decimal, name: str) -> Fraction:
    if not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        raise AmountNotValid(field=name, expected="a finite Decimal above zero", got=value)
    return Fraction(value)


def _candidate(method: Method, formula: str, kg: Fraction, inputs: object) -> Candidate:
    recorded = MappingProxyType({k: str(v) for k, v in vars(inputs).items()})
    return Candidate(method, floor_kg(kg), kg, recorded, formula, FORMULA_SOURCE, Tag.MEMORY)


def performance_kg(inputs: PerformanceInputs) -> Candidate:
    """Performance method: kg/a = capacity_mw × utilisation_hours × performance_g_kwh."""
    kg = (
        _exact(inputs.capacity_mw, "capacity_mw")
        * _exact(inputs.utilisation_hours, "utilisation_hours")
        * _exact(inputs.performance_g_kwh, "performance_g_kwh")
    )
    return _candidate(Method.PERFORMANCE, "CAP × h × GPS × 10⁻³ t/a", kg, inputs)


def air_concentration_kg(inputs: AirConcentrationInputs) -> Candidate:
    """Air concentration method: kg/a = limit_mg_m3 × flow_m3_h × hours × 10⁻⁶."""
    mg = (
        _exact(inputs.limit_mg_m3, "limit_mg_m3")
        * _exact(inputs.flow_m3_h, "flow_m3_h")
        * _exact(inputs.hours, "hours")
    )
    return _candidate(Method.AIR_CONCENTRATION, "C × Q × T × 10⁻⁹ t/a", mg / 10**6, inputs)


def water_concentration_kg(inputs: WaterConcentrationInputs) -> Candidate:
    """Water concentration method: kg/a = limit_mg_l × volume_m3_a × 10⁻³."""
    grams = _exact(inputs.limit_mg_l, "limit_mg_l") * _exact(inputs.volume_m3_a, "volume_m3_a")
    return _candidate(Method.WATER_CONCENTRATION, "C × Q_w × 10⁻⁶ t/a", grams / 1000, inputs)


def _concentration(inputs: ConcentrationInputs) -> Candidate:
    if isinstance(inputs, AirConcentrationInputs):
        return air_concentration_kg(inputs)
    return water_concentration_kg(inputs)


def _other_limit(name: str, kg: int) -> Candidate:
    require_positive_kg(kg, f"other_limits_kg.{name}")
    inputs = MappingProxyType({"name": name, "kg": str(kg)})
    return Candidate(Method.OTHER_LIMIT, kg, Fraction(kg), inputs, name, name, Tag.MEMORY)


def allocate(
    pollutant: str,
    catalogue: PollutantCatalogue,
    *,
    basis: str,
    performance: PerformanceInputs | None = None,
    concentration: ConcentrationInputs | None = None,
    other_limits_kg: Mapping[str, int] | None = None,
) -> Allocation:
    """The allocation of ``pollutant``: the smallest candidate of the methods given.

    Raises UnknownPollutant, MethodNotApplicable (a water method for an air pollutant or
    the reverse, or no method at all), AmountNotValid for an input that is not a
    positive finite Decimal, QuantityNotPositive for a limit or a result below 1 kg.
    """
    medium = catalogue.medium(pollutant)
    candidates = [
        *([performance_kg(performance)] if performance is not None else []),
        *([_concentration(concentration)] if concentration is not None else []),
    ]
    for candidate in candidates:
        if _MEDIUM_OF[candidate.method] is not medium:
            raise MethodNotApplicable(
                field="method", method=candidate.method.value, pollutant=pollutant
            )
    candidates += [_other_limit(n, kg) for n, kg in sorted((other_limits_kg or {}).items())]
    if not candidates:
        raise MethodNotApplicable(field="method", method="none", pollutant=pollutant)
    chosen = min(candidates, key=lambda c: c.kg)
    require_positive_kg(chosen.kg, "allocation_kg")
    return Allocation(
        pollutant,
        chosen.kg,
        chosen.method,
        tuple(candidates),
        basis,
        tags=frozenset(c.tag for c in candidates),
    )
