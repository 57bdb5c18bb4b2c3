"""The signed-in account of each request, read from the shared cache instead of the
database.

Django reads the account of a session from the database on every request. Here the
account is kept in the cache (settings.CACHES, shared by the web processes) for at most
``TIMEOUT_SECONDS``, and dropped from it whenever the account is saved or deleted (a role
or member changed, an account switched off, a password changed): at once, and again when
the transaction commits, so that a request which read the account before the commit does
not keep the old one. What is kept is what the database said; Django checks the session
against the account's password hash as before, and an account switched off is never kept.

With a cache of one process (``DELTACAP_CACHE_URL=locmem:``) the processes would not see
each other's changes, so the account is then read from the database as Django does
(settings.py chooses the backend).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

# The longest an account is served from the cache without being read again: a change that
# raced with a read (read before its commit, kept after) lasts at most this long.
TIMEOUT_SECONDS = 60


def _key(user_id: Any) -> str:
    return f"deltacap:account:{user_id}"


class CachedModelBackend(ModelBackend):
    """Django's model backend, with the account of a session kept in the shared cache."""

    def get_user(self, user_id: Any) -> Any:
        key = _key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, TIMEOUT_SECONDS)
        return user if self.user_can_authenticate(user) else None


def account(user_id: Any) -> Any:
    """The active account ``user_id`` (None if there is none or it is switched off), as the
    session's backend reads it."""
    if settings.DELTACAP_SHARED_CACHE:
        return CachedModelBackend().get_user(user_id)
    return ModelBackend().get_user(user_id)


def forget(sender: Any, instance: Any, **_: Any) -> None:
    """Signal receiver: an account was saved or deleted."""
    key = _key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
