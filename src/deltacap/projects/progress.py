"""Progress against targets (reads): verified reductions per member, pollutant and year.

One grouped query over ``ProjectReduction`` (its copies of the project's period, member,
status and credit year exist for this), the targets, and the pure arithmetic of
``domain.progress``. The figures are the same for the dashboard, the API and the CLI.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from deltacap.domain import progress as rules
from deltacap.domain.progress import REGION, Figure, SumCheck
from deltacap.projects.models import ProjectReduction, Status
from deltacap.reference.models import Division, Level, PlanningPeriod
from deltacap.targets.models import Target

ZERO = Decimal(0)
# Statuses whose (planned or accounted) tonnes the dashboard shows as still to come.
IN_PROGRESS = (Status.PLANNED, Status.UNDER_CONSTRUCTION)


@dataclass
class ProgressReport:
    period: PlanningPeriod
    year: int
    as_of: date | None
    time_progress: Decimal
    figures: list[Figure]
    checks: list[SumCheck]
    # (scope, pollutant) → {"commissioned": t, "in_progress": t}: tonnes not yet verified.
    pipeline: dict[tuple[str, str], dict[str, Decimal]] = field(default_factory=dict)
    # Year-end figures of every year of the period, for the charts.
    series: list[Figure] = field(default_factory=list)
    # (city code, pollutant) → verified tonnes, for the map.
    cities: dict[tuple[str, str], Decimal] = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        return all(check.ok for check in self.checks)


def member_codes() -> list[str]:
    return list(
        Division.objects.filter(level=Level.MEMBER).order_by("code").values_list("code", flat=True)
    )


def targets_of(period: PlanningPeriod, scopes: list[str]) -> dict[tuple[str, str], Decimal]:
    rows = Target.objects.filter(period=period, division_id__in=scopes, tonnes__isnull=False)
    return {(t.division_id, t.pollutant_id): t.tonnes for t in rows if t.tonnes is not None}


def _grouped(period: PlanningPeriod, pollutants: list[str]) -> list[dict[str, object]]:
    return list(
        ProjectReduction.objects.filter(period=period, pollutant_id__in=pollutants)
        .values("member_id", "pollutant_id", "status", "credit_year")
        .annotate(
            verified=Sum("accounted_tonnes"),
            expected=Sum(Coalesce("accounted_tonnes", "planned_tonnes")),
        )
        .order_by()
    )


def _when(period: PlanningPeriod, year: int | None, as_of: date | None) -> tuple[int, Decimal]:
    if year is not None:
        return year, rules.time_progress_of_year(period.start_year, period.end_year, year)
    day = as_of or timezone.localdate()
    clamped = min(max(day.year, period.start_year), period.end_year)
    return clamped, rules.time_progress_at(period.start_year, period.end_year, day)


def progress(
    period: PlanningPeriod,
    *,
    year: int | None = None,
    as_of: date | None = None,
    with_series: bool = False,
    with_cities: bool = False,
) -> ProgressReport:
    """Figures at the end of ``year``, or on ``as_of`` (default today) when no year is given.

    Only verified projects count; each credits its accounted tonnes in its credit year
    (the year it was commissioned: the annual-capacity rule of the plan period).
    """
    pollutants = [p.code for p in period.controlled_pollutants()]
    members = member_codes()
    targets = targets_of(period, [REGION, *members])
    credits: dict[tuple[str, str, int], Decimal] = defaultdict(lambda: ZERO)
    pipeline: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: {"commissioned": ZERO, "in_progress": ZERO}
    )
    for row in _grouped(period, pollutants):
        member, pollutant = str(row["member_id"]), str(row["pollutant_id"])
        status = row["status"]
        if status == Status.VERIFIED:
            key = (member, pollutant, int(row["credit_year"]))  # type: ignore[call-overload]
            credits[key] += row["verified"] or ZERO  # type: ignore[operator]
            continue
        bucket = "commissioned" if status == Status.COMMISSIONED else "in_progress"
        if status == Status.REJECTED:
            continue
        for scope in (member, REGION):
            pipeline[(scope, pollutant)][bucket] += row["expected"] or ZERO  # type: ignore[operator]
    shape = rules.Period(period.start_year, period.end_year, tuple(pollutants))
    at_year, time_progress = _when(period, year, as_of)
    figures = rules.figures(shape, members, targets, credits, at_year, time_progress)
    report = ProgressReport(
        period,
        at_year,
        None if year is not None else (as_of or timezone.localdate()),
        time_progress,
        figures,
        rules.sum_checks(figures),
        dict(pipeline),
    )
    if with_series:
        for each in range(period.start_year, period.end_year + 1):
            share = rules.time_progress_of_year(period.start_year, period.end_year, each)
            report.series.extend(rules.figures(shape, members, targets, credits, each, share))
    if with_cities:
        report.cities = verified_by_city(period, pollutants, at_year)
    return report


def verified_by_city(
    period: PlanningPeriod, pollutants: list[str], year: int
) -> dict[tuple[str, str], Decimal]:
    rows = (
        ProjectReduction.objects.filter(
            period=period,
            pollutant_id__in=pollutants,
            status=Status.VERIFIED,
            credit_year__lte=year,
        )
        .values("city_id", "pollutant_id")
        .annotate(tonnes=Sum("accounted_tonnes"))
        .order_by()
    )
    return {(str(r["city_id"]), str(r["pollutant_id"])): r["tonnes"] or ZERO for r in rows}


def _rate(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def dashboard_data(
    period: PlanningPeriod, *, year: int | None = None, as_of: date | None = None
) -> dict[str, object]:
    """What the progress page and its charts draw, JSON-ready (names in the active language)."""
    report = progress(period, year=year, as_of=as_of, with_series=True, with_cities=True)
    pollutants = period.controlled_pollutants()
    divisions = {d.code: d for d in Division.objects.filter(level__in=[Level.REGION, Level.MEMBER])}
    figures = []
    for f in report.figures:
        row = f.to_json()
        row["name"] = divisions[f.scope].name if f.scope in divisions else f.scope
        pipe = report.pipeline.get((f.scope, f.pollutant), {})
        row["commissioned_tonnes"] = float(pipe.get("commissioned", ZERO))
        row["in_progress_tonnes"] = float(pipe.get("in_progress", ZERO))
        figures.append(row)
    completion = {(f.scope, f.pollutant): f.completion_rate for f in report.figures}
    city_targets = targets_of(period, [c.code for c in Division.objects.filter(level=Level.CITY)])
    cities = []
    for city in Division.objects.filter(prefecture=True).order_by("code"):
        member = city.member_code or ""
        row_c: dict[str, object] = {"code": city.code, "name": city.name, "member": member}
        for p in pollutants:
            verified = report.cities.get((city.code, p.code), ZERO)
            own = city_targets.get((city.code, p.code))
            rate = rules.completion_rate(verified, own) if own else completion.get((member, p.code))
            row_c[p.code] = {"verified_tonnes": float(verified), "completion_rate": _rate(rate)}
        cities.append(row_c)
    years = list(range(period.start_year, period.end_year + 1))
    return {
        "period": period.code,
        "year": report.year,
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "time_progress": float(report.time_progress),
        "pollutants": [{"code": p.code, "name": p.name} for p in pollutants],
        "members": [{"code": c, "name": divisions[c].name} for c in member_codes()],
        "figures": figures,
        "checks": [
            {
                "pollutant": c.pollutant,
                "quantity": c.quantity,
                "region_tonnes": _rate(c.region_tonnes),
                "members_tonnes": float(c.members_tonnes),
                "ok": c.ok,
            }
            for c in report.checks
        ],
        "years": years,
        "series": [f.to_json() for f in report.series],
        "cities": cities,
    }
