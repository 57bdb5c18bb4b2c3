"""Illustrative accounting inputs per category for the demo, the tests and the benchmark.

Each profile is one kind of project whose reduction grows linearly with one size (a flow, a
herd, a fleet, a tonnage), so the demo can size a project to the tonnes it wants. The demo
coefficient set fills the values the default set leaves to members' official tables; every
one of them is tagged [M] and named "demo", never to be used as real data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from deltacap.domain.accounting import (
    DEFAULT_COEFFICIENTS,
    Coefficient,
    CoefficientSet,
    Tag,
    category,
)

_DEMO = "deltacap demo: an illustrative value, not an official coefficient"


def _c(key: str, value: str, unit: str) -> Coefficient:
    return Coefficient(key, Fraction(value), unit, Tag.MEMORY, _DEMO)


DEMO_COEFFICIENTS: CoefficientSet = DEFAULT_COEFFICIENTS.derive(
    id="deltacap-demo",
    # 2026.2: the non-point loss rates added (a registered table never changes).
    version="2026.2",
    source="the default set with illustrative values for the demo data (all tagged M)",
    values=[
        _c("livestock.generation.pig_finishing.cod", "0.3", "kg/d"),
        _c("livestock.generation.pig_finishing.nh3n", "0.012", "kg/d"),
        _c("livestock.average_removal_rate.pig_finishing.cod", "0.55", "dimensionless"),
        _c("livestock.average_removal_rate.pig_finishing.nh3n", "0.5", "dimensionless"),
        _c("rural.generation.cod", "40", "g/d"),
        _c("rural.generation.nh3n", "4", "g/d"),
        _c("nonpoint.loss_rate.tn", "0.1", "dimensionless"),
        _c("nonpoint.loss_rate.tp", "0.03", "dimensionless"),
        _c("fuel.generation.coal.nox", "2.94", "kg/t"),
        _c("fuel.generation.coal.so2", "16", "kg/t"),
        _c("fuel.generation.natural_gas.nox", "0.00187", "kg/m3"),
        _c("fuel.generation.natural_gas.so2", "0.0002", "kg/m3"),
        _c("vehicle.reduction_factor.diesel.heavy.china3.nox", "0.25", "t/a"),
        _c("vehicle.reduction_factor.diesel.heavy.china3.pm", "0.01", "t/a"),
        _c("nonroad.emission_factor.excavator.china2.nox", "32", "kg/t"),
        _c("nonroad.emission_factor.excavator.china2.pm", "2", "kg/t"),
    ],
)


@dataclass(frozen=True)
class Profile:
    """A kind of project: its category, the controlled pollutants it credits, its inputs."""

    key: str
    category: str
    credits: frozenset[str]  # reference pollutant codes
    inputs: Callable[[Decimal], dict[str, str]]
    whole: bool = False  # the size is a count (animals, residents, vehicles)

    def sized(self, size: Decimal) -> dict[str, str]:
        return self.inputs(size.quantize(Decimal(1)) if self.whole else size)


def _year(extra: dict[str, str]) -> Callable[[Decimal], dict[str, str]]:
    def inputs(size: Decimal) -> dict[str, str]:
        return {"volume": f"{size} m3/d", "period": "365 d", **extra}

    return inputs


def _flue(before: str, after: str, hours: str) -> Callable[[Decimal], dict[str, str]]:
    def inputs(size: Decimal) -> dict[str, str]:
        return {
            "flue_gas_flow": f"{size} m3/h",
            "hours": f"{hours} h",
            "concentration_before_nox": f"{before} mg/m3",
            "concentration_after_nox": f"{after} mg/m3",
            "concentration_before_so2": "120 mg/m3",
            "concentration_after_so2": "30 mg/m3",
        }

    return inputs


def _sewer(size: Decimal) -> dict[str, str]:
    return {
        "volume": f"{size} m3/d",
        "period": "365 d",
        "influent_cod": "180 mg/L",
        "effluent_cod": "25 mg/L",
        "base_volume": f"{(size * Decimal('0.8')).quantize(Decimal('0.01'))} m3/d",
        "base_influent_cod": "150 mg/L",
        "base_effluent_cod": "25 mg/L",
        "influent_bod5": "95 mg/L",
        "base_influent_bod5": "70 mg/L",
    }


def _livestock(size: Decimal) -> dict[str, str]:
    return {
        "animal_class": "pig_finishing",
        "animals": str(size),
        "treatment_mode": "treatment_to_standard",
        "farm_removal_rate": "0.85",
    }


def _rural(size: Decimal) -> dict[str, str]:
    return {
        "method": "coefficient",
        "period": "365 d",
        "residents": str(size),
        "collection_share": "0.8",
        "removal_efficiency_nh3n": "0.6",
    }


def _boiler(size: Decimal) -> dict[str, str]:
    return {
        "method": "fuel_switch",
        "period": "365 d",
        "fuel_before_type": "coal",
        "fuel_before": f"{size} t",
        "fuel_after_type": "natural_gas",
        "fuel_after": f"{size * 700} m3",
    }


P = Profile
PROFILES: tuple[Profile, ...] = (
    P(
        "wwtp_new",
        "wwtp_new",
        frozenset({"COD", "NH3-N"}),
        _year(
            {
                "influent_cod": "250 mg/L",
                "effluent_cod": "30 mg/L",
                "influent_nh3n": "30 mg/L",
                "effluent_nh3n": "2 mg/L",
            }
        ),
    ),
    P(
        "wwtp_new_cod",
        "wwtp_new",
        frozenset({"COD"}),
        _year({"influent_cod": "220 mg/L", "effluent_cod": "40 mg/L"}),
    ),
    P(
        "wwtp_upgrade",
        "wwtp_upgrade",
        frozenset({"NH3-N"}),
        _year({"effluent_before_nh3n": "8 mg/L", "effluent_after_nh3n": "1.5 mg/L"}),
    ),
    P("sewer_network", "sewer_network", frozenset({"COD"}), _sewer),
    P("rural_sewage", "rural_sewage", frozenset({"NH3-N"}), _rural, whole=True),
    P(
        "rural_sewage_monitored",
        "rural_sewage",
        frozenset({"COD"}),
        lambda size: {
            "method": "monitoring",
            **_year({"influent_cod": "200 mg/L", "effluent_cod": "60 mg/L"})(size),
        },
    ),
    P("livestock", "livestock", frozenset({"COD", "NH3-N"}), _livestock, whole=True),
    P(
        "industrial_ww",
        "industrial_ww",
        frozenset({"COD"}),
        _year({"concentration_before_cod": "300 mg/L", "concentration_after_cod": "80 mg/L"}),
    ),
    P(
        "industrial_ww_nh3n",
        "industrial_ww",
        frozenset({"NH3-N"}),
        _year({"concentration_before_nh3n": "25 mg/L", "concentration_after_nh3n": "5 mg/L"}),
    ),
    P(
        "industrial_reuse",
        "industrial_reuse",
        frozenset({"COD"}),
        lambda size: {
            "reused_volume": f"{size} m3/d",
            "period": "365 d",
            "concentration_cod": "60 mg/L",
        },
    ),
    P("ule_power", "ule_power", frozenset({"NOx"}), _flue("100", "35", "5000")),
    P("ule_steel", "ule_steel", frozenset({"NOx"}), _flue("150", "45", "7000")),
    P("ule_cement", "ule_cement", frozenset({"NOx"}), _flue("300", "80", "6500")),
    P("ule_coking", "ule_coking", frozenset({"NOx"}), _flue("400", "140", "7500")),
    P("boiler_switch", "boiler_kiln", frozenset({"NOx"}), _boiler),
    P(
        "boiler_elimination",
        "boiler_kiln",
        frozenset({"NOx"}),
        lambda size: {"method": "elimination", "base_emission_nox": f"{size} t"},
    ),
    P(
        "vocs_substitution",
        "vocs",
        frozenset({"VOCs"}),
        lambda size: {
            "method": "substitution",
            "material": f"{size} t",
            "content_before": "0.55",
            "content_after": "0.1",
            "capture_efficiency": "0.3",
            "treatment_efficiency": "0.5",
        },
    ),
    P(
        "vocs_capture",
        "vocs",
        frozenset({"VOCs"}),
        lambda size: {
            "method": "capture_treatment",
            "generated": f"{size} t",
            "capture_form_before": "external_hood_slow",
            "treatment_efficiency_before": "0.5",
            "capture_form_after": "enclosed_negative_pressure",
            "treatment_efficiency_after": "0.9",
        },
    ),
    P(
        "diesel_phaseout",
        "diesel_phaseout",
        frozenset({"NOx"}),
        lambda size: {
            "vehicle_type": "heavy",
            "emission_standard": "china3",
            "vehicles": str(size),
        },
        whole=True,
    ),
    P(
        "nonroad_phaseout",
        "nonroad_phaseout",
        frozenset({"NOx"}),
        lambda size: {
            "machinery_type": "excavator",
            "emission_stage": "china2",
            "fuel": f"{size} t",
        },
    ),
    P(
        "closure_nox",
        "closure",
        frozenset({"NOx"}),
        lambda size: {"base_emission_nox": f"{size} t"},
    ),
    P(
        "closure_vocs",
        "closure",
        frozenset({"VOCs"}),
        lambda size: {"base_emission_vocs": f"{size} t"},
    ),
)
# The pollutant codes of the accounting core, as the demo's pollutant codes name them.
_CORE = {"COD": "cod", "NH3-N": "nh3n", "NOx": "nox", "VOCs": "vocs"}


@cache
def tonnes_per_unit(profile: Profile, pollutant: str) -> Decimal:
    """The reduction of ``pollutant`` (t) a project of size 1 (or 1000 for counts) credits."""
    unit = Decimal(1000) if profile.whole else Decimal(1)
    result = category(profile.category).calculate(profile.sized(unit), DEMO_COEFFICIENTS)
    for item in result.reductions:
        if item.pollutant.value == _CORE[pollutant]:
            exact = item.exact_tonnes
            return Decimal(exact.numerator) / Decimal(exact.denominator) / unit
    return Decimal(0)


def size_for(profile: Profile, pollutant: str, tonnes: Decimal) -> Decimal:
    """The size that makes ``profile`` credit about ``tonnes`` of ``pollutant``."""
    per_unit = tonnes_per_unit(profile, pollutant)
    size = tonnes / per_unit
    if profile.whole:
        return max(size.quantize(Decimal(1)), Decimal(1))
    return max(size.quantize(Decimal("0.1")), Decimal("0.1"))
