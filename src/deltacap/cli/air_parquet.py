"""``deltacap air aqi --in X.parquet --out Y.parquet``: the AQI over a file's columns.

In: ``date`` (a date, or text YYYY-MM-DD), optional ``hour``, ``report`` ("daily" or
"realtime") and one float column per item (absent = missing for every record; null =
missing). Out: the input's columns, then ``standard``, ``aqi``, ``aqi_status``, ``level``,
``category_cn``, ``primary_pollutants`` (comma-joined) and ``iaqi_<ITEM>``. The file is
checked as a whole: a record that cannot be rated refuses the file, naming the column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from deltacap.domain import air
from deltacap.domain.air.tables import LEVELS
from deltacap.domain.errors import gettext_noop


class NotParquet(OSError):
    """The source file is not one Parquet can read."""


def rate_parquet(source: Path, target: Path, practice: air.Practice) -> int:
    """Rate every record of ``source`` and write ``target``; the number of records.

    Raises ``AirInputError`` naming the column at fault, ``NotParquet`` for a source that is
    not Parquet, ``OSError`` for a file that cannot be read or written.
    """
    try:
        table = pq.read_table(source)
    except pa.ArrowInvalid as error:
        raise NotParquet(0, str(error).splitlines()[0]) from None
    columns = air.aqi_columns(_dates(table), _realtime(table), _inputs(table), practice)
    pq.write_table(_with_results(table, columns), target)
    return int(table.num_rows)


def _refuse(column: str, template: str, **params: object) -> air.AirInputError:
    return air.AirInputError(template, field=column, column=column, **params)


def _column(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name not in table.column_names:
        raise _refuse(name, gettext_noop("The file has no column {column}."))
    return table.column(name)


def _dates(table: pa.Table) -> np.ndarray:
    column = _column(table, "date")
    try:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pc.strptime(column, format="%Y-%m-%d", unit="s")
        dates = column.cast(pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise _refuse(
            "date", gettext_noop("Column {column} must hold dates (YYYY-MM-DD).")
        ) from None
    if dates.null_count:
        raise _refuse("date", gettext_noop("Column {column} has an empty cell."))
    return dates.to_numpy().astype("datetime64[D]")


def _realtime(table: pa.Table) -> np.ndarray:
    column = _column(table, "report")
    known = pc.is_in(column, value_set=pa.array(["daily", "realtime"]))
    if column.null_count or not pc.all(known, min_count=0).as_py():
        raise _refuse(
            "report", gettext_noop('Column {column} must hold "daily" or "realtime" in every row.')
        )
    return pc.equal(column, "realtime").to_numpy()


def _inputs(table: pa.Table) -> dict[str, np.ndarray]:
    inputs = {}
    for item in air.ITEMS:
        if item in table.column_names:
            inputs[item] = _concentrations(table.column(item), item)
    return inputs


def _concentrations(column: pa.ChunkedArray, item: str) -> np.ndarray:
    """The column as floats (null = NaN); refused unless every value is a number ≥ 0."""
    refusal = _refuse(item, gettext_noop("Column {column} must hold numbers of at least 0."))
    try:
        values = column.cast(pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise refusal from None
    if np.any(values < 0) or np.any(np.isinf(values)):
        raise refusal
    return values


def _with_results(table: pa.Table, columns: air.AqiColumns) -> pa.Table:
    published = ~np.isnan(columns.aqi)
    categories = np.array([None, *(level[1] for level in LEVELS)], dtype=object)
    results = {
        "standard": pa.array(columns.standards(), pa.string()),
        "aqi": _integers(columns.aqi),
        "aqi_status": pa.array(np.where(published, "published", "NA"), pa.string()),
        "level": pa.array(columns.level, pa.int8(), mask=~published),
        "category_cn": pa.array(categories[columns.level], pa.string()),
        "primary_pollutants": pa.array(_joined(columns.primary), pa.string()),
    }
    results |= {f"iaqi_{item}": _integers(columns.iaqi[item]) for item in air.ITEMS}
    for name, values in results.items():
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, values)
    return table


def _integers(values: np.ndarray) -> pa.Array:
    missing = np.isnan(values)
    return pa.array(np.where(missing, 0, values).astype(np.int32), pa.int32(), mask=missing)


def _joined(primary: np.ndarray) -> np.ndarray:
    """Each row's primary pollutants, comma-joined ("" for none), built item by item."""
    joined = np.full(primary.shape[0], "", dtype=object)
    for index, item in enumerate(air.ITEMS):
        separator = np.where(joined == "", "", ",")
        joined = np.where(primary[:, index], joined + separator + item, joined)
    return joined
