"""The 5 km Taihu zone from the packaged outline: geodesic, checked against distances
measured independently (the shore densified to ~50 m and every distance by pyproj's
inverse geodesic on WGS-84)."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import shape

from deltacap import geodata
from deltacap.domain.water.zone import Zone, distance_m, geodesic_area_km2

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def zone() -> Zone:
    return Zone(shape(geodata.lake_geometry("taihu")), 5000.0)


@pytest.fixture(scope="module")
def shore(zone: Zone) -> tuple[np.ndarray, np.ndarray]:
    """The shore as points at most ~50 m apart, along geodesics."""
    coords = list(zone.lake.exterior.coords)
    lons, lats = [], []
    for (x0, y0), (x1, y1) in zip(coords, coords[1:], strict=False):
        length = GEOD.inv(x0, y0, x1, y1)[2]
        n = max(int(length // 50), 0)
        lons.append(x0)
        lats.append(y0)
        for x, y in GEOD.npts(x0, y0, x1, y1, n):
            lons.append(x)
            lats.append(y)
    return np.array(lons), np.array(lats)


def _measured(shore: tuple[np.ndarray, np.ndarray], lon: float, lat: float) -> float:
    lons, lats = shore
    return float(GEOD.inv(np.full_like(lons, lon), np.full_like(lats, lat), lons, lats)[2].min())


def _outward(zone: Zone, km: float) -> list[tuple[float, float]]:
    """Points ``km`` east of the easternmost, west of the westernmost, north of the
    northernmost and south of the southernmost shore vertex."""
    coords = list(zone.lake.exterior.coords)
    east = max(coords, key=lambda c: c[0])
    west = min(coords, key=lambda c: c[0])
    north = max(coords, key=lambda c: c[1])
    south = min(coords, key=lambda c: c[1])
    out = []
    for (x, y), azimuth in ((east, 90), (west, 270), (north, 0), (south, 180)):
        lon, lat, _ = GEOD.fwd(x, y, azimuth, km * 1000)
        out.append((lon, lat))
    return out


def test_the_outline_is_taihu(zone: Zone) -> None:
    # Commonly cited ~2338 km² at normal level; GSHHG draws it at 2519 (geodata.md §2).
    assert 2300 < geodesic_area_km2(zone.lake) < 2600
    assert 150 <= len(zone.lake.exterior.coords) <= 600  # a few hundred vertices
    assert zone.lake.contains(shape({"type": "Point", "coordinates": [120.2, 31.2]}))


def test_a_point_4_km_from_the_shore_is_inside_and_6_km_outside(
    zone: Zone, shore: tuple[np.ndarray, np.ndarray]
) -> None:
    for lon, lat in _outward(zone, 4):
        assert 3900 < _measured(shore, lon, lat) <= 4001
        assert zone.contains(lon, lat)
        assert distance_m(zone.lake, lon, lat) == pytest.approx(_measured(shore, lon, lat), abs=5)
        assert zone.distance_to_shore(lon, lat) == pytest.approx(_measured(shore, lon, lat), abs=5)
    for lon, lat in _outward(zone, 6):
        assert 5900 < _measured(shore, lon, lat) <= 6001
        assert not zone.contains(lon, lat)
        assert distance_m(zone.lake, lon, lat) == pytest.approx(_measured(shore, lon, lat), abs=5)


def test_the_zones_edge_lies_5_km_from_the_shore_all_round(
    zone: Zone, shore: tuple[np.ndarray, np.ndarray]
) -> None:
    edge = zone.area.exterior.coords
    step = max(len(edge) // 150, 1)
    measured = [_measured(shore, x, y) for x, y in list(edge)[::step]]
    # The buffer's straight chords between vertices lie a little inside the true distance.
    assert min(measured) > 4950 and max(measured) < 5010
    # A planar buffer in degrees would be ~0.86 as wide east-west as north-south here.


def test_the_land_band_is_the_shore_length_times_5_km(zone: Zone) -> None:
    perimeter_km = GEOD.geometry_area_perimeter(zone.lake)[1] / 1000
    land = zone.land_area_km2()
    # A convex outline gives exactly perimeter × d + π d²; bays make it less.
    assert 0.7 * perimeter_km * 5 < land < perimeter_km * 5 + np.pi * 25
    assert geodesic_area_km2(zone.area) == pytest.approx(
        geodesic_area_km2(zone.lake) + land, rel=1e-3
    )


def test_a_point_on_the_lake_is_in_the_zone(zone: Zone) -> None:
    assert zone.contains(120.2, 31.2)
    assert not zone.contains(120.9, 31.6)  # Suzhou's east, far from the lake


def test_the_lake_centred_distance_agrees_with_the_geodesic_one(zone: Zone) -> None:
    west, south, east, north = zone.area.bounds
    for n in range(40):
        lon = west + (east - west) * ((n * 7919) % 40) / 40
        lat = south + (north - south) * ((n * 104729) % 40) / 40
        if zone.lake.contains(shape({"type": "Point", "coordinates": [lon, lat]})):
            assert zone.distance_to_shore(lon, lat) == 0
        else:
            assert zone.distance_to_shore(lon, lat) == pytest.approx(
                distance_m(zone.lake, lon, lat), abs=2
            )
