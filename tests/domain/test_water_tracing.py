"""The river network as a graph and tracing: which reaches lie upstream of a reach, the
outfalls there ranked by load (unknown loads last), the GeoJSON reading with its errors."""

from __future__ import annotations

import pytest

from deltacap.domain.errors import InvalidInput
from deltacap.domain.water import tracing


def _line(rid: str, a: str, b: str, x: float) -> dict[str, object]:
    return {
        "type": "Feature",
        "properties": {"id": rid, "from": a, "to": b},
        "geometry": {"type": "LineString", "coordinates": [[x, 31.0], [x + 0.1, 31.0]]},
    }


def _net() -> tracing.Network:
    # a → c ← b, c → d → e, and a side branch f → d; x → y apart.
    data = {
        "type": "FeatureCollection",
        "features": [
            _line("ac", "a", "c", 120.0), _line("bc", "b", "c", 120.1),
            _line("cd", "c", "d", 120.2), _line("de", "d", "e", 120.3),
            _line("fd", "f", "d", 120.4), _line("xy", "x", "y", 121.0),
        ],
    }  # fmt: skip
    return tracing.network_of(tracing.reaches_from_geojson(data))


def test_the_reaches_upstream_of_a_reach() -> None:
    net = _net()
    assert set(net.upstream("cd")) == {"ac", "bc", "cd"}
    assert sorted(net.upstream("de")) == ["ac", "bc", "cd", "de", "fd"]  # each reach once
    assert net.upstream("ac") == ["ac"]
    assert net.junctions()["a"] == (120.0, 31.0)


def test_tracing_ranks_the_upstream_outfalls_by_load() -> None:
    net = _net()
    sources = [
        tracing.Source("small", "ac", tracing.load_kg_per_day(1000, 0.3)),  # 0.3 kg/d
        tracing.Source("big", "bc", tracing.load_kg_per_day(20000, 0.5)),  # 10 kg/d
        tracing.Source("unknown", "cd", tracing.load_kg_per_day(500, None)),
        tracing.Source("downstream", "de", 99.0),
        tracing.Source("apart", "xy", 50.0),
    ]
    t = tracing.trace(net, "cd", tracing.index_by_reach(sources))
    assert [s.key for s in t.ranked] == ["big", "small", "unknown"]
    assert t.upstream_reaches == 3 and t.known_load == pytest.approx(10.3)
    assert tracing.load_kg_per_day(1000, 1.0) == 1.0  # 1000 m³/d × 1 mg/L = 1 kg/d


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"type": "Feature"}, "FeatureCollection"),
        ({"type": "FeatureCollection", "features": []}, "no feature"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
          "geometry": {"type": "Point", "coordinates": [120, 31]}}]}, "LineString"),
        ({"type": "FeatureCollection", "features": [_line("a", "p", "p", 120)]}, "end where"),
        ({"type": "FeatureCollection", "features": [_line("a", "p", "q", 120),
          _line("a", "q", "r", 120)]}, "already feature 1"),
    ],
)  # fmt: skip
def test_bad_geojson_names_the_feature(data: object, words: str) -> None:
    with pytest.raises(InvalidInput) as e:
        tracing.reaches_from_geojson(data)
    assert words in e.value.message_template.format(**e.value.params)


def test_a_missing_property_is_named() -> None:
    feature = _line("a", "p", "q", 120)
    del feature["properties"]["to"]  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput) as e:
        tracing.reaches_from_geojson({"type": "FeatureCollection", "features": [feature]})
    assert e.value.field == "to" and e.value.params["n"] == 1


def test_both_ways_of_ranking_agree() -> None:
    import random

    net = _net()
    rng = random.Random(3)
    reaches = ["ac", "bc", "cd", "de", "fd"] + ["xy"] * 200  # most outfalls lie apart
    sources = [
        tracing.Source(n, rng.choice(reaches), None if n % 7 == 0 else rng.uniform(0, 9))
        for n in range(400)
    ]
    index = tracing.index_by_reach(sources)
    small = tracing.trace(net, "cd", index).ranked  # few upstream: collected and sorted
    everything = tracing.SourceIndex([s for s in sources if s.reach != "xy"])
    large = tracing.trace(net, "cd", everything).ranked  # filtered from the overall ranking
    assert [s.key for s in small] == [s.key for s in large] and small
