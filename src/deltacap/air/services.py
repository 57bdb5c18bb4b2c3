"""Every write of air-quality data: the station list and hourly observations, imported
from the national network's CSV files (``air/importing.py``).

Each import asks the access rules first on the importer's own area (a viewer or the public
is refused before the file is read), then on the city of every station the file names
(a member's editor loads its own cities' stations, the office any), checks the whole file,
and writes all of it or nothing: stations and their audit event in one transaction;
observations as Parquet part files of the measurement store (``air/store.py``), with their
audit event in the same transaction (a failed write leaves no event).

A station-hour is stored once. A file with a station-hour already stored, or given twice,
is refused with each such row named: corrections of published data are not taken by a
re-import (nothing is ever replaced silently).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.utils.translation import gettext

from deltacap.accounts.permissions import Actor, principal_of, require
from deltacap.air import store
from deltacap.air.importing import Issue, Table, read_observations, read_stations
from deltacap.air.models import Station, station_resource
from deltacap.audit import services as audit
from deltacap.domain.access import REGION, Action, Kind, Resource
from deltacap.domain.errors import InvalidInput, gettext_noop
from deltacap.reference.models import Division

STATION_FIELDS = ["code", "name", "kind", "lon", "lat", "city", "active"]


@dataclass
class ImportReport:
    """What an import found and did: counts, or the faults (then nothing was written)."""

    kind: str  # "stations" | "observations"
    dry_run: bool = True
    issues: list[Issue] = field(default_factory=list)
    more: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    stations: int = 0
    first: str | None = None
    last: str | None = None

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.issues

    def to_json(self, translate: Callable[[str], str] = gettext) -> dict[str, Any]:
        body: dict[str, Any] = {"kind": self.kind, "dry_run": self.dry_run, "written": self.written}
        if self.kind == "stations":
            body |= {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        else:
            body |= {
                "rows": self.rows,
                "stations": self.stations,
                "first": self.first,
                "last": self.last,
            }
        body["errors"] = [
            {"row": i.row, "column": i.column, "message": _message(i.error, translate)}
            for i in self.issues
        ]
        body["more_errors"] = self.more
        return body


def _message(error: InvalidInput, translate: Callable[[str], str]) -> str:
    return error.render(translate)


def own_area(by: Actor | None) -> Resource:
    """A station of the actor's own area (the region for the office and the platform)."""
    code = principal_of(by).division_code
    division = Division.objects.filter(code=code).first() if code else None
    if division is None:
        return Resource(Kind.AIR_STATION, (REGION,), level=REGION)
    return Resource(Kind.AIR_STATION, division.path(), level=division.level)


def _report(kind: str, dry_run: bool, table: Table) -> ImportReport:
    issues = sorted(table.issues, key=lambda i: (i.row or 0, i.column or ""))
    return ImportReport(kind, dry_run, issues, table.more)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _member_of(by: Actor | None) -> str:
    code = principal_of(by).division_code
    if not code:
        return ""
    division = Division.objects.filter(code=code).first()
    return (division.member_code or "") if division else ""


# --- stations -------------------------------------------------------------------------------


def cities_by_name() -> dict[str, Division]:
    """The region's cities by code, Chinese name (with and without 市) and English name."""
    found: dict[str, Division] = {}
    for city in Division.objects.filter(prefecture=True).select_related("parent"):
        for key in (city.code, city.name_zh, city.name_zh.removesuffix("市"), city.name_en.lower()):
            found[key] = city
    return found


def import_stations(
    *, by: Actor | None, channel: str, data: bytes, dry_run: bool = True
) -> ImportReport:
    """Check (and unless ``dry_run``, write) the station list ``data``: a known code is
    updated, a new one created. Raises AccessDenied for a city the actor may not write."""
    require(by, Action.IMPORT_AIR_STATIONS, own_area(by))
    table = read_stations(data)
    report = _report("stations", dry_run, table)
    rows = _placed(table, report)
    with transaction.atomic():
        existing = {
            s.code: s
            for s in Station.objects.select_related("city__parent")
            .select_for_update(of=("self",))
            .filter(code__in=[row["code"] for row, _ in rows])
        }
        for city in {c.code: c for _, c in rows}.values():
            require(by, Action.IMPORT_AIR_STATIONS, station_resource(city))
        for station in existing.values():  # a move takes the station from its city too
            require(by, Action.IMPORT_AIR_STATIONS, station.as_resource())
        if report.issues:
            report.issues.sort(key=lambda i: (i.row or 0, i.column or ""))
            return report
        changes = _changes(rows, existing, report)
        if not dry_run:
            _save(changes, by=by, channel=channel)
    return report


def _placed(table: Table, report: ImportReport) -> list[tuple[dict[str, Any], Division]]:
    """The rows with their city; a city not of the region is a fault of its row."""
    cities = cities_by_name()
    rows = []
    for row in table.stations:
        city = cities.get(row["city"]) or cities.get(row["city"].lower())
        if city is None:
            error = InvalidInput(
                gettext_noop("{city} is not one of the region's 41 cities."),
                field="城市",
                city=row["city"],
            )
            report.issues.append(Issue(row["line"], "城市", error))
        else:
            rows.append((row, city))
    return rows


Change = tuple[Station, dict[str, Any] | None, dict[str, Any]]


