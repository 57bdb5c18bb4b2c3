"""CRC16 of HJ 212-2017 Annex A: the fast fold against the standard's own loop."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deltacap.domain.hj212 import crc16, crc16_hex
from deltacap.domain.hj212.crc import crc16_folded

# crc16 is the compiled fold where the install built it; crc16_folded is the Python one.
IMPLEMENTATIONS = [crc16, crc16_folded]
IMPLEMENTATION_IDS = ["crc16", "crc16_folded"]

ANNEX_A_SEGMENT = (
    b"QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;"
    b"Flag=5;CP=&&RtdInterval=30&&"
)


def annex_a_crc16(data: bytes) -> int:
    """HJ 212-2017 Annex A step by step (CRC16_Checkout), the oracle for the fast version."""
    register = 0xFFFF
    for byte in data:
        register = (register >> 8) ^ byte
        for _ in range(8):
            check = register & 0x0001
            register >>= 1
            if check == 0x0001:
                register ^= 0xA001
    return register


def test_crc_of_annex_a_example_is_1c80() -> None:
    assert crc16_hex(ANNEX_A_SEGMENT) == "1C80"


def test_crc_of_check_string_is_2f80_not_the_modbus_4b37() -> None:
    assert crc16(b"123456789") == 0x2F80


def test_crc_of_empty_data_is_the_initial_register() -> None:
    assert crc16(b"") == 0xFFFF


def test_crc_hex_is_four_upper_case_digits_high_byte_first() -> None:
    assert crc16_hex(b"A") == f"{annex_a_crc16(b'A'):04X}"
    assert len(crc16_hex(b"A")) == 4


@pytest.mark.parametrize("crc", IMPLEMENTATIONS, ids=IMPLEMENTATION_IDS)
@given(data=st.binary(max_size=3000))
def test_fast_crc_equals_annex_a_loop_on_any_data(crc: Callable[[bytes], int], data: bytes) -> None:
    assert crc(data) == annex_a_crc16(data)


@pytest.mark.parametrize("crc", IMPLEMENTATIONS, ids=IMPLEMENTATION_IDS)
@given(
    size=st.integers(min_value=0, max_value=20_000), fill=st.integers(min_value=0, max_value=255)
)
def test_fast_crc_equals_annex_a_loop_at_every_length(
    crc: Callable[[bytes], int], size: int, fill: int
) -> None:
    data = bytes([fill]) * size + bytes(range(size % 256))
    assert crc(data) == annex_a_crc16(data)


@pytest.mark.parametrize("crc", IMPLEMENTATIONS, ids=IMPLEMENTATION_IDS)
def test_crc_of_the_standards_examples_holds_for_every_implementation(
    crc: Callable[[bytes], int],
) -> None:
    assert crc(ANNEX_A_SEGMENT) == 0x1C80
    assert crc(b"123456789") == 0x2F80
    assert crc(b"") == 0xFFFF
