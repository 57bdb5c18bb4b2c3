"""The one set of input rules: what text and which numbers any entry point takes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.input_rules import BadInput, decimal_of, text_fault, whole_number_of

UPPER = Decimal(100_000_000)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("某\x00企业", "text_control"),
        ("\x1b[2J", "text_control"),
        ("C1 \u009b", "text_control"),
        ("DEL \x7f", "text_control"),
        ("x\ud800", "text_surrogate"),
        ("\u200b\u200b", "text_invisible"),
        (" \ufeff\u2060 ", "text_invisible"),
        ("\u3164", "text_invisible"),
        ("两行\n文字", "text_line_break"),
        ("tab\there", "text_line_break"),
    ],
)
def test_text_no_field_takes_is_named_by_its_rule(text: str, code: str) -> None:
    fault = text_fault(text)
    assert fault is not None and fault.code == code


def test_the_control_character_is_named_by_its_code_point() -> None:
    fault = text_fault("a\x1bb")
    assert fault is not None and fault.params == {"character": "U+001B"}


def test_notes_take_tabs_and_line_breaks_but_no_other_control_character() -> None:
    assert text_fault("第一行\r\n\t第二行", multiline=True) is None
    assert text_fault("第一行\n\x00", multiline=True) is not None


@pytest.mark.parametrize("text", ["", "   ", "苏州某化工有限公司", "NH3-N", "café", "e\u0301"])
def test_ordinary_text_and_plain_blanks_pass(text: str) -> None:
    assert text_fault(text) is None


@given(st.text(st.characters(categories=("L", "N", "P", "S", "Zs"))))
def test_any_text_of_letters_digits_punctuation_and_spaces_passes(text: str) -> None:
    assert text_fault(text) is None


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("１２", "number_parsing"),
        ("١٢", "number_parsing"),
        (True, "number_parsing"),
        ("NaN", "number_parsing"),
        (float("inf"), "number_parsing"),
        ("12 t", "number_parsing"),
        ("0.0001", "number_places"),
        (-1, "greater_than_equal"),
        (4.67e16, "less_than_equal"),
        ("1e308", "less_than_equal"),
    ],
)
def test_numbers_are_ascii_exact_and_in_range(value: object, code: str) -> None:
    with pytest.raises(BadInput) as refused:
        decimal_of(value, places=3, lower=Decimal(0), upper=UPPER, field="tonnes")
    assert refused.value.fault.code == code and refused.value.field == "tonnes"


def test_negative_zero_reads_as_zero() -> None:
    for text in ("-0", "-0.000", -0.0):
        assert not decimal_of(text, places=3, lower=Decimal(0), upper=UPPER).is_signed()


@given(st.decimals(min_value=0, max_value=UPPER, places=3))
def test_every_amount_to_the_kilogram_reads_back_exactly(amount: Decimal) -> None:
    assert decimal_of(str(amount), places=3, lower=Decimal(0), upper=UPPER) == amount


@pytest.mark.parametrize("value", [True, 5.0, "５", "5.0", "1_000", " 5", 2**63])
def test_whole_numbers_are_ints_or_ascii_digits_in_range(value: object) -> None:
    with pytest.raises(BadInput):
        whole_number_of(value, lower=1, upper=2**63 - 1)
    assert whole_number_of("42", lower=1, upper=100) == whole_number_of(42, lower=1, upper=100)


def test_rights_and_reductions_are_not_read_from_full_width_digits() -> None:
    from deltacap.domain.errors import InvalidInput
    from deltacap.domain.projects import check_tonnes
    from deltacap.domain.rights.quantities import fen_from_yuan, kg_from_tonnes

    assert kg_from_tonnes("12.5") == 12_500 and fen_from_yuan("9000") == 900_000
    for parse in (kg_from_tonnes, fen_from_yuan, lambda text: check_tonnes(text, "planned")):
        with pytest.raises(InvalidInput):
            parse("１２")


def test_a_file_over_the_limit_is_refused_on_the_file_field_in_megabytes():
    from deltacap.domain.errors import InvalidInput
    from deltacap.domain.input_rules import check_file_size

    limit = 5 * 2**20
    check_file_size(limit, limit)  # exactly the limit is accepted
    with pytest.raises(InvalidInput) as refused:
        check_file_size(limit + 3 * 2**19, limit)
    assert refused.value.field == "file"
    assert refused.value.params == {"size": 6.5, "limit": 5}
