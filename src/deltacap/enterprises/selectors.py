"""Reads of enterprises, limited to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import READS_ALL, Role
from deltacap.enterprises.models import Enterprise


def visible_enterprises(user: Any) -> QuerySet[Enterprise]:
    """Enterprises ``user`` may read, by the same rules as ``domain.access`` (as a query).

    ``tests/accounts/test_access_matrix.py`` checks that this query and the rules agree.
    """
    p = principal_of(user)
    qs = Enterprise.objects.select_related("division")
    if p.role in READS_ALL:
        return qs
    if p.role is Role.ENTERPRISE:
        return qs.filter(pk=p.enterprise_id or 0)
    if p.role in (Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR) and p.division_code:
        code = p.division_code
        return qs.filter(Q(member_code=code) | Q(division_id=code) | Q(division__parent_id=code))
    return qs.none()
