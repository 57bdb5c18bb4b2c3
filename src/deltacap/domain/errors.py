"""Root of every error deltacap raises on purpose.

Families of errors live next to the code that raises them and derive from
``DeltacapError``. Domain errors know nothing of HTTP; each entry point (API,
pages, command line, TCP server) maps them to its own answer once.

Messages are format templates (``str.format`` style) marked with
:func:`gettext_noop` so that translation tools collect them; an entry point
translates the template into the user's language, then fills in ``params``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (the edges translate)."""
    return message


class DeltacapError(Exception):
    """Base class of all deltacap errors.

    ``field`` names the input at fault where there is one (a form field, an
    Excel column, a packet field); ``params`` fill the template.
    """

    template: ClassVar[str] = gettext_noop("The request could not be completed.")

    def __init__(self, template: str | None = None, *, field: str | None = None, **params: Any):
        self.message_template = template or type(self).template
        self.field = field
        self.params = params
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The message, its template passed through ``translate`` first."""
        return translate(self.message_template).format(**self.params)


class InvalidInput(DeltacapError):
    """An input breaks a rule; ``field`` says which."""

    template = gettext_noop("This value is not valid.")


class NotFound(DeltacapError):
    """The record asked for does not exist."""

    template = gettext_noop("No such record.")


class Conflict(DeltacapError):
    """The request contradicts the current state of a record."""

    template = gettext_noop("The record has changed; reload and try again.")
