"""Look-ups in the monitoring-factor tables of HJ 212-2017 Annex B.

``pollutant("w01018")`` gives the factor's Chinese name, units and data format;
``code_2017("011")`` maps an HJ/T 212-2005 code to its 2017 code. Old water
codes have 3 digits and old gas codes 2 digits or ``S0x``/``B0x``, so the two
old code lists do not collide; whether a packet uses old codes is the caller's
judgment (Flag version bits 0, or no Flag at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from deltacap.domain.hj212.pollutant_table import GAS, NOISE, WATER, Row


class Medium(StrEnum):
    """Which Annex B table a factor comes from."""

    WATER = "water"
    GAS = "gas"
    NOISE = "noise"


@dataclass(frozen=True, slots=True)
class Pollutant:
    """One monitoring factor of HJ 212-2017 Annex B."""

    code: str
    name_zh: str
    medium: Medium
    concentration_unit: str
    amount_unit: str | None
    data_format: str | None
    code_2005: str | None


def _entries(rows: tuple[Row, ...], medium: Medium) -> dict[str, Pollutant]:
    return {
        code: Pollutant(code, name, medium, unit, amount or None, fmt or None, old or None)
        for code, name, old, unit, amount, fmt in rows
    }


POLLUTANTS: dict[str, Pollutant] = {
    **_entries(WATER, Medium.WATER),
    **_entries(GAS, Medium.GAS),
    **_entries(NOISE, Medium.NOISE),
}

CODES_2005_TO_2017: dict[str, str] = {
    p.code_2005: p.code for p in POLLUTANTS.values() if p.code_2005 is not None
}


def pollutant(code: str) -> Pollutant | None:
    """The Annex B entry of a 2017 factor code, or of a 2005 code through its 2017 code."""
    found = POLLUTANTS.get(code)
    if found is not None:
        return found
    new_code = CODES_2005_TO_2017.get(code)
    return None if new_code is None else POLLUTANTS[new_code]


def code_2017(code: str) -> str | None:
    """The 2017 code for ``code``: itself if it is a 2017 code, its successor if a 2005 one."""
    if code in POLLUTANTS:
        return code
    return CODES_2005_TO_2017.get(code)
