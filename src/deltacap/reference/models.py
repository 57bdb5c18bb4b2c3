"""Reference data: divisions, pollutants, planning periods."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

REGION_CODE = "region"


class Level(models.TextChoices):
    REGION = "region", _("Region")
    MEMBER = "member", _("Member")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class LocalisedName(models.Model):
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if (get_language() or "zh").startswith("en") else self.name_zh


class Division(LocalisedName):
    """The region, its four members (三省一市), their cities and counties (GB/T 2260 codes)."""

    code = models.CharField(_("code"), max_length=12, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    demonstration_zone = models.BooleanField(
        _("in the Eco-Green Integrated Development Demonstration Zone"), default=False
    )
    pilot_county = models.BooleanField(_("emission-rights pilot county"), default=False)
    prefecture = models.BooleanField(
        _("prefecture-level city"),
        default=False,
        help_text=_("One of the 41 cities; Shanghai is both a member and a city."),
    )

    class Meta:
        ordering = ["code"]

    def path(self) -> tuple[str, ...]:
        """Codes from the region down to this division (from the tree held by the process,
        reference/tree.py; record by record where it does not know a code)."""
        from deltacap.reference.tree import path_of

        known = path_of(self.code, self.parent_id)
        if known is not None:
            return known
        codes: list[str] = []
        node: Division | None = self
        while node is not None and len(codes) < 5:
            codes.append(node.code)
            node = node.parent
        return tuple(reversed(codes))

    @property
    def member_code(self) -> str | None:
        path = self.path()
        return path[1] if len(path) > 1 else None


class Medium(models.TextChoices):
    WATER = "water", _("Water")
    AIR = "air", _("Air")


class Pollutant(LocalisedName):
    """A pollutant with its HJ 212-2017 code (and the 2005 code where devices still send it)."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    medium = models.CharField(_("medium"), max_length=8, choices=Medium.choices)
    hj212_code = models.CharField(_("HJ 212-2017 code"), max_length=8, blank=True)
    hj212_code_2005 = models.CharField(_("HJ/T 212-2005 code"), max_length=8, blank=True)
    concentration_unit = models.CharField(_("concentration unit"), max_length=16, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]


class TargetForm(models.TextChoices):
    """How a period states its targets."""

    KEY_PROJECT_TONNES = "key_project_tonnes", _("Key-project reduction in tonnes")
    PERCENT_CUT = "percent_cut", _("Percentage cut of total emissions against a base year")


class PlanningPeriod(LocalisedName):
    """A five-year planning period and the pollutants it controls."""

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    target_form = models.CharField(_("target form"), max_length=24, choices=TargetForm.choices)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    pollutants: models.ManyToManyField[Pollutant, PeriodPollutant] = models.ManyToManyField(
        Pollutant, through="PeriodPollutant", related_name="+"
    )

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="period_years_ordered",
            )
        ]

    def controlled_pollutants(self) -> list[Pollutant]:
        return [pp.pollutant for pp in self.period_pollutants.select_related("pollutant")]


class PeriodPollutant(models.Model):
    """One pollutant under total-amount control in one period."""

    period = models.ForeignKey(
        PlanningPeriod, on_delete=models.CASCADE, related_name="period_pollutants"
    )
    pollutant = models.ForeignKey(Pollutant, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["period", "pollutant"], name="period_pollutant_once")
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.pollutant_id}"
