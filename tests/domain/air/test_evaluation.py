"""City evaluation by HJ 663: validity rules at their thresholds, city means, percentiles,
attainment, the version switch at 2026-03-01, days by category and ranking."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deltacap.domain.air import gb3095 as g
from deltacap.domain.air.daily import (
    EvaluationInputError,
    HourlyObservations,
    city_days,
    station_days,
)
from deltacap.domain.air.evaluation import (
    Period,
    Unit,
    composite_index,
    evaluate,
    percentile,
)

# Low, clean background values: every statistic far below every limit.
BACKGROUND = {"SO2": 5.0, "NO2": 10.0, "CO": 0.5, "O3": 50.0, "PM10": 20.0, "PM2.5": 10.0}


def observations(
    first_day: str, days: int, stations: dict[tuple[str, str], dict[str, np.ndarray]]
) -> HourlyObservations:
    """Hourly rows of ``stations`` ((station, city) → pollutant → (days, 24) values; the
    pollutants not given at their background value) from ``first_day``."""
    hours = np.arange(
        np.datetime64(first_day, "h"),
        np.datetime64(first_day, "h") + days * 24,
        dtype="datetime64[h]",
    )
    codes: list[str] = []
    cities: list[str] = []
    columns: dict[str, list[np.ndarray]] = {p: [] for p in g.POLLUTANTS}
    for (station, city), given_values in stations.items():
        codes += [station] * len(hours)
        cities += [city] * len(hours)
        for p in g.POLLUTANTS:
            cube = given_values.get(p, np.full((days, 24), BACKGROUND[p]))
            columns[p].append(np.asarray(cube, dtype=float).ravel())
    time = np.tile(hours, len(stations))
    values = {p: np.concatenate(columns[p]) for p in g.POLLUTANTS}
    return HourlyObservations.from_codes(codes, cities, time, values)


def one_station(first_day: str, days: int, **values: np.ndarray) -> HourlyObservations:
    return observations(
        first_day,
        days,
        {("S1", "320100"): {k.replace("PM25", "PM2.5"): v for k, v in values.items()}},
    )


def day_with_hours(valid: int, value: float = 50.0) -> np.ndarray:
    """One day: ``valid`` hours of ``value``, the rest missing."""
    hours = np.full((1, 24), np.nan)
    hours[0, :valid] = value
    return hours


# --- Station daily values --------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "expected"), [(19, None), (20, 50.0), (24, 50.0)])
def test_a_24_hour_mean_needs_20_valid_hours(hours: int, expected: float | None) -> None:
    days = station_days(one_station("2025-05-01", 1, PM25=day_with_hours(hours)))
    value = days.values["PM2.5"][0, 0]
    assert math.isnan(value) if expected is None else value == expected


def _o3_day(missing: list[int]) -> np.ndarray:
    """O3 100 in hours 0..15 and 300 in hours 16..23, the hours ``missing`` missing."""
    day = np.where(np.arange(24) < 16, 100.0, 300.0)[np.newaxis, :].copy()
    day[0, missing] = np.nan
    return day


@pytest.mark.parametrize(("missing", "expected"), [([16, 17], 300.0), ([16, 17, 18], 100.0)])
def test_an_8_hour_mean_needs_6_valid_hours_in_its_window(
    missing: list[int], expected: float
) -> None:
    """The last window (hours 16..23) holds the high values: with 6 of its hours it counts
    (mean 300), with 5 it does not and the maximum comes from an all-100 window."""
    rules = g.EvaluationRules(min_windows_mda8=1)  # only the window rule at work
    days = station_days(one_station("2025-07-01", 1, O3=_o3_day(missing)), rules)
    assert days.values["O3"][0, 0] == expected


@pytest.mark.parametrize(
    ("missing_from_start", "value", "valid"),
    [(5, 100.0, True), (6, 100.0, False), (6, 200.0, True)],
)
def test_a_daily_maximum_8_hour_mean_needs_14_windows_unless_above_the_limit(
    missing_from_start: int, value: float, valid: bool
) -> None:
    """Hours 0..a-1 missing leave 23 - (a + 5) + 1 valid windows: 14 for a = 5, 13 for
    a = 6; with 13 windows a day above the O3 8 h limit (160) still counts."""
    day = np.full((1, 24), value)
    day[0, :missing_from_start] = np.nan
    result = station_days(one_station("2025-07-01", 1, O3=day)).values["O3"][0, 0]
    assert (not math.isnan(result)) is valid
    if valid:
        assert result == value


def test_the_daily_maximum_8_hour_mean_is_the_highest_window_within_the_day() -> None:
    day = np.full((1, 24), 40.0)
    day[0, 10:18] = 200.0  # one window of 200
    value = station_days(one_station("2025-07-01", 1, O3=day)).values["O3"][0, 0]
    assert value == 200.0


# --- A slow reference of the station rules, against the columns ------------------------------


def reference_daily(hours: list[float], pollutant: str) -> float:
    """The rules of GB 3095 表4 and the MDA8 windows on one station-day, one value at a time."""
    valid = [v for v in hours if not math.isnan(v)]
    if pollutant != "O3":
        return sum(valid) / len(valid) if len(valid) >= 20 else math.nan
    windows = []
    for end in range(7, 24):
        inside = [v for v in hours[end - 7 : end + 1] if not math.isnan(v)]
        if len(inside) >= 6:
            windows.append(sum(inside) / len(inside))
    if not windows:
        return math.nan
    if len(windows) >= 14 or max(windows) > 160:
        return max(windows)
    return math.nan


hour_values = st.one_of(st.just(math.nan), st.integers(0, 400).map(float))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(hour_values, min_size=24, max_size=24), min_size=3, max_size=3))
def test_station_days_equal_a_slow_reference(rows: list[list[float]]) -> None:
    cube = np.array(rows)
    days = station_days(one_station("2025-06-01", 3, PM10=cube, O3=cube))
    for day, hours in enumerate(rows):
        for pollutant in ("PM10", "O3"):
            expected = reference_daily(hours, pollutant)
            got = days.values[pollutant][0, day]
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


# --- City days ------------------------------------------------------------------------------


def test_a_city_day_is_the_mean_of_its_valid_stations() -> None:
    full, short = np.full((2, 24), 40.0), np.full((2, 24), 80.0)
    short[1, :6] = np.nan  # the second station has 18 hours on the second day
    data = observations(
        "2025-05-01",
        2,
        {("A", "320100"): {"PM2.5": full}, ("B", "320100"): {"PM2.5": short}, ("C", "320200"): {}},
    )
    cities = city_days(station_days(data))
    assert cities.cities == ("320100", "320200")
    assert cities.values["PM2.5"][0].tolist() == [60.0, 40.0]
    assert cities.stations["PM2.5"][0].tolist() == [2, 1]


def test_the_city_daily_aqi_follows_the_version_in_force_on_the_day() -> None:
    """PM2.5 75 µg/m³ is IAQI 100 under HJ 633-2012 (2026-02-28) and 114 under HJ 633-2026
    (2026-03-01)."""
    cities = city_days(station_days(one_station("2026-02-28", 2, PM25=np.full((2, 24), 75.0))))
    assert cities.aqi[0].tolist() == [100.0, 114.0]
    assert cities.level[0].tolist() == [2, 3]


# --- Percentiles ----------------------------------------------------------------------------


def test_percentile_by_the_formula_of_hj_663_on_a_hand_worked_example() -> None:
    """1..10, P95: k = 1 + 9 × 0.95 = 9.55, s = 9, P = 9 + (10 − 9) × 0.55 = 9.55.
    10..50, P98: k = 1 + 4 × 0.98 = 4.92, P = 40 + 10 × 0.92 = 49.2. NaN is left out."""
    rows = np.array(
        [
            [*range(10, 0, -1), np.nan],
            [50, np.nan, 20, 40, 10, 30, np.nan, np.nan, np.nan, np.nan, np.nan],
        ]
    )
    assert percentile(rows[:1], 95).tolist() == pytest.approx([9.55])
    assert percentile(rows[1:], 98).tolist() == pytest.approx([49.2])
    assert math.isnan(percentile(np.full((1, 3), np.nan), 90)[0])
    assert percentile(np.array([[7.0]]), 98).tolist() == [7.0]


def reference_percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    n = len(ordered)
    k = 1 + (n - 1) * p / 100
    s = int(k)
    if s >= n:
        return ordered[-1]
    return ordered[s - 1] + (ordered[s] - ordered[s - 1]) * (k - s)


@given(
    st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=400),
    st.sampled_from([90.0, 95.0, 98.0]),
)
def test_percentile_equals_the_formula_written_out(values: list[float], p: float) -> None:
    got = percentile(np.array([values]), p)[0]
    assert got == pytest.approx(reference_percentile(values, p))
    assert got == pytest.approx(float(np.percentile(values, p, method="linear")))


# --- Evaluation of a period -----------------------------------------------------------------


def year_of(year: int, days: int | None = None, **values: float) -> HourlyObservations:
    n = days or (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    cubes = {k.replace("PM25", "PM2.5"): np.full((n, 24), v) for k, v in values.items()}
    return one_station(
        f"{year}-01-01", n, **{k.replace("PM2.5", "PM25"): v for k, v in cubes.items()}
    )


@pytest.mark.parametrize(("pm25", "attains"), [(35.0, True), (35.5, False)])
def test_attainment_switches_at_the_annual_limit(pm25: float, attains: bool) -> None:
    """GB 3095-2012, class 2: PM2.5 annual mean ≤ 35 µg/m³ (the P95 stays below 75)."""
    (result,) = evaluate(city_days(station_days(year_of(2025, PM25=pm25))))
    assert result.limits is g.Gb3095.GB3095_2012
    assert result.means["PM2.5"] == pytest.approx(pm25)
    assert result.attains["PM2.5"] is attains
    assert result.attains["SO2"] is True
    assert result.attains_all is attains


def test_attainment_switches_at_the_24_hour_limit_through_the_percentile() -> None:
    """SO2 at 151 on 9 of 365 days: k = 1 + 364 × 0.98 = 357.72 falls among the high days,
    P98 = 151 > 150 fails although the mean is low; on 8 days P98 = 5 + 146 × 0.72 = 110.12."""
    for days_high, attains in ((9, False), (8, True)):
        cube = np.full((365, 24), 5.0)
        cube[:days_high] = 151.0
        (result,) = evaluate(city_days(station_days(one_station("2025-01-01", 365, SO2=cube))))
        assert result.attains["SO2"] is attains, days_high


def test_a_year_needs_324_valid_days() -> None:
    for days, valid in ((324, True), (323, False)):
        (result,) = evaluate(city_days(station_days(year_of(2025, days, PM25=20.0))))
        assert result.valid_days["PM2.5"] == days
        assert result.valid["PM2.5"] is valid
        assert result.attains_all is (True if valid else None)
        assert (result.rank is not None) is valid


def test_a_month_needs_27_valid_days_and_february_25() -> None:
    feb = np.full((28, 24), 20.0)
    feb[25:] = np.nan  # 25 valid days in February
    march = np.full((31, 24), 20.0)
    march[27:] = np.nan  # 27 valid days in March
    data = one_station("2025-02-01", 59, PM25=np.concatenate([feb, march]))
    february, march_result = evaluate(city_days(station_days(data)), Period.MONTH)
    assert (february.period, february.min_days, february.valid["PM2.5"]) == ("2025-02", 25, True)
    assert (march_result.period, march_result.min_days, march_result.valid["PM2.5"]) == (
        "2025-03",
        27,
        True,
    )
    feb[24] = np.nan
    march[26] = np.nan
    data = one_station("2025-02-01", 59, PM25=np.concatenate([feb, march]))
    february, march_result = evaluate(city_days(station_days(data)), Period.MONTH)
    assert february.valid["PM2.5"] is False
    assert march_result.valid["PM2.5"] is False


def test_the_limits_switch_to_gb_3095_2026_from_march_2026() -> None:
    """PM2.5 at 32: within 35 (GB 3095-2012, February 2026), above 30 (GB 3095-2026
    transitional, March 2026)."""
    data = one_station("2026-02-01", 28 + 31, PM25=np.full((59, 24), 32.0))
    february, march = evaluate(city_days(station_days(data)), Period.MONTH)
    assert february.limits is g.Gb3095.GB3095_2012
    assert february.attains["PM2.5"] is True
    assert march.limits is g.Gb3095.GB3095_2026_TRANSITIONAL
    assert march.attains["PM2.5"] is False


def test_a_year_across_the_switch_is_judged_by_the_limits_at_its_end() -> None:
    cities = city_days(station_days(year_of(2026, PM25=32.0)))
    (by_end,) = evaluate(cities)
    assert by_end.limits is g.Gb3095.GB3095_2026_TRANSITIONAL
    assert by_end.attains["PM2.5"] is False
    rules = g.EvaluationRules(straddle=g.StraddleRule.PERIOD_START)
    (by_start,) = evaluate(cities, rules=rules)
    assert by_start.limits is g.Gb3095.GB3095_2012
    assert by_start.attains["PM2.5"] is True


def test_the_final_limits_of_gb_3095_2026_apply_from_2031() -> None:
    assert g.gb3095_on(dt.date(2030, 12, 31)) is g.Gb3095.GB3095_2026_TRANSITIONAL
    assert g.gb3095_on(dt.date(2031, 1, 1)) is g.Gb3095.GB3095_2026
    assert g.gb3095_on(dt.date(2026, 2, 28)) is g.Gb3095.GB3095_2012


def test_days_by_category_and_the_share_of_good_days() -> None:
    """2025 (HJ 633-2012): PM2.5 daily 20 (优), 50 (良, IAQI 72), 100 (轻度, 132), 140
    (中度, 190), 200 (重度, 250), 300 (严重, 350): 5 days each of the polluted levels, the
    rest split between 优 and 良; one day without a valid NO2 is not counted."""
    pm25 = np.full((365, 24), 20.0)
    counts = {50.0: 150, 100.0: 5, 140.0: 5, 200.0: 5, 300.0: 5}
    row = 0
    for value, n in counts.items():
        pm25[row : row + n] = value
        row += n
    no2 = np.full((365, 24), 10.0)
    no2[-1] = np.nan  # the last day (PM2.5 20, 优) has no valid NO2
    (result,) = evaluate(
        city_days(station_days(one_station("2025-01-01", 365, PM25=pm25, NO2=no2)))
    )
    assert result.days_by_level == (194, 150, 5, 5, 5, 5)
    assert result.aqi_days == 364
    assert result.good_days == 344
    assert result.good_share == pytest.approx(344 / 364)


def test_the_composite_index_of_a_worked_example() -> None:
    """21/35 + 39/70 + 9/60 + 15/40 + 192/160 + 0.7/4 = 3.06 (standards.md §2.4)."""
    means = {"PM2.5": 21.0, "PM10": 39.0, "SO2": 9.0, "NO2": 15.0}
    percentiles = {"O3": 192.0, "CO": 0.7}
    index = composite_index(means, percentiles, g.Gb3095.GB3095_2012)
    assert index is not None
    assert round(index, 2) == 3.06


def test_cities_rank_by_composite_index_then_pm25() -> None:
    """320200 is cleanest; 320100 and 320300 tie on the composite index (40/35 + 60/70 =
    30/35 + 80/70 = 2 plus the same rest) and 320300, with less PM2.5, ranks first."""
    n = 365
    stations = {
        ("A", "320100"): {"PM2.5": np.full((n, 24), 40.0), "PM10": np.full((n, 24), 60.0)},
        ("B", "320200"): {"PM2.5": np.full((n, 24), 15.0), "PM10": np.full((n, 24), 30.0)},
        ("C", "320300"): {"PM2.5": np.full((n, 24), 30.0), "PM10": np.full((n, 24), 80.0)},
        ("D", "320400"): {"PM2.5": np.full((n, 24), 20.0)},
    }
    stations[("D", "320400")]["PM2.5"][:60] = np.nan  # too few valid days: not ranked
    results = evaluate(city_days(station_days(observations("2025-01-01", n, stations))))
    assert [(r.code, r.rank) for r in results] == [
        ("320200", 1),
        ("320300", 2),
        ("320100", 3),
        ("320400", None),
    ]


def test_cities_rank_by_share_of_good_days_when_asked() -> None:
    """320100 has 30 polluted days but the least PM2.5 otherwise; by composite index it is
    first, by the share of good days last."""
    n = 365
    polluted = np.full((n, 24), 10.0)
    polluted[:30] = 120.0
    stations = {
        ("A", "320100"): {"PM2.5": polluted},
        ("B", "320200"): {"PM2.5": np.full((n, 24), 30.0)},
        ("C", "320300"): {"PM2.5": np.full((n, 24), 25.0)},
    }
    cities = city_days(station_days(observations("2025-01-01", n, stations)))
    by_index = evaluate(cities)
    assert [r.code for r in by_index] == ["320100", "320300", "320200"]
    rules = g.EvaluationRules(rank_by=g.RankBy.GOOD_SHARE)
    by_share = evaluate(cities, rules=rules)
    assert [(r.code, r.rank) for r in by_share] == [("320300", 1), ("320200", 2), ("320100", 3)]
    assert by_share[2].good_share == pytest.approx(335 / 365)


def test_members_and_the_region_aggregate_their_cities() -> None:
    n = 365
    stations = {
        ("A", "320100"): {"PM2.5": np.full((n, 24), 20.0)},
        ("B", "320200"): {"PM2.5": np.full((n, 24), 40.0)},
        ("C", "330100"): {"PM2.5": np.full((n, 24), 30.0)},
    }
    stations[("B", "320200")]["PM2.5"][:100] = 100.0  # 100 days 轻度污染
    cities = city_days(station_days(observations("2025-01-01", n, stations)))
    members = {"320100": "320000", "320200": "320000", "330100": "330000"}
    by_code = {r.code: r for r in evaluate(cities, unit=Unit.MEMBER, members=members)}
    jiangsu, zhejiang = by_code["320000"], by_code["330000"]
    assert (zhejiang.rank, jiangsu.rank) == (1, 2)
    assert (jiangsu.code, jiangsu.unit, jiangsu.cities) == ("320000", Unit.MEMBER, 2)
    assert jiangsu.means["PM2.5"] == pytest.approx((20.0 + (40 * 265 + 100 * 100) / 365) / 2)
    assert jiangsu.good_share == pytest.approx((365 + 265) / 730)  # days-weighted
    assert jiangsu.cities_attaining == 1
    assert zhejiang.cities_attaining == 1
    (region,) = evaluate(cities, unit=Unit.REGION)
    assert (region.code, region.cities, region.aqi_days) == ("region", 3, 3 * 365)
    with pytest.raises(EvaluationInputError) as refused:
        evaluate(cities, unit=Unit.MEMBER, members={"320100": "320000"})
    assert refused.value.params["city"] == "320200"


# --- Bad input ------------------------------------------------------------------------------


def test_a_negative_value_is_refused_naming_column_and_row() -> None:
    cube = np.full((1, 24), 10.0)
    cube[0, 5] = -1.0
    with pytest.raises(EvaluationInputError) as refused:
        station_days(one_station("2025-01-01", 1, NO2=cube))
    assert refused.value.field == "NO2"
    assert refused.value.params["row"] == 6


def test_an_hour_given_twice_is_refused_naming_both_rows() -> None:
    data = one_station("2025-01-01", 1)
    time = data.time.copy()
    time[3] = time[2]
    twice = HourlyObservations(data.station, time, data.values, data.stations, data.station_city)
    with pytest.raises(EvaluationInputError) as refused:
        station_days(twice)
    assert (refused.value.params["row"], refused.value.params["first"]) == (4, 3)


def test_a_station_in_two_cities_is_refused_naming_the_row_and_the_first_city() -> None:
    time = np.array(["2025-01-01T00", "2025-01-01T01", "2025-01-01T01", "2025-01-01T02"])
    values = {"SO2": np.array([1.0, 2.0, 3.0, 4.0])}
    stations = ["S2", "S1", "S2", "S2"]
    cities = ["320200", "320100", "320200", "320300"]
    with pytest.raises(EvaluationInputError) as refused:
        HourlyObservations.from_codes(stations, cities, time.astype("datetime64[h]"), values)
    assert refused.value.params == {"row": 4, "station": "S2", "city": "320200"}


day_values = st.one_of(st.just(math.nan), st.integers(0, 200).map(float))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(day_values, min_size=59, max_size=59), min_size=2, max_size=2))
def test_monthly_statistics_equal_a_slow_reference(cities: list[list[float]]) -> None:
    """Two cities, January and February 2025, a PM2.5 value per day or a day missing: valid
    days, mean, P95 and attainment of each month as written out one value at a time."""
    stations = {
        (f"S{i}", code): {"PM2.5": np.repeat(np.array(days)[:, None], 24, axis=1)}
        for i, (code, days) in enumerate(zip(("320100", "320200"), cities, strict=True))
    }
    results = evaluate(
        city_days(station_days(observations("2025-01-01", 59, stations))), Period.MONTH
    )
    for code, days in zip(("320100", "320200"), cities, strict=True):
        for period, first, stop, need in (("2025-01", 0, 31, 27), ("2025-02", 31, 59, 25)):
            (got,) = [r for r in results if r.code == code and r.period == period]
            valid = [v for v in days[first:stop] if not math.isnan(v)]
            assert got.valid_days["PM2.5"] == len(valid)
            assert got.valid["PM2.5"] is (len(valid) >= need)
            if not valid:
                assert got.means["PM2.5"] is None
                continue
            mean, p95 = sum(valid) / len(valid), reference_percentile(valid, 95)
            assert got.means["PM2.5"] == pytest.approx(mean)
            assert got.percentiles["PM2.5"] == pytest.approx(p95)
            expected = (mean <= 35 and p95 <= 75) if len(valid) >= need else None
            assert got.attains["PM2.5"] is expected
