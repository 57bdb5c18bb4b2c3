"""Information sharing among the members (信息共享, plan 二(一)): which categories of change
each member reads of the others, and which category an audited write belongs to.

The plan shares "减排目标、指标、重点减排工程及进展情况以及地表水和空气质量变化情况"
among the members. The office sets a policy per category: read by every member (the
default, as the plan asks) or only by the member itself (and the office). Writes stay
with their owners. Enterprise-level details (rights holdings, monitoring values) are no
category here: they follow the read rules of their own capability and never enter the
shared changes. Pure rules, no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from deltacap.domain.access import Kind, Principal, Resource, Role
from deltacap.domain.access.model import REGION
from deltacap.domain.access.reads import may_read
from deltacap.domain.errors import InvalidInput, gettext_noop


class Category(enum.StrEnum):
    TARGETS = "targets"  # 减排目标: the region's and members' targets
    INDICATORS = "indicators"  # 指标: the split of targets to cities and counties, coefficients
    PROJECTS = "projects"  # 重点减排工程及进展: projects, their steps, the evaluation rounds
    AIR = "air"  # 空气质量: stations and their hourly data
    WATER = "water"  # 地表水: monitoring sections and their samples


class Scope(enum.StrEnum):
    ALL_MEMBERS = "all_members"
    OWN_MEMBER = "own_member"


# The plan's default: every category is read by every member.
DEFAULT_SCOPE = Scope.ALL_MEMBERS

# Those who read shared changes: the office and the members' staff (the working group's
# members; cities, enterprises and the public read the records their own rules give them).
READERS = frozenset({Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.SYSTEM})

_BY_ACTION_PREFIX = {
    "project": Category.PROJECTS,
    "round": Category.PROJECTS,
    "coefficients": Category.INDICATORS,
    "air_station": Category.AIR,
    "air_observations": Category.AIR,
    "water": Category.WATER,
}


def _is_target_of_member_or_region(object_id: str) -> bool:
    """A target's record is ``period/scope/pollutant``; a member's code ends in 0000."""
    parts = object_id.split("/")
    scope = parts[1] if len(parts) == 3 else ""
    return scope == REGION or (len(scope) == 6 and scope.endswith("0000"))


def category_of(action: str, object_id: str) -> Category | None:
    """The category of an audited write (None: not shared, e.g. the rights registry)."""
    prefix = action.split(".", 1)[0]
    if prefix == "target":
        if _is_target_of_member_or_region(object_id):
            return Category.TARGETS
        return Category.INDICATORS
    return _BY_ACTION_PREFIX.get(prefix)


def actions_of(category: Category) -> list[str]:
    """The action prefixes of a category (``target`` for targets and indicators alike)."""
    found = [p for p, c in _BY_ACTION_PREFIX.items() if c is category]
    if category in (Category.TARGETS, Category.INDICATORS):
        found.append("target")
    return found


def is_reader(principal: Principal) -> bool:
    return principal.role in READERS


def may_read_change(principal: Principal, member_code: str, scope: Scope) -> bool:
    """Whether ``principal`` reads a change of ``member_code`` ("" the region's) in a
    category shared as ``scope``. Its own member's (and the office everything) as the
    audit trail's rule says; another member's only where the category is shared with
    every member, and then only by the members' staff."""
    path = (REGION, member_code) if member_code else (REGION,)
    if may_read(principal, Resource(Kind.AUDIT_EVENT, path)):
        return True
    return scope is Scope.ALL_MEMBERS and principal.role in (
        Role.MEMBER_EDITOR,
        Role.MEMBER_VIEWER,
    )


def parse_categories(values: Iterable[str], field: str = "category") -> list[Category]:
    """Categories by their codes, in the order of ``Category``. Raises InvalidInput naming
    the first unknown one."""
    found = set()
    for value in values:
        for part in str(value).split(","):
            code = part.strip()
            if not code:
                continue
            try:
                found.add(Category(code))
            except ValueError:
                raise InvalidInput(
                    gettext_noop("There is no category {got}; the categories are {valid}."),
                    field=field,
                    got=code,
                    valid=", ".join(c.value for c in Category),
                ) from None
    return [c for c in Category if c in found]


def parse_scope(value: str) -> Scope:
    try:
        return Scope(value.strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("The sharing must be all_members or own_member; got {got}."),
            field="scope",
            got=value,
        ) from None
