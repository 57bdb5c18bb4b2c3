"""Unified social credit codes (GB 32100-2015)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain import uscc
from deltacap.domain.errors import InvalidInput

# Codes printed on public business licences (and the standard's example).
PUBLISHED = ["91350100M000100Y43", "914403001922038216", "91110000802100433B"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code: str) -> None:
    assert uscc.validate(code.lower()) == code


def test_a_wrong_check_character_names_the_expected_one() -> None:
    code = PUBLISHED[1]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(InvalidInput) as err:
        uscc.validate(wrong)
    assert err.value.field == "uscc"
    assert err.value.params == {"expected": code[17], "got": wrong[17]}


def test_a_forbidden_letter_names_its_position() -> None:
    with pytest.raises(InvalidInput) as err:
        uscc.validate("91350100M0001I0Y43")
    assert err.value.params["position"] == 14


def test_length_is_checked() -> None:
    with pytest.raises(InvalidInput) as err:
        uscc.validate("9135010")
    assert err.value.params["count"] == 7


@given(st.text(alphabet=uscc.CHARSET, min_size=17, max_size=17))
def test_every_code_with_its_computed_check_character_validates(first17: str) -> None:
    code = first17 + uscc.check_character(first17)
    assert uscc.validate(code) == code
    # A single changed character (other than a swap to the same value) is always caught.
    position = random.Random(first17).randrange(17)
    replacement = uscc.CHARSET[(uscc.CHARSET.index(code[position]) + 1) % 31]
    broken = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(InvalidInput):
        uscc.validate(broken)
