"""Units for reduction accounting: one pint registry, exact magnitudes.

Magnitudes are ``Fraction`` so that every unit conversion is exact and a
stored input recomputes to the same figure. Two conventions differ from pint's
defaults and are deliberate:

- a year (``a``, ``yr``, ``year``, ``annum``) is 365 days, the accounting
  convention of "t/a" and "m³/a"; pint's Julian year (365.25 d) would make
  10 000 m³/d and 3 650 000 m³/a differ over a 365-day period;
- ``m3`` and ``Nm3`` are cubic metres (flue-gas volumes are at standard state
  already), and ``mu`` (亩) is 10 000/15 m².

Unit objects of this registry are never formatted with ``str()``: with
fraction exponents pint's formatter fails on Python 3.11, so messages quote
the unit text the caller gave.
"""

import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

import pint

from deltacap.domain.accounting.errors import InvalidValueError, UnitMismatchError

_YEAR_WORDS = re.compile(r"(?<![A-Za-z_])(a|yr|year|years|annum)(?![A-Za-z_0-9])")
_NUMBER_THEN_UNIT = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_EXTRA_DEFINITIONS = (
    "accounting_year = 365 * day",
    "m3 = meter * meter * meter",
    "Nm3 = meter * meter * meter",
    "mu = 10000 / 15 * meter * meter = 亩",
)


def _accounting_year(text: str) -> str:
    return _YEAR_WORDS.sub("accounting_year", text)


@cache
def registry() -> Any:
    """The shared registry, built on first use (not at import)."""
    units: Any = pint.UnitRegistry(
        non_int_type=Fraction, cache_folder=None, preprocessors=[_accounting_year]
    )
    for definition in _EXTRA_DEFINITIONS:
        units.define(definition)
    return units


def exact(value: object, *, name: str) -> Fraction:
    """``value`` as an exact Fraction; raises InvalidValueError naming ``name``.

    Accepts int, Fraction, Decimal, float (through its shortest decimal text)
    and text such as "1.5", "1e4" or "1/3". Rejects booleans, NaN and infinity.
    """
    if isinstance(value, bool):
        raise InvalidValueError(name=name, reason="expected a number", got=value)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidValueError(name=name, reason="expected a finite number", got=str(value))
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise InvalidValueError(name=name, reason="expected a number", got=value) from None
    raise InvalidValueError(name=name, reason="expected a number", got=repr(value))


def exact_text(value: Fraction) -> str:
    """Exact text of ``value``: a plain decimal when it terminates, else "p/q"."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return _strip_zeros(text)


def _strip_zeros(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def split_given(raw: object, *, name: str) -> tuple[Fraction, str]:
    """Split a quantity as given into (exact value, unit text).

    Accepted forms: a pint Quantity (of any registry), "10000 m3/d",
    {"value": "10000", "unit": "m3/d"} and ("10000", "m3/d").
    """
    if isinstance(raw, pint.Quantity):
        return exact(raw.magnitude, name=name), _foreign_unit_text(raw)
    if isinstance(raw, str):
        match = _NUMBER_THEN_UNIT.match(raw)
        if match is None:
            raise InvalidValueError(name=name, reason="expected '<number> <unit>'", got=raw)
        return exact(match.group(1), name=name), match.group(2)
    if isinstance(raw, Mapping) and "value" in raw:
        return exact(raw["value"], name=name), str(raw.get("unit", ""))
    if isinstance(raw, tuple | list) and len(raw) == 2:
        return exact(raw[0], name=name), str(raw[1])
    raise InvalidValueError(name=name, reason="expected a quantity with its unit", got=repr(raw))


def _foreign_unit_text(quantity: Any) -> str:
    """Unit text of a pint Quantity, built from its unit container, not pint's formatter."""
    terms = []
    for unit_name, power in sorted(quantity.unit_items()):
        exponent = Fraction(power)
        text = unit_name if exponent == 1 else f"{unit_name} ** ({exact_text(exponent)})"
        terms.append(text)
    return " * ".join(terms) or "dimensionless"


def parse_unit(text: str, *, name: str, expected: str) -> Any:
    """The registry quantity for unit ``text`` (a scale such as "kg/(1e4 m3)" is kept)."""
    parsed = _parsed(text)
    if parsed is None:
        raise UnitMismatchError(name=name, expected=expected, got=text)
    return parsed


# Parsing a unit with pint costs about 0.2 ms; imports of thousands of projects repeat the
# same few dozen unit texts, so parsed units and conversion factors are cached. Every unit
# here is multiplicative (no offset scales such as degC), so a conversion is value × factor.
@lru_cache(maxsize=2048)
def _parsed(text: str) -> Any:
    try:
        parsed = registry().parse_expression(text or "dimensionless")
    except Exception:  # pint's parser raises many unrelated types on bad text
        return None
    if not isinstance(parsed, pint.Quantity):
        parsed = registry().Quantity(Fraction(parsed), "dimensionless")
    return parsed


@lru_cache(maxsize=4096)
def _factor(unit_text: str, target: str) -> Fraction | None:
    """The factor from ``unit_text`` to ``target``; None when they are not compatible."""
    quantity = _parsed(unit_text)
    if quantity is None or not quantity.is_compatible_with(target):
        return None
    return Fraction(quantity.to(target).magnitude)


def convert(value: Fraction, unit_text: str, target: str, *, name: str) -> Fraction:
    """``value`` in ``unit_text`` expressed in ``target``; UnitMismatchError names ``name``."""
    parse_unit(unit_text, name=name, expected=target)
    factor = _factor(unit_text, target)
    if factor is None:
        raise UnitMismatchError(name=name, expected=target, got=f"{exact_text(value)} {unit_text}")
    return Fraction(value) * factor


def is_compatible(unit_text: str, target: str, *, name: str) -> bool:
    """Whether ``unit_text`` has the dimensionality of ``target``."""
    parse_unit(unit_text, name=name, expected=target)
    return _factor(unit_text, target) is not None
