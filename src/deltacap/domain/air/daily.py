"""From hourly station observations to daily values per station and per city, with the
data-validity rules of GB 3095 表4, and the city's daily AQI by HJ 633 of the day's version.

Over columns: the hours go into one (stations, days, 24) array per pollutant and every rule
is an operation on whole arrays; no Python loop per record, station or day.

Hours: ``time`` is the start of the hour a value averages (hour 0 is 00:00-01:00), local
time; a day's hours are 0..23. Concentrations in µg/m³, CO in mg/m³; NaN = missing or
invalid (a value flagged invalid at the source is given as NaN).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

import numpy as np
import numpy.typing as npt

from deltacap.domain.air import gb3095 as g
from deltacap.domain.air.aqi import AqiColumns, aqi_columns
from deltacap.domain.errors import DeltacapError, gettext_noop

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# The daily values of a station or city: 24 h means, "O3" the daily maximum 8 h mean (MDA8),
# "O3_1h" the daily maximum hourly value (HJ 633-2012's daily report rates it).
DAILY_ITEMS: tuple[str, ...] = ("SO2", "NO2", "CO", "O3", "PM10", "PM2.5", "O3_1h")
MEAN_24H: tuple[str, ...] = ("SO2", "NO2", "CO", "PM10", "PM2.5")
# The daily value of each pollutant as an item of HJ 633's daily report.
AQI_ITEM: dict[str, str] = {p: f"{p}_24h" for p in MEAN_24H} | {"O3": "O3_8h", "O3_1h": "O3_1h"}


class EvaluationInputError(DeltacapError):
    """Observations that cannot be evaluated; ``field`` names the column, ``row`` the row
    (counted from 1) where there is one."""

    template = gettext_noop("The observations cannot be evaluated.")


@dataclass(frozen=True)
class HourlyObservations:
    """Hourly observations as columns. ``station`` indexes ``stations`` (their codes);
    ``station_city[i]`` is the city of ``stations[i]``; ``values`` holds one column per
    pollutant of ``gb3095.POLLUTANTS`` (a pollutant absent is missing everywhere)."""

    station: IntArray
    time: npt.NDArray[np.datetime64]
    values: Mapping[str, FloatArray]
    stations: tuple[str, ...]
    station_city: tuple[str, ...]

    @classmethod
    def from_codes(
        cls,
        station: Sequence[str] | npt.NDArray[np.str_],
        city: Sequence[str] | npt.NDArray[np.str_],
        time: npt.NDArray[np.datetime64],
        values: Mapping[str, FloatArray],
    ) -> HourlyObservations:
        """From a station code and a city code on every row. Raises EvaluationInputError for
        a station given in two cities, naming the row."""
        stations, index = np.unique(np.asarray(station, dtype=str), return_inverse=True)
        cities, city_index = np.unique(np.asarray(city, dtype=str), return_inverse=True)
        return cls.from_indices(index, stations.tolist(), city_index, cities.tolist(), time, values)

    @classmethod
    def from_indices(
        cls,
        station: IntArray,
        stations: Sequence[str],
        city: IntArray,
        cities: Sequence[str],
        time: npt.NDArray[np.datetime64],
        values: Mapping[str, FloatArray],
    ) -> HourlyObservations:
        """From a station index into ``stations`` and a city index into ``cities`` on every
        row (a dictionary-encoded column). Raises EvaluationInputError for a station given
        in two cities, naming the row."""
        station = np.asarray(station, dtype=np.int64)
        city = np.asarray(city, dtype=np.int64)
        first = np.full(len(stations), -1, dtype=np.int64)
        first[station] = np.arange(len(station))  # some row of each station
        if (city != city[first][station]).any():
            _refuse_second_city(station, stations, city, cities)
        seen = first >= 0  # a code of the dictionary no row uses is left out
        renumber = np.cumsum(seen) - 1
        return cls(
            renumber[station],
            time,
            values,
            tuple(str(s) for s, yes in zip(stations, seen, strict=True) if yes),
            tuple(str(cities[city[f]]) for f in first[seen]),
        )


def _refuse_second_city(
    station: IntArray, stations: Sequence[str], city: IntArray, cities: Sequence[str]
) -> NoReturn:
    """Raise for the first row whose city is not that of its station's first row."""
    _, first = np.unique(station, return_index=True)
    first_of = np.zeros(len(stations), dtype=np.int64)
    first_of[station[first]] = first
    row = int(np.argmax(city != city[first_of[station]]))
    raise EvaluationInputError(
        gettext_noop("Row {row}: station {station} was given in city {city} before."),
        field="city",
        row=row + 1,
        station=str(stations[station[row]]),
        city=str(cities[city[first_of[station[row]]]]),
    )


