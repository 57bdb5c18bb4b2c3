"""The registry: stable codes, schemas for forms, and recompute from stored inputs."""

import inspect
import json
from fractions import Fraction
from typing import Any

import pytest

from deltacap.domain.accounting import (
    CATEGORIES,
    DEFAULT_COEFFICIENTS,
    Coefficient,
    InputKind,
    Tag,
    UnknownCategoryError,
    category,
    recompute,
    schemas,
)
from deltacap.domain.accounting.eligibility import requirements


def _c(key: str, value: str, unit: str) -> Coefficient:
    return Coefficient(key, Fraction(value), unit, Tag.MEMORY, "fictional")


FICTIONAL = DEFAULT_COEFFICIENTS.derive(
    id="test-all",
    version="3",
    source="made up for tests",
    values=[
        _c("livestock.generation.dairy.cod", "6", "kg/d"),
        _c("livestock.average_removal_rate.dairy.cod", "0.7", "dimensionless"),
        _c("rural.generation.cod", "40", "g/d"),
        _c("fuel.generation.coal.nox", "2.94", "kg/t"),
        _c("vehicle.reduction_factor.diesel.medium.china2.nox", "0.12", "t/a"),
        _c("vehicle.emission_factor.diesel.medium.china2.nox", "6", "g/km"),
        _c("vehicle.annual_mileage.diesel.medium", "30000", "km/a"),
        _c("nonroad.emission_factor.loader.pre_china1.nox", "45", "g/kg"),
        _c("wwtp.influent_cap.cod", "260", "mg/L"),
        _c("nonpoint.loss_rate.tn", "0.2", "dimensionless"),
    ],
)
WATER = {"influent_cod": "300 mg/L", "effluent_cod": "30 mg/L"}
GAS = {
    "flue_gas_flow": "333333 m3/h",
    "hours": "7000 h",
    "concentration_before_nox": "97 mg/m3",
    "concentration_after_nox": "31 mg/m3",
}
EXAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("wwtp_new", {"volume": "12345 m3/d", "period": "1 a", **WATER}),
    (
        "wwtp_upgrade",
        {
            "volume": "1000 m3/d",
            "period": "300 d",
            "effluent_before_tn": "20 mg/L",
            "effluent_after_tn": "12 mg/L",
        },
    ),
    (
        "sewer_network",
        {
            "volume": "7 m3/h",
            "period": "1 a",
            **WATER,
            "base_volume": "5 m3/h",
            "base_influent_cod": "200 mg/L",
            "base_effluent_cod": "30 mg/L",
            "share": "1/3",
        },
    ),
    ("rural_sewage", {"residents": 777, "period": "200 d", "removal_efficiency_cod": "65 %"}),
    ("rural_sewage", {"method": "monitoring", "volume": "30 m3/d", "period": "1 a", **WATER}),
    (
        "livestock",
        {
            "animal_class": "dairy",
            "animals": 300,
            "days": "200 d",
            "treatment_mode": "treatment_to_standard",
            "farm_removal_rate": "0.9",
        },
    ),
    (
        "industrial_ww",
        {
            "volume": "3 m3/h",
            "period": "1 a",
            "concentration_before_tp": "2 mg/L",
            "concentration_after_tp": "0.5 mg/L",
        },
    ),
    (
        "industrial_reuse",
        {"reused_volume": "1 m3/h", "period": "1 a", "concentration_nh3n": "15 mg/L"},
    ),
    *((f"ule_{sector}", GAS) for sector in ("power", "steel", "cement", "coking")),
    *(
        (
            f"ule_{sector}",
            {
                "method": "efficiency",
                "emission_after_so2": "33 t",
                "efficiency_before_so2": "0.6",
                "efficiency_after_so2": "0.97",
            },
        )
        for sector in ("power", "steel", "cement", "coking")
    ),
    (
        "boiler_kiln",
        {
            "fuel_before_type": "coal",
            "fuel_before": "3 t/d",
            "period": "1 a",
            "fuel_after_type": "electricity",
        },
    ),
    ("boiler_kiln", {"method": "elimination", "base_emission_nox": "7 t/a", "period": "1 a"}),
    ("boiler_kiln", {"method": "deep_treatment", **GAS}),
    (
        "vocs",
        {
            "material": "7 t",
            "content_before": "0.6",
            "content_after": "0.05",
            "capture_form": "external_hood_slow",
            "treatment_efficiency": "0.6",
        },
    ),
    (
        "vocs",
        {
            "method": "capture_treatment",
            "generated": "3 t/d",
            "period": "1 a",
            "capture_form_before": "none",
            "treatment_efficiency_before": "0",
            "capture_form_after": "double_enclosed",
            "treatment_efficiency_after": "0.95",
        },
    ),
    (
        "diesel_phaseout",
        {"vehicle_type": "medium", "emission_standard": "china2", "vehicles": 7, "period": "100 d"},
    ),
    (
        "diesel_phaseout",
        {
            "method": "emission_factor",
            "vehicle_type": "medium",
            "emission_standard": "china2",
            "vehicles": 7,
            "replacement": "electric",
        },
    ),
    (
        "nonroad_phaseout",
        {"machinery_type": "loader", "emission_stage": "pre_china1", "fuel": "3 t"},
    ),
    ("closure", {"base_emission_vocs": "12 t", "current_emission_vocs": "1.5 t"}),
    (
        "ecological_interception",
        {"volume": "2000000 m3", "inflow_tn": "4 mg/L", "outflow_tn": "3 mg/L"},
    ),
    (
        "nonpoint_fertiliser",
        {"area": "1200 mu", "base_applied_tn": "250 kg/ha", "applied_tn": "220 kg/ha"},
    ),
    (
        "tailwater_wetland",
        {
            "volume": "20000 m3/d",
            "period": "1 a",
            "inflow_tp": "0.5 mg/L",
            "outflow_tp": "0.3 mg/L",
        },
    ),
]
BRIEF_CODES = {
    "wwtp_new",
    "wwtp_upgrade",
    "livestock",
    "industrial_ww",
    "ule_power",
    "ule_steel",
    "ule_cement",
    "boiler_kiln",
    "vocs",
    "diesel_phaseout",
    "nonroad_phaseout",
}


