"""The fast path of ``parse`` (compiled scanner) gives exactly what the general path gives.

``hj212.parse`` lets the compiled scanner of ``_scan.c`` frame and split a packet and
falls back to ``codec.parse_general`` (frame.py, segment.py) for anything else. These
tests compare the two on generated, mutated and public packets: the same message
(every field, enum or plain string, flags and framing kept) or the same error (class,
template, field, byte offset, parameters). The scanner itself is compared with the
Python functions it stands for, and the pure-Python path is checked to be what
``parse`` uses when the compiled scanner is absent.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from sysconfig import get_paths

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deltacap.domain import hj212
from deltacap.domain.hj212 import LENIENT, STRICT, codec, cp_rules, frame, segment
from deltacap.domain.hj212.values import NUMBER, check_timestamp, parse_timestamp
from tests.domain.hj212.hj212_corpus import RECORDS, ids
from tests.domain.hj212.test_hj212_fuzz import framed, mutate, mutations

OPTIONS = [STRICT, LENIENT]
OPTION_IDS = ["strict", "lenient"]
COMPILED = codec._compiled_scan
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="compiled scanner not built")
PACKETS = [record["packet"].encode("ascii") for record in RECORDS]

Outcome = tuple[object, ...]


def outcome(packet: bytes | str, options: hj212.ParseOptions, *, general: bool) -> Outcome:
    """Everything a caller can see of one parse: the message in full, or the error in full."""
    parse = codec.parse_general if general else hj212.parse
    try:
        message = parse(packet, options)
    except hj212.Hj212Error as error:
        return ("error", type(error), error.message, error.offset, error.params, error.detail)
    # repr shows enum members apart from plain strings and includes crc_lowercase and crlf,
    # which take no part in Message equality.
    return ("message", repr(message), message.crc_lowercase, message.crlf)


def assert_same_outcome(packet: bytes | str, options: hj212.ParseOptions) -> None:
    assert outcome(packet, options, general=False) == outcome(packet, options, general=True)


def scanned_by_python(packet: bytes) -> codec.Scanned | None:
    """What the scanner must return, computed by the general path's own functions."""
    try:
        parts = frame.split_frame(packet, LENIENT)  # frame only: no length limit, no CR LF rule
        head, body = segment._split_segment(parts.segment)
        cp = segment._command_parameters(body)
        values = segment._header_values(head)
    except hj212.Hj212Error:
        return None
    items = tuple(cp.items())
    keys = tuple(key for key, _ in items)
    cp_values = tuple(value for _, value in items)
    numeric = bytes(NUMBER.fullmatch(value) is not None for value in cp_values)
    lower = parts.crc != parts.crc.upper()
    size = len(parts.segment)
    trailing = cp.trailing_separator
    return (values, cp.groups, keys, cp_values, numeric, trailing, lower, parts.crlf, size)


