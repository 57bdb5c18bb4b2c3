from __future__ import annotations

import re

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.mobile import (
    PLATE_PATTERN,
    EmissionStandard,
    PlateColour,
    check_plate,
    member_of_plate,
    parse_standard,
)


@pytest.mark.parametrize(
    "plate",
    ["苏E12345", "沪A9B8C7", "浙AD12345", "皖A12345F", "苏E1234挂", "京AF31234"],
)
def test_plates_of_ga36_are_accepted(plate: str) -> None:
    assert check_plate(plate) == plate


@pytest.mark.parametrize(
    "plate",
    ["苏E1234", "苏E123456789", "XE12345", "苏I12345", "苏E1234O", "苏EZ12345", "苏E1234D5"],
)
def test_malformed_plates_are_refused_naming_the_plate(plate: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_plate(plate)
    assert caught.value.field == "plate"
    assert plate in str(caught.value)


def test_plate_is_stored_without_separators_and_in_capitals() -> None:
    assert check_plate(" 苏e·123-45 ") == "苏E12345"


def test_new_energy_plates_must_be_green_and_ordinary_ones_must_not() -> None:
    assert check_plate("苏ED12345", PlateColour.GREEN) == "苏ED12345"
    assert check_plate("苏E12345D", PlateColour.YELLOW_GREEN) == "苏E12345D"
    with pytest.raises(InvalidInput) as caught:
        check_plate("苏ED12345", PlateColour.BLUE)
    assert caught.value.field == "plate_colour"
    with pytest.raises(InvalidInput):
        check_plate("苏E12345", PlateColour.GREEN)


def test_the_column_pattern_agrees_with_the_single_check() -> None:
    assert re.fullmatch(PLATE_PATTERN, "浙AD12345")
    assert not re.fullmatch(PLATE_PATTERN, "浙AD123")


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("国III", 3),
        ("国Ⅲ", 3),
        ("国三", 3),
        ("国3", 3),
        ("IV", 4),
        ("国VIb", 6),
        ("国六a", 6),
        ("0", 0),
    ],
)
def test_emission_standards_are_read_as_written(text: str, stage: int) -> None:
    assert parse_standard(text) is EmissionStandard(stage)


@pytest.mark.parametrize("text", ["国VII", "欧5", "", "7"])
def test_unknown_emission_standards_are_none(text: str) -> None:
    assert parse_standard(text) is None


def test_a_plate_names_its_member_in_the_region_only() -> None:
    assert member_of_plate("苏E12345") == "320000"
    assert member_of_plate("皖A12345") == "340000"
    assert member_of_plate("京A12345") is None
