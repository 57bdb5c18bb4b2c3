"""The category registry and ``recompute``: one entry per accounting category."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from deltacap.domain.accounting.agri import LIVESTOCK, RURAL_SEWAGE
from deltacap.domain.accounting.air import ULE_CEMENT, ULE_COKING, ULE_POWER, ULE_STEEL
from deltacap.domain.accounting.boilers import BOILER_KILN
from deltacap.domain.accounting.closure import CLOSURE
from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.errors import UnknownCategoryError
from deltacap.domain.accounting.mobile import DIESEL_PHASEOUT, NONROAD_PHASEOUT
from deltacap.domain.accounting.nonpoint import ECOLOGICAL_INTERCEPTION, FERTILISER_REDUCTION
from deltacap.domain.accounting.result import ReductionResult
from deltacap.domain.accounting.schema import CategorySpec
from deltacap.domain.accounting.vocs import VOCS
from deltacap.domain.accounting.water import (
    INDUSTRIAL_REUSE,
    INDUSTRIAL_WW,
    SEWER_NETWORK,
    TAILWATER_WETLAND,
    WWTP_NEW,
    WWTP_UPGRADE,
)

CATEGORIES: Mapping[str, CategorySpec] = MappingProxyType(
    {
        spec.code: spec
        for spec in (
            WWTP_NEW,
            WWTP_UPGRADE,
            SEWER_NETWORK,
            RURAL_SEWAGE,
            LIVESTOCK,
            INDUSTRIAL_WW,
            INDUSTRIAL_REUSE,
            ULE_POWER,
            ULE_STEEL,
            ULE_CEMENT,
            ULE_COKING,
            BOILER_KILN,
            VOCS,
            DIESEL_PHASEOUT,
            NONROAD_PHASEOUT,
            CLOSURE,
            # Water infrastructure
            TAILWATER_WETLAND,
            # Non-point measures (N/P ecological interception, less fertiliser)
            ECOLOGICAL_INTERCEPTION,
            FERTILISER_REDUCTION,
        )
    }
)


def category(code: str) -> CategorySpec:
    """The category registered under ``code``; raises UnknownCategoryError."""
    spec = CATEGORIES.get(code)
    if spec is None:
        raise UnknownCategoryError(category=code, known=", ".join(CATEGORIES))
    return spec


def recompute(
    category_code: str, stored_inputs: Mapping[str, Any], coefficients: CoefficientSet
) -> ReductionResult:
    """Run ``category_code`` again on JSON-able stored inputs with ``coefficients``.

    ``stored_inputs`` is ``ReductionResult.stored_inputs()`` or
    ``normalised_inputs()``, possibly through a JSON round trip. Raises what
    the category's calculator raises.
    """
    return category(category_code).calculate(stored_inputs, coefficients)


def schemas() -> list[dict[str, Any]]:
    """Every category's schema, JSON-able, for forms, the Excel template and the API."""
    return [spec.to_json() for spec in CATEGORIES.values()]
