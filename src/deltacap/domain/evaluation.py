"""The annual evaluation round (年度调度评估) of the key projects.

The plan (沪环监测〔2023〕208号, 二(五)) has the office evaluate the key projects every year,
gather the members' task-list completion "每年第四季度至次年第一季度" and the members
report "于次年三月底前". The platform's round for year Y:

1. the office opens it with a deadline (by default 31 March of Y + 1);
2. each member submits, for every project due in Y (its year due), an outcome: done, late
   or dropped, with a reason for late and dropped ones;
3. the office sees who has submitted and reminds the others;
4. the office closes the round, which freezes a snapshot (progress and the submissions)
   that later edits of projects cannot change. Reports use the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.projects import COMMISSIONED_OR_LATER, ProjectStatus


class Outcome(StrEnum):
    DONE = "done"
    LATE = "late"
    DROPPED = "dropped"


class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def default_deadline(year: int) -> date:
    """Members report "于次年三月底前": 31 March of the next year."""
    return date(year + 1, 3, 31)


def check_round(year: int, deadline: date, first_year: int, last_year: int) -> None:
    """A round is for a year of the period, with a deadline after that year began."""
    if not first_year <= year <= last_year:
        raise InvalidInput(
            gettext_noop("The year {got} is outside the period {first}–{last}."),
            field="year",
            got=year,
            first=first_year,
            last=last_year,
        )
    if deadline < date(year, 1, 1):
        raise InvalidInput(
            gettext_noop("The deadline {got} is before the year {year} began."),
            field="deadline",
            got=deadline.isoformat(),
            year=year,
        )


def check_open(state: RoundState, year: int) -> None:
    """Raise Conflict when the round is closed: its snapshot is frozen."""
    if state is RoundState.CLOSED:
        raise Conflict(
            gettext_noop("The evaluation round for {year} is closed; its figures are frozen."),
            field="round",
            year=year,
        )


def suggested_outcome(status: ProjectStatus, commissioning_date: date | None, year: int) -> Outcome:
    """What the project file suggests for a project due in ``year``.

    Done when it was commissioned (or later) by the end of ``year``; else late. Dropping a
    project is a member's decision, never a suggestion.
    """
    in_time = commissioning_date is not None and commissioning_date <= date(year, 12, 31)
    if status in COMMISSIONED_OR_LATER and in_time:
        return Outcome.DONE
    return Outcome.LATE


@dataclass(frozen=True)
class Item:
    """One line of a member's task list: a project due in the year and its outcome."""

    project_code: str
    outcome: Outcome
    reason: str = ""


def check_item(item: Item) -> Item:
    """Late and dropped projects need a reason (what happened, what comes next)."""
    if item.outcome in (Outcome.LATE, Outcome.DROPPED) and not item.reason.strip():
        raise InvalidInput(
            gettext_noop("Project {code}: give the reason it is {outcome}."),
            field="reason",
            code=item.project_code,
            outcome=item.outcome.value,
        )
    return item


def check_items(items: list[Item], due: set[str]) -> list[Item]:
    """Every project due is answered exactly once, and nothing else is.

    Raises InvalidInput naming the first project missing, repeated or not due.
    """
    seen: set[str] = set()
    for item in items:
        if item.project_code not in due:
            raise InvalidInput(
                gettext_noop("Project {code} is not on this member's task list for the year."),
                field="items",
                code=item.project_code,
            )
        if item.project_code in seen:
            raise InvalidInput(
                gettext_noop("Project {code} is answered twice."),
                field="items",
                code=item.project_code,
            )
        seen.add(item.project_code)
        check_item(item)
    missing = sorted(due - seen)
    if missing:
        raise InvalidInput(
            gettext_noop("Project {code} due this year has no outcome ({count} missing)."),
            field="items",
            code=missing[0],
            count=len(missing),
        )
    return items