# Packets built from the pieces of the standard, mostly right, some wrong, framed mostly
# right: enough are accepted to exercise the fast path, enough refused to exercise the rest.
def often(right: st.SearchStrategy[str], wrong: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(*[right] * 10, wrong)


any_timestamps = st.builds(
    lambda y, mo, d, h, mi, s: f"{y:04d}{mo:02d}{d:02d}{h:02d}{mi:02d}{s:02d}",
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.integers(0, 25),
    st.integers(0, 61),
    st.integers(0, 61),
)
real_timestamps = st.datetimes(min_value=datetime(1990, 1, 1)).map(
    lambda t: t.strftime("%Y%m%d%H%M%S")
)
timestamps = often(real_timestamps, any_timestamps)
header_values = {
    "QN": often(timestamps.map(lambda t: t + "123"), st.sampled_from(["", "2024x"])),
    "ST": often(st.sampled_from(["32", "31", "22", "91"]), st.sampled_from(["99", "AB", "1", ""])),
    "CN": often(st.sampled_from(["2011", "2051", "2061", "9014"]), st.just("1234")),
    "PW": often(st.sampled_from(["123456", "pw"]), st.sampled_from(["1234567", "", "a=b"])),
    "MN": often(st.just("010000A8900016F000169DC0"), st.sampled_from(["A110000_0001", "a1", ""])),
    "Flag": often(st.sampled_from(["4", "5"]), st.sampled_from(["6", "7", "0", "8", "05", "256"])),
    "PNUM": often(st.just("2"), st.sampled_from(["1", "10", "0", "12345", "x"])),
    "PNO": often(st.sampled_from(["1", "2"]), st.sampled_from(["3", "0", "x"])),
}
HEADER_2017 = segment.HEADER_NAMES[:6]
HEADER_2005 = ("ST", "CN", "PW", "MN")
header_names = st.one_of(
    st.just(HEADER_2017),
    st.just(HEADER_2017),
    st.just(segment.HEADER_NAMES),
    st.just(HEADER_2005),
    st.lists(st.sampled_from(segment.HEADER_NAMES), max_size=9).map(tuple),
)
numbers = often(
    st.decimals(-9999, 9999, places=2).map(str), st.sampled_from(["1.", ".5", "1e3", "", "x"])
)
flags = often(st.sampled_from(["N", "D", "T", "F"]), st.sampled_from(["n", "Z", ""]))
returns = often(st.sampled_from(["1", "2", "100"]), st.sampled_from(["77", "x"]))
cp_items = st.one_of(
    st.tuples(st.sampled_from(["DataTime", "SystemTime", "a21026-SampleTime"]), timestamps),
    st.tuples(st.sampled_from(["QnRtn", "ExeRtn"]), returns),
    st.tuples(st.sampled_from(["RtdInterval", "ReCount"]), often(st.just("30"), st.just("3.0"))),
    st.tuples(st.sampled_from(["w01018-Rtd", "a21026-ZsAvg", "a34013-Cou", "B02-Max"]), numbers),
    st.tuples(st.sampled_from(["w01018-Flag", "a21026-Flag"]), flags),
    st.tuples(st.sampled_from(["Info", "EFlag", "x-y"]), st.text("abc-.=", max_size=4)),
)


@st.composite
def segments(draw: st.DrawFn) -> str:
    names = draw(header_names)
    header = "".join(f"{name}={draw(header_values[name])};" for name in names)
    groups = draw(st.lists(st.lists(cp_items, min_size=1, max_size=4), max_size=5))
    body = ";".join(",".join(f"{k}={v}" for k, v in group) for group in groups)
    trailing = ";" if draw(st.integers(0, 3)) == 0 else ""
    return f"{header}CP=&&{body}{trailing}&&"


@st.composite
def packets(draw: st.DrawFn) -> bytes:
    data = draw(segments()).encode("ascii")
    crc = hj212.crc16_hex(data)
    if draw(st.booleans()):
        crc = crc.lower()
    length = len(data) + draw(st.sampled_from([0] * 10 + [1, -1]))
    end = draw(st.sampled_from([b"\r\n"] * 6 + [b"", b"\n"]))
    packet = b"##" + f"{length % 10000:04d}".encode() + data + crc.encode() + end
    if draw(st.integers(0, 7)) == 0:
        packet = mutate(packet, draw(mutations))
    return packet


@needs_compiled
@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
@pytest.mark.parametrize("packet", PACKETS, ids=ids(RECORDS))
def test_public_packet_gives_the_same_message_or_error_on_both_paths(
    packet: bytes, options: hj212.ParseOptions
) -> None:
    assert_same_outcome(packet, options)
    assert_same_outcome(packet.decode("ascii"), options)


@needs_compiled
@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(packet=packets())
def test_generated_packet_gives_the_same_message_or_error_on_both_paths(
    packet: bytes, options: hj212.ParseOptions
) -> None:
    assert_same_outcome(packet, options)


@needs_compiled
@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(PACKETS) - 1), steps=mutations)
def test_mutated_public_packet_gives_the_same_message_or_error_on_both_paths(
    index: int, steps: list[tuple[str, int, bytes]], options: hj212.ParseOptions
) -> None:
    assert_same_outcome(mutate(PACKETS[index], steps), options)


@needs_compiled
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_give_the_same_message_or_error_on_both_paths(data: bytes) -> None:
    assert_same_outcome(data, LENIENT)
    assert_same_outcome(framed(data), LENIENT)


@needs_compiled
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(packet=st.one_of(packets(), st.binary(max_size=300).map(framed)))
def test_scanner_finds_exactly_what_the_python_framing_and_splitting_find(packet: bytes) -> None:
    assert COMPILED is not None
    assert COMPILED(packet) == scanned_by_python(packet)


