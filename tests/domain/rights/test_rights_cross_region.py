"""Cross-region rules: region, pilot counties, basins, targets, the trade ratio."""

from dataclasses import replace
from fractions import Fraction

import pytest

from deltacap.domain.rights.accounts import Area
from deltacap.domain.rights.cross_region import (
    cross_member_pilot_rule,
    delivered_kg,
    region_rule,
    require_route,
    route_refusals,
    same_basin_rule,
    target_rule,
)
from deltacap.domain.rights.errors import (
    AmountNotValid,
    DifferentBasins,
    InvalidInput,
    NotPilotCounty,
    OutsideRegion,
    RatioLeavesNothing,
    RouteRefused,
    TargetNotMet,
    UnknownPollutant,
)
from tests.domain.rights.rights_world import (
    GUANGDE,
    JIASHAN,
    KUNSHAN,
    NANHU,
    QINGPU,
    RULES,
    WUJIANG,
)

HUBEI = Area("420000", "420100", "420102")


def test_trades_within_the_region_between_pilot_counties_pass() -> None:
    assert route_refusals(WUJIANG, JIASHAN, "VOCs", RULES) == []
    assert route_refusals(WUJIANG, JIASHAN, "COD", RULES) == []  # both in the Taihu basin
    assert route_refusals(QINGPU, GUANGDE, "NOx", RULES) == []  # air: the whole region


def test_region_rule_refuses_parties_outside_the_members() -> None:
    refusal = region_rule(WUJIANG, HUBEI, "VOCs", RULES)
    assert isinstance(refusal, OutsideRegion)
    assert refusal.rule == "region" and "buyer is in 420000" in str(refusal)


def test_cross_member_trades_only_between_pilot_counties() -> None:
    assert cross_member_pilot_rule(WUJIANG, KUNSHAN, "VOCs", RULES) is None  # same member
    refusal = cross_member_pilot_rule(KUNSHAN, JIASHAN, "VOCs", RULES)
    assert isinstance(refusal, NotPilotCounty) and "seller's county 320583" in str(refusal)
    refusal = cross_member_pilot_rule(WUJIANG, NANHU, "VOCs", RULES)
    assert isinstance(refusal, NotPilotCounty) and "buyer's county 330402" in str(refusal)
    reserve = Area("320000")
    assert isinstance(cross_member_pilot_rule(reserve, JIASHAN, "VOCs", RULES), NotPilotCounty)


def test_water_rights_stay_within_one_basin() -> None:
    refusal = same_basin_rule(WUJIANG, GUANGDE, "COD", RULES)
    assert isinstance(refusal, DifferentBasins)
    assert "COD is a water pollutant" in str(refusal)
    assert "drains to taihu, the buyer's to shuiyang" in str(refusal)
    assert same_basin_rule(WUJIANG, GUANGDE, "NOx", RULES) is None  # air
    assert same_basin_rule(KUNSHAN, WUJIANG, "NH3-N", RULES) is None  # basins of the city


def test_basins_come_from_county_then_city_then_member() -> None:
    assert RULES.basins_of(WUJIANG) == {"taihu"}  # from city 320500
    assert RULES.basins_of(Area("320000", "320100", "320102")) == {"taihu", "huai"}  # member
    assert RULES.basins_of(HUBEI) == frozenset()
    refusal = same_basin_rule(WUJIANG, HUBEI, "COD", RULES)
    assert refusal is not None and "buyer's to -" in str(refusal)


def test_a_flagged_county_may_not_buy_from_outside() -> None:
    rules = replace(RULES, counties_not_meeting_target=frozenset({"320509"}))
    refusal = target_rule(JIASHAN, WUJIANG, "VOCs", rules)
    assert isinstance(refusal, TargetNotMet) and "320509" in str(refusal)
    assert target_rule(WUJIANG, WUJIANG, "VOCs", rules) is None  # inside the county
    assert target_rule(WUJIANG, JIASHAN, "VOCs", rules) is None  # it may sell


def test_require_route_raises_the_first_refusal_as_invalid_input() -> None:
    with pytest.raises(RouteRefused) as caught:
        require_route(KUNSHAN, GUANGDE, "COD", RULES)
    assert caught.value.rule == "cross_member_pilot"
    assert isinstance(caught.value, InvalidInput) and caught.value.field == "buyer"
    assert [r.rule for r in route_refusals(KUNSHAN, GUANGDE, "COD", RULES)] == [
        "cross_member_pilot",
        "same_basin",
    ]
    with pytest.raises(UnknownPollutant):
        route_refusals(WUJIANG, JIASHAN, "SO2", RULES)


def test_the_ratio_applies_across_members_and_never_creates_rights() -> None:
    rules = replace(RULES, cross_member_ratio=Fraction(9, 10))
    assert delivered_kg(1_000, WUJIANG, JIASHAN, rules) == 900
    assert delivered_kg(999, WUJIANG, JIASHAN, rules) == 899  # 899.1 rounds down
    assert delivered_kg(999, WUJIANG, KUNSHAN, rules) == 999  # same member
    assert delivered_kg(999, WUJIANG, JIASHAN, RULES) == 999  # no ratio configured
    with pytest.raises(RatioLeavesNothing, match="cross_member_ratio"):
        delivered_kg(1, WUJIANG, JIASHAN, rules)


@pytest.mark.parametrize("ratio", [Fraction(0), Fraction(11, 10), Fraction(-1, 2)])
def test_the_ratio_must_be_above_zero_and_at_most_one(ratio: Fraction) -> None:
    with pytest.raises(AmountNotValid):
        replace(RULES, cross_member_ratio=ratio)
