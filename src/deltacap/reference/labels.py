"""What a page shows for a code: the name of a pollutant, a division, an HJ 212 factor or a
unit in the active language, from the reference data the platform ships (the same files
the reference tables are loaded from, read once).

Pages reach these through the template filters of ``deltacap.web.templatetags.labels``
(``{{ code|pollutant }}``, ``{{ code|division }}``, ``{{ code|factor }}``,
``{{ unit|unit }}``); a code without a name is shown as it is, so that a missing name
is seen rather than hidden.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from deltacap import geodata
from deltacap.domain.accounting.crediting import CreditingPolicy
from deltacap.domain.decomposition import SplitState
from deltacap.domain.evaluation import RoundState
from deltacap.domain.hj212 import pollutant as annex_b
from deltacap.domain.hj212.factor_names_en import FACTOR_NAMES_EN
from deltacap.domain.rights.accounts import Origin
from deltacap.domain.rights.allocation import Method
from deltacap.domain.rights.reconciliation import Status as ReconciliationStatus
from deltacap.domain.round_calendar import Lateness
from deltacap.reference.models import REGION_CODE


def language() -> str:
    """ "en" or "zh": which of a (Chinese, English) pair of names a page shows."""
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def _pick(zh: str, en: str) -> str:
    return en if language() == "en" and en else zh


@cache
def _pollutants() -> dict[str, dict[str, str]]:
    from deltacap.reference.services import read_data

    rows = read_data("deltacap.reference", "pollutants.json")["pollutants"]
    return {row["code"]: row for row in rows}


@cache
def _pollutant_of_factor() -> dict[str, dict[str, str]]:
    return {row["hj212_code"]: row for row in _pollutants().values() if row["hj212_code"]}


@cache
def _divisions() -> dict[str, tuple[str, str]]:
    names = {d["code"]: (d["name_zh"], d["name_en"]) for d in geodata.divisions()}
    names[REGION_CODE] = ("长三角区域", "Yangtze River Delta")
    return names


def pollutant_name(code: str) -> str:
    """The pollutant's name (化学需氧量, Chemical oxygen demand) for its code (COD)."""
    row = _pollutants().get(code)
    return _pick(row["name_zh"], row["name_en"]) if row else code


def division_name(code: str | None) -> str:
    """The name of a member, city or county (浙江省, Jiaxing) for its GB/T 2260 code; "*"
    (every division) reads as the whole region."""
    if not code or code == "*":
        return _pick("全区域", "whole region")
    names = _divisions().get(code)
    return _pick(*names) if names else code


def factor_name(code: str) -> str:
    """The name of an HJ 212 factor (w01018: 化学需氧量, Chemical oxygen demand); a factor
    of no pollutant of ours and without an English name keeps Annex B's Chinese name."""
    row = _pollutant_of_factor().get(code)
    if row:
        return _pick(row["name_zh"], row["name_en"])
    entry = annex_b(code)
    if entry is None:
        return code
    return _pick(entry.name_zh, FACTOR_NAMES_EN.get(entry.code, ""))


# Units as officials write them: superscripts, and the Chinese unit names of HJ 212 Annex B
# in the usual symbols.
_UNITS = {
    "mg/m3": "mg/m³",
    "ug/m3": "μg/m³",
    "m3": "m³",
    "m3/h": "m³/h",
    "m3/s": "m³/s",
    "m3/d": "m³/d",
    "m3/a": "m³/a",
    "毫克/升": "mg/L",
    "毫克/立方米": "mg/m³",
    "微克/立方米": "μg/m³",
    "纳克/立方米": "ng/m³",
    "微克/升": "μg/L",
    "纳克/升": "ng/L",
    "升/秒": "L/s",
    "立方米/秒": "m³/s",
    "立方米": "m³",
    "千克": "kg",
    "克": "g",
    "摄氏度": "°C",
    "千帕": "kPa",
    "米/秒": "m/s",
    "无量纲": "",
}


def unit_symbol(unit: str) -> str:
    """A unit typeset (mg/m3 → mg/m³, 毫克/升 → mg/L)."""
    return _UNITS.get(unit, unit)


def factor_unit(code: str) -> str:
    """The concentration unit of an HJ 212 factor, typeset (w01018: mg/L)."""
    row = _pollutant_of_factor().get(code)
    if row and row["concentration_unit"]:
        return unit_symbol(row["concentration_unit"])
    entry = annex_b(code)
    return unit_symbol(entry.concentration_unit) if entry else ""


TONNES_PER_WAN = Decimal(10_000)


