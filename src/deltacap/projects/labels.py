"""Names of the projects' codes in the page's language: accounting categories (from the
calculators' registry) and the language the domain's two-language tables are read in."""

from __future__ import annotations

from decimal import Decimal

from deltacap.domain.accounting import CATEGORIES
from deltacap.reference import labels


def language() -> str:
    """ "en" or "zh": which name of the domain's (English, Chinese) pairs a page shows."""
    return labels.language()


def category_name(code: str) -> str:
    spec = CATEGORIES.get(code)
    if spec is None:
        return code
    return spec.name_en if language() == "en" else spec.name_zh


def categories() -> list[tuple[str, str]]:
    return [(code, category_name(code)) for code in CATEGORIES]


def tonnes(value: Decimal | None) -> str:
    """Tonnes as a page shows them: thousands separated, to the kilogram, no trailing
    zeros (1,606 and 204.4); "—" for none."""
    if value is None:
        return "—"
    return labels.format_number(Decimal(value).quantize(Decimal("0.001")))
