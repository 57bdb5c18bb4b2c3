"""The tree of divisions (region → members → cities → counties), held once per process.

Reference data is small and does not change while the platform runs (``deltacap init``
loads it), yet every record's place in the tree is asked for on every page: where a
target, a project or an outlet sits decides who may change it. Walking ``parent`` record
by record cost one query per level and row (the dashboard ran 102 such queries). The
parent of every division is read here in one query, the first time it is needed, and kept.

The map is dropped when a division is saved or deleted in this process (signals,
reference/apps.py) or loaded (reference/services.py), and a code it does not know makes
it read again, so a division added since is found. A division's parent changed in
another process is seen there after a restart: reference data changes with a release.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_parents: dict[str, str | None] | None = None


def _load() -> dict[str, str | None]:
    from deltacap.reference.models import Division

    return dict(Division.objects.values_list("code", "parent_id"))


def parents(*, refresh: bool = False) -> dict[str, str | None]:
    """Each division's code → its parent's code (None for the region)."""
    global _parents
    current = _parents
    if current is None or refresh:
        with _lock:
            current = _load()
            _parents = current if current else None  # an empty database is not remembered
    return current


def path_of(code: str, parent: str | None) -> tuple[str, ...] | None:
    """Codes from the region down to ``code`` whose parent is ``parent``; None when a code
    on the way is unknown even after reading the tree again."""
    for attempt in range(2):
        tree = parents(refresh=attempt == 1)
        codes = [code]
        node = parent
        while node is not None and len(codes) < 5:
            if node not in tree:
                break
            codes.append(node)
            node = tree[node]
        else:
            return tuple(reversed(codes))
    return None


def forget(**_: object) -> None:
    """Drop the map (a division was saved, deleted or loaded)."""
    global _parents
    with _lock:
        _parents = None