def format_number(value: object, places: int | None = None) -> str:
    """A number as officials write it, in either language: thousands separated, ``places``
    decimals (``None``: as stored, without trailing zeros); "—" for none or not a number."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is None:
        return f"{number.normalize():,f}"
    return f"{number.quantize(Decimal(1).scaleb(-places)):,.{places}f}"


# The words of the domain's states and kinds that pages show, by vocabulary; the domain's
# enums are the keys, so a new member without a word is seen (shown as its code).
TERMS: dict[str, dict[str, Any]] = {
    "split_state": {
        SplitState.OK: _("adds up"),
        SplitState.MISMATCH: _("does not add up"),
        SplitState.INCOMPLETE: _("not every part set"),
        SplitState.NOT_SPLIT: _("not split yet"),
        SplitState.NO_WHOLE: _("no target to split"),
    },
    "round_state": {
        RoundState.OPEN: _("open"),
        RoundState.CLOSED: _("closed and frozen"),
    },
    "lateness": {
        Lateness.ON_TIME: _("submitted on time"),
        Lateness.LATE: _("submitted late"),
        Lateness.OVERDUE: _("not submitted, overdue"),
        Lateness.PENDING: _("not submitted yet"),
    },
    "reconciliation": {
        ReconciliationStatus.SURPLUS: _("surplus"),
        ReconciliationStatus.SHORTFALL: _("shortfall"),
        ReconciliationStatus.BALANCED: _("balanced"),
        ReconciliationStatus.NO_FIGURE: _("no emission figure"),
    },
    "rights_origin": {
        Origin.INITIAL_FREE: _("initial allocation, free"),
        Origin.INITIAL_PAID: _("initial allocation, paid use"),
        Origin.PURCHASE: _("purchase"),
        Origin.GOVERNMENT_SALE: _("government sale"),
        Origin.FREED_CAPACITY: _("freed capacity"),
        Origin.RESERVE_RECOVERY: _("recovered into the reserve"),
        Origin.RESERVE_RELEASE: _("released from the reserve"),
    },
    "allocation_method": {
        Method.PERFORMANCE: _("Performance method (capacity × hours × performance value)"),
        Method.AIR_CONCENTRATION: _("Air concentration method (limit × flow × hours)"),
        Method.WATER_CONCENTRATION: _("Water concentration method (limit × volume)"),
        Method.OTHER_LIMIT: _("Other limit"),
    },
    # The inputs of the allocation methods (domain/rights/allocation.py), by their names.
    "allocation_input": {
        "capacity_mw": _("Installed capacity"),
        "utilisation_hours": _("Utilisation hours"),
        "performance_g_kwh": _("Performance value"),
        "limit_mg_m3": _("Emission limit"),
        "flow_m3_h": _("Flue gas flow"),
        "hours": _("Operating hours"),
        "limit_mg_l": _("Discharge limit"),
        "volume_m3_a": _("Wastewater volume"),
    },
    "crediting_policy": {
        CreditingPolicy.PERIOD_ACTUALS: _("reductions of the period as achieved"),
        CreditingPolicy.ANNUAL_CAPACITY: _("full annual capacity once operation is stable"),
    },
    # What a check of the progress figures adds up (domain/progress.py).
    "progress_quantity": {
        "target_tonnes": _("targets"),
        "verified_tonnes": _("verified reductions"),
    },
}


def term(code: str, vocabulary: str) -> str:
    """The word for ``code`` of ``vocabulary`` in the page's language (split_state "ok":
    相符); the code itself when the vocabulary has no word for it."""
    word = TERMS.get(vocabulary, {}).get(code)
    return str(word) if word is not None else code


def period_name(code: str) -> str:
    """A planning period's name (14fyp: “十四五”时期)."""
    row = _periods().get(code)
    return _pick(row["name_zh"], row["name_en"]) if row else code


@cache
def _periods() -> dict[str, dict[str, str]]:
    from deltacap.reference.services import read_data

    return {row["code"]: row for row in read_data("deltacap.reference", "periods.json")["periods"]}


# Sectors (行业) as officials write them, with their English names. A sector is entered as
# text: one without an English name here is shown as written.
SECTOR_NAMES_EN: dict[str, str] = {
    "化工": "Chemicals",
    "印染": "Dyeing and printing",
    "造纸": "Paper",
    "钢铁": "Steel",
    "水泥": "Cement",
    "热电": "Combined heat and power",
    "火电": "Thermal power",
    "石化": "Petrochemicals",
    "电子": "Electronics",
    "医药": "Pharmaceuticals",
    "污水处理": "Wastewater treatment",
    "市政管网": "Municipal sewers",
    "农村生活污水": "Rural domestic sewage",
    "畜禽养殖": "Livestock farming",
    "工业废水": "Industrial wastewater",
    "焦化": "Coking",
    "锅炉窑炉": "Boilers and kilns",
    "涂装印刷化工": "Coating, printing and chemicals",
    "机动车": "Motor vehicles",
    "非道路移动机械": "Non-road mobile machinery",
    "落后产能": "Obsolete capacity",
    "汽车制造": "Vehicle manufacturing",
    "家具": "Furniture",
    "包装印刷": "Packaging and printing",
}


def sector_name(text: str) -> str:
    """A sector in the page's language (化工: Chemicals)."""
    return SECTOR_NAMES_EN.get(text, text) if language() == "en" else text
