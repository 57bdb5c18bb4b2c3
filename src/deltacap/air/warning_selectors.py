"""Reads of heavy-pollution warnings: the list a reader may see (the public: those in force),
one warning with its history and notices, and a member's notices."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from deltacap.accounts.permissions import Actor, can, principal_of
from deltacap.air.event_services import latest
from deltacap.air.models import (
    AirWarning,
    AirWarningChange,
    AirWarningNotice,
    ControlList,
    ControlListVersion,
    WarningStatus,
)
from deltacap.domain.access import Action, Role
from deltacap.domain.air import events as list_rules
from deltacap.domain.air import warning_reduction
from deltacap.domain.air import warnings as scheme_rules
from deltacap.domain.air.warnings import WarningLevel

OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR, Role.SYSTEM)


def visible_warnings(by: Actor | None, *, active: bool = False) -> QuerySet[AirWarning]:
    """The warnings ``by`` may read, newest first: every one for the officials (shared among
    the members), those in force for everyone else; only those in force with ``active``."""
    rows = AirWarning.objects.select_related("city__parent")
    if active or principal_of(by).role not in OFFICIALS:
        rows = rows.filter(status=WarningStatus.ACTIVE)
    return rows.order_by("-start", "-id")


def history(warning: AirWarning) -> list[AirWarningChange]:
    return list(warning.changes.select_related("by").order_by("id"))


def notices_of(warning: AirWarning, by: Actor | None) -> list[AirWarningNotice]:
    """The warning's notices ``by`` may read (the office all; a member's staff its own)."""
    rows = warning.notices.select_related("member", "read_by").order_by("member_id")
    return [n for n in rows if can(by, Action.READ, n)]


def member_notices(by: Actor | None) -> QuerySet[AirWarningNotice]:
    """The notices of ``by``'s member (the office: every member's), newest first."""
    principal = principal_of(by)
    rows = AirWarningNotice.objects.select_related("warning__city", "member", "read_by")
    if principal.role in (Role.OFFICE, Role.SYSTEM):
        return rows.order_by("-created_at", "-id")
    if principal.role not in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER):
        return rows.none()
    return rows.filter(member_id=principal.division_code).order_by("-created_at", "-id")


def unread_count(by: Actor | None) -> int:
    return member_notices(by).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class Share:
    """The emission cut a level asks of SO2, NOx, PM and VOCs (percent, None: none set)."""

    percent: Decimal | None
    pollutants: tuple[str, ...]
    verified: bool


def reduction_share(warning: AirWarning) -> Share:
    scheme = scheme_rules.scheme(warning.scheme)
    percent = scheme_rules.reduction_percent(scheme, WarningLevel(warning.level))
    return Share(
        percent,
        scheme.pollutants,
        scheme.reduction_status is not scheme_rules.Verification.UNVERIFIED,
    )


# --- the emission cut checked against the active control list --------------------------------


@dataclass(frozen=True)
class ActiveList:
    """A control list taken as active for a warning, at its latest version."""

    control_list: ControlList
    version: ControlListVersion


@dataclass(frozen=True)
class ListCheck:
    """The lists taken as active (none: nothing to check) and the check over their entries."""

    lists: tuple[ActiveList, ...]
    check: warning_reduction.ReductionCheck


def active_lists(warning: AirWarning) -> list[ActiveList]:
    """The control lists in force for ``warning``. Control lists belong to key-period events,
    so the rule is: for each member concerned (a city's warning: the issuing member; a
    regional warning: every member), the member's list of the latest event that began on or
    before the warning's first day (ties: the latest set up), at its latest version; a list
    with no version yet is passed over for the one before it."""
    rows = (
        ControlList.objects.select_related("event", "member")
        .filter(event__starts__lte=warning.start)
        .order_by("member_id", "-event__starts", "-event_id")
    )
    if not warning.regional:
        rows = rows.filter(member_id=warning.member_code)
    chosen: dict[str, ActiveList] = {}
    for control_list in rows:
        if control_list.member_id in chosen:
            continue
        version = latest(control_list)
        if version is not None:
            chosen[control_list.member_id] = ActiveList(control_list, version)
    return list(chosen.values())


def list_check(warning: AirWarning) -> ListCheck:
    """The cut the warning's level asks, checked against the entries of its active lists."""
    found = active_lists(warning)
    entries = [e for a in found for e in list_rules.entries_from_json(a.version.entries)]
    check = warning_reduction.check(warning.scheme, warning.level, entries)
    return ListCheck(tuple(found), check)


def may_see_list_check(by: Actor | None) -> bool:
    """The check is drawn from the members' lists: the officials' (not the public's)."""
    return principal_of(by).role in OFFICIALS


def list_check_for(warning: AirWarning, by: Actor | None) -> ListCheck | None:
    """The check of ``warning`` if ``by`` may see it (the officials), else None."""
    return list_check(warning) if may_see_list_check(by) else None
