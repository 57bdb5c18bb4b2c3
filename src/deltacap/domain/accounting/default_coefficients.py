"""The default coefficient set: only what docs/domain/accounting.md gives, each value tagged.

It is deliberately incomplete. Values the notes did not find (national
per-vehicle reduction factors, census generation coefficients for livestock
and rural residents, fuel emission factors, last year's average livestock
removal rates, influent caps) are absent: a calculation that needs one raises
MissingCoefficientError until a member supplies its official table, built with
``DEFAULT_COEFFICIENTS.derive(...)`` or ``CoefficientSet.from_json``.

Key scheme: ``<family>.<what>.<class...>.<pollutant>``; the calculators'
docstrings list the keys they read.
"""

from fractions import Fraction

from deltacap.domain.accounting.coefficients import Coefficient, CoefficientSet
from deltacap.domain.accounting.provenance import Tag

_LIVESTOCK_RATES = (
    "12th FYP agricultural accounting rules, quoted by m.dybbs8.com/tongji2/3732252.html"
)
_MANURE_TABLE = "附件4 畜禽养殖粪污产生量参数及计算公式, m.wenku365.com/p-50469884.html"
_PIG_EQUIVALENTS = "GB 18596-2001, pig equivalents (from memory)"
_GUANGDONG_VOCS = (
    "《广东省工业源挥发性有机物减排量核算方法（2023年修订版）》 table 23, "
    "via an EIA knowledge base (weak)"
)


def _c(key: str, value: str, unit: str, tag: Tag, source: str, note: str = "") -> Coefficient:
    return Coefficient(key, Fraction(value), unit, tag, source, note)


_LIVESTOCK = (
    _c("livestock.cycle_days.pig_finishing", "180", "d", Tag.SECONDARY, _MANURE_TABLE),
    _c("livestock.cycle_days.sow", "365", "d", Tag.SECONDARY, _MANURE_TABLE),
    _c("livestock.cycle_days.dairy", "365", "d", Tag.SECONDARY, _MANURE_TABLE),
    _c("livestock.cycle_days.beef", "365", "d", Tag.SECONDARY, _MANURE_TABLE),
    _c("livestock.cycle_days.layer", "365", "d", Tag.SECONDARY, _MANURE_TABLE),
    _c("livestock.cycle_days.broiler", "45", "d", Tag.SECONDARY, _MANURE_TABLE),
    _c(
        "livestock.farm_removal_rate.dry_collection_fertiliser",
        "1",
        "dimensionless",
        Tag.SECONDARY,
        _LIVESTOCK_RATES,
        "layers and broilers, all manure to organic fertiliser",
    ),
    _c(
        "livestock.farm_removal_rate.full_land_use",
        "1",
        "dimensionless",
        Tag.SECONDARY,
        _LIVESTOCK_RATES,
        "no outlet, all products used on matching land",
    ),
    _c(
        "livestock.land_per_pig_equivalent",
        "0.1",
        "mu",
        Tag.SECONDARY,
        _LIVESTOCK_RATES,
        "at least 1 亩 per 10 pigs marketed",
    ),
    _c(
        "livestock.animals_per_pig_equivalent.pig_finishing",
        "1",
        "dimensionless",
        Tag.MEMORY,
        _PIG_EQUIVALENTS,
    ),
    _c(
        "livestock.animals_per_pig_equivalent.layer",
        "30",
        "dimensionless",
        Tag.MEMORY,
        _PIG_EQUIVALENTS,
    ),
    _c(
        "livestock.animals_per_pig_equivalent.broiler",
        "60",
        "dimensionless",
        Tag.MEMORY,
        _PIG_EQUIVALENTS,
    ),
    _c(
        "livestock.animals_per_pig_equivalent.dairy",
        "0.1",
        "dimensionless",
        Tag.MEMORY,
        _PIG_EQUIVALENTS,
    ),
    _c(
        "livestock.animals_per_pig_equivalent.beef",
        "0.2",
        "dimensionless",
        Tag.MEMORY,
        _PIG_EQUIVALENTS,
    ),
)

_ULTRA_LOW = (
    _c("ule.limit.power.nox", "50", "mg/m3", Tag.MEMORY, "环发〔2015〕164号", "at 6 % O2"),
    _c(
        "ule.limit.steel.nox", "50", "mg/m3", Tag.MEMORY, "环大气〔2019〕35号", "sintering, 16 % O2"
    ),
    _c(
        "ule.limit.steel.so2", "35", "mg/m3", Tag.MEMORY, "环大气〔2019〕35号", "sintering, 16 % O2"
    ),
    _c("ule.limit.steel.pm", "10", "mg/m3", Tag.MEMORY, "环大气〔2019〕35号", "sintering, 16 % O2"),
    _c("ule.limit.cement.nox", "50", "mg/m3", Tag.MEMORY, "环大气〔2024〕5号", "kiln, 10 % O2"),
    _c(
        "ule.limit.coking.nox",
        "150",
        "mg/m3",
        Tag.MEMORY,
        "2024 coking ultra-low opinion",
        "coke-oven stack, 8 % O2",
    ),
    _c("ule.reference_o2.power", "6", "percent", Tag.MEMORY, "环发〔2015〕164号"),
    _c("ule.reference_o2.steel", "16", "percent", Tag.MEMORY, "环大气〔2019〕35号"),
    _c("ule.reference_o2.cement", "10", "percent", Tag.MEMORY, "环大气〔2024〕5号"),
    _c("ule.reference_o2.coking", "8", "percent", Tag.MEMORY, "2024 coking ultra-low opinion"),
)


def _capture(form: str, value: str, note: str = "") -> Coefficient:
    key = f"vocs.capture_efficiency.{form}"
    return _c(key, value, "dimensionless", Tag.SECONDARY, _GUANGDONG_VOCS, note)


_VOCS_CAPTURE = (
    _capture("double_enclosed", "0.99", "双层密闭空间"),
    _capture("enclosed_negative_pressure", "0.95", "单层密闭负压"),
    _capture("direct_vent_connection", "0.95", "设备排气口直连"),
    _capture("enclosed_positive_pressure", "0.85", "单层密闭正压"),
    _capture("enclosing_hood_fast", "0.80", "包围式集气罩, control velocity >= 0.5 m/s"),
    _capture("enclosing_hood_slow", "0.60", "包围式集气罩, 0.3-0.5 m/s"),
    _capture("external_hood_fast", "0.40", "外部式集气罩, >= 0.5 m/s"),
    _capture(
        "external_hood_slow",
        "0.20",
        "外部式集气罩, 0.3-0.5 m/s; table gives 0.20-0.40, lower bound taken",
    ),
    _capture("none", "0", "无收集"),
)

DEFAULT_COEFFICIENTS = CoefficientSet(
    id="deltacap-default",
    version="2026.1",
    source=(
        "deltacap default, compiled from secondary sources in docs/domain/accounting.md §3; "
        "not an official table: replace with the member's"
    ),
    values={item.key: item for item in (*_LIVESTOCK, *_ULTRA_LOW, *_VOCS_CAPTURE)},
)
