"""The rectification of outfalls into rivers and lakes (溯源整治: 取缔、合并、规范整治 with a
deadline, 三(二)): its completion recorded by the member's own editors (the day done, the
evidence and notes), then its verification (核查销号) by another official of the member
or the office, who confirms it (the day, a note) or sends it back with a reason (open
again); each write one access decision and its audit event in one transaction. Each
outfall's status on a day (open, overdue, awaiting verification, rectified; the rules in
``domain/water/rectification.py``) and the counts per member that the register's page,
the API, the command line, the lakes' loads and the tracking evaluation show.
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
    Status.AWAITING: _("Awaiting verification"),
    Status.RECTIFIED: _("Rectified"),
}


def today() -> dt.date:
    """China's date (the deadlines are days in China)."""
    return timezone.localdate()


def status_of(o: Outfall, on: dt.date | None = None) -> Status:
    return rules.status(o.rectification, o.rectification_state, o.deadline, on or today())


def _name(user: Any) -> str | None:
    return actor_name(user) if user is not None else None


def rectification_out(o: Outfall, on: dt.date | None = None) -> dict[str, Any]:
    """An outfall's rectification: its action, deadline, state and status on ``on`` (today),
    days past the deadline while overdue; when recorded done, the day, evidence and who
    recorded it; when verified, the day, who and the note; when last sent back, the day,
    who and why (``sent_back`` while it is open again)."""
    day = on or today()
    st = status_of(o, day)
    done = o.rectification_state != RectificationState.PENDING
    return {
        "action": o.rectification,
        "action_name": str(o.get_rectification_display()),
        "deadline": o.deadline.isoformat() if o.deadline else None,
        "state": o.rectification_state,
        "status": st.value,
        "status_name": str(STATUS_NAMES[st]),
        "overdue": st is Status.OVERDUE,
        "days_overdue": (day - o.deadline).days if st is Status.OVERDUE and o.deadline else None,
        "completed_on": o.completed_on.isoformat() if o.completed_on and done else None,
        "evidence": o.evidence if done else "",
        "recorded_by": _name(o.recorded_by if o.recorded_by_id else None),
        "verified_on": o.verified_on.isoformat() if o.verified_on else None,
        "verified_by": _name(o.verified_by if o.verified_by_id else None),
        "verification_note": o.verification_note,
        "sent_back": bool(o.return_reason) and not done,
        "returned_on": o.returned_on.isoformat() if o.returned_on else None,
        "returned_by": _name(o.returned_by if o.returned_by_id else None),
        "return_reason": o.return_reason,
    }


def _day(value: dt.date | str | None, field: str = "completed_on") -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = (value or "").strip()
    if not text:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            gettext_noop("{value} is not a date (YYYY-MM-DD)."), field=field, value=text
        ) from None


