"""Typed views of a parsed message: values as sent, Decimal, datetime, data flags."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from deltacap.domain import hj212
from deltacap.domain.hj212 import CommandCode, DataFlag, SystemCode
from tests.domain.hj212.hj212_corpus import BY_ID

HOURLY = hj212.parse(BY_ID["hj212-017"]["packet"])  # the standard's 2061 hourly example


def test_known_codes_become_enum_members() -> None:
    assert HOURLY.st is SystemCode.SURFACE_WATER_POLLUTION_SOURCE
    assert HOURLY.command is CommandCode.HOURLY_DATA
    odd = hj212.parse(BY_ID["hj212-066"]["packet"], hj212.LENIENT)  # ST=101
    assert (odd.st, odd.system) == ("101", None)


def test_values_are_kept_as_sent() -> None:
    assert HOURLY.values["w01018"]["Avg"] == "40.1"
    assert HOURLY.values["w00000"] == {
        "Cou": "63.0",
        "Min": "16.4",
        "Avg": "17.5",
        "Max": "20.1",
        "Flag": "N",
    }


def test_decimal_helper_gives_exact_values() -> None:
    assert HOURLY.decimal("w00000", "Cou") == Decimal("63.0")
    assert HOURLY.decimal("w01018") == Decimal("40.1")
    assert HOURLY.decimal("w99999") is None


def test_decimal_helper_refuses_a_value_that_is_not_a_number() -> None:
    message = hj212.parse(BY_ID["hj212-014"]["packet"])
    with pytest.raises(hj212.Hj212ValueError) as caught:
        message.decimal("w01018", "EFlag")  # 'A01' is a device flag, not a number
    assert caught.value.field == "w01018-EFlag"


def test_times_are_real_datetimes() -> None:
    assert HOURLY.data_time == datetime(2016, 8, 1, 8, 0, 0)
    assert HOURLY.qn_time == datetime(2016, 8, 1, 9, 0, 0, 1000)
    assert hj212.parse(BY_ID["hj212-001"]["packet"]).data_time is None


def test_data_flag_is_typed_when_known() -> None:
    assert HOURLY.data_flag("w01018") is DataFlag.NORMAL
    assert HOURLY.data_flag("nothing") is None


def test_first_of_duplicate_sub_keys_wins_and_all_are_kept() -> None:
    message = hj212.parse(BY_ID["hj212-055"]["packet"])
    sent = [value for key, value in message.cp.items() if key == "w00000-Avg"]
    assert len(sent) == 2
    assert message.values["w00000"]["Avg"] == sent[0]


def test_trailing_separator_is_kept() -> None:
    message = hj212.parse(BY_ID["hj212-034"]["packet"], hj212.LENIENT)
    assert message.cp.trailing_separator
    assert message.cp.text().endswith(";")


def test_plain_items_exclude_pollutant_values() -> None:
    message = hj212.parse(BY_ID["hj212-019"]["packet"])
    assert message.cp.fields() == {"DataTime": "20160801085857", "RestartTime": "20160801085624"}
    assert message.values == {}
