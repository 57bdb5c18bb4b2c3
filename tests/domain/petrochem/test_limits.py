"""The VOCs limits table of the bay: which rows apply to an enterprise, the strictest at
each point, the gap of a monitored concentration, and the shipped configuration."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest

from deltacap.domain.petrochem import (
    NATIONAL,
    PointKind,
    Process,
    applicable,
    gap,
    parse_limits,
    strictest_for,
)


def _row(member: str, process: str, point: str, value: str, verified: bool = False) -> dict:
    return {
        "standard": f"STD-{member}-{process}-{point}",
        "clause": "表1",
        "member": member,
        "process": process,
        "point": point,
        "pollutant": "NMHC",
        "value": value,
        "unit": "mg/m3",
        "verified": verified,
        "source": "test",
    }


TABLE = parse_limits(
    {
        "version": "t",
        "rows": [
            _row(NATIONAL, "refining", "stack", "120", verified=True),
            _row(NATIONAL, "petrochemical", "stack", "100"),
            _row(NATIONAL, "*", "in_plant", "10"),
            _row(NATIONAL, "refining", "boundary", "4.0"),
            _row("310000", "refining", "stack", "70"),
            _row("330000", "refining", "stack", "80"),
            _row("330000", "*", "boundary", "3.0"),
        ],
    }
)


def test_a_member_s_enterprise_meets_national_rows_and_its_own_member_s_only() -> None:
    rows = applicable(TABLE, ["refining"], "310000", PointKind.STACK)
    assert sorted(r.member for r in rows) == ["310000", NATIONAL]
    # Zhejiang's local rows do not bind a Shanghai enterprise.
    assert all(r.member != "330000" for r in applicable(TABLE, ["refining"], "310000"))


def test_a_row_for_every_process_applies_to_any_process() -> None:
    rows = applicable(TABLE, ["fine_chemical"], "320000", PointKind.IN_PLANT)
    assert [r.value for r in rows] == [Decimal("10")]
    assert applicable(TABLE, ["fine_chemical"], "320000", PointKind.STACK) == []


def test_the_strictest_limit_is_the_lowest_of_every_process_and_standard() -> None:
    found = strictest_for(TABLE, ["refining", "petrochemical"], "330000")
    assert found[PointKind.STACK].value == Decimal("80")
    assert found[PointKind.STACK].row.member == "330000"
    assert len(found[PointKind.STACK].candidates) == 3
    assert found[PointKind.BOUNDARY].value == Decimal("3.0")
    assert found[PointKind.IN_PLANT].value == Decimal("10")
    # In Shanghai the local 70 governs; with petrochemicals only, the national 100.
    assert strictest_for(TABLE, ["refining"], "310000")[PointKind.STACK].value == Decimal("70")
    only = strictest_for(TABLE, ["petrochemical"], "310000")
    assert only[PointKind.STACK].value == Decimal("100")
    assert PointKind.BOUNDARY not in only


def test_the_strictest_limit_carries_whether_it_was_verified() -> None:
    assert strictest_for(TABLE, ["refining"], "320000")[PointKind.STACK].verified is True
    assert strictest_for(TABLE, ["refining"], "310000")[PointKind.STACK].verified is False


def test_the_gap_of_a_concentration_to_the_limit() -> None:
    over = gap("84.5", Decimal("70"))
    assert over.exceeds and over.difference == Decimal("14.5")
    assert over.percent_of_limit == Decimal("120.7")
    at = gap(70, Decimal("70"))
    assert not at.exceeds and at.difference == 0
    under = gap(3.2, Decimal("4.0"))
    assert not under.exceeds and under.difference == Decimal("-0.8")
    with pytest.raises(ValueError):
        gap(-1, Decimal("70"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"process": "bakery"}, "unknown process"),
        ({"member": "Shanghai"}, "member"),
        ({"unit": "ppm"}, "unit"),
        ({"value": "0"}, "above 0"),
        ({"value": "many"}, "not a number"),
        ({"verified": "yes"}, "verified"),
        ({"source": ""}, "source"),
    ],
)
def test_a_bad_row_of_the_configuration_is_named(change: dict, message: str) -> None:
    row = _row(NATIONAL, "refining", "stack", "120") | change
    with pytest.raises(ValueError, match=message) as raised:
        parse_limits({"rows": [_row(NATIONAL, "refining", "stack", "1"), row]})
    assert "row 2" in str(raised.value)


def test_the_shipped_table_names_the_national_standards_and_claims_no_verification() -> None:
    text = resources.files("deltacap.petrochem").joinpath("data/vocs_limits.json").read_text()
    table = parse_limits(json.loads(text))
    standards = " ".join(r.standard for r in table.rows)
    for number in ("GB 31570", "GB 31571", "GB 37822"):
        assert number in standards
    assert {r.member for r in table.rows} >= {NATIONAL, "310000", "330000"}
    # No value was checked against the official text: none may claim it was.
    assert table.unverified == len(table.rows)
    assert all(r.source and r.clause for r in table.rows)
    assert {r.process for r in table.rows} - {"*"} <= {p.value for p in Process}
