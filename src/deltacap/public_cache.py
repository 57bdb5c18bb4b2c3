"""What every visitor sees alike, computed once and kept in Django's cache framework until
the records behind it change.

A figure is kept under its *topic* (``targets``: the plan's targets; ``trades``: the
published, settled trades) and its own key (the period, the page, the language ...). Each
topic has a version, a random token kept in the cache; a figure's cache key holds the
version it was computed under. ``changed(topic)`` gives the topic a new version, so every
figure of the topic is computed again on its next read (old entries age out).

The services call ``changed`` when they write: at once, so that a read in the same
transaction computes again, and again when the transaction commits
(``transaction.on_commit``), so that a figure computed by another request from the data
before the commit is not served after it. A change is therefore visible at once after the
write has been committed, in every process that shares the cache (settings.CACHES: by
default a folder of the data folder, shared by the processes of one machine; a shared
backend such as Redis or memcached for several machines, ``DELTACAP_CACHE_URL``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

T = TypeVar("T")

TARGETS = "targets"
TRADES = "trades"
TOPICS = (TARGETS, TRADES)

# A figure stays at most this long even if nothing changes (it is recomputed then).
TIMEOUT_SECONDS = 3600
_MISSING = object()


def _version_key(topic: str) -> str:
    return f"deltacap:topic:{topic}"


def _version(topic: str) -> str:
    key = _version_key(topic)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), None)
        version = cache.get(key) or "new"
    return str(version)


def _bump(topic: str) -> None:
    cache.set(_version_key(topic), secrets.token_hex(8), None)


def cached(topic: str, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """The figure ``key`` of ``topic``, computed by ``compute`` when the cache has none of
    the topic's current version. ``key`` names everything the figure depends on besides
    the topic's records; the page's language is added here."""
    parts = repr((*key, get_language() or "")).encode()
    # Keys any backend takes (memcached: no spaces, at most 250 characters).
    full = f"deltacap:{topic}:{_version(topic)}:{hashlib.sha256(parts).hexdigest()}"
    value = cache.get(full, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full, value, TIMEOUT_SECONDS)
    return value  # type: ignore[return-value]


def changed(*topics: str) -> None:
    """The records of ``topics`` were written: drop their figures now and at commit."""
    for topic in topics:
        _bump(topic)
        transaction.on_commit(lambda topic=topic: _bump(topic))  # type: ignore[misc]
