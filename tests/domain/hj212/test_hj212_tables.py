"""Code tables: Annex B factors, the 2005-to-2017 code map, and the section 6 code enums."""

from __future__ import annotations

import pytest

from deltacap.domain import hj212
from deltacap.domain.hj212 import CommandCode, DataFlag, ExeReturn, QnReturn, SystemCode
from deltacap.domain.hj212.codes import DATA_FLAG_LABELS, EXE_RETURN_LABELS, QN_RETURN_LABELS
from deltacap.domain.hj212.pollutant_table import GAS, NOISE, WATER
from deltacap.domain.hj212.pollutants import CODES_2005_TO_2017, POLLUTANTS, Medium
from tests.domain.hj212.hj212_corpus import BY_ID


def test_cod_is_in_milligrams_per_litre_with_kilograms_per_interval() -> None:
    cod = hj212.pollutant("w01018")
    assert cod is not None
    assert (cod.name_zh, cod.concentration_unit, cod.amount_unit) == (
        "化学需氧量",
        "毫克/升",
        "千克",
    )
    assert (cod.medium, cod.data_format, cod.code_2005) == (Medium.WATER, "N5.1", "011")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("B01", "w00000"),
        ("011", "w01018"),
        ("060", "w21003"),
        ("101", "w21011"),
        ("065", "w21001"),
        ("001", "w01001"),
        ("B02", "a00000"),
        ("01", "a34013"),
        ("02", "a21026"),
        ("03", "a21002"),
        ("S01", "a19001"),
        ("S08", "a01013"),
    ],
)
def test_2005_code_maps_to_its_2017_code(old: str, new: str) -> None:
    assert hj212.code_2017(old) == new
    assert hj212.pollutant(old) == hj212.pollutant(new)


def test_2017_code_maps_to_itself_and_unknown_codes_to_none() -> None:
    assert hj212.code_2017("a24088") == "a24088"
    assert hj212.code_2017("O3") is None
    assert hj212.pollutant("ele01") is None


def test_codes_are_unique_across_the_three_tables() -> None:
    rows = WATER + GAS + NOISE
    assert len({row[0] for row in rows}) == len(rows) == len(POLLUTANTS)
    old_codes = [row[2] for row in rows if row[2]]
    assert len(set(old_codes)) == len(old_codes) == len(CODES_2005_TO_2017)


def test_every_amount_unit_belongs_to_a_factor_with_a_concentration_unit() -> None:
    assert all(p.concentration_unit for p in POLLUTANTS.values())
    assert hj212.pollutant("w00000").amount_unit == "立方米"  # type: ignore[union-attr]


def test_old_style_packet_values_map_to_2017_codes() -> None:
    message = hj212.parse(BY_ID["hj212-020"]["packet"], hj212.LENIENT)
    assert {hj212.code_2017(code) for code in message.values} == {"w00000", "w01018", "w21003"}


def test_system_codes_are_not_swapped() -> None:
    assert SystemCode("31").label_zh == "大气环境污染源"
    assert SystemCode("32").label_zh == "地表水体环境污染源"
    assert SystemCode("21").label_zh == "地表水质量监测"
    assert SystemCode("22").label_zh == "空气质量监测"


def test_every_code_has_a_chinese_label() -> None:
    assert all(code.label_zh for code in SystemCode)
    assert all(code.label_zh for code in CommandCode)
    assert set(QN_RETURN_LABELS) == set(QnReturn)
    assert set(EXE_RETURN_LABELS) == set(ExeReturn)
    assert set(DATA_FLAG_LABELS) == set(DataFlag)


def test_codes_compare_equal_to_the_strings_on_the_wire() -> None:
    assert CommandCode.HOURLY_DATA == "2061"
    assert f"{SystemCode.SYSTEM_INTERACTION}" == "91"
    assert [flag.value for flag in DataFlag] == list("NFMSDCTB")
