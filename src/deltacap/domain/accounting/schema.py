"""Input schemas of the calculators, from which forms, templates and the API are built."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.accounting.provenance import Tag

if TYPE_CHECKING:
    from deltacap.domain.accounting.coefficients import CoefficientSet
    from deltacap.domain.accounting.result import ReductionResult

DIMENSIONLESS = "dimensionless"


class InputKind(StrEnum):
    """How an input is given and normalised.

    QUANTITY: a value with a unit, converted to one of the spec's units.
    AMOUNT: a quantity for the whole credited period, either in one of the
    spec's units or as a rate (that unit per time), multiplied by ``period``.
    FRACTION: a number 0–1, or a percentage ("80 %").
    COUNT: a whole number of animals, residents or vehicles.
    CHOICE: one of the spec's choices.
    """

    QUANTITY = "quantity"
    AMOUNT = "amount"
    FRACTION = "fraction"
    COUNT = "count"
    CHOICE = "choice"


@dataclass(frozen=True)
class InputSpec:
    """One named input of a category: kind, units, meaning in English and Chinese."""

    name: str
    kind: InputKind
    description_en: str
    description_zh: str
    units: tuple[str, ...] = ()
    required: bool = False
    methods: tuple[str, ...] = ()
    default: Any = None
    choices: tuple[str, ...] = ()
    positive: bool = False

    def used_by(self, method: str) -> bool:
        """Whether this input belongs to ``method`` (inputs without methods belong to all)."""
        return not self.methods or method in self.methods

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind.value,
            "description": {"en": self.description_en, "zh": self.description_zh},
            "units": list(self.units),
            "required": self.required,
            "methods": list(self.methods),
            "default": self.default,
            "choices": list(self.choices),
            "positive": self.positive,
        }
        if self.kind is InputKind.AMOUNT:
            data["rate_units"] = [f"{unit}/d" for unit in self.units] + [
                f"{unit}/a" for unit in self.units
            ]
        return data


Calculator = Callable[[Mapping[str, Any], "CoefficientSet"], "ReductionResult"]


@dataclass(frozen=True)
class CategorySpec:
    """An accounting category: its calculator, input schema and creditable pollutants."""

    code: str
    name_en: str
    name_zh: str
    calculate: Calculator
    inputs: tuple[InputSpec, ...]
    pollutants: tuple[Pollutant, ...]
    formula_tag: Tag
    source: str
    methods: tuple[str, ...] = ()

    def input(self, name: str) -> InputSpec | None:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": {"en": self.name_en, "zh": self.name_zh},
            "pollutants": [pollutant.value for pollutant in self.pollutants],
            "methods": list(self.methods),
            "formula_tag": self.formula_tag.value,
            "source": self.source,
            "inputs": [spec.to_json() for spec in self.inputs],
        }


def method_input(methods: tuple[str, ...], en: str, zh: str) -> InputSpec:
    """The ``method`` choice; its default is the first method."""
    return InputSpec("method", InputKind.CHOICE, en, zh, default=methods[0], choices=methods)


def period_input(*, required: bool = False, default: Any = None) -> InputSpec:
    return InputSpec(
        "period",
        InputKind.QUANTITY,
        "Length of the credited period; turns rates (per day, per year) into amounts",
        "核算期长度；用于将速率（每日、每年）换算为核算期总量",
        units=("d",),
        required=required,
        default=default,
        positive=True,
    )


def per_pollutant(
    prefix: str,
    pollutants: tuple[Pollutant, ...],
    *,
    kind: InputKind,
    units: tuple[str, ...],
    en: str,
    zh: str,
    methods: tuple[str, ...] = (),
    default: Any = None,
) -> tuple[InputSpec, ...]:
    """One optional input per pollutant, named ``<prefix>_<pollutant>``.

    ``en`` and ``zh`` are templates with ``{label}`` for the pollutant's name.
    """
    return tuple(
        InputSpec(
            f"{prefix}_{pollutant.value}",
            kind,
            en.format(label=pollutant.label_en),
            zh.format(label=pollutant.label_zh),
            units=units,
            methods=methods,
            default=default,
        )
        for pollutant in pollutants
    )
