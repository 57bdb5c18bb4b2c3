"""Pollutants traded as emission rights, and whether each is a water or an air pollutant.

Pollutants are codes (``"COD"``, ``"NH3-N"``, ``"NOx"``, ``"VOCs"``, more as configured):
the set differs by member and plan period (docs/domain/accounting.md §6.7, [V-2nd]; §0 item 2: the
15th FYP names TP instead of NH3-N). Whether a pollutant is a water pollutant (its
rights trade only within one basin) or an air pollutant is configuration passed to the
rules as a :class:`PollutantCatalogue`; nothing in the rules names the set.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from deltacap.domain.accounting.provenance import Tag
from deltacap.domain.rights.errors import UnknownPollutant


class Medium(StrEnum):
    """Where a pollutant is emitted: water rights are basin-bound, air rights are not."""

    WATER = "water"
    AIR = "air"


@dataclass(frozen=True)
class PollutantSpec:
    """One tradable pollutant: its code, medium and where that classification comes from."""

    code: str
    medium: Medium
    name_zh: str
    source: str
    tag: Tag


@dataclass(frozen=True)
class PollutantCatalogue:
    """The pollutants the registry knows, by code."""

    specs: Mapping[str, PollutantSpec] = field(default_factory=dict)

    @classmethod
    def of(cls, specs: Iterable[PollutantSpec]) -> "PollutantCatalogue":
        return cls(MappingProxyType({spec.code: spec for spec in specs}))

    def spec(self, code: str) -> PollutantSpec:
        """The spec of ``code``. Raises UnknownPollutant."""
        try:
            return self.specs[code]
        except KeyError:
            known = ", ".join(sorted(self.specs))
            raise UnknownPollutant(field="pollutant", pollutant=code, known=known) from None

    def medium(self, code: str) -> Medium:
        return self.spec(code).medium

    def is_water(self, code: str) -> bool:
        return self.medium(code) is Medium.WATER

    def with_specs(self, *extra: PollutantSpec) -> "PollutantCatalogue":
        """A catalogue with ``extra`` added (or replacing specs of the same code)."""
        return PollutantCatalogue.of([*self.specs.values(), *extra])


_TRADING_RULE = (
    "docs/domain/standards.md §10.2 (国办发〔2014〕38号 and pilot rules, via hberec.com: "
    "water rights only within one basin); docs/domain/accounting.md §6.4 (Anhui 2024: water "
    "within the basin, air province-wide)"
)

# The 14th FYP set named in issue 4; more are added with PollutantCatalogue.with_specs.
DEFAULT_POLLUTANTS = PollutantCatalogue.of(
    [
        PollutantSpec("COD", Medium.WATER, "化学需氧量", _TRADING_RULE, Tag.SECONDARY),
        PollutantSpec("NH3-N", Medium.WATER, "氨氮", _TRADING_RULE, Tag.SECONDARY),
        PollutantSpec("NOx", Medium.AIR, "氮氧化物", _TRADING_RULE, Tag.SECONDARY),
        PollutantSpec("VOCs", Medium.AIR, "挥发性有机物", _TRADING_RULE, Tag.SECONDARY),
    ]
)
