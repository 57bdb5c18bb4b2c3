"""The unified phase-out standard (统一淘汰标准, 二(二)) as the office keeps it: its versions,
each naming which vehicles and machines count as old high-emission (types, fuels, highest
emission stage) from a day. The configured versions (``mobile/data/phaseout_standard.json``,
unverified) come first; every version the office sets after them is a record with its
source, author and audit event, never changed (a new version follows it). Every official
reads the history; a phase-out record is judged by the version in force in its month.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deltacap.accounts.permissions import Actor, can, require, user_of
from deltacap.audit import services as audit
from deltacap.domain.access import Action, Kind, Resource, region_resource
from deltacap.domain.errors import Conflict, InvalidInput, gettext_noop
from deltacap.domain.mobile.phaseout import (
    StandardVersion,
    clause_lines,
    clauses_json,
    new_version,
    parse_standard,
    version_on,
)
from deltacap.mobile import config, labels
from deltacap.mobile.models import PhaseoutStandardVersion


def standard_resource() -> Resource:
    """The standard is the region's (the office's); every official reads it."""
    return region_resource(Kind.PHASEOUT_STANDARD)


def _of(row: PhaseoutStandardVersion) -> StandardVersion:
    (version,) = parse_standard(
        {
            "versions": [
                {"version": row.version, "from": row.start.isoformat(), "status": "office",
                 "source": row.source, "vehicles": row.vehicles, "machines": row.machines}
            ]
        }
    )  # fmt: skip
    return version


def versions() -> tuple[StandardVersion, ...]:
    """Every version, oldest first: the configured ones, then the office's."""
    rows = [_of(r) for r in PhaseoutStandardVersion.objects.order_by("start")]
    return tuple(sorted((*config.phaseout_standard(), *rows), key=lambda v: v.start))


def in_force(day: date | None = None) -> StandardVersion | None:
    """The version in force on ``day`` (default: today)."""
    return version_on(versions(), day or timezone.localdate())


def _start(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            gettext_noop("Enter the date as YYYY-MM-DD; got {got}."), field="start", got=value
        ) from None


def set_version(
    *,
    by: Actor | None,
    channel: str,
    version: str,
    start: Any,
    source: str = "",
    vehicles: list[dict[str, Any]],
    machines: list[dict[str, Any]],
) -> StandardVersion:
    """Set a new version of the unified standard, in force from ``start`` (after every
    earlier version's start). The office alone. Raises AccessDenied, InvalidInput (naming
    the field and the clause)."""
    require(by, Action.SET_PHASEOUT_STANDARD, standard_resource())
    day = _start(start)
    with transaction.atomic():
        made = new_version(version=version, start=day, source=source, vehicles=vehicles,
                           machines=machines, existing=versions())  # fmt: skip
        try:
            with transaction.atomic():
                row = PhaseoutStandardVersion.objects.create(
                    version=made.version,
                    start=made.start,
                    source=made.source,
                    vehicles=clauses_json(made.vehicles, "max_standard"),
                    machines=clauses_json(made.machines, "max_stage"),
                    created_by=user_of(by),
                )
        except IntegrityError:  # another version set at the same moment took the name or day
            raise Conflict(
                gettext_noop("Another version was set meanwhile; reload and try again."),
                field="version",
            ) from None
        audit.record(
            actor=by,
            channel=channel,
            action="phaseout.standard",
            object_type="phaseout_standard",
            object_id=row.version,
            member_code="",
            after={
                "phaseout_standard_version": row.version,
                "phaseout_standard_start": row.start.isoformat(),
                "phaseout_standard_source": row.source,
                "phaseout_standard_vehicles": row.vehicles,
                "phaseout_standard_machines": row.machines,
            },
        )
    return made


def may_set(actor: Actor | None) -> bool:
    return can(actor, Action.SET_PHASEOUT_STANDARD, standard_resource())


def history(actor: Actor | None) -> list[dict[str, Any]]:
    """Every version, newest first, as the pages, API and command line give it: its
    clauses, start, source, status ("unverified" configuration or "office"), who set it
    and when, and whether it is the one in force today. Raises AccessDenied (officials
    read it)."""
    require(actor, Action.READ, standard_resource())
    rows = {r.version: r for r in PhaseoutStandardVersion.objects.select_related("created_by")}
    current = in_force()
    out = []
    for v in reversed(versions()):
        row = rows.get(v.version)
        out.append(
            {
                "version": v.version,
                "start": v.start.isoformat(),
                "status": v.status,
                "source": v.source,
                "vehicles": clauses_json(v.vehicles, "max_standard"),
                "machines": clauses_json(v.machines, "max_stage"),
                "set_by": row.created_by.username if row and row.created_by else "",
                "set_at": row.created_at.isoformat() if row else "",
                "in_force": current is not None and v.version == current.version,
            }
        )
    return out


# The words of a clause's codes, by kind: (types, fuels, stages, stage key).
WORDS: dict[str, tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any], str]] = {
    "vehicles": (labels.VEHICLE_TYPES, labels.FUELS, labels.STANDARDS, "max_standard"),
    "machines": (labels.MACHINE_TYPES, labels.ENGINE_FUELS, labels.STAGES, "max_stage"),
}


def clause_text(kind: str, clause: dict[str, Any]) -> str:
    """A clause in the reader's words: types (or every type), fuels, the highest stage."""
    types, fuels, stages, key = WORDS[kind]
    comma = ", " if (translation.get_language() or "").startswith("en") else "、"
    named = comma.join(labels.word(types, t) for t in clause["types"])
    fuel = comma.join(labels.word(fuels, f) for f in clause["fuels"])
    stage = labels.word(stages, clause[key])
    return _("{types}, {fuels}, {stage} or older").format(
        types=named or _("every type"), fuels=fuel, stage=stage
    )


def _vocabulary(table: dict[Any, Any]) -> dict[str, str]:
    """A table's codes by themselves and by their words in Chinese and English."""
    found: dict[str, str] = {}
    for code, word in table.items():
        value = str(getattr(code, "value", code))
        found[value.lower()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                found[str(word).lower()] = value
    return found


def clauses_from_text(text: str, kind: str) -> list[dict[str, Any]]:
    """Clauses as people type them, one a line (``types / fuels / highest stage``), types
    and fuels by their words in either language or by their codes (``重型货车、中型货车 /
    柴油 / 4``, ``heavy truck, medium truck / diesel / 4``). Raises InvalidInput naming
    ``kind`` and the line; an unknown word is named when the version is set."""
    types, fuels, _stages, _key = WORDS[kind]
    type_words, fuel_words = _vocabulary(types), _vocabulary(fuels)
    return [
        clause
        | {
            "types": [type_words.get(t.lower(), t) for t in clause["types"]],
            "fuels": [fuel_words.get(f.lower(), f) for f in clause["fuels"]],
        }
        for clause in clause_lines(text, kind)
    ]
