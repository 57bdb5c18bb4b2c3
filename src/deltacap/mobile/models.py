"""High-emission vehicles shared among the members: the vehicle records each member keeps
(no personal data: the owner by kind only), and the notices sent to a vehicle's
registering member when another member finds it high-emission, with the member's
responses. Detections are many and live in the measurement store (``mobile/store.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import Kind, Resource
from deltacap.domain.mobile import EmissionStandard
from deltacap.domain.mobile.machinery import NonroadStage
from deltacap.enterprises.models import Enterprise
from deltacap.mobile import labels
from deltacap.reference.models import Division


def _choices(words: dict) -> list[tuple[str, object]]:
    return [(getattr(code, "value", code), word) for code, word in words.items()]


class Vehicle(models.Model):
    """A vehicle by its plate, registered in a member's city."""

    plate = models.CharField(_("number plate"), max_length=8, unique=True)
    plate_colour = models.CharField(
        _("plate colour"), max_length=12, choices=_choices(labels.PLATE_COLOURS)
    )
    vehicle_type = models.CharField(
        _("vehicle type"), max_length=16, choices=_choices(labels.VEHICLE_TYPES)
    )
    fuel = models.CharField(_("fuel"), max_length=12, choices=_choices(labels.FUELS))
    emission_standard = models.PositiveSmallIntegerField(
        _("emission standard"),
        choices=[(s.value, labels.STANDARDS[s]) for s in EmissionStandard],
    )
    owner_kind = models.CharField(
        _("owner kind"), max_length=12, choices=_choices(labels.OWNER_KINDS)
    )
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("registering city")
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plate"]

    def __str__(self) -> str:
        return self.plate

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.city.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return vehicle_resource(self.city)


def vehicle_resource(city: Division, kind: Kind = Kind.VEHICLE) -> Resource:
    """A record of ``city`` as the access rules see it (a vehicle, detections, a notice)."""
    return Resource(kind, city.path(), level=city.level)


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("awaiting response")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class Notice(models.Model):
    """A vehicle registered in one member (``to_member``) found high-emission in another
    (``from_member``): the registering member answers by ``due``."""

    AUDIT_KINDS: ClassVar[tuple[str, ...]] = ("vehicle_notice",)  # its name in the audit trail
    # What the trail's codes of its fields read as (the reasons, the response).
    AUDIT_VALUES: ClassVar[dict[str, Mapping[str, Promise]]] = {
        "reasons": labels.REASONS,
        "response": labels.RESPONSES,
        "status": labels.NOTICE_STATUS,
    }

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="notices")
    from_member = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("found in")
    )
    to_member_code = models.CharField(max_length=6, db_index=True)
    reasons = models.JSONField(default=list)
    failures = models.PositiveIntegerField(default=0)
    last_detection = models.DateTimeField(_("latest detection"))
    raised_at = models.DateTimeField(_("raised on"))
    due = models.DateField(_("response due"))
    rules_version = models.CharField(max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["vehicle", "from_member"])]

    def __str__(self) -> str:
        return f"{self.vehicle.plate} · {self.from_member_id}"

    def as_resource(self) -> Resource:
        return vehicle_resource(self.vehicle.city, Kind.VEHICLE_NOTICE)

    def overdue(self, today: date) -> bool:
        """No response by the due day."""
        return self.status == NoticeStatus.OPEN and today > self.due


