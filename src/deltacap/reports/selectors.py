"""Reads of the annual reports: a year's reports with each member's state and lateness,
a member's report with its versions, the region's report. The members' reports are the
working group's (the office and the members' staff); the region's report is the public's
once published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from deltacap.accounts.permissions import Actor, can, require
from deltacap.domain.access import Action, Kind, region_resource
from deltacap.domain.reports.narrative import ReportState, days_late, due_date
from deltacap.reference.models import Division, Level
from deltacap.reports.models import MemberReport, RegionReport


def check_reader(actor: Actor) -> None:
    """Raise AccessDenied unless ``actor`` reads the members' reports (the group's staff)."""
    require(actor, Action.READ, region_resource(Kind.MEMBER_REPORT))


def reads_members(actor: Actor) -> bool:
    return can(actor, Action.READ, region_resource(Kind.MEMBER_REPORT))


def own_member(actor: Actor) -> str:
    """The member a member's staff belong to ("" for the office and others)."""
    from deltacap.accounts.permissions import principal_of
    from deltacap.domain.access import Role

    principal = principal_of(actor)
    if principal.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER):
        return principal.division_code or ""
    return ""


def members() -> list[Division]:
    return list(Division.objects.filter(level=Level.MEMBER).order_by("code"))


@dataclass
class Status:
    """A member's report of a year as the year's list shows it."""

    member: Division
    current: MemberReport | None  # the newest version
    sent: MemberReport | None  # the newest version submitted
    days_late: int

    @property
    def state(self) -> str:
        """draft (nothing submitted yet, or a new draft on top), submitted, accepted,
        returned (of the newest submitted version), or "none" (not started)."""
        if self.sent is not None and (self.current is None or self.current.pk == self.sent.pk):
            return self.sent.state
        return ReportState.DRAFT.value if self.current is not None else "none"

    @property
    def submitted_on(self) -> date | None:
        from django.utils import timezone

        if self.sent is None or self.sent.submitted_at is None:
            return None
        return timezone.localtime(self.sent.submitted_at).date()

    @property
    def late(self) -> bool:
        return self.days_late > 0


def status(member: Division, year: int, today: date) -> Status:
    versions = list(MemberReport.objects.filter(member=member, year=year).order_by("-version"))
    current = versions[0] if versions else None
    sent = next((v for v in versions if v.state != ReportState.DRAFT.value), None)
    result = Status(member, current, sent, 0)
    result.days_late = days_late(year, result.submitted_on, today)
    return result


def statuses(year: int, today: date) -> list[Status]:
    return [status(m, year, today) for m in members()]


def versions(member: str, year: int) -> list[MemberReport]:
    """The member's versions of the year, the newest first (without their file bytes)."""
    return list(
        MemberReport.objects.filter(member_id=member, year=year)
        .defer("docx", "pdf")
        .select_related("submitted_by", "reviewed_by")
        .order_by("-version")
    )


def region_versions(year: int, published_only: bool = False) -> list[RegionReport]:
    found = RegionReport.objects.filter(year=year).defer("docx", "pdf")
    if published_only:
        found = found.filter(published=True)
    return list(found.select_related("compiled_by", "published_by").order_by("-version"))


def years() -> list[int]:
    """The years with reports in the platform, and the last closed year, newest first."""
    from django.utils import timezone

    found = set(MemberReport.objects.values_list("year", flat=True))
    found |= set(RegionReport.objects.values_list("year", flat=True))
    found.add(timezone.localdate().year - 1)
    return sorted(found, reverse=True)


def possible_years() -> range:
    """The years a report can be of: from the first planning period's first year to this
    year."""
    from django.utils import timezone

    from deltacap.reference.models import PlanningPeriod

    first = PlanningPeriod.objects.order_by("start_year").values_list("start_year", flat=True)
    return range(first.first() or 2021, timezone.localdate().year + 1)


def published_years() -> list[int]:
    return sorted(
        set(RegionReport.objects.filter(published=True).values_list("year", flat=True)),
        reverse=True,
    )


__all__ = ["due_date"]
