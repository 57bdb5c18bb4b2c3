"""Whether a project may earn a reduction at all: baseline and eligibility
(docs/domain/accounting.md §2.3).

Requirements are data: each has a code (the name of a yes/no fact the project
file records), an English and Chinese text, a tag and a source. A project is
eligible when every requirement of its category is known to be met; a fact
not yet recorded leaves the project undecided, never eligible by default.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.errors import UnknownCategoryError
from deltacap.domain.accounting.provenance import Tag


@dataclass(frozen=True)
class Requirement:
    code: str
    text_en: str
    text_zh: str
    tag: Tag
    source: str


@dataclass(frozen=True)
class Eligibility:
    """The outcome: ``eligible`` only when nothing is unmet and nothing is unknown."""

    unmet: tuple[Requirement, ...]
    unknown: tuple[Requirement, ...]

    @property
    def eligible(self) -> bool:
        return not self.unmet and not self.unknown


def _r(code: str, en: str, zh: str, tag: Tag = Tag.MEMORY, source: str = "") -> Requirement:
    return Requirement(code, en, zh, tag, source or "docs/domain/accounting.md §3")


_BDOCX = "12th FYP accounting rules, bdocx.com/doc/6067789.html; 2020 base reading [M]"
_STABLE = "12th FYP air rules, sfmzp.com/article-5225-6.html"
_LIVESTOCK = "12th FYP agricultural rules, m.dybbs8.com/tongji2/3732252.html"

GENERAL = (
    _r(
        "in_baseline",
        "The source is in the base-year inventory (2020 for the 14th FYP) "
        "or its emissions are documented before the project",
        "污染源在基数内（“十四五”为2020年）或项目前排放有据可查",
        Tag.MEMORY,
        _BDOCX,
    ),
    _r("completed_and_accepted", "Works completed and accepted", "工程建成并通过验收"),
    _r(
        "stable_operation",
        "Facilities run continuously and stably",
        "设施连续稳定运行",
        Tag.SECONDARY,
        _STABLE,
    ),
)
_WWTP = (
    _r("permitted", "Holds an emission permit", "已取得排污许可证"),
    _r(
        "new_load_untreated_before",
        "The added load was discharged untreated before "
        "(not diverted from another plant, river water or infiltration)",
        "新增处理量原为未经处理直排（非其他厂转移、河水或外水）",
    ),
)
_SPECIFIC: dict[str, tuple[Requirement, ...]] = {
    "wwtp_new": _WWTP,
    "wwtp_upgrade": (
        _r(
            "meets_new_standard",
            "Effluent meets the new standard in monitoring",
            "监测表明出水稳定达到新标准",
        ),
    ),
    "sewer_network": (
        _r(
            "influent_load_rose",
            "The receiving plant's influent load rose, not only its volume",
            "受纳污水厂进水负荷（非仅水量）提高",
        ),
    ),
    "rural_sewage": (
        _r(
            "running_and_sampled",
            "Systems running, power on, effluent sampled",
            "设施运行、通电、出水有采样",
        ),
        _r("households_connected", "Households connected", "农户已接入"),
    ),
    "livestock": (
        _r(
            "integrated_measures",
            "Integrated treatment measures in place (else not accounted)",
            "已采取综合治理措施（否则不纳入减排核算）",
            Tag.SECONDARY,
            _LIVESTOCK,
        ),
        _r(
            "facilities_continuous",
            "Treatment facilities run continuously and stably long-term",
            "治理设施连续长期稳定运行",
            Tag.SECONDARY,
            "facezit.com/shtml/view-5134912.html",
        ),
    ),
    "industrial_ww": (
        _r(
            "not_to_municipal_before",
            "The wastewater did not go to a municipal plant before",
            "项目前废水未进入城镇污水处理厂",
        ),
    ),
    "industrial_reuse": (),
    "boiler_kiln": (),
    "vocs": (
        _r(
            "efficiency_tested",
            "Treatment efficiency from the acceptance test or inlet/outlet monitoring",
            "治理效率有验收检测或进出口监测依据",
        ),
    ),
    "diesel_phaseout": (
        _r("deregistered_in_period", "Deregistered (注销登记) in the period", "核算期内注销登记"),
        _r("registered_in_territory", "Registered in the member's territory", "在本辖区登记"),
        _r("scrap_certificate", "Scrap certificate held", "持有报废机动车回收证明"),
    ),
    "nonroad_phaseout": (_r("scrapped", "Machinery scrapped and deregistered", "机械已报废注销"),),
    "closure": (
        _r("utilities_cut", "Utilities cut", "断水断电"),
        _r("equipment_removed", "Main equipment removed", "主体设备拆除"),
        _r("permit_cancelled", "Permit cancelled", "排污许可证注销"),
        _r(
            "not_transferred",
            "Capacity not moved to another site in the region",
            "产能未在区域内转移",
        ),
    ),
}
# Water infrastructure (tail-water wetlands)
_SPECIFIC["tailwater_wetland"] = (
    _r(
        "inflow_outflow_monitored",
        "Inflow and outflow sampled at the wetland (not the plant's effluent standard)",
        "湿地进出水均有监测（非以污水厂排放标准代替）",
    ),
)
# Non-point measures
_SPECIFIC["ecological_interception"] = (
    _r(
        "inflow_outflow_monitored",
        "Inflow and outflow sampled at the interception works in the credited period",
        "核算期内拦截工程进出水均有监测",
    ),
    _r(
        "drainage_not_treated_before",
        "The drainage was not treated before (not another works' outflow)",
        "所拦截排水此前未经处理（非其他工程的出水）",
    ),
)
_SPECIFIC["nonpoint_fertiliser"] = (
    _r(
        "application_recorded",
        "Fertiliser applied recorded per plot in both periods (purchases or field records)",
        "两个时期的化肥施用量均按地块记录（购销或田间记录）",
    ),
    _r(
        "same_area_and_crops",
        "Same farmland and comparable crops in the base and credited periods",
        "基准期与核算期为同一农田、作物可比",
    ),
)
for _sector in ("power", "steel", "cement", "coking"):
    _SPECIFIC[f"ule_{_sector}"] = (
        _r(
            "meets_ultra_low_limits",
            "Outlet concentrations meet the ultra-low limits",
            "排口浓度达到超低排放限值",
        ),
    )


def requirements(category: str) -> tuple[Requirement, ...]:
    """General and category requirements; raises UnknownCategoryError."""
    if category not in _SPECIFIC:
        raise UnknownCategoryError(category=category, known=", ".join(_SPECIFIC))
    return (*GENERAL, *_SPECIFIC[category])


def assess(category: str, facts: Mapping[str, bool]) -> Eligibility:
    """Check ``facts`` (requirement code → met?) against the category's requirements."""
    needed = requirements(category)
    unmet = tuple(item for item in needed if facts.get(item.code) is False)
    unknown = tuple(item for item in needed if item.code not in facts)
    return Eligibility(unmet=unmet, unknown=unknown)


def meets_ultra_low_limits(
    sector: str, concentrations_mg_m3: Mapping[str, Fraction], coefficients: CoefficientSet
) -> bool:
    """Whether every given outlet concentration (by pollutant code) is within the
    sector's ultra-low limit ``ule.limit.<sector>.<p>``; a pollutant without a
    limit in the set is not judged. Raises CoefficientError on a bad limit unit.
    """
    for pollutant, concentration in concentrations_mg_m3.items():
        key = f"ule.limit.{sector}.{pollutant}"
        if coefficients.find(key) is not None and concentration > coefficients.value_in(
            key, "mg/m3"
        ):
            return False
    return True
