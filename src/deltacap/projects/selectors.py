"""Reads of projects, limited to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import READS_ALL, Role
from deltacap.projects.models import Project


def visible_projects(user: Any) -> QuerySet[Project]:
    """Projects ``user`` may read, by the rules of ``domain.access`` (Kind.PROJECT) as a query:
    the office all; member staff their member's; city and county editors their area's; an
    enterprise its own. The public none (projects are not published).
    """
    p = principal_of(user)
    qs = Project.objects.select_related("member", "city", "county", "enterprise")
    if p.role in READS_ALL:
        return qs
    if p.role is Role.ENTERPRISE:
        return qs.filter(enterprise_id=p.enterprise_id or 0)
    if p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR) and p.division_code:
        code = p.division_code
        return qs.filter(Q(member_id=code) | Q(city_id=code) | Q(county_id=code))
    return qs.none()


@dataclass
class ProjectFilter:
    """The list's filters, as the page, the API and the export take them."""

    period: str | None = None
    member: str | None = None
    city: str | None = None
    status: str | None = None
    category: str | None = None
    pollutant: str | None = None
    due_year: int | None = None
    q: str | None = None

    def apply(self, qs: QuerySet[Project]) -> QuerySet[Project]:
        for name, lookup in (
            ("period", "period_id"),
            ("member", "member_id"),
            ("status", "status"),
            ("category", "category"),
            ("due_year", "due_year"),
        ):
            value = getattr(self, name)
            if value not in (None, ""):
                qs = qs.filter(**{lookup: value})
        if self.city:
            qs = qs.filter(Q(city_id=self.city) | Q(county_id=self.city))
        if self.pollutant:
            qs = qs.filter(reductions__pollutant_id=self.pollutant)
        if self.q:
            qs = qs.filter(Q(code__icontains=self.q) | Q(name__icontains=self.q))
        return qs.distinct() if self.pollutant else qs


def project_list(user: Any, filters: ProjectFilter) -> QuerySet[Project]:
    return filters.apply(visible_projects(user)).order_by("code")
