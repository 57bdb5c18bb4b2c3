"""Hangzhou Bay petrochemical and chemical VOCs (环杭州湾石化化工, 二(二)): the "三统一" of
standards, monitoring and enforcement. The bay's scope (cities and districts, set by the
office), the side-by-side table of the VOCs limits that apply to a process in each member,
the strictest applicable limit for an enterprise's processes, the gap of a monitored
concentration to it, and the states of an inspection finding. Pure: no Django."""

from deltacap.domain.petrochem.findings import (
    FindingKind,
    FindingState,
    Step,
    is_overdue,
    state_after,
)
from deltacap.domain.petrochem.limits import (
    NATIONAL,
    Gap,
    LimitRow,
    LimitTable,
    PointKind,
    Process,
    Strictest,
    applicable,
    gap,
    parse_limits,
    strictest,
    strictest_for,
)
from deltacap.domain.petrochem.scope import BayScope, in_scope, parse_scope

__all__ = [
    "NATIONAL",
    "BayScope",
    "FindingKind",
    "FindingState",
    "Gap",
    "LimitRow",
    "LimitTable",
    "PointKind",
    "Step",
    "Process",
    "Strictest",
    "applicable",
    "gap",
    "in_scope",
    "is_overdue",
    "parse_limits",
    "parse_scope",
    "state_after",
    "strictest",
    "strictest_for",
]
