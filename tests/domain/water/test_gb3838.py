"""GB 3838-2002 Table 1 by the single-factor rule (standards.md §3.1–3.2): values exactly at
a class limit, dissolved oxygen's direction, pH out of range, the lake TP row against the
river TP row, the overall class, grades, multiples and attainment. The rows marked [M] in
standards.md come from configuration (water/data/gb3838_unverified.json)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.water.classify import (
    CLASS_NAMES,
    attains,
    check_value,
    classify,
    grades,
    single_factor,
)
from deltacap.domain.water.gb3838 import VERIFIED_ROWS, Row, Status, WaterType, table
from deltacap.water.config import gb3838_table

RIVER, LAKE = WaterType.RIVER, WaterType.LAKE


def names(values: np.ndarray) -> list[str]:
    return [CLASS_NAMES[int(v)] for v in values]


def one(water: WaterType, **values: float) -> tuple[list[str], str]:
    columns = {k.replace("_", "-"): [v] for k, v in values.items()}
    result = classify(gb3838_table(), water, columns)
    return {k: CLASS_NAMES[int(c[0])] for k, c in result.classes.items()}, CLASS_NAMES[
        int(result.overall[0])
    ]


def test_a_value_exactly_at_a_limit_belongs_to_that_class() -> None:
    row = gb3838_table().row("NH3-N", RIVER)
    assert row is not None
    values = np.array([0.15, 0.1500001, 0.5, 1.0, 1.5, 2.0, 2.0000001])
    assert names(single_factor(row, values)) == ["I", "II", "II", "III", "IV", "V", "劣V"]


def test_equal_limits_of_two_classes_give_the_better_class() -> None:
    # COD: class I and II are both 15 mg/L.
    row = gb3838_table().row("COD", RIVER)
    assert row is not None
    assert names(single_factor(row, np.array([15.0, 15.5, 20.0, 40.0, 41.0]))) == [
        "I",
        "III",
        "III",
        "V",
        "劣V",
    ]


def test_dissolved_oxygen_is_higher_is_better() -> None:
    row = gb3838_table().row("DO", RIVER)
    assert row is not None
    values = np.array([9.0, 7.5, 7.49, 6.0, 5.0, 4.99, 3.0, 2.0, 1.99])
    assert names(single_factor(row, values)) == [
        "I",
        "I",
        "II",
        "II",
        "III",
        "IV",
        "IV",
        "V",
        "劣V",
    ]


def test_ph_out_of_its_range_is_worse_than_v_and_within_it_limits_nothing() -> None:
    row = gb3838_table().row("pH", RIVER)
    assert row is not None
    assert names(single_factor(row, np.array([6.0, 7.4, 9.0, 5.99, 9.01]))) == [
        "I",
        "I",
        "I",
        "劣V",
        "劣V",
    ]


def test_tp_is_classed_by_the_lake_row_in_a_lake_and_the_river_row_in_a_river() -> None:
    assert one(RIVER, TP=0.05)[0]["TP"] == "II"
    assert one(LAKE, TP=0.05)[0]["TP"] == "III"
    assert one(RIVER, TP=0.1)[0]["TP"] == "II"
    assert one(LAKE, TP=0.1)[0]["TP"] == "IV"
    assert one(LAKE, TP=0.2)[0]["TP"] == "V"
    assert one(RIVER, TP=0.2)[0]["TP"] == "III"
    assert one(LAKE, TP=0.01)[0]["TP"] == "I"


def test_the_overall_class_is_the_worst_counted_item_tn_and_coliform_aside() -> None:
    classes, overall = one(RIVER, DO=8.0, CODMn=3.0, NH3_N=0.2, TN=3.0, FecalColiform=90000)
    assert classes["TN"] == "劣V" and classes["FecalColiform"] == "劣V"
    assert overall == "II"
    lake = classify(gb3838_table(), LAKE, {"TP": [0.04], "TN": [1.8]})
    assert CLASS_NAMES[int(lake.overall[0])] == "III"
    assert CLASS_NAMES[int(lake.lake_reference["TN"][0])] == "V"
    river = classify(gb3838_table(), RIVER, {"TP": [0.04], "TN": [1.8]})
    assert river.lake_reference == {}


def test_no_counted_item_gives_no_overall_class() -> None:
    result = classify(gb3838_table(), RIVER, {"TN": [1.0]})
    assert int(result.overall[0]) == 0
    assert list(grades(result.overall)) == [""]
    assert list(attains(result.overall, 3)) == [-1]


def test_determining_items_are_those_over_iii_by_multiple_do_last() -> None:
    result = classify(
        gb3838_table(),
        RIVER,
        {"DO": [2.5], "CODMn": [9.0], "NH3-N": [2.5], "TP": [0.25], "COD": [18.0]},
    )
    determining = result.determining(0)
    assert [item for item, _ in determining] == ["NH3-N", "CODMn", "TP", "DO"]
    multiples = dict(determining)
    assert multiples["NH3-N"] == pytest.approx(1.5)  # (2.5 − 1.0) / 1.0
    assert multiples["CODMn"] == pytest.approx(0.5)
    assert multiples["TP"] == pytest.approx(0.25)
    assert multiples["DO"] is None
    assert math.isnan(result.multiples["COD"][0])  # not over class III


def test_grades_and_attainment() -> None:
    overall = np.array([1, 2, 3, 4, 5, 6, 0], dtype=np.int8)
    assert list(grades(overall)) == [
        "excellent",
        "excellent",
        "good",
        "slightly_polluted",
        "moderately_polluted",
        "heavily_polluted",
        "",
    ]
    assert list(attains(overall, 3)) == [1, 1, 1, 0, 0, 0, -1]
    assert list(attains(overall, np.array([1, 1, 3, 4, 4, 5, 2]))) == [1, 0, 1, 1, 0, 0, -1]


def test_columns_classify_many_samples_with_missing_values() -> None:
    n = 10_000
    rng = np.random.default_rng(1)
    nh3n = rng.uniform(0, 3, n)
    nh3n[::7] = np.nan
    result = classify(gb3838_table(), RIVER, {"NH3-N": nh3n})
    expected = [
        0
        if math.isnan(v)
        else next((i + 1 for i, lim in enumerate((0.15, 0.5, 1, 1.5, 2)) if v <= lim), 6)
        for v in nh3n
    ]
    assert result.classes["NH3-N"].tolist() == expected


def test_verified_rows_are_code_and_unverified_rows_configuration() -> None:
    assert {r.status for r in VERIFIED_ROWS} <= {Status.VERIFIED, Status.SECONDARY}
    configured = [r for r in gb3838_table().rows if r not in VERIFIED_ROWS]
    assert configured and all(r.status is Status.UNVERIFIED for r in configured)
    assert all("GB 3838-2002" in r.source for r in gb3838_table().rows)
    with pytest.raises(ValueError):
        table([Row("DO", (7, 6, 5, 3, 2), status=Status.UNVERIFIED)])


@pytest.mark.parametrize(
    ("item", "value"), [("TP", "-0.1"), ("TP", "abc"), ("pH", 15), ("DO", float("nan"))]
)
def test_a_value_that_is_no_concentration_is_refused_naming_its_item(
    item: str, value: object
) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_value(item, value)
    assert refused.value.field == item
