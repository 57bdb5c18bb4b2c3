"""Packets in, messages out, and back: ``parse``, ``build`` and ``encode``.

``parse`` checks the frame (6.3.1 and Annex A), then the data segment (6.3.2)
and its CP data area (6.3.3), under ParseOptions (STRICT by default). ``build``
writes a message as a packet; for a message that ``parse`` returned it gives
the original packet byte for byte (CRC letter case and CR LF included).
"""

from __future__ import annotations

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.frame import assemble, split_frame
from deltacap.domain.hj212.message import Message
from deltacap.domain.hj212.options import STRICT, ParseOptions
from deltacap.domain.hj212.segment import CP_CLOSE, CP_OPEN, decode_segment

_SEGMENT_START = 6  # "##" and the 4-digit length field
# What the parser could not read back: it splits the header on ";", the data area on ";" and ","
# and each item at its first "=", and refuses "&" outside the CP delimiters.
_HEADER_FORBIDDEN = frozenset(";&")
_KEY_FORBIDDEN = frozenset(";,=&")
_VALUE_FORBIDDEN = frozenset(";,&")


def parse(packet: bytes | str, options: ParseOptions = STRICT) -> Message:
    """Parse and check one complete packet, from ``##`` to CR LF.

    Raises a subclass of Hj212Error: Hj212CrcError, Hj212LengthError,
    Hj212StructureError, Hj212FieldError, Hj212ValueError or Hj212TimeError.
    Error offsets count bytes from the start of ``packet``.
    """
    frame = split_frame(packet, options)
    return decode_segment(
        frame.segment,
        options,
        offset=_SEGMENT_START,
        crc_lowercase=frame.crc != frame.crc.upper(),
        crlf=frame.crlf,
    )


def build_segment(message: Message) -> str:
    """The data segment of ``message``: header fields in the standard's order, then CP.

    Raises Hj212StructureError when a value contains a separator and could not be parsed back.
    """
    for name, value in message.header():
        _check_safe(name, value, _HEADER_FORBIDDEN)
    for key, value in message.cp.items():
        if not key:
            raise e.Hj212StructureError(e.EMPTY_ITEM, field="CP")
        _check_safe(key, key, _KEY_FORBIDDEN)
        _check_safe(key, value, _VALUE_FORBIDDEN)
    header = "".join(f"{name}={value};" for name, value in message.header())
    return f"{header}{CP_OPEN}{message.cp.text()}{CP_CLOSE}"


def build(message: Message) -> str:
    """The packet of ``message``: ``##``, length, segment, CRC16 (Annex A), CR LF.

    The CRC is upper case and CR LF is written unless the message was parsed
    from a packet with a lower-case CRC or without CR LF. Raises
    Hj212StructureError (separator or non-ASCII text in a value) or
    Hj212LengthError (segment longer than 9999 characters).
    """
    return assemble(build_segment(message), crc_lowercase=message.crc_lowercase, crlf=message.crlf)


def encode(message: Message) -> bytes:
    """``build(message)`` as ASCII bytes, ready for a socket."""
    return build(message).encode("ascii")


def _check_safe(field: str, value: str, forbidden: frozenset[str]) -> None:
    if not forbidden.isdisjoint(value):
        raise e.Hj212StructureError(e.UNSAFE_CHARACTER, field=field, got=value)
