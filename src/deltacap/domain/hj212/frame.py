"""The packet frame of HJ 212-2017 6.3.1 (table 2): ``##``, length, data segment, CRC, CR LF.

A frame is checked in this order, and the first fault is raised: ASCII only,
header ``##``, length field of 4 decimal digits, declared length equal to the
data segment's, CRC of 4 hex digits equal to the Annex A CRC of the segment
(compared case-insensitively), segment within the length limit, and the CR LF
terminator. The packet is anchored at both ends: the segment is what lies
between the length field and the last 4 characters before CR LF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.crc import crc16
from deltacap.domain.hj212.options import STRICT, ParseOptions

HEADER = "##"
TERMINATOR = "\r\n"
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_MIN_FRAME = len(HEADER) + 4 + 4  # header, length field, CRC; the segment may be empty
_MAX_LENGTH_FIELD = 9999


@dataclass(frozen=True, slots=True)
class Frame:
    """A packet whose framing checked out: its data segment, CRC as sent, and CR LF or not."""

    segment: str
    crc: str
    crlf: bool


def split_frame(packet: bytes | str, options: ParseOptions = STRICT) -> Frame:
    """Check the frame of ``packet`` and return its parts.

    Raises Hj212StructureError (not ASCII, no ``##``, no CR LF when required),
    Hj212LengthError (length field malformed, wrong, or over the limit) or
    Hj212CrcError (CRC malformed or wrong).
    """
    text, raw = _as_text(packet)
    if not text.startswith(HEADER):
        raise e.Hj212StructureError(e.NO_HEADER, field="header", offset=0, got=text[:2])
    crlf = text.endswith(TERMINATOR)
    end = len(text) - 2 if crlf else len(text)
    segment = _segment(text, end)
    crc_text = text[end - 4 : end]
    _check_crc(raw[6 : end - 4], crc_text, end - 4)
    _check_limit(len(segment), options)
    if not crlf and options.require_crlf:
        raise e.Hj212StructureError(e.NO_CRLF, field="terminator", offset=end, got=text[-2:])
    return Frame(segment, crc_text, crlf)


def assemble(segment: str, *, crc_lowercase: bool = False, crlf: bool = True) -> str:
    """Frame a data segment: ``##``, 4-digit length, segment, Annex A CRC, CR LF.

    Raises Hj212StructureError for non-ASCII text and Hj212LengthError for a
    segment longer than 9999 characters (the length field has 4 digits).
    """
    if not segment.isascii():
        raise _not_ascii_text(segment, 6)
    if len(segment) > _MAX_LENGTH_FIELD:
        raise e.Hj212LengthError(e.LENGTH_UNREPRESENTABLE, field="length", actual=len(segment))
    crc = crc16(segment.encode("ascii"))
    crc_text = f"{crc:04x}" if crc_lowercase else f"{crc:04X}"
    return f"{HEADER}{len(segment):04d}{segment}{crc_text}{TERMINATOR if crlf else ''}"


def _as_text(packet: bytes | str) -> tuple[str, bytes]:
    if isinstance(packet, str):
        if not packet.isascii():
            raise _not_ascii_text(packet, 0)
        return packet, packet.encode("ascii")
    raw = bytes(packet)
    try:
        return raw.decode("ascii"), raw
    except UnicodeDecodeError as error:
        byte = f"0x{raw[error.start]:02X}"
        raise e.Hj212StructureError(
            e.NOT_ASCII, field="packet", offset=error.start, byte=byte
        ) from None


def _not_ascii_text(text: str, base: int) -> e.Hj212StructureError:
    index = next(i for i, char in enumerate(text) if not char.isascii())
    char = f"U+{ord(text[index]):04X}"
    return e.Hj212StructureError(e.NOT_ASCII, field="packet", offset=base + index, byte=char)


def _segment(text: str, end: int) -> str:
    if end < _MIN_FRAME:
        raise e.Hj212LengthError(e.TRUNCATED, field="length", size=len(text), minimum=_MIN_FRAME)
    length_text = text[2:6]
    if not length_text.isdigit():  # the text is ASCII here, so only 0-9 pass
        raise e.Hj212LengthError(e.LENGTH_NOT_DIGITS, field="length", offset=2, got=length_text)
    segment = text[6 : end - 4]
    if int(length_text) != len(segment):
        raise e.Hj212LengthError(
            e.LENGTH_MISMATCH, field="length", offset=2, declared=length_text, actual=len(segment)
        )
    return segment


def _check_crc(segment: bytes, crc_text: str, offset: int) -> None:
    if _HEX4.fullmatch(crc_text) is None:
        raise e.Hj212CrcError(e.CRC_NOT_HEX, field="CRC", offset=offset, got=crc_text)
    computed = crc16(segment)
    if int(crc_text, 16) != computed:
        raise e.Hj212CrcError(
            e.CRC_MISMATCH,
            field="CRC",
            offset=offset,
            declared=crc_text,
            computed=f"{computed:04X}",
        )


def _check_limit(size: int, options: ParseOptions) -> None:
    limit = options.max_segment_length
    if limit is not None and size > limit:
        raise e.Hj212LengthError(
            e.LENGTH_OVER_LIMIT, field="length", offset=6, actual=size, limit=limit
        )
