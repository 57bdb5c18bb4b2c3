"""Who acts: a signed-in account, the public, or the platform itself.

Importable before Django is set up (the command line names the platform at import time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class SystemActor:
    """The platform itself: its own jobs (loads, the demo, the receiver) and its operator
    at the command line without ``--as``. Named by no account in the audit trail."""

    is_authenticated = False
    pk = None

    def get_username(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "PLATFORM"


PLATFORM = SystemActor()

Actor: TypeAlias = "AbstractBaseUser | AnonymousUser | SystemActor"
"""Whoever asks for a write or a read: a signed-in account, the public, or the platform."""
