"""Reads of the bay's petrochemicals, each kept to what the reader may see: the scope
(everyone), the bay's enterprises with their strictest limits (every official; an
enterprise itself), the campaigns (every official) and the findings (every official; an
enterprise its own), open ones by member with the overdue flagged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from deltacap.accounts.permissions import Actor, principal_of
from deltacap.domain.access import AccessDenied, Action, Role, allowed, refusal
from deltacap.domain.petrochem import (
    BayScope,
    FindingState,
    Gap,
    PointKind,
    Strictest,
    gap,
    strictest_for,
)
from deltacap.petrochem import config
from deltacap.petrochem.models import (
    BayEnterprise,
    Campaign,
    Finding,
    ScopeDivision,
    campaign_resource,
)

OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR, Role.SYSTEM)


def scope() -> BayScope:
    """The bay's cities and districts as the office set them, or the configured default."""
    codes = tuple(ScopeDivision.objects.values_list("division_id", flat=True))
    if not codes:
        return config.default_scope()
    return BayScope(divisions=codes, version="office", status="set by the office", source="")


def bay_cities() -> list[str]:
    """The cities of the bay's scope, in order (a Shanghai district makes Shanghai one: the
    municipality is its own city)."""
    return sorted({"310000" if c.startswith("31") else c[:4] + "00" for c in scope().divisions})


def scope_is_default() -> bool:
    return not ScopeDivision.objects.exists()


def is_official(actor: Actor | None) -> bool:
    return principal_of(actor).role in OFFICIALS


def bay_enterprises(actor: Actor | None, member: str = "") -> QuerySet[BayEnterprise]:
    """The bay enterprises one reads: every member's for an official, its own for an
    enterprise, none for the public."""
    p = principal_of(actor)
    found = BayEnterprise.objects.select_related("enterprise__division__parent")
    if p.role is Role.ENTERPRISE:
        found = found.filter(enterprise_id=p.enterprise_id or 0)
    elif p.role not in OFFICIALS:
        return found.none()
    if member:
        found = found.filter(enterprise__member_code=member)
    return found


def bay_enterprise(actor: Actor | None, bay_id: int) -> BayEnterprise:
    from deltacap.petrochem.services import get_bay_enterprise

    found = get_bay_enterprise(bay_id)
    p = principal_of(actor)
    if not allowed(p, Action.READ, found.as_resource()):
        raise AccessDenied(p, Action.READ, found.as_resource(), refusal(Action.READ))
    return found


def strictest_of(bay: BayEnterprise) -> dict[PointKind, Strictest]:
    return strictest_for(config.limits(), bay.process_codes, bay.member_code)


def check_campaign_reader(actor: Actor | None) -> None:
    p = principal_of(actor)
    if not allowed(p, Action.READ, campaign_resource()):
        raise AccessDenied(p, Action.READ, campaign_resource(), refusal(Action.READ))


def campaigns(actor: Actor | None) -> QuerySet[Campaign]:
    check_campaign_reader(actor)
    return Campaign.objects.prefetch_related("enterprises__enterprise")


def findings(
    actor: Actor | None,
    *,
    member: str = "",
    open_only: bool = False,
    overdue: bool = False,
    bay_id: int | None = None,
    campaign_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Finding]:
    """The findings one reads (every official: all; an enterprise: its own), those due
    first; ``open_only``: not closed; ``overdue``: not closed and past the deadline."""
    p = principal_of(actor)
    found = Finding.objects.select_related(
        "enterprise__enterprise__division", "campaign"
    ).prefetch_related("rectifications")
    if p.role is Role.ENTERPRISE:
        found = found.filter(enterprise__enterprise_id=p.enterprise_id or 0)
    elif p.role not in OFFICIALS:
        return found.none()
    if member:
        found = found.filter(member_code=member)
    if open_only or overdue:
        found = found.exclude(state=FindingState.CLOSED)
    if overdue:
        found = found.filter(deadline__lt=today or _today())
    if bay_id is not None:
        found = found.filter(enterprise_id=bay_id)
    if campaign_id is not None:
        found = found.filter(campaign_id=campaign_id)
    return found.order_by("deadline", "pk")


def finding(actor: Actor | None, finding_id: int) -> Finding:
    from deltacap.petrochem.services import get_finding

    found = get_finding(finding_id)
    p = principal_of(actor)
    if not allowed(p, Action.READ, found.as_resource()):
        raise AccessDenied(p, Action.READ, found.as_resource(), refusal(Action.READ))
    return found


def finding_gap(f: Finding) -> tuple[Strictest | None, Gap | None]:
    """A measured finding against the strictest limit at its point."""
    if f.concentration is None or not f.point:
        return None, None
    limit = strictest_of(f.enterprise).get(PointKind(f.point))
    if limit is None:
        return None, None
    return limit, gap(f.concentration, limit.value)


@dataclass
class MemberCount:
    member: str
    open: int
    overdue: int


def open_by_member(actor: Actor | None, today: date | None = None) -> list[MemberCount]:
    """The open findings counted per member, with how many are overdue."""
    day = today or _today()
    counts: dict[str, MemberCount] = {}
    for f in findings(actor, open_only=True):
        row = counts.setdefault(f.member_code, MemberCount(f.member_code, 0, 0))
        row.open += 1
        row.overdue += int(f.overdue(day))
    return [counts[k] for k in sorted(counts)]


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def limits_rows() -> list[dict[str, Any]]:
    """The side-by-side table's rows: process, member, point, standard, clause, value."""
    return [
        {
            "process": r.process,
            "member": r.member,
            "point": r.point.value,
            "pollutant": r.pollutant,
            "standard": r.standard,
            "clause": r.clause,
            "value": str(r.value),
            "unit": r.unit,
            "verified": r.verified,
            "source": r.source,
        }
        for r in config.limits().rows
    ]