@dataclass(frozen=True)
class StationDays:
    """Daily values per station: ``values[item]`` is (stations, days), NaN where the day
    has no valid value by the rules."""

    stations: tuple[str, ...]
    station_city: tuple[str, ...]
    days: npt.NDArray[np.datetime64]  # datetime64[D], every day from the first to the last
    values: dict[str, FloatArray]


@dataclass(frozen=True)
class CityDays:
    """Daily values per city (the mean of its stations' valid values), their daily AQI and
    whether the day counts as a valid day of the city (all six pollutants valid)."""

    cities: tuple[str, ...]
    days: npt.NDArray[np.datetime64]
    values: dict[str, FloatArray]  # (cities, days)
    stations: dict[str, IntArray]  # the valid stations each value is the mean of
    aqi: FloatArray  # (cities, days), NaN where not published
    level: IntArray  # (cities, days), 1..6, 0 where not published
    valid: BoolArray  # (cities, days)
    rated: AqiColumns  # the ratings as HJ 633 columns, city-major


def station_days(
    observations: HourlyObservations, rules: g.EvaluationRules = g.RULES
) -> StationDays:
    """Daily values of every station by the validity rules (GB 3095 表4; ``rules``).

    Raises EvaluationInputError naming the column and row of a time that is missing, a
    negative or infinite value, or a station-hour given twice."""
    n = len(observations.station)
    for name, column in observations.values.items():
        if len(column) != n:
            raise EvaluationInputError(
                gettext_noop("Column {column} has {count} rows, not {expected}."),
                field=name,
                column=name,
                count=len(column),
                expected=n,
            )
    hours = np.asarray(observations.time).astype("datetime64[h]")
    _refuse_missing_time(hours)
    first = hours.min().astype("datetime64[D]") if n else np.datetime64("2000-01-01")
    last = hours.max().astype("datetime64[D]") if n else first
    days = np.arange(first, last + 1, dtype="datetime64[D]")
    offset = (hours - first.astype("datetime64[h]")).astype(np.int64)
    cells = len(observations.stations) * len(days) * 24
    position = observations.station * (len(days) * 24) + offset
    _refuse_twice(position, cells)
    shape = (len(observations.stations), len(days), 24)
    values: dict[str, FloatArray] = {}
    for pollutant in g.POLLUTANTS:
        cube = np.full(cells, np.nan)
        if pollutant in observations.values:
            column = np.asarray(observations.values[pollutant], dtype=float)
            cube[position] = _checked(column, pollutant)
        values |= _daily(pollutant, cube.reshape(shape), days, rules)
    return StationDays(observations.stations, observations.station_city, days, values)


def _refuse_missing_time(hours: npt.NDArray[np.datetime64]) -> None:
    missing = np.isnat(hours)
    if missing.any():
        raise EvaluationInputError(
            gettext_noop("Row {row}: column {column} has no time."),
            field="time",
            column="time",
            row=int(np.argmax(missing)) + 1,
        )


def _refuse_twice(position: IntArray, cells: int) -> None:
    counts = np.bincount(position, minlength=cells)
    if counts.size and counts.max(initial=0) > 1:
        row = int(np.argmax(counts[position] > 1))
        second = int(np.flatnonzero(position == position[row])[1])
        raise EvaluationInputError(
            gettext_noop("Row {row}: the station's hour was given before, in row {first}."),
            field="time",
            row=second + 1,
            first=row + 1,
        )


def _checked(column: FloatArray, pollutant: str) -> FloatArray:
    bad = (column < 0) | np.isinf(column)
    if bad.any():
        raise EvaluationInputError(
            gettext_noop("Row {row}: column {column} must hold a number of at least 0."),
            field=pollutant,
            column=pollutant,
            row=int(np.argmax(bad)) + 1,
        )
    return column


