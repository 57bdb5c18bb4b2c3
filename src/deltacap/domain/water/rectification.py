"""The rectification of outfalls into rivers and lakes (入河（湖）排污口 溯源整治, 三(二)):
each outfall under rectification has a required action (取缔 closure, 合并 merger, 规范整治
regulation) and a deadline; its member's officials record it as rectified (the day done,
the evidence) once done. Here: its status on a day, the counts per member, and the check
of a completion. Pure: days in, statuses and counts out.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop

NO_ACTION = "none"
PENDING = "pending"
COMPLETED = "completed"
MAX_EVIDENCE = 2000  # characters of evidence and notes


class Status(enum.StrEnum):
    """Where an outfall's rectification stands on a day."""

    NONE = "none"  # nothing to rectify
    OPEN = "open"  # pending, the deadline not passed (or none given)
    OVERDUE = "overdue"  # pending past its deadline
    RECTIFIED = "rectified"  # recorded as done


def status(action: str, state: str, deadline: dt.date | None, today: dt.date) -> Status:
    """The status of a rectification of ``action`` in ``state`` on ``today``: overdue when
    still pending after the deadline's day."""
    if action == NO_ACTION:
        return Status.NONE
    if state == COMPLETED:
        return Status.RECTIFIED
    if deadline is not None and today > deadline:
        return Status.OVERDUE
    return Status.OPEN


@dataclass
class Tally:
    """A member's outfalls under rectification: rectified, open (overdue ones included)
    and overdue."""

    member: str
    rectified: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def tasks(self) -> int:
        return self.rectified + self.open

    def add(self, found: Status) -> None:
        if found is Status.RECTIFIED:
            self.rectified += 1
        elif found is not Status.NONE:
            self.open += 1
            self.overdue += found is Status.OVERDUE


def tally(statuses: Iterable[tuple[str, Status]]) -> list[Tally]:
    """Per member (by code, in order), the counts of ``(member, status)`` pairs; members
    with no rectification are left out."""
    found: dict[str, Tally] = {}
    for member, st in statuses:
        if st is not Status.NONE:
            found.setdefault(member, Tally(member)).add(st)
    return [found[m] for m in sorted(found)]


def total(tallies: Iterable[Tally]) -> Tally:
    """The sum of several members' counts (member "")."""
    out = Tally("")
    for t in tallies:
        out.rectified += t.rectified
        out.open += t.open
        out.overdue += t.overdue
    return out


def check_completion(
    *, action: str, state: str, completed_on: dt.date, evidence: str, today: dt.date
) -> str:
    """Check the completion of a rectification on ``completed_on`` with ``evidence``; the
    evidence trimmed. Raises Conflict (nothing to rectify, or recorded already) and
    InvalidInput naming the field at fault."""
    if action == NO_ACTION:
        raise Conflict(
            gettext_noop("This outfall has no rectification to complete."), field="rectification"
        )
    if state == COMPLETED:
        raise Conflict(
            gettext_noop("This outfall's rectification is recorded as done already."),
            field="rectification",
        )
    if completed_on > today:
        raise InvalidInput(gettext_noop("The date lies in the future."), field="completed_on")
    text = evidence.strip()
    if not text:
        raise InvalidInput(
            gettext_noop("Say what was done and how it was checked (the evidence)."),
            field="evidence",
        )
    if len(text) > MAX_EVIDENCE:
        raise InvalidInput(
            gettext_noop("At most {n} characters."), field="evidence", n=MAX_EVIDENCE
        )
    return text
