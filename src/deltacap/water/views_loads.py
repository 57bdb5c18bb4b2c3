"""The page of the N/P loads into a lake, linked from /water/ and the Taihu page: a table
by inflow river and month with the year's totals against the targets and the base year
(everyone reads the region's water data)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from deltacap.domain.errors import DeltacapError
from deltacap.water import loads
from deltacap.web.errors import message_of, status_of


@require_safe
def loads_page(request: HttpRequest, loads_lake: str) -> HttpResponse:
    last = dt.date.today().year - 1
    text = request.GET.get("year") or ""
    year = int(text) if text.isdigit() and loads.FIRST_YEAR <= int(text) <= last + 1 else last
    try:
        result = loads.lake_loads(loads_lake, year)
    except DeltacapError as exc:
        return render(
            request, "water/loads/index.html", {"error": message_of(exc)}, status=status_of(exc)
        )
    parameters = sorted(result["totals"], key=lambda p: loads.domain.PARAMETERS.index(p))
    rows = []
    for river in result["rivers"]:
        for p in parameters:
            got = river["parameters"].get(p)
            if got:
                rows.append({"river": river, "parameter": p, **got})
    context = {
        "r": result,
        "rows": rows,
        "parameters": parameters,
        "totals": [(p, result["totals"][p]) for p in parameters],
        "months": range(1, 13),
        "years": range(last + 1, last - 4, -1),
        "year": year,
    }
    return render(request, "water/loads/index.html", context)
