"""The cross-region rules' data (basins, members, pilot and flagged counties, the trade
ratio) read in one statement: every settlement run reads it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from deltacap import db as sql
from deltacap.domain.rights.cross_region import RegionRules
from deltacap.domain.rights.pollutants import DEFAULT_POLLUTANTS
from deltacap.reference.models import Division, Level
from deltacap.rights.models import BasinMembership, CountyTargetFlag, MarketSetting


@sql.cached
def _rules_query(_count: int) -> str:
    q, division = sql.column, sql.table(Division)
    return " UNION ALL ".join(
        [
            f"SELECT 'basin', {q('division_code')}, {q('basin')} FROM {sql.table(BasinMembership)}",
            f"SELECT 'member', {q('code')}, '' FROM {division} WHERE {q('level')} = %s",
            f"SELECT 'pilot', {q('code')}, '' FROM {division} WHERE {q('pilot_county')} = %s",
            f"SELECT 'flag', {q('county_code')}, '' FROM {sql.table(CountyTargetFlag)}",
            f"SELECT 'ratio', CAST({q('ratio_numerator')} AS TEXT), "
            f"CAST({q('ratio_denominator')} AS TEXT) FROM {sql.table(MarketSetting)} "
            f"WHERE {q('id')} = 1",
        ]
    )


_PARAMS = [Level.MEMBER.value, True]


def _rules_from(rows: list[tuple[Any, ...]]) -> RegionRules:
    basins: dict[str, set[str]] = defaultdict(set)
    found: dict[str, set[str]] = defaultdict(set)
    ratio = None
    for kind, code, value in rows:
        if kind == "basin":
            basins[code].add(value)
        elif kind == "ratio":
            if code and value and int(code) and int(value):
                ratio = Fraction(int(code), int(value))
        else:
            found[kind].add(code)
    return RegionRules(
        pollutants=DEFAULT_POLLUTANTS,
        members=frozenset(found["member"]),
        pilot_counties=frozenset(found["pilot"]),
        basins={code: frozenset(names) for code, names in basins.items()},
        counties_not_meeting_target=frozenset(found["flag"]),
        cross_member_ratio=ratio,
    )


def region_rules() -> RegionRules:
    """The cross-region rules' data as it stands now."""
    return _rules_from(sql.select(_rules_query(1), _PARAMS))


def region_rules_later() -> Callable[[], RegionRules]:
    """:func:`region_rules`, sent now and read when called (see ``db.later``)."""
    rows = sql.later(_rules_query(1), _PARAMS)
    return lambda: _rules_from(rows())