def _changes(
    rows: list[tuple[dict[str, Any], Division]], existing: dict[str, Station], report: ImportReport
) -> list[Change]:
    """Each station as the file has it, with its fields before (None: new) and after."""
    changes = []
    for row, city in rows:
        station = existing.get(row["code"]) or Station(code=row["code"])
        before = audit.snapshot(station, STATION_FIELDS) if station.pk else None
        station.name, station.kind = row["name"], row["kind"]
        station.lon, station.lat = row["lon"], row["lat"]
        station.city = city
        station.active = True
        after = audit.snapshot(station, STATION_FIELDS)
        if before is None:
            report.created += 1
        elif before != after:
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        changes.append((station, before, after))
    return changes


def _save(changes: list[Change], *, by: Actor | None, channel: str) -> None:
    for station, before, after in changes:
        station.save()
        changed = [k for k in after if before is None or before[k] != after[k]]
        audit.record(
            actor=by,
            channel=channel,
            action="air_station.create" if before is None else "air_station.update",
            object_type="air_station",
            object_id=station.pk,
            member_code=station.member_code,
            before=None if before is None else {k: before[k] for k in changed},
            after={k: after[k] for k in changed} | {"name": station.name},
        )


# --- observations ---------------------------------------------------------------------------


def import_observations(
    *, by: Actor | None, channel: str, data: bytes, dry_run: bool = True, root: Path | None = None
) -> ImportReport:
    """Check (and unless ``dry_run``, store) hourly observations ``data``. Raises
    AccessDenied for a station of a city the actor may not write."""
    require(by, Action.IMPORT_AIR_OBSERVATIONS, own_area(by))
    table = read_observations(data)
    report = _report("observations", dry_run, table)
    if table.observations is None:
        return report
    observations = table.observations
    codes = pc.unique(observations["station"]).to_pylist()
    stations = {
        s.code: s for s in Station.objects.select_related("city__parent").filter(code__in=codes)
    }
    lines = np.arange(observations.num_rows) + 2
    unknown = ~np.asarray(
        pc.is_in(observations["station"], value_set=pa.array(list(stations), pa.string())).to_numpy(
            zero_copy_only=False
        )
    )
    for city in {s.city_id: s.city for s in stations.values()}.values():
        require(by, Action.IMPORT_AIR_OBSERVATIONS, station_resource(city))
    where = np.flatnonzero(unknown)
    for index in where[:200].tolist():
        report.issues.append(
            Issue(
                int(lines[index]),
                "监测点编码",
                InvalidInput(
                    gettext_noop("No station {code}: import the station list first."),
                    field="监测点编码",
                    code=observations["station"][index].as_py(),
                ),
            )
        )
    report.more += max(0, len(where) - 200)
    root = root or store.root()
    days = pc.unique(pc.cast(pc.cast(observations["time"], pa.date32()), pa.string())).to_pylist()
    report.issues.extend(_stored_already(root, days, observations, lines))
    report.issues.sort(key=lambda i: (i.row or 0, i.column or ""))
    if report.issues:
        return report
    report.rows = observations.num_rows
    report.stations = len(codes)
    low, high = pc.min_max(observations["time"]).values()
    report.first = low.as_py().isoformat(sep=" ", timespec="minutes")
    report.last = high.as_py().isoformat(sep=" ", timespec="minutes")
    if dry_run:
        return report
    digest = _digest(data)
    now = datetime.now(UTC)
    full = observations.append_column(
        "imported_at",
        pa.array(np.full(observations.num_rows, now.replace(tzinfo=None)), pa.timestamp("us")).cast(
            pa.timestamp("us", tz="UTC")
        ),
    ).append_column("batch", pa.array([digest] * observations.num_rows, pa.string()))
    for column in store.COLUMNS.values():
        if column not in full.column_names:
            full = full.append_column(column, pa.nulls(full.num_rows, pa.float64()))
    with transaction.atomic():
        # Imports of the same stations queue here, from any web process or machine (the
        # stations' rows are locked until the commit; SQLite takes its one write lock), and
        # the stored hours are looked up again under the lock: an hour is stored once even
        # when the same file is sent twice at the same moment.
        list(Station.objects.select_for_update().filter(code__in=codes).order_by("code"))
        report.issues.extend(_stored_already(root, days, observations, lines))
        if report.issues:
            return report
        audit.record(
            actor=by,
            channel=channel,
            action="air_observations.import",
            object_type="file",
            object_id=digest,
            member_code=_member_of(by),
            after={
                "rows": report.rows,
                "stations": report.stations,
                "first": report.first,
                "last": report.last,
                "bytes": len(data),
            },
        )
        store.write(root, full)
    return report


def _stored_already(
    root: Path, days: list[str], observations: pa.Table, lines: np.ndarray
) -> list[Issue]:
    """An issue for each row (at most 200) whose station-hour is stored already."""
    stored = store.stored_keys(root, days, observations.select(["station", "time"]))
    if not stored.num_rows:
        return []
    mask = pc.is_in(
        pc.binary_join_element_wise(
            observations["station"],
            pc.cast(pc.cast(observations["time"], pa.int64()), pa.string()),
            "|",
        ),
        value_set=pc.binary_join_element_wise(
            stored["station"], pc.cast(pc.cast(stored["time"], pa.int64()), pa.string()), "|"
        ),
    )
    return [
        Issue(
            int(lines[index]),
            "时间",
            InvalidInput(
                gettext_noop("Station {code} has this hour stored already; nothing is replaced."),
                field="时间",
                code=observations["station"][index].as_py(),
            ),
        )
        for index in np.flatnonzero(mask.to_numpy(zero_copy_only=False))[:200].tolist()
    ]


def require_import(by: Actor | None, action: Action) -> None:
    """The importer's decision on its own area (before a file is looked at)."""
    require(by, action, own_area(by))
