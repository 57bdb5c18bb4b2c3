"""Every write of the working group's records: its people, meetings, agenda, minutes,
documents, action items and reminders. Each asks its rule once, then writes and records
its audit event in one transaction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from deltacap.accounts.permissions import Actor, principal_of, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Role
from deltacap.domain.errors import InvalidInput, NotFound, gettext_noop
from deltacap.domain.working import (
    MAX_TEXT,
    MAX_TITLE,
    ActionStatus,
    GroupRole,
    check_action_update,
    check_decision,
    check_text,
)
from deltacap.reference.models import Division, Level
from deltacap.working.models import ActionItem, AgendaItem, GroupPerson, Meeting, MeetingDocument

_PHONE = re.compile(r"^[0-9+()\- ]{5,40}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LINK = re.compile(r"^https?://\S+$")
PERSON_FIELDS = ["member", "role", "name", "position", "phone", "email"]


@dataclass(frozen=True)
class Upload:
    """A file a user sends: its name and its bytes."""

    filename: str
    content: bytes


# --- lookups --------------------------------------------------------------------------------


def _member(code: Any, field: str = "member") -> Division:
    member = Division.objects.filter(code=str(code or ""), level=Level.MEMBER).first()
    if member is None:
        raise InvalidInput(
            gettext_noop("No member with code {code}."), field=field, code=str(code or "")
        )
    return member


def _day(value: Any, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field=field, got=value
        ) from None


def get_person(person_id: int) -> GroupPerson:
    found = GroupPerson.objects.select_related("member").filter(pk=person_id).first()
    if found is None:
        raise NotFound(
            gettext_noop("No person {id} in the working group."), field="id", id=person_id
        )
    return found


def get_meeting(meeting_id: int) -> Meeting:
    found = Meeting.objects.select_related("host").filter(pk=meeting_id).first()
    if found is None:
        raise NotFound(gettext_noop("No meeting {id}."), field="id", id=meeting_id)
    return found


def get_agenda_item(agenda_id: int) -> AgendaItem:
    found = AgendaItem.objects.select_related("meeting", "member").filter(pk=agenda_id).first()
    if found is None:
        raise NotFound(gettext_noop("No agenda item {id}."), field="id", id=agenda_id)
    return found


def get_action_item(action_id: int) -> ActionItem:
    found = ActionItem.objects.select_related("meeting", "owner").filter(pk=action_id).first()
    if found is None:
        raise NotFound(gettext_noop("No action item {id}."), field="id", id=action_id)
    return found


def get_document(document_id: int) -> MeetingDocument:
    found = MeetingDocument.objects.select_related("meeting").filter(pk=document_id).first()
    if found is None:
        raise NotFound(gettext_noop("No document {id}."), field="id", id=document_id)
    return found


# --- files in the data folder ----------------------------------------------------------------


def files_dir() -> Path:
    return Path(settings.DATA_DIR) / "working"


def _keep(upload: Upload, field: str) -> tuple[str, int, str]:
    """Store the file under its SHA-256 in the data folder: (name, size, sha256)."""
    name = Path(upload.filename or "").name.strip()
    if not name or len(name) > 200:
        raise InvalidInput(
            gettext_noop("Give the file a name of at most 200 characters."), field=field
        )
    limit = int(settings.DELTACAP_WORKING_MAX_FILE_BYTES)
    if not upload.content:
        raise InvalidInput(gettext_noop("The file {name} is empty."), field=field, name=name)
    if len(upload.content) > limit:
        raise InvalidInput(
            gettext_noop("The file {name} is {size} MB; at most {limit} MB is accepted."),
            field=field,
            name=name,
            size=f"{len(upload.content) / 1024 / 1024:.1f}",
            limit=limit // (1024 * 1024),
        )
    digest = hashlib.sha256(upload.content).hexdigest()
    folder = files_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / digest
    if not path.exists():
        path.write_bytes(upload.content)
    return name, len(upload.content), digest


def stored_file(sha256: str) -> Path | None:
    path = files_dir() / sha256
    return path if sha256 and path.is_file() else None


# --- the group's people --------------------------------------------------------------------


def _person_values(person: GroupPerson, values: dict[str, Any]) -> None:
    if "role" in values:
        try:
            role = GroupRole(str(values["role"]))
        except ValueError:
            raise InvalidInput(
                gettext_noop("Choose the person's role in the group; got {got}."),
                field="role",
                got=values["role"],
            ) from None
        person.role = role.value
    if "name" in values:
        person.name = check_text("name", str(values["name"]), 100)
    if "position" in values:
        person.position = check_text("position", str(values["position"]), 200, required=False)
    if "phone" in values:
        phone = check_text("phone", str(values["phone"]), 40, required=False)
        if phone and not _PHONE.match(phone):
            raise InvalidInput(
                gettext_noop("Enter a telephone number (digits, +, -, brackets)."), field="phone"
            )
        person.phone = phone
    if "email" in values:
        email = check_text("email", str(values["email"]), 200, required=False)
        if email and not _EMAIL.match(email):
            raise InvalidInput(
                gettext_noop("Enter an e-mail address such as name@example.gov.cn."),
                field="email",
            )
        person.email = email


def _person_snapshot(person: GroupPerson) -> dict[str, Any]:
    return {
        "member": person.member_id or "",
        "role": person.role,
        "name": person.name,
        "position": person.position,
        "phone": person.phone,
        "email": person.email,
    }


def save_person(
    *,
    by: Actor,
    channel: str,
    person_id: int | None = None,
    member: str | None = None,
    values: dict[str, Any],
    synthetic: bool = False,
) -> GroupPerson:
    """Add a person to a member's part of the group (``member``: its code; "" the
    office), or change one (``person_id``). Raises NotFound, AccessDenied, InvalidInput."""
    with transaction.atomic():
        if person_id is not None:
            person = get_person(person_id)
            require(by, Action.EDIT_GROUP_MEMBER, person)
            before = _person_snapshot(person)
        else:
            person = GroupPerson(member=_member(member) if member else None, synthetic=synthetic)
            require(by, Action.EDIT_GROUP_MEMBER, person)
            before = None
            values = {"role": GroupRole.LIAISON.value, **values}
            if "name" not in values:
                values["name"] = ""
        _person_values(person, values)
        if person.member_id is None and person.role != GroupRole.OFFICE_STAFF.value:
            person.role = GroupRole.OFFICE_STAFF.value
        person.save()
        after = _person_snapshot(person)
        changed = {k: v for k, v in after.items() if before is None or before[k] != v}
        if before is not None and not changed:
            return person
        audit.record(
            actor=by,
            channel=channel,
            action="group_person.create" if before is None else "group_person.update",
            object_type="group_person",
            object_id=person.pk,
            member_code=person.member_id or "",
            before=None if before is None else {k: before[k] for k in changed},
            after=after if before is None else changed,
        )
    return person


def remove_person(*, by: Actor, channel: str, person_id: int) -> None:
    with transaction.atomic():
        person = get_person(person_id)
        require(by, Action.EDIT_GROUP_MEMBER, person)
        before = _person_snapshot(person)
        pk = person.pk
        person.delete()
        audit.record(
            actor=by,
            channel=channel,
            action="group_person.remove",
            object_type="group_person",
            object_id=pk,
            member_code=before["member"],
            before=before,
        )


# --- meetings ----------------------------------------------------------------------------------


def schedule_meeting(
    *,
    by: Actor,
    channel: str,
    day: Any,
    place: str,
    host: str,
    title: str = "",
    synthetic: bool = False,
) -> Meeting:
    """The office schedules (or records) a meeting of the group."""
    meeting = Meeting(synthetic=synthetic)
    require(by, Action.SCHEDULE_MEETING, meeting)
    meeting.day = _day(day, "day")
    meeting.place = check_text("place", str(place or ""), MAX_TITLE)
    meeting.host = _member(host, "host")
    meeting.title = check_text("title", str(title or ""), MAX_TITLE, required=False)
    with transaction.atomic():
        meeting.save()
        audit.record(
            actor=by,
            channel=channel,
            action="meeting.schedule",
            object_type="meeting",
            object_id=meeting.pk,
            after={
                "name": meeting.title or meeting.place,
                "day": meeting.day.isoformat(),
                "place": meeting.place,
                "host": meeting.host_id,
            },
        )
    return meeting


_MINUTES_FIELDS = ("participants", "minutes", "decisions")


def record_minutes(*, by: Actor, channel: str, meeting_id: int, values: dict[str, Any]) -> Meeting:
    """The office records who took part, the minutes and the decisions (one a line)."""
    with transaction.atomic():
        meeting = get_meeting(meeting_id)
        require(by, Action.RECORD_MINUTES, meeting)
        before = {f: getattr(meeting, f) for f in _MINUTES_FIELDS}
        for field in _MINUTES_FIELDS:
            if field in values:
                setattr(
                    meeting,
                    field,
                    check_text(field, str(values[field] or ""), MAX_TEXT, required=False),
                )
        changed = [f for f in _MINUTES_FIELDS if getattr(meeting, f) != before[f]]
        if not changed:
            return meeting
        meeting.save(update_fields=changed)
        audit.record(
            actor=by,
            channel=channel,
            action="meeting.minutes",
            object_type="meeting",
            object_id=meeting.pk,
            before={f: before[f] for f in changed},
            after={f: getattr(meeting, f) for f in changed},
        )
    return meeting


def add_document(
    *,
    by: Actor,
    channel: str,
    meeting_id: int,
    title: str,
    link: str = "",
    upload: Upload | None = None,
) -> MeetingDocument:
    """The office attaches a document to a meeting: an uploaded file or a link."""
    with transaction.atomic():
        meeting = get_meeting(meeting_id)
        require(by, Action.RECORD_MINUTES, meeting)
        document = MeetingDocument(meeting=meeting, uploaded_by=user_of(by))
        document.title = check_text("title", str(title or ""), MAX_TITLE)
        link = str(link or "").strip()
        if upload is None and not link:
            raise InvalidInput(gettext_noop("Attach a file or give a link."), field="file")
        if link:
            if len(link) > 500 or not _LINK.match(link):
                raise InvalidInput(
                    gettext_noop("A link starts with http:// or https://."), field="link"
                )
            document.link = link
        if upload is not None:
            document.filename, document.size, document.sha256 = _keep(upload, "file")
        document.save()
        audit.record(
            actor=by,
            channel=channel,
            action="meeting.document",
            object_type="meeting",
            object_id=meeting.pk,
            after={"title": document.title, "link": document.link, "file": document.filename},
        )
    return document


# --- agenda ------------------------------------------------------------------------------------


def _acting_member(by: Actor, member: str | None) -> str:
    """The member an agenda item is proposed for: the one named, else the editor's own
    (the office proposes for the group as a whole: "")."""
    if member:
        return str(member)
    principal = principal_of(by)
    if principal.role is Role.MEMBER_EDITOR and principal.division_code:
        return principal.division_code
    return ""


def propose_agenda_item(
    *,
    by: Actor,
    channel: str,
    meeting_id: int,
    title: str,
    note: str = "",
    member: str | None = None,
    as_of: date | None = None,
) -> AgendaItem:
    """A member editor proposes an item for a meeting not yet held (the office too).
    ``as_of``: the day the proposal was made (a record of the past; default today)."""
    code = _acting_member(by, member)
    with transaction.atomic():
        meeting = get_meeting(meeting_id)
        item = AgendaItem(meeting=meeting, member=_member(code) if code else None)
        require(by, Action.PROPOSE_AGENDA_ITEM, item)
        item.title = check_text("title", str(title or ""), MAX_TITLE)
        item.note = check_text("note", str(note or ""), MAX_TEXT, required=False)
        if meeting.day < (as_of or timezone.localdate()):
            raise InvalidInput(
                gettext_noop("The meeting of {day} has been held: propose for the next one."),
                field="meeting",
                day=meeting.day.isoformat(),
            )
        item.proposed_by = user_of(by)
        item.save()
        audit.record(
            actor=by,
            channel=channel,
            action="agenda.propose",
            object_type="agenda_item",
            object_id=item.pk,
            member_code=code,
            after={"name": item.title, "meeting": meeting.pk, "note": item.note},
        )
    return item


def decide_agenda_item(
    *, by: Actor, channel: str, agenda_id: int, accept: bool, reason: str = ""
) -> AgendaItem:
    """The office accepts an item, or declines it with a reason."""
    with transaction.atomic():
        item = get_agenda_item(agenda_id)
        require(by, Action.DECIDE_AGENDA_ITEM, item)
        reason = check_text("reason", str(reason or ""), MAX_TEXT, required=False)
        state = check_decision(bool(accept), reason)
        before = {"decision": item.state, "reason": item.reason}
        item.state, item.reason = state.value, reason
        item.save(update_fields=["state", "reason"])
        audit.record(
            actor=by,
            channel=channel,
            action="agenda.accept" if accept else "agenda.decline",
            object_type="agenda_item",
            object_id=item.pk,
            member_code=item.member_id or "",
            before=before,
            after={"decision": item.state, "reason": item.reason},
        )
    return item


# --- action items ------------------------------------------------------------------------------


def create_action_item(
    *, by: Actor, channel: str, meeting_id: int, owner: str, title: str, due: Any
) -> ActionItem:
    """The office gives a member an action item of a meeting, due by a date."""
    with transaction.atomic():
        meeting = get_meeting(meeting_id)
        item = ActionItem(meeting=meeting)
        owner_member = _member(owner, "owner")
        item.owner = owner_member
        require(by, Action.CREATE_ACTION_ITEM, item)
        item.title = check_text("title", str(title or ""), MAX_TITLE)
        item.due = _day(due, "due")
        if item.due < meeting.day:
            raise InvalidInput(
                gettext_noop("The due date is before the meeting ({day})."),
                field="due",
                day=meeting.day.isoformat(),
            )
        item.updated_by = user_of(by)
        item.save()
        audit.record(
            actor=by,
            channel=channel,
            action="action_item.create",
            object_type="action_item",
            object_id=item.pk,
            member_code=item.owner_id,
            after={"name": item.title, "due": item.due.isoformat(), "meeting": meeting.pk},
        )
    return item


def update_action_item(
    *,
    by: Actor,
    channel: str,
    action_id: int,
    status: str,
    evidence: str | None = None,
    upload: Upload | None = None,
    note: str | None = None,
) -> ActionItem:
    """The owner member's editor (or the office) sets the status, the progress note and
    the evidence (``None``: kept as they are). ``done`` needs evidence (text or a file),
    ``dropped`` the reason. Nothing is written when any of them is refused."""
    with transaction.atomic():
        item = ActionItem.objects.select_for_update().get(pk=get_action_item(action_id).pk)
        require(by, Action.UPDATE_ACTION_ITEM, item)
        text = item.evidence if evidence is None else str(evidence)
        text = check_text("evidence", text, MAX_TEXT, required=False)
        progress = item.note if note is None else str(note)
        progress = check_text("note", progress, MAX_TEXT, required=False)
        has_file = upload is not None or bool(item.evidence_sha256)
        parsed = check_action_update(str(status or ""), text, has_file)
        before = {
            "status": item.status,
            "note": item.note,
            "evidence": item.evidence,
            "file": item.evidence_filename,
        }
        item.status, item.note, item.evidence = parsed.value, progress, text
        if upload is not None:
            item.evidence_filename, item.evidence_size, item.evidence_sha256 = _keep(upload, "file")
        item.updated_by = user_of(by)
        after = {
            "status": item.status,
            "note": item.note,
            "evidence": item.evidence,
            "file": item.evidence_filename,
        }
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            return item
        item.save()
        audit.record(
            actor=by,
            channel=channel,
            action="action_item.update",
            object_type="action_item",
            object_id=item.pk,
            member_code=item.owner_id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return item


# --- reminders ---------------------------------------------------------------------------------


def send_reminders(*, by: Actor, channel: str, notices: dict[str, list[str]], subject: str) -> int:
    """Send each member's notices by e-mail to its people who have an address (only
    where ``DELTACAP_WORKING_EMAIL`` is on); returns the number of e-mails sent."""
    from deltacap.working.models import Meeting as _Meeting

    require(by, Action.SEND_REMINDERS, _Meeting())
    if not settings.DELTACAP_WORKING_EMAIL:
        raise InvalidInput(
            gettext_noop("E-mail reminders are off (DELTACAP_WORKING_EMAIL=1 turns them on)."),
            field="send",
        )
    sent = 0
    with transaction.atomic():
        for member, lines in notices.items():
            if not lines:
                continue
            people = GroupPerson.objects.filter(member_id=member or None).exclude(email="")
            addresses = sorted({p.email for p in people})
            if not addresses:
                continue
            sent += send_mail(subject, "\n".join(lines), None, addresses)
        audit.record(
            actor=by,
            channel=channel,
            action="working.remind",
            object_type="meeting",
            object_id="reminders",
            after={"emails": sent, "members": sorted(m for m, lines in notices.items() if lines)},
        )
    return sent


def statuses() -> list[str]:
    return [s.value for s in ActionStatus]