def _locked(outfall_id: int) -> Outfall:
    outfall = Outfall.objects.select_for_update().filter(pk=outfall_id).first()
    if outfall is None:
        raise NotFound(gettext_noop("No outfall with number {id}."), field="outfall", id=outfall_id)
    return outfall


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
    outfall's own member; it then awaits verification by another official. Raises
    NotFound, AccessDenied, Conflict (nothing to rectify, or recorded already),
    InvalidInput (a future day, no evidence)."""
    with transaction.atomic():
        outfall = _locked(outfall_id)
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
        outfall.recorded_by = user_of(by)
        outfall.save(
            update_fields=["rectification_state", "completed_on", "evidence", "recorded_by",
                           "updated_at"]
        )  # fmt: skip
        _audit(by, channel, "water.outfall.rectify", outfall, before)
    return outfall


def verify_rectification(
    *,
    by: Actor,
    channel: str,
    outfall_id: int,
    verified_on: dt.date | str | None = None,
    note: str = "",
) -> Outfall:
    """Verify (核查销号) an outfall's rectification recorded as done: on ``verified_on``
    (today when not given), with an optional ``note``; only then does it count as
    rectified. By the editors of the outfall's member or the office, not the official who
    recorded it. Raises NotFound, AccessDenied, Conflict (not recorded as done, or verified
    already), InvalidInput (a future day, a day before it was done, a note too long)."""
    with transaction.atomic():
        outfall = _locked(outfall_id)
        require(by, Action.VERIFY_OUTFALL_RECTIFICATION, outfall)
        day = _day(verified_on, "verified_on")
        text = rules.check_verification(
            action=outfall.rectification, state=outfall.rectification_state,
            completed_on=outfall.completed_on, verified_on=day, note=note or "", today=today(),
        )  # fmt: skip
        before = _audit_view(outfall)
        outfall.rectification_state = RectificationState.VERIFIED.value
        outfall.verified_on = day
        outfall.verified_by = user_of(by)
        outfall.verification_note = text
        outfall.save(
            update_fields=["rectification_state", "verified_on", "verified_by",
                           "verification_note", "updated_at"]
        )  # fmt: skip
        _audit(by, channel, "water.outfall.verify", outfall, before)
    return outfall


def send_back_rectification(*, by: Actor, channel: str, outfall_id: int, reason: str) -> Outfall:
    """Send back an outfall's rectification recorded as done, with the ``reason`` (what is
    missing): it is open again (overdue past its deadline) until its member records it done
    anew. The same officials as :func:`verify_rectification`. Raises NotFound,
    AccessDenied, Conflict (not recorded as done, or verified already), InvalidInput (no
    reason)."""
    with transaction.atomic():
        outfall = _locked(outfall_id)
        require(by, Action.VERIFY_OUTFALL_RECTIFICATION, outfall)
        text = rules.check_sending_back(
            action=outfall.rectification, state=outfall.rectification_state, reason=reason or ""
        )
        before = _audit_view(outfall)
        # The evidence stays (the rework starts from it); the record of it done does not.
        outfall.rectification_state = RectificationState.PENDING.value
        outfall.completed_on = None
        outfall.recorded_by = None
        outfall.returned_on = today()
        outfall.returned_by = user_of(by)
        outfall.return_reason = text
        outfall.save(
            update_fields=["rectification_state", "completed_on", "recorded_by", "returned_on",
                           "returned_by", "return_reason", "updated_at"]
        )  # fmt: skip
        _audit(by, channel, "water.outfall.send_back", outfall, before)
    return outfall


def _audit(by: Actor, channel: str, action: str, o: Outfall, before: dict[str, Any]) -> None:
    audit.record(
        actor=by, channel=channel, action=action, object_type="water_outfall",
        object_id=o.code, member_code=o.member_id, before=before, after=_audit_view(o),
    )  # fmt: skip


def _audit_view(o: Outfall) -> dict[str, Any]:
    return {
        "name": o.name,
        "outfall_rectification": o.rectification,
        "outfall_deadline": o.deadline.isoformat() if o.deadline else "",
        "outfall_rectified": o.rectification_state != RectificationState.PENDING,
        "outfall_completed_on": o.completed_on.isoformat() if o.completed_on else "",
        "outfall_evidence": o.evidence,
        "outfall_verified": o.rectification_state == RectificationState.VERIFIED,
        "outfall_verified_on": o.verified_on.isoformat() if o.verified_on else "",
        "outfall_verification_note": o.verification_note,
        "outfall_return_reason": o.return_reason,
    }


def tallies(found: Iterable[Outfall], on: dt.date | None = None) -> list[Tally]:
    """Per member, its outfalls rectified (verified), awaiting verification, open and
    overdue on ``on`` (today)."""
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
    return {
        "tasks": t.tasks,
        "rectified": t.rectified,
        "awaiting": t.awaiting,
        "open": t.open,
        "overdue": t.overdue,
    }


def outfall_id(code: str) -> int:
    """The number of the outfall registered under ``code`` (the command line names
    outfalls by code). Raises NotFound."""
    found = Outfall.objects.filter(code=code.strip()).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound(gettext_noop("No outfall with code {code}."), field="outfall", code=code)
    return int(found)
