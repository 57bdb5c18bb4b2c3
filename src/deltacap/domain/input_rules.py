"""Rules for what people type, send or import: one set, applied by every entry point (the
API's input types in ``deltacap.inputs``, page forms, the Excel import).

Text. Refused in every field:

- a lone UTF-16 surrogate (``"\\ud800"`` in JSON): not a character, and it cannot be
  stored or sent back as UTF-8;
- control characters: C0 (U+0000-U+001F) and DEL, C1 (U+0080-U+009F). Tab, line feed
  and carriage return are allowed where a field takes several lines (notes, reasons);
  elsewhere they are refused too. A NUL cannot be stored in PostgreSQL and a control
  character breaks every Excel export that includes it;
- text with nothing visible in it that is not plain white space: zero-width and other
  format characters (Unicode category Cf), combining marks with nothing to sit on, the
  blank "filler" letters (a name of zero-width spaces reads as no name at all). Plain
  white space alone is left to each field (a blank optional field is empty).

Numbers. A number is a JSON number or text of ASCII digits (``12``, ``-3``, ``0.5``,
``1e3``): never ``true``/``false``, never full-width or other scripts' digits (``１２``),
never NaN or infinity. Amounts have a declared precision and range: a value with more
decimals than are stored is refused rather than rounded (0.0001 t is not silently 0), and
a negative zero reads as zero.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from deltacap.domain.errors import InvalidInput, gettext_noop

LINE_CHARACTERS = frozenset("\t\n\r")
# Letters that draw nothing (Hangul fillers, braille blank, the combining grapheme joiner).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class Fault:
    """Why a value is refused: a code (also the API's error type), the message template
    (translated at the edge) and its parameters."""

    code: str
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def error(self, field: str | None) -> BadInput:
        return BadInput(self, field)


class BadInput(InvalidInput):
    """An input breaks one of these rules; ``fault`` says which (``field``: where)."""

    def __init__(self, fault: Fault, field: str | None = None) -> None:
        super().__init__(fault.template, field=field, **fault.params)
        self.fault = fault


SURROGATE = gettext_noop(
    "This text contains a character that is not valid Unicode (a lone surrogate)."
)
CONTROL = gettext_noop(
    "Control characters such as {character} are not accepted; remove them and try again."
)
LINE_BREAK = gettext_noop("Line breaks and tabs are not accepted in this field.")
INVISIBLE = gettext_noop(
    "Enter visible text: this has only invisible characters (such as zero-width spaces)."
)
TOO_LONG = gettext_noop("At most {max_length} characters.")

# Templates by fault code, for the entry points that translate an error by its code.
TEXT_TEMPLATES = {
    "text_surrogate": SURROGATE,
    "text_control": CONTROL,
    "text_line_break": LINE_BREAK,
    "text_invisible": INVISIBLE,
}


def _is_surrogate(character: str) -> bool:
    return "\ud800" <= character <= "\udfff"


def _is_control(character: str) -> bool:
    point = ord(character)
    return point < 0x20 or 0x7F <= point <= 0x9F


def _is_invisible(character: str) -> bool:
    return character in _BLANK_LETTERS or unicodedata.category(character) in _INVISIBLE_CATEGORIES


def character_name(character: str) -> str:
    """``U+001B`` for ESC: how a message names a character that cannot be shown."""
    return f"U+{ord(character):04X}"


def text_fault(value: str, *, multiline: bool = False) -> Fault | None:
    """The first rule ``value`` breaks, or None. ``multiline``: tab and line breaks allowed."""
    visible = hidden = False
    for character in value:
        if _is_surrogate(character):
            return Fault("text_surrogate", SURROGATE)
        if character in LINE_CHARACTERS:
            if not multiline:
                return Fault("text_line_break", LINE_BREAK)
            continue
        if _is_control(character):
            return Fault("text_control", CONTROL, {"character": character_name(character)})
        if character.isspace():
            continue
        if _is_invisible(character):
            hidden = True
        else:
            visible = True
    if hidden and not visible:
        return Fault("text_invisible", INVISIBLE)
    return None


def check_text(
    value: str, field: str, *, multiline: bool = False, max_length: int | None = None
) -> str:
    """``value`` unchanged if it is acceptable text. Raises InvalidInput naming ``field``."""
    fault = text_fault(value, multiline=multiline)
    if fault is not None:
        raise fault.error(field)
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(TOO_LONG, field=field, max_length=max_length)
    return value


# --- numbers -------------------------------------------------------------------------

_DECIMAL_TEXT = re.compile(
    r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,6})?", re.ASCII
)
_WHOLE_TEXT = re.compile(r"[+-]?[0-9]{1,30}", re.ASCII)

NOT_A_NUMBER = gettext_noop("Enter a number (digits 0-9, a decimal point, an optional sign).")
NOT_WHOLE = gettext_noop("Enter a whole number (digits 0-9).")
PLACES = gettext_noop("At most {places} decimal places.")
# The same words as the API's own range errors (pydantic's ge/le), by the same codes.
AT_LEAST = gettext_noop("Enter a number of at least {ge}.")
AT_MOST = gettext_noop("Enter a number of at most {le}.")

NUMBER_TEMPLATES = {
    "number_parsing": NOT_A_NUMBER,
    "whole_number_parsing": NOT_WHOLE,
    "number_places": PLACES,
    "greater_than_equal": AT_LEAST,
    "less_than_equal": AT_MOST,
}


def is_number_text(text: str) -> bool:
    """Whether ``text`` is a number in ASCII digits (``12``, ``-0.5``, ``1e3``, spaces
    around): the check for the parsers that otherwise take ``Decimal("１２")`` as 12."""
    return _DECIMAL_TEXT.fullmatch(text.strip()) is not None


def ascii_whole(text: str | None) -> int | None:
    """A whole number written in ASCII digits (a form's id or year), or None: ``"１２"``
    is no number here, though ``int`` reads it."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _refuse(code: str, field: str | None, **params: Any) -> BadInput:
    return BadInput(Fault(code, NUMBER_TEMPLATES[code], params), field)


def _number(value: object, field: str | None) -> Decimal:
    """``value`` as a finite Decimal; raises BadInput for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise _refuse("number_parsing", field)
    text = str(value).strip()
    if isinstance(value, str) and not _DECIMAL_TEXT.fullmatch(text):
        raise _refuse("number_parsing", field)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _refuse("number_parsing", field) from None
    if not number.is_finite():
        raise _refuse("number_parsing", field)
    return number


def _check_range(number: Decimal | int, lower: Any, upper: Any, field: str | None) -> None:
    if number < lower:
        raise _refuse("greater_than_equal", field, ge=lower)
    if number > upper:
        raise _refuse("less_than_equal", field, le=upper)


def decimal_of(
    value: object, *, places: int, lower: Decimal, upper: Decimal, field: str | None = None
) -> Decimal:
    """``value`` as an exact Decimal within ``lower``..``upper`` with at most ``places``
    decimals (a float is read by its shortest repr: 0.1 is 0.1). Raises BadInput."""
    number = _number(value, field)
    _check_range(number, lower, upper, field)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise _refuse("number_places", field, places=places)
    return number + 0  # -0 becomes 0


def whole_number_of(value: object, *, lower: int, upper: int, field: str | None = None) -> int:
    """``value`` as an int within ``lower``..``upper``: an int (not a bool) or ASCII digits.
    Raises BadInput."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _refuse("whole_number_parsing", field)
    if isinstance(value, str):
        if not _WHOLE_TEXT.fullmatch(value):
            raise _refuse("whole_number_parsing", field)
        value = int(value)
    _check_range(value, lower, upper, field)
    return value


TEMPLATES = {**TEXT_TEMPLATES, **NUMBER_TEMPLATES}


def file_too_large(size: int, limit: int) -> InvalidInput:
    """The refusal of an uploaded file of ``size`` bytes over ``limit`` bytes, in MB (one
    decimal for the file, whole MB for the limit), on the field ``file``."""
    return InvalidInput(
        gettext_noop("The file is {size} MB; at most {limit} MB are accepted."),
        field="file",
        size=round(size / 2**20, 1),
        limit=limit // 2**20,
    )


def check_file_size(size: int, limit: int) -> None:
    """Refuse (``file_too_large``) a file of ``size`` bytes over ``limit`` bytes."""
    if size > limit:
        raise file_too_large(size, limit)
