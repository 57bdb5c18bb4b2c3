"""Building packets: round trips, the standard's 9011/9014 answers, and refusals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain import hj212
from deltacap.domain.hj212 import (
    CommandCode,
    CommandParameters,
    DataFlag,
    Message,
    PacketFlag,
    QnReturn,
    SystemCode,
)
from deltacap.domain.hj212.pollutants import POLLUTANTS
from tests.domain.hj212.hj212_corpus import BY_ID

STRICT_ANY_LENGTH = replace(hj212.STRICT, max_segment_length=None)


def test_message_built_from_parts_matches_the_standards_annex_a_packet() -> None:
    message = Message(
        st=SystemCode.SURFACE_WATER_POLLUTION_SOURCE,
        cn=CommandCode.SET_REALTIME_INTERVAL,
        qn="20160801085857223",
        pw="100000",
        mn="010000A8900016F000169DC0",
        flag=PacketFlag.of(version=1, ack_required=True),
        cp=CommandParameters.of({"RtdInterval": "30"}),
    )
    assert hj212.build(message) == BY_ID["hj212-001"]["packet"]
    assert hj212.parse(hj212.build(message)) == message


def test_pollutant_groups_are_written_one_per_code() -> None:
    cp = CommandParameters.of(
        {"DataTime": "20240101000000"},
        {"w01018": {"Avg": "35.2", "Flag": "N"}, "w21003": {"Avg": "1.20"}},
    )
    assert cp.text() == "DataTime=20240101000000;w01018-Avg=35.2,w01018-Flag=N;w21003-Avg=1.20"


def test_flag_bits_compose_and_decompose() -> None:
    flag = PacketFlag.of(version=1, ack_required=True, split=True)
    assert (flag.value, flag.ack_required, flag.split, flag.version) == (7, True, True, 1)
    assert str(PacketFlag.of()) == "4"


def test_request_response_is_the_standards_9011_example() -> None:
    request = hj212.parse(BY_ID["hj212-012"]["packet"])
    answer = hj212.request_response(request, QnReturn.READY)
    assert hj212.build(answer) == BY_ID["hj212-013"]["packet"]


@pytest.mark.parametrize(
    ("upload", "answer"), [("hj212-014", "hj212-015"), ("hj212-016", "hj212-035")]
)
def test_data_response_is_the_standards_9014_example(upload: str, answer: str) -> None:
    request = hj212.parse(BY_ID[upload]["packet"])
    assert request.flag is not None and request.flag.ack_required
    assert hj212.build(hj212.data_response(request)) == BY_ID[answer]["packet"]


def test_response_keeps_the_requests_version_bits() -> None:
    request = hj212.parse(BY_ID["hj212-062"]["packet"], hj212.LENIENT)  # Flag=9: version 2
    answer = hj212.data_response(request)
    assert answer.flag == PacketFlag(8)
    assert (answer.st, answer.cn, answer.qn, answer.mn) == ("91", "9014", request.qn, request.mn)


def test_response_refused_for_a_request_without_qn() -> None:
    request = hj212.parse(BY_ID["hj212-020"]["packet"], hj212.LENIENT)
    with pytest.raises(hj212.Hj212FieldError) as caught:
        hj212.data_response(request)
    assert caught.value.field == "QN"


def test_lowercase_crc_and_missing_crlf_survive_a_round_trip() -> None:
    packet = BY_ID["hj212-033"]["packet"]  # Annex A example with '1c80'
    message = hj212.parse(packet)
    assert message.crc_lowercase
    assert hj212.build(message) == packet
    assert message == hj212.parse(BY_ID["hj212-001"]["packet"])


@pytest.mark.parametrize(
    ("value", "field"),
    [("1;2", "w01018-Avg"), ("1,2", "w01018-Avg"), ("1&2", "w01018-Avg")],
)
def test_build_refuses_a_value_the_parser_could_not_read_back(value: str, field: str) -> None:
    message = Message(
        st="32", cn="2011", cp=CommandParameters.of(pollutants={"w01018": {"Avg": value}})
    )
    with pytest.raises(hj212.Hj212StructureError) as caught:
        hj212.build(message)
    assert caught.value.field == field


def test_build_refuses_separators_in_header_fields_and_keys() -> None:
    with pytest.raises(hj212.Hj212StructureError):
        hj212.build(Message(st="32", cn="2011", pw="a;b"))
    with pytest.raises(hj212.Hj212StructureError):
        hj212.build(Message(st="32", cn="2011", cp=CommandParameters(((("a=b", "1"),),))))
    with pytest.raises(hj212.Hj212StructureError):
        hj212.build(Message(st="32", cn="2011", cp=CommandParameters(((("", "1"),),))))


def test_build_refuses_a_segment_too_long_for_the_length_field() -> None:
    cp = CommandParameters.of({"Note": "x" * 10_000})
    with pytest.raises(hj212.Hj212LengthError):
        hj212.build(Message(st="32", cn="2011", cp=cp))


def test_build_refuses_non_ascii_text() -> None:
    with pytest.raises(hj212.Hj212StructureError):
        hj212.build(Message(st="32", cn="2011", mn="监测点"))


# Strategies for messages that HJ 212-2017 as written accepts.
timestamps = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
numbers = st.decimals(min_value=-99999, max_value=99999, places=3, allow_nan=False).map(str)
codes = st.sampled_from(sorted(POLLUTANTS))
pollutant_groups = st.tuples(
    codes,
    st.lists(st.sampled_from(["Rtd", "Avg", "Min", "Max", "Cou"]), unique=True, min_size=1),
    st.sampled_from(list(DataFlag)),
).map(
    lambda t: (
        tuple((f"{t[0]}-{suffix}", "1.5") for suffix in t[1]) + ((f"{t[0]}-Flag", t[2].value),)
    )
)


@st.composite
def groups(draw: st.DrawFn) -> tuple[tuple[str, str], ...]:
    group = draw(pollutant_groups)
    values = draw(st.lists(numbers, min_size=len(group) - 1, max_size=len(group) - 1))
    return tuple((key, value) for (key, _), value in zip(group, values, strict=False)) + group[-1:]


@st.composite
def messages(draw: st.DrawFn) -> Message:
    split = draw(st.booleans())
    pnum = draw(st.integers(1, 9999)) if split else None
    pno = draw(st.integers(1, pnum)) if pnum else None
    stamp = draw(timestamps)
    qn = stamp.strftime("%Y%m%d%H%M%S") + f"{stamp.microsecond // 1000:03d}"
    data_time = ((("DataTime", stamp.strftime("%Y%m%d%H%M%S")),),)
    return Message(
        st=draw(st.sampled_from(list(SystemCode))),
        cn=draw(st.sampled_from(list(CommandCode))),
        qn=qn,
        pw=draw(st.text("0123456789abcdefABCDEF", max_size=6)),
        mn=draw(st.text("0123456789ABCDEF", min_size=1, max_size=24)),
        flag=PacketFlag.of(version=1, ack_required=draw(st.booleans()), split=split),
        pnum=None if pnum is None else str(pnum).zfill(draw(st.integers(1, 4))),
        pno=None if pno is None else str(pno),
        cp=CommandParameters(
            data_time + tuple(draw(st.lists(groups(), max_size=8))), draw(st.booleans())
        ),
        crc_lowercase=draw(st.booleans()),
        crlf=True,
    )


@given(messages())
def test_any_valid_message_survives_build_then_parse(message: Message) -> None:
    packet = hj212.build(message)
    parsed = hj212.parse(packet, STRICT_ANY_LENGTH)
    assert parsed == message
    crc = packet[-6:-2]
    if not crc.isdigit():  # an all-digit CRC has no letter case to remember
        assert parsed.crc_lowercase == message.crc_lowercase
    assert hj212.build(parsed) == packet
