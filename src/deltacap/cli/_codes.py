"""Codes given on the command line, checked and named: a member or a planning period that
does not exist is an error that names the value and lists the valid ones; what exists is
shown by its name with the code as a hint (``江苏省 (320000)``)."""

from __future__ import annotations

from typing import Any

from deltacap.domain.errors import NotFound, gettext_noop


def named(record: Any) -> str:
    """A division, pollutant or period by its name in the run's language, code as a hint
    (the region, which has no code of its own, by its name alone)."""
    if record.code == "region" or record.name == record.code:
        return str(record.name)
    return f"{record.name} ({record.code})"


def names() -> dict[str, str]:
    """Every division's and pollutant's code → its name with the code as a hint."""
    from deltacap.reference.models import Division, Pollutant

    found = {d.code: named(d) for d in Division.objects.filter(level__in=("region", "member"))}
    return found | {p.code: named(p) for p in Pollutant.objects.all()}


def division_names(codes: set[str]) -> dict[str, str]:
    from deltacap.reference.models import Division

    return {d.code: named(d) for d in Division.objects.filter(code__in=codes)}


def _one_of(records: list[Any], code: str, message: str, field: str) -> Any:
    """The record of ``records`` that ``code`` names; else NotFound naming the code and
    listing the valid ones by name."""
    found = next((r for r in records if r.code == code.strip()), None)
    if found is None:
        raise NotFound(message, field=field, code=code, valid=", ".join(named(r) for r in records))
    return found


def member(code: str | None) -> Any:
    """The member ``code`` names (None for None). Raises NotFound listing the members."""
    from deltacap.reference.models import Division, Level

    if code is None:
        return None
    members = list(Division.objects.filter(level=Level.MEMBER))
    message = gettext_noop("There is no member {code}; the members are {valid}.")
    return _one_of(members, code, message, "member")


def period(code: str) -> Any:
    """The planning period ``code`` names. Raises NotFound listing the periods."""
    from deltacap.reference.models import PlanningPeriod

    periods = list(PlanningPeriod.objects.order_by("code"))
    message = gettext_noop("There is no planning period {code}; the periods are {valid}.")
    return _one_of(periods, code, message, "period")
