"""Each kind of bad input is refused with its kind, a detail naming the field, and an offset."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from deltacap.domain import hj212
from deltacap.domain.errors import DeltacapError
from deltacap.domain.hj212 import LENIENT, STRICT

HEADER = "QN=20240101010000000;ST=32;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=5"
DATA = "DataTime=20240101000000;w00000-Cou=1250.0,w00000-Flag=N;w01018-Avg=35.2,w01018-Flag=N"
SEGMENT = f"{HEADER};CP=&&{DATA}&&"


def framed(segment: str, crlf: str = "\r\n") -> str:
    """A packet around ``segment`` with a correct length field and Annex A CRC."""
    return f"##{len(segment):04d}{segment}{hj212.crc16_hex(segment.encode('ascii'))}{crlf}"


PACKET = framed(SEGMENT)


def refusal(packet: str | bytes, options: hj212.ParseOptions = STRICT) -> hj212.Hj212Error:
    with pytest.raises(hj212.Hj212Error) as caught:
        hj212.parse(packet, options)
    return caught.value


def test_base_packet_is_valid() -> None:
    assert hj212.parse(PACKET).cp.get("w01018-Avg") == "35.2"


FRAME_CASES: dict[str, tuple[Callable[[str], str], str, str, str]] = {
    "wrong_crc": (lambda p: p[:-6] + "0000\r\n", "crc", "CRC", "CRC declared 0000, computed "),
    "crc_not_hex": (lambda p: p[:-6] + "12G4\r\n", "crc", "CRC", "4 hexadecimal digits"),
    "length_too_big": (
        lambda p: p[:2] + f"{len(SEGMENT) + 1:04d}" + p[6:],
        "length",
        "length",
        "declares",
    ),
    "length_not_digits": (lambda p: p[:2] + "01A2" + p[6:], "length", "length", "4 decimal digits"),
    "truncated": (lambda p: p[:60], "length", "length", "data segment has"),
    "only_a_header": (lambda p: "##01", "length", "length", "too short"),
    "no_header": (lambda p: p[2:], "structure", "header", "'##'"),
    "no_crlf": (lambda p: p[:-2], "structure", "terminator", "CR LF"),
    "lf_only": (lambda p: p[:-2] + "\n", "length", "length", "data segment has"),
}


@pytest.mark.parametrize("case", FRAME_CASES, ids=list(FRAME_CASES))
def test_frame_fault_refused_with_its_kind(case: str) -> None:
    mutate, kind, field, text = FRAME_CASES[case]
    error = refusal(mutate(PACKET))
    assert (error.kind, error.field) == (kind, field)
    assert text in error.detail


def replaced(old: str, new: str) -> str:
    assert old in SEGMENT
    return framed(SEGMENT.replace(old, new, 1))


SEGMENT_CASES: dict[str, tuple[str, str, str, str]] = {
    # name: (packet, kind, field, text in detail)
    "qn_short": (
        replaced("QN=20240101010000000", "QN=2024010101000000"),
        "time",
        "QN",
        "17 digits",
    ),
    "qn_month_13": (replaced("QN=20240101", "QN=20241301"), "time", "QN", "not a real date"),
    "qn_missing": (replaced("QN=20240101010000000;", ""), "structure", "QN", "missing"),
    "unknown_st": (replaced("ST=32", "ST=99"), "field", "ST", "system code table"),
    "unknown_cn": (replaced("CN=2061", "CN=2099"), "field", "CN", "command code table"),
    "long_pw": (replaced("PW=123456", "PW=1234567"), "field", "PW", "up to 6 characters"),
    "mn_not_hex": (replaced("MN=010000A8", "MN=010000G8"), "field", "MN", "hex characters"),
    "mn_too_long": (replaced("MN=01", "MN=0101"), "field", "MN", "up to 24"),
    "flag_over_255": (replaced("Flag=5", "Flag=256"), "field", "Flag", "0-255"),
    "flag_not_integer": (replaced("Flag=5", "Flag=x"), "field", "Flag", "0-255"),
    "flag_leading_zero": (replaced("Flag=5", "Flag=05"), "field", "Flag", "leading zeros"),
    "flag_version_2025": (replaced("Flag=5", "Flag=9"), "field", "Flag", "version 2"),
    "flag_missing": (replaced(";Flag=5", ""), "structure", "Flag", "missing"),
    "split_without_parts": (replaced("Flag=5", "Flag=7"), "field", "Flag", "PNUM and PNO"),
    "parts_without_split": (replaced("Flag=5", "Flag=5;PNUM=2;PNO=1"), "field", "PNUM", "bit D"),
    "pno_over_pnum": (replaced("Flag=5", "Flag=7;PNUM=2;PNO=3"), "field", "PNO", "outside 1..2"),
    "pnum_not_digits": (
        replaced("Flag=5", "Flag=7;PNUM=x;PNO=1"),
        "field",
        "PNUM",
        "1 to 4 digits",
    ),
    "pno_missing": (replaced("Flag=5", "Flag=7;PNUM=2"), "structure", "PNO", "missing"),
    "value_not_number": (
        replaced("w01018-Avg=35.2", "w01018-Avg=abc"),
        "value",
        "w01018-Avg",
        "decimal",
    ),
    "value_exponent": (
        replaced("w01018-Avg=35.2", "w01018-Avg=3e2"),
        "value",
        "w01018-Avg",
        "decimal",
    ),
    "value_two_points": (
        replaced("w01018-Avg=35.2", "w01018-Avg=3.5.2"),
        "value",
        "w01018-Avg",
        "'3.5.2'",
    ),
    "value_empty": (replaced("w01018-Avg=35.2", "w01018-Avg="), "value", "w01018-Avg", "got ''"),
    "unknown_data_flag": (
        replaced("w01018-Flag=N", "w01018-Flag=X"),
        "value",
        "w01018-Flag",
        "data flag",
    ),
    "data_time_feb_30": (
        replaced("DataTime=20240101", "DataTime=20240230"),
        "time",
        "DataTime",
        "not a real",
    ),
    "data_time_short": (
        replaced("DataTime=20240101000000", "DataTime=202401010000"),
        "time",
        "DataTime",
        "14",
    ),
    "no_cp": (framed(HEADER + ";RtdInterval=30"), "structure", "CP", "'CP=&&'"),
    "cp_not_closed": (framed(f"{HEADER};CP=&&{DATA}"), "structure", "CP", "closed"),
    "ampersand_in_cp": (replaced("w01018-Avg=35.2", "w01018-Avg=3&5"), "structure", "CP", "'&'"),
    "item_without_equals": (
        replaced("w01018-Avg=35.2", "w01018-Avg"),
        "structure",
        "CP",
        "key=value",
    ),
    "empty_item": (replaced(",w01018-Flag", ",,w01018-Flag"), "structure", "CP", "empty item"),
    "header_order": (replaced("ST=32;CN=2061", "CN=2061;ST=32"), "structure", "ST", "out of place"),
    "field_name_case": (replaced("Flag=5", "FLAG=5"), "structure", "header", "'FLAG'"),
}


@pytest.mark.parametrize("case", SEGMENT_CASES, ids=list(SEGMENT_CASES))
def test_segment_fault_refused_with_its_kind_naming_the_field(case: str) -> None:
    packet, kind, field, text = SEGMENT_CASES[case]
    error = refusal(packet)
    assert (error.kind, error.field) == (kind, field)
    assert text in error.detail
    if field not in ("header", "CP"):
        assert field in error.detail


def test_return_codes_and_intervals_are_checked() -> None:
    base = "QN=20160801085857223;ST=91;CN=9011;PW=123456;MN=010000A8900016F000169DC0;Flag=4"
    error = refusal(framed(f"{base};CP=&&QnRtn=42&&"))
    assert (error.kind, error.field) == ("value", "QnRtn")
    error = refusal(framed(base.replace("CN=9011", "CN=1062") + ";CP=&&RtdInterval=3.5&&"))
    assert (error.kind, error.field) == ("value", "RtdInterval")


def test_value_error_offset_points_at_the_value_in_the_packet() -> None:
    packet = replaced("w01018-Avg=35.2", "w01018-Avg=abc")
    error = refusal(packet)
    assert error.offset is not None
    assert packet[error.offset : error.offset + 3] == "abc"
    assert f"(byte {error.offset})" in error.detail


def test_crc_error_offset_points_at_the_crc_field() -> None:
    packet = PACKET[:-6] + "0000\r\n"
    assert refusal(packet).offset == len(packet) - 6


def test_non_ascii_byte_refused_at_its_offset() -> None:
    packet = PACKET.encode("ascii").replace(b"PW=123456", b"PW=12\xe4\xb8\xad4")
    error = refusal(packet)
    assert (error.kind, error.offset) == ("structure", packet.index(b"\xe4"))
    assert "0xE4" in error.detail
    text_error = refusal(PACKET.replace("PW=123456", "PW=12中4"))
    assert "U+4E2D" in text_error.detail


def test_missing_crlf_accepted_only_by_the_lenient_option() -> None:
    packet = PACKET[:-2]
    assert refusal(packet).kind == "structure"
    message = hj212.parse(packet, LENIENT)
    assert message.crlf is False
    assert hj212.build(message) == packet


def test_segment_over_1024_characters_refused_unless_the_limit_is_lifted() -> None:
    values = ";".join(f"w{n:05d}-Avg=1.0" for n in range(80))
    packet = framed(f"{HEADER};CP=&&DataTime=20240101000000;{values}&&")
    error = refusal(packet)
    assert (error.kind, error.field) == ("length", "length")
    assert "limit of 1024" in error.detail
    assert hj212.parse(packet, LENIENT).cp.get("w00079-Avg") == "1.0"


def test_error_carries_a_translatable_template_and_its_params() -> None:
    error = refusal(replaced("w01018-Avg=35.2", "w01018-Avg=abc"))
    assert isinstance(error, DeltacapError)
    assert "{field}" in error.message and "{got!r}" in error.message
    assert error.params["field"] == "w01018-Avg"
    assert error.params["got"] == "abc"
    assert error.detail.startswith(error.message.format(**error.params))
    translated = error.render(lambda template: template.replace("expected", "应为"))
    assert "应为" in translated


def test_long_offending_values_are_shortened_in_the_detail() -> None:
    error = refusal(replaced("w01018-Avg=35.2", "w01018-Avg=" + "x" * 500))
    assert len(error.detail) < 200


def test_every_error_kind_is_a_subclass_of_hj212_error() -> None:
    kinds = {
        cls.kind
        for cls in (
            hj212.Hj212CrcError,
            hj212.Hj212LengthError,
            hj212.Hj212StructureError,
            hj212.Hj212FieldError,
            hj212.Hj212ValueError,
            hj212.Hj212TimeError,
            hj212.Hj212SplitError,
        )
    }
    assert kinds == {"crc", "length", "structure", "field", "value", "time", "split"}
