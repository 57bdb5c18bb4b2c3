"""Progress against targets: completion, time progress (序时进度) and the status they give.

For each member × pollutant × year: the verified cumulative reduction (tonnes credited by
verified projects up to that year), the target, the completion rate (verified / target), the
time progress (the share of the planning period gone by) and a status. The region's figures
are the sums of the members' (the region's own target is compared with the sum of the
members' targets, and a difference is reported, not hidden).

The thresholds that turn the two rates into a status are the platform's, stated once here
(the plan names 序时进度 but no thresholds):

- on track (``on_track``): completion ≥ time progress;
- behind (``behind``): completion trails time progress by at most ``BEHIND_MARGIN``
  (10 percentage points);
- far behind (``far_behind``): completion trails by more;
- no target (``no_target``): no target, or a target of zero, to measure against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

REGION = "region"
BEHIND_MARGIN = Decimal("0.10")
RATE_PLACES = Decimal("0.0001")
TONNE_PLACES = Decimal("0.001")
# Member targets must add up to the region's within this many tonnes (the plan rounds to 10 t).
SUM_TOLERANCE_TONNES = Decimal(1)


class ProgressStatus(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"
    NO_TARGET = "no_target"


def time_progress_at(first_year: int, last_year: int, as_of: date) -> Decimal:
    """The share of the period's days gone by at the end of ``as_of`` (0 to 1, 4 places)."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    total = (end - start).days + 1
    elapsed = min(max((as_of - start).days + 1, 0), total)
    return (Decimal(elapsed) / Decimal(total)).quantize(RATE_PLACES, ROUND_HALF_EVEN)


def time_progress_of_year(first_year: int, last_year: int, year: int) -> Decimal:
    """The time progress at the end of ``year`` (whole years: 2021 of 2021-2025 is 0.2)."""
    years = last_year - first_year + 1
    done = min(max(year - first_year + 1, 0), years)
    return (Decimal(done) / Decimal(years)).quantize(RATE_PLACES, ROUND_HALF_EVEN)


def completion_rate(verified_tonnes: Decimal, target_tonnes: Decimal | None) -> Decimal | None:
    """verified / target, 4 places; None without a positive target."""
    if target_tonnes is None or target_tonnes <= 0:
        return None
    return (verified_tonnes / target_tonnes).quantize(RATE_PLACES, ROUND_HALF_EVEN)


def classify(completion: Decimal | None, time_progress: Decimal) -> ProgressStatus:
    """The status of a completion rate against the time progress (thresholds above)."""
    if completion is None:
        return ProgressStatus.NO_TARGET
    if completion >= time_progress:
        return ProgressStatus.ON_TRACK
    if time_progress - completion <= BEHIND_MARGIN:
        return ProgressStatus.BEHIND
    return ProgressStatus.FAR_BEHIND


@dataclass(frozen=True)
class Figure:
    """One scope (``region`` or a member's code) × pollutant at the end of ``year``."""

    scope: str
    pollutant: str
    year: int
    target_tonnes: Decimal | None
    verified_tonnes: Decimal
    completion_rate: Decimal | None
    time_progress: Decimal
    status: ProgressStatus

    def to_json(self) -> dict[str, object]:
        return {
            "scope": self.scope,
            "pollutant": self.pollutant,
            "year": self.year,
            "target_tonnes": _number(self.target_tonnes),
            "verified_tonnes": _number(self.verified_tonnes),
            "completion_rate": _number(self.completion_rate),
            "time_progress": _number(self.time_progress),
            "status": self.status.value,
        }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def figure(
    scope: str,
    pollutant: str,
    year: int,
    target: Decimal | None,
    verified: Decimal,
    time_progress: Decimal,
) -> Figure:
    rate = completion_rate(verified, target)
    verified = verified.quantize(TONNE_PLACES)
    return Figure(
        scope, pollutant, year, target, verified, rate, time_progress, classify(rate, time_progress)
    )


@dataclass(frozen=True)
class Period:
    first_year: int
    last_year: int
    pollutants: tuple[str, ...]


def cumulative(
    credits: Mapping[tuple[str, str, int], Decimal], member: str, pollutant: str, year: int
) -> Decimal:
    """Tonnes credited to ``member`` × ``pollutant`` in every year up to ``year``."""
    return sum(
        (
            tonnes
            for (scope, code, credit_year), tonnes in credits.items()
            if scope == member and code == pollutant and credit_year <= year
        ),
        Decimal(0),
    )


def figures(
    period: Period,
    members: Iterable[str],
    targets: Mapping[tuple[str, str], Decimal],
    credits: Mapping[tuple[str, str, int], Decimal],
    year: int,
    time_progress: Decimal,
) -> list[Figure]:
    """Members' figures, then the region's (sums of the members'), at the end of ``year``.

    ``targets`` maps (scope, pollutant) to tonnes, the region's under ``REGION``;
    ``credits`` maps (member, pollutant, credit year) to verified tonnes.
    """
    members = list(members)
    rows = []
    for pollutant in period.pollutants:
        verified = {m: cumulative(credits, m, pollutant, year) for m in members}
        region_target = targets.get((REGION, pollutant))
        if region_target is None:
            parts = [targets[(m, pollutant)] for m in members if (m, pollutant) in targets]
            complete = len(parts) == len(members)
            region_target = sum(parts, Decimal(0)) if complete else None
        region = figure(
            REGION,
            pollutant,
            year,
            region_target,
            sum(verified.values(), Decimal(0)),
            time_progress,
        )
        rows.append(region)
        for member in members:
            rows.append(
                figure(
                    member,
                    pollutant,
                    year,
                    targets.get((member, pollutant)),
                    verified[member],
                    time_progress,
                )
            )
    return rows


@dataclass(frozen=True)
class SumCheck:
    """Whether the members' figures add up to the region's, for one pollutant."""

    pollutant: str
    quantity: str  # "target_tonnes" or "verified_tonnes"
    region_tonnes: Decimal | None
    members_tonnes: Decimal
    ok: bool


def sum_checks(rows: Iterable[Figure]) -> list[SumCheck]:
    """Check that the region's verified tonnes are the members' sum (always, by construction)
    and that the region's target matches the members' targets within the tolerance."""
    by_pollutant: dict[str, list[Figure]] = {}
    for row in rows:
        by_pollutant.setdefault(row.pollutant, []).append(row)
    checks = []
    for pollutant, group in by_pollutant.items():
        region = next(r for r in group if r.scope == REGION)
        members = [r for r in group if r.scope != REGION]
        verified = sum((r.verified_tonnes for r in members), Decimal(0))
        checks.append(
            SumCheck(
                pollutant,
                "verified_tonnes",
                region.verified_tonnes,
                verified,
                verified == region.verified_tonnes,
            )
        )
        targets = [r.target_tonnes for r in members if r.target_tonnes is not None]
        total = sum(targets, Decimal(0))
        ok = (
            region.target_tonnes is not None
            and len(targets) == len(members)
            and abs(total - region.target_tonnes) <= SUM_TOLERANCE_TONNES
        )
        checks.append(SumCheck(pollutant, "target_tonnes", region.target_tonnes, total, ok))
    return checks
