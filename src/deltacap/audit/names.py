"""The names people know records and actors by, for the events of one page.

A record is named by what it is called (a project's or an enterprise's name, a division's
name with its code as a hint, a target by its period, place and pollutant). Where the
record's own table belongs to a feature app, its name is read from the trail itself: the
event that created or renamed it carries the name. What has no name is called by its kind
and number ("Trade 17").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from deltacap.audit.labels import record_kind_label
from deltacap.audit.models import AuditEvent

Key = tuple[str, str]  # (object_type, object_id)
_NAME_KEYS = ("name", "name_zh")


def _name_in(values: Any) -> str:
    if not isinstance(values, dict):
        return ""
    from django.utils.translation import get_language

    if (get_language() or "zh").startswith("en") and values.get("name_en"):
        return str(values["name_en"])
    return next((str(values[k]) for k in _NAME_KEYS if values.get(k)), "")


def _reference_names(keys: set[Key]) -> dict[Key, str]:
    from deltacap.reference.models import Division, PlanningPeriod, Pollutant

    codes = {i for t, i in keys if t == "division"}
    target_parts = [i.split("/") for t, i in keys if t == "target" and i.count("/") == 2]
    codes |= {p[1] for p in target_parts}
    divisions = {d.code: d.name for d in Division.objects.filter(code__in=codes)}
    periods = {p.code: p.name for p in PlanningPeriod.objects.all()}
    pollutants = {p.code: f"{p.name} ({p.code})" for p in Pollutant.objects.all()}
    names = {("division", c): f"{divisions[c]} ({c})" for c in codes if c in divisions}
    for period, place, pollutant in target_parts:
        names[("target", f"{period}/{place}/{pollutant}")] = " · ".join(
            (
                periods.get(period, period),
                divisions.get(place, place),
                pollutants.get(pollutant, pollutant),
            )
        )
    return names


def _user_names(keys: set[Key]) -> dict[Key, str]:
    from deltacap.accounts.models import User

    ids = [i for t, i in keys if t == "user" and i.isdigit()]
    return {("user", str(u.pk)): actor_name(u) for u in User.objects.filter(pk__in=ids)}


def _trail_names(keys: set[Key]) -> dict[Key, str]:
    """Names carried by the events of these records (the newest that carries one)."""
    if not keys:
        return {}
    wanted = Q()
    for kind in {t for t, _ in keys}:
        wanted |= Q(object_type=kind, object_id__in=[i for t, i in keys if t == kind])
    names: dict[Key, str] = {}
    rows = (
        AuditEvent.objects.filter(wanted)
        .order_by("-id")
        .values_list("object_type", "object_id", "before", "after")
    )
    for kind, oid, before, after in rows.iterator():
        key = (kind, oid)
        if key not in names:
            name = _name_in(after) or _name_in(before)
            if name:
                names[key] = name
    return names


def record_names(events: Iterable[AuditEvent]) -> dict[Key, str]:
    """(object_type, object_id) → the record's name, for every record of ``events``."""
    return record_names_of({(e.object_type, e.object_id) for e in events})


def record_names_of(keys: set[Key]) -> dict[Key, str]:
    """(object_type, object_id) → the record's name, for every key."""
    names = _reference_names(keys) | _user_names(keys)
    names |= _trail_names({k for k in keys if k not in names})
    for kind, oid in keys:
        # A record that is the only one of its kind (the river network) is named by its kind.
        alone = str(oid).isalpha() and str(oid).islower()
        names.setdefault(
            (kind, oid), record_kind_label(kind) if alone else f"{record_kind_label(kind)} {oid}"
        )
    return names


def actor_name(user: Any) -> str:
    """An account's name as people know it: its full name with the login beside it where
    it has one (王建国 (js-editor)), else the login."""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return f"{full} ({user.get_username()})" if full else user.get_username()
