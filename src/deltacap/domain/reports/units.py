"""Quantities as the plan writes them: 万吨 (10 000 t) and percentages."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

TONNES_PER_WAN = Decimal(10000)
# 万吨 to four places: the tonne, so that no verified tonne is lost in the rounding.
WAN_PLACES = Decimal("0.0001")
DASH = "—"


def wan_tonnes(tonnes: Decimal | float | None) -> Decimal | None:
    """Tonnes → 万吨, four places (half to even). None stays None."""
    if tonnes is None:
        return None
    return (Decimal(str(tonnes)) / TONNES_PER_WAN).quantize(WAN_PLACES, ROUND_HALF_EVEN)


def wan_text(tonnes: Decimal | float | None) -> str:
    """``12345.6`` t → ``"1.2346"``; none → ``—``."""
    value = wan_tonnes(tonnes)
    return DASH if value is None else f"{value:,.4f}"


def percent_text(share: Decimal | float | None, places: int = 1) -> str:
    """``0.4567`` → ``"45.7%"``; none → ``—``."""
    if share is None:
        return DASH
    return f"{Decimal(str(share)) * 100:.{places}f}%"


def number_text(value: float | Decimal | None, places: int = 1) -> str:
    return DASH if value is None else f"{Decimal(str(value)):,.{places}f}"
