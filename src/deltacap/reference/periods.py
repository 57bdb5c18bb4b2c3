"""A planning period by its code, read once and kept in the shared cache until reference
data is written.

Nearly every page and endpoint names a period (``?period=14fyp``) and used to read its row
on every request. The row is kept under the ``reference`` topic of deltacap/public_cache.py,
which every audited write of a division, pollutant or planning period renews (in every
process that shares the cache, once the write has committed). A code not found is not
kept, so a period added since is found on its next request. Each caller gets a copy of its
own: changing it changes nothing kept. A period saved or deleted in any other way
(reference/apps.py) renews the topic too, and with it every other (figures kept by a
period's code, such as the progress page, are served without reading the period).
"""

from __future__ import annotations

import copy

from deltacap import public_cache
from deltacap.reference.models import PlanningPeriod


def period_by_code(code: str) -> PlanningPeriod | None:
    """The planning period ``code``, or None when there is none."""
    if not code:
        return None
    found = public_cache.cached(
        public_cache.REFERENCE,
        ("period", code),
        lambda: PlanningPeriod.objects.filter(code=code).first(),
        keep=lambda value: value is not None,
    )
    return copy.copy(found)


def forget(**_: object) -> None:
    """Signal receiver: a planning period was saved or deleted. Every topic is renewed, as
    an audited write of reference data does (``public_cache.topics_of``): pages kept by
    their period's code (the progress page and dashboard) name it and are served without
    reading it."""
    public_cache.changed(*public_cache.TOPICS)
