"""Fence-line factors and their limits, the hours above a limit, and the ozone season with
its pairing of O3 and VOCs: without a database."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from importlib import resources

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.petrochem.fence import (
    check_factors,
    exceedances,
    parse_config,
    reading_value,
)
from deltacap.domain.petrochem.ozone import VocsDay, correlation, days, pair, season


def _config() -> dict:
    text = resources.files("deltacap.petrochem").joinpath("data/fence_line.json").read_text()
    return json.loads(text)


def test_the_shipped_configuration_marks_every_limit_unverified() -> None:
    fence = parse_config(_config())
    assert list(fence.factors) == ["NMHC", "benzene", "toluene", "xylene"]
    assert all(not f.verified and f.standard for f in fence.factors.values())
    assert fence.factors["NMHC"].limit == Decimal("4.0")
    assert fence.season_months == (5, 9)
    assert fence.factor_of("非甲烷总烃").code == "NMHC" and fence.factor_of("BENZENE").code
    assert fence.factor_of("CO") is None


def test_a_malformed_configuration_is_refused() -> None:
    data = _config()
    data["factors"].append(data["factors"][0])
    with pytest.raises(ValueError, match="twice"):
        parse_config(data)
    with pytest.raises(ValueError, match="not a number"):
        parse_config({"factors": [{"code": "NMHC", "name_zh": "x", "limit": "-1"}]})
    with pytest.raises(ValueError, match="season"):
        parse_config({"factors": [], "ozone_season": {"first_month": 9, "last_month": 5}})


def test_a_station_s_factors_are_configured_ones_in_order() -> None:
    fence = parse_config(_config())
    assert check_factors(["xylene", "苯", "NMHC", "", "nmhc"], fence) == [
        "NMHC", "benzene", "xylene",
    ]  # fmt: skip
    with pytest.raises(InvalidInput) as unknown:
        check_factors(["CO"], fence)
    assert unknown.value.field == "factors"
    with pytest.raises(InvalidInput):
        check_factors([""], fence)


@pytest.mark.parametrize("text", ["abc", "-0.1", "NaN", "100001", "inf"])
def test_a_reading_is_a_concentration(text: str) -> None:
    with pytest.raises(InvalidInput) as bad:
        reading_value(text, "NMHC")
    assert bad.value.field == "NMHC"


def test_only_values_above_the_limit_are_exceedances() -> None:
    fence = parse_config(_config())
    hour = datetime(2026, 7, 1, 8)
    rows = [("A", hour, "NMHC", 4.0), ("A", hour, "NMHC", 4.01), ("A", hour, "benzene", None),
            ("A", hour, "other", 99.0), ("B", hour, "benzene", Decimal("0.5"))]  # fmt: skip
    found = exceedances(rows, fence)
    assert [(e.station, e.factor) for e in found] == [("A", "NMHC"), ("B", "benzene")]
    assert found[0].difference == Decimal("0.01") and found[0].day == date(2026, 7, 1)
    assert reading_value(" 0.5 ", "NMHC") == Decimal("0.5")


def test_the_season_runs_to_today_while_it_lasts() -> None:
    assert season(2025, (5, 9)) == (date(2025, 5, 1), date(2025, 9, 30))
    assert season(2026, (5, 9), today=date(2026, 6, 10)) == (date(2026, 5, 1), date(2026, 6, 10))
    assert season(2026, (5, 9), today=date(2026, 12, 1))[1] == date(2026, 9, 30)
    start, end = season(2027, (5, 9), today=date(2026, 12, 1))
    assert end < start and days(start, end) == []
    assert len(days(date(2025, 5, 1), date(2025, 9, 30))) == 153


def test_a_day_pairs_the_cities_o3_with_the_bay_s_vocs() -> None:
    span = days(date(2025, 7, 1), date(2025, 7, 5))
    o3 = {d: {"330200": 100.0 + 10 * n, "330400": 120.0 + 10 * n} for n, d in enumerate(span)}
    o3[span[4]] = {"330200": None}
    vocs = {d: VocsDay(fence_mean=0.5 + 0.1 * n) for n, d in enumerate(span)}
    rows = pair(span, o3, ["330200", "330400"], vocs)
    assert rows[0].bay_o3_8h == 110.0 and rows[4].bay_o3_8h is None
    assert rows[4].o3_8h == {"330200": None, "330400": None}
    assert correlation(rows) == pytest.approx(1.0)
    assert correlation(rows, "outlet_kg") is None
    flat = pair(span, {d: {"330200": 80.0} for d in span}, ["330200"], vocs)
    assert correlation(flat) is None  # no variation in O3
