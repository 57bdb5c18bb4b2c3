"""Who may read and write what: the platform's access rules, in one place.

Pages, the API, imports and the command line all ask :func:`check` (through
``deltacap.accounts.permissions``), so a rule is written once. The rules follow
the plan's division of work (沪环监测〔2023〕208号, 二(一)): the region office
(专班办公室) reads everything and keeps the region's targets; each member keeps
its own records; cities and counties keep theirs; enterprises see only their own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from deltacap.domain.errors import DeltacapError, gettext_noop


class Role(enum.StrEnum):
    """Account roles. ``PUBLIC`` is the anonymous visitor."""

    OFFICE = "office"
    MEMBER_EDITOR = "member_editor"
    MEMBER_VIEWER = "member_viewer"
    CITY_EDITOR = "city_editor"
    ENTERPRISE = "enterprise"
    PUBLIC = "public"


class Action(enum.StrEnum):
    READ = "read"
    WRITE = "write"


class Kind(enum.StrEnum):
    """Kinds of record the rules know."""

    TARGET = "target"
    ENTERPRISE = "enterprise"
    AUDIT_EVENT = "audit_event"
    # A key reduction project (重点减排工程) of a member, city or county, maybe of an enterprise.
    PROJECT = "project"
    # A monitored outlet or monitoring device of an enterprise, and its data.
    OUTLET = "outlet"
    # Emission rights held by an account (排污权), and the market's orders and trades.
    HOLDING = "holding"
    TRADE = "trade"


@dataclass(frozen=True)
class Principal:
    """The one acting. ``division_code`` is the member, city or county an account belongs to."""

    role: Role
    division_code: str | None = None
    enterprise_id: int | None = None

    @property
    def is_public(self) -> bool:
        return self.role is Role.PUBLIC


PUBLIC = Principal(Role.PUBLIC)


@dataclass(frozen=True)
class Resource:
    """A record as the rules see it.

    ``division_path`` lists the division codes from the region down to the
    record's own division, e.g. ``("region", "320000", "320500", "320509")``.
    ``level`` is the level of the record's own division (region, member, city, county).
    """

    kind: Kind
    division_path: tuple[str, ...]
    level: str = ""
    enterprise_id: int | None = None
    published: bool = False

    @property
    def member_code(self) -> str | None:
        return self.division_path[1] if len(self.division_path) > 1 else None


class AccessDenied(DeltacapError):
    """The principal may not do this to this record."""

    template = gettext_noop("You do not have permission to do this.")

    def __init__(self, principal: Principal, action: Action, resource: Resource) -> None:
        self.principal = principal
        self.action = action
        self.resource = resource
        template = (
            gettext_noop("You may not read this record.")
            if action is Action.READ
            else gettext_noop("You may not change this record.")
        )
        super().__init__(template)


def _within(principal: Principal, resource: Resource) -> bool:
    return principal.division_code is not None and principal.division_code in resource.division_path


def _is_member_staff(principal: Principal, resource: Resource) -> bool:
    return principal.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER) and _within(
        principal, resource
    )


def _target_read(p: Principal, r: Resource) -> bool:
    # The plan's targets are published in the plan itself.
    return True


def _target_write(p: Principal, r: Resource) -> bool:
    if r.level in ("region", "member"):
        return p.role is Role.OFFICE
    # A member splits its own target to its cities and counties.
    return p.role is Role.MEMBER_EDITOR and _within(p, r)


def _enterprise_read(p: Principal, r: Resource) -> bool:
    if p.role is Role.OFFICE:
        return True
    if p.role is Role.ENTERPRISE:
        return p.enterprise_id is not None and p.enterprise_id == r.enterprise_id
    if p.role is Role.CITY_EDITOR:
        return _within(p, r)
    return _is_member_staff(p, r)


def _enterprise_write(p: Principal, r: Resource) -> bool:
    if p.role in (Role.MEMBER_EDITOR, Role.CITY_EDITOR):
        return _within(p, r)
    if p.role is Role.ENTERPRISE:
        return p.enterprise_id is not None and p.enterprise_id == r.enterprise_id
    return False


def _place_write(p: Principal, r: Resource) -> bool:
    return p.role in (Role.MEMBER_EDITOR, Role.CITY_EDITOR) and _within(p, r)


def _audit_read(p: Principal, r: Resource) -> bool:
    if p.role is Role.OFFICE:
        return True
    return _is_member_staff(p, r)


def _order_write(p: Principal, r: Resource) -> bool:
    # An enterprise places its own orders; a reserve's are placed by the bureaus over it.
    if r.enterprise_id is not None:
        return p.role is Role.ENTERPRISE and p.enterprise_id == r.enterprise_id
    return _place_write(p, r)


def _never(p: Principal, r: Resource) -> bool:
    # The audit trail is append-only: nobody writes an event, the services do.
    return False


_RULES: dict[tuple[Kind, Action], Callable[[Principal, Resource], bool]] = {
    (Kind.TARGET, Action.READ): _target_read,
    (Kind.TARGET, Action.WRITE): _target_write,
    (Kind.ENTERPRISE, Action.READ): _enterprise_read,
    (Kind.ENTERPRISE, Action.WRITE): _enterprise_write,
    (Kind.AUDIT_EVENT, Action.READ): _audit_read,
    (Kind.AUDIT_EVENT, Action.WRITE): _never,
    # Projects and outlets are a place's records like enterprises: the same readers; written
    # by the member's and the city's or county's editors. An enterprise reads its own; it
    # writes neither (it reports through its devices and submissions).
    (Kind.PROJECT, Action.READ): _enterprise_read,
    (Kind.PROJECT, Action.WRITE): _place_write,
    (Kind.OUTLET, Action.READ): _enterprise_read,
    (Kind.OUTLET, Action.WRITE): _place_write,
    # Holdings: an enterprise reads its own, the bureaus of its area and the office read them;
    # the bureaus confirm (issue) rights. Trades and orders: read alike (each side's
    # resource is checked; settled trades are published), placed by their party.
    (Kind.HOLDING, Action.READ): _enterprise_read,
    (Kind.HOLDING, Action.WRITE): _place_write,
    (Kind.TRADE, Action.READ): _enterprise_read,
    (Kind.TRADE, Action.WRITE): _order_write,
}


def allowed(principal: Principal, action: Action, resource: Resource) -> bool:
    """True when ``principal`` may take ``action`` on ``resource``.

    Published records are readable by everyone, the public included.
    """
    if action is Action.READ and resource.published:
        return True
    return _RULES[(resource.kind, action)](principal, resource)


def check(principal: Principal, action: Action, resource: Resource) -> None:
    """Raise :class:`AccessDenied` unless :func:`allowed`."""
    if not allowed(principal, action, resource):
        raise AccessDenied(principal, action, resource)


# Which fields of an enterprise record each role may change (on records it may write at all).
_ENTERPRISE_FIELDS_OFFICIAL = frozenset(
    {"name", "sector", "address", "contact_name", "contact_phone", "division"}
)
_ENTERPRISE_FIELDS_SELF = frozenset({"address", "contact_name", "contact_phone"})


def editable_fields(principal: Principal, kind: Kind) -> frozenset[str]:
    """Fields of a ``kind`` record that ``principal`` may change where it may write the record."""
    if kind is Kind.ENTERPRISE:
        if principal.role in (Role.MEMBER_EDITOR, Role.CITY_EDITOR):
            return _ENTERPRISE_FIELDS_OFFICIAL
        if principal.role is Role.ENTERPRISE:
            return _ENTERPRISE_FIELDS_SELF
    return frozenset()
