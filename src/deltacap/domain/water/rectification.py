"""The rectification of outfalls into rivers and lakes (入河（湖）排污口 溯源整治, 三(二)):
each outfall under rectification has a required action (取缔 closure, 合并 merger, 规范整治
regulation) and a deadline; its member's officials record it as done (the day done, the
evidence), and then another official, not the one who recorded it, verifies it (核查销号:
the day, a note) or sends it back with a reason, when it is open again. Only a verified
rectification counts as rectified; one recorded and not yet verified is awaiting
verification. Here: its status on a day, the counts per member, and the checks of a
completion, a verification and a sending back. Pure: days in, statuses and counts out.
(Who may verify, and that the recorder may not, is the access rule
``VERIFY_OUTFALL_RECTIFICATION``.)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop

NO_ACTION = "none"
PENDING = "pending"
COMPLETED = "completed"  # recorded as done, awaiting verification
VERIFIED = "verified"  # verified by another official (销号)
MAX_EVIDENCE = 2000  # characters of evidence and notes


class Status(enum.StrEnum):
    """Where an outfall's rectification stands on a day."""

    NONE = "none"  # nothing to rectify
    OPEN = "open"  # pending, the deadline not passed (or none given)
    OVERDUE = "overdue"  # pending past its deadline
    AWAITING = "awaiting"  # recorded as done, awaiting verification
    RECTIFIED = "rectified"  # recorded as done and verified


def status(action: str, state: str, deadline: dt.date | None, today: dt.date) -> Status:
    """The status of a rectification of ``action`` in ``state`` on ``today``: overdue when
    still pending after the deadline's day; one recorded as done before or after its
    deadline awaits verification, and is rectified once verified."""
    if action == NO_ACTION:
        return Status.NONE
    if state == VERIFIED:
        return Status.RECTIFIED
    if state == COMPLETED:
        return Status.AWAITING
    if deadline is not None and today > deadline:
        return Status.OVERDUE
    return Status.OPEN


def state_on(
    state: str, completed_on: dt.date | None, verified_on: dt.date | None, day: dt.date
) -> str:
    """The state a rectification in ``state`` today was in on ``day`` (a past year's end):
    recorded only if recorded by then, verified only if verified by then."""
    if state == VERIFIED and verified_on is not None and verified_on <= day:
        return VERIFIED
    if state in (COMPLETED, VERIFIED) and completed_on is not None and completed_on <= day:
        return COMPLETED
    return PENDING


@dataclass
class Tally:
    """A member's outfalls under rectification: rectified (verified), awaiting
    verification, open (not done; overdue ones included) and overdue."""

    member: str
    rectified: int = 0
    open: int = 0
    overdue: int = 0
    awaiting: int = 0

    @property
    def tasks(self) -> int:
        return self.rectified + self.awaiting + self.open

    def add(self, found: Status) -> None:
        if found is Status.RECTIFIED:
            self.rectified += 1
        elif found is Status.AWAITING:
            self.awaiting += 1
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
        out.awaiting += t.awaiting
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
    if state == VERIFIED:
        raise Conflict(
            gettext_noop("This outfall's rectification is verified already."),
            field="rectification",
        )
    if completed_on > today:
        raise InvalidInput(gettext_noop("The date lies in the future."), field="completed_on")
    text = _text(evidence, "evidence")
    if not text:
        raise InvalidInput(
            gettext_noop("Say what was done and how it was checked (the evidence)."),
            field="evidence",
        )
    return text


def _text(value: str, field: str) -> str:
    text = value.strip()
    if len(text) > MAX_EVIDENCE:
        raise InvalidInput(gettext_noop("At most {n} characters."), field=field, n=MAX_EVIDENCE)
    return text


def _awaiting(action: str, state: str) -> None:
    """Raise Conflict unless the rectification is recorded as done and not yet verified."""
    if action == NO_ACTION:
        raise Conflict(
            gettext_noop("This outfall has no rectification to verify."), field="rectification"
        )
    if state == VERIFIED:
        raise Conflict(
            gettext_noop("This outfall's rectification is verified already."),
            field="rectification",
        )
    if state != COMPLETED:
        raise Conflict(
            gettext_noop(
                "This outfall's rectification is not recorded as done; there is nothing to verify."
            ),
            field="rectification",
        )


def check_verification(
    *,
    action: str,
    state: str,
    completed_on: dt.date | None,
    verified_on: dt.date,
    note: str,
    today: dt.date,
) -> str:
    """Check the verification (核查销号) on ``verified_on`` of a rectification recorded as
    done on ``completed_on``, with an optional ``note``; the note trimmed. Raises Conflict
    (not recorded as done, or verified already) and InvalidInput (a day in the future or
    before the rectification was done, a note too long)."""
    _awaiting(action, state)
    if verified_on > today:
        raise InvalidInput(gettext_noop("The date lies in the future."), field="verified_on")
    if completed_on is not None and verified_on < completed_on:
        raise InvalidInput(
            gettext_noop("The verification cannot come before the day it was done ({day})."),
            field="verified_on",
            day=completed_on.isoformat(),
        )
    return _text(note, "note")


def check_sending_back(*, action: str, state: str, reason: str) -> str:
    """Check the sending back of a rectification recorded as done (it is open again, to be
    reworked and recorded anew); the reason trimmed. Raises Conflict (not recorded as done,
    or verified already) and InvalidInput (no reason, or one too long)."""
    _awaiting(action, state)
    text = _text(reason, "note")
    if not text:
        raise InvalidInput(
            gettext_noop("Say why the rectification is sent back (what is missing)."),
            field="note",
        )
    return text
