"""The inputs a bureau enters to confirm rights: the calculator's methods with their
inputs (each named with its unit), the origin of the rights and the texts, checked and
turned into the domain's inputs (``domain.rights.allocation``)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.rights import allocation as calc
from deltacap.domain.rights.accounts import Origin

# The calculator's inputs per method, each named with its unit (HJ 942-2018 patterns).
METHOD_FIELDS: dict[str, tuple[str, ...]] = {
    calc.Method.PERFORMANCE.value: ("capacity_mw", "utilisation_hours", "performance_g_kwh"),
    calc.Method.AIR_CONCENTRATION.value: ("limit_mg_m3", "flow_m3_h", "hours"),
    calc.Method.WATER_CONCENTRATION.value: ("limit_mg_l", "volume_m3_a"),
}
CONFIRMED_ORIGINS = (Origin.INITIAL_PAID, Origin.INITIAL_FREE)


def number(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or number <= 0:
        raise InvalidInput(
            gettext_noop("Enter a number above zero for {name}; got {got!r}."),
            field=field,
            name=field,
            got=str(value),
        )
    return number


def method_inputs(
    methods: Mapping[str, Mapping[str, Any]],
) -> tuple[calc.PerformanceInputs | None, calc.ConcentrationInputs | None]:
    """The domain's inputs from ``{method: {field: value}}``. Raises InvalidInput,
    AmountNotValid naming the field."""
    unknown = sorted(set(methods) - set(METHOD_FIELDS))
    if unknown or not methods:
        raise InvalidInput(
            gettext_noop("Choose one or more of the methods {known}."),
            field="methods",
            known=", ".join(METHOD_FIELDS),
        )
    both = {calc.Method.AIR_CONCENTRATION.value, calc.Method.WATER_CONCENTRATION.value}
    if both <= set(methods):
        raise InvalidInput(
            gettext_noop("Choose the air or the water concentration method, not both."),
            field="methods",
        )
    for method, given in methods.items():
        extra = sorted(set(given) - set(METHOD_FIELDS[method]))
        if extra:
            raise InvalidInput(
                gettext_noop("{name} is not an input of the {method} method; it takes {known}."),
                field=extra[0],
                name=extra[0],
                method=method,
                known=", ".join(METHOD_FIELDS[method]),
            )
    values = {
        method: [number(methods[method].get(f, ""), f) for f in METHOD_FIELDS[method]]
        for method in METHOD_FIELDS
        if method in methods
    }
    performance: calc.PerformanceInputs | None = None
    concentration: calc.ConcentrationInputs | None = None
    if calc.Method.PERFORMANCE.value in values:
        performance = calc.PerformanceInputs(*values[calc.Method.PERFORMANCE.value])
    if calc.Method.AIR_CONCENTRATION.value in values:
        concentration = calc.AirConcentrationInputs(*values[calc.Method.AIR_CONCENTRATION.value])
    if calc.Method.WATER_CONCENTRATION.value in values:
        concentration = calc.WaterConcentrationInputs(
            *values[calc.Method.WATER_CONCENTRATION.value]
        )
    return performance, concentration


def confirmed_origin(value: str) -> Origin:
    try:
        origin = Origin(value)
    except ValueError:
        origin = None
    if origin not in CONFIRMED_ORIGINS:
        raise InvalidInput(
            gettext_noop("Confirmed rights are {paid} or {free}."),
            field="origin",
            paid=Origin.INITIAL_PAID.value,
            free=Origin.INITIAL_FREE.value,
        )
    assert origin is not None
    return origin


def bounded_text(value: str, field: str, required: bool, limit: int) -> str:
    text = (value or "").strip()
    if (required and not text) or len(text) > limit:
        raise InvalidInput(
            gettext_noop("Enter {name} (at most {limit} characters)."),
            field=field,
            name=field,
            limit=limit,
        )
    return text
