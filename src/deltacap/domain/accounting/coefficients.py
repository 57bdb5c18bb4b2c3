"""Versioned coefficient sets: the local data a calculation depends on.

The national 14th FYP accounting tables were not found (docs/domain/accounting.md §0), so
emission factors, generation coefficients, removal rates, caps and limits are
data, never constants in a formula. A member replaces the default set by its
official table under a new id and version; every result records the id and
version it used, so a later table never silently changes a past credit.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from deltacap.domain.accounting.errors import (
    CoefficientError,
    InputError,
    MissingCoefficientError,
)
from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.accounting.units import convert, exact, exact_text


@dataclass(frozen=True)
class Coefficient:
    """One value of a coefficient table, with its unit, source and verification tag."""

    key: str
    value: Fraction
    unit: str
    tag: Tag
    source: str
    note: str = ""

    def to_json(self) -> dict[str, str]:
        data = {"value": exact_text(self.value), "unit": self.unit, "tag": self.tag.value}
        data["source"] = self.source
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_json(cls, key: str, data: Mapping[str, Any]) -> "Coefficient":
        """Read one stored coefficient; raises CoefficientError on a bad value or tag."""
        try:
            value = exact(data["value"], name=key)
            tag = Tag(data.get("tag", Tag.MEMORY.value))
        except (InputError, KeyError, ValueError) as error:
            raise CoefficientError(key=key, set_id="?", version="?", reason=str(error)) from None
        return cls(
            key,
            value,
            str(data.get("unit", "")),
            tag,
            str(data.get("source", "")),
            str(data.get("note", "")),
        )


@dataclass(frozen=True)
class CoefficientSet:
    """A named, versioned table of coefficients; immutable once built."""

    id: str
    version: str
    source: str
    values: Mapping[str, Coefficient] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, coefficient in self.values.items():
            if key != coefficient.key or coefficient.value < 0:
                reason = "key mismatch" if key != coefficient.key else "negative value"
                raise CoefficientError(key=key, set_id=self.id, version=self.version, reason=reason)
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def find(self, key: str) -> Coefficient | None:
        return self.values.get(key)

    def get(self, key: str) -> Coefficient:
        """The coefficient ``key``; raises MissingCoefficientError."""
        coefficient = self.values.get(key)
        if coefficient is None:
            raise MissingCoefficientError(key=key, set_id=self.id, version=self.version)
        return coefficient

    def value_in(self, key: str, unit: str) -> Fraction:
        """The value of ``key`` converted to ``unit``; raises CoefficientError."""
        coefficient = self.get(key)
        try:
            return convert(coefficient.value, coefficient.unit, unit, name=key)
        except InputError as error:
            raise CoefficientError(
                key=key, set_id=self.id, version=self.version, reason=str(error)
            ) from None

    def derive(
        self, *, id: str, version: str, source: str, values: Iterable[Coefficient]
    ) -> "CoefficientSet":
        """A new set: this one's values, replaced or extended by ``values``."""
        merged = dict(self.values)
        merged.update({coefficient.key: coefficient for coefficient in values})
        return CoefficientSet(id=id, version=version, source=source, values=merged)

    def to_json(self) -> dict[str, Any]:
        values = {key: self.values[key].to_json() for key in sorted(self.values)}
        return {"id": self.id, "version": self.version, "source": self.source, "values": values}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CoefficientSet":
        values = {key: Coefficient.from_json(key, item) for key, item in data["values"].items()}
        return cls(
            id=str(data["id"]),
            version=str(data["version"]),
            source=str(data.get("source", "")),
            values=values,
        )
