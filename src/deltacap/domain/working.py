"""The working mechanism's calendar and its action items: when the working group meets,
which of its action items are overdue, and the deadlines of the plan's yearly cycle.

The plan (沪环监测〔2023〕208号) sets them out:

- 二(一): the working group (工作专班) holds a research and consultation meeting
  (调研会商研讨会议) every half year; the next is proposed six months after the last, and
  a half year without one is flagged.
- 二(五): the members' task lists are summarised from the fourth quarter to the first
  quarter of the next year; each member submits its annual work report by the end of
  March; the working group compiles the region's report in the second quarter.

Pure rules: dates in, answers out (no clock: ``today`` is always given).
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.domain.round_calendar import RoundCalendar

# 二(一): "每半年召开一次调研会商研讨会议".
MEETING_INTERVAL_MONTHS = 6
# Reminders are shown (and sent) this many days before a deadline.
REMINDER_LEAD_DAYS = 30

MAX_TITLE = 200
MAX_TEXT = 5000


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


OPEN_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class AgendaState(enum.StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class GroupRole(enum.StrEnum):
    """The roles of the group's people (二(一)): the member's lead (分管厅（局）长), the
    responsible division chief (分管处长), liaisons (联络员); the office's staff."""

    LEAD = "lead"
    DIVISION_CHIEF = "division_chief"
    LIAISON = "liaison"
    OFFICE_STAFF = "office_staff"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the last day of a shorter month)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def proposed_next_meeting(last: date | None, today: date) -> date:
    """The date the platform proposes for the next meeting: six months after the last
    (today when there has been none, or when that date has passed)."""
    if last is None:
        return today
    return max(add_months(last, MEETING_INTERVAL_MONTHS), today)


def meeting_overdue(last: date | None, scheduled: date | None, today: date) -> bool:
    """A half year has passed since the last meeting without one held or scheduled in it.

    ``last``: the last meeting held (on or before today); ``scheduled``: the next one
    planned, if any. No meeting at all is not overdue (the group has not started)."""
    if last is None:
        return False
    due = add_months(last, MEETING_INTERVAL_MONTHS)
    if today <= due:
        return False
    return scheduled is None or scheduled > due


def is_overdue(due: date, status: ActionStatus | str, today: date) -> bool:
    """An action item still open (or in progress) after its due date."""
    return ActionStatus(status) in OPEN_STATUSES and today > due


def check_action_update(status: str, evidence: str, has_file: bool) -> ActionStatus:
    """The status an owner may set: ``done`` needs evidence (text or a file); ``dropped``
    needs the reason written in the evidence."""
    try:
        parsed = ActionStatus(status)
    except ValueError:
        raise InvalidInput(
            gettext_noop("The status must be open, in progress, done or dropped; got {got}."),
            field="status",
            got=status,
        ) from None
    if parsed is ActionStatus.DONE and not evidence.strip() and not has_file:
        raise InvalidInput(
            gettext_noop("An item is done with evidence: describe it or attach a file."),
            field="evidence",
        )
    if parsed is ActionStatus.DROPPED and not evidence.strip():
        raise InvalidInput(
            gettext_noop("Say why the item is dropped (in the evidence)."), field="evidence"
        )
    return parsed


def check_decision(accept: bool, reason: str) -> AgendaState:
    """The office accepts an agenda item, or declines it with a reason."""
    if not accept and not reason.strip():
        raise InvalidInput(gettext_noop("Give the reason for declining."), field="reason")
    return AgendaState.ACCEPTED if accept else AgendaState.DECLINED


def check_text(field: str, value: str, limit: int, *, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise InvalidInput(gettext_noop("This field is required."), field=field)
    if len(text) > limit:
        raise InvalidInput(gettext_noop("At most {limit} characters."), field=field, limit=limit)
    return text


# --- the plan's calendar ------------------------------------------------------------------


class DeadlineKind(enum.StrEnum):
    MEETING = "meeting"
    # The date the platform proposes for the next meeting, none being scheduled.
    PROPOSED_MEETING = "proposed_meeting"
    TASK_LIST_OPENS = "task_list_opens"
    TASK_LIST_CLOSES = "task_list_closes"
    MEMBER_REPORT = "member_report"
    REGION_REPORT = "region_report"
    # An open evaluation round's own due date, where the office set another one.
    ROUND_DUE = "round_due"


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    day: date
    # The year the deadline is about (the evaluated year; a meeting's own year).
    year: int
    # Who must act: a member's code, or "" for the working group as a whole.
    member: str = ""


def year_deadlines(year: int, calendar: RoundCalendar | None = None) -> list[Deadline]:
    """The yearly cycle for evaluated ``year`` (二(五)), as ``calendar`` configures it (by
    default the plan's: the task-list window from the fourth quarter (1 October) to the end
    of the next first quarter (31 March), the members' annual work reports by 31 March, the
    region's report by the end of the second quarter (30 June))."""
    cal = calendar or RoundCalendar()
    return [
        Deadline(DeadlineKind.TASK_LIST_OPENS, cal.opens(year), year),
        Deadline(DeadlineKind.TASK_LIST_CLOSES, cal.closes(year), year),
        Deadline(DeadlineKind.MEMBER_REPORT, cal.due(year), year),
        Deadline(DeadlineKind.REGION_REPORT, cal.region_report(year), year),
    ]


def upcoming(
    today: date,
    meetings: Iterable[date] = (),
    *,
    count: int = 6,
    calendar: RoundCalendar | None = None,
) -> list[Deadline]:
    """The next ``count`` deadlines from ``today`` on (meetings planned included)."""
    years = (today.year - 1, today.year, today.year + 1)
    found = [d for y in years for d in year_deadlines(y, calendar)]
    found += [Deadline(DeadlineKind.MEETING, m, m.year) for m in meetings]
    ahead = sorted((d for d in found if d.day >= today), key=lambda d: (d.day, d.kind.value))
    return ahead[:count]


def due_soon(
    deadlines: Iterable[Deadline], today: date, lead_days: int = REMINDER_LEAD_DAYS
) -> list[Deadline]:
    """The deadlines within ``lead_days`` from ``today`` (the ones to remind of)."""
    return [d for d in deadlines if 0 <= (d.day - today).days <= lead_days]
