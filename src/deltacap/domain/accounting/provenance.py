"""Verification tags of formulas and coefficients (as in docs/domain/accounting.md)."""

from enum import StrEnum


class Tag(StrEnum):
    """How far a formula or value was verified.

    ``VERIFIED``: against an official or primary text. ``SECONDARY``: only
    against a secondary source (news page, mirror, third-party knowledge base).
    ``MEMORY``: from memory, unverified; must stay configurable and be shown as
    "unverified" wherever a reduction used it.
    """

    VERIFIED = "V"
    SECONDARY = "V-2nd"
    MEMORY = "M"
