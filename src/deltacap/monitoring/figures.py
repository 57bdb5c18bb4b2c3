"""Reads of the measurement store: hourly, daily and annual figures, capture rates, exceedances.

Every figure is a sum or mean over the hourly roll-up (``rollup.py``); the
rules (capture rate over a period, exceedance events) come from
``domain.emissions``. Callers pass the outlets the reader may see
(``registry.visible_outlets``), so these functions never widen access.
Periods are local dates (China Standard Time), ``end`` inclusive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from deltacap.domain import emissions as rules
from deltacap.monitoring import store


@dataclass(frozen=True, slots=True)
class OutletSummary:
    outlet_id: int
    last_data_time: datetime | None
    valid: int
    expected: int

    @property
    def capture_rate(self) -> Decimal | None:
        return rules.capture_rate(self.valid, self.expected)


def _connect(root: Path) -> duckdb.DuckDBPyConnection:
    return store.connect(root, ["hourly"])


def _ids(outlet_ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in outlet_ids})


def _rows(
    connection: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    cursor = connection.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def hourly(root: Path, outlet_id: int, start: date, end: date) -> list[dict[str, Any]]:
    """Hourly figures of one outlet from ``start`` to ``end`` (dates, inclusive), by hour."""
    sql = """
        SELECT factor, hour, source_cn, valid, invalid, stopped, expected, emission_kg, flow_m3,
               mean_concentration, max_concentration, last_data_time
        FROM hourly WHERE date BETWEEN $start AND $end AND outlet_id = $outlet
        ORDER BY hour, factor"""
    with _connect(root) as connection:
        return _rows(connection, sql, {"start": start, "end": end, "outlet": outlet_id})


FLAGGED_LIMIT = 500


def flagged(root: Path, outlet_id: int, start: date, end: date) -> list[dict[str, Any]]:
    """Values of one outlet the screening kept out of every total (``suspect``: beyond
    the field's data type or the factor's plausible range), by data time; at most
    ``FLAGGED_LIMIT``. Raw values as stored (doubles), with the record's data flag."""
    sql = """
        SELECT data_time, factor, cn, rtd, min, avg, max, cou, flag, suspect, packet_id
        FROM "values"
        WHERE date BETWEEN $start AND $end AND outlet_id = $outlet AND suspect IS NOT NULL
        ORDER BY data_time, factor LIMIT $limit"""
    params = {"start": start, "end": end, "outlet": outlet_id, "limit": FLAGGED_LIMIT}
    with store.connect(root, ["values"]) as connection:
        return _rows(connection, sql, params)


def daily(root: Path, outlet_ids: Iterable[int], start: date, end: date) -> list[dict[str, Any]]:
    """Daily sums per outlet and factor: emission kg, flow m3, valid and expected records."""
    sql = """
        SELECT outlet_id, factor, date, sum(emission_kg) AS emission_kg, sum(flow_m3) AS flow_m3,
               sum(valid) AS valid, sum(expected) AS expected, count(*) AS hours,
               count(emission_kg) AS hours_with_emission
        FROM hourly
        WHERE date BETWEEN $start AND $end AND list_contains($ids, outlet_id)
        GROUP BY outlet_id, factor, date ORDER BY outlet_id, factor, date"""
    params = {"start": start, "end": end, "ids": _ids(outlet_ids)}
    if not params["ids"]:
        return []
    with _connect(root) as connection:
        return _rows(connection, sql, params)


def totals(root: Path, outlet_ids: Iterable[int], start: date, end: date) -> list[dict[str, Any]]:
    """Sums per outlet and factor over the whole period, as :func:`daily` gives them per
    day: emission kg (None where no hour has one), flow m3, valid and expected records,
    hours with a row and hours with an emission figure. One row per outlet and factor,
    however long the period."""
    sql = """
        SELECT outlet_id, factor, sum(emission_kg) AS emission_kg, sum(flow_m3) AS flow_m3,
               sum(valid) AS valid, sum(expected) AS expected, count(*) AS hours,
               count(emission_kg) AS hours_with_emission
        FROM hourly
        WHERE date BETWEEN $start AND $end AND list_contains($ids, outlet_id)
        GROUP BY outlet_id, factor ORDER BY outlet_id, factor"""
    params = {"start": start, "end": end, "ids": _ids(outlet_ids)}
    if not params["ids"]:
        return []
    with _connect(root) as connection:
        return _rows(connection, sql, params)


