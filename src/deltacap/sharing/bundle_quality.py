"""The air and surface-water datasets of an export bundle (信息共享: changes in air and
surface-water quality): each city's daily AQI (HJ 633, from the measurement store) and
each monitoring section's monthly class (GB 3838-2002) for the years of the planning
period, of a member's cities and the sections it is responsible for (the region's: all).
Rows only; ``bundles`` makes them datasets with their manifest entries.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from deltacap.air.selectors import city_daily
from deltacap.reference.models import Division, PlanningPeriod
from deltacap.water.models import Section
from deltacap.water.selectors import monthly_quality

REGION = "region"

AIR_COLUMNS = [
    "city_code",
    "city_name",
    "date",
    "stations",
    "standard",
    "aqi",
    "level",
    "category",
    "primary_pollutants",
    "pm25_ug_m3",
    "pm10_ug_m3",
    "o3_8h_ug_m3",
    "so2_ug_m3",
    "no2_ug_m3",
    "co_mg_m3",
]
# The day's 24-hour (O3: maximum 8-hour) concentrations, in the order of AIR_COLUMNS.
AIR_ITEMS = ("PM2.5_24h", "PM10_24h", "O3_8h", "SO2_24h", "NO2_24h", "CO_24h")

WATER_COLUMNS = [
    "section_code",
    "section_name",
    "water_body",
    "members",
    "month",
    "samples",
    "class",
    "target_class",
    "attains",
    "determining_items",
]
CLASS_NAMES = ("", "I", "II", "III", "IV", "V", "劣V")


def _years(period: str) -> tuple[int, int]:
    found = PlanningPeriod.objects.get(code=period)
    return found.start_year, found.end_year


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def air_rows(member: str, period: str) -> list[list[Any]]:
    """Each city's daily AQI over the period's years (cities of ``member``, or all)."""
    first, last = _years(period)
    cities = Division.objects.filter(prefecture=True)
    if member != REGION:
        cities = cities.filter(parent_id=member)
    names = dict(cities.values_list("code", "name_zh"))
    rows = []
    for day in city_daily(date(first, 1, 1), date(last, 12, 31)):
        if day["city"] not in names:
            continue
        r = day["rating"]
        rows.append(
            [
                day["city"],
                names[day["city"]],
                day["date"].isoformat(),
                day["stations"],
                r.standard,
                r.aqi,
                r.level,
                r.category_cn,
                ";".join(r.primary),
                *(_round(r.values.get(item), 3) for item in AIR_ITEMS),
            ]
        )
    return rows


def water_rows(member: str, period: str) -> list[list[Any]]:
    """Each section's monthly class over the period's years (the sections ``member`` is
    responsible for, or all)."""
    first, last = _years(period)
    sections = Section.objects.select_related("water_body").prefetch_related("responsible")
    if member != REGION:
        sections = sections.filter(responsible__code=member).distinct()
    rows = []
    for months in monthly_quality(list(sections.order_by("code"))).values():
        for q in months:
            if not first <= int(q.month[:4]) <= last:
                continue
            rows.append(
                [
                    q.section.code,
                    q.section.name_zh,
                    q.section.water_body.name_zh,
                    ";".join(q.section.member_codes()),
                    q.month,
                    q.samples,
                    CLASS_NAMES[q.overall],
                    CLASS_NAMES[q.section.target_class],
                    "" if q.attains is None else ("yes" if q.attains else "no"),
                    ";".join(item for item, _ in q.determining),
                ]
            )
    return sorted(rows, key=lambda row: (row[0], row[4]))
