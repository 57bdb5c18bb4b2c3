"""The random strings of the CSRF protection, drawn with one read of the system's random
source.

Django draws each of the 32 characters of a CSRF secret, and of the mask that every page's
token gets anew (so that the token differs in every response, against BREACH), with a call
of its own to ``secrets.choice``, each a read of ``os.urandom``: an eighth of what a
signed-in page's frame costs. ``new_csrf_string`` gives the same thing - 32 characters,
each uniform over the same 62 - from one read of 40 random bytes: a byte below 248
(4 × 62) gives the character ``byte % 62``, any other is dropped so that no character is
likelier than another, and more bytes are read in the rare case that fewer than 32 are
left. ``WebConfig.ready`` puts it in the place of Django's own.
"""

from __future__ import annotations

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_BASE = len(CSRF_ALLOWED_CHARS)
# The largest multiple of 62 up to 256: bytes from it up would favour some characters.
_BELOW = 256 - 256 % _BASE


def new_csrf_string() -> str:
    """A CSRF secret or mask: CSRF_SECRET_LENGTH characters of CSRF_ALLOWED_CHARS, each
    drawn uniformly from the system's random source."""
    chars: list[str] = []
    while len(chars) < CSRF_SECRET_LENGTH:
        chars += [CSRF_ALLOWED_CHARS[b % _BASE] for b in secrets.token_bytes(40) if b < _BELOW]
    return "".join(chars[:CSRF_SECRET_LENGTH])
