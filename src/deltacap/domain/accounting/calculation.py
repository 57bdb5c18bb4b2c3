"""The working state of one calculation: parsed inputs, coefficients read, credits, notes."""

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from deltacap.domain.accounting.coefficients import CoefficientSet
from deltacap.domain.accounting.errors import (
    InconsistentInputsError,
    MissingCoefficientError,
    MissingInputError,
    NotCreditableError,
)
from deltacap.domain.accounting.inputs import ParsedInputs, parse_inputs
from deltacap.domain.accounting.pollutants import Pollutant
from deltacap.domain.accounting.result import (
    CoefficientUse,
    Note,
    PollutantReduction,
    ReductionResult,
)
from deltacap.domain.accounting.schema import CategorySpec

# 1 mg/L × 1 m³ = 1 g; 1 mg/m³ × 1 m³ = 1 mg (docs/domain/accounting.md §3.0).
GRAM_IN_TONNES = Fraction(1, 10**6)
MILLIGRAM_IN_TONNES = Fraction(1, 10**9)
KG_IN_TONNES = Fraction(1, 1000)


class Calculation:
    """Collects what a calculator reads and credits, then builds the result."""

    def __init__(
        self, spec: CategorySpec, raw: Mapping[str, Any], coefficients: CoefficientSet
    ) -> None:
        self.spec = spec
        self.inputs: ParsedInputs = parse_inputs(spec, raw)
        self.coefficients = coefficients
        self._used: dict[str, CoefficientUse] = {}
        self._notes: list[Note] = []
        self._credits: dict[Pollutant, Fraction] = {}

    @property
    def method(self) -> str:
        return self.inputs.method

    def coefficient(self, key: str, unit: str) -> Fraction:
        """Coefficient ``key`` in ``unit``, recorded; raises MissingCoefficientError."""
        value = self.coefficients.value_in(key, unit)
        stored = self.coefficients.get(key)
        self._used[key] = CoefficientUse(key, stored.value, stored.unit, stored.tag)
        return value

    def optional_coefficient(self, key: str, unit: str) -> Fraction | None:
        if self.coefficients.find(key) is None:
            return None
        return self.coefficient(key, unit)

    def covered_pollutants(self, key_template: str) -> list[Pollutant]:
        """Pollutants of the category for which ``key_template.format(p=...)`` is in the set.

        Raises MissingCoefficientError for the first pollutant when none is.
        """
        keys = {p: key_template.format(p=p.value) for p in self.spec.pollutants}
        covered = [p for p, key in keys.items() if self.coefficients.find(key) is not None]
        if not covered:
            first = keys[self.spec.pollutants[0]]
            raise MissingCoefficientError(
                key=first, set_id=self.coefficients.id, version=self.coefficients.version
            )
        return covered

    def given_pollutants(self, prefixes: Iterable[str]) -> list[Pollutant]:
        """Pollutants whose inputs ``<prefix>_<pollutant>`` are all given.

        Raises MissingInputError when only some of a pollutant's inputs are given,
        or when no pollutant is complete.
        """
        prefixes = tuple(prefixes)
        complete = []
        for pollutant in self.spec.pollutants:
            names = [f"{prefix}_{pollutant.value}" for prefix in prefixes]
            present = [name for name in names if self.inputs.has(name)]
            if present and len(present) < len(names):
                missing = next(name for name in names if name not in present)
                raise MissingInputError(name=missing, reason=f"{present[0]!r} is given")
            if present:
                complete.append(pollutant)
        if not complete:
            first = f"{prefixes[0]}_{self.spec.pollutants[0].value}"
            raise MissingInputError(name=first, reason="give the inputs of at least one pollutant")
        return complete

    def not_above(self, name: str, limit_name: str, reason: str) -> None:
        """Raise InconsistentInputsError naming ``name`` if it exceeds ``limit_name``."""
        if self.inputs.number(name) > self.inputs.number(limit_name):
            raise InconsistentInputsError(
                name=name,
                value=self.inputs.text(name),
                other=limit_name,
                other_value=self.inputs.text(limit_name),
                reason=reason,
            )

    def note(self, code: str, template: str, **params: str) -> None:
        self._notes.append(Note(code, template, params))

    def credit(self, pollutant: Pollutant, tonnes: Fraction, reason: str) -> None:
        """Credit ``tonnes``; a negative figure is refused (NotCreditableError), not clipped."""
        if tonnes < 0:
            raise NotCreditableError(pollutant=pollutant.label_en, reason=reason)
        self._credits[pollutant] = tonnes

    def result(self) -> ReductionResult:
        reductions = tuple(
            PollutantReduction.from_exact(pollutant, self._credits[pollutant])
            for pollutant in self.spec.pollutants
            if pollutant in self._credits
        )
        return ReductionResult(
            category=self.spec.code,
            method=self.method,
            formula_tag=self.spec.formula_tag,
            reductions=reductions,
            inputs=tuple(self.inputs.values[name] for name in sorted(self.inputs.values)),
            stored=self.inputs.stored,
            coefficient_set_id=self.coefficients.id,
            coefficient_set_version=self.coefficients.version,
            coefficients_used=tuple(self._used[key] for key in sorted(self._used)),
            notes=tuple(self._notes),
        )
