"""Parse and normalise the inputs of a calculation against its category's schema."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.errors import (
    InvalidValueError,
    MissingInputError,
    UnitMismatchError,
    UnknownInputError,
)
from deltacap.domain.accounting.result import NormalisedInput
from deltacap.domain.accounting.schema import DIMENSIONLESS, CategorySpec, InputKind, InputSpec
from deltacap.domain.accounting.units import convert, exact, exact_text, is_compatible, split_given

PERIOD = "period"


@dataclass(frozen=True)
class ParsedInputs:
    """Normalised inputs of one calculation, looked up by name."""

    method: str
    values: Mapping[str, NormalisedInput]
    stored: Mapping[str, Any]

    def has(self, name: str) -> bool:
        return name in self.values

    def number(self, name: str) -> Fraction:
        """The exact value of a quantity, amount or fraction in its normalised unit."""
        return Fraction(self.values[name].value)

    def unit(self, name: str) -> str:
        return self.values[name].unit

    def text(self, name: str) -> str:
        """A choice, or a value with its unit, for messages."""
        item = self.values[name]
        if isinstance(item.value, Fraction):
            return f"{exact_text(item.value)} {item.unit}".strip()
        return str(item.value)

    def choice(self, name: str) -> str:
        return str(self.values[name].value)

    def count(self, name: str) -> int:
        return int(self.values[name].value)


def parse_inputs(spec: CategorySpec, raw: Mapping[str, Any]) -> ParsedInputs:
    """Validate ``raw`` against ``spec`` and normalise every input.

    Raises UnknownInputError, MissingInputError, UnitMismatchError or
    InvalidValueError, each naming the input.
    """
    names = [item.name for item in spec.inputs]
    given = {name: value for name, value in raw.items() if value is not None}
    for name in given:
        if name not in names:
            raise UnknownInputError(name=name, category=spec.code, expected=", ".join(names))
    method_spec = spec.input("method")
    method = _method(method_spec, given) if method_spec else ""
    ordered = sorted(spec.inputs, key=lambda item: item.name != PERIOD)
    values: dict[str, NormalisedInput] = {}
    stored: dict[str, Any] = {}
    for item in ordered:
        value = _pick(item, given, method)
        if value is None:
            continue
        period = values.get(PERIOD)
        values[item.name], stored[item.name] = _normalise(item, value, period)
    return ParsedInputs(method=method, values=values, stored=stored)


def check_input(spec: CategorySpec, name: str, raw: Any, period: Any = None) -> NormalisedInput:
    """One input of ``spec`` on its own, normalised as ``parse_inputs`` would (a form checks
    a field as it is typed). ``period`` is the raw length of the period, which an amount
    given as a rate needs. Raises the InputError ``parse_inputs`` would raise for it."""
    item = spec.input(name)
    if item is None:
        names = ", ".join(entry.name for entry in spec.inputs)
        raise UnknownInputError(name=name, category=spec.code, expected=names)
    length = None
    period_spec = spec.input(PERIOD)
    if period is not None and period_spec is not None and name != PERIOD:
        length = _normalise(period_spec, period, None)[0]
    return _normalise(item, raw, length)[0]


def _method(method_spec: InputSpec, given: Mapping[str, Any]) -> str:
    method = _unwrap(given.get("method", method_spec.default))
    if method not in method_spec.choices:
        reason = f"expected one of {', '.join(method_spec.choices)}"
        raise InvalidValueError(name="method", reason=reason, got=method)
    return str(method)


def _pick(item: InputSpec, given: Mapping[str, Any], method: str) -> Any:
    if not item.used_by(method):
        if item.name in given:
            reason = f"not used by method {method!r}"
            raise InvalidValueError(name=item.name, reason=reason, got=given[item.name])
        return None
    if item.name in given:
        return given[item.name]
    if item.default is None and item.required:
        raise MissingInputError(name=item.name, reason=item.description_en)
    return item.default


def _normalise(
    item: InputSpec, raw: Any, period: NormalisedInput | None
) -> tuple[NormalisedInput, Any]:
    if item.kind is InputKind.CHOICE:
        return _choice(item, raw)
    if item.kind is InputKind.COUNT:
        return _count(item, raw)
    if item.kind is InputKind.FRACTION:
        return _fraction(item, raw)
    value, unit_text = split_given(raw, name=item.name)
    stored = {"value": exact_text(value), "unit": unit_text}
    if item.kind is InputKind.AMOUNT and _is_rate(item, unit_text):
        normalised = _rate_times_period(item, value, unit_text, period)
    else:
        normalised = _quantity(item, value, unit_text)
    _check_sign(item, normalised.value, stored)
    return normalised, stored


def _quantity(item: InputSpec, value: Fraction, unit_text: str) -> NormalisedInput:
    for unit in item.units:
        if is_compatible(unit_text, unit, name=item.name):
            return NormalisedInput(item.name, convert(value, unit_text, unit, name=item.name), unit)
    got = f"{exact_text(value)} {unit_text}".strip()
    raise UnitMismatchError(name=item.name, expected=_expected(item), got=got)


def _is_rate(item: InputSpec, unit_text: str) -> bool:
    return any(is_compatible(unit_text, f"{unit}/d", name=item.name) for unit in item.units)


def _rate_times_period(
    item: InputSpec, value: Fraction, unit_text: str, period: NormalisedInput | None
) -> NormalisedInput:
    if period is None:
        reason = f"input {item.name!r} is a rate ({unit_text}); the period turns it into an amount"
        raise MissingInputError(name=PERIOD, reason=reason)
    for unit in item.units:
        if is_compatible(unit_text, f"{unit}/d", name=item.name):
            per_day = convert(value, unit_text, f"{unit}/d", name=item.name)
            return NormalisedInput(item.name, per_day * Fraction(period.value), unit)
    raise UnitMismatchError(name=item.name, expected=_expected(item), got=unit_text)


def _expected(item: InputSpec) -> str:
    units = " or ".join(item.units)
    if item.kind is InputKind.AMOUNT:
        rates = " or ".join(f"{unit}/d, {unit}/a" for unit in item.units)
        return f"{units} (or a rate: {rates}, with a period)"
    return units


def _check_sign(item: InputSpec, value: Any, stored: Any) -> None:
    if value < 0:
        raise InvalidValueError(name=item.name, reason="must not be negative", got=stored)
    if item.positive and value == 0:
        raise InvalidValueError(name=item.name, reason="must be greater than zero", got=stored)


def _unwrap(raw: Any) -> Any:
    """A choice or count stored in the normalised form {"value": ..., "unit": ""}."""
    if isinstance(raw, Mapping) and "value" in raw and not raw.get("unit"):
        return raw["value"]
    return raw


def _choice(item: InputSpec, raw: Any) -> tuple[NormalisedInput, Any]:
    raw = _unwrap(raw)
    if raw not in item.choices:
        reason = f"expected one of {', '.join(item.choices)}"
        raise InvalidValueError(name=item.name, reason=reason, got=raw)
    return NormalisedInput(item.name, str(raw), ""), str(raw)


def _count(item: InputSpec, raw: Any) -> tuple[NormalisedInput, Any]:
    raw = _unwrap(raw)
    value = exact(raw, name=item.name)
    if value.denominator != 1:
        raise InvalidValueError(name=item.name, reason="expected a whole number", got=raw)
    _check_sign(item, value, raw)
    return NormalisedInput(item.name, int(value), ""), int(value)


def _fraction(item: InputSpec, raw: Any) -> tuple[NormalisedInput, Any]:
    if _is_plain_number(raw):
        value, unit_text = exact(raw, name=item.name), ""
    else:
        value, unit_text = split_given(raw, name=item.name)
    share = convert(value, unit_text, DIMENSIONLESS, name=item.name)
    stored = {"value": exact_text(value), "unit": unit_text} if unit_text else exact_text(value)
    if not 0 <= share <= 1:
        raise InvalidValueError(name=item.name, reason="must lie between 0 and 1", got=stored)
    return NormalisedInput(item.name, share, DIMENSIONLESS), stored


def _is_plain_number(raw: Any) -> bool:
    if isinstance(raw, str):
        return not any(character.isalpha() or character == "%" for character in raw)
    return isinstance(raw, int | float | Decimal | Fraction)