class NoticeResponse(models.Model):
    """What the registering member did about a notice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("response"), max_length=16, choices=_choices(labels.RESPONSES))
    day = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return self.kind


# --- non-road mobile machinery ----------------------------------------------------------------


class Machine(models.Model):
    """A non-road machine by its environmental registration code (环保登记编码), registered
    in a member's city; its owner enterprise linked where its credit code is registered."""

    code = models.CharField(_("registration code"), max_length=20, unique=True)
    machine_type = models.CharField(
        _("machine type"), max_length=16, choices=_choices(labels.MACHINE_TYPES)
    )
    engine_fuel = models.CharField(
        _("engine fuel"), max_length=10, choices=_choices(labels.ENGINE_FUELS)
    )
    engine_model = models.CharField(_("engine model"), max_length=40, blank=True)
    rated_power_kw = models.DecimalField(
        _("rated power (kW)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    stage = models.PositiveSmallIntegerField(
        _("emission stage"),
        choices=[(s.value, labels.STAGES[s]) for s in NonroadStage],
    )
    owner_uscc = models.CharField(_("owner's credit code"), max_length=18, blank=True)
    owner_name = models.CharField(_("owner"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner enterprise"),
    )
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("registering city")
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    synthetic = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.city.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return machine_resource(self.city, enterprise_id=self.enterprise_id)


def machine_resource(
    city: Division, kind: Kind = Kind.MACHINE, enterprise_id: int | None = None
) -> Resource:
    """A machinery record of ``city`` as the access rules see it."""
    return Resource(kind, city.path(), level=city.level, enterprise_id=enterprise_id)


class MachineCheck(models.Model):
    """A field check (现场检查) a member or city made in its own area on any member's
    machine; ``accepted``: the machine works in the check's low-emission zone on its home
    registration (mutual recognition)."""

    machine = models.ForeignKey(Machine, on_delete=models.PROTECT, related_name="checks")
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked in")
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    place = models.CharField(_("place"), max_length=100)
    day = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=4, choices=_choices(labels.CHECK_RESULTS))
    low_emission_zone = models.BooleanField(_("in a low-emission zone"), default=False)
    accepted = models.BooleanField(_("accepted on its home registration"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return f"{self.machine_id} · {self.day}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.city.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return machine_resource(self.city, Kind.MACHINE_CHECK, self.machine.enterprise_id)


class MachineNotice(models.Model):
    """A machine registered in one member (``to_member_code``) that failed a check in
    another (``from_member``): the registering member answers by ``due``."""

    check_record = models.OneToOneField(
        MachineCheck, on_delete=models.PROTECT, related_name="notice"
    )
    machine = models.ForeignKey(Machine, on_delete=models.PROTECT, related_name="notices")
    from_member = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("found in")
    )
    to_member_code = models.CharField(max_length=6, db_index=True)
    raised_at = models.DateTimeField(_("raised on"))
    due = models.DateField(_("response due"))
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.machine_id} · {self.from_member_id}"

    def as_resource(self) -> Resource:
        return machine_resource(self.machine.city, Kind.MACHINE_NOTICE, self.machine.enterprise_id)

    def overdue(self, today: date) -> bool:
        return self.status == NoticeStatus.OPEN and today > self.due


class MachineNoticeResponse(models.Model):
    """What the registering member did about a machine's notice."""

    notice = models.ForeignKey(MachineNotice, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(_("response"), max_length=16, choices=_choices(labels.RESPONSES))
    day = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return self.kind


# --- phase-out of old vehicles and machinery ---------------------------------------------------


class PhaseoutRecord(models.Model):
    """A registered vehicle (by plate) or machine (by code) a member phased out in a month:
    scrapped, deregistered or exported; whether it counts as old high-emission under the
    unified standard in force that month, and which version said so."""

    subject = models.CharField(
        max_length=8, choices=[("vehicle", "vehicle"), ("machine", "machine")]
    )
    identifier = models.CharField(_("plate or registration code"), max_length=20)
    city = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("city")
    )
    member_code = models.CharField(max_length=6, db_index=True, editable=False)
    month = models.DateField(_("month"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=_choices(labels.OUTCOMES))
    unit_type = models.CharField(max_length=16)
    fuel = models.CharField(max_length=12)
    stage = models.PositiveSmallIntegerField()
    qualifies = models.BooleanField(default=False)
    standard_version = models.CharField(max_length=20, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["month", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "identifier"], name="mobile_phaseout_unit_once"
            )
        ]
        indexes = [models.Index(fields=["member_code", "month"], name="mobile_phaseout_member")]

    def __str__(self) -> str:
        return self.identifier

    def save(self, *args: object, **kwargs: object) -> None:
        self.member_code = self.city.member_code or ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def as_resource(self) -> Resource:
        return Resource(Kind.PHASEOUT, self.city.path(), level=self.city.level)


class PhaseoutTarget(models.Model):
    """How many old vehicles and machines a member plans to phase out in a year."""

    member_code = models.CharField(max_length=6)
    year = models.PositiveSmallIntegerField()
    vehicles = models.PositiveIntegerField(default=0)
    machines = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member_code", "year"], name="mobile_phaseout_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_code} {self.year}"


class PhaseoutStandardVersion(models.Model):
    """A version of the unified phase-out standard the office set: which vehicles and
    machines count as old high-emission (clauses of types, fuels and highest stage), in
    force from ``start``. The configured versions (``mobile/data/phaseout_standard.json``)
    come before these; a version is never changed, a new one follows it."""

    version = models.CharField(_("version"), max_length=32, unique=True)
    start = models.DateField(_("in force from"), unique=True)
    source = models.TextField(_("source"), blank=True)
    vehicles = models.JSONField(default=list)
    machines = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.version} ({self.start})"
