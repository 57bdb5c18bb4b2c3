"""CRC16 of HJ 212-2017 Annex A (not the Modbus CRC-16).

Annex A, per byte: ``crc = (crc >> 8) ^ byte``, then 8 times "shift right, XOR
0xA001 if the bit shifted out was 1"; start at 0xFFFF; print 4 hex digits, high
byte first. Modbus instead does ``crc ^= byte`` and fails on every real packet.

Why this is fast in pure Python: after ``(crc >> 8) ^ byte`` the register holds
only 8 significant bits, so the step is a table lookup ``T[hi ^ byte]`` and the
state carried from byte to byte is the high byte ``hi``. The map
``x -> T[x] >> 8`` is linear over GF(2) and has order 8 (applying it 8 times is
the identity). Hence a byte's effect on the final value depends only on its
distance from the end modulo 8: XOR-folding the message into 8 bytes (a few
big-integer operations, done in C) and 8 table lookups give the same result as
the byte-by-byte loop. ``tests/domain/hj212/test_hj212_crc.py`` checks the identity
against the Annex A loop on arbitrary data.

Where the install built the compiled scanner (``_scan.c``), ``crc16`` uses its
C version of the same fold; ``crc16_folded`` is the pure-Python one, used otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

_POLY = 0xA001


def _shift8(register: int) -> int:
    for _ in range(8):
        lsb = register & 1
        register >>= 1
        if lsb:
            register ^= _POLY
    return register


# T[x]: the register after the 8 shifts of Annex A steps 4-7, starting from x (0..255).
_TABLE: tuple[int, ...] = tuple(_shift8(x) for x in range(256))
_HIGH: tuple[int, ...] = tuple(t >> 8 for t in _TABLE)


def _power(k: int) -> tuple[int, ...]:
    """The map x -> hi(T[x]) applied k times, as a 256-entry table."""
    table = tuple(range(256))
    for _ in range(k):
        table = tuple(_HIGH[x] for x in table)
    return table


_ORDER = 8
_POWERS = tuple(_power(k) for k in range(_ORDER))
if _POWERS[0] != _power(_ORDER):  # pragma: no cover - a property of 0xA001, checked at import
    raise AssertionError("HJ 212 CRC: the byte map does not have order 8")

# Byte p of the folded word (p = 0 is the last byte folded) carries bytes whose
# distance to the final byte is p + 1 (mod 8).
_FOLDED = tuple(_POWERS[(p + 1) % _ORDER] for p in range(_ORDER))
# Contribution of the initial high byte 0xFF after n steps, by n mod 8.
_START = tuple(_POWERS[n][0xFF] for n in range(_ORDER))
# _MASKS[k] = 2**(64 * 2**k) - 1, for the halving fold of data up to 2**(k + 3) bytes.
_MASKS = tuple((1 << (64 << k)) - 1 for k in range(24))


def crc16(data: bytes) -> int:
    """CRC16 of ``data`` exactly as HJ 212-2017 Annex A defines it (0..0xFFFF)."""
    return _crc16(data)


def crc16_folded(data: bytes) -> int:
    """``crc16`` in pure Python: the XOR fold and 8 table lookups described above."""
    size = len(data)
    if size == 0:
        return 0xFFFF
    high = _START[(size - 1) % _ORDER] ^ _fold_contribution(data[:-1])
    return _TABLE[high ^ data[-1]]


def crc16_hex(data: bytes) -> str:
    """The CRC as it is written in a packet: 4 upper-case hex digits, high byte first."""
    return f"{crc16(data):04X}"


_crc16: Callable[[bytes], int]
try:
    from deltacap.domain.hj212._scan import crc16 as _crc16
except ImportError:  # built without a C compiler
    _crc16 = crc16_folded


def _fold_contribution(data: bytes) -> int:
    """XOR of every byte's effect on the high byte before the final step."""
    word = _fold64(int.from_bytes(data, "big"), len(data))
    high = 0
    for table in _FOLDED:
        high ^= table[word & 0xFF]
        word >>= 8
    return high


def _fold64(value: int, size: int) -> int:
    """Fold a big-endian integer of ``size`` bytes to 64 bits by XOR, byte positions kept mod 8."""
    level = max(0, (size * 8 - 1).bit_length() - 6)
    while level > 0:
        level -= 1
        value = (value >> (64 << level)) ^ (value & _MASKS[level])
    return value
