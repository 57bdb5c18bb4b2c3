"""Codes given on the command line, checked and named: a member or a planning period that
does not exist is an error that names the value and lists the valid ones; what exists is
shown by its name with the code as a hint (``江苏省 (320000)``)."""

from __future__ import annotations

from typing import Any

from deltacap.domain.errors import NotFound, gettext_noop


def named(record: Any) -> str:
    """A division, pollutant or period by its name in the run's language, code as a hint."""
    return f"{record.name} ({record.code})" if record.name != record.code else record.code


def member(code: str | None) -> Any:
    """The member ``code`` names (None for None). Raises NotFound listing the members."""
    from deltacap.reference.models import Division, Level

    if code is None:
        return None
    members = list(Division.objects.filter(level=Level.MEMBER))
    found = next((m for m in members if m.code == code.strip()), None)
    if found is None:
        raise NotFound(
            gettext_noop("There is no member {code}; the members are {valid}."),
            field="member",
            code=code,
            valid=", ".join(named(m) for m in members),
        )
    return found


def period(code: str) -> Any:
    """The planning period ``code`` names. Raises NotFound listing the periods."""
    from deltacap.reference.models import PlanningPeriod

    periods = list(PlanningPeriod.objects.order_by("code"))
    found = next((p for p in periods if p.code == code.strip()), None)
    if found is None:
        raise NotFound(
            gettext_noop("There is no planning period {code}; the periods are {valid}."),
            field="period",
            code=code,
            valid=", ".join(named(p) for p in periods),
        )
    return found
