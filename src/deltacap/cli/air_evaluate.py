"""``deltacap air evaluate --in HOURLY.parquet``: the HJ 663 evaluation of the cities of a file
of hourly station observations, per year or month, per city, member or the region.

In: ``station`` and ``city`` (codes; the city one of the region's 41, GB/T 2260), ``time``
(a timestamp, or text ``YYYY-MM-DD HH:MM[:SS]``: the start of the hour the values average,
local time) and ``SO2``, ``NO2``, ``CO``, ``O3``, ``PM10``, ``PM2.5`` (µg/m³, CO mg/m³; null
= missing; a column absent = missing everywhere). A file that breaks a rule is refused with
the column and row named. Out: a table in the run's language, or one JSON line per result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from deltacap import geodata
from deltacap.domain.air import gb3095 as g
from deltacap.domain.air.daily import EvaluationInputError, HourlyObservations
from deltacap.domain.errors import gettext_noop

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


class NotParquet(OSError):
    """The source file is not one Parquet can read."""


def _refuse(column: str, template: str, **params: object) -> EvaluationInputError:
    return EvaluationInputError(template, field=column, column=column, **params)


def read_observations(source: Path) -> HourlyObservations:
    """The file's rows as columns. Raises EvaluationInputError naming the column (and row),
    NotParquet, OSError."""
    try:
        schema = pq.read_schema(source)
        text = [
            n for n in ("station", "city") if n in schema.names and _is_text(schema.field(n).type)
        ]
        table = pq.read_table(source, read_dictionary=text)  # codes as small integers
    except pa.ArrowInvalid as error:
        raise NotParquet(0, str(error).splitlines()[0]) from None
    station, stations = _codes(table, "station")
    city, cities = _codes(table, "city")
    _refuse_unknown_cities(city, cities)
    values = {p: _numbers(table, p) for p in g.POLLUTANTS if p in table.column_names}
    return HourlyObservations.from_indices(station, stations, city, cities, _times(table), values)


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name not in table.column_names:
        raise _refuse(name, gettext_noop("The file has no column {column}."))
    return table.column(name)


def _first_null(column: pa.ChunkedArray) -> int:
    return int(np.argmax(column.is_null().to_numpy(zero_copy_only=False))) + 1


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _codes(table: pa.Table, name: str) -> tuple[np.ndarray, list[str]]:
    """A code column as (index per row, codes); numbers are read as their digits."""
    column = _column(table, name)
    if column.null_count:
        raise _refuse(
            name, gettext_noop("Row {row}: column {column} is empty."), row=_first_null(column)
        )
    if not pa.types.is_dictionary(column.type):
        if not _is_text(column.type):
            try:
                column = column.cast(pa.string())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise _refuse(name, gettext_noop("Column {column} must hold codes.")) from None
        column = pc.dictionary_encode(column)
    encoded = column.combine_chunks()
    codes = [str(code) for code in encoded.dictionary.to_pylist()]
    return encoded.indices.to_numpy().astype(np.int64), codes


def _refuse_unknown_cities(city: np.ndarray, cities: list[str]) -> None:
    known = {d["code"] for d in geodata.divisions() if d["level"] == "city"}
    used = np.bincount(city, minlength=len(cities)) > 0
    for index, code in enumerate(cities):
        if code not in known and used[index]:
            row = int(np.argmax(city == index)) + 1
            raise _refuse(
                "city",
                gettext_noop("Row {row}: {code} is not one of the region's 41 cities."),
                row=row,
                code=code,
            )


def _times(table: pa.Table) -> np.ndarray:
    column = _column(table, "time")
    if column.null_count:
        raise _refuse(
            "time", gettext_noop("Row {row}: column {column} has no time."), row=_first_null(column)
        )
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        column = _parsed(column)
    if not pa.types.is_timestamp(column.type) or column.type.tz is not None:
        raise _refuse(
            "time", gettext_noop("Column {column} must hold local times (YYYY-MM-DD HH:MM).")
        )
    times = column.combine_chunks().to_numpy().astype("datetime64[s]")
    off_hour = times != times.astype("datetime64[h]")
    if off_hour.any():
        raise _refuse(
            "time",
            gettext_noop("Row {row}: column {column} must give the start of an hour (HH:00)."),
            row=int(np.argmax(off_hour)) + 1,
        )
    return times.astype("datetime64[h]")


def _parsed(column: pa.ChunkedArray) -> pa.ChunkedArray:
    for pattern in TIME_FORMATS:
        try:
            return pc.strptime(column, format=pattern, unit="s")
        except pa.ArrowInvalid:
            continue
    raise _refuse("time", gettext_noop("Column {column} must hold local times (YYYY-MM-DD HH:MM)."))


def _numbers(table: pa.Table, name: str) -> np.ndarray:
    """A pollutant column as floats (null = NaN); refused unless every value is ≥ 0."""
    column = table.column(name)
    try:
        values = column.cast(pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise _refuse(
            name, gettext_noop("Column {column} must hold numbers of at least 0.")
        ) from None
    bad = (values < 0) | np.isinf(values)
    if bad.any():
        raise _refuse(
            name,
            gettext_noop("Row {row}: column {column} must hold a number of at least 0."),
            row=int(np.argmax(bad)) + 1,
        )
    return np.asarray(values, dtype=float)


def members_of_cities() -> dict[str, str]:
    """Each of the 41 cities' member (Shanghai is its own member)."""
    return {
        d["code"]: d["parent"] or d["code"] for d in geodata.divisions() if d["level"] == "city"
    }


def names(lang: str) -> dict[str, str]:
    """The members' and cities' names in ``lang`` ("zh" or "en") by code."""
    divisions = (d for d in geodata.divisions() if d["level"] != "county")
    found = {d["code"]: d["name_en"] if lang == "en" else d["name_zh"] for d in divisions}
    found["region"] = "Yangtze River Delta" if lang == "en" else "长三角区域"
    return found


def as_json(result: Any, name: str) -> dict[str, Any]:
    """One result as a JSON object (floats to 3 decimals; share of good days to 4)."""

    def rounded(value: float | None, places: int = 3) -> float | None:
        return None if value is None else round(value, places)

    return {
        "unit": result.unit.value,
        "code": result.code,
        "name": name,
        "period": result.period,
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
        "limits": result.limits.value,
        "rank": result.rank,
        "composite_index": rounded(result.composite_index),
        "attains_all": result.attains_all,
        "attains": result.attains,
        "valid": result.valid,
        "valid_days": result.valid_days,
        "min_days": result.min_days,
        "means": {k: rounded(v) for k, v in result.means.items()},
        "percentiles": {k: rounded(v) for k, v in result.percentiles.items()},
        "days_by_level": list(result.days_by_level),
        "aqi_days": result.aqi_days,
        "good_days": result.good_days,
        "good_share": rounded(result.good_share, 4),
        "pm25_mean": rounded(result.means["PM2.5"]),
        "cities": result.cities,
        "cities_attaining": result.cities_attaining,
    }
