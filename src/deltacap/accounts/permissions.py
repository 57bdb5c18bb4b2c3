"""The bridge between Django records and the access rules of ``deltacap.domain.access``.

Every page, API route, import and command asks here; the rules themselves live
in the domain, in one place.
"""

from __future__ import annotations

from typing import Any

from deltacap.audit.models import AuditEvent
from deltacap.domain.access import PUBLIC, Action, Kind, Principal, Resource, allowed, check
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring.models import Outlet
from deltacap.projects.models import Project
from deltacap.reference.models import REGION_CODE
from deltacap.rights.models import Holding, Listing, Trade
from deltacap.targets.models import Target


def principal_of(user: Any) -> Principal:
    """The principal of a request's user; anonymous visitors are the public."""
    if user is None or not getattr(user, "is_authenticated", False):
        return PUBLIC
    result: Principal = user.principal()
    return result


def resource_of(obj: Any) -> Resource:
    """A record as the rules see it."""
    if isinstance(obj, Target):
        return Resource(Kind.TARGET, obj.division.path(), level=obj.division.level, published=True)
    if isinstance(obj, Enterprise):
        return Resource(
            Kind.ENTERPRISE, obj.division.path(), level=obj.division.level, enterprise_id=obj.pk
        )
    if isinstance(obj, Outlet):
        place = obj.enterprise.division
        return Resource(
            Kind.OUTLET, place.path(), level=place.level, enterprise_id=obj.enterprise_id
        )
    if isinstance(obj, AuditEvent):
        path = (REGION_CODE, obj.member_code) if obj.member_code else (REGION_CODE,)
        return Resource(Kind.AUDIT_EVENT, path)
    if isinstance(obj, Project):
        return Resource(
            Kind.PROJECT,
            obj.division_path(),
            level=obj.division.level,
            enterprise_id=obj.enterprise_id,
        )
    if isinstance(obj, Holding):
        owner = obj.account
        return Resource(Kind.HOLDING, owner.division_path(), enterprise_id=owner.enterprise_id)
    if isinstance(obj, Listing | Trade):
        # The seller's side; rights.selectors checks the buyer's side of a trade as well.
        # Open listings and settled trades are published (issue 4 item 6).
        seller, published = obj.seller, obj.status in ("open", "settled")
        return Resource(
            Kind.TRADE,
            seller.division_path(),
            enterprise_id=seller.enterprise_id,
            published=published,
        )
    raise TypeError(f"no access rules for {type(obj).__name__}")


def can(user: Any, action: Action, obj: Any) -> bool:
    return allowed(principal_of(user), action, resource_of(obj))


def require(user: Any, action: Action, obj: Any) -> None:
    """Raise ``AccessDenied`` unless ``user`` may take ``action`` on ``obj``."""
    check(principal_of(user), action, resource_of(obj))
