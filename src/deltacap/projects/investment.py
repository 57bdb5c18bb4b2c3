"""Investment in projects by the plan's priority areas (苏北、皖北、浙西南), by member,
accounting category and funding source: the page, the API and ``deltacap projects
investment`` read this. Reads only what the reader may see."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from deltacap.domain.investment import (
    OTHER_AREA,
    FundingSource,
    InvestmentRow,
    PriorityArea,
    investment_by_area,
)
from deltacap.projects.selectors import ProjectFilter, project_list

_SOURCE_ORDER = [*(source.value for source in FundingSource), ""]
AREAS_FILE = Path(__file__).parent / "data" / "priority_areas.json"


@dataclass(frozen=True)
class AreaConfig:
    """The areas as configured, with the file's status ("unverified") and source."""

    status: str
    source: str
    source_zh: str
    areas: tuple[dict[str, Any], ...]

    def domain(self) -> list[PriorityArea]:
        return [PriorityArea(a["code"], frozenset(a["cities"])) for a in self.areas]

    def name(self, code: str, language: str) -> str:
        for area in self.areas:
            if area["code"] == code:
                return str(area["name_en"] if language == "en" else area["name_zh"])
        return "Rest of the region" if language == "en" else "区域其他地区"


@cache
def area_config() -> AreaConfig:
    data = json.loads(AREAS_FILE.read_text(encoding="utf-8"))
    return AreaConfig(
        data["status"], data["source"], data.get("source_zh", data["source"]), tuple(data["areas"])
    )


def _wan(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f")


def investment_report(user: Any, period: str | None = None) -> dict[str, Any]:
    """Sums (万元, as decimal text) per area, each by member, category and funding source
    ("" for projects without one); projects without an amount are counted apart."""
    qs = project_list(user, ProjectFilter(period=period))
    rows, without = [], 0
    for city, member, category, source, amount in qs.values_list(
        "city_id", "member_id", "category", "funding_source", "investment_wan"
    ):
        if amount is None:
            without += 1
            continue
        rows.append(InvestmentRow(city, member, category, source, amount))
    config = area_config()
    totals = investment_by_area(rows, config.domain())
    cities = {a["code"]: list(a["cities"]) for a in config.areas}
    return {
        "period": period,
        "areas_status": config.status,
        "areas_source": config.source,
        "total_wan": _wan(sum((t.investment_wan for t in totals), Decimal(0))),
        "projects_without_amount": without,
        "areas": [
            {
                "area": t.area,
                "cities": cities.get(t.area, []) if t.area != OTHER_AREA else [],
                "projects": t.projects,
                "investment_wan": _wan(t.investment_wan),
                "by_member": {k: _wan(v) for k, v in sorted(t.by_member.items())},
                "by_category": {k: _wan(v) for k, v in sorted(t.by_category.items())},
                "by_funding_source": {
                    k: _wan(t.by_funding_source[k])
                    for k in _SOURCE_ORDER
                    if k in t.by_funding_source
                },
            }
            for t in totals
        ],
    }
