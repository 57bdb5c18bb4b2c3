"""Names and codes a project list uses, resolved once per import (or per single write).

Members, cities and counties by their Chinese or English name or their GB/T 2260 code;
categories and statuses by code or by their Chinese or English label; enterprises by their
unified social credit code; coefficient tables by "<set id> <version>".
"""

from __future__ import annotations

from collections.abc import Iterable

from deltacap.domain.accounting import CATEGORIES, Pollutant
from deltacap.enterprises.models import Enterprise
from deltacap.projects.models import (
    CoefficientTable,
    Evidence,
    Project,
    ProjectReduction,
    Status,
)
from deltacap.reference.models import Division, Level, PlanningPeriod

# The accounting core's pollutant codes and the platform's reference codes.
POLLUTANT_CODES: dict[Pollutant, str] = {
    Pollutant.COD: "COD",
    Pollutant.NH3_N: "NH3-N",
    Pollutant.TP: "TP",
    Pollutant.TN: "TN",
    Pollutant.NOX: "NOx",
    Pollutant.SO2: "SO2",
    Pollutant.PM: "PM",
    Pollutant.VOCS: "VOCs",
}
STATUS_LABELS_ZH = {
    Status.PLANNED: "计划",
    Status.UNDER_CONSTRUCTION: "在建",
    Status.COMMISSIONED: "已投运",
    Status.VERIFIED: "核查确认",
    Status.REJECTED: "退回",
}
STATUS_LABELS_EN = {
    Status.PLANNED: "Planned",
    Status.UNDER_CONSTRUCTION: "Under construction",
    Status.COMMISSIONED: "Commissioned",
    Status.VERIFIED: "Verified",
    Status.REJECTED: "Rejected",
}
CHUNK = 500


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


class Lookups:
    """Everything a batch of project rows refers to, loaded in a few queries."""

    def __init__(self, period: PlanningPeriod) -> None:
        self.period = period
        self.pollutants = period.controlled_pollutants()
        divisions = list(Division.objects.exclude(level=Level.REGION))
        self.by_code = {d.code: d for d in divisions}
        self.members: dict[str, Division] = {}
        self.cities: dict[str, dict[str, Division]] = {}
        self.counties: dict[str, dict[str, Division]] = {}
        for d in divisions:
            names = (d.code, _key(d.name_zh), _key(d.name_en))
            if d.level == Level.MEMBER:
                self.members.update(dict.fromkeys(names, d))
            if d.prefecture:
                self.cities.setdefault(d.member_code or "", {}).update(dict.fromkeys(names, d))
            if d.level == Level.COUNTY:
                self.counties.setdefault(d.parent_id or "", {}).update(dict.fromkeys(names, d))
        self.categories = {}
        for code, spec in CATEGORIES.items():
            self.categories.update(
                dict.fromkeys((code, _key(spec.name_zh), _key(spec.name_en)), code)
            )
        self.statuses = {}
        for status in Status:
            names = (status.value, _key(STATUS_LABELS_ZH[status]), _key(STATUS_LABELS_EN[status]))
            self.statuses.update(dict.fromkeys(names, status.value))
        self.enterprises: dict[str, Enterprise] = {}
        self.tables: dict[str, CoefficientTable] = {}
        self.tables_by_id: dict[int, CoefficientTable] = {}
        self.existing: dict[str, Project] = {}
        self.reductions: dict[int, dict[str, ProjectReduction]] = {}
        self.evidence_counts: dict[int, int] = {}

    def member(self, text: str) -> Division | None:
        return self.members.get(_key(text)) or self.members.get(str(text).strip())

    def city(self, member: Division, text: str) -> Division | None:
        return self.cities.get(member.code, {}).get(_key(text))

    def county(self, city: Division, text: str) -> Division | None:
        return self.counties.get(city.code, {}).get(_key(text))

    def category(self, text: str) -> str | None:
        return self.categories.get(_key(text))

    def status(self, text: str) -> str | None:
        return self.statuses.get(_key(text))

    def load_enterprises(self, usccs: Iterable[str]) -> None:
        wanted = sorted(
            {u.strip().upper() for u in usccs if u and u.strip()} - set(self.enterprises)
        )
        for start in range(0, len(wanted), CHUNK):
            for e in Enterprise.objects.filter(uscc__in=wanted[start : start + CHUNK]):
                self.enterprises[e.uscc] = e

    def load_tables(self) -> None:
        self.tables = {t.label: t for t in CoefficientTable.objects.all()}
        self.tables_by_id = {t.pk: t for t in self.tables.values()}

    def load_existing(self, codes: Iterable[str], *, lock: bool = False) -> None:
        """The projects already stored under ``codes``, with their reductions and evidence."""
        wanted = sorted(set(codes) - set(self.existing))
        found: list[int] = []
        for start in range(0, len(wanted), CHUNK):
            qs = Project.objects.filter(code__in=wanted[start : start + CHUNK])
            if lock:
                qs = qs.select_for_update(of=("self",))
            # The stored result is not read: a project's accounted tonnes are its reductions'.
            for project in qs.select_related("county", "city", "coefficients").defer(
                "accounting", "coefficients__data"
            ):
                self.existing[project.code] = project
                found.append(project.pk)
        for start in range(0, len(found), CHUNK):
            chunk = found[start : start + CHUNK]
            for r in ProjectReduction.objects.filter(project_id__in=chunk):
                self.reductions.setdefault(r.project_id, {})[r.pollutant_id] = r
            for project_id in Evidence.objects.filter(project_id__in=chunk).values_list(
                "project_id", flat=True
            ):
                self.evidence_counts[project_id] = self.evidence_counts.get(project_id, 0) + 1
