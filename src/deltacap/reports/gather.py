"""The data of a member's or the region's annual report, read in Chinese.

The progress figures are those of the year's evaluation round: its frozen snapshot when the
office has closed it, else ``projects.progress`` at the end of the year (the same figures as
``deltacap progress --year``). Projects' names and places come from the live records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation

from deltacap.accounts.permissions import PLATFORM
from deltacap.domain.progress import REGION
from deltacap.domain.reports.data import (
    MemberData,
    Pollutant,
    ProgressRow,
    ProjectRow,
    RegionData,
    Submission,
)
from deltacap.projects import rounds
from deltacap.projects.models import EvaluationRound, Project, Status
from deltacap.projects.progress import member_codes, progress
from deltacap.reference.models import Division, Level, PlanningPeriod
from deltacap.reports import capabilities

ZERO = Decimal(0)


class Round:
    """The figures of one year: the closed round's snapshot, or the live year-end figures."""

    def __init__(self, period: PlanningPeriod, year: int) -> None:
        self.period, self.year = period, year
        found = EvaluationRound.objects.filter(period=period, year=year).first()
        self.frozen = bool(found and found.state == "closed" and found.snapshot)
        live = progress(period, year=year, with_series=True)
        self.series = live.series
        if self.frozen:
            self.snapshot: dict[str, Any] = rounds.frozen_snapshot(period.code, year)
        else:
            self.snapshot = {
                "progress": [f.to_json() for f in live.figures],
                "submissions": {} if found is None else _submissions(found),
                "projects": _live_projects(period),
            }

    def progress_rows(self, scope: str) -> list[ProgressRow]:
        return [_row(r) for r in self.snapshot["progress"] if r["scope"] == scope]


def _row(r: dict[str, Any]) -> ProgressRow:
    return ProgressRow(
        scope=r["scope"],
        pollutant=r["pollutant"],
        target_tonnes=_dec(r["target_tonnes"]),
        verified_tonnes=_dec(r["verified_tonnes"]) or ZERO,
        completion_rate=_dec(r["completion_rate"]),
        time_progress=_dec(r["time_progress"]) or ZERO,
        status=r["status"],
    )


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _submissions(round_: EvaluationRound) -> dict[str, Any]:
    """The submissions of a round still open, as its snapshot will hold them."""
    return {
        s.member_id: {
            "submitted_at": s.submitted_at.isoformat(),
            "after_deadline": s.after_deadline,
            "items": [{"outcome": i.outcome} for i in s.items.all()],
        }
        for s in round_.submissions.prefetch_related("items")
    }


def _live_projects(period: PlanningPeriod) -> list[dict[str, Any]]:
    out = []
    for p in Project.objects.filter(period=period).prefetch_related("reductions").order_by("code"):
        out.append(
            {
                "code": p.code,
                "member": p.member_id,
                "city": p.city_id,
                "category": p.category,
                "status": p.status,
                "commissioning_date": p.commissioning_date.isoformat(),
                "reductions": {
                    r.pollutant_id: {
                        "accounted": None if r.accounted_tonnes is None else str(r.accounted_tonnes)
                    }
                    for r in p.reductions.all()
                },
            }
        )
    return out


def member_data(
    period: PlanningPeriod,
    year: int,
    member: str,
    round_: Round | None = None,
    shared: capabilities.Shared | None = None,
) -> MemberData:
    """Everything the member's report shows, names in Chinese."""
    round_ = round_ or Round(period, year)
    shared = shared or capabilities.Shared(year, PLATFORM)
    with translation.override("zh-hans"):
        division = Division.objects.get(code=member, level=Level.MEMBER)
        pollutants = [Pollutant(p.code, p.name) for p in period.controlled_pollutants()]
        projects = [p for p in round_.snapshot["projects"] if p["member"] == member]
        data = MemberData(
            code=member,
            name=division.name,
            year=year,
            period_name=period.name,
            frozen=round_.frozen,
            pollutants=pollutants,
            progress=round_.progress_rows(member),
            yearly=_yearly(round_, member),
            status_counts=_status_counts(projects),
            completed=_completed(projects, year, {p.code for p in pollutants}),
            submission=_submission(round_.snapshot["submissions"].get(member)),
        )
        data.cities = _cities(member, data.completed)
        capabilities.fill(data, shared)
    return data


def region_data(period: PlanningPeriod, year: int) -> RegionData:
    round_ = Round(period, year)
    shared = capabilities.Shared(year, PLATFORM)
    members = [member_data(period, year, code, round_, shared) for code in member_codes()]
    with translation.override("zh-hans"):
        pollutants = [Pollutant(p.code, p.name) for p in period.controlled_pollutants()]
        return RegionData(
            year=year,
            period_name=period.name,
            frozen=round_.frozen,
            pollutants=pollutants,
            progress=round_.progress_rows(REGION),
            members=members,
            tracking=shared.once("tracking", lambda: capabilities.tracking(year))[1],
        )


def _yearly(round_: Round, member: str) -> dict[str, list[tuple[int, Decimal]]]:
    """Year-end verified tonnes of each year up to the report's; the report's own year from
    the round (frozen) so that the chart ends on the table's figure."""
    own = {r.pollutant: r.verified_tonnes for r in round_.progress_rows(member)}
    out: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    for f in round_.series:
        if f.scope == member and f.year < round_.year:
            out[f.pollutant].append((f.year, f.verified_tonnes))
    for code, tonnes in own.items():
        out[code].append((round_.year, tonnes))
    return dict(out)


def _status_counts(projects: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(p["status"] for p in projects)
    return {str(label): counts.get(value, 0) for value, label in Status.choices}


def _completed(projects: list[dict[str, Any]], year: int, controlled: set[str]) -> list[ProjectRow]:
    """Verified projects credited by the end of ``year``, with the controlled pollutants'
    accounted tonnes."""
    done = [
        p
        for p in projects
        if p["status"] == Status.VERIFIED
        and date.fromisoformat(p["commissioning_date"]).year <= year
    ]
    named = dict(
        Project.objects.filter(code__in=[p["code"] for p in done]).values_list("code", "name")
    )
    cities = dict(
        Division.objects.filter(code__in={p["city"] for p in done}).values_list("code", "name_zh")
    )
    return [
        ProjectRow(
            code=p["code"],
            name=named.get(p["code"], p["code"]),
            city=cities.get(p["city"], p["city"]),
            category=p["category"],
            commissioning_date=date.fromisoformat(p["commissioning_date"]),
            tonnes={
                code: Decimal(r["accounted"])
                for code, r in p["reductions"].items()
                if code in controlled and r.get("accounted") is not None
            },
        )
        for p in done
    ]


def _cities(member: str, completed: list[ProjectRow]) -> list[tuple[str, str, Decimal]]:
    """Each city of the member with its projects' verified tonnes (all pollutants)."""
    by_name: dict[str, Decimal] = defaultdict(Decimal)
    for p in completed:
        by_name[p.city] += sum(p.tonnes.values(), ZERO)
    cities = [
        c
        for c in Division.objects.filter(prefecture=True).order_by("code")
        if c.member_code == member or c.code == member
    ]
    return [(c.code, c.name_zh, by_name.get(c.name_zh, ZERO)) for c in cities]


def _submission(found: dict[str, Any] | None) -> Submission | None:
    if not found:
        return None
    return Submission(
        submitted_on=date.fromisoformat(found["submitted_at"][:10]),
        after_deadline=bool(found["after_deadline"]),
        outcomes=dict(Counter(i["outcome"] for i in found["items"])),
    )
