"""Hourly roll-up of stored values, date by date, with the rules of ``domain.emissions``.

Every figure depends only on the records of its own hour, so a roll-up can redo only
the hours that received data since the last one (``since``: the hours of the records
in part files written since then) and keep the date's other hourly rows as they were:
during a catch-up this is much less than the whole date each minute.

For each outlet, factor and hour: valid / invalid / stopped record counts, the
records expected, the emission in kg, the flow in m3, mean and peak
concentration (valid records). Minute data (CN 2051) is used where an hour has
any; otherwise the device's hourly record (CN 2061). A record sent twice counts
once (the last received). For the flow factor itself the "concentration" is its
mean rate (``-Avg``, or ``-Cou`` over the interval when only the volume is sent).
Real-time data (CN 2011) is stored and charted but is not rolled up. DataTime is
the start of the interval a record covers.

A value the screening flagged (``suspect``, ``domain.screening``) is read with the flag
``emissions.SUSPECT_FLAG``, so its record is invalid and its value counts nowhere.
The flag sets, unit factors and flow factors are taken from ``domain.emissions``,
so the SQL below and ``emissions.hour_figures`` (which the tests compare it
with) apply one set of rules. Daily and annual figures are sums over this table
(``monitoring/figures.py``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from deltacap.domain import emissions as rules
from deltacap.monitoring import store
from deltacap.monitoring.registry import OutletConfig


def _in(values: Iterable[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in sorted(values)) + ")"


_WATER_FLOW = rules.FLOW_FACTORS["water"]
_AIR_FLOW = rules.FLOW_FACTORS["air"]
_FLOWS = _in(rules.FLOW_FACTOR_CODES)
_STATUS = f"""
    CASE
      WHEN coalesce(flag, 'N') IN {_in(rules.STOPPED_FLAGS)}
        OR coalesce(flow_flag, 'N') IN {_in(rules.STOPPED_FLAGS)} THEN 'stopped'
      WHEN coalesce(flag, 'N') IN {_in(rules.VALID_FLAGS)}
        AND coalesce(flow_flag, 'N') IN {_in(rules.VALID_FLAGS)}
        AND concentration IS NOT NULL AND flow_m3 IS NOT NULL THEN 'valid'
      ELSE 'invalid'
    END"""

HOURLY_SQL = f"""
WITH v AS (
  SELECT outlet_id, enterprise_id, cn, data_time, factor, avg, cou, received_at,
         CASE WHEN suspect IS NULL THEN flag ELSE '{rules.SUSPECT_FLAG}' END AS flag
  FROM "values"
  WHERE date = CAST($date AS DATE) AND outlet_id IS NOT NULL AND cn IN ('2051', '2061')
    AND data_time >= $first AND data_time < $last
    AND ($all_hours OR date_trunc('hour', data_time) IN (SELECT hour FROM changed_hours))
),
latest AS (
  SELECT * FROM v
  QUALIFY row_number() OVER (
    PARTITION BY outlet_id, cn, data_time, factor ORDER BY received_at DESC) = 1
),
minute_hours AS (
  SELECT DISTINCT outlet_id, date_trunc('hour', data_time) AS hour FROM latest WHERE cn = '2051'
),
chosen AS (
  SELECT l.*, date_trunc('hour', l.data_time) AS hour,
         CASE WHEN l.cn = '2051' THEN o.minute_interval * 60 ELSE 3600 END AS seconds,
         CASE WHEN l.cn = '2051' THEN greatest(60 // o.minute_interval, 1) ELSE 1 END AS per_hour
  FROM latest l JOIN outlets o USING (outlet_id)
  WHERE l.cn = '2051' OR NOT EXISTS (
    SELECT 1 FROM minute_hours m
    WHERE m.outlet_id = l.outlet_id AND m.hour = date_trunc('hour', l.data_time))
),
flows AS (
  SELECT outlet_id, cn, data_time, factor AS flow_factor, flag AS flow_flag,
         coalesce(cou, avg * rate_m3_s * seconds) AS flow_m3,
         coalesce(avg, cou / (rate_m3_s * seconds)) AS rate
  FROM (SELECT *, CASE factor WHEN '{_WATER_FLOW}' THEN {rules.FLOW_RATE_M3_PER_S["water"]}
                              ELSE {rules.FLOW_RATE_M3_PER_S["air"]} END AS rate_m3_s
        FROM chosen WHERE factor IN {_FLOWS})
),
records AS (
  SELECT c.outlet_id, c.enterprise_id, c.factor, c.hour, c.cn, c.data_time, c.per_hour,
         c.avg AS concentration, f.flow_m3, c.flag, f.flow_flag,
         CASE WHEN c.factor LIKE 'w%' THEN {rules.KG_PER_UNIT_M3["water"]}
              ELSE {rules.KG_PER_UNIT_M3["air"]} END AS kg_factor
  FROM chosen c LEFT JOIN flows f
    ON f.outlet_id = c.outlet_id AND f.cn = c.cn AND f.data_time = c.data_time
   AND f.flow_factor = CASE WHEN c.factor LIKE 'w%' THEN '{_WATER_FLOW}' ELSE '{_AIR_FLOW}' END
  WHERE c.factor NOT IN {_FLOWS}
  UNION ALL
  SELECT outlet_id, enterprise_id, flow_factor, date_trunc('hour', data_time), cn, data_time,
         c.per_hour, f.rate, f.flow_m3, f.flow_flag, 'N', NULL
  FROM flows f JOIN chosen c USING (outlet_id, cn, data_time)
  WHERE c.factor = f.flow_factor
),
judged AS (
  SELECT *, {_STATUS} AS status FROM records
),
counted AS (
  SELECT outlet_id, any_value(enterprise_id) AS enterprise_id, factor, hour,
         min(cn) AS source_cn,
         count(*) FILTER (WHERE status = 'valid') AS valid,
         count(*) FILTER (WHERE status = 'invalid') AS invalid,
         count(*) FILTER (WHERE status = 'stopped') AS stopped,
         max(per_hour) AS per_hour,
         sum(concentration * flow_m3 * kg_factor) FILTER (WHERE status = 'valid') AS valid_kg,
         sum(flow_m3) FILTER (WHERE status = 'valid') AS valid_m3,
         any_value(kg_factor) AS kg_factor,
         avg(concentration) FILTER (WHERE status = 'valid') AS mean_concentration,
         max(concentration) FILTER (WHERE status = 'valid') AS max_concentration,
         max(data_time) AS last_data_time
  FROM judged GROUP BY outlet_id, factor, hour
)
SELECT outlet_id, enterprise_id, factor, hour, source_cn,
       CAST(valid AS INTEGER) AS valid, CAST(invalid AS INTEGER) AS invalid,
       CAST(stopped AS INTEGER) AS stopped,
       CAST(greatest(per_hour - stopped, 0) AS INTEGER) AS expected,
       CASE WHEN kg_factor IS NULL THEN NULL
            WHEN valid > 0 THEN valid_kg * (valid + invalid) / valid
            WHEN invalid = 0 AND stopped > 0 THEN 0 END AS emission_kg,
       CASE WHEN valid > 0 THEN valid_m3 * (valid + invalid) / valid
            WHEN invalid = 0 AND stopped > 0 THEN 0 END AS flow_m3,
       mean_concentration, max_concentration, last_data_time
FROM counted
ORDER BY outlet_id, factor, hour
"""


# A roll-up runs next to the receivers, every minute during a catch-up: one thread, so
# that it takes one core at most, and 1 GB before DuckDB spills to disk (at 384 MB six
# hours of 1,000 minute-data devices spilled and took 2.7 times the CPU).
ROLLUP_MEMORY = "1GB"
# Records one pass of a roll-up reads at most: 2,000 outlets' day (10.4 million minute
# records) is rolled up in one pass within ROLLUP_MEMORY; 20,000 outlets' (104 million) ran
# out of it.
ROWS_PER_PASS = 12_000_000
HOUR = timedelta(hours=1)
HOUR_TYPE = pa.timestamp("us")


def _outlets_table(configs: dict[int, OutletConfig]) -> pa.Table:
    return pa.table(
        {
            "outlet_id": pa.array([c.outlet_id for c in configs.values()], pa.int64()),
            "minute_interval": pa.array([c.minute_interval for c in configs.values()], pa.int32()),
        }
    )


def hourly_of(
    root: Path,
    date: str,
    configs: dict[int, OutletConfig],
    hours: list[datetime] | None = None,
) -> pa.Table:
    """The hourly roll-up of one date (``YYYY-MM-DD``) from the values in the store; of the
    given ``hours`` only when given."""
    day = datetime.strptime(date, "%Y-%m-%d")
    first, last = (min(hours), max(hours) + HOUR) if hours else (day, day + 24 * HOUR)
    connection = store.connect(root, ["values"], memory=ROLLUP_MEMORY, threads=1)
    try:
        connection.register("outlets", _outlets_table(configs))
        connection.register("changed_hours", pa.table({"hour": pa.array(hours or [], HOUR_TYPE)}))
        params = {"date": date, "first": first, "last": last, "all_hours": hours is None}
        result = connection.sql(HOURLY_SQL, params=params).to_arrow_table()
    finally:
        connection.close()
    assert result is not None
    return result.select(store.HOURLY_SCHEMA.names).cast(store.HOURLY_SCHEMA)


def changed_hours(root: Path, date: str, since: float) -> list[datetime]:
    """The hours of ``date`` with records in part files written at or after ``since``
    (epoch seconds, by the files' modification times)."""
    folder = store.partition(root, "values", date)
    files = []
    for path in folder.glob("*.parquet"):
        try:
            if path.stat().st_mtime >= since:
                files.append(str(path))
        except OSError:
            continue  # compacted meanwhile: its rows are in the merged file, which is newer
    if not files:
        return []
    with duckdb.connect() as connection:
        found = connection.execute(
            "SELECT DISTINCT date_trunc('hour', data_time) FROM read_parquet($files)",
            {"files": files},
        ).fetchall()
    return sorted(row[0] for row in found)


def roll_up(
    root: Path,
    dates: Iterable[str],
    configs: dict[int, OutletConfig],
    since: float | None = None,
) -> int:
    """Rewrite the hourly roll-up of each date (atomically); the number of hourly rows
    computed.

    With ``since`` (epoch seconds) only the hours with records in part files written
    since then are computed again, and the date's other hourly rows kept.
    """
    written = 0
    for date in sorted(set(dates)):
        existing = _hourly_file(root, date)
        if since is None or existing is None:
            table = fresh = _whole_date(root, date, configs)
        else:
            hours = changed_hours(root, date, since)
            if not hours:
                continue
            fresh = hourly_of(root, date, configs, hours)
            table = _merge_hours(pq.read_table(existing), fresh, hours)
        store.write_part(root, "hourly", date, table, name="hourly.parquet")
        written += fresh.num_rows
    return written


def minute_rows(root: Path, date: str) -> int:
    """The records of ``date`` in the store, from the part files' footers (no data read)."""
    rows = 0
    for path in store.partition(root, "values", date).glob("*.parquet"):
        try:
            rows += pq.read_metadata(path).num_rows
        except OSError:
            continue  # compacted meanwhile: its rows are in the merged file
    return rows


def passes_of(rows: int, date: str) -> list[list[datetime]] | None:
    """The hours of each pass of a whole date's roll-up of ``rows`` records; None for one
    pass over the date. Beyond ``ROWS_PER_PASS`` the date is rolled up a few hours at a
    time, as the receiver does hour by hour: one pass over a region's day (20,000 outlets,
    100 million records) does not fit in ``ROLLUP_MEMORY``."""
    if rows <= ROWS_PER_PASS:
        return None
    count = min(24, -(-rows // ROWS_PER_PASS))
    size = -(-24 // count)
    day = datetime.strptime(date, "%Y-%m-%d")
    return [[day + h * HOUR for h in range(s, min(s + size, 24))] for s in range(0, 24, size)]


def _whole_date(root: Path, date: str, configs: dict[int, OutletConfig]) -> pa.Table:
    passes = passes_of(minute_rows(root, date), date)
    if passes is None:
        return hourly_of(root, date, configs)
    parts = [hourly_of(root, date, configs, hours) for hours in passes]
    return pa.concat_tables(parts).sort_by(
        [("outlet_id", "ascending"), ("factor", "ascending"), ("hour", "ascending")]
    )


def _hourly_file(root: Path, date: str) -> Path | None:
    path = store.partition(root, "hourly", date) / "hourly.parquet"
    return path if path.is_file() else None


def _merge_hours(old: pa.Table, fresh: pa.Table, hours: list[datetime]) -> pa.Table:
    """``old`` without the rows of ``hours``, plus ``fresh``, in the roll-up's order."""
    changed = pa.array(hours, HOUR_TYPE)
    kept = old.select(store.HOURLY_SCHEMA.names).cast(store.HOURLY_SCHEMA)
    kept = kept.filter(pc.invert(pc.is_in(kept["hour"], value_set=changed)))
    merged = pa.concat_tables([kept, fresh])
    return merged.sort_by(
        [("outlet_id", "ascending"), ("factor", "ascending"), ("hour", "ascending")]
    )


class RollUpClock:
    """Remembers when the last successful roll-up started, to pass as ``since`` to the next
    (less a margin for batches received before it and written after it started)."""

    MARGIN_SECONDS = 30.0

    def __init__(self) -> None:
        self.since: float | None = None  # the first roll-up of a process does whole dates

    def roll_up(self, root: Path, dates: Iterable[str]) -> int:
        started = time.time()
        rows = roll_up_with_registry(root, dates, self.since)
        self.since = started - self.MARGIN_SECONDS
        return rows


def roll_up_with_registry(root: Path, dates: Iterable[str], since: float | None = None) -> int:
    """``roll_up`` with the outlets of the device registry (needs Django set up)."""
    from deltacap.monitoring.registry import outlet_configs

    return roll_up(root, dates, outlet_configs(), since)
