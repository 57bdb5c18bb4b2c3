"""Reads of targets: the list, and the members-by-pollutants table with its consistency check."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from deltacap.reference.models import REGION_CODE, Division, Level, PlanningPeriod, Pollutant
from deltacap.targets.models import Target

TONNES_PER_WAN = Decimal(10000)
# Member targets must add up to the region's within this many tonnes (rounding of 万吨 figures).
SUM_TOLERANCE_TONNES = Decimal(1)


def targets_of(
    period: PlanningPeriod, *, scope: str | None = None, levels: tuple[str, ...] | None = None
) -> list[Target]:
    """A period's targets, of one scope or of divisions at the given levels (default all)."""
    qs = Target.objects.filter(period=period)
    if scope:
        qs = qs.filter(division_id=scope)
    if levels:
        qs = qs.filter(division__level__in=levels)
    return list(
        qs.select_related("division", "pollutant").order_by("division_id", "pollutant__position")
    )


@dataclass
class TargetRow:
    """One scope's targets, one per controlled pollutant; a target not yet set is unsaved."""

    division: Division
    cells: list[Target]


@dataclass
class SumMismatch:
    pollutant: Pollutant
    region_tonnes: Decimal
    members_tonnes: Decimal


@dataclass
class TargetTable:
    period: PlanningPeriod
    pollutants: list[Pollutant]
    rows: list[TargetRow]
    mismatches: list[SumMismatch] = field(default_factory=list)


def _mismatches(
    pollutants: list[Pollutant], by_key: dict[tuple[str, str], Target], members: list[Division]
) -> list[SumMismatch]:
    result = []
    for pollutant in pollutants:
        region = by_key.get((REGION_CODE, pollutant.code))
        parts = [by_key.get((m.code, pollutant.code)) for m in members]
        if (
            region is None
            or region.tonnes is None
            or any(p is None or p.tonnes is None for p in parts)
        ):
            continue
        total = sum((p.tonnes for p in parts if p and p.tonnes is not None), Decimal(0))
        if abs(total - region.tonnes) > SUM_TOLERANCE_TONNES:
            result.append(SumMismatch(pollutant, region.tonnes, total))
    return result


def _cell(
    by_key: dict[tuple[str, str], Target],
    period: PlanningPeriod,
    division: Division,
    pollutant: Pollutant,
) -> Target:
    found = by_key.get((division.code, pollutant.code))
    return found or Target(period=period, division=division, pollutant=pollutant)


def target_table(period: PlanningPeriod) -> TargetTable:
    """Region and members (rows) by the period's controlled pollutants (columns)."""
    pollutants = period.controlled_pollutants()
    region = Division.objects.get(code=REGION_CODE)
    members = list(Division.objects.filter(level=Level.MEMBER).order_by("code"))
    by_key = {(t.division_id, t.pollutant_id): t for t in targets_of(period)}
    rows = [
        TargetRow(d, [_cell(by_key, period, d, p) for p in pollutants]) for d in [region, *members]
    ]
    return TargetTable(period, pollutants, rows, _mismatches(pollutants, by_key, members))
