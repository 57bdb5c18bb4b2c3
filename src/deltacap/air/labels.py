"""The words of air quality in the active language: the items of HJ 633, the levels'
categories and colours (HJ 633 表2 / 附录A), the kinds of station."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deltacap.domain.air.tables import LEVELS

ITEM_NAMES: dict[str, Promise] = {
    "SO2_24h": _("SO₂ (24-hour mean)"),
    "SO2_1h": _("SO₂ (1-hour)"),
    "NO2_24h": _("NO₂ (24-hour mean)"),
    "NO2_1h": _("NO₂ (1-hour)"),
    "CO_24h": _("CO (24-hour mean)"),
    "CO_1h": _("CO (1-hour)"),
    "O3_1h": _("Ozone (1-hour)"),
    "O3_8h": _("Ozone (8-hour)"),
    "PM10_24h": _("PM10 (24-hour mean)"),
    "PM10_1h": _("PM10 (1-hour)"),
    "PM2.5_24h": _("PM2.5 (24-hour mean)"),
    "PM2.5_1h": _("PM2.5 (1-hour)"),
}
CATEGORIES: dict[int, Promise] = {
    1: _("Excellent"),
    2: _("Good"),
    3: _("Lightly polluted"),
    4: _("Moderately polluted"),
    5: _("Heavily polluted"),
    6: _("Severely polluted"),
}
COLOURS: dict[int, str] = {number: level[5] for number, level in enumerate(LEVELS, start=1)}
NO_DATA_COLOUR = "#B0B7BF"


def item_name(item: str) -> str:
    words = ITEM_NAMES.get(item)
    return str(words) if words is not None else item


def category(level: int | None) -> str:
    words = CATEGORIES.get(level or 0)
    return str(words) if words is not None else ""