@needs_compiled
@pytest.mark.parametrize("packet", PACKETS, ids=ids(RECORDS))
def test_scanner_reads_every_public_packet_as_python_does(packet: bytes) -> None:
    assert COMPILED is not None
    assert COMPILED(packet) == scanned_by_python(packet)


@needs_compiled
def test_scanner_takes_every_intact_public_packet() -> None:
    # Every public packet that LENIENT accepts takes the fast path, not the fallback.
    accepted = [p for p in PACKETS if outcome(p, LENIENT, general=True)[0] == "message"]
    assert COMPILED is not None
    assert accepted
    assert all(COMPILED(packet) is not None for packet in accepted)


@needs_compiled
def test_scanner_leaves_other_inputs_to_the_general_path() -> None:
    assert COMPILED is not None
    packet = PACKETS[0]
    assert COMPILED(bytearray(packet)) is None  # type: ignore[arg-type]
    assert COMPILED("##0000") is None  # type: ignore[arg-type]
    assert hj212.parse(bytearray(packet)) == hj212.parse(packet)


CAN_BUILD = shutil.which("gcc") is not None and Path(get_paths()["include"], "Python.h").exists()


@pytest.mark.skipif(
    not CAN_BUILD, reason="no C compiler or Python headers: the scanner is optional"
)
def test_install_builds_the_compiled_scanner_where_a_compiler_is_present() -> None:
    assert COMPILED is not None, "pip install -e . did not build deltacap.domain.hj212._scan"


@pytest.mark.parametrize("options", OPTIONS, ids=OPTION_IDS)
def test_without_the_compiled_scanner_parse_is_the_general_path(
    monkeypatch: pytest.MonkeyPatch, options: hj212.ParseOptions
) -> None:
    with_scanner = [outcome(p, options, general=False) for p in PACKETS]
    monkeypatch.setattr(codec, "scanner", None)
    without = [outcome(p, options, general=False) for p in PACKETS]
    general = [outcome(p, options, general=True) for p in PACKETS]
    assert without == general == with_scanner
    assert any(result[0] == "message" for result in without)


keys_and_values = st.lists(cp_items, max_size=12)


@given(items=keys_and_values)
def test_bulk_value_check_refuses_exactly_what_the_item_by_item_check_refuses(
    items: list[tuple[str, str]],
) -> None:
    keys = tuple(k for k, _ in items)
    values = tuple(v for _, v in items)
    numeric = bytes(NUMBER.fullmatch(value) is not None for value in values)
    expected = error_of(lambda: cp_rules._check_in_order(keys, values, LENIENT))
    assert error_of(lambda: cp_rules.check_items(keys, values, LENIENT)) == expected
    assert error_of(lambda: cp_rules.check_items(keys, values, LENIENT, numeric)) == expected
    cp = hj212.CommandParameters(tuple((item,) for item in items))
    assert error_of(lambda: cp_rules.check_cp(cp, LENIENT)) == expected


def error_of(call: Callable[[], None]) -> tuple[object, ...] | None:
    try:
        call()
    except hj212.Hj212Error as error:
        return (type(error), error.message, error.params)
    return None


@given(
    value=st.one_of(any_timestamps, any_timestamps.map(lambda t: t + "042"), st.text("0123456789"))
)
def test_timestamps_are_read_as_the_calendar_reads_them(value: str) -> None:
    try:
        expected: datetime | None = datetime(
            int(value[0:4]),
            int(value[4:6]),
            int(value[6:8]),
            int(value[8:10]),
            int(value[10:12]),
            int(value[12:14]),
            int(value[14:17]) * 1000 if len(value) == 17 else 0,
        )
    except ValueError:
        expected = None
    if len(value) not in (14, 17):
        expected = None
    try:
        read: datetime | None = parse_timestamp(value, "DataTime")
    except hj212.Hj212TimeError:
        read = None
    assert read == expected


@given(
    value=st.one_of(any_timestamps, any_timestamps.map(lambda t: t + "042"), st.text("0123456789")),
    digits=st.sampled_from([(14,), (17,), (14, 17), (17, 14)]),
)
def test_timestamp_check_refuses_exactly_what_reading_refuses(
    value: str, digits: tuple[int, ...]
) -> None:
    assert error_of(lambda: check_timestamp(value, "QN", digits)) == error_of(
        lambda: _read(value, digits)
    )


def _read(value: str, digits: tuple[int, ...]) -> None:
    parse_timestamp(value, "QN", digits)
