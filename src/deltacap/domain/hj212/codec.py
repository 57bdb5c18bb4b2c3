"""Packets in, messages out, and back: ``parse``, ``build`` and ``encode``.

``parse`` checks the frame (6.3.1 and Annex A), then the data segment (6.3.2)
and its CP data area (6.3.3), under ParseOptions (STRICT by default).

Two paths give the same result. The general path (``parse_general``: frame.py,
then segment.py) names the first fault of a bad packet. The fast path lets the
compiled scanner ``_scan`` (built from ``_scan.c`` when a C compiler is present)
frame the packet, check its CRC and split its header and CP data area in one
pass; the field and value rules (validate.py, cp_rules.py) are the same Python
code on both paths. The scanner only recognises well-formed packets: for
anything else, or when a field rule refuses, ``parse`` runs the general path,
which raises the error. Without the compiled scanner only the general path runs.
``build``
writes a message as a packet; for a message that ``parse`` returned it gives
the original packet byte for byte (CRC letter case and CR LF included).
"""

from __future__ import annotations

from collections.abc import Callable

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.cp_rules import check_items
from deltacap.domain.hj212.frame import assemble, split_frame
from deltacap.domain.hj212.message import CommandParameters, Message
from deltacap.domain.hj212.options import STRICT, ParseOptions
from deltacap.domain.hj212.segment import CP_CLOSE, CP_OPEN, decode_segment
from deltacap.domain.hj212.validate import header_message

# Header values (QN ST CN PW MN Flag PNUM PNO, None where absent), CP groups, every CP key
# and every CP value in the order sent, which values are numbers (a byte 1 or 0 each),
# trailing ";", CRC in lower case, CR LF, segment length.
Scanned = tuple[
    tuple[str | None, ...],
    tuple[tuple[tuple[str, str], ...], ...],
    tuple[str, ...],
    tuple[str, ...],
    bytes,
    bool,
    bool,
    bool,
    int,
]
Scanner = Callable[[bytes], Scanned | None]

_compiled_scan: Scanner | None
try:
    from deltacap.domain.hj212._scan import scan as _compiled_scan
except ImportError:  # built without a C compiler: the general path alone, same results
    _compiled_scan = None

# The scanner ``parse`` uses; None means the general path only (tests switch it off).
scanner: Scanner | None = _compiled_scan

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
    scan = scanner
    if scan is not None:
        if isinstance(packet, str) and packet.isascii():
            packet = packet.encode("ascii")
        found = scan(packet) if type(packet) is bytes else None
        if found is not None:
            message = _checked(found, options)
            if message is not None:
                return message
    return parse_general(packet, options)


def parse_general(packet: bytes | str, options: ParseOptions = STRICT) -> Message:
    """``parse`` without the compiled scanner: the frame, then the segment, in Python."""
    frame = split_frame(packet, options)
    return decode_segment(
        frame.segment,
        options,
        offset=_SEGMENT_START,
        crc_lowercase=frame.crc != frame.crc.upper(),
        crlf=frame.crlf,
    )


def _checked(found: Scanned, options: ParseOptions) -> Message | None:
    """The message of a scanned packet, or None when ``options`` or a field rule refuse it."""
    values, groups, cp_keys, cp_values, numeric, trailing, crc_lowercase, crlf, size = found
    limit = options.max_segment_length
    if (limit is not None and size > limit) or (options.require_crlf and not crlf):
        return None
    cp = CommandParameters(groups, trailing)
    try:
        message = header_message(values, options, cp, crc_lowercase=crc_lowercase, crlf=crlf)
        if cp_keys:
            check_items(cp_keys, cp_values, options, numeric)
    except e.Hj212Error:
        return None  # the general path raises it, with its byte offset
    return message


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
