"""Reads of the working group's records: the group, the meetings, the action items, the
next meeting and the plan's calendar with each member's notices. Every read is the
group's own (``check_reader``): the office and the members' staff."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from deltacap.accounts.permissions import Actor, require
from deltacap.domain.access import Action, Kind, region_resource
from deltacap.domain.round_calendar import Lateness
from deltacap.domain.working import (
    OPEN_STATUSES,
    REMINDER_LEAD_DAYS,
    Deadline,
    DeadlineKind,
    GroupRole,
    due_soon,
    is_overdue,
    meeting_overdue,
    proposed_next_meeting,
    upcoming,
)
from deltacap.projects import round_calendar
from deltacap.reference.models import Division, Level
from deltacap.working.models import ActionItem, GroupPerson, Meeting


def check_reader(actor: Actor) -> None:
    """Raise AccessDenied unless ``actor`` belongs to the group (office, members' staff)."""
    require(actor, Action.READ, region_resource(Kind.MEETING))


def members() -> list[Division]:
    return list(Division.objects.filter(level=Level.MEMBER).order_by("code"))


@dataclass
class Unit:
    """A member's part of the group (``member`` None: the office)."""

    member: Division | None
    people: list[GroupPerson]

    @property
    def code(self) -> str:
        return self.member.code if self.member else ""


def group() -> list[Unit]:
    """The office first, then the members in their order."""
    rank = {role.value: n for n, role in enumerate(GroupRole)}
    people = sorted(
        GroupPerson.objects.select_related("member").all(), key=lambda p: (rank[p.role], p.pk)
    )
    units = [Unit(None, [p for p in people if p.member_id is None])]
    for member in members():
        units.append(Unit(member, [p for p in people if p.member_id == member.code]))
    return units


def meetings() -> list[Meeting]:
    return list(Meeting.objects.select_related("host").all())


@dataclass(frozen=True)
class NextMeeting:
    last: Meeting | None
    scheduled: Meeting | None
    proposed: date
    overdue: bool


def next_meeting(today: date) -> NextMeeting:
    """The last meeting held, the next one scheduled, the date the platform proposes
    (six months after the last) and whether a half year has passed without one."""
    held = Meeting.objects.filter(day__lte=today).order_by("-day").first()
    scheduled = Meeting.objects.filter(day__gt=today).order_by("day").first()
    last_day = held.day if held else None
    return NextMeeting(
        held,
        scheduled,
        proposed_next_meeting(last_day, today),
        meeting_overdue(last_day, scheduled.day if scheduled else None, today),
    )


def action_items(
    *, member: str | None = None, overdue_only: bool = False, open_only: bool = False, today: date
) -> list[ActionItem]:
    qs = ActionItem.objects.select_related("meeting", "owner").order_by("due", "id")
    if member:
        qs = qs.filter(owner_id=member)
    if open_only or overdue_only:
        qs = qs.filter(status__in=[s.value for s in OPEN_STATUSES])
    items = list(qs)
    if overdue_only:
        items = [i for i in items if is_overdue(i.due, i.status, today)]
    return items


def overdue(item: ActionItem, today: date) -> bool:
    return is_overdue(item.due, item.status, today)


@dataclass
class MemberItems:
    member: Division
    open: list[ActionItem] = field(default_factory=list)
    overdue: int = 0


def open_items_by_member(today: date) -> list[MemberItems]:
    """Each member's open (and in-progress) items, with how many are overdue."""
    rows = {m.code: MemberItems(m) for m in members()}
    for item in action_items(open_only=True, today=today):
        row = rows.get(item.owner_id)
        if row is None:
            continue
        row.open.append(item)
        row.overdue += overdue(item, today)
    return list(rows.values())


def overdue_count(today: date) -> int:
    return len(action_items(overdue_only=True, today=today))


# --- the calendar and the notices ------------------------------------------------------------


def deadlines(today: date) -> list[Deadline]:
    planned = [m.day for m in Meeting.objects.filter(day__gte=today)]
    calendar = round_calendar.configured()
    found = upcoming(today, planned, calendar=calendar)
    for round_ in round_calendar.open_rounds():
        if round_.deadline != calendar.due(round_.year) and round_.deadline >= today:
            found.append(Deadline(DeadlineKind.ROUND_DUE, round_.deadline, round_.year))
            found.sort(key=lambda d: d.day)
    nxt = next_meeting(today)
    if nxt.scheduled is None:
        found.append(Deadline(DeadlineKind.PROPOSED_MEETING, nxt.proposed, nxt.proposed.year))
        found.sort(key=lambda d: d.day)
    return found


def deadline_words(deadline: Deadline) -> str:
    """What a deadline is, in the active language."""
    words = {
        DeadlineKind.MEETING: _("Meeting of the working group"),
        DeadlineKind.PROPOSED_MEETING: _("Next meeting of the working group (proposed date)"),
        DeadlineKind.TASK_LIST_OPENS: _("Task-list summary for {year} opens"),
        DeadlineKind.TASK_LIST_CLOSES: _("Task-list summary for {year} closes"),
        DeadlineKind.MEMBER_REPORT: _("Members' annual work reports for {year} due"),
        DeadlineKind.REGION_REPORT: _("The region's report for {year} due"),
        DeadlineKind.ROUND_DUE: _("Task lists of the evaluation round {year} due"),
    }[deadline.kind]
    return words.format(year=deadline.year)


@dataclass(frozen=True)
class Notice:
    day: date
    text: str
    overdue: bool = False


def notices(member: str, today: date) -> list[Notice]:
    """A member's reminders ("" the office's): the plan's deadlines within the reminder
    lead time, and the member's action items overdue or due within it."""
    found = [Notice(d.day, deadline_words(d)) for d in due_soon(deadlines(today), today)]
    items = action_items(member=member or None, open_only=True, today=today)
    for item in items:
        if overdue(item, today):
            found.append(
                Notice(
                    item.due,
                    _("Action item overdue: {title}").format(title=item.title),
                    overdue=True,
                )
            )
        elif (item.due - today).days <= 30:
            found.append(
                Notice(
                    item.due,
                    _("Action item due: {title}").format(title=item.title),
                )
            )
    found += round_notices(member, today)
    nxt = next_meeting(today)
    if nxt.overdue:
        found.append(
            Notice(
                today,
                _(
                    "Half a year has passed since the last meeting; the next is proposed for {day}."
                ).format(day=nxt.proposed.isoformat()),
                overdue=True,
            )
        )
    return sorted(found, key=lambda n: (not n.overdue, n.day))


def round_notices(member: str, today: date) -> list[Notice]:
    """A member's task lists of open evaluation rounds not yet submitted: due within the
    reminder lead time, or overdue. The office ("") hears of every member overdue."""
    if not member:
        found = []
        for round_ in round_calendar.open_rounds():
            for row in round_calendar.member_rows(round_, today):
                if row.lateness.state is Lateness.OVERDUE:
                    text = _(
                        "{member} has not submitted its task list for {year} ({days} days late)"
                    )
                    found.append(
                        Notice(
                            round_.deadline,
                            text.format(
                                member=row.member.name,
                                year=round_.year,
                                days=row.lateness.days_late,
                            ),
                            overdue=True,
                        )
                    )
        return found
    notices_ = []
    for due in round_calendar.open_dues(member, today):
        deadline = due.round.deadline
        if due.lateness.state is Lateness.OVERDUE:
            text = _("Task list for {year} overdue since {day}: submit it in the evaluation round")
            notices_.append(
                Notice(deadline, text.format(year=due.round.year, day=deadline), overdue=True)
            )
        elif (deadline - today).days <= REMINDER_LEAD_DAYS:
            text = _("Task list for {year} due: submit it in the evaluation round")
            notices_.append(Notice(deadline, text.format(year=due.round.year)))
    return notices_


def notices_by_member(today: date) -> dict[str, list[Notice]]:
    """Every member's notices, and the office's ("")."""
    result = {"": notices("", today)}
    for member in members():
        result[member.code] = notices(member.code, today)
    return result
