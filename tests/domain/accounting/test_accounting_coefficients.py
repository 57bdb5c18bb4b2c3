"""Coefficient sets: versioned, tagged, replaceable; results say which set they used."""

import json
from fractions import Fraction

import pytest

from deltacap.domain.accounting import (
    DEFAULT_COEFFICIENTS,
    Coefficient,
    CoefficientError,
    CoefficientSet,
    MissingCoefficientError,
    Tag,
    category,
)


def test_default_set_values_all_carry_a_tag_and_a_source() -> None:
    for coefficient in DEFAULT_COEFFICIENTS.values.values():
        assert isinstance(coefficient.tag, Tag)
        assert coefficient.source


def test_default_set_marks_memory_values_as_unverified() -> None:
    memory = {key for key, item in DEFAULT_COEFFICIENTS.values.items() if item.tag is Tag.MEMORY}
    assert "ule.limit.power.nox" in memory
    assert "livestock.animals_per_pig_equivalent.layer" in memory
    assert DEFAULT_COEFFICIENTS.get("vocs.capture_efficiency.double_enclosed").tag is Tag.SECONDARY


def test_default_set_holds_no_value_the_notes_did_not_find() -> None:
    prefixes = (
        "vehicle.",
        "nonroad.",
        "fuel.",
        "rural.",
        "livestock.generation.",
        "livestock.average_removal_rate.",
        "wwtp.influent_cap.",
    )
    assert not [key for key in DEFAULT_COEFFICIENTS.values if key.startswith(prefixes)]


def test_set_round_trips_through_json() -> None:
    text = json.dumps(DEFAULT_COEFFICIENTS.to_json(), ensure_ascii=False)
    assert CoefficientSet.from_json(json.loads(text)) == DEFAULT_COEFFICIENTS


def test_derive_replaces_and_extends_without_touching_the_original() -> None:
    official = DEFAULT_COEFFICIENTS.derive(
        id="js-2024",
        version="2024.2",
        source="member table (test)",
        values=[
            Coefficient("ule.limit.power.nox", Fraction(45), "mg/m3", Tag.VERIFIED, "member"),
            Coefficient("wwtp.influent_cap.cod", Fraction(300), "mg/L", Tag.VERIFIED, "member"),
        ],
    )
    assert official.get("ule.limit.power.nox").value == 45
    assert DEFAULT_COEFFICIENTS.get("ule.limit.power.nox").value == 50
    assert DEFAULT_COEFFICIENTS.find("wwtp.influent_cap.cod") is None


def test_missing_coefficient_names_key_set_and_version() -> None:
    with pytest.raises(MissingCoefficientError) as caught:
        DEFAULT_COEFFICIENTS.get("fuel.generation.coal.nox")
    assert caught.value.params == {
        "key": "fuel.generation.coal.nox",
        "set_id": "deltacap-default",
        "version": "2026.1",
    }


def test_coefficient_in_the_wrong_unit_is_refused() -> None:
    with pytest.raises(CoefficientError) as caught:
        DEFAULT_COEFFICIENTS.value_in("ule.limit.power.nox", "kg/t")
    assert caught.value.params["key"] == "ule.limit.power.nox"


def test_negative_coefficient_is_refused() -> None:
    with pytest.raises(CoefficientError):
        CoefficientSet(
            id="x",
            version="1",
            source="",
            values={"a": Coefficient("a", Fraction(-1), "kg/t", Tag.MEMORY, "")},
        )


def test_stored_coefficient_with_a_bad_value_is_refused() -> None:
    with pytest.raises(CoefficientError):
        CoefficientSet.from_json(
            {"id": "x", "version": "1", "values": {"a": {"value": "lots", "unit": "kg/t"}}}
        )


def test_result_records_coefficient_values_and_tags_and_flags_unverified() -> None:
    result = category("vocs").calculate(
        {
            "method": "capture_treatment",
            "generated": "10 t",
            "capture_form_before": "none",
            "treatment_efficiency_before": "0",
            "capture_efficiency_after": "0.9",
            "treatment_efficiency_after": "0.9",
        },
        DEFAULT_COEFFICIENTS,
    )
    assert result.to_json()["coefficients_used"] == {
        "vocs.capture_efficiency.none": {"value": "0", "unit": "dimensionless", "tag": "V-2nd"}
    }
    assert result.unverified  # the formula itself is [M]
