"""Reads of the evaluation calendar (``domain.round_calendar``): the configured calendar, a
year's dates and round with each member's lateness, the members' open rounds for the
working group's reminders, and the yearly scheduling evaluation (年度调度评估) of a
closed round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from deltacap.domain.errors import Conflict, gettext_noop
from deltacap.domain.evaluation import RoundState
from deltacap.domain.projects import COMMISSIONED_OR_LATER
from deltacap.domain.round_calendar import (
    Lateness,
    MemberEvaluation,
    MemberLateness,
    RoundCalendar,
    calendar_of,
    lateness,
    scheduling_evaluation,
)
from deltacap.projects.models import EvaluationRound, Project, Submission
from deltacap.reference.models import Division, Level


def configured() -> RoundCalendar:
    """The calendar the settings give (DELTACAP_TASK_LIST_OPENS ...). Raises InvalidInput
    naming a setting that is not a month and day."""
    return calendar_of(
        settings.DELTACAP_TASK_LIST_OPENS,
        settings.DELTACAP_TASK_LIST_CLOSES,
        settings.DELTACAP_SUBMISSIONS_DUE,
        settings.DELTACAP_REGION_REPORT_DUE,
    )


def members() -> list[Division]:
    return list(Division.objects.filter(level=Level.MEMBER).order_by("code"))


def _as_of(round_: EvaluationRound, today: date) -> date:
    """Lateness of a closed round is read on the day it closed (nothing can change after)."""
    if round_.state == RoundState.CLOSED.value and round_.closed_at is not None:
        return timezone.localdate(round_.closed_at)
    return today


@dataclass(frozen=True)
class MemberRow:
    member: Division
    due_projects: int
    submission: Submission | None
    lateness: MemberLateness


def member_rows(round_: EvaluationRound, today: date) -> list[MemberRow]:
    """Each member's state against the round's due date: on time, late (submitted after
    it), overdue (not yet, the date passed) or pending, with the days late."""
    submissions = {s.member_id: s for s in round_.submissions.all()}
    day = _as_of(round_, today)
    due_counts: dict[str, int] = {}
    for member_id in Project.objects.filter(period=round_.period, due_year=round_.year).values_list(
        "member_id", flat=True
    ):
        due_counts[member_id] = due_counts.get(member_id, 0) + 1
    rows = []
    for member in members():
        submission = submissions.get(member.code)
        submitted_on = timezone.localdate(submission.submitted_at) if submission else None
        rows.append(
            MemberRow(
                member,
                due_counts.get(member.code, 0),
                submission,
                lateness(round_.deadline, submitted_on, day),
            )
        )
    return rows


@dataclass(frozen=True)
class YearCalendar:
    year: int
    calendar: RoundCalendar
    round: EvaluationRound | None
    rows: list[MemberRow]

    @property
    def opens(self) -> date:
        if self.round is not None and self.round.window_opens is not None:
            return self.round.window_opens
        return self.calendar.opens(self.year)

    @property
    def closes(self) -> date:
        if self.round is not None and self.round.window_closes is not None:
            return self.round.window_closes
        return self.calendar.closes(self.year)

    @property
    def due(self) -> date:
        return self.round.deadline if self.round is not None else self.calendar.due(self.year)

    @property
    def region_report(self) -> date:
        return self.calendar.region_report(self.year)

    def late_members(self) -> list[MemberRow]:
        return [r for r in self.rows if r.lateness.state in (Lateness.LATE, Lateness.OVERDUE)]


def year_calendar(year: int, today: date) -> YearCalendar:
    """The calendar of evaluated ``year``: its window, due dates, its round (if opened)
    and each member's lateness in it."""
    round_ = EvaluationRound.objects.filter(year=year).order_by("-period_id").first()
    rows = member_rows(round_, today) if round_ is not None else []
    return YearCalendar(year, configured(), round_, rows)


@dataclass(frozen=True)
class OpenDue:
    """A member's task list of an open round, not yet submitted."""

    round: EvaluationRound
    lateness: MemberLateness


def open_dues(member: str, today: date) -> list[OpenDue]:
    """The open rounds ``member`` has not submitted to (for the reminders)."""
    found = []
    for round_ in EvaluationRound.objects.filter(state=RoundState.OPEN.value).order_by("year"):
        if round_.submissions.filter(member_id=member).exists():
            continue
        found.append(OpenDue(round_, lateness(round_.deadline, None, today)))
    return found


def open_rounds() -> list[EvaluationRound]:
    return list(EvaluationRound.objects.filter(state=RoundState.OPEN.value).order_by("year"))


@dataclass(frozen=True)
class EvaluationRow:
    member: Division
    figures: MemberEvaluation


def scheduling(round_: EvaluationRound) -> list[EvaluationRow]:
    """The yearly scheduling evaluation (年度调度评估) of a closed round, from its frozen
    snapshot: per member its projects due, completed, late and dropped, reductions accounted
    by the completed ones, and verified reductions against targets. Raises Conflict when
    the round is still open."""
    if round_.state != RoundState.CLOSED.value or round_.snapshot is None:
        raise Conflict(
            gettext_noop("The evaluation round for {year} is still open; nothing is frozen yet."),
            field="round",
            year=round_.year,
        )
    by_code = {m.code: m for m in members()}
    figures = scheduling_evaluation(
        round_.snapshot, list(by_code), [s.value for s in COMMISSIONED_OR_LATER]
    )
    return [EvaluationRow(by_code[f.member], f) for f in figures]
