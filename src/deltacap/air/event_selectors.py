"""Reads of key-period events: the events, their members' lists and versions, the diff of
two versions, the expected cuts against the requirement, and the proof of execution from
online monitoring (the hourly roll-up of the measurement store, read with DuckDB over
columns; the judgement is the domain's, on NumPy columns)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from deltacap.accounts.permissions import Actor, can, require
from deltacap.air.event_services import current_entries, get_event, latest
from deltacap.air.models import AirEvent, ControlList, ControlListVersion
from deltacap.domain.access import Action
from deltacap.domain.air import events as rules
from deltacap.domain.air.events import CutLine, Entry, EventConfig, ListDiff
from deltacap.domain.errors import NotFound, gettext_noop
from deltacap.enterprises.models import Enterprise
from deltacap.monitoring import store
from deltacap.reference.models import Division


def events() -> list[AirEvent]:
    return list(AirEvent.objects.prefetch_related("cities").order_by("-starts", "pk"))


def may_read_lists(by: Actor | None, event: AirEvent) -> bool:
    """The lists are the officials' of every member (not the public's, not enterprises')."""
    first = event.lists.select_related("member").first()
    return first is not None and can(by, Action.READ, first)


def lists(event: AirEvent) -> list[ControlList]:
    return list(event.lists.select_related("member").order_by("member_id"))


def versions(control_list: ControlList) -> list[ControlListVersion]:
    return list(control_list.versions.order_by("-number"))


def version_entries(control_list: ControlList, number: int) -> tuple[Entry, ...]:
    """Version ``number`` of a list (0: the empty list before its first version)."""
    if number == 0:
        return ()
    found = control_list.versions.filter(number=number).first()
    if found is None:
        raise NotFound(gettext_noop("No version {n} of this list."), field="version", n=number)
    return rules.entries_from_json(found.entries)


def diff_versions(control_list: ControlList, before: int, after: int) -> ListDiff:
    return rules.diff(version_entries(control_list, before), version_entries(control_list, after))


def _city_of(path: tuple[str, ...], prefectures: set[str]) -> str:
    return next((code for code in path if code in prefectures), path[-1])


@dataclass(frozen=True)
class Listed:
    """An enterprise of the registry on a list: its USCC, name, member, city."""

    pk: int
    uscc: str
    name: str
    member: str
    city: str


def listed(usccs: Iterable[str]) -> dict[str, Listed]:
    prefectures = set(Division.objects.filter(prefecture=True).values_list("code", flat=True))
    found = {}
    for e in Enterprise.objects.select_related("division").filter(uscc__in=list(usccs)):
        city = _city_of(e.division.path(), prefectures)
        found[e.uscc] = Listed(e.pk, e.uscc, e.name, e.member_code, city)
    return found


