"""The evaluation calendar (评估日历) of a year: when the members' task lists are summarised,
when their submissions are due, who is late, and the yearly scheduling evaluation
(年度调度评估) read from a round's frozen snapshot.

The plan (沪环监测〔2023〕208号, 二(五)): "每年第四季度至次年第一季度" the task lists are
summarised, each member reports "于次年三月底前", the region's report follows in the
second quarter. The window and the due day are configuration (``RoundCalendar``), the
plan's words being the defaults. Pure rules: dates in, answers out (``today`` is given).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop

MAX_REASON = 2000


@dataclass(frozen=True)
class MonthDay:
    month: int
    day: int

    def of(self, year: int) -> date:
        return date(year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


def parse_month_day(text: str, name: str) -> MonthDay:
    """``MM-DD`` (a day that exists in every year: 02-29 is refused). Raises InvalidInput."""
    try:
        month, day = (int(part) for part in text.strip().split("-"))
        date(2001, month, day)
    except ValueError:
        raise InvalidInput(
            gettext_noop("Expected a month and day such as 03-31 for {name}; got {got}."),
            field=name,
            name=name,
            got=text,
        ) from None
    return MonthDay(month, day)


@dataclass(frozen=True)
class RoundCalendar:
    """When the round of evaluated year Y runs. The window opens in Y and closes in Y + 1;
    submissions and the members' reports are due in Y + 1, the region's report after them.
    Defaults: the plan's 二(五) (Q4 of Y to Q1 of Y + 1, 31 March, end of Q2)."""

    window_opens: MonthDay = MonthDay(10, 1)
    window_closes: MonthDay = MonthDay(3, 31)
    submissions_due: MonthDay = MonthDay(3, 31)
    region_report_due: MonthDay = MonthDay(6, 30)

    def opens(self, year: int) -> date:
        return self.window_opens.of(year)

    def closes(self, year: int) -> date:
        return self.window_closes.of(year + 1)

    def due(self, year: int) -> date:
        return self.submissions_due.of(year + 1)

    def region_report(self, year: int) -> date:
        return self.region_report_due.of(year + 1)


def calendar_of(opens: str, closes: str, due: str, region_report: str) -> RoundCalendar:
    """The configured calendar (``MM-DD`` each). Raises InvalidInput naming the setting."""
    return RoundCalendar(
        parse_month_day(opens, "window_opens"),
        parse_month_day(closes, "window_closes"),
        parse_month_day(due, "submissions_due"),
        parse_month_day(region_report, "region_report_due"),
    )


def check_window(calendar: RoundCalendar, year: int, today: date, override_reason: str) -> str:
    """A round is opened within its task-list window; outside it only with the office's
    stated reason, which is returned (stripped; "" inside the window). Raises InvalidInput."""
    reason = override_reason.strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            gettext_noop("At most {limit} characters."), field="override_reason", limit=MAX_REASON
        )
    if calendar.opens(year) <= today <= calendar.closes(year):
        return ""
    if not reason:
        raise InvalidInput(
            gettext_noop(
                "The round for {year} opens within its task-list window, {opens} to {closes}; "
                "today is {today}. To open it outside the window, state the reason."
            ),
            field="override_reason",
            year=year,
            opens=calendar.opens(year).isoformat(),
            closes=calendar.closes(year).isoformat(),
            today=today.isoformat(),
        )
    return reason


# --- lateness -------------------------------------------------------------------------------


class Lateness(enum.StrEnum):
    ON_TIME = "on_time"  # submitted by the due date
    LATE = "late"  # submitted after the due date
    OVERDUE = "overdue"  # not submitted, the due date passed
    PENDING = "pending"  # not submitted, still in time


@dataclass(frozen=True)
class MemberLateness:
    state: Lateness
    # Days after the due date (submitted or, not submitted, today); 0 when in time.
    days_late: int


def lateness(due: date, submitted_on: date | None, today: date) -> MemberLateness:
    """Where a member stands against the due date (``submitted_on`` None: not yet)."""
    if submitted_on is not None:
        days = (submitted_on - due).days
        return MemberLateness(Lateness.LATE if days > 0 else Lateness.ON_TIME, max(days, 0))
    days = (today - due).days
    return MemberLateness(Lateness.OVERDUE if days > 0 else Lateness.PENDING, max(days, 0))


# --- the yearly scheduling evaluation (年度调度评估) ------------------------------------------


@dataclass
class PollutantLine:
    pollutant: str
    # Reductions accounted by the member's projects completed in the year (t).
    accounted_tonnes: Decimal = Decimal(0)
    # Cumulative verified reductions at the end of the year and the target (progress).
    verified_tonnes: Decimal | None = None
    target_tonnes: Decimal | None = None
    completion_rate: Decimal | None = None


@dataclass
class MemberEvaluation:
    member: str
    due: int = 0
    completed: int = 0
    late: int = 0
    dropped: int = 0
    submitted: bool = False
    pollutants: dict[str, PollutantLine] = field(default_factory=dict)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _outcomes(snapshot: Mapping[str, Any], member: str) -> dict[str, str] | None:
    submission = snapshot.get("submissions", {}).get(member)
    if submission is None:
        return None
    return {i["project"]: i["outcome"] for i in submission["items"]}


def scheduling_evaluation(
    snapshot: Mapping[str, Any], members: Iterable[str], completed_statuses: Iterable[str]
) -> list[MemberEvaluation]:
    """Per member, from a frozen round's snapshot: its projects due in the round's year,
    how many were completed (the member's submitted outcome; without a submission, the
    project file: commissioned or later by the end of the year), late and dropped; the
    reductions accounted by the completed ones per pollutant; and the member's cumulative
    verified reductions against its targets at the end of the year."""
    year = int(snapshot["year"])
    finished = set(completed_statuses)
    rows = {code: MemberEvaluation(code) for code in members}
    outcomes = {code: _outcomes(snapshot, code) for code in rows}
    for project in snapshot.get("projects", []):
        row = rows.get(project["member"])
        if row is None or project.get("due_year") != year:
            continue
        row.due += 1
        answers = outcomes[row.member]
        if answers is not None:
            outcome = answers.get(project["code"], "late")
        else:
            in_time = str(project.get("commissioning_date") or "9999") <= f"{year}-12-31"
            outcome = "done" if project["status"] in finished and in_time else "late"
        if outcome != "done":
            row.late += outcome == "late"
            row.dropped += outcome == "dropped"
            continue
        row.completed += 1
        for pollutant, figures in project.get("reductions", {}).items():
            line = row.pollutants.setdefault(pollutant, PollutantLine(pollutant))
            line.accounted_tonnes += _decimal(figures.get("accounted")) or Decimal(0)
    for figure in snapshot.get("progress", []):
        row = rows.get(figure["scope"])
        if row is None:
            continue
        line = row.pollutants.setdefault(figure["pollutant"], PollutantLine(figure["pollutant"]))
        line.verified_tonnes = _decimal(figure.get("verified_tonnes"))
        line.target_tonnes = _decimal(figure.get("target_tonnes"))
        line.completion_rate = _decimal(figure.get("completion_rate"))
    for code, row in rows.items():
        row.submitted = outcomes[code] is not None
    return list(rows.values())
