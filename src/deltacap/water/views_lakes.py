"""Pages of the lakes, linked from /water/: the 5 km Taihu zone on a map with the
enterprises inside and the members' plans; cyanobacteria blooms with their grades, the
warnings (the public sees the active ones), the member's notices and emergency actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.domain.access import Role
from deltacap.enterprises.selectors import visible_enterprises
from deltacap.water import blooms, taihu
from deltacap.water.models_lakes import Lake

# Grade codes as the Roman numerals of the standards' tables (Ⅰ…Ⅴ, one character each).
ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ"}
OFFICIALS = (Role.OFFICE, Role.MEMBER_EDITOR, Role.MEMBER_VIEWER, Role.CITY_EDITOR)


def _en() -> bool:
    return (get_language() or "zh").startswith("en")


def _named(obj: Any) -> str:
    return str(obj.name_en if _en() else obj.name_zh)


@require_safe
def taihu_page(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request.user)
    official = principal.role in OFFICIALS
    found = taihu.inside(list(visible_enterprises(request.user))) if official else []
    summary = taihu.zone_summary()
    rows: list[dict[str, Any]] = [
        {"inside": i, "industry": _named(i.industry), "distance_km": i.distance_m / 1000}
        for i in found
    ]
    groups = [
        {**g, "name": g["name_en"] if _en() else g["name_zh"]}
        for g in taihu.by_industry(found)
        if g["count"]
    ]
    points = [
        {
            "name": i.enterprise.name,
            "value": [i.site.lon, i.site.lat],
            "industry": _named(i.industry),
            "chemical": i.industry.chemical,
        }
        for i in found
    ]
    context = {
        "summary": summary,
        "official": official,
        "rows": rows,
        "groups": groups,
        "plans": taihu.plans() if official else [],
        "map": {"zone": taihu.zone_geojson(), "points": points},
    }
    return render(request, "water/taihu/index.html", context)


@require_safe
def blooms_page(request: HttpRequest) -> HttpResponse:
    principal = principal_of(request.user)
    official = principal.role in OFFICIALS
    levels = {w.code: w for w in blooms.warning_levels()}
    lakes = dict(Lake.choices)

    def level_name(code: str) -> str:
        level = levels.get(code)
        return (_named(level) if level else code) or code

    warnings = [
        {
            "warning": w,
            "lake": lakes.get(w.lake, w.lake),
            "level": level_name(w.level),
            "colour": levels[w.level].colour if w.level in levels else "#888",
        }
        for w in blooms.warnings(principal, active=not official)
    ]
    observations = [
        {
            "graded": g,
            "lake": lakes.get(g.observation.lake, g.observation.lake),
            "density_grade": _named(g.density_grade),
            "area_grade": _named(g.area_grade) if g.area_grade else "",
            "suggested": level_name(g.suggested.code) if g.suggested else "",
        }
        for g in (blooms.observations(principal) if official else [])
    ]
    context = {
        "official": official,
        "warnings": warnings,
        "observations": observations,
        "notices": blooms.notices(principal) if official else [],
        "density": blooms.density_grades(),
        "area": blooms.area_grades(),
        "levels": [{"level": w, "name": _named(w)} for w in blooms.warning_levels()],
        "levels_verified": blooms.config()["warning_levels"]["status"] == "verified",
        "grade_names": [{"grade": g, "name": _named(g)} for g in blooms.density_grades().rows],
        "area_names": [{"grade": g, "name": _named(g)} for g in blooms.area_grades().rows],
        "lakes": lakes,
    }
    return render(request, "water/blooms/index.html", context)
