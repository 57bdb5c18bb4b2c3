"""What the receiver does with a parsed packet: store, answer, refuse (and why)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from deltacap.domain import hj212
from deltacap.domain.ingest import (
    RegisteredDevice,
    UnknownDevice,
    WrongPassword,
    answer_to_malformed,
    decide,
    readings,
)

# Verified packet B1 of docs/domain/standards.md 4.7 (water hourly data, Flag=5), with CR LF.
B1 = (
    "##0294QN=20240101010000000;ST=32;CN=2061;PW=123456;MN=TEST0000000000000000TEST;Flag=5;"
    "CP=&&DataTime=20240101000000;w00000-Cou=1250.0,w00000-Flag=N;w01018-Avg=35.2,"
    "w01018-Cou=44.0,w01018-Flag=N;w21003-Avg=1.20,w21003-Cou=1.50,w21003-Flag=N;"
    "w21011-Avg=0.25,w21011-Flag=N;w21001-Avg=8.50,w21001-Flag=N&&8EC1\r\n"
)
MN = "0A00000000000000000000B1"
# B1 with a hex MN, as STRICT parsing (the receiver's default) wants it.
PACKET = hj212.build(replace(hj212.parse(B1, hj212.LENIENT), mn=MN))
DEVICE = RegisteredDevice(MN, "123456", 7, 3, "water")
NOW = datetime(2024, 1, 1, 1, 0, 5)


def _message(**changes: object) -> hj212.Message:
    return replace(hj212.parse(PACKET), **changes)  # type: ignore[arg-type]


def test_an_upload_asking_for_an_answer_is_stored_and_answered_9014() -> None:
    decision = decide(hj212.parse(PACKET), DEVICE, NOW)
    assert decision.store and decision.refusal is None
    assert decision.answer is not None
    answer = hj212.build(decision.answer)
    assert ";ST=91;CN=9014;PW=123456;MN=0A00000000000000000000B1;Flag=4;CP=&&&&" in answer
    assert "QN=20240101010000000" in answer


def test_an_upload_with_flag_4_is_stored_without_answer() -> None:
    decision = decide(_message(flag=hj212.PacketFlag(4)), DEVICE, NOW)
    assert decision.store and decision.answer is None


def test_unknown_device_is_refused_with_qnrtn_4() -> None:
    decision = decide(hj212.parse(PACKET), None, NOW)
    assert not decision.store
    assert isinstance(decision.refusal, UnknownDevice)
    assert MN in decision.refusal.detail
    assert decision.answer is not None and decision.answer.cp.get("QnRtn") == "4"
    assert str(decision.answer.cn) == "9011"


def test_wrong_password_is_refused_with_qnrtn_3() -> None:
    device = RegisteredDevice(DEVICE.mn, "654321", 7, 3, "water")
    decision = decide(hj212.parse(PACKET), device, NOW)
    assert isinstance(decision.refusal, WrongPassword) and decision.refusal.field == "PW"
    assert decision.answer is not None and decision.answer.cp.get("QnRtn") == "3"


def test_inactive_device_is_refused() -> None:
    device = RegisteredDevice(DEVICE.mn, "123456", 7, 3, "water", active=False)
    assert isinstance(decide(hj212.parse(PACKET), device, NOW).refusal, UnknownDevice)


def test_data_time_ahead_of_the_clock_is_refused_naming_datatime() -> None:
    decision = decide(hj212.parse(PACKET), DEVICE, NOW - timedelta(hours=2))
    assert not decision.store
    assert decision.refusal is not None and decision.refusal.kind == "time"
    assert decision.refusal.field == "DataTime"
    assert "ahead" in decision.refusal.detail
    # Ten minutes of clock difference are tolerated.
    assert decide(hj212.parse(PACKET), DEVICE, datetime(2023, 12, 31, 23, 51)).store


def test_answers_from_devices_are_not_answered_and_not_stored() -> None:
    answer = replace(hj212.data_response(hj212.parse(PACKET)), flag=hj212.PacketFlag(5))
    decision = decide(answer, DEVICE, NOW)
    assert decision.refusal is None and not decision.store and decision.answer is None


def test_device_requests_are_answered_9011_ready() -> None:
    request = _message(cn=hj212.CommandCode.TIME_CALIBRATION_REQUEST)
    decision = decide(request, DEVICE, NOW)
    assert not decision.store
    assert decision.answer is not None and decision.answer.cp.get("QnRtn") == "1"


def test_readings_keep_flags_and_map_2005_codes() -> None:
    rows = {r.factor: r for r in readings(hj212.parse(PACKET))}
    assert rows["w01018"].avg == 35.2 and rows["w01018"].cou == 44.0
    assert rows["w01018"].flag == "N" and rows["w00000"].cou == 1250.0
    old = hj212.parse(
        "##0139ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;"
        "B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&4980",
        hj212.LENIENT,
    )
    mapped = {r.factor: r.rtd for r in readings(old)}
    assert mapped == {"w00000": 36.91, "w01018": 231.0, "w21003": 1.803}


def test_malformed_fields_are_answered_when_addressable_frame_faults_are_not() -> None:
    bad_st = hj212.build(_message(st="99"))  # frame and CRC fine, ST not in the table
    try:
        hj212.parse(bad_st)
    except hj212.Hj212Error as error:
        answer = answer_to_malformed(bad_st.encode(), error)
        assert answer is not None and answer.cp.get("QnRtn") == "5"
    else:
        raise AssertionError("ST=99 should be refused by STRICT parsing")
    broken = B1.replace("8EC1", "8EC2").encode()  # the CRC no longer matches
    try:
        hj212.parse(broken)
    except hj212.Hj212Error as error:
        assert error.kind == "crc"
        assert answer_to_malformed(broken, error) is None
