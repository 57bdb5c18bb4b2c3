"""What every visitor sees alike, computed once and kept in Django's cache framework until
the records behind it change.

A figure is kept under its *topic* (``targets``: the plan's targets; ``trades``: the
published, settled trades; ``market``: the public market page with its trades, listings
and auctions; ``progress``: the progress dashboard of projects against targets) and its
own key (the period, the page, the language ...). Each topic has a version, a random token
kept in the cache; a figure's cache key holds the version it was computed under.
``changed(topic)`` gives the topic a new version, so every figure of the topic is computed
again on its next read (old entries age out).

What cannot or need not be shared between processes (``water_network``: the river
network's graph, its spatial index and the outfalls indexed for tracing) is kept by
``kept_here`` in the process's own memory under the topic's version, the same way.

The services say when they write (through the audit trail, which every write goes
through: ``audit.services.record`` calls ``changed`` with the topics of the action). The
new version is given when the transaction commits (``transaction.on_commit``, once per
topic and transaction), so a figure computed by another request from the records before
the commit is never served after it; until then, reads in the writing transaction compute
their figures afresh and keep none. A change is therefore visible at once after the write
has been committed, in every process that shares the cache (settings.CACHES: by
default a folder of the data folder, shared by the processes of one machine; a shared
backend such as Redis or memcached for several machines, ``DELTACAP_CACHE_URL``).

Where the cache is the default folder, the topics' versions are not kept as cache entries
but in one small file beside them (:class:`_FileVersions`): every request reads them and
every committed write gives one a new value, and a cache entry costs a whole file written
and renamed over the old one (ext4 then writes it out before the rename returns), which
made a settlement run spend a fifth of its time on it. The file holds a slot of 8 random
bytes per topic, read and overwritten in place: one system call each.

A request reads each topic's version once (``reading``, around every request): the
figures it reads of one topic are of one version, and the dashboard, which reads three
figures of the targets, reads the version once instead of three times. A version the
request itself renews (a write it committed) is read again.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import json
import os
import secrets
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

from deltacap import __version__

T = TypeVar("T")

TARGETS = "targets"
TRADES = "trades"
PROGRESS = "progress"
MARKET = "market"
# Reference rows every request names (a planning period by its code, reference/periods.py).
REFERENCE = "reference"
# The stored air-quality hours and the stations (the HJ 663 evaluation of a period).
AIR = "air"
# The river network, the outfalls on it and what their loads are read from (tracing kept
# here, in each process: :func:`kept_here`).
WATER_NETWORK = "water_network"
TOPICS = (TARGETS, TRADES, PROGRESS, MARKET, REFERENCE, AIR, WATER_NETWORK)

# A figure stays at most this long even if nothing changes (it is recomputed then).
TIMEOUT_SECONDS = 3600
JSON = "application/json; charset=utf-8"
_MISSING = object()
_local = threading.local()
# Figures this process read last, by their full key (values are shared by the requests of
# the process: callers never change them).
MEMO_ENTRIES = 256
_memo: dict[str, object] = {}
_memo_lock = threading.Lock()
# What this process built and keeps of a topic in its own memory (``kept_here``): per
# topic, the version it was built under and the values by key.
_here: dict[str, tuple[str, dict[Hashable, object]]] = {}
# The topics' versions read by the request under way (``reading``).
_read: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar(
    "public_cache_read", default=None
)


@functools.cache
def build() -> str:
    """What names this installation's code: a digest of the package's templates, code and
    catalogues (their paths, sizes and times). Kept figures are rendered pages and encoded
    answers, so a figure kept by other code (before an upgrade, in a cache that outlives
    the processes) is never served by this code. The same for every process of one
    installation, so they share their figures."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".mo", ".json"} and "migrations" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def _version_key(topic: str) -> str:
    return f"deltacap:topic:{topic}"


