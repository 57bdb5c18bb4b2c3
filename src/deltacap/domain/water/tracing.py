"""The river network (reaches and junctions) and tracing an exceedance upstream (溯源).

A network is a directed graph (networkx ``DiGraph``): its nodes are junctions with their
position (WGS-84 degrees), its edges the reaches, from the upstream junction to the
downstream one, each edge carrying the reach's id. A reach is upstream of a section's
reach when its downstream junction is the section reach's upstream junction or an
ancestor of it; the section's own reach counts as upstream (an outfall on it is placed
along the whole reach, its position on the reach is not compared with the section's).

The load of an outfall for a parameter is its approved discharge (m³/d) times the
concentration (mg/L): 1 m³/d × 1 mg/L = 1 g/d, so kg/d = Q × C / 1000 (the measured-data
method, 实测法, of HJ 884-2018 《污染源源强核算技术指南 准则》: 排放量 = 废水量 × 浓度;
clause not verified here). Where no concentration is known the load is unknown and the
outfall is ranked after all the known ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

import networkx as nx
import numpy as np

from deltacap.domain.errors import InvalidInput, gettext_noop


@dataclass(frozen=True)
class Reach:
    id: str
    source: str  # the upstream junction
    target: str  # the downstream junction
    coords: tuple[tuple[float, float], ...]
    name: str = ""


@dataclass
class Network:
    graph: nx.DiGraph = field(default_factory=nx.DiGraph)
    reaches: dict[str, Reach] = field(default_factory=dict)
    # The graph's predecessors as lists of (upstream junction, reach) numbers, built on the
    # first walk after a change (walking networkx's views is several times slower).
    _up: list[list[tuple[int, str]]] | None = field(default=None, repr=False)
    _number: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, reach: Reach) -> None:
        if reach.id in self.reaches:
            raise ValueError(f"reach {reach.id} twice")
        self.reaches[reach.id] = reach
        self.graph.add_node(reach.source, pos=reach.coords[0])
        self.graph.add_node(reach.target, pos=reach.coords[-1])
        self.graph.add_edge(reach.source, reach.target, reach=reach.id)
        self._up = None

    def junctions(self) -> dict[str, tuple[float, float]]:
        return {n: d["pos"] for n, d in self.graph.nodes(data=True)}

    def _compiled(self) -> list[list[tuple[int, str]]]:
        if self._up is None:
            self._number = {node: i for i, node in enumerate(self.graph.nodes)}
            up: list[list[tuple[int, str]]] = [[] for _ in self._number]
            for u, v, rid in self.graph.edges(data="reach"):
                up[self._number[v]].append((self._number[u], rid))
            self._up = up
        return self._up

    def upstream(self, reach_id: str) -> list[str]:
        """The ids of the reaches upstream of ``reach_id`` (itself first): a walk up the
        graph's predecessors from the reach's upstream junction (each junction once)."""
        up = self._compiled()
        start = self._number[self.reaches[reach_id].source]
        found = [reach_id]
        seen = bytearray(len(up))
        seen[start] = 1
        todo = [start]
        while todo:
            for node, rid in up[todo.pop()]:
                found.append(rid)
                if not seen[node]:
                    seen[node] = 1
                    todo.append(node)
        return found


def _number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _reach_of(number: int, feature: Any) -> Reach:
    """One GeoJSON feature as a reach (``number`` counts the features from 1)."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InvalidInput(gettext_noop("Feature {n} is not a GeoJSON feature."), n=number)
    geometry = feature.get("geometry") or {}
    props = feature.get("properties") or {}
    if geometry.get("type") != "LineString":
        raise InvalidInput(gettext_noop("Feature {n} is not a LineString."), n=number)
    coords = geometry.get("coordinates")
    if (
        not isinstance(coords, list)
        or len(coords) < 2
        or not all(isinstance(c, list | tuple) and len(c) >= 2 for c in coords)
        or not all(_number(c[0]) and _number(c[1]) for c in coords)
    ):
        raise InvalidInput(
            gettext_noop("Feature {n}: a line needs at least two positions (lon, lat)."), n=number
        )
    if not all(-180 <= c[0] <= 180 and -90 <= c[1] <= 90 for c in coords):
        raise InvalidInput(gettext_noop("Feature {n}: a position lies off the globe."), n=number)
    ids = []
    for key in ("id", "from", "to"):
        value = props.get(key)
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            raise InvalidInput(
                gettext_noop("Feature {n}: the property “{key}” is missing."),
                field=key,
                n=number,
                key=key,
            )
        ids.append(str(value).strip())
    if ids[1] == ids[2]:
        raise InvalidInput(
            gettext_noop("Feature {n}: a reach cannot end where it starts."), n=number
        )
    name = props.get("name")
    return Reach(
        ids[0],
        ids[1],
        ids[2],
        tuple((float(c[0]), float(c[1])) for c in coords),
        str(name) if isinstance(name, str) else "",
    )


