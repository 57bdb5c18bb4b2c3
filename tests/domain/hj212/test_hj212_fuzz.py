"""Fuzzing: whatever comes in, the codec answers with a message or an Hj212Error, nothing else."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deltacap.domain import hj212
from deltacap.domain.hj212 import LENIENT, STRICT
from tests.domain.hj212.hj212_corpus import RECORDS, raw_segment

OPTIONS = [STRICT, LENIENT]
VALID = [r["packet"] for r in RECORDS if r["expected"]["frame_ok"] and r["expected"]["segment_ok"]]
SEGMENTS = [raw_segment(packet) for packet in VALID]
PROTOCOL_CHARACTERS = "#&;,=-.0123456789ABCDEFNQSTCPWMlag\r\n"


def framed(segment: bytes) -> bytes:
    crc = hj212.crc16_hex(segment).encode("ascii")
    return b"##" + f"{len(segment) % 10000:04d}".encode("ascii") + segment + crc + b"\r\n"


def parse_or_refuse(packet: bytes | str, options: hj212.ParseOptions) -> None:
    """Parse; on success the message must survive use and give the packet back."""
    try:
        message = hj212.parse(packet, options)
    except hj212.Hj212Error:
        return
    _touch(message)
    expected = packet if isinstance(packet, str) else packet.decode("ascii")
    assert hj212.build(message) == expected or _crc_case_mixed(expected)


def _touch(message: hj212.Message) -> None:
    """Every typed view either works or raises Hj212Error."""
    _ = (message.system, message.command, message.qn_time, message.data_time, message.values)
    for code, items in message.values.items():
        for suffix in items:
            with contextlib.suppress(hj212.Hj212ValueError):
                message.decimal(code, suffix)
        message.data_flag(code)


def _crc_case_mixed(packet: str) -> bool:
    crc = packet.removesuffix("\r\n")[-4:]
    return crc not in (crc.upper(), crc.lower())


@pytest.mark.parametrize("options", OPTIONS, ids=["strict", "lenient"])
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_give_a_message_or_an_hj212_error(
    options: hj212.ParseOptions, data: bytes
) -> None:
    parse_or_refuse(data, options)


@pytest.mark.parametrize("options", OPTIONS, ids=["strict", "lenient"])
@given(data=st.text(PROTOCOL_CHARACTERS, max_size=400))
def test_protocol_like_text_gives_a_message_or_an_hj212_error(
    options: hj212.ParseOptions, data: str
) -> None:
    parse_or_refuse(data, options)
    parse_or_refuse(framed(data.encode("ascii")), options)


mutations = st.lists(
    st.tuples(
        st.sampled_from(["replace", "insert", "delete"]),
        st.integers(0, 2000),
        st.binary(min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, steps: list[tuple[str, int, bytes]]) -> bytes:
    for action, position, chunk in steps:
        at = position % (len(data) + 1)
        if action == "replace":
            data = data[:at] + chunk + data[at + len(chunk) :]
        elif action == "insert":
            data = data[:at] + chunk + data[at:]
        else:
            data = data[:at] + data[at + len(chunk) :]
    return data


@pytest.mark.parametrize("options", OPTIONS, ids=["strict", "lenient"])
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(VALID) - 1), steps=mutations)
def test_mutated_public_packets_give_a_message_or_an_hj212_error(
    options: hj212.ParseOptions, index: int, steps: list[tuple[str, int, bytes]]
) -> None:
    packet = VALID[index].encode("ascii")
    parse_or_refuse(mutate(packet, steps), options)


@pytest.mark.parametrize("options", OPTIONS, ids=["strict", "lenient"])
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(SEGMENTS) - 1), steps=mutations)
def test_mutated_segments_reframed_give_a_message_or_an_hj212_error(
    options: hj212.ParseOptions, index: int, steps: list[tuple[str, int, bytes]]
) -> None:
    segment = mutate(SEGMENTS[index].encode("ascii"), steps)
    parse_or_refuse(framed(segment), options)


@given(text=st.text(max_size=300))
def test_arbitrary_segment_text_gives_a_message_or_an_hj212_error(text: str) -> None:
    with contextlib.suppress(hj212.Hj212Error):
        hj212.parse_segment(text, LENIENT)


def read_data_area_item_by_item(body: str) -> hj212.CommandParameters | None:
    """The data area rules of 6.3.3 spelled out slowly; None where the area is malformed."""
    if "&" in body:
        return None
    trailing = body.endswith(";")
    body = body.removesuffix(";")
    if not body:
        return hj212.CommandParameters((), trailing)
    groups = []
    for group in body.split(";"):
        items = []
        for item in group.split(","):
            key, eq, value = item.partition("=")
            if not key or not eq:
                return None
            items.append((key, value))
        groups.append(tuple(items))
    return hj212.CommandParameters(tuple(groups), trailing)


@given(body=st.text(";,=&ab-1\n", max_size=40))
def test_fast_data_area_reading_agrees_with_the_item_by_item_rules(body: str) -> None:
    segment = f"ST=32;CN=2011;PW=1;MN=A;CP=&&{body}&&"
    expected = read_data_area_item_by_item(body)
    try:
        message = hj212.parse_segment(segment, LENIENT)
    except hj212.Hj212StructureError:
        assert expected is None
    except hj212.Hj212Error:
        assert expected is not None  # structure was fine; a value rule refused it
    else:
        assert message.cp == expected
