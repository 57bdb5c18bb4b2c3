"""The annual evaluation round (``domain.evaluation``): open, submit, remind, close and freeze.

Writes and the reads that belong to them; the snapshot a closed round freezes is what the
reports use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action
from deltacap.domain.errors import Conflict, InvalidInput, NotFound, gettext_noop
from deltacap.domain.evaluation import (
    Item,
    Outcome,
    RoundState,
    check_items,
    check_open,
    check_round,
    suggested_outcome,
)
from deltacap.domain.projects import ProjectStatus
from deltacap.domain.round_calendar import check_window
from deltacap.projects.models import EvaluationRound, Project, Reminder, Submission, SubmissionItem
from deltacap.projects.progress import progress
from deltacap.projects.round_calendar import configured
from deltacap.projects.services import get_period
from deltacap.reference.models import Division, Level

SNAPSHOT_VERSION = 1


def get_round(period: str, year: int) -> EvaluationRound:
    found = EvaluationRound.objects.filter(period_id=period, year=year).first()
    if found is None:
        raise NotFound(
            gettext_noop("No evaluation round for {period} {year}."),
            field="round",
            period=period,
            year=year,
        )
    return found


def open_round(
    *,
    by: Actor,
    channel: str,
    period: str,
    year: int,
    deadline: date | None = None,
    override_reason: str = "",
    today: date | None = None,
) -> EvaluationRound:
    """The office opens the round for ``year`` within its task-list window (by default
    Q4 of ``year`` to Q1 of the next), or outside it with a stated ``override_reason``
    (recorded in the audit trail); the deadline is the calendar's due date (31 March of
    the next year by default). Raises InvalidInput, Conflict."""
    require(by, Action.OPEN_ROUND, EvaluationRound())
    period_obj = get_period(period)
    calendar = configured()
    deadline = deadline or calendar.due(year)
    check_round(year, deadline, period_obj.start_year, period_obj.end_year)
    reason = check_window(calendar, year, today or timezone.localdate(), override_reason)
    with transaction.atomic():
        try:
            with transaction.atomic():
                found = EvaluationRound.objects.create(
                    period=period_obj,
                    year=year,
                    deadline=deadline,
                    window_opens=calendar.opens(year),
                    window_closes=calendar.closes(year),
                    override_reason=reason,
                    opened_by=user_of(by),
                )
        except IntegrityError:
            raise Conflict(
                gettext_noop("The evaluation round for {year} exists already."),
                field="year",
                year=year,
            ) from None
        audit.record(
            actor=by,
            channel=channel,
            action="round.open",
            object_type="evaluation_round",
            object_id=f"{period}/{year}",
            after={
                "deadline": deadline.isoformat(),
                "window_opens": calendar.opens(year).isoformat(),
                "window_closes": calendar.closes(year).isoformat(),
                **({"override_reason": reason} if reason else {}),
            },
        )
    return found


def due_projects(round_: EvaluationRound, member: str) -> list[Project]:
    """The member's task list for the round: its projects due in the round's year."""
    return list(
        Project.objects.filter(
            period=round_.period, member_id=member, due_year=round_.year
        ).order_by("code")
    )


@dataclass
class TaskLine:
    project: Project
    suggested: Outcome
    outcome: str | None
    reason: str


def task_list(round_: EvaluationRound, member: str) -> list[TaskLine]:
    """The due projects with the file's suggestion and what the member submitted, if any."""
    submitted: dict[str, SubmissionItem] = {}
    submission = round_.submissions.filter(member_id=member).first()
    if submission is not None:
        submitted = {i.project_code: i for i in submission.items.all()}
    lines = []
    for project in due_projects(round_, member):
        item = submitted.get(project.code)
        suggestion = suggested_outcome(
            ProjectStatus(project.status), project.commissioning_date, round_.year
        )
        lines.append(
            TaskLine(
                project, suggestion, item.outcome if item else None, item.reason if item else ""
            )
        )
    return lines


def submit(
    *, by: Actor, channel: str, period: str, year: int, member: str, items: list[dict[str, str]]
) -> Submission:
    """A member editor submits (or resubmits, while the round is open) its task list: one
    ``{"project", "outcome", "reason"}`` per project due. Raises InvalidInput, Conflict."""
    require(by, Action.SUBMIT_TASK_LIST, EvaluationRound.task_list_of(member))
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=get_round(period, year).pk)
        check_open(RoundState(round_.state), year)
        parsed = [_item(raw) for raw in items]
        check_items(parsed, {p.code for p in due_projects(round_, member)})
        now = timezone.now()
        submission, _ = Submission.objects.update_or_create(
            round=round_,
            member_id=member,
            defaults={
                "submitted_at": now,
                "submitted_by": user_of(by),
                "after_deadline": timezone.localdate(now) > round_.deadline,
            },
        )
        submission.items.all().delete()
        SubmissionItem.objects.bulk_create(
            SubmissionItem(
                submission=submission,
                project_code=i.project_code,
                outcome=i.outcome.value,
                reason=i.reason.strip(),
            )
            for i in parsed
        )
        audit.record(
            actor=by,
            channel=channel,
            action="round.submit",
            object_type="evaluation_round",
            object_id=f"{period}/{year}",
            member_code=member,
            after={i.project_code: i.outcome.value for i in parsed},
        )
    return submission


