"""The result of a reduction calculation: exact figures and everything to recompute them."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor
from types import MappingProxyType
from typing import Any

from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.units import exact_text


@dataclass(frozen=True)
class PollutantReduction:
    """Reduction of one pollutant: tonnes to the gram and whole kilograms.

    Both are rounded down from the exact figure: a credit never includes a gram
    that was not computed.
    """

    pollutant: Pollutant
    tonnes: Decimal
    kg: int
    exact_tonnes: Fraction

    @classmethod
    def from_exact(cls, pollutant: Pollutant, tonnes: Fraction) -> "PollutantReduction":
        grams = floor(tonnes * 1_000_000)
        tonnes_to_gram = Decimal(exact_text(Fraction(grams, 1_000_000)))
        return cls(pollutant, tonnes_to_gram, floor(tonnes * 1000), tonnes)

    def to_json(self) -> dict[str, Any]:
        return {
            "pollutant": self.pollutant.value,
            "tonnes": str(self.tonnes),
            "kg": self.kg,
            "exact_tonnes": exact_text(self.exact_tonnes),
        }


@dataclass(frozen=True)
class NormalisedInput:
    """An input after unit conversion: its value in ``unit`` (exact), as used by the formula."""

    name: str
    value: Fraction | int | str
    unit: str

    def to_json(self) -> dict[str, Any]:
        value = exact_text(self.value) if isinstance(self.value, Fraction) else self.value
        return {"value": value, "unit": self.unit}


@dataclass(frozen=True)
class CoefficientUse:
    """A coefficient a calculation read, with the value it had in the set used."""

    key: str
    value: Fraction
    unit: str
    tag: Tag

    def to_json(self) -> dict[str, str]:
        return {"value": exact_text(self.value), "unit": self.unit, "tag": self.tag.value}


@dataclass(frozen=True)
class Note:
    """Something the reviewer should see (a cap applied, a limit exceeded); translatable."""

    code: str
    template: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.template.format(**self.params)


@dataclass(frozen=True)
class ReductionResult:
    """What a calculator returns.

    ``inputs`` are the normalised inputs (defaults applied); ``stored`` is the
    JSON form to keep and pass back to ``recompute``.
    """

    category: str
    method: str
    formula_tag: Tag
    reductions: tuple[PollutantReduction, ...]
    inputs: tuple[NormalisedInput, ...]
    stored: Mapping[str, Any]
    coefficient_set_id: str
    coefficient_set_version: str
    coefficients_used: tuple[CoefficientUse, ...] = ()
    notes: tuple[Note, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "stored", MappingProxyType(dict(self.stored)))

    @property
    def unverified(self) -> bool:
        """True when the formula or any coefficient used is tagged [M]."""
        tags = [self.formula_tag, *(use.tag for use in self.coefficients_used)]
        return Tag.MEMORY in tags

    def find(self, pollutant: Pollutant) -> PollutantReduction | None:
        for item in self.reductions:
            if item.pollutant is pollutant:
                return item
        return None

    def reduction(self, pollutant: Pollutant) -> PollutantReduction:
        """The reduction of ``pollutant``; KeyError if this result credits none."""
        item = self.find(pollutant)
        if item is None:
            raise KeyError(pollutant.value)
        return item

    def stored_inputs(self) -> dict[str, Any]:
        """The inputs as given, defaults included, JSON-able, for ``recompute``."""
        return dict(self.stored)

    def normalised_inputs(self) -> dict[str, Any]:
        return {item.name: item.to_json() for item in self.inputs}

    def same_figures(self, other: "ReductionResult") -> bool:
        """Equal reductions, normalised inputs and coefficients (ignores the stored form)."""
        return (
            self.category == other.category
            and self.reductions == other.reductions
            and self.inputs == other.inputs
            and self.coefficients_used == other.coefficients_used
            and (self.coefficient_set_id, self.coefficient_set_version)
            == (other.coefficient_set_id, other.coefficient_set_version)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "method": self.method,
            "formula_tag": self.formula_tag.value,
            "unverified": self.unverified,
            "reductions": [item.to_json() for item in self.reductions],
            "inputs": self.normalised_inputs(),
            "stored_inputs": self.stored_inputs(),
            "coefficient_set": {
                "id": self.coefficient_set_id,
                "version": self.coefficient_set_version,
            },
            "coefficients_used": {use.key: use.to_json() for use in self.coefficients_used},
            "notes": [
                {"code": note.code, "text": note.text, "params": dict(note.params)}
                for note in self.notes
            ],
        }
