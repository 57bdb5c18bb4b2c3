"""A finding of a joint inspection (联合执法检查) at a bay enterprise and its life: open
until the enterprise's member records a rectification (rectifying), closed by the office
or the finding's member once the rectification is checked; overdue when its deadline has
passed and it is not closed."""

from __future__ import annotations

import enum
from datetime import date

from deltacap.domain.errors import Conflict, gettext_noop


class FindingKind(enum.StrEnum):
    """What an inspection finds (the issue's three kinds, and the rest)."""

    LDAR_GAP = "ldar_gap"  # 泄漏检测与修复 (LDAR) not done, late or incomplete
    UNORGANISED = "unorganised"  # 无组织排放 (fugitive emissions) not controlled
    EXCEEDANCE = "exceedance"  # 超标排放 at an outlet or the boundary
    OTHER = "other"


class FindingState(enum.StrEnum):
    OPEN = "open"
    RECTIFYING = "rectifying"
    CLOSED = "closed"


class Step(enum.StrEnum):
    RECTIFY = "rectify"
    CLOSE = "close"


def state_after(state: FindingState, step: Step) -> FindingState:
    """The state a step leads to; a closed finding takes no step. Raises Conflict."""
    if state is FindingState.CLOSED:
        raise Conflict(gettext_noop("This finding is closed already."), field="finding")
    if step is Step.RECTIFY:
        return FindingState.RECTIFYING
    return FindingState.CLOSED


def is_overdue(state: FindingState, deadline: date, today: date) -> bool:
    """Not closed and its deadline passed (the deadline day itself is still in time)."""
    return state is not FindingState.CLOSED and today > deadline
