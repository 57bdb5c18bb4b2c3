"""Screening of HJ 212 values: beyond the field's data type (Annex B) or outside a factor's
plausible range, a value is suspect; everything else counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.screening import (
    WIDEST_DIGITS,
    PlausibleRange,
    Screen,
    Suspect,
    integer_digits,
)

RANGES = {"w21003": PlausibleRange(Decimal(0), Decimal(1500), Decimal(0))}


def test_the_data_types_of_annex_b_give_the_digits_before_the_point() -> None:
    assert [integer_digits(t) for t in ("N4.2", "N5.1", "N4", "N1.6")] == [4, 5, 4, 1]
    assert integer_digits(None) == integer_digits("") == WIDEST_DIGITS


@pytest.mark.parametrize(
    ("factor", "items", "verdict"),
    [
        ("w21003", {"Avg": "9" * 60, "Flag": "N"}, Suspect.TYPE),  # issue 10: stored as 1e60
        ("w21003", {"Avg": "9999.99"}, Suspect.RANGE),  # N4.2 holds it; above 1500 mg/L
        ("w21003", {"Avg": "10000"}, Suspect.TYPE),  # five digits in an N4.2 field
        ("w21003", {"Avg": "0010.5", "Cou": "1.50"}, None),  # leading zeros are not digits
        ("w21003", {"Avg": "-0.2"}, Suspect.RANGE),
        ("w21003", {"Avg": "1.2", "Cou": "-3"}, Suspect.RANGE),
        ("w21003", {"Avg": "1.2", "Cou": "1" + "0" * 14}, Suspect.TYPE),  # Cou is N14
        ("w21003", {"Min": "1", "Max": "12345", "Avg": "2"}, Suspect.TYPE),
        ("w01018", {"Avg": "-5"}, None),  # no range configured here: only the type counts
        ("w01018", {"Avg": "99999.9"}, None),  # N5.1
        ("zz999", {"Avg": "9" * 14}, None),  # no Annex B type: the widest, N14
        ("zz999", {"Avg": "1" + "0" * 14}, Suspect.TYPE),
        ("a34011", {"Avg": "1" + "0" * 14}, Suspect.TYPE),  # Annex B gives no type
        ("w21003", {"Flag": "D"}, None),  # no values to judge
    ],
)
def test_values_are_judged_by_type_then_range(
    factor: str, items: dict[str, str], verdict: Suspect | None
) -> None:
    assert Screen(RANGES).judge(factor, items) == verdict


def test_the_constructed_b1_record_counts() -> None:
    """standards.md packet B1: every value within its type and the shipped ranges."""
    screen = Screen(RANGES)
    b1 = {
        "w00000": {"Cou": "1250.0", "Flag": "N"},
        "w01018": {"Avg": "35.2", "Cou": "44.0", "Flag": "N"},
        "w21003": {"Avg": "1.20", "Cou": "1.50", "Flag": "N"},
        "w21011": {"Avg": "0.25", "Flag": "N"},
    }
    assert {code: screen.judge(code, items) for code, items in b1.items()} == dict.fromkeys(b1)


@given(st.decimals(min_value=-(10**20), max_value=10**20, places=3, allow_nan=False))
def test_the_type_check_is_the_magnitude_of_the_value(value: Decimal) -> None:
    """N4.2 (w21003): a value is beyond the type exactly when it has more than 4 digits
    before the point, i.e. when its magnitude is 10,000 or more."""
    verdict = Screen().judge("w21003", {"Avg": f"{value:f}"})
    assert (verdict is Suspect.TYPE) == (abs(value) >= 10_000)
