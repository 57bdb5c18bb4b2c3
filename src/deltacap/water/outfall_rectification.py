"""The rectification of outfalls into rivers and lakes (溯源整治: 取缔、合并、规范整治 with a
deadline, 三(二)): its completion recorded by the member's own editors (the day done, the
evidence and notes; they verify it), one access decision and its audit event in one
transaction; each outfall's status on a day (open, overdue, rectified; the rules in
``domain/water/rectification.py``) and the counts per member that the register's page,
the API, the command line and the tracking evaluation show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deltacap.accounts.permissions import Actor, require, user_of
from deltacap.audit import services as audit
from deltacap.audit.names import actor_name
from deltacap.domain.access import Action
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.water import rectification as rules
from deltacap.domain.water.rectification import Status, Tally
from deltacap.water.models_outfalls import Outfall, RectificationState

STATUS_NAMES: dict[Status, Promise] = {
    Status.NONE: _("No rectification"),
    Status.OPEN: _("Rectification open"),
    Status.OVERDUE: _("Overdue"),
    Status.RECTIFIED: _("Rectified"),
}


def today() -> dt.date:
    """China's date (the deadlines are days in China)."""
    return timezone.localdate()


def status_of(o: Outfall, on: dt.date | None = None) -> Status:
    return rules.status(o.rectification, o.rectification_state, o.deadline, on or today())


def rectification_out(o: Outfall, on: dt.date | None = None) -> dict[str, Any]:
    """An outfall's rectification: its action, deadline, state and status on ``on`` (today),
    days past the deadline while overdue, and when done, the day, evidence and who
    verified it."""
    day = on or today()
    st = status_of(o, day)
    verifier = o.verified_by if o.verified_by_id else None
    return {
        "action": o.rectification,
        "action_name": str(o.get_rectification_display()),
        "deadline": o.deadline.isoformat() if o.deadline else None,
        "state": o.rectification_state,
        "status": st.value,
        "status_name": str(STATUS_NAMES[st]),
        "overdue": st is Status.OVERDUE,
        "days_overdue": (day - o.deadline).days if st is Status.OVERDUE and o.deadline else None,
        "completed_on": o.completed_on.isoformat() if o.completed_on else None,
        "evidence": o.evidence,
        "verified_by": actor_name(verifier) if verifier else None,
    }


def _day(value: dt.date | str | None) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            gettext_noop("{value} is not a date (YYYY-MM-DD)."), field="completed_on", value=text
        ) from None


def complete_rectification(
    *,
    by: Actor,
    channel: str,
    outfall_id: int,
    evidence: str,
    completed_on: dt.date | str | None = None,
) -> Outfall:
    """Record an outfall's rectification as done on ``completed_on`` (today when not given)
    with its ``evidence`` (what was done, how it was checked), by the editors of the
    outfall's own member, who verify it. Raises NotFound, AccessDenied, Conflict (nothing
    to rectify, or recorded already), InvalidInput (a future day, no evidence)."""
    with transaction.atomic():
        outfall = Outfall.objects.select_for_update().filter(pk=outfall_id).first()
        if outfall is None:
            raise NotFound(
                gettext_noop("No outfall with number {id}."), field="outfall", id=outfall_id
            )
        require(by, Action.COMPLETE_OUTFALL_RECTIFICATION, outfall)
        day = _day(completed_on)
        text = rules.check_completion(
            action=outfall.rectification, state=outfall.rectification_state,
            completed_on=day, evidence=evidence or "", today=today(),
        )  # fmt: skip
        before = _audit_view(outfall)
        outfall.rectification_state = RectificationState.COMPLETED.value
        outfall.completed_on = day
        outfall.evidence = text
        outfall.verified_by = user_of(by)
        outfall.save(
            update_fields=["rectification_state", "completed_on", "evidence", "verified_by",
                           "updated_at"]
        )  # fmt: skip
        audit.record(
            actor=by,
            channel=channel,
            action="water.outfall.rectify",
            object_type="water_outfall",
            object_id=outfall.code,
            member_code=outfall.member_id,
            before=before,
            after=_audit_view(outfall),
        )
    return outfall


def _audit_view(o: Outfall) -> dict[str, Any]:
    return {
        "name": o.name,
        "outfall_rectification": o.rectification,
        "outfall_deadline": o.deadline.isoformat() if o.deadline else "",
        "outfall_rectified": o.rectification_state == RectificationState.COMPLETED,
        "outfall_completed_on": o.completed_on.isoformat() if o.completed_on else "",
        "outfall_evidence": o.evidence,
    }


def tallies(found: Iterable[Outfall], on: dt.date | None = None) -> list[Tally]:
    """Per member, its outfalls rectified, open and overdue on ``on`` (today)."""
    day = on or today()
    return rules.tally((o.member_id, status_of(o, day)) for o in found)


def summary_out(found: Iterable[Outfall], on: dt.date | None = None) -> dict[str, Any]:
    """The counts per member (with its name) and in all, as the API, the pages and the
    command line show them."""
    chosen = list(found)
    names = {o.member_id: str(o.member.name) for o in chosen}
    per_member = tallies(chosen, on)
    whole = rules.total(per_member)
    return {
        "members": [
            {"member": t.member, "member_name": names.get(t.member, t.member), **_counts(t)}
            for t in per_member
        ],
        "total": _counts(whole),
    }


def _counts(t: Tally) -> dict[str, int]:
    return {"tasks": t.tasks, "rectified": t.rectified, "open": t.open, "overdue": t.overdue}


def outfall_id(code: str) -> int:
    """The number of the outfall registered under ``code`` (the command line names
    outfalls by code). Raises NotFound."""
    found = Outfall.objects.filter(code=code.strip()).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound(gettext_noop("No outfall with code {code}."), field="outfall", code=code)
    return int(found)
