"""Unified social credit codes (统一社会信用代码) of GB 32100-2015.

Structure (GB 32100-2015, 4): 1 character registration authority, 1 character
organisation type, 6 digits administrative division (GB/T 2260), 9 characters
organisation code, 1 check character. Characters come from the 31-character set
of digits and upper-case letters without I, O, Z, S and V.
"""

from __future__ import annotations

from deltacap.domain.errors import InvalidInput, gettext_noop

# GB 32100-2015, 5 (code character set) and Table 3 (weights of positions 1-17).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015, 5.2: C18 = 31 - (sum mod 31))."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate(code: str, *, field: str = "uscc") -> str:
    """``code`` upper-cased when valid; otherwise ``InvalidInput`` naming the fault."""
    value = code.strip().upper()
    if len(value) != 18:
        raise InvalidInput(
            gettext_noop("A unified social credit code has 18 characters; got {count}."),
            field=field,
            count=len(value),
        )
    for position, char in enumerate(value, start=1):
        if char not in _VALUE:
            raise InvalidInput(
                gettext_noop(
                    "Character {position} ({char}) is not allowed in a unified social "
                    "credit code (digits and letters except I, O, S, V, Z)."
                ),
                field=field,
                position=position,
                char=char,
            )
    expected = check_character(value[:17])
    if value[17] != expected:
        raise InvalidInput(
            gettext_noop(
                "The check character of this unified social credit code should be "
                "{expected}, not {got}."
            ),
            field=field,
            expected=expected,
            got=value[17],
        )
    return value
