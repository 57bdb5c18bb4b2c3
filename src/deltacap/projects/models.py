"""Key reduction projects (重点减排工程), their reductions, evidence and the annual evaluation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from deltacap.domain.access import REGION, Kind, Resource, region_resource
from deltacap.domain.accounting import CATEGORIES, CoefficientSet
from deltacap.domain.evaluation import Outcome, RoundState
from deltacap.domain.investment import FundingSource as Funding
from deltacap.domain.projects import ProjectStatus
from deltacap.enterprises.models import Enterprise
from deltacap.reference.models import Division, PlanningPeriod, Pollutant


class Status(models.TextChoices):
    PLANNED = ProjectStatus.PLANNED.value, _("Planned")
    UNDER_CONSTRUCTION = ProjectStatus.UNDER_CONSTRUCTION.value, _("Under construction")
    COMMISSIONED = ProjectStatus.COMMISSIONED.value, _("Commissioned")
    VERIFIED = ProjectStatus.VERIFIED.value, _("Verified")
    REJECTED = ProjectStatus.REJECTED.value, _("Rejected")


class FundingSource(models.TextChoices):
    CENTRAL = Funding.CENTRAL.value, _("Central government")
    PROVINCIAL = Funding.PROVINCIAL.value, _("Provincial government")
    LOCAL = Funding.LOCAL.value, _("Local government")
    ENTERPRISE = Funding.ENTERPRISE.value, _("Enterprise")
    OTHER = Funding.OTHER.value, _("Other")


CATEGORY_CHOICES = [(code, spec.name_en) for code, spec in CATEGORIES.items()]


class CoefficientTable(models.Model):
    """A versioned coefficient set (``domain.accounting.CoefficientSet``) as registered.

    Immutable once registered: a member's official table comes in under a new id or version,
    and every computed reduction names the table it used.
    """

    set_id = models.CharField(_("coefficient set"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    source = models.TextField(_("source"), blank=True)
    data = models.JSONField()
    member = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["set_id", "version"], name="coefficient_set_once")
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("coefficient tables are immutable; register a new version")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return f"{self.set_id} {self.version}"

    def as_resource(self) -> Resource:
        """A table of the region, or of its member."""
        if self.member_id is None:
            return region_resource(Kind.COEFFICIENTS)
        return Resource(Kind.COEFFICIENTS, (REGION, self.member_id), level="member")

    def as_domain(self) -> CoefficientSet:
        cached = getattr(self, "_domain", None)
        if cached is None:
            cached = CoefficientSet.from_json(self.data)
            self._domain = cached
        return cached


class Project(models.Model):
    """One key reduction project of a member, in a city (and county), maybe of an enterprise."""

    code = models.CharField(_("project code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    period = models.ForeignKey(PlanningPeriod, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    category = models.CharField(_("accounting category"), max_length=32, choices=CATEGORY_CHOICES)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    start_date = models.DateField(_("start date"))
    commissioning_date = models.DateField(_("commissioning date"))
    due_year = models.PositiveSmallIntegerField(_("year due"))
    note = models.TextField(_("note"), blank=True)
    accounting_inputs = models.JSONField(null=True, blank=True)
    coefficients = models.ForeignKey(
        CoefficientTable, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accounting = models.JSONField(null=True, blank=True)
    unverified_coefficients = models.BooleanField(default=False)
    review_note = models.TextField(_("office's note"), blank=True)
    # Investment (万元) and its main funding source; optional.
    investment_wan = models.DecimalField(
        _("investment (10,000 yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices, blank=True
    )
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["member", "status"], name="project_member_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(investment_wan__isnull=True) | models.Q(investment_wan__gte=0),
                name="projects_investment_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def division(self) -> Division:
        """The project's own place: its county when known, else its city."""
        return self.county or self.city

    def division_path(self) -> tuple[str, ...]:
        codes = [REGION, self.member_id, self.city_id]
        if self.county_id:
            codes.append(self.county_id)
        return tuple(dict.fromkeys(codes))

    def as_resource(self) -> Resource:
        """The project at its place (county, else city), with its enterprise if any."""
        return Resource(
            Kind.PROJECT,
            self.division_path(),
            level=self.division.level,
            enterprise_id=self.enterprise_id,
        )

    @property
    def status_enum(self) -> ProjectStatus:
        return ProjectStatus(self.status)


class ProjectReduction(models.Model):
    """A project's reduction of one pollutant: planned by the member, accounted by the platform.

    The period, member, city, status and credit year are copies of the project's, kept by
    the services, so that progress is one grouped query over this table.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reductions")
    pollutant = models.ForeignKey(Pollutant, on_delete=models.PROTECT, related_name="+")
    planned_tonnes = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    accounted_tonnes = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    period = models.ForeignKey(PlanningPeriod, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)
    credit_year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "pollutant"], name="reduction_once"),
            models.CheckConstraint(
                condition=models.Q(planned_tonnes__isnull=True) | models.Q(planned_tonnes__gte=0),
                name="planned_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(accounted_tonnes__isnull=True)
                | models.Q(accounted_tonnes__gte=0),
                name="accounted_not_negative",
            ),
        ]
        indexes = [
            models.Index(
                fields=["period", "status", "member", "pollutant", "credit_year"],
                name="reduction_progress",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.pollutant_id}"


class EvidenceKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance report")
    PERMIT = "permit", _("Emission permit")
    MONITORING = "monitoring", _("Monitoring data")
    OPERATION = "operation", _("Operating records")
    OTHER = "other", _("Other")


class Evidence(models.Model):
    """An evidence file (佐证材料) of a project, kept in the database with its SHA-256."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.filename


class PendingImport(models.Model):
    """An uploaded file between its dry run and the user's confirmation (then deleted)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    period = models.ForeignKey(PlanningPeriod, on_delete=models.CASCADE, related_name="+")
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class EvaluationRound(models.Model):
    """The office's annual evaluation round for one year of a period."""

    period = models.ForeignKey(PlanningPeriod, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    # The task-list window the round was opened in (None: opened before the calendar).
    window_opens = models.DateField(_("window opens"), null=True, blank=True)
    window_closes = models.DateField(_("window closes"), null=True, blank=True)
    # The office's reason for opening the round outside its window ("" inside it).
    override_reason = models.TextField(_("reason for opening outside the window"), blank=True)
    state = models.CharField(
        max_length=8,
        choices=[(s.value, s.value) for s in RoundState],
        default=RoundState.OPEN.value,
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["period_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["period", "year"], name="one_round_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = EvaluationRound.objects.filter(pk=self.pk).values("state", "snapshot").first()
            if stored and stored["state"] == RoundState.CLOSED.value:
                raise ValueError("a closed evaluation round is frozen")
        super().save(*args, **kwargs)

    def as_resource(self) -> Resource:
        """The round as the region's (the office opens, reminds and closes it)."""
        return region_resource(Kind.ROUND)

    @staticmethod
    def task_list_of(member_code: str) -> Resource:
        """One member's task list in a round (its member editors submit it)."""
        return Resource(Kind.ROUND, (REGION, member_code), level="member")


class Submission(models.Model):
    """A member's task-list completion for a round."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="submissions")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    after_deadline = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_submission_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.member_id}"


class SubmissionItem(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="items")
    project_code = models.CharField(max_length=40)
    outcome = models.CharField(max_length=8, choices=[(o.value, o.value) for o in Outcome])
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["project_code"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "project_code"], name="item_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_code} {self.outcome}"


class Reminder(models.Model):
    """The office's reminder to a member that has not submitted."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.round_id} {self.member_id}"