def enterprise_names(usccs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each USCC's enterprise name and city name (Chinese)."""
    found = listed(usccs)
    cities = dict(
        Division.objects.filter(code__in={x.city for x in found.values()}).values_list(
            "code", "name_zh"
        )
    )
    return {u: (x.name, cities.get(x.city, "")) for u, x in found.items()}


def config(event: AirEvent) -> EventConfig:
    return EventConfig(required_shares=dict(event.required_shares or {}))


def _current(event: AirEvent) -> list[tuple[ControlList, tuple[Entry, ...]]]:
    return [(x, current_entries(x)) for x in lists(event)]


def cuts(event: AirEvent) -> dict[str, list[CutLine]]:
    """The expected cuts of the lists in force per pollutant, by city, member and for the
    whole event, against the event's required shares."""
    current = _current(event)
    where = listed(e.uscc for _, entries in current for e in entries)
    rows = []
    for control_list, entries in current:
        for entry in entries:
            place = where.get(entry.uscc)
            rows.append((control_list.member_id, place.city if place else "", entry))
    return rules.cuts(rows, config(event).required_shares)


@dataclass(frozen=True)
class ProofRow:
    uscc: str
    name: str
    member: str
    pollutant: str
    event_rate: float
    baseline_rate: float
    ratio: float | None
    allowed: float
    flagged: int  # 1 not carried out, 0 carried out, -1 not judged
    stops: bool


def proof(event: AirEvent, root: Path | None = None) -> list[ProofRow]:
    """For every listed enterprise with monitored outlets: its mean emission (kg/h) per
    pollutant during the event and over the same weekdays of the previous weeks, and the
    domain's judgement (flagged where the list's measure was not carried out)."""
    root = root or store.store_root()
    entries = {e.uscc: e for _, found in _current(event) for e in found}
    where = listed(entries)
    by_pk = {x.pk: x for x in where.values()}
    if not by_pk or not store.has_files(root, "hourly"):
        return []
    cfg = config(event)
    during = rules.event_days(event.starts, event.ends)
    table = emission_rates(
        root, list(by_pk), during, rules.baseline_days(during, cfg.baseline_weeks)
    )
    if len(table["enterprise_id"]) == 0:
        return []
    usccs = np.array([by_pk[int(pk)].uscc for pk in table["enterprise_id"]])
    pollutants = np.array([rules.FACTORS[f] for f in table["factor"]])
    event_rate: np.ndarray = np.ma.filled(np.ma.asarray(table["event_rate"], dtype=float), np.nan)
    baseline_rate: np.ndarray = np.ma.filled(
        np.ma.asarray(table["baseline_rate"], dtype=float), np.nan
    )
    remaining = np.array(
        [rules.expected_remaining(entries[u], p) for u, p in zip(usccs, pollutants, strict=True)]
    )
    stops = np.array([entries[u].stops for u in usccs])
    judged = rules.judge_execution(
        usccs, pollutants, event_rate, baseline_rate, remaining, stops, cfg
    )
    found = []
    for i, uscc in enumerate(usccs):
        ratio = judged.ratio[i]
        found.append(
            ProofRow(
                str(uscc),
                where[str(uscc)].name,
                where[str(uscc)].member,
                str(pollutants[i]),
                float(event_rate[i]) if not np.isnan(event_rate[i]) else float("nan"),
                float(baseline_rate[i]) if not np.isnan(baseline_rate[i]) else float("nan"),
                None if np.isnan(ratio) else float(ratio),
                float(judged.allowed[i]),
                int(judged.flagged[i]),
                bool(stops[i]),
            )
        )
    return found


def emission_rates(
    root: Path, enterprise_ids: list[int], during: list[date], before: list[date]
) -> dict[str, np.ndarray]:
    """Per enterprise and factor (the list's pollutants' HJ 212 codes): the mean emission
    per hour (kg/h, the enterprise's outlets summed hour by hour) during the event's days
    and over the baseline days, each taken at the same hours of the day (the hours of the
    day with data on both sides: a day in progress is compared with the same hours of its
    baseline, not with whole days); one DuckDB query over the hourly roll-up, columns out
    (``enterprise_id``, ``factor``, ``event_rate``, ``baseline_rate``)."""
    days = ", ".join(f"DATE '{d.isoformat()}'" for d in [*during, *before])
    in_event = ", ".join(f"DATE '{d.isoformat()}'" for d in during)
    factors = ", ".join(f"'{f}'" for f in rules.FACTORS)
    ids = ", ".join(str(int(pk)) for pk in enterprise_ids)
    connection = store.connect(root, ["hourly"])
    try:
        found: dict[str, np.ndarray] = connection.execute(
            f"""
            WITH h AS (
                SELECT enterprise_id, factor, hour, CAST(hour AS DATE) AS day,
                       SUM(emission_kg) AS kg
                FROM hourly
                WHERE date IN ({days}) AND enterprise_id IN ({ids}) AND factor IN ({factors})
                  AND emission_kg IS NOT NULL
                GROUP BY enterprise_id, factor, hour
            ), by_hour AS (
                SELECT enterprise_id, factor, EXTRACT(hour FROM hour) AS hod,
                       AVG(kg) FILTER (WHERE day IN ({in_event})) AS during,
                       AVG(kg) FILTER (WHERE day NOT IN ({in_event})) AS before
                FROM h GROUP BY enterprise_id, factor, hod
            )
            SELECT enterprise_id, factor,
                   AVG(during) FILTER (WHERE before IS NOT NULL) AS event_rate,
                   AVG(before) FILTER (WHERE during IS NOT NULL) AS baseline_rate
            FROM by_hour GROUP BY enterprise_id, factor ORDER BY enterprise_id, factor
            """
        ).fetchnumpy()
    finally:
        connection.close()
    return found


def event_for(event_id: int) -> AirEvent:
    return get_event(event_id)


def summary(event: AirEvent) -> list[dict[str, Any]]:
    """Each member's list in force: its version, author, time, reason, counts."""
    found = []
    for control_list in lists(event):
        version = latest(control_list)
        entries = rules.entries_from_json(version.entries) if version else ()
        found.append(
            {
                "list": control_list,
                "version": version,
                "enterprises": len(entries),
                "measures": sum(len(e.measures) for e in entries),
            }
        )
    return found


def days(event: AirEvent) -> list[date]:
    return rules.event_days(event.starts, event.ends)


def _number(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(value, 4)


def cuts_json(event: AirEvent) -> list[dict[str, Any]]:
    """``cuts`` as the API and the command line give it: kg/d rounded to the gram."""
    return [
        {
            "unit": line.unit,
            "pollutant": line.pollutant,
            "cut_kg_per_day": round(line.cut, 3),
            "baseline_kg_per_day": round(line.baseline, 3),
            "share": _number(line.share),
            "required": line.required,
            "meets": line.meets,
        }
        for found in cuts(event).values()
        for line in found
    ]


def proof_json(event: AirEvent) -> list[dict[str, Any]]:
    """``proof`` as the API and the command line give it (``flagged`` None: not judged)."""
    return [
        {
            "uscc": row.uscc,
            "name": row.name,
            "member": row.member,
            "pollutant": row.pollutant,
            "event_kg_per_hour": _number(row.event_rate),
            "baseline_kg_per_hour": _number(row.baseline_rate),
            "ratio": _number(row.ratio),
            "allowed_ratio": _number(row.allowed),
            "flagged": {1: True, 0: False}.get(row.flagged),
        }
        for row in proof(event)
    ]


def require_lists_readable(by: Actor | None, event: AirEvent) -> None:
    """Raise AccessDenied unless ``by`` may read the event's lists (the officials)."""
    for control_list in event.lists.select_related("member")[:1]:
        require(by, Action.READ, control_list)