def test_every_required_category_code_is_registered() -> None:
    assert set(CATEGORIES) >= BRIEF_CODES


def test_every_category_and_method_has_an_example_here() -> None:
    covered = {(code, inputs.get("method", "")) for code, inputs in EXAMPLES}
    for code, spec in CATEGORIES.items():
        for method in spec.methods or ("",):
            key = (code, "" if method == (spec.methods or ("",))[0] else method)
            assert key in covered, key


@pytest.mark.parametrize(("code", "inputs"), EXAMPLES, ids=[code for code, _ in EXAMPLES])
def test_recompute_from_stored_inputs_after_json_equals_original(code: str, inputs: dict) -> None:
    original = category(code).calculate(inputs, FICTIONAL)
    assert original.reductions
    stored = json.loads(json.dumps(original.stored_inputs()))
    again = recompute(code, stored, FICTIONAL)
    assert again == original
    normalised = json.loads(json.dumps(original.normalised_inputs()))
    assert recompute(code, normalised, FICTIONAL).same_figures(original)
    assert json.loads(json.dumps(original.to_json()))["coefficient_set"] == {
        "id": "test-all",
        "version": "3",
    }


def test_recompute_with_another_coefficient_set_records_that_set() -> None:
    inputs = {"volume": "1000 m3", **WATER}
    result = recompute("wwtp_new", inputs, DEFAULT_COEFFICIENTS)
    capped = recompute("wwtp_new", inputs, FICTIONAL)
    assert result.coefficient_set_id == "deltacap-default"
    assert capped.coefficient_set_id == "test-all"
    assert capped.reductions[0].kg < result.reductions[0].kg


def test_unknown_category_is_refused() -> None:
    with pytest.raises(UnknownCategoryError) as caught:
        recompute("wwtp_newest", {}, DEFAULT_COEFFICIENTS)
    assert "wwtp_new" in caught.value.params["known"]


def test_schemas_are_json_able_and_bilingual() -> None:
    data = json.loads(json.dumps(schemas(), ensure_ascii=False))
    assert {item["code"] for item in data} == set(CATEGORIES)
    for item in data:
        assert item["name"]["en"] and item["name"]["zh"]
        assert item["pollutants"]
        for field in item["inputs"]:
            assert field["description"]["en"] and field["description"]["zh"], field["name"]


@pytest.mark.parametrize("spec", list(CATEGORIES.values()), ids=list(CATEGORIES))
def test_schema_is_consistent(spec: Any) -> None:
    names = [item.name for item in spec.inputs]
    assert len(names) == len(set(names))
    for item in spec.inputs:
        if item.kind in (InputKind.QUANTITY, InputKind.AMOUNT):
            assert item.units, item.name
        if item.kind is InputKind.CHOICE:
            assert item.choices and (item.default is None or item.default in item.choices)
        assert set(item.methods) <= set(spec.methods)
    assert spec.calculate.__doc__ and "docs/domain/accounting.md" in spec.calculate.__doc__
    assert "[M]" in spec.calculate.__doc__ or "[V-2nd]" in spec.calculate.__doc__
    assert list(inspect.signature(spec.calculate).parameters) == ["inputs", "coefficients"]


@pytest.mark.parametrize("code", list(CATEGORIES))
def test_every_category_has_eligibility_requirements(code: str) -> None:
    assert requirements(code)
