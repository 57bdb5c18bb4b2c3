"""Every choice and unit of every calculator has a name in both languages, and one input is
checked on its own as the whole set would check it."""

from __future__ import annotations

import re

import pytest

from deltacap.domain.accounting import (
    CATEGORIES,
    InputError,
    InputKind,
    MissingInputError,
    UnitMismatchError,
    category,
    check_input,
    choice_name,
    unit_name,
)
from deltacap.domain.accounting.labels import CHOICE_NAMES

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_every_choice_of_every_category_has_an_english_and_a_chinese_name() -> None:
    for spec in CATEGORIES.values():
        for item in spec.inputs:
            for choice in item.choices:
                assert choice in CHOICE_NAMES, f"{spec.code}.{item.name}: {choice}"
                english, chinese = choice_name(choice, "en"), choice_name(choice, "zh")
                assert "_" not in english and english != choice
                assert CHINESE.search(chinese), chinese


def test_every_unit_of_every_input_reads_as_officials_write_it() -> None:
    for spec in CATEGORIES.values():
        for item in spec.inputs:
            units = list(item.units)
            if item.kind is InputKind.AMOUNT:
                units += [f"{u}/d" for u in item.units] + [f"{u}/a" for u in item.units]
            for unit in units:
                for language in ("en", "zh"):
                    name = unit_name(unit, language)
                    assert "m3" not in name and "dimensionless" not in name, (unit, name)
    assert unit_name("m3/d", "zh") == "m³/天" and unit_name("t/a", "zh") == "吨/年"
    assert unit_name("m3/a", "en") == "m³/year" and unit_name("mg/m3", "en") == "mg/m³"


def test_one_input_is_normalised_on_its_own() -> None:
    wwtp = category("wwtp_new")
    assert check_input(wwtp, "effluent_cod", "30 mg/L").value == 30
    # An amount given as a rate is multiplied by the period given with it.
    assert check_input(wwtp, "volume", "10000 m3/d", "365 d").value == 3_650_000


@pytest.mark.parametrize(
    ("name", "raw", "error", "field"),
    [
        ("volume", "10000 kg", UnitMismatchError, "volume"),
        ("volume", "10000 m3/d", MissingInputError, "period"),
        ("effluent_cod", "-1 mg/L", InputError, "effluent_cod"),
        ("flow", "1 m3", InputError, "flow"),
    ],
)
def test_one_input_is_refused_as_the_whole_set_refuses_it(
    name: str, raw: str, error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as refused:
        check_input(category("wwtp_new"), name, raw)
    assert getattr(refused.value, "field", None) == field
