"""The 5 km Taihu zone (deltacap.domain.water.zone): building the geodesic buffer from the
packaged outline, testing points for membership and measuring geodesic distances to the
shore, as `deltacap water taihu-zone` and /water/taihu/ do per located enterprise.

    .venv/bin/python bench/bench_taihu_zone.py [--points 20000]

Points are uniform in the lake's bounding box widened by 0.1 degrees (seeded)."""

from __future__ import annotations

import argparse
import random
import time

from shapely.geometry import shape

from deltacap import geodata
from deltacap.domain.water.zone import Zone, distance_m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--distances", type=int, default=500)
    args = parser.parse_args()
    lake = shape(geodata.lake_geometry("taihu"))
    builds = []
    for _ in range(5):
        t = time.perf_counter()
        zone = Zone(lake, 5000.0)
        _ = zone.area
        builds.append(time.perf_counter() - t)
    west, south, east, north = lake.bounds
    rng = random.Random(14)
    points = [
        (rng.uniform(west - 0.1, east + 0.1), rng.uniform(south - 0.1, north + 0.1))
        for _ in range(args.points)
    ]
    t = time.perf_counter()
    inside = sum(zone.contains(x, y) for x, y in points)
    contains = time.perf_counter() - t
    t = time.perf_counter()
    for x, y in points[: args.distances]:
        distance_m(lake, x, y)
    distances = time.perf_counter() - t
    t = time.perf_counter()
    for x, y in points:
        zone.distance_to_shore(x, y)
    local = time.perf_counter() - t
    print(f"zone build (buffer + projections), best of 5: {min(builds) * 1000:.1f} ms")
    print(
        f"contains: {args.points} points, {inside} inside, "
        f"{contains / args.points * 1e6:.1f} µs/point"
    )
    print(
        f"distance to the shore, projection per point (distance_m): "
        f"{distances / args.distances * 1000:.2f} ms/point"
    )
    print(
        f"distance to the shore, lake-centred projection (Zone.distance_to_shore): "
        f"{local / args.points * 1e6:.1f} µs/point"
    )


if __name__ == "__main__":
    main()
