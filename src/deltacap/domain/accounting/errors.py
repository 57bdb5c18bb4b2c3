"""Errors of reduction accounting.

Each error carries a message template (marked for translation) and its
parameters, following ``deltacap.domain.errors``; ``str(error)`` is the English
text. Input errors are also ``InvalidInput`` with ``field`` = the input's name,
so the entry points map them like any other invalid input.
"""

from typing import Any

from deltacap.domain.errors import DeltacapError, InvalidInput, gettext_noop


class AccountingError(DeltacapError):
    """Base of every error raised by the reduction-accounting core."""

    template = gettext_noop("reduction accounting failed")

    def __init__(self, **params: Any) -> None:
        super().__init__(field=params.get("name"), **params)


class InputError(AccountingError, InvalidInput):
    """An input of a calculation is missing, malformed or out of range."""

    template = gettext_noop("input {name!r} is invalid")

    @property
    def input_name(self) -> str:
        """The name of the input at fault, as in the category's input schema."""
        return str(self.params["name"])


class MissingInputError(InputError):
    template = gettext_noop("input {name!r} is required: {reason}")


class UnknownInputError(InputError):
    template = gettext_noop(
        "input {name!r} is not an input of category {category!r}; expected one of {expected}"
    )


class UnitMismatchError(InputError):
    template = gettext_noop("input {name!r} must be given in {expected}; got {got!r}")


class InvalidValueError(InputError):
    template = gettext_noop("input {name!r}: {reason}; got {got!r}")


class InconsistentInputsError(InputError):
    template = gettext_noop(
        "input {name!r} ({value}) must not exceed {other!r} ({other_value}): {reason}"
    )


class NotCreditableError(AccountingError):
    """The inputs are valid but describe no creditable reduction (refused, not clipped)."""

    template = gettext_noop("{pollutant}: no creditable reduction: {reason}")


class CoefficientError(AccountingError):
    template = gettext_noop(
        "coefficient {key!r} in set {set_id!r} version {version!r} is invalid: {reason}"
    )


class MissingCoefficientError(CoefficientError):
    template = gettext_noop(
        "coefficient {key!r} is not in set {set_id!r} version {version!r}; "
        "supply it in the member's coefficient table"
    )


class UnknownCategoryError(AccountingError):
    template = gettext_noop("unknown accounting category {category!r}; known: {known}")


class CreditingError(AccountingError):
    template = gettext_noop("cannot credit: {reason}")
