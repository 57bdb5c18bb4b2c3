"""The data segment of HJ 212-2017 6.3.2.

``QN=..;ST=..;CN=..;PW=..;MN=..;Flag=..;[PNUM=..;PNO=..;]CP=&&..&&``.

Header fields are ``key=value`` pairs separated by ``;``, in the standard's
order, field names case-sensitive (6.3.3.2.1). The CP data area (6.3.3) holds
``;``-separated groups of ``,``-separated ``key=value`` items; a ``;`` right
before the closing ``&&`` is tolerated (some devices send it).
"""

from __future__ import annotations

import re

from deltacap.domain.hj212 import errors as e
from deltacap.domain.hj212.cp_rules import check_cp
from deltacap.domain.hj212.message import CommandParameters, Message
from deltacap.domain.hj212.options import STRICT, ParseOptions
from deltacap.domain.hj212.validate import header_message

CP_OPEN = "CP=&&"
CP_CLOSE = "&&"
HEADER_NAMES = ("QN", "ST", "CN", "PW", "MN", "Flag", "PNUM", "PNO")
HEADER_ORDER: dict[str, int] = {name: index for index, name in enumerate(HEADER_NAMES)}

# Fast path for the full 2017 header in order; it accepts exactly what _header_fields accepts.
_HEADER_2017 = re.compile(
    r"QN=([^;&]*);ST=([^;&]*);CN=([^;&]*);PW=([^;&]*);MN=([^;&]*);Flag=([^;&]*)"
    r"(?:;PNUM=([^;&]*);PNO=([^;&]*))?"
)
_ITEM = re.compile(r"(?:^|,)([^,=]+)=([^,]*)")

HeaderValues = tuple[str | None, ...]


def parse_segment(segment: str, options: ParseOptions = STRICT) -> Message:
    """Parse and check a data segment (without ``##``, length, CRC or CR LF).

    Raises Hj212StructureError, Hj212FieldError, Hj212ValueError or
    Hj212TimeError; offsets in errors count from the segment's first character.
    """
    return decode_segment(segment, options)


def decode_segment(
    segment: str,
    options: ParseOptions,
    *,
    offset: int = 0,
    crc_lowercase: bool = False,
    crlf: bool = True,
) -> Message:
    """``parse_segment`` for a segment found ``offset`` characters into its packet."""
    try:
        head, body = _split_segment(segment)
        cp = _command_parameters(body)
        message = header_message(
            _header_values(head), options, cp, crc_lowercase=crc_lowercase, crlf=crlf
        )
        check_cp(cp, options)
    except e.Hj212Error as error:
        raise _placed(error, segment, offset) from None
    return message


def _split_segment(segment: str) -> tuple[str, str]:
    at = segment.find(";" + CP_OPEN)
    if at >= 0:
        head, body_start = segment[:at], at + 1 + len(CP_OPEN)
    elif segment.startswith(CP_OPEN):
        head, body_start = "", len(CP_OPEN)
    else:
        raise e.Hj212StructureError(e.NO_CP, field="CP")
    if len(segment) < body_start + len(CP_CLOSE) or not segment.endswith(CP_CLOSE):
        raise e.Hj212StructureError(e.CP_NOT_CLOSED, field="CP")
    return head, segment[body_start : -len(CP_CLOSE)]


def _header_values(head: str) -> HeaderValues:
    """Header values in the order QN, ST, CN, PW, MN, Flag, PNUM, PNO; None where absent."""
    match = _HEADER_2017.fullmatch(head)
    if match is not None:
        return match.groups()
    fields = _header_fields(head)
    return tuple(fields.get(name) for name in HEADER_NAMES)


def _header_fields(head: str) -> dict[str, str]:
    """Header ``key=value`` pairs, each known and in the order of 6.3.2, none repeated."""
    fields: dict[str, str] = {}
    if not head:
        return fields
    if "&" in head:
        raise e.Hj212StructureError(e.HEADER_AMPERSAND, field="header")
    last = -1
    for item in head.split(";"):
        key, eq, value = item.partition("=")
        if not eq:
            raise e.Hj212StructureError(e.ITEM_NOT_PAIR, field="header", got=item)
        index = HEADER_ORDER.get(key)
        if index is None:
            raise e.Hj212StructureError(e.UNKNOWN_HEADER_FIELD, field="header", got=key)
        if index <= last:
            raise e.Hj212StructureError(e.HEADER_ORDER, field=key)
        fields[key] = value
        last = index
    return fields


def _command_parameters(body: str) -> CommandParameters:
    """The CP data area between ``CP=&&`` and ``&&`` as groups of items (6.3.3)."""
    if "&" in body:
        raise e.Hj212StructureError(e.CP_AMPERSAND, field="CP")
    trailing = body.endswith(";")
    if trailing:
        body = body[:-1]
    if not body:
        return CommandParameters((), trailing)
    groups = []
    for text in body.split(";"):
        items = _ITEM.findall(text)
        # Each match starts at the group's start or right after a ",": as many matches
        # as items means every item is a well-formed key=value.
        if len(items) != text.count(",") + 1:
            _raise_item_fault(text)
        groups.append(tuple(items))
    return CommandParameters(tuple(groups), trailing)


def _raise_item_fault(group: str) -> None:
    """Raise the first malformed item of a group that the pattern did not take whole."""
    for item in group.split(","):
        key, eq, _ = item.partition("=")
        if not item:
            raise e.Hj212StructureError(e.EMPTY_ITEM, field="CP")
        if not key or not eq:
            raise e.Hj212StructureError(e.ITEM_NOT_PAIR, field="CP", got=item)
    raise AssertionError(f"group refused by the pattern but not item by item: {group!r}")


def _placed(error: e.Hj212Error, segment: str, offset: int) -> e.Hj212Error:
    """The error with its byte offset in the packet, found from the field it names."""
    if error.offset is not None:
        return error.with_offset(error.offset + offset)
    position = _locate(segment, error.field)
    return error if position is None else error.with_offset(position + offset)


def _locate(segment: str, field: str | None) -> int | None:
    if field is None or field == "header":
        return None
    if field == "CP":
        position = segment.find(CP_OPEN)
        return None if position < 0 else position
    match = re.search(r"(?:^|[;,&])" + re.escape(field) + "=", segment)
    return None if match is None else match.end()
