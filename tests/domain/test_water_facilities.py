"""The shares of a shared facility of the demonstration zone: at least two members, each
once, shares above 0 adding up to exactly 100 %."""

from __future__ import annotations

from decimal import Decimal

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.water.facilities import check_shares


def test_shares_adding_up_to_exactly_100_pass() -> None:
    assert check_shares([("310000", 40), ("320000", "30"), ("330000", 30.0)]) == [
        ("310000", Decimal("40.00")),
        ("320000", Decimal("30.00")),
        ("330000", Decimal("30.00")),
    ]
    assert len(check_shares([("310000", "33.33"), ("320000", "33.33"), ("330000", "33.34")])) == 3


@pytest.mark.parametrize(
    ("shares", "words"),
    [
        ([("310000", "33.33"), ("320000", "33.33"), ("330000", "33.33")], "99.99 %"),
        ([("310000", 60), ("320000", 50)], "110.00 %"),
        ([("310000", 100)], "at least two"),
        ([], "at least two"),
        ([("310000", 50), ("310000", 50)], "named twice"),
        ([("310000", 0), ("320000", 100)], "above 0"),
        ([("310000", -10), ("320000", 110)], "above 0"),
        ([("310000", "50.005"), ("320000", "49.995")], "two decimals"),
        ([("310000", "half"), ("320000", 50)], "number"),
        ([("310000", True), ("320000", 99)], "number"),
        ([("310000", "NaN"), ("320000", 50)], "above 0"),
    ],
)
def test_bad_shares_are_refused_naming_the_field(shares: list, words: str) -> None:
    with pytest.raises(InvalidInput) as e:
        check_shares(shares)
    assert e.value.field == "shares" and words in str(e.value)