def _item(raw: dict[str, Any]) -> Item:
    code = str(raw.get("project") or "").strip()
    try:
        outcome = Outcome(str(raw.get("outcome") or ""))
    except ValueError:
        raise InvalidInput(
            gettext_noop("Project {code}: the outcome must be done, late or dropped; got {got}."),
            field="outcome",
            code=code,
            got=raw.get("outcome"),
        ) from None
    return Item(code, outcome, str(raw.get("reason") or ""))


@dataclass
class MemberState:
    member: Division
    due: int
    submission: Submission | None
    reminders: int


def round_overview(round_: EvaluationRound) -> list[MemberState]:
    """Who has submitted, how many projects each member has due, reminders sent."""
    submissions = {s.member_id: s for s in round_.submissions.all()}
    reminders: dict[str, int] = {}
    for r in round_.reminders.all():
        reminders[r.member_id] = reminders.get(r.member_id, 0) + 1
    return [
        MemberState(
            member,
            len(due_projects(round_, member.code)),
            submissions.get(member.code),
            reminders.get(member.code, 0),
        )
        for member in Division.objects.filter(level=Level.MEMBER).order_by("code")
    ]


def remind(*, by: Actor, channel: str, period: str, year: int, message: str = "") -> list[str]:
    """The office reminds every member that has not submitted; returns their codes."""
    require(by, Action.REMIND_ROUND, EvaluationRound())
    with transaction.atomic():
        round_ = get_round(period, year)
        check_open(RoundState(round_.state), year)
        done = set(round_.submissions.values_list("member_id", flat=True))
        members = [
            m.code
            for m in Division.objects.filter(level=Level.MEMBER).order_by("code")
            if m.code not in done
        ]
        for code in members:
            Reminder.objects.create(
                round=round_, member_id=code, message=message, sent_by=user_of(by)
            )
            audit.record(
                actor=by,
                channel=channel,
                action="round.remind",
                object_type="evaluation_round",
                object_id=f"{period}/{year}",
                member_code=code,
                after={"message": message},
            )
    return members


def close_round(*, by: Actor, channel: str, period: str, year: int) -> EvaluationRound:
    """The office closes the round: the snapshot is frozen, later edits cannot change it."""
    require(by, Action.CLOSE_ROUND, EvaluationRound())
    with transaction.atomic():
        round_ = EvaluationRound.objects.select_for_update().get(pk=get_round(period, year).pk)
        check_open(RoundState(round_.state), year)
        round_.snapshot = build_snapshot(round_)
        round_.state = RoundState.CLOSED.value
        round_.closed_at = timezone.now()
        round_.closed_by = user_of(by)
        round_.save()
        audit.record(
            actor=by,
            channel=channel,
            action="round.close",
            object_type="evaluation_round",
            object_id=f"{period}/{year}",
            after={"projects": len(round_.snapshot["projects"])},
        )
    return round_


def build_snapshot(round_: EvaluationRound) -> dict[str, Any]:
    """Progress at the end of the year, the submissions, and every project's figures."""
    report = progress(round_.period, year=round_.year)
    projects = []
    qs = Project.objects.filter(period=round_.period).prefetch_related("reductions")
    for p in qs.order_by("code").iterator(chunk_size=2000):
        projects.append(
            {
                "code": p.code,
                "member": p.member_id,
                "city": p.city_id,
                "category": p.category,
                "status": p.status,
                "commissioning_date": p.commissioning_date.isoformat(),
                "due_year": p.due_year,
                "reductions": {
                    r.pollutant_id: {
                        "planned": None if r.planned_tonnes is None else str(r.planned_tonnes),
                        "accounted": None
                        if r.accounted_tonnes is None
                        else str(r.accounted_tonnes),
                    }
                    for r in p.reductions.all()
                },
            }
        )
    submissions = {
        s.member_id: {
            "submitted_at": s.submitted_at.isoformat(),
            "after_deadline": s.after_deadline,
            "items": [
                {"project": i.project_code, "outcome": i.outcome, "reason": i.reason}
                for i in s.items.all()
            ],
        }
        for s in round_.submissions.all()
    }
    return {
        "version": SNAPSHOT_VERSION,
        "period": round_.period_id,
        "year": round_.year,
        "frozen_at": timezone.now().isoformat(),
        "progress": [f.to_json() for f in report.figures],
        "checks": [
            {"pollutant": c.pollutant, "quantity": c.quantity, "ok": c.ok} for c in report.checks
        ],
        "submissions": submissions,
        "projects": projects,
    }


def frozen_snapshot(period: str, year: int) -> dict[str, Any]:
    """The snapshot of a closed round (what reports use). Raises NotFound, Conflict if open."""
    round_ = get_round(period, year)
    if round_.state != RoundState.CLOSED.value or round_.snapshot is None:
        raise Conflict(
            gettext_noop("The evaluation round for {year} is still open; nothing is frozen yet."),
            field="round",
            year=year,
        )
    snapshot: dict[str, Any] = round_.snapshot
    return snapshot
