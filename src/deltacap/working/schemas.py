"""The shapes of the working group's records, shared by the API and the command line."""

from __future__ import annotations

from datetime import date
from typing import Any

from deltacap.working.models import ActionItem, AgendaItem, GroupPerson, Meeting, MeetingDocument
from deltacap.working.selectors import overdue


def person_out(p: GroupPerson) -> dict[str, Any]:
    return {
        "id": p.pk,
        "member": p.member_id or "",
        "role": p.role,
        "name": p.name,
        "position": p.position,
        "phone": p.phone,
        "email": p.email,
        "synthetic": p.synthetic,
    }


def agenda_out(a: AgendaItem) -> dict[str, Any]:
    return {
        "id": a.pk,
        "member": a.member_id or "",
        "title": a.title,
        "note": a.note,
        "state": a.state,
        "reason": a.reason,
    }


def document_out(d: MeetingDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "title": d.title,
        "link": d.link,
        "file": d.filename,
        "size": d.size,
        "sha256": d.sha256,
    }


def action_out(a: ActionItem, today: date) -> dict[str, Any]:
    return {
        "id": a.pk,
        "meeting": a.meeting_id,
        "owner": a.owner_id,
        "title": a.title,
        "due": a.due.isoformat(),
        "status": a.status,
        "overdue": overdue(a, today),
        "note": a.note,
        "evidence": a.evidence,
        "evidence_file": a.evidence_filename,
    }


def meeting_out(m: Meeting, today: date, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": m.pk,
        "day": m.day.isoformat(),
        "place": m.place,
        "host": m.host_id,
        "title": m.title,
        "held": m.day <= today,
        "synthetic": m.synthetic,
    }
    if full:
        out |= {
            "participants": m.participant_lines(),
            "minutes": m.minutes,
            "decisions": m.decision_lines(),
            "agenda": [agenda_out(a) for a in m.agenda.select_related("member")],
            "documents": [document_out(d) for d in m.documents.all()],
            "actions": [action_out(a, today) for a in m.actions.select_related("owner")],
        }
    return out
