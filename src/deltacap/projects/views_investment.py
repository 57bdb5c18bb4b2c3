"""The investment page: projects' investment by the plan's priority areas."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from deltacap.domain.investment import FundingSource
from deltacap.projects.investment import area_config, investment_report
from deltacap.projects.labels import category_name, language
from deltacap.projects.services import get_period
from deltacap.reference.models import PlanningPeriod


def _named(sums: dict[str, str], name: Any) -> list[tuple[str, str]]:
    return [(name(key), value) for key, value in sums.items()]


def _funding(code: str) -> str:
    if not code:
        return "—"
    source = FundingSource(code)
    return source.label_en if language() == "en" else source.label_zh


@login_required
@require_GET
def investment_page(request: HttpRequest) -> HttpResponse:
    """Sums by area, then by member, category and funding source, of the projects the
    reader may see (万元)."""
    period = get_period(request.GET.get("period") or "14fyp")
    report = investment_report(request.user, period.code)
    config, lang = area_config(), language()
    areas = [
        {
            **area,
            "name": config.name(area["area"], lang),
            "members": list(area["by_member"].items()),
            "categories": _named(area["by_category"], category_name),
            "sources": _named(area["by_funding_source"], _funding),
        }
        for area in report["areas"]
    ]
    context = {
        "period": period,
        "periods": PlanningPeriod.objects.order_by("start_year"),
        "report": report,
        "areas": areas,
        "unverified": config.status != "verified",
        "areas_source": config.source if lang == "en" else config.source_zh,
    }
    return render(request, "projects/investment.html", context)
