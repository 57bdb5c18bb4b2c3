"""/api/v1/projects/rounds: the annual evaluation rounds (open, submit, remind, close, snapshot)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from deltacap.accounts.auth import AUTH
from deltacap.accounts.permissions import principal_of, require
from deltacap.domain.access import Action
from deltacap.domain.projects import check_progress_reader
from deltacap.inputs import Code, Day, Note, Text, Year
from deltacap.projects import round_calendar, rounds
from deltacap.projects.models import EvaluationRound
from deltacap.projects.round_schemas import calendar_out, evaluation_out

router = Router(tags=["projects"], auth=AUTH)


class RoundIn(Schema):
    model_config = ConfigDict(extra="forbid")

    period: Code = "14fyp"
    year: Year
    deadline: Day | None = None
    # Needed to open the round outside its task-list window (recorded in the audit trail).
    override_reason: Annotated[str, Note(2000)] = ""


class SubmissionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    member: Code
    # {"project", "outcome", "reason"} for each project due (a member has hundreds at most).
    items: Annotated[
        list[dict[Annotated[str, Text(40)], Annotated[str, Note(2000)]]], Field(max_length=10_000)
    ]


class ReminderIn(Schema):
    model_config = ConfigDict(extra="forbid")

    message: Annotated[str, Note(2000)] = ""


def _round_out(r: EvaluationRound) -> dict[str, Any]:
    return {
        "period": r.period_id,
        "year": r.year,
        "deadline": r.deadline.isoformat(),
        "state": r.state,
        "members": [
            {
                "member": s.member.code,
                "due": s.due,
                "submitted_at": s.submission.submitted_at.isoformat() if s.submission else None,
                "after_deadline": s.submission.after_deadline if s.submission else None,
                "reminders": s.reminders,
            }
            for s in rounds.round_overview(r)
        ],
        "window_opens": r.window_opens.isoformat() if r.window_opens else None,
        "window_closes": r.window_closes.isoformat() if r.window_closes else None,
        "override_reason": r.override_reason,
    }


@router.get("", response=list[dict[str, Any]])
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    check_progress_reader(principal_of(request.user))
    return [_round_out(r) for r in EvaluationRound.objects.all()]


@router.post("", response={201: dict[str, Any]})
def post_round(request: HttpRequest, body: RoundIn) -> Status[dict[str, Any]]:
    """The office opens a round for a year (deadline: 31 March of the next year by default)."""
    r = rounds.open_round(
        by=request.user,
        channel="api",
        period=body.period,
        year=body.year,
        deadline=body.deadline,
        override_reason=body.override_reason,
    )
    return Status(201, _round_out(r))


@router.get("/calendar", response=dict[str, Any])
def get_calendar(request: HttpRequest, year: Year) -> dict[str, Any]:
    """The evaluation calendar of ``year``: the task-list window, the due dates, the round
    (if opened) and each member's lateness (on_time, late, overdue, pending)."""
    check_progress_reader(principal_of(request.user))
    return calendar_out(round_calendar.year_calendar(year, timezone.localdate()))


@router.get("/{period}/{year}/evaluation", response=list[dict[str, Any]])
def get_evaluation(request: HttpRequest, period: Code, year: Year) -> list[dict[str, Any]]:
    """The yearly scheduling evaluation (年度调度评估) of a closed round, per member."""
    check_progress_reader(principal_of(request.user))
    return evaluation_out(round_calendar.scheduling(rounds.get_round(period, year)))


@router.get("/{period}/{year}", response=dict[str, Any])
def get_round(request: HttpRequest, period: Code, year: Year) -> dict[str, Any]:
    """Who has submitted, projects due per member, reminders sent."""
    check_progress_reader(principal_of(request.user))
    return _round_out(rounds.get_round(period, year))


@router.get("/{period}/{year}/tasks", response=list[dict[str, Any]])
def get_tasks(request: HttpRequest, period: Code, year: Year, member: Code) -> list[dict[str, Any]]:
    """A member's task list: projects due in the year, the file's suggestion, the answer."""
    require(request.user, Action.READ, EvaluationRound.task_list_of(member))
    return [
        {
            "project": line.project.code,
            "name": line.project.name,
            "status": line.project.status,
            "commissioning_date": line.project.commissioning_date.isoformat(),
            "suggested": line.suggested.value,
            "outcome": line.outcome,
            "reason": line.reason,
        }
        for line in rounds.task_list(rounds.get_round(period, year), member)
    ]


@router.post("/{period}/{year}/submission", response=dict[str, Any])
def post_submission(
    request: HttpRequest, period: Code, year: Year, body: SubmissionIn
) -> dict[str, Any]:
    """A member editor submits its task list: ``{"project", "outcome", "reason"}`` per project
    due; outcome done, late or dropped (late and dropped need a reason)."""
    submission = rounds.submit(
        by=request.user,
        channel="api",
        period=period,
        year=year,
        member=body.member,
        items=body.items,
    )
    return {"member": submission.member_id, "items": submission.items.count()}


@router.post("/{period}/{year}/remind", response=dict[str, Any])
def post_remind(request: HttpRequest, period: Code, year: Year, body: ReminderIn) -> dict[str, Any]:
    reminded = rounds.remind(
        by=request.user, channel="api", period=period, year=year, message=body.message
    )
    return {"reminded": reminded}


@router.post("/{period}/{year}/close", response=dict[str, Any])
def post_close(request: HttpRequest, period: Code, year: Year) -> dict[str, Any]:
    """The office closes the round; its snapshot is frozen."""
    return _round_out(rounds.close_round(by=request.user, channel="api", period=period, year=year))


@router.get("/{period}/{year}/snapshot", response=dict[str, Any])
def get_snapshot(request: HttpRequest, period: Code, year: Year) -> dict[str, Any]:
    check_progress_reader(principal_of(request.user))
    return rounds.frozen_snapshot(period, year)
