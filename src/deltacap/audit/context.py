"""Where a write comes from, beyond the account: the client address of a request, or the
operating-system user and host of a command. Entry points set it; the audit trail reads it."""

from __future__ import annotations

import contextvars
import getpass
import socket

ORIGIN_MAX = 200  # AuditEvent.origin's length

_origin: contextvars.ContextVar[str] = contextvars.ContextVar("audit_origin", default="")


def origin() -> str:
    return _origin.get()


def set_origin(text: str) -> contextvars.Token[str]:
    return _origin.set(text[:ORIGIN_MAX])


def reset_origin(token: contextvars.Token[str]) -> None:
    _origin.reset(token)


def command_line_origin() -> str:
    """``cli:user@host``: who ran a command on which machine (the account named by ``--as``
    is the actor; this says who really typed it)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"cli:{user}@{socket.gethostname()}"
