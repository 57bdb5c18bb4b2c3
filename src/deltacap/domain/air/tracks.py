"""Mobile monitoring (走航监测, issue 12 §5): a vehicle's track of GPS points with readings
(VOCs or other items), its hotspots and the enterprises near them.

A hotspot is a group of the track's readings above ``multiple`` × the track's median of the
item (the multiple is configuration: ``air/data/track_hotspots.json``; no national standard
fixes it), grouped in space by single linkage: two exceeding readings belong to the same
hotspot when a chain of exceeding readings joins them, each step at most ``radius_m``
metres (great-circle distance, haversine formula on a sphere of the mean earth radius
6 371 008.8 m, IUGG). Each hotspot has its centre (the readings' mean position), its peak
reading and where and when it was read, and its count of readings.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius


@dataclass(frozen=True)
class Reading:
    """One point of the track: its time (ISO text), position (WGS-84) and value."""

    at: str
    lon: float
    lat: float
    value: float


@dataclass(frozen=True)
class Hotspot:
    """A group of exceeding readings: centre, peak (value, position, time), count."""

    number: int
    lon: float
    lat: float
    peak: float
    peak_lon: float
    peak_lat: float
    peak_at: str
    count: int
    first_at: str
    last_at: str


@dataclass(frozen=True)
class Site:
    """A place to look for near a hotspot (an enterprise), by its key."""

    key: str
    lon: float
    lat: float


def haversine_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The great-circle distance in metres between two WGS-84 points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def threshold(values: Iterable[float], multiple: float) -> float | None:
    """``multiple`` × the median of ``values``; None when there are none."""
    found = list(values)
    if not found:
        return None
    return multiple * statistics.median(found)


def clusters(points: Sequence[Reading], radius_m: float) -> list[list[int]]:
    """Single-linkage groups of ``points`` (indices, each group in track order; groups by
    their first index): joined when a chain of steps of at most ``radius_m`` links them."""
    parent = list(range(len(points)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(points):
        for j in range(i + 1, len(points)):
            b = points[j]
            if haversine_m(a.lon, a.lat, b.lon, b.lat) <= radius_m:
                ri, rj = root(i), root(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(points)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def hotspots(readings: Sequence[Reading], multiple: float, radius_m: float) -> list[Hotspot]:
    """The track's hotspots: readings above ``multiple`` × the median, grouped within
    ``radius_m`` (single linkage), numbered from 1 in the order the vehicle met them."""
    if multiple <= 0 or radius_m <= 0:
        raise ValueError("multiple and radius must be positive")
    limit = threshold((r.value for r in readings), multiple)
    if limit is None:
        return []
    above = [r for r in readings if r.value > limit]
    found = []
    for number, group in enumerate(clusters(above, radius_m), start=1):
        members = [above[i] for i in group]
        peak = max(members, key=lambda r: r.value)
        found.append(
            Hotspot(
                number=number,
                lon=sum(r.lon for r in members) / len(members),
                lat=sum(r.lat for r in members) / len(members),
                peak=peak.value,
                peak_lon=peak.lon,
                peak_lat=peak.lat,
                peak_at=peak.at,
                count=len(members),
                first_at=min(r.at for r in members),
                last_at=max(r.at for r in members),
            )
        )
    return found


def near(
    lon: float, lat: float, sites: Iterable[Site], radius_m: float
) -> list[tuple[Site, float]]:
    """The sites within ``radius_m`` of a point with their distances (m), nearest first."""
    found = [(s, haversine_m(lon, lat, s.lon, s.lat)) for s in sites]
    return sorted(((s, d) for s, d in found if d <= radius_m), key=lambda x: (x[1], x[0].key))
