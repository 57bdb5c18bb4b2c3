"""Reduction accounting for key reduction projects (重点减排工程减排量核算).

Pure functions: one calculator per category, a registry of their input
schemas, versioned coefficient sets, crediting policies and eligibility rules.
The national 14th FYP accounting guide was not found (docs/domain/accounting.md §0):
formulas follow the documented method patterns and every local value is data.

Typical use::

    from deltacap.domain.accounting import DEFAULT_COEFFICIENTS, category, recompute

    result = category("wwtp_new").calculate(
        {"volume": "10000 m3/d", "period": "365 d",
         "influent_cod": "250 mg/L", "effluent_cod": "30 mg/L"},
        DEFAULT_COEFFICIENTS,
    )
    again = recompute("wwtp_new", result.stored_inputs(), DEFAULT_COEFFICIENTS)
"""

from deltacap.domain.accounting.coefficients import Coefficient, CoefficientSet
from deltacap.domain.accounting.crediting import (
    ANNUAL_CAPACITY_RULE,
    PERIOD_ACTUALS_RULE,
    PLAN_PERIOD_RULES,
    Credit,
    CreditingPolicy,
    CreditingRule,
    credit_for_year,
    credit_windows,
)
from deltacap.domain.accounting.default_coefficients import DEFAULT_COEFFICIENTS
from deltacap.domain.accounting.eligibility import Eligibility, assess, meets_ultra_low_limits
from deltacap.domain.accounting.errors import (
    AccountingError,
    CoefficientError,
    CreditingError,
    InconsistentInputsError,
    InputError,
    InvalidValueError,
    MissingCoefficientError,
    MissingInputError,
    NotCreditableError,
    UnitMismatchError,
    UnknownCategoryError,
    UnknownInputError,
)
from deltacap.domain.accounting.inputs import check_input
from deltacap.domain.accounting.labels import choice_name, unit_name
from deltacap.domain.accounting.pollutants import PLAN_PERIODS, PlanPeriod, Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.registry import CATEGORIES, category, recompute, schemas
from deltacap.domain.accounting.result import PollutantReduction, ReductionResult
from deltacap.domain.accounting.schema import CategorySpec, InputKind, InputSpec

__all__ = [
    "ANNUAL_CAPACITY_RULE",
    "CATEGORIES",
    "DEFAULT_COEFFICIENTS",
    "PERIOD_ACTUALS_RULE",
    "PLAN_PERIODS",
    "PLAN_PERIOD_RULES",
    "AccountingError",
    "CategorySpec",
    "Coefficient",
    "CoefficientError",
    "CoefficientSet",
    "Credit",
    "CreditingError",
    "CreditingPolicy",
    "CreditingRule",
    "Eligibility",
    "InconsistentInputsError",
    "InputError",
    "InputKind",
    "InputSpec",
    "InvalidValueError",
    "MissingCoefficientError",
    "MissingInputError",
    "NotCreditableError",
    "PlanPeriod",
    "Pollutant",
    "PollutantReduction",
    "ReductionResult",
    "Tag",
    "UnitMismatchError",
    "UnknownCategoryError",
    "UnknownInputError",
    "assess",
    "category",
    "check_input",
    "choice_name",
    "credit_for_year",
    "credit_windows",
    "meets_ultra_low_limits",
    "recompute",
    "schemas",
    "unit_name",
]
