"""The tracking evaluation page (跟踪评估), linked from /water/: each water body's year, its
months in attainment (per section and for the body), the trend of CODMn, NH3-N, TP and TN,
the N/P load into the lake where configured, and, for officials, the measures in place
(``water/tracking.py``). Everyone reads the region's water data; the measures are counts
of records only officials read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from deltacap.accounts.permissions import principal_of
from deltacap.domain.errors import DeltacapError
from deltacap.projects.labels import category_name
from deltacap.reference.labels import language
from deltacap.reference.models import Division
from deltacap.water import tracking
from deltacap.water.facilities import is_official
from deltacap.water.labels import TRENDS, class_label, item_label
from deltacap.water.models import Sample, WaterBody
from deltacap.water.models_outfalls import Rectification
from deltacap.web.errors import message_of, status_of


def _years() -> list[int]:
    first = Sample.objects.order_by("sampled_on").values_list("sampled_on", flat=True).first()
    last = tracking.default_year()
    return list(range(last, (first.year if first else last) - 1, -1))


def _listed(names: Any) -> str:
    """Names as a list in the page's language (、 in Chinese)."""
    return (", " if language() == "en" else "、").join(names)


def _bracketed(text: str) -> str:
    if not text:
        return ""
    return f" ({text})" if language() == "en" else f"（{text}）"


def _body(t: tracking.Tracking, cities: dict[str, str]) -> dict[str, Any]:
    rectification = dict(Rectification.choices)
    m = t.measures
    return {
        "t": t,
        "sections": [{"s": s, "target": class_label(s.section.target_class)} for s in t.sections],
        "trends": [
            {
                "item": item_label(item),
                "trend": str(TRENDS[tr.trend]) if tr else "",
                "rising": bool(tr and tr.trend == "increasing"),
                "p": tr.p if tr else None,
                "slope": tr.slope if tr else None,
            }
            for item, tr in t.trends.items()
        ],
        "loads": t.loads,
        "measures": None
        if m is None
        else {
            "m": m,
            "categories": _bracketed(
                _listed(f"{category_name(c)} {n}" for c, n in m.by_category.items())
            ),
            "rectifying": _listed(f"{rectification[k]} {n}" for k, n in m.rectifying.items()),
            "cities": _listed(cities.get(c, c) for c in t.cities),
            "rectification": [
                {"name": cities.get(r.member, r.member), "r": r} for r in m.rectification
            ],
        },
    }


@require_safe
def tracking_page(request: HttpRequest) -> HttpResponse:
    years = _years()
    text = request.GET.get("year") or ""
    year = int(text) if text.isdigit() and int(text) in years else years[0]
    code = request.GET.get("water_body") or None
    official = is_official(principal_of(request.user))
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "chosen": code or "",
        "bodies_all": WaterBody.objects.all(),
        "official": official,
    }
    try:
        found = tracking.tracking(year, code, measures=official)
    except DeltacapError as exc:
        context["error"] = message_of(exc)
        return render(request, "water/tracking.html", context, status=status_of(exc))
    en = language() == "en"
    wanted = {c for t in found for c in t.cities}
    wanted |= {r.member for t in found if t.measures for r in t.measures.rectification}
    cities = {d.code: str(d.name) for d in Division.objects.filter(code__in=wanted)}
    context.update(
        bodies=[_body(t, cities) for t in found],
        area_source=tracking.config()["source_en" if en else "source"],
    )
    return render(request, "water/tracking.html", context)