def annual_by_enterprise(root: Path, year: int, outlet_ids: Iterable[int]) -> list[dict[str, Any]]:
    """Emission kg per enterprise and factor in ``year`` (sum of hourly emissions)."""
    sql = """
        SELECT enterprise_id, factor, sum(emission_kg) AS emission_kg,
               count(emission_kg) AS hours_with_emission
        FROM hourly
        WHERE date BETWEEN $start AND $end AND list_contains($ids, outlet_id)
          AND emission_kg IS NOT NULL
        GROUP BY enterprise_id, factor ORDER BY enterprise_id, factor"""
    params = {"start": date(year, 1, 1), "end": date(year, 12, 31), "ids": _ids(outlet_ids)}
    if not params["ids"]:
        return []
    with _connect(root) as connection:
        return _rows(connection, sql, params)


def period_hours(start: date, end: date, now: datetime) -> int:
    """Whole hours from ``start`` 00:00 to the earlier of ``end`` 24:00 and the current hour."""
    first = datetime.combine(start, datetime.min.time())
    last = min(datetime.combine(end + timedelta(days=1), datetime.min.time()), now)
    last = last.replace(minute=0, second=0, microsecond=0)
    return max(int((last - first).total_seconds() // 3600), 0)


def summaries(
    root: Path,
    outlets: Sequence[tuple[int, int]],
    start: date,
    end: date,
    now: datetime,
) -> dict[int, OutletSummary]:
    """Last data time and capture rate of each ``(outlet id, minute interval)`` over a period.

    The capture rate counts every factor the outlet sent in the period; an
    outlet that sent nothing in it has a rate of 0 (when any hour has passed).
    """
    hours = period_hours(start, end, now)
    sql = """
        SELECT outlet_id, factor, sum(valid) AS valid, sum(expected) AS expected,
               count(*) AS hours, max(last_data_time) AS last_data_time
        FROM hourly WHERE date BETWEEN $start AND $end AND list_contains($ids, outlet_id)
        GROUP BY outlet_id, factor"""
    ids = _ids(o for o, _ in outlets)
    if not ids:
        return {}
    with _connect(root) as connection:
        rows = _rows(connection, sql, {"start": start, "end": end, "ids": ids})
        last = _last_seen(connection, ids)
    per_hour = {outlet: rules.per_hour(minutes) for outlet, minutes in outlets}
    valid: dict[int, int] = defaultdict(int)
    expected: dict[int, int] = defaultdict(int)
    for row in rows:
        outlet = row["outlet_id"]
        valid[outlet] += int(row["valid"])
        expected[outlet] += rules.period_expected(
            hours_in_period=hours,
            hours_seen=int(row["hours"]),
            expected_seen=int(row["expected"]),
            per_hour=per_hour[outlet],
        )
    return {
        outlet: OutletSummary(
            outlet,
            last.get(outlet),
            valid[outlet],
            expected[outlet] if outlet in expected else hours * per_hour[outlet],
        )
        for outlet, _ in outlets
    }


def _last_seen(connection: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, datetime]:
    sql = """SELECT outlet_id, max(last_data_time) FROM hourly
             WHERE list_contains($ids, outlet_id) GROUP BY outlet_id"""
    return {row[0]: row[1] for row in connection.execute(sql, {"ids": ids}).fetchall()}


def exceedances(
    root: Path,
    limits: dict[tuple[int, str], Decimal],
    start: date,
    end: date,
) -> list[tuple[int, str, rules.ExceedanceEvent]]:
    """Exceedance events ``(outlet id, factor, event)`` over a period, for the given limits."""
    if not limits:
        return []
    sql = """
        SELECT outlet_id, factor, hour, mean_concentration FROM hourly
        WHERE date BETWEEN $start AND $end AND list_contains($ids, outlet_id)
          AND mean_concentration IS NOT NULL"""
    params = {"start": start, "end": end, "ids": _ids(o for o, _ in limits)}
    series: dict[tuple[int, str], list[tuple[datetime, Decimal | None]]] = defaultdict(list)
    with _connect(root) as connection:
        for outlet, factor, hour, mean in connection.execute(sql, params).fetchall():
            if (outlet, factor) in limits:
                series[(outlet, factor)].append((hour, Decimal(repr(mean))))
    events = [
        (outlet, factor, event)
        for (outlet, factor), hours in series.items()
        for event in rules.exceedance_events(hours, limits[(outlet, factor)])
    ]
    return sorted(events, key=lambda e: (e[2].start, e[0], e[1]), reverse=True)
