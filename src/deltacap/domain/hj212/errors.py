"""Errors of the HJ 212 codec: one family, one subclass per kind of fault.

Every error carries a machine ``kind`` (``"crc"``, ``"length"``, ``"structure"``,
``"field"``, ``"value"``, ``"time"``, ``"split"``), a translatable template
(``message``, marked with ``gettext_noop``) and its ``params``, as every
DeltacapError does. ``detail`` is the English text. ``field`` names the packet
field or CP key at fault and ``offset`` is the byte offset in the packet where
it applies, when known; both are also in ``params``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from deltacap.domain.errors import DeltacapError, gettext_noop

_SHOWN = 40  # characters of an offending value quoted in a message


class Hj212Error(DeltacapError):
    """A packet, message or split group refused by the HJ 212 codec."""

    kind: ClassVar[str] = "structure"
    template: ClassVar[str] = gettext_noop("The HJ 212 packet is not valid.")

    def __init__(
        self,
        template: str | None = None,
        *,
        field: str | None = None,
        offset: int | None = None,
        **params: Any,
    ) -> None:
        self.offset = offset
        got = params.get("got")
        if isinstance(got, str) and len(got) > _SHOWN:
            params["got"] = got[:_SHOWN] + "..."
        super().__init__(template, field=field, offset=offset, **params)
        self.params = {"field": field, **self.params}

    @property
    def message(self) -> str:
        """The untranslated template, e.g. ``"CRC declared {declared}, computed {computed}"``."""
        return self.message_template

    @property
    def detail(self) -> str:
        """The English text: the template filled with its parameters."""
        return self.render()

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The message, translated by ``translate``, with the byte offset when known."""
        text = translate(self.message_template).format(**{"field": self.field, **self.params})
        if self.offset is None:
            return text
        return translate(AT_BYTE).format(detail=text, offset=self.offset)

    def with_offset(self, offset: int) -> Hj212Error:
        """The same error, placed at ``offset`` bytes into the packet."""
        params = {k: v for k, v in self.params.items() if k not in ("field", "offset")}
        return type(self)(self.message_template, field=self.field, offset=offset, **params)


class Hj212CrcError(Hj212Error):
    """The CRC field is not 4 hex digits or does not match the data segment."""

    kind = "crc"


class Hj212LengthError(Hj212Error):
    """The length field is malformed, disagrees with the segment, or exceeds the limit."""

    kind = "length"


class Hj212StructureError(Hj212Error):
    """The packet or data segment does not have the standard's shape."""

    kind = "structure"


class Hj212FieldError(Hj212Error):
    """A data-segment field (ST, CN, PW, MN, Flag, PNUM, PNO) has a value out of its domain."""

    kind = "field"


class Hj212ValueError(Hj212Error):
    """A CP value is not of its key's type (number, data flag, return code)."""

    kind = "value"


class Hj212TimeError(Hj212Error):
    """A timestamp (QN, DataTime, SampleTime ...) is malformed or not a real instant."""

    kind = "time"


class Hj212SplitError(Hj212Error):
    """A part of a split message (PNUM/PNO) is inconsistent with its group."""

    kind = "split"


# Templates. Kept here, together, so they can be handed to translators as one catalogue.
AT_BYTE = gettext_noop("{detail} (byte {offset})")
NOT_ASCII = gettext_noop("packet: expected ASCII characters only, got {byte}")
NO_HEADER = gettext_noop("packet: expected the header '##', got {got!r}")
TRUNCATED = gettext_noop("packet: {size} characters is too short for a frame (at least {minimum})")
NO_CRLF = gettext_noop("packet: expected to end with CR LF, got {got!r}")
LENGTH_NOT_DIGITS = gettext_noop("length field: expected 4 decimal digits, got {got!r}")
LENGTH_MISMATCH = gettext_noop(
    "length field declares {declared} characters, data segment has {actual}"
)
LENGTH_OVER_LIMIT = gettext_noop("data segment of {actual} characters exceeds the limit of {limit}")
LENGTH_UNREPRESENTABLE = gettext_noop(
    "data segment of {actual} characters does not fit a 4-digit length field"
)
CRC_NOT_HEX = gettext_noop("CRC: expected 4 hexadecimal digits, got {got!r}")
CRC_MISMATCH = gettext_noop("CRC declared {declared}, computed {computed}")
NO_CP = gettext_noop("data segment: expected 'CP=&&' after the header fields")
CP_NOT_CLOSED = gettext_noop("data segment: expected the data area to be closed by '&&'")
CP_AMPERSAND = gettext_noop("data area: '&' is only allowed in the opening and closing '&&'")
HEADER_AMPERSAND = gettext_noop("header: '&' is not allowed before 'CP=&&'")
ITEM_NOT_PAIR = gettext_noop("item {got!r}: expected key=value")
EMPTY_ITEM = gettext_noop("data area: empty item between separators")
UNKNOWN_HEADER_FIELD = gettext_noop(
    "header: unknown field {got!r} (expected QN, ST, CN, PW, MN, Flag, PNUM, PNO)"
)
HEADER_ORDER = gettext_noop(
    "header: field {field} out of place (expected order QN;ST;CN;PW;MN;Flag;PNUM;PNO)"
)
MISSING_FIELD = gettext_noop("field {field}: required but missing")
UNSAFE_CHARACTER = gettext_noop("field {field}: value {got!r} contains a separator (; , = &)")
UNKNOWN_CODE = gettext_noop("field {field}: {got!r} is not a code of the {table}")
BAD_SHAPE = gettext_noop("field {field}: expected {expected}, got {got!r}")
FLAG_NOT_INTEGER = gettext_noop(
    "field Flag: expected an integer 0-255 without leading zeros, got {got!r}"
)
FLAG_VERSION = gettext_noop(
    "field Flag: version {version} (bits V5-V0) is not accepted, expected one of {accepted}"
)
SPLIT_WITHOUT_FIELDS = gettext_noop("field Flag: bit D is set but PNUM and PNO are missing")
FIELDS_WITHOUT_SPLIT = gettext_noop("field {field}: present but bit D of Flag is not set")
PNO_OUT_OF_RANGE = gettext_noop("field PNO: packet number {pno} is outside 1..{pnum}")
TIME_SHAPE = gettext_noop("{field}: expected a timestamp of {expected} digits, got {got!r}")
TIME_INVALID = gettext_noop("{field}: {got!r} is not a real date and time")
NOT_A_NUMBER = gettext_noop("{field}: expected a decimal number like -12.5, got {got!r}")
NOT_AN_INTEGER = gettext_noop("{field}: expected a whole number, got {got!r}")
UNKNOWN_DATA_FLAG = gettext_noop("{field}: expected a data flag among {accepted}, got {got!r}")
UNKNOWN_RETURN_CODE = gettext_noop("{field}: {got!r} is not a code of the {table}")
SPLIT_PNUM_CHANGED = gettext_noop(
    "split group {group}: PNUM {pnum} differs from the group's {expected}"
)
SPLIT_TOO_MANY_PARTS = gettext_noop(
    "split group {group}: PNUM {pnum} exceeds the limit of {limit} parts"
)
SPLIT_DUPLICATE_PNO = gettext_noop("split group {group}: packet number {pno} arrived twice")
SPLIT_DATA_TIME = gettext_noop(
    "split group {group}: DataTime {got!r} differs from the group's {expected!r}"
)
RESPONSE_NEEDS_QN = gettext_noop(
    "field QN: a response echoes the request's QN, but the request has none"
)
