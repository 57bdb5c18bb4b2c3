"""Words for the codes of water quality: items, classes, grades, trophic states."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ITEMS: dict[str, Promise] = {
    "pH": _("pH"),
    "DO": _("Dissolved oxygen"),
    "CODMn": _("Permanganate index"),
    "COD": _("Chemical oxygen demand"),
    "BOD5": _("Five-day biochemical oxygen demand"),
    "NH3-N": _("Ammonia nitrogen"),
    "TP": _("Total phosphorus"),
    "TN": _("Total nitrogen"),
    "Cu": _("Copper"),
    "Zn": _("Zinc"),
    "F": _("Fluoride"),
    "Se": _("Selenium"),
    "As": _("Arsenic"),
    "Hg": _("Mercury"),
    "Cd": _("Cadmium"),
    "Cr6": _("Chromium (hexavalent)"),
    "Pb": _("Lead"),
    "CN": _("Cyanide"),
    "VolatilePhenol": _("Volatile phenol"),
    "Petroleum": _("Petroleum"),
    "LAS": _("Anionic surfactant"),
    "Sulfide": _("Sulfide"),
    "FecalColiform": _("Faecal coliform"),
    "Chla": _("Chlorophyll a"),
    "SD": _("Transparency"),
}

GRADES: dict[str, Promise] = {
    "excellent": _("Excellent"),
    # 良好, where the AQI's "Good" is 良
    "good": pgettext_lazy("water quality grade", "Good"),
    "slightly_polluted": _("Slightly polluted"),
    "moderately_polluted": _("Moderately polluted"),
    "heavily_polluted": _("Heavily polluted"),
}

TROPHIC: dict[str, Promise] = {
    "oligotrophic": _("Oligotrophic"),
    "mesotrophic": _("Mesotrophic"),
    "light_eutrophic": _("Lightly eutrophic"),
    "middle_eutrophic": _("Moderately eutrophic"),
    "hyper_eutrophic": _("Heavily eutrophic"),
}

TRENDS: dict[str, Promise] = {
    "increasing": _("rising"),
    "decreasing": _("falling"),
    "no trend": _("no significant trend"),
}

# Colours of the classes on the map and in tables (I..劣V), as the national reports use.
CLASS_COLOURS: dict[str, str] = {
    "I": "#3fa7f5",
    "II": "#2e86de",
    "III": "#27ae60",
    "IV": "#f1c40f",
    "V": "#e67e22",
    "劣V": "#c0392b",
    "": "#999999",
}


def item_label(code: str) -> str:
    return str(ITEMS.get(code, code))


# The classes as the pages write them (Chinese: Ⅰ类 … 劣Ⅴ类, the standard's numerals).
CLASSES: tuple[Promise, ...] = (
    _("Class I"),
    _("Class II"),
    _("Class III"),
    _("Class IV"),
    _("Class V"),
    _("Worse than V"),
)


def class_label(number: int) -> str:
    """The class 1..6 in words ('' for none)."""
    return str(CLASSES[number - 1]) if number else ""


def grade_label(code: str) -> str:
    return str(GRADES.get(code, "")) if code else ""