def reaches_from_geojson(data: Any) -> list[Reach]:
    """The reaches of a GeoJSON FeatureCollection of LineStrings, each with the properties
    ``id`` (the reach), ``from`` and ``to`` (its junctions), optionally ``name``. The first
    fault raises :class:`InvalidInput` naming the feature."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InvalidInput(gettext_noop("The file is not a GeoJSON FeatureCollection."))
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise InvalidInput(gettext_noop("The file holds no feature."))
    found: list[Reach] = []
    seen: dict[str, int] = {}
    pairs: dict[tuple[str, str], int] = {}
    for number, feature in enumerate(features, start=1):
        reach = _reach_of(number, feature)
        if reach.id in seen:
            raise InvalidInput(
                gettext_noop("Feature {n}: reach {id} is already feature {m}."),
                n=number,
                id=reach.id,
                m=seen[reach.id],
            )
        pair = (reach.source, reach.target)
        if pair in pairs:
            raise InvalidInput(
                gettext_noop("Feature {n}: feature {m} already joins these two junctions."),
                n=number,
                m=pairs[pair],
            )
        seen[reach.id], pairs[pair] = number, number
        found.append(reach)
    return found


def network_of(reaches: Iterable[Reach]) -> Network:
    net = Network()
    for reach in reaches:
        net.add(reach)
    return net


def load_kg_per_day(discharge_m3_per_day: float | None, mg_per_l: float | None) -> float | None:
    """Q (m³/d) × C (mg/L) / 1000, in kg/d; None where either is unknown."""
    if discharge_m3_per_day is None or mg_per_l is None:
        return None
    return discharge_m3_per_day * mg_per_l / 1000.0


@dataclass(frozen=True)
class Source:
    """An outfall as tracing sees it: its key, its reach and its load (kg/d, None when no
    concentration is known)."""

    key: Any
    reach: str
    load: float | None


_load = attrgetter("load")


class SourceIndex:
    """The outfalls by reach, and all of them ranked once (the largest known load first,
    the unknown ones after, in the order given), so that a trace over much of the network
    selects from that ranking (one vectorised pass) instead of sorting again."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.by_reach: dict[str, list[Source]] = {}
        known: list[Source] = []
        unknown: list[Source] = []
        for s in sources:
            self.by_reach.setdefault(s.reach, []).append(s)
            (unknown if s.load is None else known).append(s)
        known.sort(key=_load, reverse=True)
        self.ranked = known + unknown
        self.reach_number = {rid: i for i, rid in enumerate(self.by_reach)}
        self.ranked_reach = np.fromiter(
            (self.reach_number[s.reach] for s in self.ranked), dtype=np.int64,
            count=len(self.ranked),
        )  # fmt: skip


def index_by_reach(sources: Iterable[Source]) -> SourceIndex:
    return SourceIndex(sources)


@dataclass(frozen=True)
class Trace:
    reach: str
    upstream_reaches: int
    ranked: Sequence[Source]  # the largest known load first; unknown loads last

    @property
    def known_load(self) -> float:
        return sum(s.load for s in self.ranked if s.load is not None)


def trace(net: Network, reach_id: str, index: SourceIndex) -> Trace:
    """The outfalls upstream of ``reach_id`` ranked by their load, the largest first (the
    unknown loads last, in the order they were given)."""
    upstream = net.upstream(reach_id)
    by_reach = index.by_reach
    count = sum(len(by_reach.get(rid, ())) for rid in upstream)
    if count * 8 > len(index.ranked):
        # Much of the network: keep the overall ranking's upstream part.
        mask = np.zeros(len(index.reach_number), dtype=bool)
        numbers = index.reach_number
        mask[[numbers[rid] for rid in upstream if rid in numbers]] = True
        ranked = index.ranked
        chosen = np.flatnonzero(mask[index.ranked_reach]).tolist()
        return Trace(reach_id, len(upstream), [ranked[i] for i in chosen])
    known: list[Source] = []
    unknown: list[Source] = []
    for rid in upstream:
        for s in by_reach.get(rid, ()):
            (unknown if s.load is None else known).append(s)
    known.sort(key=_load, reverse=True)
    return Trace(reach_id, len(upstream), known + unknown)
