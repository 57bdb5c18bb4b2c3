"""The machinery registration code's check (configured layout, unverified), the emission
stages of GB 20891 and mutual recognition in a low-emission zone."""

from __future__ import annotations

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.mobile.machinery import (
    CheckResult,
    CodeFormat,
    NonroadStage,
    accepted_in_zone,
    check_code,
    member_of_code,
    parse_stage,
)

FMT = CodeFormat(
    pattern="^[沪苏浙皖京][A-HJ-NP-Z][0-9A-HJ-NP-Z]{6}$",
    example="苏E00A123",
    member_of_prefix={"沪": "310000", "苏": "320000", "浙": "330000", "皖": "340000"},
    status="unverified",
    source="test",
)


@pytest.mark.parametrize("text", ["苏E00A123", "苏e 00a123", "苏E-00A-123", "沪A·123456"])
def test_a_code_is_stored_without_separators_in_upper_case(text: str) -> None:
    assert len(check_code(text, FMT)) == 8
    assert check_code(text, FMT).upper() == check_code(text, FMT)


@pytest.mark.parametrize(
    "text", ["", "苏E00A12", "苏E00A1234", "苏I00A123", "苏E00O123", "XE00A123"]
)
def test_a_code_of_another_shape_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        check_code(text, FMT)
    assert raised.value.field == "code" and raised.value.params["example"] == "苏E00A123"


def test_the_first_character_names_the_member() -> None:
    assert member_of_code("苏E00A123", FMT) == "320000"
    assert member_of_code("京A000001", FMT) is None


@pytest.mark.parametrize(
    ("text", "stage"),
    [("国三", 3), ("国III", 3), ("国Ⅳ", 4), ("4", 4), ("国0", 0), ("II", 2), ("国一", 1)],
)
def test_stages_of_gb_20891(text: str, stage: int) -> None:
    assert parse_stage(text) == NonroadStage(stage)


@pytest.mark.parametrize("text", ["国五", "国VI", "", "abc"])
def test_no_stage_beyond_china_iv(text: str) -> None:
    assert parse_stage(text) is None


def test_a_registered_machine_that_passes_is_accepted_in_another_members_zone() -> None:
    assert accepted_in_zone(CheckResult.PASS, registered=True)
    assert not accepted_in_zone(CheckResult.FAIL, registered=True)


def test_the_configured_layout_is_marked_unverified_with_its_source() -> None:
    import json
    from pathlib import Path

    import deltacap.mobile

    path = Path(deltacap.mobile.__file__).parent / "data" / "machinery_code.json"
    data = json.loads(path.read_text())
    assert data["status"] == "unverified" and "生态环境部" in data["source"]
    assert check_code(data["example"], FMT) == data["example"]
