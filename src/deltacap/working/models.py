"""The working group (工作专班, 二(一)): its people, its half-yearly meetings with their
agenda, minutes, documents and action items."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Resource, region_resource
from deltacap.domain.working import ActionStatus, AgendaState, GroupRole
from deltacap.reference.models import Division

ROLE_CHOICES = [
    (GroupRole.LEAD.value, _("Lead (deputy director-general)")),
    (GroupRole.DIVISION_CHIEF.value, _("Responsible division chief")),
    (GroupRole.LIAISON.value, _("Liaison")),
    (GroupRole.OFFICE_STAFF.value, _("Office staff")),
]
STATUS_CHOICES = [
    # "open" in the API; "not started" to a reader (beside "in progress").
    (ActionStatus.OPEN.value, _("not started")),
    (ActionStatus.IN_PROGRESS.value, _("in progress")),
    (ActionStatus.DONE.value, _("done")),
    (ActionStatus.DROPPED.value, _("dropped")),
]
AGENDA_CHOICES = [
    (AgendaState.PROPOSED.value, _("proposed")),
    (AgendaState.ACCEPTED.value, _("accepted")),
    (AgendaState.DECLINED.value, _("declined")),
]


def _member_resource(kind: Kind, member_code: str | None) -> Resource:
    if not member_code:
        return region_resource(kind)
    return Resource(kind, (REGION, member_code), level="member")


class GroupPerson(models.Model):
    """One of the group's people: a member's (``member`` set) or the office's (none)."""

    member = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=ROLE_CHOICES)
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member_id", "role", "name"]

    def __str__(self) -> str:
        return self.name

    def as_resource(self) -> Resource:
        return _member_resource(Kind.GROUP_PERSON, self.member_id)


class Meeting(models.Model):
    """A research and consultation meeting of the group (调研会商研讨会议)."""

    day = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    host = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("host member")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.day} {self.place}"

    def as_resource(self) -> Resource:
        return region_resource(Kind.MEETING)

    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]

    def participant_lines(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class AgendaItem(models.Model):
    """An item a member (or the office: ``member`` none) proposes for a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    member = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(max_length=10, choices=AGENDA_CHOICES, default="proposed")
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.title

    def as_resource(self) -> Resource:
        return _member_resource(Kind.AGENDA_ITEM, self.member_id)


class MeetingDocument(models.Model):
    """A document of a meeting: a file kept in the data folder, or a link."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    link = models.CharField(_("link"), max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_id", "id"]

    def __str__(self) -> str:
        return self.title

    def as_resource(self) -> Resource:
        return region_resource(Kind.MEETING)


class ActionItem(models.Model):
    """What a meeting gives a member to do, by a date; the member reports its status."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    owner = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner member")
    )
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES, default="open")
    # Where the item stands, in the owner's words (kept when the evidence comes in).
    note = models.TextField(_("progress note"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_filename = models.CharField(max_length=200, blank=True)
    evidence_size = models.PositiveIntegerField(default=0)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title

    def as_resource(self) -> Resource:
        return _member_resource(Kind.ACTION_ITEM, self.owner_id)
