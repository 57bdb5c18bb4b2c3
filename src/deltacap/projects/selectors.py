"""Reads of projects, limited to what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q, QuerySet

from deltacap.accounts.permissions import can, principal_of, require
from deltacap.domain.access import READS_ALL, Action, Kind, Resource, Role
from deltacap.domain.access.reads import SHARED_READERS
from deltacap.domain.sharing import Category, Scope
from deltacap.projects.models import Project
from deltacap.projects.services import get_project
from deltacap.reference.models import Division, Level
from deltacap.sharing.selectors import scope_of


def projects_shared() -> bool:
    """Whether the office shares the key reduction projects with every member (its sharing
    policy of the projects category; the default does). Read once per request, by the
    list's query or the record's read."""
    return scope_of(Category.PROJECTS) is Scope.ALL_MEMBERS


def read_resource(project: Project, shared: bool) -> Resource:
    """The project as the read rule sees it: its place, and the sharing policy in force."""
    return replace(project.as_resource(), shared=shared)


def readable_project(user: Any, code: str) -> Project:
    """The project ``code``, if ``user`` may read it (by its place or, where the office shares
    the projects with every member, as one of the members' officials); else AccessDenied.
    Reading grants nothing more: every write asks its own rule of the project's place."""
    project = get_project(code)
    require(user, Action.READ, read_resource(project, projects_shared()))
    return project


def visible_projects(user: Any, shared: bool | None = None) -> QuerySet[Project]:
    """Projects ``user`` may read, by the rules of ``domain.access`` (Kind.PROJECT) as a query:
    the office all; member staff their member's and city and county editors their area's,
    or every member's where the office shares the projects (``shared``; the policy in force
    when not given); an enterprise its own. The public none (projects are not published).
    """
    p = principal_of(user)
    qs = Project.objects.select_related("member", "city", "county", "enterprise")
    if p.role in READS_ALL:
        return qs
    if p.role is Role.ENTERPRISE:
        return qs.filter(enterprise_id=p.enterprise_id or 0)
    if p.role in SHARED_READERS:
        if projects_shared() if shared is None else shared:
            return qs
        if p.division_code:
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
    enterprise: int | None = None  # the enterprise's id

    def apply(self, qs: QuerySet[Project]) -> QuerySet[Project]:
        for name, lookup in (
            ("period", "period_id"),
            ("member", "member_id"),
            ("status", "status"),
            ("category", "category"),
            ("due_year", "due_year"),
            ("enterprise", "enterprise_id"),
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


@dataclass(frozen=True)
class WritablePlaces:
    """Where a user may write projects: members, their cities (by member code) and the
    cities' counties (by city code). ``whole_cities``: cities the user writes as a whole, so
    that a project there may name no county (a county's editor must name its county)."""

    members: list[Division]
    cities: dict[str, list[Division]]
    counties: dict[str, list[Division]]
    whole_cities: frozenset[str]

    def member_of(self, code: str) -> Division | None:
        return next((m for m in self.members if m.code == code), None)


def _paths(divisions: list[Division]) -> dict[str, tuple[str, ...]]:
    """Every division's path from the region down, from one list (no query per parent)."""
    parent = {d.code: d.parent_id for d in divisions}
    paths: dict[str, tuple[str, ...]] = {}
    for d in divisions:
        codes: list[str] = []
        node: str | None = d.code
        while node is not None and len(codes) < 5:
            codes.append(node)
            node = parent.get(node)
        paths[d.code] = tuple(dict.fromkeys(reversed(codes)))
    return paths


def writable_places(user: Any) -> WritablePlaces:
    """The places where ``user`` may write projects, by the access rules (asked per city
    and county, as a project there would be), in code order."""
    divisions = list(Division.objects.order_by("code"))
    paths = _paths(divisions)

    def may_write(d: Division, path: tuple[str, ...]) -> bool:
        resource = Resource(Kind.PROJECT, path, level=d.level)
        return can(user, Action.EDIT_PROJECT, resource)

    cities: dict[str, list[Division]] = {}
    counties: dict[str, list[Division]] = {}
    whole: set[str] = set()
    under: dict[str, list[Division]] = {}
    for d in divisions:
        if d.level == Level.COUNTY and d.parent_id:
            under.setdefault(d.parent_id, []).append(d)
    for city in (d for d in divisions if d.prefecture):
        path = paths[city.code]
        own = [c for c in under.get(city.code, []) if may_write(c, (*path, c.code))]
        if may_write(city, path):
            whole.add(city.code)
        if own or city.code in whole:
            cities.setdefault(path[1], []).append(city)
            counties[city.code] = own
    by_code = {d.code: d for d in divisions}
    members = [by_code[code] for code in sorted(cities)]
    return WritablePlaces(members, cities, counties, frozenset(whole))
