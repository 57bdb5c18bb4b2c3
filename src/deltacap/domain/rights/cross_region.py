"""Where rights may go: the cross-region rules of the market (issue 4 item 5).

Each rule is one function of the seller's and buyer's areas, the pollutant and the
:class:`RegionRules` (data the office maintains, passed in); it returns ``None`` or the
refusal naming it:

- ``region``: both parties in a member of the region: the platform is the region's
  market, and for air pollutants this is the whole restriction ("air pollutants (NOx,
  VOCs) within the region", issue 4 item 5).
- ``cross_member_pilot``: a trade across members only between pilot counties (the YRD
  plan: each member picks 1-2 counties, "逐步推进试点地区跨区域排污权交易",
  docs/domain/accounting.md §6.6, [V]).
- ``same_basin``: water-pollutant rights only within one basin (docs/domain/standards.md
  §10.2 and docs/domain/accounting.md §6.4, [V-2nd]). An area's basins are those of its
  county, else its city, else its member, as configured; two areas share a basin when their
  sets meet.
- ``target_not_met``: a buyer in a county the office flags as not meeting its target
  may not buy from outside that county (national pilot practice: "no trades that raise
  totals where quality targets are missed", docs/domain/standards.md §10.2, [V-2nd]; a
  trade inside the county does not raise its total).

The optional cross-member ratio (issue 4 item 5; no verified value, so no default) is
applied by :func:`delivered_kg`: the buyer receives ``floor(quantity × ratio)`` whole
kilograms, the seller gives the full quantity and the difference is retired. Rounding
down means a ratio never creates a right.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from deltacap.domain.rights.accounts import Area
from deltacap.domain.rights.errors import (
    AmountNotValid,
    DifferentBasins,
    NotPilotCounty,
    OutsideRegion,
    RatioLeavesNothing,
    RouteRefused,
    TargetNotMet,
)
from deltacap.domain.rights.pollutants import PollutantCatalogue
from deltacap.domain.rights.quantities import floor_kg


@dataclass(frozen=True)
class RegionRules:
    """The data the cross-region rules read (maintained by the office, passed in)."""

    pollutants: PollutantCatalogue
    members: frozenset[str]
    pilot_counties: frozenset[str]
    basins: Mapping[str, frozenset[str]] = field(default_factory=dict)
    counties_not_meeting_target: frozenset[str] = frozenset()
    cross_member_ratio: Fraction | None = None

    def __post_init__(self) -> None:
        ratio = self.cross_member_ratio
        if ratio is not None and not (0 < ratio <= 1):
            raise AmountNotValid(
                field="cross_member_ratio", expected="a fraction above 0 and at most 1", got=ratio
            )

    def basins_of(self, area: Area) -> frozenset[str]:
        for code in area.chain():
            if code in self.basins:
                return self.basins[code]
        return frozenset()


Rule = Callable[[Area, Area, str, RegionRules], RouteRefused | None]


def region_rule(
    seller: Area, buyer: Area, pollutant: str, rules: RegionRules
) -> RouteRefused | None:
    for side, area in (("seller", seller), ("buyer", buyer)):
        if area.member not in rules.members:
            return OutsideRegion(rule="region", side=side, member=area.member)
    return None


def cross_member_pilot_rule(
    seller: Area, buyer: Area, pollutant: str, rules: RegionRules
) -> RouteRefused | None:
    if seller.member == buyer.member:
        return None
    for side, area in (("seller", seller), ("buyer", buyer)):
        if area.county not in rules.pilot_counties:
            return NotPilotCounty(rule="cross_member_pilot", side=side, county=area.county)
    return None


def same_basin_rule(
    seller: Area, buyer: Area, pollutant: str, rules: RegionRules
) -> RouteRefused | None:
    if not rules.pollutants.is_water(pollutant):
        return None
    seller_basins, buyer_basins = rules.basins_of(seller), rules.basins_of(buyer)
    if seller_basins & buyer_basins:
        return None
    return DifferentBasins(
        rule="same_basin",
        pollutant=pollutant,
        seller_basins=", ".join(sorted(seller_basins)) or "-",
        buyer_basins=", ".join(sorted(buyer_basins)) or "-",
    )


def target_rule(
    seller: Area, buyer: Area, pollutant: str, rules: RegionRules
) -> RouteRefused | None:
    county = buyer.county
    if county in rules.counties_not_meeting_target and seller.county != county:
        return TargetNotMet(rule="target_not_met", county=county)
    return None


ROUTE_RULES: tuple[Rule, ...] = (region_rule, cross_member_pilot_rule, same_basin_rule, target_rule)


def route_refusals(
    seller: Area, buyer: Area, pollutant: str, rules: RegionRules
) -> list[RouteRefused]:
    """Every rule that refuses a trade of ``pollutant`` from ``seller`` to ``buyer``.

    Raises UnknownPollutant for a pollutant the catalogue lacks.
    """
    rules.pollutants.spec(pollutant)
    found = (rule(seller, buyer, pollutant, rules) for rule in ROUTE_RULES)
    return [refusal for refusal in found if refusal is not None]


def require_route(seller: Area, buyer: Area, pollutant: str, rules: RegionRules) -> None:
    """Raise the first refusal of ``route_refusals`` (a RouteRefused), if any."""
    refusals = route_refusals(seller, buyer, pollutant, rules)
    if refusals:
        raise refusals[0]


def delivered_kg(quantity_kg: int, seller: Area, buyer: Area, rules: RegionRules) -> int:
    """What the buyer receives of ``quantity_kg``: all of it, or across members at the
    configured ratio, rounded down. Raises RatioLeavesNothing when that is 0 kg."""
    ratio = rules.cross_member_ratio
    if ratio is None or seller.member == buyer.member:
        return quantity_kg
    delivered = floor_kg(quantity_kg * ratio)
    if delivered == 0:
        raise RatioLeavesNothing(rule="cross_member_ratio", ratio=ratio, quantity_kg=quantity_kg)
    return delivered