class _CacheVersions:
    """The topics' versions as entries of a shared cache (Redis, memcached, or this
    process's own memory)."""

    def get(self, topic: str) -> str:
        key = _version_key(topic)
        version = cache.get(key)
        if version is None:
            cache.add(key, secrets.token_hex(8), None)
            version = cache.get(key) or "new"
        return str(version)

    def bump(self, topic: str) -> None:
        cache.set(_version_key(topic), secrets.token_hex(8), None)


class _FileVersions:
    """The topics' versions in one file of the cache's folder, shared by the processes of
    the machine: a slot of :data:`SLOT` bytes per topic (in the order of ``TOPICS``),
    read with ``pread`` and given a new random value with ``pwrite``. A new value is
    random, never a count: two processes giving one topic a new value at once cannot
    both write the same one, so no change is lost without a lock. A read that meets a
    write half done sees a value no figure was kept under (it is computed afresh, from
    records already committed: a version changes only after the commit). The file is
    made whole (written aside, then linked into place) and opened again when it was
    replaced (the folder emptied by hand while the server runs)."""

    SLOT = 8

    def __init__(self, folder: str) -> None:
        names = hashlib.sha256(" ".join(TOPICS).encode()).hexdigest()[:8]
        self.path = os.path.join(folder, f"topic-versions-{names}")
        self._fd = -1
        self._inode = -1
        self._lock = threading.Lock()

    def _open(self) -> int:
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:
            self._make()
            inode = os.stat(self.path).st_ino
        if inode != self._inode:
            with self._lock:
                if inode != self._inode:
                    if self._fd >= 0:
                        os.close(self._fd)
                    self._fd = os.open(self.path, os.O_RDWR)
                    self._inode = os.fstat(self._fd).st_ino
        return self._fd

    def _make(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        aside = f"{self.path}.{os.getpid()}.{secrets.token_hex(4)}"
        with open(aside, "wb") as out:
            out.write(secrets.token_bytes(self.SLOT * len(TOPICS)))
        try:
            os.link(aside, self.path)
        except FileExistsError:
            pass  # another process made it first
        finally:
            os.unlink(aside)

    def get(self, topic: str) -> str:
        slot = TOPICS.index(topic) * self.SLOT
        return os.pread(self._open(), self.SLOT, slot).hex()

    def bump(self, topic: str) -> None:
        os.pwrite(self._open(), secrets.token_bytes(self.SLOT), TOPICS.index(topic) * self.SLOT)


@functools.cache
def _versions() -> _CacheVersions | _FileVersions:
    """Where the topics' versions are kept: in a file beside the default folder cache,
    else in the cache itself."""
    from django.conf import settings

    default = settings.CACHES["default"]
    if str(default["BACKEND"]).endswith("FileBasedCache") and hasattr(os, "pwrite"):
        return _FileVersions(str(default["LOCATION"]))
    return _CacheVersions()


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """One request (web/middleware.py): in the block each topic's version is read once,
    and again after the block itself gave the topic a new one."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


def _version(topic: str) -> str:
    read = _read.get()
    if read is not None and topic in read:
        return read[topic]
    version = _versions().get(topic)
    if read is not None:
        read[topic] = version
    return version


def _bump(topic: str) -> None:
    _versions().bump(topic)
    read = _read.get()
    if read is not None:
        read.pop(topic, None)


def clear() -> None:
    """Forget every figure kept, in the cache and in this process, and give every topic a
    new version (the test suite starts each test so: its records were rolled back)."""
    cache.clear()
    for topic in TOPICS:
        _bump(topic)
    with _memo_lock:
        _memo.clear()
        _here.clear()


def _settings_changed(*, setting: str, **_: object) -> None:
    if setting == "CACHES":
        _versions.cache_clear()


setting_changed.connect(_settings_changed)


def _pending(topic: str) -> bool:
    """Whether the transaction under way has written records of ``topic``."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    callback = getattr(_local, "callbacks", {}).get(topic)
    return callback is not None and any(entry[1] is callback for entry in connection.run_on_commit)


def cached(
    topic: str,
    key: tuple[Hashable, ...],
    compute: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """The figure ``key`` of ``topic``, computed by ``compute`` when the cache has none of
    the topic's current version. ``key`` names everything the figure depends on besides
    the topic's records; the page's language is added here. A value ``keep`` refuses is
    returned but not kept. The value returned may be shared with other requests: do not
    change it."""
    if _pending(topic):
        return compute()
    parts = repr((*key, get_language() or "")).encode()
    # Keys any backend takes (memcached: no spaces, at most 250 characters).
    full = f"deltacap:{topic}:{build()}:{_version(topic)}:{hashlib.sha256(parts).hexdigest()}"
    value = _memo.get(full, _MISSING)
    if value is _MISSING:
        value = cache.get(full, _MISSING)
        if value is _MISSING:
            value = compute()
            if keep is not None and not keep(value):
                return value
            cache.set(full, value, TIMEOUT_SECONDS)
        _remember(full, value)
    return value  # type: ignore[return-value]


def cached_json(
    topic: str, key: tuple[Hashable, ...], compute: Callable[[], object]
) -> HttpResponse:
    """An API answer kept as its JSON (written as the API's renderer writes it: Chinese as
    itself, decimals as strings), so a hit neither validates nor encodes it again."""

    def body() -> bytes:
        from ninja.responses import NinjaJSONEncoder

        return json.dumps(compute(), cls=NinjaJSONEncoder, ensure_ascii=False).encode()

    return HttpResponse(cached(topic, ("json", *key), body), content_type=JSON)


def kept_here(topic: str, key: Hashable, compute: Callable[[], T]) -> T:
    """The value ``key`` of ``topic`` kept in this process's memory only (never pickled
    into the shared cache: a built graph, a spatial index, model instances), computed by
    ``compute`` when the process has none of the topic's current version. A new version
    drops every value the process kept of the topic. Computed afresh and not kept in a
    transaction that wrote the topic's records. The value is shared by the requests of
    the process: do not change it."""
    if _pending(topic):
        return compute()
    version = f"{build()}:{_version(topic)}"
    with _memo_lock:
        held = _here.get(topic)
        if held is None or held[0] != version:
            held = _here[topic] = (version, {})
        value = held[1].get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        with _memo_lock:
            if _here.get(topic) is held:
                held[1][key] = value
    return value  # type: ignore[return-value]


def _remember(key: str, value: object) -> None:
    """Keep ``value`` in this process too (its key names the topic's version, so it is
    never served after the version changed); the oldest go first."""
    with _memo_lock:
        _memo[key] = value
        while len(_memo) > MEMO_ENTRIES:
            del _memo[next(iter(_memo))]


# Writes outside the water app that change a trace: an outlet's permit limits (a load's
# concentration where the outfall has none).
WATER_INPUTS = frozenset({"outlet.limits"})


def topics_of(action: str) -> tuple[str, ...]:
    """The topics an audited action changes (every write records one, audit.services)."""
    if action.startswith("target."):
        return (TARGETS, PROGRESS)
    if action.startswith(("project", "round.", "coefficients.")):
        return (PROGRESS,)
    if action == "rights.settle":
        return (TRADES, MARKET)
    if action.startswith("rights."):
        return (MARKET,)
    if action.startswith(("air_observations.", "air_station.")):
        return (AIR,)
    if action.startswith(("division.", "pollutant.", "planningperiod.")):
        return TOPICS
    if action.startswith(("water.network.", "water.outfall.")) or action in WATER_INPUTS:
        return (WATER_NETWORK,)
    return ()


def changed(*topics: str) -> None:
    """The records of ``topics`` were written: their figures are computed again after the
    commit (at once outside a transaction)."""
    for topic in topics:
        if _pending(topic):
            continue  # already given a new version at this transaction's commit
        callback = functools.partial(_bump, topic)
        _local.callbacks = {**getattr(_local, "callbacks", {}), topic: callback}
        transaction.on_commit(callback)
