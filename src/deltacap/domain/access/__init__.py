"""The platform's access rules, in one place: who acts (``Principal``), on what
(``Resource``), and whether it may (``allowed``, ``require``, per named ``Action``)."""

from deltacap.domain.access.model import (
    EDITOR_ROLES,
    PUBLIC,
    READS_ALL,
    REGION,
    SYSTEM,
    AccessDenied,
    Kind,
    Place,
    Principal,
    Resource,
    Role,
    region_resource,
)
from deltacap.domain.access.rules import (
    RULES,
    Action,
    Rule,
    allowed,
    editable_fields,
    listen,
    refusal,
    require,
)

__all__ = [
    "EDITOR_ROLES",
    "PUBLIC",
    "READS_ALL",
    "REGION",
    "RULES",
    "SYSTEM",
    "AccessDenied",
    "Action",
    "Kind",
    "Place",
    "Principal",
    "Resource",
    "Role",
    "Rule",
    "allowed",
    "editable_fields",
    "listen",
    "refusal",
    "region_resource",
    "require",
]