def _daily(
    pollutant: str, cube: FloatArray, days: npt.NDArray[np.datetime64], rules: g.EvaluationRules
) -> dict[str, FloatArray]:
    """The daily value(s) of one pollutant from its (stations, days, 24) hours."""
    valid = ~np.isnan(cube)
    count = valid.sum(axis=2)
    filled = np.where(valid, cube, 0.0)
    enough = count >= rules.min_hours_24h
    if pollutant != "O3":
        with np.errstate(invalid="ignore", divide="ignore"):
            mean: FloatArray = np.where(enough, filled.sum(axis=2) / count, np.nan)
        return {pollutant: mean}
    highest = np.where(valid, cube, -np.inf).max(axis=2)
    return {"O3": _mda8(filled, valid, days, rules), "O3_1h": np.where(enough, highest, np.nan)}


def _mda8(
    filled: FloatArray, valid: BoolArray, days: npt.NDArray[np.datetime64], rules: g.EvaluationRules
) -> FloatArray:
    """The daily maximum 8 h mean: the windows ending within the day (GB 3095-2026 §3.8-§3.9
    [V]), each a mean of at least ``min_hours_8h`` hours (表4 [V]); the day needs
    ``min_windows_mda8`` valid windows unless its maximum is above the O3 8 h limit [M]."""
    width, start = rules.window_hours, rules.first_window_end + 1
    zeros = np.zeros((*filled.shape[:2], 1))
    sums = np.concatenate([zeros, np.cumsum(filled, axis=2)], axis=2)
    counts = np.concatenate([zeros, np.cumsum(valid, axis=2)], axis=2)
    window_sum = sums[:, :, start:] - sums[:, :, start - width : 25 - width]
    window_count = counts[:, :, start:] - counts[:, :, start - width : 25 - width]
    window_valid = window_count >= rules.min_hours_8h
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(window_valid, window_sum / window_count, -np.inf)
    highest = means.max(axis=2)
    windows = window_valid.sum(axis=2)
    limit_of_day = _O3_8H_LIMITS[_version_index(days)][np.newaxis, :]
    counts_ok = (windows >= rules.min_windows_mda8) | ((windows > 0) & (highest > limit_of_day))
    result: FloatArray = np.where(counts_ok, highest, np.nan)
    return result


# The O3 8 h limit of each version, in the order of ``_version_index``.
_O3_8H_LIMITS = np.array(
    [
        g.LIMITS_CLASS_2[version]["O3_8h"]
        for version in (
            g.Gb3095.GB3095_2012,
            g.Gb3095.GB3095_2026_TRANSITIONAL,
            g.Gb3095.GB3095_2026,
        )
    ]
)


def _version_index(days: npt.NDArray[np.datetime64]) -> IntArray:
    """0, 1, 2: the days under GB 3095-2012, 2026 transitional, 2026 final."""
    edges = np.array([g.GB3095_2026_IN_FORCE, g.GB3095_2026_FINAL_FROM], dtype="datetime64[D]")
    index: IntArray = np.searchsorted(edges, days, side="right").astype(np.int64)
    return index


def city_days(days: StationDays) -> CityDays:
    """Each city's daily values (the arithmetic mean of its stations' valid daily values,
    HJ 663), their daily AQI by HJ 633 of the day's version (daily report) and the valid
    days (all six pollutants valid)."""
    cities, city_of = np.unique(np.asarray(days.station_city, dtype=str), return_inverse=True)
    member = np.zeros((len(cities), len(days.stations)))
    member[city_of, np.arange(len(days.stations))] = 1.0
    values: dict[str, FloatArray] = {}
    stations: dict[str, IntArray] = {}
    for item, daily in days.values.items():
        valid = ~np.isnan(daily)
        total = member @ np.where(valid, daily, 0.0)
        count = member @ valid.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            values[item] = np.where(count > 0, total / count, np.nan)
        stations[item] = count.astype(np.int64)
    n_days = len(days.days)
    dates = np.tile(days.days, len(cities))
    inputs = {AQI_ITEM[item]: column.ravel() for item, column in values.items()}
    rated = aqi_columns(dates, np.zeros(len(dates), dtype=bool), inputs)
    shape = (len(cities), n_days)
    valid_day = np.ones(shape, dtype=bool)
    for pollutant in g.POLLUTANTS:
        valid_day &= ~np.isnan(values[pollutant])
    return CityDays(
        tuple(str(c) for c in cities),
        days.days,
        values,
        stations,
        rated.aqi.reshape(shape),
        rated.level.reshape(shape),
        valid_day & ~np.isnan(rated.aqi.reshape(shape)),
        rated,
    )
