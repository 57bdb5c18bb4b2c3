"""What a page shows for a code: the name of a pollutant, a division, an HJ 212 factor or a
unit in the active language, from the reference data the platform ships (the same files
the reference tables are loaded from, read once).

Pages reach these through the template filters of ``deltacap.web.templatetags.labels``
(``{{ code|pollutant }}``, ``{{ code|division }}``, ``{{ code|factor }}``,
``{{ unit|unit }}``); a code without a name is shown as it is, so that a missing name
is seen rather than hidden.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language

from deltacap import geodata
from deltacap.domain.hj212 import pollutant as annex_b
from deltacap.domain.hj212.factor_names_en import FACTOR_NAMES_EN
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
        return _pick("全区域", "all divisions")
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
